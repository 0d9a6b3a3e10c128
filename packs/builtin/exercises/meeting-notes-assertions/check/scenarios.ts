// The harness of the meeting-notes-assertions exercise. The learner grades outputs a meeting
// summariser gave earlier: good ones, and ones with one planted flaw each. No model answers
// here (assertions are code): the scenarios hand gradeSummary an output, the transcript, the
// owners a person labelled, limits, weights and a threshold, and check that exactly the right
// assertion fails, with the right score and a reason that names the flaw, and that the overall
// score and verdict follow the README's rules. This file stays in the pack; learners never see it.

type Name = 'schema' | 'owners' | 'sentenceLength' | 'knownNames' | 'summaryLength';
const NAMES: Name[] = ['schema', 'owners', 'sentenceLength', 'knownNames', 'summaryLength'];

interface Outcome {
  result?: unknown;
  error?: string;
  timedOut: boolean;
  requests: { body: unknown }[];
}

interface Limits {
  maxSentenceWords: number;
  minSummaryWords: number;
  maxSummaryWords: number;
}

interface Meeting {
  transcript: string;
  owners: string[];
  limits: Limits;
}

interface Summary {
  title: string;
  attendees: string[];
  summary: string;
  actionItems: { owner: string; task: string; due: string | null }[];
}

/**
 * The one flaw planted in an output: which assertion must catch it, the score it must give,
 * what its reason must name (whole-number counts are matched as numbers), and the flaw in words.
 */
interface Flaw {
  assertion: Name;
  score: number;
  scoreWhy?: string;
  names: (string | number)[];
  what: string;
}

interface Sample {
  /** The output, as the learner's report describes it. */
  label: string;
  meeting: Meeting;
  output: string;
  flaw?: Flaw;
}

// ---------------------------------------------------------------------------------------------
// The launch meeting (visible).

const LAUNCH: Meeting = {
  transcript: [
    'Priya: Morning, all. Today we lock the launch date for the mobile app.',
    'Tomás: QA found two crash bugs in checkout. I can have fixes in by Thursday the 6th.',
    'Priya: Good. Then the launch stays on 14 March.',
    "Dana: Marketing needs final screenshots. I'll send the shot list to design today.",
    "Li Wei: I'll update the store listing once the screenshots are in.",
    'Priya: Great. Tomás owns the checkout fixes, Dana the shot list, Li Wei the listing.',
  ].join('\n'),
  owners: ['Tomás', 'Dana', 'Li Wei'],
  // The run-on summary below has exactly 45 words: the limit is included.
  limits: { maxSentenceWords: 20, minSummaryWords: 20, maxSummaryWords: 45 },
};

const LAUNCH_GOOD: Summary = {
  title: 'Mobile app launch sync',
  attendees: ['Priya', 'Tomás', 'Dana', 'Li Wei'],
  summary:
    'The team kept the mobile app launch on 14 March. QA found two crash bugs in checkout, and Tomás will fix them by Thursday. Marketing still needs final screenshots before the store listing can be updated.',
  actionItems: [
    { owner: 'Tomás', task: 'Fix the two checkout crash bugs', due: '2025-03-06' },
    { owner: 'Dana', task: 'Send the shot list to design', due: null },
    { owner: 'Li Wei', task: 'Update the store listing once the screenshots are in', due: null },
  ],
};

const LAUNCH_GOOD_TERSE: Summary = {
  title: 'Launch date locked',
  attendees: ['Dana', 'Li Wei', 'Priya', 'Tomás'],
  summary:
    // The last sentence has exactly 20 words, the limit: the dash standing alone is not one, "Dana's" and "follow-up" are one each.
    "Launch stays on 14 March! Two checkout crash bugs must be fixed first; Tomás expects fixes by Thursday. Dana's shot list goes to design today — Li Wei does the follow-up on the store listing once screenshots are in.",
  actionItems: [
    { owner: 'Li Wei', task: 'Store listing update', due: null },
    { owner: 'Tomás', task: 'Checkout crash fixes', due: '2025-03-06' },
    { owner: 'Dana', task: 'Shot list to design', due: '2025-03-03' },
  ],
};

const json = (value: unknown): string => JSON.stringify(value, null, 2);
const withSummary = (summary: string): Summary => ({ ...LAUNCH_GOOD, summary });

const launch: Record<string, Sample> = {
  good: { label: 'a good summary of the launch meeting', meeting: LAUNCH, output: json(LAUNCH_GOOD) },
  terse: { label: 'another good summary of the launch meeting, in other words', meeting: LAUNCH, output: json(LAUNCH_GOOD_TERSE) },
  fenced: {
    label: 'the good summary wrapped in a ```json code fence',
    meeting: LAUNCH,
    output: '```json\n' + json(LAUNCH_GOOD) + '\n```',
    flaw: { assertion: 'schema', score: 0, names: ['JSON'], what: 'the output is not bare JSON (it is wrapped in a code fence)' },
  },
  dueInWords: {
    label: 'a summary whose due date is "Thursday"',
    meeting: LAUNCH,
    output: json({ ...LAUNCH_GOOD, actionItems: LAUNCH_GOOD.actionItems.map((item, i) => (i === 0 ? { ...item, due: 'Thursday' } : item)) }),
    flaw: { assertion: 'schema', score: 0, names: ['due'], what: 'an action item\'s due is "Thursday", not a date written YYYY-MM-DD' },
  },
  noAttendees: {
    label: 'a summary with an empty list of attendees',
    meeting: LAUNCH,
    output: json({ ...LAUNCH_GOOD, attendees: [] }),
    flaw: { assertion: 'schema', score: 0, names: ['attendees'], what: 'its attendees list is empty, and the schema asks for at least one' },
  },
  noItemForDana: {
    label: "a summary that drops Dana's action item",
    meeting: LAUNCH,
    output: json({ ...LAUNCH_GOOD, actionItems: LAUNCH_GOOD.actionItems.filter((item) => item.owner !== 'Dana') }),
    flaw: { assertion: 'owners', score: 2 / 3, scoreWhy: '2 of the 3 owners have an action item', names: ['Dana'], what: 'Dana owns an action item in this meeting, and no action item is hers' },
  },
  runOn: {
    label: 'a summary with a 29-word sentence',
    meeting: LAUNCH,
    output: json(
      withSummary(
        // Four sentences (1, 9, 29 and 6 words) and 45 words in all; the closing emoji has no word, so it is no sentence.
        'Outcome? The team kept the app launch on 14 March. QA found two crash bugs in checkout, and Tomás will fix them by Thursday so that the release build can go to the stores before the marketing push starts. Dana sends the shot list today. 🚀',
      ),
    ),
    flaw: { assertion: 'sentenceLength', score: 3 / 4, scoreWhy: '3 of its 4 sentences have at most 20 words', names: [29], what: 'its third sentence has 29 words, over the limit of 20' },
  },
  inventedAttendee: {
    label: 'a summary that lists "Dan" among the attendees',
    meeting: LAUNCH,
    output: json({ ...LAUNCH_GOOD, attendees: [...LAUNCH_GOOD.attendees, 'Dan'] }),
    flaw: { assertion: 'knownNames', score: 0, names: ['Dan'], what: 'no one called Dan is in the transcript ("Dana" is another name)' },
  },
  inventedOwner: {
    label: 'a summary with an action item for "Kofi"',
    meeting: LAUNCH,
    output: json({ ...LAUNCH_GOOD, actionItems: [...LAUNCH_GOOD.actionItems, { owner: 'Kofi', task: 'Book the launch party venue', due: null }] }),
    flaw: { assertion: 'knownNames', score: 0, names: ['Kofi'], what: 'an action item is owned by Kofi, who is nowhere in the transcript' },
  },
  tooShort: {
    label: 'a six-word summary',
    meeting: LAUNCH,
    output: json(withSummary('The launch stays on 14 March.')),
    flaw: { assertion: 'summaryLength', score: 0, names: [6], what: 'the summary has 6 words, fewer than the 20 the limits ask for' },
  },
};

// ---------------------------------------------------------------------------------------------
// A status round with nothing to do (visible): no owners, no action items.

const STATUS: Meeting = {
  transcript: [
    'Amara: Quick status round. The billing migration finished overnight with no errors.',
    "Jonas: Search latency is back under 200 ms since Tuesday's index rebuild.",
    "Amara: Good. Nothing new to pick up, so we skip Thursday's sync.",
  ].join('\n'),
  owners: [],
  limits: { maxSentenceWords: 20, minSummaryWords: 10, maxSummaryWords: 40 },
};

const status: Sample = {
  label: 'a good summary of a status round with no action items',
  meeting: STATUS,
  // Whitespace around the JSON, as some APIs leave it: the output is still bare JSON.
  output: `  ${json({
    title: 'Weekly status',
    attendees: ['Amara', 'Jonas'],
    summary: "The billing migration finished overnight without errors. Search latency is back under 200 ms after Tuesday's index rebuild. Thursday's sync is skipped.",
    actionItems: [],
  })}\n`,
};

// ---------------------------------------------------------------------------------------------
// The supplier meeting (hidden).

const SUPPLIER: Meeting = {
  transcript: [
    // Speech-to-text left this line without its full stop.
    'Renée: Thanks for joining. The supplier contract is up for renewal at the end of April',
    "Marcus: Legal flagged the new liability clause. I'll send them a redline by Friday.",
    "Renée: Please do. Jo, can you pull last year's delivery figures?",
    "Jo: Yes, they'll be on the shared drive by Wednesday.",
    "Renée: Once Marcus has the redline, I'll draft the cover email to the supplier.",
  ].join('\n'),
  owners: ['Marcus', 'Jo', 'Renée'],
  // The good summary has exactly 36 words: the limit is included.
  limits: { maxSentenceWords: 18, minSummaryWords: 36, maxSummaryWords: 45 },
};

const SUPPLIER_GOOD: Summary = {
  title: 'Supplier contract renewal',
  attendees: ['Renée', 'Marcus', 'Jo'],
  summary:
    // The second sentence has exactly 18 words: the dash standing alone is not one, "Renée" is one.
    "The supplier contract is up for renewal at the end of April. Marcus sends the new liability clause redline by Friday — then Renée drafts the cover email to the supplier. Jo shares last year's delivery figures.",
  actionItems: [
    { owner: 'Marcus', task: 'Send Legal a redline of the liability clause', due: '2025-04-04' },
    { owner: 'Jo', task: "Put last year's delivery figures on the shared drive", due: '2025-04-02' },
    { owner: 'Renée', task: 'Draft the cover email to the supplier', due: null },
  ],
};

const supplier: Record<string, Sample> = {
  good: { label: 'a good summary of another meeting', meeting: SUPPLIER, output: json(SUPPLIER_GOOD) },
  extraKey: {
    label: 'a summary with an extra "sentiment" key',
    meeting: SUPPLIER,
    output: json({ ...SUPPLIER_GOOD, sentiment: 'positive' }),
    flaw: { assertion: 'schema', score: 0, names: ['sentiment'], what: 'it has a key the schema does not allow ("sentiment")' },
  },
  extraItemKey: {
    label: 'a summary with an action item that has an extra "priority" key',
    meeting: SUPPLIER,
    output: json({ ...SUPPLIER_GOOD, actionItems: SUPPLIER_GOOD.actionItems.map((item, i) => (i === 0 ? { ...item, priority: 'high' } : item)) }),
    flaw: { assertion: 'schema', score: 0, names: ['priority'], what: 'an action item has a key the schema does not allow ("priority")' },
  },
  noDue: {
    label: 'a summary with an action item that has no "due" key',
    meeting: SUPPLIER,
    output: json({ ...SUPPLIER_GOOD, actionItems: SUPPLIER_GOOD.actionItems.map((item, i) => (i === 2 ? { owner: item.owner, task: item.task } : item)) }),
    flaw: { assertion: 'schema', score: 0, names: ['due'], what: 'an action item has no "due" key (null is how "no date" is written)' },
  },
  blankTask: {
    label: 'a summary with a blank task',
    meeting: SUPPLIER,
    output: json({ ...SUPPLIER_GOOD, actionItems: SUPPLIER_GOOD.actionItems.map((item, i) => (i === 1 ? { ...item, task: '  ' } : item)) }),
    flaw: { assertion: 'schema', score: 0, names: ['task'], what: 'an action item\'s task is blank' },
  },
  twoOwnersMissing: {
    label: "a summary with only Marcus's action item",
    meeting: SUPPLIER,
    output: json({ ...SUPPLIER_GOOD, actionItems: SUPPLIER_GOOD.actionItems.slice(0, 1) }),
    flaw: { assertion: 'owners', score: 1 / 3, scoreWhy: '1 of the 3 owners has an action item', names: ['Jo', 'Renée'], what: 'Jo and Renée own action items in this meeting, and the summary has none for them' },
  },
  accentDropped: {
    label: 'a summary that lists "René", "Marc" and "jo" among the attendees',
    meeting: SUPPLIER,
    output: json({ ...SUPPLIER_GOOD, attendees: ['René', 'Marc', 'jo'] }),
    flaw: { assertion: 'knownNames', score: 0, names: ['René', 'Marc', 'jo'], what: 'none of René, Marc and jo is in the transcript: "Renée" and "Marcus" go on with a letter, so neither is a whole name there, and the transcript writes "Jo" with a capital' },
  },
  inventedOwner: {
    label: 'a summary with an action item for "Sophie"',
    meeting: SUPPLIER,
    output: json({ ...SUPPLIER_GOOD, actionItems: [...SUPPLIER_GOOD.actionItems, { owner: 'Sophie', task: 'Book a call with the supplier', due: null }] }),
    flaw: { assertion: 'knownNames', score: 0, names: ['Sophie'], what: 'an action item is owned by Sophie, who is nowhere in the transcript' },
  },
  tooLong: {
    label: 'a 51-word summary in short sentences',
    meeting: SUPPLIER,
    output: json({
      ...SUPPLIER_GOOD,
      // One attendee is enough for the schema.
      attendees: ['Renée'],
      summary:
        "The supplier contract is up for renewal at the end of April. Legal flagged the new liability clause. Marcus will send a redline by Friday. Jo will put last year's delivery figures on the shared drive by Wednesday. Once the redline is back, Renée drafts the cover email to the supplier.",
    }),
    flaw: { assertion: 'summaryLength', score: 0, names: [51], what: 'the summary has 51 words, more than the 45 the limits allow' },
  },
};

// ---------------------------------------------------------------------------------------------
// The checks.

type Weights = Partial<Record<Name, number>>;
interface Config {
  weights?: Weights;
  threshold?: number;
}
interface Result {
  pass: boolean;
  score: number;
  reason: string;
}

/** "a", "a and b", "a, b and c". */
const listed = (items: string[]): string => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);
const fmt = (value: number): string => String(Number(value.toFixed(3)));
const quote = (text: string): string => JSON.stringify(text.length > 160 ? `${text.slice(0, 160)}…` : text);
/** Whether `text` has `word` in it as a whole word: no letter or digit of any alphabet just before or after. */
function hasWhole(text: string, word: string): boolean {
  const inWord = /[\p{L}\p{N}]/u;
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    if (!inWord.test(text.charAt(at - 1)) && !inWord.test(text.charAt(at + word.length))) return true;
  }
  return false;
}
/** Whether `reason` names `what`: a name or key as a whole word, a count as that whole number. */
const names = (reason: string, what: string | number): boolean => hasWhole(reason, String(what));

/** Why an assertion should pass on an output without that flaw, in words. */
function passWhy(name: Name, meeting: Meeting): string {
  const { maxSentenceWords, minSummaryWords, maxSummaryWords } = meeting.limits;
  switch (name) {
    case 'schema':
      return 'the output is bare JSON with every key the schema asks for, each of the right type, and no other key';
    case 'owners':
      return `${meeting.owners.join(', ')} each own an action item in it`;
    case 'sentenceLength':
      return `no sentence of its summary has more than ${maxSentenceWords} words, counted as the README counts them`;
    case 'knownNames':
      return 'every attendee and owner it names is in the transcript as a whole name';
    case 'summaryLength':
      return `its summary has between ${minSummaryWords} and ${maxSummaryWords} words, counted as the README counts them`;
  }
}

/** A result's problems with its shape, or none. */
function shapeProblems(value: unknown, what: string): string[] {
  if (!value || typeof value !== 'object') return [`${what} is ${value === undefined ? 'missing' : JSON.stringify(value)}; it should be { pass, score, reason }.`];
  const result = value as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof result.pass !== 'boolean') problems.push(`${what}'s pass is ${JSON.stringify(result.pass) ?? 'missing'}; it should be true or false.`);
  if (typeof result.score !== 'number' || result.score < 0 || result.score > 1)
    problems.push(`${what}'s score is ${JSON.stringify(result.score) ?? 'missing'}; it should be a number from 0 to 1.${result.score === null ? ' (A NaN, from 0 / 0 say, arrives as null.)' : ''}`);
  if (typeof result.reason !== 'string') problems.push(`${what}'s reason is ${JSON.stringify(result.reason) ?? 'missing'}; it should be a string.`);
  return problems;
}

/** What the README's rules give for the overall grade, from the five results. */
function overallOf(results: Record<Name, Pick<Result, 'pass' | 'score'>>, config: Config): { pass: boolean; score: number; failing: Name[] } {
  const weight = (name: Name): number => config.weights?.[name] ?? 1;
  const counted = NAMES.filter((name) => weight(name) > 0);
  const total = counted.reduce((sum, name) => sum + weight(name), 0);
  const score = counted.reduce((sum, name) => sum + weight(name) * results[name].score, 0) / total;
  const failing = counted.filter((name) => !results[name].pass);
  return { pass: config.threshold === undefined ? failing.length === 0 : score >= config.threshold, score, failing };
}

/** How the weights and threshold read, for a message. */
function describeConfig(config: Config): string {
  const weights = config.weights ? `weights ${JSON.stringify(config.weights)}` : 'no weights (each counts 1)';
  return `${weights} and ${config.threshold === undefined ? 'no threshold' : `threshold ${config.threshold}`}`;
}

/** Checks gradeSummary's grade of `sample` under `config`. */
function grades(sample: Sample, config: Config = {}) {
  return (outcome: Outcome): string[] => {
    if (outcome.timedOut) return ['gradeSummary did not return.'];
    if (outcome.error !== undefined)
      return [`On ${sample.label}, gradeSummary threw ${outcome.error.replace(/\.?$/, '.')} It should return a grade for every output: a flawed output is a failing assertion, not an exception.`];
    const grade = outcome.result as Record<string, unknown> | undefined;
    const top = shapeProblems(grade, 'The grade');
    const assertions = (grade?.assertions ?? undefined) as Record<string, unknown> | undefined;
    if (!assertions || typeof assertions !== 'object') return [...top, 'The grade has no assertions object: it should have one result for each of schema, owners, sentenceLength, knownNames and summaryLength.'];
    const shapes = NAMES.flatMap((name) => shapeProblems(assertions[name], `assertions.${name}`));
    if (top.length > 0 || shapes.length > 0) return [...top, ...shapes];
    const results = assertions as Record<Name, Result>;
    const problems: string[] = [];
    const flaw = sample.flaw;
    const unparsed = flaw?.assertion === 'schema';
    /** The assertions that should have failed with score 0 after schema did, and did not. */
    const notZeroed: string[] = [];

    for (const name of NAMES) {
      const got = results[name];
      const isFlaw = flaw?.assertion === name;
      if (isFlaw && flaw) {
        if (got.pass) {
          problems.push(`On ${sample.label}, ${name} passed; it should fail: ${flaw.what}.`);
          continue;
        }
        if (Math.abs(got.score - flaw.score) > 1e-6) problems.push(`On ${sample.label}, ${name} scored ${fmt(got.score)}; it should score ${fmt(flaw.score)} (${flaw.scoreWhy ?? `a failing ${name} scores 0`}).`);
        const unnamed = flaw.names.filter((what) => !names(got.reason, what));
        if (unnamed.length > 0) {
          const list = listed(unnamed.map((what) => (typeof what === 'number' ? `the count ${what}` : what === 'JSON' ? 'that the output is not JSON (the word JSON)' : what)));
          problems.push(`On ${sample.label}, ${name}'s reason ${quote(got.reason)} does not name ${list}; a failing assertion's reason names what is wrong (here, ${flaw.what}).`);
        }
      } else if (unparsed) {
        if (got.pass || got.score !== 0) notZeroed.push(`${name} ${got.pass ? 'passed' : `scored ${fmt(got.score)}`}`);
      } else {
        if (!got.pass) problems.push(`On ${sample.label}, ${name} failed (${quote(got.reason)}); it should pass: ${passWhy(name, sample.meeting)}${flaw ? ` (the flaw here, ${flaw.what}, is for ${flaw.assertion} to catch)` : ''}.`);
        else if (got.score !== 1) problems.push(`On ${sample.label}, ${name} passed with score ${fmt(got.score)}; a passing assertion scores 1.`);
      }
    }

    if (notZeroed.length > 0 && flaw)
      problems.push(`On ${sample.label}, ${listed(notZeroed)}; when the output is not a valid summary (${flaw.what}), every other assertion fails, with score 0.`);

    // The overall grade is judged from the five results gradeSummary gave, so that one wrong
    // assertion is reported once, above, and not again here.
    const overall = overallOf(results, config);
    const given = grade as unknown as Result;
    if (Math.abs(given.score - overall.score) > 1e-6)
      problems.push(`On ${sample.label}, the overall score is ${fmt(given.score)}; with ${describeConfig(config)}, the weighted mean of the assertions' scores is ${fmt(overall.score)}.`);
    if (given.pass !== overall.pass) {
      const why =
        config.threshold !== undefined
          ? `the score ${fmt(overall.score)} is ${overall.pass ? 'at or above' : 'below'} the threshold ${config.threshold}`
          : overall.pass
            ? 'without a threshold, every assertion with a weight above 0 passes (an assertion weighted 0 is reported but does not decide)'
            : `without a threshold, every assertion with a weight above 0 must pass, and ${listed(overall.failing)} failed`;
      problems.push(`On ${sample.label}, the overall grade ${given.pass ? 'passed' : 'failed'}; with ${describeConfig(config)} it should ${overall.pass ? 'pass' : 'fail'}: ${why}.`);
    }
    if (!overall.pass) {
      const unnamed = overall.failing.filter((name) => !hasWhole(given.reason, name));
      if (unnamed.length > 0) problems.push(`On ${sample.label}, the overall reason ${quote(given.reason)} does not name ${unnamed.join(', ')}; when the grade fails, its reason names every failing assertion that carries weight.`);
    }
    return problems;
  };
}

/** No model is needed to grade an output; this one only says so, should anything ask it. */
const respond = () => ({ reply: { content: [{ type: 'text', text: 'Assertions in this exercise are code: no model call is needed.' }] } });

const scenario = (name: string, sample: Sample, config: Config = {}, hidden = false) => ({
  name,
  ...(hidden ? { hidden: true } : {}),
  options: {
    output: sample.output,
    transcript: sample.meeting.transcript,
    owners: sample.meeting.owners,
    limits: sample.meeting.limits,
    ...config,
  },
  respond,
  check: grades(sample, config),
});

/** Weights a team might choose: schema and invented names matter most, sentence length least. */
const TEAM_WEIGHTS: Weights = { schema: 3, owners: 2, sentenceLength: 1, knownNames: 3, summaryLength: 1 };

export const scenarios = [
  scenario('a good summary passes every assertion', launch.good),
  scenario('a good summary in other words passes too', launch.terse),
  scenario('a summary with no action items passes, when the meeting has none', status),
  scenario('schema catches JSON wrapped in a code fence, and the rest fail with it', launch.fenced),
  scenario('schema catches a due date that is not YYYY-MM-DD', launch.dueInWords),
  scenario('schema catches an empty list of attendees', launch.noAttendees),
  scenario('owners catches an owner with no action item', launch.noItemForDana),
  scenario('sentenceLength catches a 29-word sentence', launch.runOn),
  scenario('knownNames catches an attendee who is not in the transcript', launch.inventedAttendee),
  scenario('knownNames catches an action item owned by someone not in the transcript', launch.inventedOwner),
  scenario('summaryLength catches a summary that is too short', launch.tooShort),
  scenario('weights: a minor flaw still reaches the threshold', launch.runOn, { weights: TEAM_WEIGHTS, threshold: 0.9 }),
  scenario('weights: an invented name falls below the threshold', launch.inventedAttendee, { weights: TEAM_WEIGHTS, threshold: 0.9 }),
  scenario('a weight left out counts 1', launch.tooShort, { weights: { knownNames: 4 }, threshold: 0.9 }),
  scenario('a weight of 0 reports an assertion without letting it decide', launch.tooShort, { weights: { summaryLength: 0 } }),
  scenario('a score equal to the threshold passes', launch.inventedOwner, { weights: { summaryLength: 0 }, threshold: 0.75 }),
  scenario('a good summary of another meeting passes every assertion', supplier.good, {}, true),
  scenario('schema catches a key the schema does not allow', supplier.extraKey, {}, true),
  scenario('schema catches a key an action item may not have', supplier.extraItemKey),
  scenario('schema catches an action item with no due key', supplier.noDue, {}, true),
  scenario('schema catches a blank task', supplier.blankTask, {}, true),
  scenario('owners names every owner left without an action item', supplier.twoOwnersMissing, {}, true),
  scenario('knownNames catches names that are not whole in the transcript', supplier.accentDropped, {}, true),
  scenario('knownNames catches another invented owner', supplier.inventedOwner, {}, true),
  scenario('summaryLength catches a summary that is too long', supplier.tooLong, { weights: TEAM_WEIGHTS, threshold: 0.8 }, true),
];
