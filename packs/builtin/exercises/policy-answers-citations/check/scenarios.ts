// The harness of the policy-answers-citations exercise. A model written as code plays the
// Messages API: it knows what each question asks for, looks for the sentences that state it in
// what the request carries, and answers honestly. From a document sent with citations enabled
// it cites the sentence it used (the simulator locates it in the document, as the API does);
// from anything else (a passage pasted into the prompt, a document without citations) it
// answers the same, uncited. When nothing it was sent answers the question it says so, then
// guesses, uncited, as a helpful model does. The checks judge what the employee would see: the
// answer's text, its markers and its source list, against the citations the model really sent.
// The README states these rules for learners. This file stays in the pack.

interface Block {
  type: string;
  text?: string;
  source?: { type?: string; data?: string; content?: string | Block[] };
  citations?: { enabled?: boolean } | null | Citation[];
}
interface Request {
  model: string;
  system?: string | Block[];
  messages: { role: string; content: string | Block[] }[];
}
interface Citation {
  type: string;
  cited_text: string;
  document_index: number;
}
interface Response {
  content?: { type: string; text?: string; citations?: Citation[] }[];
}
interface Outcome {
  result?: unknown;
  error?: string;
  timedOut: boolean;
  requests: { body: unknown; response?: unknown }[];
}

interface Passage {
  id: string;
  title: string;
  text: string;
}
interface Source {
  id: string;
  title: string;
  quote: string;
}
interface Answer {
  answered: boolean;
  text: string;
  sources: Source[];
}

/** One thing a question asks for: the sentences that state it (one, or two that it needs both of), and how the model says it. */
interface Fact {
  states: RegExp[];
  claim(matches: RegExpExecArray[]): string;
}
/** A question as the model understands it: everything it asks for, and what the model guesses when no passage says. */
interface Question {
  question: string;
  asks: Fact[];
  guess: string;
}

const NO_ANSWER = "I can't find the answer to that in the policy documents.";

const blocksOf = (content: string | Block[] | undefined): Block[] => (typeof content === 'string' ? [{ type: 'text', text: content }] : (content ?? []));

/** A document the request sent, as the model reads it. */
interface SentDocument {
  index: number;
  text: string;
  citations: boolean;
}

/** The documents the request sent (plain text, or custom content as one text), in order, and the rest of its text. */
function readRequest(request: Request): { documents: SentDocument[]; plain: string } {
  const documents: SentDocument[] = [];
  const plain: string[] = [];
  for (const block of blocksOf(request.system)) if (block.type === 'text') plain.push(block.text ?? '');
  for (const message of request.messages) {
    for (const block of blocksOf(message.content)) {
      if (block.type === 'text') plain.push(block.text ?? '');
      if (block.type !== 'document') continue;
      const source = block.source ?? {};
      const text = source.type === 'text' ? (source.data ?? '') : source.type === 'content' ? blocksOf(source.content).map((inner) => inner.text ?? '').join('') : '';
      const flag = block.citations as { enabled?: boolean } | null | undefined;
      documents.push({ index: documents.length, text, citations: flag?.enabled === true });
    }
  }
  return { documents, plain: plain.join('\n') };
}

/** The sentences of a text, each exactly as written: a line break ends one too (a title line is not part of the next sentence). */
const sentences = (text: string): string[] => text.split(/\n+/).flatMap((line) => line.match(/[^\s.!?][^.!?]*[.!?]+/g) ?? []);
const squash = (text: string): string => text.replace(/\s+/g, ' ').trim().toLowerCase();

type ReplyBlock = { type: 'text'; text: string; citations?: { document_index: number; cited_text: string }[] };

/**
 * The model for one question. It answers only when what the request carries states everything
 * the question asks: one claim per thing asked, citing the sentence it came from when that
 * sentence is in a document with citations enabled. Otherwise it says the documents do not
 * answer, and guesses.
 */
function policyModel(spec: Question) {
  return (raw: unknown): { reply: { content: ReplyBlock[] } } => {
    const { documents, plain } = readRequest(raw as Request);
    if (!squash(plain).includes(squash(spec.question))) {
      return { reply: { content: [{ type: 'text', text: 'Which question would you like me to answer from these documents?' }] } };
    }
    /** The first sentence stating it, in the documents (in order), else in the rest of the request: a pasted passage is read too, but cannot be cited. */
    const stated = (pattern: RegExp): { match: RegExpExecArray; cite?: { document_index: number; cited_text: string } } | undefined => {
      for (const document of documents) {
        for (const sentence of sentences(document.text)) {
          const match = pattern.exec(sentence);
          if (match) return { match, ...(document.citations ? { cite: { document_index: document.index, cited_text: sentence } } : {}) };
        }
      }
      for (const sentence of sentences(plain)) {
        const match = pattern.exec(sentence);
        if (match) return { match };
      }
      return undefined;
    };
    const found = spec.asks.map((fact) => {
      const parts = fact.states.map(stated);
      if (parts.some((part) => part === undefined)) return undefined;
      const citations = parts.flatMap((part) => (part?.cite ? [part.cite] : []));
      return { text: fact.claim(parts.map((part) => part!.match)), ...(citations.length > 0 ? { citations } : {}) };
    });
    if (found.some((claim) => claim === undefined)) {
      return { reply: { content: [{ type: 'text', text: `The documents I was given do not answer this. ${spec.guess}` }] } };
    }
    const content: ReplyBlock[] = [];
    found.forEach((claim, i) => {
      if (i > 0) content.push({ type: 'text', text: '. ' });
      content.push({ type: 'text', ...claim! });
    });
    content.push({ type: 'text', text: '.' });
    return { reply: { content } };
  };
}

// The handbook's chunks, as the search returns them.
const ANNUAL: Passage = {
  id: 'time-off-1',
  title: 'Time off: annual leave',
  text: 'Full-time employees get 25 days of paid annual leave a year. Part-time employees get the same entitlement pro rata, rounded up to the nearest half day. Public holidays come on top of annual leave.',
};
const CARRY_OVER: Passage = {
  id: 'time-off-2',
  title: 'Time off: carry-over',
  text: 'Up to five unused days of annual leave carry over into the next year. Carried-over days must be taken by 31 March, or they lapse. Your manager can approve more only when a project kept you from taking leave.',
};
const SICK: Passage = {
  id: 'time-off-3',
  title: 'Time off: sick leave',
  text: "Tell your manager before 10:00 on the first day you are ill. From the fourth day of illness you need a doctor's note. Sick days never count against annual leave.",
};
const HOTELS: Passage = {
  id: 'expenses-4',
  title: 'Expense policy: hotels',
  text: 'The limit is 140 EUR a night in capital cities and 110 EUR a night elsewhere. Choose a hotel within walking distance or a short public-transport ride of where you work.',
};
const MEALS: Passage = {
  id: 'expenses-5',
  title: 'Expense policy: meals',
  text: 'The limit is 60 EUR a day. Keep the receipt for anything above 25 EUR. Alcohol is never paid for, not even at a team dinner.',
};
const REMOTE: Passage = {
  id: 'remote-1',
  title: 'Remote work',
  text: "You can work from home up to three days a week.\nWorking from another country needs HR's approval in advance, for at most 20 working days a year. Your laptop must stay encrypted and locked when you leave it.",
};
const BIRTH_PARENTS: Passage = {
  id: 'parental-1',
  title: 'Parental leave',
  text: 'Birth parents get 20 weeks of parental leave on full pay. Adoptive parents have the same entitlements as birth parents.',
};
const OTHER_PARENT: Passage = {
  id: 'parental-2',
  title: 'Parental leave',
  text: "The other parent gets 6 weeks of parental leave on full pay. These weeks must be taken within the child's first year.",
};
const EQUIPMENT: Passage = {
  id: 'remote-2',
  title: 'Remote work: equipment',
  text: 'The company lends you a laptop, a monitor and a headset. Return them within a week of your last working day.',
};

const json = (value: unknown): string => JSON.stringify(value);
const clip = (text: string, length = 70): string => (text.length > length ? `${text.slice(0, length - 1)}…` : text);

/** The passage a citation points into: the one the cited document is (its text sent as the data), else the one holding the quote. */
function citedPassage(request: Request, citation: Citation, passages: Passage[]): Passage | undefined {
  const documents = request.messages.flatMap((message) => blocksOf(message.content)).filter((block) => block.type === 'document');
  const data = documents[citation.document_index]?.source?.data;
  return (
    passages.find((passage) => passage.text === data) ??
    passages.find((passage) => typeof data === 'string' && data.includes(passage.text)) ??
    passages.find((passage) => passage.text.includes(citation.cited_text))
  );
}

/** Why the model's answer carried no citations, from what the request sent. */
function whyUncited(request: Request, question: string): string {
  const { documents, plain } = readRequest(request);
  if (!squash(plain).includes(squash(question))) return 'the request did not carry the question, so the model asked what it was. Send the question, as asked, in a text block after the documents';
  if (documents.length === 0) return 'the request sent no document blocks, and a passage pasted into the prompt can be read but never cited. Send each passage as a document block with citations enabled';
  if (!documents.some((document) => document.citations)) return 'the request did not enable citations on its documents. Add citations: { enabled: true } to each';
  return "none of the documents sent states the answer. Send every passage, its text as the document's data";
}

function finished(outcome: Outcome): string[] {
  if (outcome.timedOut) return ['answerQuestion did not return.'];
  if (outcome.error !== undefined) return [`answerQuestion threw ${outcome.error.replace(/\.?$/, '.')} It should return an answer.`];
  const result = outcome.result as Partial<Answer> | undefined;
  if (typeof result !== 'object' || result === null || typeof result.answered !== 'boolean' || typeof result.text !== 'string' || !Array.isArray(result.sources)) {
    return [`answerQuestion returned ${json(outcome.result)}; it should return { answered, text, sources }.`];
  }
  return [];
}

function oneCall(outcome: Outcome, model: string): string[] {
  const problems: string[] = [];
  if (outcome.requests.length !== 1) problems.push(`It made ${outcome.requests.length} model calls; one is enough.`);
  const body = outcome.requests[0]?.body as Request | undefined;
  if (body && body.model !== model) problems.push(`It called ${body.model}; options.model is "${model}".`);
  return problems;
}

/**
 * That the answer shows what the model said and cited: every cited claim followed by the numbers
 * of its sources, the sources numbered as first cited (one per passage and quote), each the
 * passage the citation points into, quoting what was cited.
 */
function citedAnswer(outcome: Outcome, passages: Passage[], question: string, model: string, hidden: boolean): string[] {
  const broken = finished(outcome);
  if (broken.length > 0) return broken;
  const problems = oneCall(outcome, model);
  const answer = outcome.result as Answer;
  const request = outcome.requests[0]?.body as Request | undefined;
  const response = outcome.requests[0]?.response as Response | undefined;
  if (!request || !response?.content) return problems.length > 0 ? problems : ['The model call got no answer.'];
  // Rule 1: each document's data is a passage's text as it is (the title goes in `title`).
  const documents = request.messages.flatMap((message) => blocksOf(message.content)).filter((block) => block.type === 'document');
  const altered = documents.find((block) => typeof block.source?.data === 'string' && !passages.some((passage) => passage.text === block.source?.data));
  if (altered) {
    problems.push(`A document's data is not a passage's text as it is (it begins "${clip(altered.source?.data ?? '')}"). Send each passage's text unchanged as the data, and its title as the document's title.`);
  }
  const cited = response.content.filter((block) => block.type === 'text' && (block.citations?.length ?? 0) > 0);
  if (cited.length === 0) {
    return [...problems, `The passages hold the answer, but the model could not cite them: ${whyUncited(request, question)}.${answer.answered ? '' : ' So the answer said it could not answer.'}`];
  }
  if (!answer.answered) problems.push(`The model answered with ${cited.length} cited claim${cited.length === 1 ? '' : 's'}, but answerQuestion returned answered: false.`);
  // The sources the answer should list, numbered as first cited.
  const expected: (Source & { key: string })[] = [];
  const numbersOf = (block: (typeof cited)[number]): number[] => {
    const numbers: number[] = [];
    for (const citation of block.citations ?? []) {
      const passage = citedPassage(request, citation, passages);
      const key = `${passage?.id}\u0000${citation.cited_text}`;
      let index = expected.findIndex((source) => source.key === key);
      if (index < 0) index = expected.push({ key, id: passage?.id ?? '?', title: passage?.title ?? '?', quote: citation.cited_text }) - 1;
      if (!numbers.includes(index + 1)) numbers.push(index + 1);
    }
    return numbers;
  };
  const wanted = cited.map(numbersOf);
  // A hidden case names no passage, quote or claim: only what is wrong.
  const describe = (source: Source): string => (hidden ? 'another' : `"${clip(source.quote)}" from ${source.id} ("${source.title}")`);
  const claimed = (text: string, i: number): string => (hidden ? `the ${ordinal(i + 1)} cited claim` : `the claim "${clip(text)}"`);
  const shown = (source: Partial<Source>): string => json({ id: source.id, title: source.title, quote: typeof source.quote === 'string' ? clip(source.quote, 90) : source.quote });
  const sources = answer.sources as Partial<Source>[];
  // Sources first: a marker's number means nothing in a wrong list.
  let listed = true;
  expected.forEach((source, i) => {
    const got = sources[i];
    if (!got) {
      listed = false;
      return void problems.push(`The source list has no [${i + 1}]; the model's ${ordinal(i + 1)} cited passage and quote is ${describe(source)}.`);
    }
    if (got.id !== source.id || got.title !== source.title || got.quote !== source.quote) {
      listed = false;
      const wrongPassage = got.id !== source.id ? ` It names ${hidden ? 'another passage' : `passage ${json(got.id)}`}: a citation's document_index is the place of the document among those the request sent, counted from 0.` : '';
      const notThere = typeof got.quote === 'string' && !passages.some((passage) => passage.id === got.id && passage.text.includes(got.quote!)) ? ' Its quote is not in that passage.' : '';
      const should = hidden ? '' : `, so it should be ${json({ id: source.id, title: source.title, quote: source.quote })}`;
      problems.push(`Source [${i + 1}] is ${hidden ? 'not' : `${shown(got)};`} the model's ${ordinal(i + 1)} cited passage and quote${hidden ? '' : ` is ${describe(source)}`}${should}.${wrongPassage}${notThere}`);
    }
  });
  // Pointing at real text: a quote the passage does not hold comes from a document that is not the passage as it is.
  expected.forEach((source, i) => {
    const passage = passages.find((candidate) => candidate.id === source.id);
    if (listed && passage && !passage.text.includes(source.quote)) {
      problems.push(`Source [${i + 1}] quotes ${hidden ? 'text' : `"${clip(source.quote)}", which is`} not in the text of passage ${hidden ? 'it names' : source.id}: send each passage's text as it is as the document's data (its title goes in title).`);
    }
  });
  if (sources.length > expected.length) {
    listed = false;
    const extra = sources.slice(expected.length);
    const repeats = extra.some((source) => expected.some((known) => known.id === source.id && known.quote === source.quote));
    problems.push(
      `The source list has ${sources.length} entries; the model cited ${expected.length} distinct passage and quote pair${expected.length === 1 ? '' : 's'}.` +
        (repeats ? ' A quote cited again keeps its first number; it is not listed twice.' : ' List only what the answer cites.'),
    );
  }
  // Then each claim, in order, followed by its sources' numbers.
  const whole = response.content.map((block) => (block.type === 'text' ? (block.text ?? '') : '')).join('');
  const unmarked = answer.text.replace(/\s*\[\d+\]/g, '');
  if (squash(unmarked) !== squash(whole)) {
    problems.push(
      hidden
        ? "Without its markers, the answer's text is not the text of the model's blocks: keep every block's text, in order, and add nothing but the markers."
        : `Without its markers, the answer's text is "${clip(unmarked, 160)}"; the model's blocks say "${clip(whole, 160)}". Keep every block's text, in order, and add nothing but the markers.`,
    );
  }
  let from = 0;
  cited.forEach((block, i) => {
    const claim = block.text ?? '';
    const at = answer.text.indexOf(claim, from);
    if (at < 0) return void problems.push(`The answer's text lost ${claimed(claim, i)} of the model; keep the text of every block, in order.`);
    from = at + claim.length;
    const marks = /^\s*((?:\[\d+\]\s*)+)/.exec(answer.text.slice(from))?.[1] ?? '';
    const got = [...marks.matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1]));
    const want = wanted[i] ?? [];
    if (json(got) !== json(want)) {
      problems.push(
        `${capitalized(claimed(claim, i))} is followed by ${got.length === 0 ? 'no marker' : got.map((n) => `[${n}]`).join('')}; it cites ${hidden ? `${block.citations?.length === 1 ? 'one quote' : `${block.citations?.length} quotes`}` : (block.citations ?? []).map((citation) => `"${clip(citation.cited_text, 50)}"`).join(' and ')}, ` +
          `so it should be followed by ${want.map((n) => `[${n}]`).join('')}${listed ? '' : ' (numbered as first cited)'}, right after its text.`,
      );
    }
  });
  return problems;
}

const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

function ordinal(n: number): string {
  return ['zeroth', 'first', 'second', 'third', 'fourth', 'fifth'][n] ?? `${n}th`;
}

/** That the employee sees NO_ANSWER and nothing the model guessed. */
function noAnswer(outcome: Outcome, spec: Question, model: string, hidden: boolean): string[] {
  const broken = finished(outcome);
  if (broken.length > 0) return broken;
  const answer = outcome.result as Answer;
  const problems: string[] = [];
  if (answer.text.includes(spec.guess)) problems.push(`The model's guess${hidden ? '' : ` "${spec.guess}"`} reached the employee. Its answer cited nothing: no passage backs it, so return NO_ANSWER instead.`);
  else if (answer.text !== NO_ANSWER) problems.push(`The answer's text is ${hidden ? 'not NO_ANSWER' : `"${clip(answer.text, 120)}"`}; when the model cites nothing it should be NO_ANSWER ("${NO_ANSWER}").`);
  if (answer.answered !== false) problems.push('It returned answered: true for an answer that cites nothing; it should be false.');
  if (answer.sources.length > 0) problems.push(`It listed ${answer.sources.length} source${answer.sources.length === 1 ? '' : 's'} for an answer that cites nothing; the list should be empty.`);
  return [...problems, ...(outcome.requests.length > 1 ? oneCall(outcome, model) : [])];
}

const LEAVE_QUESTION: Question = {
  question: 'How many days of annual leave do I get as a full-time employee, and can I carry unused days over?',
  asks: [
    { states: [/Full-time employees get (\d+) days of paid annual leave a year\./], claim: ([match]) => `Full-time employees get ${match![1]} days of paid annual leave a year` },
    {
      states: [/Up to (\w+) unused days of annual leave carry over into the next year\./, /Carried-over days must be taken by (\d+ \w+), or they lapse\./],
      claim: ([count, deadline]) => `Up to ${count![1]} unused days carry over into the next year, to be taken by ${deadline![1]}`,
    },
  ],
  guess: 'Most companies let you carry over about five days.',
};
const CHAIR_QUESTION: Question = {
  question: 'Does the company pay for a desk chair for my home office?',
  asks: [{ states: [/\bchairs?\b.*\b(\d+) EUR\b/i], claim: ([match]) => `The company pays up to ${match![1]} EUR for a chair` }],
  guess: 'Most employers pay for one chair, up to about 200 EUR.',
};
const HOTEL_QUESTION: Question = {
  question: 'What is the hotel limit in a capital city, and what is it elsewhere?',
  asks: [
    { states: [/\b(\d+) EUR a night in capital cities\b/], claim: ([match]) => `Hotels in capital cities are paid up to ${match![1]} EUR a night` },
    { states: [/\b(\d+) EUR a night elsewhere\b/], claim: ([match]) => `Elsewhere the limit is ${match![1]} EUR a night` },
  ],
  guess: 'Hotel limits are usually around 150 EUR a night.',
};
const OTHER_PARENT_QUESTION: Question = {
  question: "How much parental leave does the other parent get, and by when must it be taken?",
  asks: [
    { states: [/The other parent gets (\d+) weeks of parental leave on full pay\./], claim: ([match]) => `The other parent gets ${match![1]} weeks on full pay` },
    { states: [/These weeks must be taken within the child's (\w+) year\./], claim: ([match]) => `They must be taken within the child's ${match![1]} year` },
  ],
  guess: 'Two weeks of paternity leave is common.',
};
const ABROAD_QUESTION: Question = {
  question: 'How many days a week can I work from home, and for how long can I work from another country?',
  asks: [
    { states: [/You can work from home up to (\w+) days a week\./], claim: ([match]) => `You can work from home up to ${match![1]} days a week` },
    { states: [/Working from another country needs HR's approval in advance, for at most (\d+) working days a year\./], claim: ([match]) => `Working from another country needs HR's approval, for at most ${match![1]} working days a year` },
  ],
  guess: 'Most companies allow a few weeks abroad.',
};
const BONUS_QUESTION: Question = {
  question: 'When is the yearly bonus paid?',
  asks: [{ states: [/\bbonus\b.*\bpaid in (\w+)\b/i], claim: ([match]) => `The bonus is paid in ${match![1]}` }],
  guess: 'Bonuses are usually paid in March.',
};

function answerable(name: string, spec: Question, passages: Passage[], extra: { hidden?: boolean; model?: string } = {}) {
  const model = extra.model ?? 'claude-simulator-1';
  return {
    name,
    ...(extra.hidden ? { hidden: true } : {}),
    options: { question: spec.question, passages, ...(extra.model ? { model } : {}) },
    respond: policyModel(spec),
    check: (outcome: Outcome) => citedAnswer(outcome, passages, spec.question, model, extra.hidden === true),
  };
}

function unanswerable(name: string, spec: Question, passages: Passage[], extra: { hidden?: boolean } = {}) {
  return {
    name,
    ...(extra.hidden ? { hidden: true } : {}),
    options: { question: spec.question, passages },
    respond: policyModel(spec),
    check: (outcome: Outcome) => noAnswer(outcome, spec, 'claude-simulator-1', extra.hidden === true),
  };
}

export const scenarios = [
  answerable('answers from two passages, each claim marked with its source', LEAVE_QUESTION, [ANNUAL, SICK, CARRY_OVER], { model: 'claude-haiku-4-5' }),
  unanswerable('says it cannot answer when no passage holds the answer', CHAIR_QUESTION, [REMOTE, HOTELS, ANNUAL]),
  answerable('one sentence backs two claims: one source, cited twice', HOTEL_QUESTION, [MEALS, HOTELS]),
  answerable('two passages with the same title', OTHER_PARENT_QUESTION, [BIRTH_PARENTS, OTHER_PARENT], { hidden: true }),
  answerable('two sentences of one passage: two sources', ABROAD_QUESTION, [ANNUAL, EQUIPMENT, REMOTE, MEALS], { hidden: true }),
  unanswerable('a question the search found nothing for', BONUS_QUESTION, [], { hidden: true }),
];
