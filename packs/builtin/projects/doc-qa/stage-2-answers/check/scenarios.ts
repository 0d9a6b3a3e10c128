// The harness of stage 2 of the doc-qa project (doc-qa-answers): answerQuestion() searches
// Kestrel's documents with the learner's stage-1 retrieve, sends the passages and the question to
// the simulated model (model.ts), and returns its answer with the passages it cited. The judge's
// own search (stage 1's corpus.ts) says which passages should go out. This file stays in the
// pack; learners never see it.
import { DOCUMENTS, judgeSearch, paragraphs, squash } from '../../stage-1-search/check/corpus';
import { type Knowledge, PASSAGE_ID, plain, policyModel, type Request, requestText, segments } from './model';

export interface Outcome {
  result?: unknown;
  error?: string;
  timedOut: boolean;
  requests: { body: unknown; response?: unknown }[];
}

const json = (value: unknown): string => JSON.stringify(value);
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
export const short = (text: string, length = 50): string => {
  const flat = squash(text);
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
};

/** The text the simulated model answered with, in the outcome's first request. */
export function replyText(outcome: Outcome, index = 0): string {
  const response = outcome.requests[index]?.response as { content?: { type: string; text?: string }[] } | undefined;
  return (response?.content ?? []).map((block) => (block.type === 'text' ? (block.text ?? '') : '')).join('');
}

/** The ids an answer cites, each once, in the order first cited. */
export function citedIds(answer: string): string[] {
  const ids: string[] = [];
  for (const marker of answer.matchAll(/\[([^\]]*)\]/g)) for (const id of (marker[1] ?? '').match(PASSAGE_ID) ?? []) if (!ids.includes(id)) ids.push(id);
  return ids;
}

/**
 * What is wrong with the request: the passages search finds for the question (k of them) must
 * all go out whole, each after its own id, with nothing else from the documents, together with
 * the question as asked.
 */
export function requestProblems(body: Request, question: string, k: number | undefined, hidden: boolean): string[] {
  const expected = judgeSearch(DOCUMENTS, question, k ?? 3);
  const text = requestText(body);
  const flat = plain(text);
  const problems: string[] = [];
  const missing = expected.filter((passage) => !flat.includes(plain(passage.text)));
  const wantedIds = expected.map((passage) => passage.id);
  const extra = paragraphs(DOCUMENTS).filter((passage) => !wantedIds.includes(passage.id) && flat.includes(plain(passage.text)));
  const kSaid = k === undefined ? 'k is not given, so 3' : `k is ${k}`;
  if (missing.length > 0) {
    const found = `search finds ${hidden ? plural(expected.length, 'passage') : wantedIds.join(', ')} for this question (${kSaid})`;
    problems.push(
      missing.length === expected.length
        ? `The request carries none of the passages: ${found}, and each must go to the model whole, or the model cannot answer from it.`
        : `The request leaves out ${hidden ? plural(missing.length, 'passage') : missing.map((passage) => passage.id).join(', ')}: ${found}, and each must go to the model whole, or the model cannot answer from it.`,
    );
  }
  if (extra.length > 0) {
    problems.push(
      hidden
        ? `The request carries ${plural(extra.length, 'passage')} that search does not return for this question (${kSaid}).`
        : `The request carries ${extra.map((passage) => passage.id).join(', ')}, which are not among the passages search returns for this question (${wantedIds.join(', ')}; ${kSaid}).`,
    );
  }
  const unlabelled = expected.filter((passage) => flat.includes(plain(passage.text)) && !segments(text).some((segment) => segment.id === passage.id && plain(segment.text).includes(plain(passage.text))));
  if (unlabelled.length > 0) {
    problems.push(
      `${hidden ? `${unlabelled.length} passages are` : `${unlabelled.map((passage) => passage.id).join(', ')} ${unlabelled.length === 1 ? 'is' : 'are'}`} not labelled with ${unlabelled.length === 1 ? 'its' : 'their'} own id: the model cites the last passage id written before a sentence, so write each passage's id (like [${expected[0]?.id ?? 'excess#3'}]) just before its text.`,
    );
  }
  if (!flat.includes(plain(question))) problems.push(`The request does not carry the customer's question as they asked it ("${hidden ? '…' : question}"), so the model does not know what to answer.`);
  return problems;
}

/** What answerQuestion returned, against what it should have, for this question. */
function answerProblems(outcome: Outcome, question: string, k: number | undefined, hidden: boolean): string[] {
  if (outcome.timedOut) return ['answerQuestion did not return.'];
  if (outcome.error !== undefined) return [`answerQuestion threw ${outcome.error.replace(/\.?$/, '.')}`];
  if (outcome.requests.length !== 1) return [outcome.requests.length === 0 ? 'answerQuestion made no model call: send the passages and the question to options.model.' : `It made ${outcome.requests.length} model calls; one is enough.`];
  const problems = requestProblems(outcome.requests[0]?.body as Request, question, k, hidden);
  const result = outcome.result as { answer?: unknown; passageIds?: unknown; passages?: unknown } | undefined;
  if (!result || typeof result !== 'object') return [...problems, `answerQuestion returned ${json(result)}; it should return { answer, passageIds, passages }.`];
  const reply = replyText(outcome);
  if (result.answer !== reply) problems.push(hidden ? "The answer it returned is not the model's answer." : `It returned the answer ${json(result.answer)}; the model answered ${json(reply)}, and that is the answer.`);
  const ids = citedIds(reply);
  if (json(result.passageIds) !== json(ids)) {
    problems.push(
      hidden
        ? `passageIds should list the ${plural(ids.length, 'passage')} the model's answer cites, each once, in the order it first cites them.`
        : `passageIds is ${json(result.passageIds)}; the model's answer cites ${ids.length === 0 ? 'no passage' : json(ids)}: the ids it cites, each once, in the order it first cites them.`,
    );
  }
  const expected = judgeSearch(DOCUMENTS, question, k ?? 3);
  const passages = Array.isArray(result.passages) ? (result.passages as { id?: unknown; text?: unknown }[]) : undefined;
  const same = passages !== undefined && passages.length === expected.length && passages.every((passage, i) => passage?.id === expected[i]?.id && typeof passage?.text === 'string' && squash(passage.text) === squash(expected[i]?.text ?? ''));
  if (!same) {
    problems.push(
      hidden
        ? `passages should be the ${plural(expected.length, 'passage')} it sent, as retrieve returned them.`
        : `passages is ${passages ? `[${passages.map((passage) => json(passage?.id)).join(', ')}]` : json(result.passages)}; it should be the passages it sent, as retrieve returned them (ids ${expected.map((passage) => passage.id).join(', ')}, each with its text).`,
    );
  }
  return problems;
}

interface Spec {
  name: string;
  knowledge: Knowledge;
  k?: number;
  model?: string;
  hidden?: boolean;
  /** More to check, after the common checks. */
  more?: (outcome: Outcome) => string[];
}

function scenario(spec: Spec) {
  const { question } = spec.knowledge;
  return {
    name: spec.name,
    ...(spec.hidden ? { hidden: true } : {}),
    options: { documents: DOCUMENTS, question, ...(spec.k === undefined ? {} : { k: spec.k }), ...(spec.model ? { model: spec.model } : {}) },
    respond: policyModel(spec.knowledge),
    check: (outcome: Outcome) => [...answerProblems(outcome, question, spec.k, spec.hidden === true), ...(spec.more?.(outcome) ?? [])],
  };
}

export const FENCES: Knowledge = { question: 'Are fences covered if a storm blows them down?', facts: ['Fences, gates and hedges damaged by storm or flood are not covered.'] };
export const STAY_LIMIT: Knowledge = { question: 'What is the limit on paying for somewhere to stay?', facts: ['We pay up to £25,000 in total, or for up to 12 months, whichever comes first.'] };
export const PETS: Knowledge = { question: 'My dog scratched the door. Does accidental damage cover that?', facts: ['Damage caused by your pets chewing, scratching or fouling is not covered.'] };
export const CLAIM_DEADLINES: Knowledge = {
  question: 'How many days do I have to tell you about a claim, and when will a claims handler contact me?',
  facts: ['You must tell us about a claim within 30 days of discovering the loss or damage.', 'Within two working days of your report, a claims handler will contact you and give you a claim reference.'],
};
export const HIGHER_EXCESSES: Knowledge = {
  question: 'What is the excess for escape of water and for subsidence?',
  facts: ['Claims for escape of water have an excess of £400.', 'Claims for subsidence, heave or landslip have an excess of £1,000.'],
};
export const SHOWER: Knowledge = { question: 'Is a leaking shower seal covered?', facts: ['Damage caused by water leaking slowly over time, such as from worn grouting or a failed shower seal, is not covered.'] };
export const FLOOD_BARRIERS: Knowledge = { question: 'How much do you pay towards flood barriers?', facts: ['We will pay up to £500 towards the cost of flood barriers you buy after a warning.'] };
export const BARRIERS_AND_EXCESS: Knowledge = {
  question: 'How much do you pay towards flood barriers, and what is the standard excess?',
  facts: ['We will pay up to £500 towards the cost of flood barriers you buy after a warning.', 'The standard excess is £250 for each claim, on buildings and contents alike.'],
};
export const CRIME_REFERENCE: Knowledge = { question: 'When do I need a crime reference number?', facts: ['You must report any theft or attempted theft to the police within 48 hours and ask for a crime reference number.', 'We cannot deal with a theft claim without a crime reference number.'] };

export const scenarios = [
  scenario({ name: 'answers from the passages it sends, with the id of the passage the answer cites', knowledge: FENCES }),
  scenario({ name: 'sends all three passages: this answer is in the third', knowledge: STAY_LIMIT }),
  scenario({ name: 'sends as many passages as k asks for', knowledge: PETS, k: 5 }),
  scenario({ name: 'lists the passages in the order the answer cites them, not the order search ranked them', knowledge: CLAIM_DEADLINES }),
  scenario({ name: 'lists a passage once when two sentences cite it', knowledge: HIGHER_EXCESSES }),
  scenario({ name: 'labels every passage with its id, before its text', knowledge: SHOWER }),
  scenario({
    name: 'calls the model it is given, once',
    knowledge: FENCES,
    model: 'claude-sonnet-4-6',
    more(outcome: Outcome): string[] {
      const body = outcome.requests[0]?.body as Request | undefined;
      return body && body.model !== 'claude-sonnet-4-6' ? [`It called ${body.model}; options.model is "claude-sonnet-4-6".`] : [];
    },
  }),
  scenario({ name: 'answers a question from two documents with k 2', knowledge: BARRIERS_AND_EXCESS, k: 2, hidden: true }),
  scenario({ name: 'answers a question from one passage with k 1', knowledge: CRIME_REFERENCE, k: 1, hidden: true }),
];
