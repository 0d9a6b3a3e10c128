// The harness of stage 4 of the doc-qa project (doc-qa-evals): runEvals() is the learner's eval
// suite. It runs on systems the harness holds (lent as `ask`): a good one, whose answers are
// what stage 3's ask returns for the simulated model, and broken ones, each with one fault a
// real system has. The suite must score each exactly as STAGE-4.md defines the metrics, which
// is how it tells them apart. No model is involved. This file stays in the pack; learners never
// see it.
import { DOCUMENTS, type JudgeHit, judgeSearch, passageById, squash, words } from '../../stage-1-search/check/corpus';
import { citationsOf, REFUSAL, sentencesOf } from '../../stage-3-citations/check/scenarios';

interface Outcome {
  result?: unknown;
  error?: string;
  timedOut: boolean;
  requests: { body: unknown }[];
}
type Metric = 'faithfulness' | 'relevance' | 'coverage';
interface AskResult {
  answer: string;
  citations: { id: string; text: string }[];
  refused: boolean;
  passages: JudgeHit[];
}
/** A case as the suite gets it, and what the harness's systems know about it. */
interface CaseData {
  id: string;
  question: string;
  /** The sentences that answer it, each with the passage that holds it. */
  facts: { sentence: string; passage: string }[];
  /** What a system that will not refuse says instead (answers-anyway). */
  guess?: string;
}

const json = (value: unknown): string => JSON.stringify(value);
const short = (text: string, length = 60): string => {
  const flat = squash(text);
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
};
const cite = (sentence: string, ...ids: string[]): string => `${sentence.replace(/\.$/, '')} ${ids.map((id) => `[${id}]`).join(' ')}.`;
const expectedOf = (data: CaseData): string[] => [...new Set(data.facts.map((fact) => fact.passage))];
const fact = (passage: string, sentence: string) => ({ passage, sentence });

export const VISIBLE_CASES: CaseData[] = [
  { id: 'fences', question: 'Are fences covered if a storm blows them down?', facts: [fact('storm-and-flood#3', 'Fences, gates and hedges damaged by storm or flood are not covered.')] },
  { id: 'stay-limit', question: 'What is the limit on paying for somewhere to stay?', facts: [fact('somewhere-to-stay#3', 'We pay up to £25,000 in total, or for up to 12 months, whichever comes first.')] },
  {
    id: 'claim-deadlines',
    question: 'How many days do I have to tell you about a claim, and when will a claims handler contact me?',
    facts: [
      fact('making-a-claim#2', 'You must tell us about a claim within 30 days of discovering the loss or damage.'),
      fact('making-a-claim#5', 'Within two working days of your report, a claims handler will contact you and give you a claim reference.'),
    ],
  },
  {
    id: 'higher-excesses',
    question: 'What is the excess for escape of water and for subsidence?',
    facts: [fact('excess#3', 'Claims for escape of water have an excess of £400.'), fact('excess#3', 'Claims for subsidence, heave or landslip have an excess of £1,000.')],
  },
  { id: 'shower', question: 'Is a leaking shower seal covered?', facts: [fact('escape-of-water#3', 'Damage caused by water leaking slowly over time, such as from worn grouting or a failed shower seal, is not covered.')] },
  {
    id: 'mobile',
    question: 'Is my mobile phone covered if I drop it?',
    facts: [fact('accidental-damage#4', 'Mobile phones are not covered for accidental damage under this policy.'), fact('accidental-damage#4', 'You can protect them with separate gadget cover instead.')],
  },
  {
    id: 'bicycle',
    question: 'Is my bicycle covered if it is stolen in town?',
    facts: [fact('belongings-away-from-home#3', 'Bicycles are covered up to £750 each when stolen away from home, as long as they were locked to a fixed object such as a bike rack.')],
  },
  {
    id: 'crime-reference',
    question: 'When do I need a crime reference number?',
    facts: [
      fact('theft-and-security#2', 'You must report any theft or attempted theft to the police within 48 hours and ask for a crime reference number.'),
      fact('theft-and-security#2', 'We cannot deal with a theft claim without a crime reference number.'),
    ],
  },
  { id: 'earthquake', question: 'Does my policy cover earthquake damage?', facts: [], guess: 'Earthquake damage is covered as part of your buildings cover.' },
  { id: 'car', question: 'Can I add my car to my home policy?', facts: [], guess: 'You can add your car to your home policy for a discount.' },
];

const HIDDEN_CASES: CaseData[] = [
  { id: 'flood-barriers', question: 'How much do you pay towards flood barriers?', facts: [fact('storm-and-flood#4', 'We will pay up to £500 towards the cost of flood barriers you buy after a warning.')] },
  { id: 'empty-home', question: 'Is theft covered if my home has been unoccupied for months?', facts: [fact('empty-homes#2', 'If your home has been unoccupied for more than 60 days in a row, we do not cover theft, malicious damage, or escape of water.')] },
  { id: 'cancellation-fee', question: 'How much is the cancellation fee?', facts: [fact('payments-and-cancelling#4', 'We refund the premium for the days left on your policy, minus a £30 cancellation fee.')] },
  {
    id: 'final-response',
    question: 'When will you send your final response to a complaint?',
    facts: [fact('complaints#2', 'We aim to resolve it within four weeks, and we will send you our final response within eight weeks at the latest.')],
  },
  {
    id: 'cooling-off',
    question: 'Can I cancel in the cooling-off period and get a full refund?',
    facts: [fact('payments-and-cancelling#3', 'You can cancel within 14 days of buying your policy, or of receiving your documents if that is later, and get a full refund, as long as you have not made a claim.')],
  },
  { id: 'alarm', question: 'Does my home policy give a discount for a burglar alarm?', facts: [], guess: 'Fitting an approved burglar alarm takes 10% off your premium.' },
];

// ---------------------------------------------------------------------------------------------
// The systems: what each one's ask returns for a case.

/** An answer from these cited sentences, with the citations a stage-3 ask gives it. */
function answered(passages: JudgeHit[], sentences: string[]): AskResult {
  if (sentences.length === 0) return { answer: REFUSAL, citations: [], refused: true, passages };
  const ids = [...new Set(sentences.flatMap(citationsOf))];
  // A citation's text comes from what was sent, or (a made-up id) from the documents themselves.
  return { answer: sentences.join(' '), citations: ids.map((id) => ({ id, text: (passages.find((passage) => passage.id === id) ?? passageById(id)).text })), refused: false, passages };
}

/** The good system: search's top 3, every fact it finds there cited to its passage, REFUSAL otherwise. */
function good(data: CaseData, k = 3): AskResult {
  const passages = judgeSearch(DOCUMENTS, data.question, k);
  return answered(passages, data.facts.filter((each) => passages.some((passage) => passage.id === each.passage)).map((each) => cite(each.sentence, each.passage)));
}

type System = (data: CaseData) => AskResult;
const onlyFor = (ids: string[], broken: System): System => (data) => (ids.includes(data.id) ? broken(data) : good(data));

/** Its first sentence cites another passage it sent, one that does not hold it. */
const wrongPassage: System = (data) => {
  const passages = judgeSearch(DOCUMENTS, data.question, 3);
  const [first, ...rest] = data.facts;
  if (!first) return good(data);
  const other = passages.find((passage) => passage.id !== first.passage)?.id ?? first.passage;
  return answered(passages, [cite(first.sentence, other), ...rest.map((each) => cite(each.sentence, each.passage))]);
};
/** It adds a sentence of its own, with no citation. */
const ASIDES: Record<string, string> = {
  'stay-limit': 'Most insurers also pay for your meals while you stay somewhere else.',
  bicycle: 'Electric bicycles are covered up to £1,500.',
};
const uncitedAside: System = (data) => {
  const base = good(data);
  const aside = ASIDES[data.id];
  return aside ? { ...base, answer: `${base.answer} ${aside}` } : base;
};
/** It never refuses: a question the documents do not answer gets its guess, cited to the top passage. */
const answersAnyway: System = (data) => {
  const base = good(data);
  const top = base.passages[0];
  return base.refused && data.guess && top ? answered(base.passages, [cite(data.guess, top.id)]) : base;
};
/** Its first sentence also cites the next paragraph of the same document, which it never sent. */
const overCites: System = (data) => {
  const passages = judgeSearch(DOCUMENTS, data.question, 3);
  const [first, ...rest] = data.facts;
  if (!first) return good(data);
  const document = first.passage.slice(0, first.passage.lastIndexOf('#'));
  const highest = Math.max(...passages.filter((passage) => passage.id.startsWith(`${document}#`)).map((passage) => Number(passage.id.slice(document.length + 1))));
  return answered(passages, [cite(first.sentence, first.passage, `${document}#${highest + 1}`), ...rest.map((each) => cite(each.sentence, each.passage))]);
};
/** Its search returns one passage, so it misses answers ranked lower and answers what it can. */
const searchesOne: System = (data) => good(data, 1);
/** It refuses every answer of more than one sentence. */
const overRefuses: System = (data) => {
  const base = good(data);
  return sentencesOf(base.answer).length > 1 ? { answer: REFUSAL, citations: [], refused: true, passages: base.passages } : base;
};
const refusesAll: System = (data) => ({ answer: REFUSAL, citations: [], refused: true, passages: good(data).passages });

// ---------------------------------------------------------------------------------------------
// The judge's scoring, as STAGE-4.md defines it, with the why of each point.

interface Scored {
  faithfulness: number;
  relevance: number;
  coverage: number;
  failures: { case: string; metric: Metric }[];
  claims: number;
  supported: number;
  answerable: number;
  answeredCount: number;
  /** Why each unsupported claim is unsupported, each missing passage missing, each refusal counted. */
  why: Record<Metric, string[]>;
}

function unsupportedBecause(claim: string, result: AskResult): string | undefined {
  const ids = citationsOf(claim);
  if (ids.length === 0) return 'it cites no passage';
  const unsent = ids.filter((id) => !result.passages.some((passage) => passage.id === id));
  if (unsent.length > 0) return `it cites ${unsent.join(', ')}, which is not among the passages sent`;
  const vocabulary = new Set(ids.flatMap((id) => words(result.passages.find((passage) => passage.id === id)?.text ?? '')));
  const missing = words(claim.replace(/\[[a-z0-9-]+#\d+\]/g, ' ')).filter((word) => !vocabulary.has(word));
  return missing.length === 0 ? undefined : `${ids.join(', ')} ${ids.length === 1 ? 'does' : 'do'} not say "${[...new Set(missing)].slice(0, 3).join('", "')}"`;
}

export function score(cases: CaseData[], system: System): Scored {
  const why: Scored['why'] = { faithfulness: [], relevance: [], coverage: [] };
  const failures: Scored['failures'] = [];
  let claims = 0;
  let supported = 0;
  let answerable = 0;
  let recall = 0;
  let answeredCount = 0;
  for (const data of cases) {
    const result = system(data);
    const own = result.refused ? [] : sentencesOf(result.answer);
    const bad = own.map((claim) => [claim, unsupportedBecause(claim, result)] as const).filter(([, because]) => because !== undefined);
    claims += own.length;
    supported += own.length - bad.length;
    if (bad.length > 0) failures.push({ case: data.id, metric: 'faithfulness' });
    for (const [claim, because] of bad) why.faithfulness.push(`"${short(claim, 50)}" (${data.id}): ${because}`);
    const expected = expectedOf(data);
    if (expected.length === 0) continue;
    answerable += 1;
    const missing = expected.filter((id) => !result.passages.some((passage) => passage.id === id));
    recall += (expected.length - missing.length) / expected.length;
    if (missing.length > 0) {
      failures.push({ case: data.id, metric: 'relevance' });
      why.relevance.push(`${data.id}: ${expected.length - missing.length} of its ${expected.length} expected passages came back (${missing.join(', ')} missing)`);
    }
    if (result.refused) {
      failures.push({ case: data.id, metric: 'coverage' });
      why.coverage.push(`${data.id} was refused`);
    } else answeredCount += 1;
  }
  return { faithfulness: claims === 0 ? 1 : supported / claims, relevance: recall / answerable, coverage: answeredCount / answerable, failures, claims, supported, answerable, answeredCount, why };
}

// ---------------------------------------------------------------------------------------------
// The scenarios.

const asCase = (data: CaseData) => ({ id: data.id, question: data.question, expected: expectedOf(data) });
const close = (a: unknown, b: number): boolean => typeof a === 'number' && Math.abs(a - b) < 1e-9;
const number = (value: unknown): string => (typeof value === 'number' ? String(Math.round(value * 10000) / 10000) : json(value));

function reportProblems(outcome: Outcome, cases: CaseData[], system: System, asked: string[], hidden: boolean, good: boolean): string[] {
  if (outcome.timedOut) return ['runEvals did not return.'];
  if (outcome.error !== undefined) return [`runEvals threw ${outcome.error.replace(/\.?$/, '.')}`];
  const problems: string[] = [];
  const questions = cases.map((data) => data.question);
  const unasked = questions.filter((question) => !asked.includes(question));
  const repeated = questions.filter((question) => asked.filter((each) => each === question).length > 1);
  if (unasked.length > 0 || repeated.length > 0 || asked.length !== questions.length) {
    problems.push(
      `It called ask ${asked.length} ${asked.length === 1 ? 'time' : 'times'} for ${questions.length} cases${unasked.length > 0 ? `, never with ${unasked.length === 1 ? 'one case\'s question' : `${unasked.length} cases' questions`}` : ''}${repeated.length > 0 ? `, and more than once with ${repeated.length === 1 ? 'one' : repeated.length}` : ''}: ask each case's question once.`,
    );
  }
  const result = outcome.result as { faithfulness?: unknown; relevance?: unknown; coverage?: unknown; failures?: unknown } | undefined;
  if (!result || typeof result !== 'object') return [...problems, `runEvals returned ${json(result)}; it should return { faithfulness, relevance, coverage, failures }.`];
  const want = score(cases, system);
  const tail = (metric: Metric): string => (good || hidden || want.why[metric].length === 0 ? '' : ` Here: ${want.why[metric].join('; ')}.`);
  const caught = (metric: Metric): string => (!good && close(result[metric], 1) && want[metric] < 1 ? ' Your suite scores this broken system as it would the good one: it does not catch it.' : '');
  if (!close(result.faithfulness, want.faithfulness)) {
    problems.push(`faithfulness is ${number(result.faithfulness)}; it should be ${number(want.faithfulness)}: ${want.supported} of the ${want.claims} claims (sentences of the answers that were not refused) are supported by the passages they cite.${caught('faithfulness')}${tail('faithfulness')}`);
  }
  if (!close(result.relevance, want.relevance)) {
    problems.push(`relevance is ${number(result.relevance)}; it should be ${number(want.relevance)}: the mean, over the ${want.answerable} answerable cases, of the share of each case's expected passages among the passages its result says were sent (not the ones it cites).${caught('relevance')}${tail('relevance')}`);
  }
  if (!close(result.coverage, want.coverage)) {
    problems.push(`coverage is ${number(result.coverage)}; it should be ${number(want.coverage)}: ${want.answeredCount} of the ${want.answerable} answerable cases were answered, not refused.${caught('coverage')}${tail('coverage')}`);
  }
  const failures = Array.isArray(result.failures) ? (result.failures as { case?: unknown; metric?: unknown }[]) : undefined;
  const shown = (list: { case?: unknown; metric?: unknown }[]): string => (list.length === 0 ? '[]' : list.map((failure) => `${String(failure?.case)} ${String(failure?.metric)}`).join(', '));
  if (!failures || shown(failures) !== shown(want.failures)) {
    problems.push(
      hidden
        ? `failures should name each case that fails a metric (${want.failures.length} in all), by case order, then faithfulness, relevance, coverage.`
        : `failures is ${failures ? shown(failures) : json(result.failures)}; it should be ${shown(want.failures)} (each { case, metric } a case fails, by case order, then faithfulness, relevance, coverage).`,
    );
  }
  return problems;
}

function scenario(name: string, system: System, extra: { cases?: CaseData[]; hidden?: boolean; good?: boolean } = {}) {
  const cases = extra.cases ?? VISIBLE_CASES;
  const asked: string[] = [];
  return {
    name,
    ...(extra.hidden ? { hidden: true } : {}),
    options: {
      cases: cases.map(asCase),
      // The system under evaluation, lent to the suite: it runs here, and every question is recorded.
      ask: async (question: unknown): Promise<AskResult> => {
        asked.push(String(question));
        const data = cases.find((each) => each.question === question);
        if (!data) throw new Error(`ask got ${json(question)?.slice(0, 80)}; pass it a case's question, as the case gives it`);
        return JSON.parse(JSON.stringify(system(data))) as AskResult;
      },
    },
    respond: () => ({ reply: { content: [{ type: 'text' as const, text: 'The eval suite needs no model of its own.' }] } }),
    check: (outcome: Outcome) => reportProblems(outcome, cases, system, asked, extra.hidden === true, extra.good === true),
  };
}

export const scenarios = [
  scenario('scores the good system 1, 1 and 1, with no failures', good, { good: true }),
  scenario('catches answers that cite a passage that does not hold the claim (faithfulness)', onlyFor(['fences', 'shower'], wrongPassage)),
  scenario('catches a sentence with no citation (faithfulness)', uncitedAside),
  scenario('catches answers to questions the documents do not answer (faithfulness)', answersAnyway),
  scenario('catches a claim that also cites a passage that was never sent (faithfulness)', onlyFor(['higher-excesses', 'crime-reference'], overCites)),
  scenario('catches a search that misses passages, counting a case half found as half (relevance, coverage)', searchesOne),
  scenario('catches refusals of questions it could answer (coverage)', overRefuses),
  scenario('scores a system that refuses everything: coverage 0, faithfulness 1', refusesAll),
  scenario('scores the good system on other cases', good, { cases: HIDDEN_CASES, hidden: true, good: true }),
  scenario(
    'catches a system with three faults on other cases',
    (data) => (data.id === 'final-response' ? wrongPassage(data) : data.id === 'cancellation-fee' ? refusesAll(data) : answersAnyway(data)),
    { cases: HIDDEN_CASES, hidden: true },
  ),
];
