// The harness of stage 3 of the doc-qa project (doc-qa-citations): ask() answers through the
// learner's stage-2 answerQuestion, then keeps only the sentences that cite passages it sent and
// refuses when none is left. The simulated model (stage 2's model.ts) now also slips as
// STAGE-3.md says: a sentence of its own with no citation, or with an id it was never sent.
// This file stays in the pack; learners never see it.
import { DOCUMENTS, judgeSearch, squash } from '../../stage-1-search/check/corpus';
import { type Knowledge, policyModel, type Request } from '../../stage-2-answers/check/model';
import { CLAIM_DEADLINES, CRIME_REFERENCE, FENCES, FLOOD_BARRIERS, HIGHER_EXCESSES, type Outcome, PETS, replyText, requestProblems, short } from '../../stage-2-answers/check/scenarios';

export const REFUSAL = "I can't find that in the documents.";

const json = (value: unknown): string => JSON.stringify(value);

/** As STAGE-3.md reads an answer: sentences cut after . ! ? and whitespace; citations are [document#n]. */
export const sentencesOf = (answer: string): string[] =>
  answer
    .split(/(?<=[.!?])\s+/)
    .map((sentence) => sentence.trim())
    .filter(Boolean);
export const citationsOf = (sentence: string): string[] => [...sentence.matchAll(/\[([a-z0-9-]+#\d+)\]/g)].map((match) => match[1] ?? '');

/** Why a sentence must be dropped, or undefined when it is kept. */
function whyDropped(sentence: string, sent: string[]): string | undefined {
  const ids = citationsOf(sentence);
  if (ids.length === 0) return 'cites no passage';
  const unsent = ids.filter((id) => !sent.includes(id));
  if (unsent.length === ids.length) return `cites ${unsent.join(', ')}, and that was never sent`;
  if (unsent.length > 0) return `cites ${unsent.join(', ')} besides ${ids.filter((id) => sent.includes(id)).join(', ')}, and ${unsent.join(', ')} was never sent`;
  return undefined;
}

/** What ask() should return, given what the model answered and what was sent. */
export function expectedResult(reply: string, sent: { id: string; text: string }[]): { answer: string; citations: { id: string; text: string }[]; refused: boolean } {
  const ids = sent.map((passage) => passage.id);
  const kept = sentencesOf(reply).filter((sentence) => whyDropped(sentence, ids) === undefined);
  if (kept.length === 0) return { answer: REFUSAL, citations: [], refused: true };
  const cited = [...new Set(kept.flatMap(citationsOf))];
  return { answer: kept.join(' '), citations: cited.map((id) => ({ id, text: sent.find((passage) => passage.id === id)?.text ?? '' })), refused: false };
}

interface Result {
  answer?: unknown;
  citations?: unknown;
  refused?: unknown;
  passages?: unknown;
}

/** The sentences it kept that it should have dropped, and the other way round, in words. */
function sentenceProblems(reply: string, answer: string, sent: string[], hidden: boolean): string[] {
  const problems: string[] = [];
  const flat = squash(answer);
  for (const sentence of sentencesOf(reply)) {
    const why = whyDropped(sentence, sent);
    const there = flat.includes(squash(sentence));
    const shown = hidden ? 'a sentence' : `"${short(sentence, 70)}"`;
    const claim = squash(sentence.replace(/\s*\[[a-z0-9-]+#\d+\]/g, '').replace(/[.!?]$/, ''));
    if (why && there) problems.push(`It kept ${shown}, but it ${why}. A sentence reaches the customer only when it cites passages, and every one of them was sent.`);
    else if (why && claim !== '' && flat.includes(claim)) problems.push(`It kept ${shown} with its citations changed, but it ${why}: drop such a sentence whole, as the model wrote it.`);
    if (!why && !there) problems.push(`It dropped ${shown}, which cites ${citationsOf(sentence).join(', ')}, a passage it sent: keep every sentence whose citations all check out.`);
  }
  // A hidden case's sentences all read "a sentence": say each problem once.
  return [...new Set(problems)];
}

function askProblems(outcome: Outcome, question: string, k: number | undefined, hidden: boolean): string[] {
  if (outcome.timedOut) return ['ask did not return.'];
  if (outcome.error !== undefined) return [`ask threw ${outcome.error.replace(/\.?$/, '.')}`];
  const expectedPassages = judgeSearch(DOCUMENTS, question, k ?? 3);
  const calls = outcome.requests.length;
  if (expectedPassages.length === 0 && calls > 0) return [`Search finds no passage for this question, yet it made ${calls} model ${calls === 1 ? 'call' : 'calls'}: with nothing to send, refuse without asking the model.`];
  if (expectedPassages.length > 0 && calls !== 1) return [calls === 0 ? 'ask made no model call: ask the model as answerQuestion does.' : `It made ${calls} model calls; one is enough.`];
  const problems = calls === 1 ? requestProblems(outcome.requests[0]?.body as Request, question, k, hidden) : [];
  const result = outcome.result as Result | undefined;
  if (!result || typeof result !== 'object' || typeof result.answer !== 'string') return [...problems, `ask returned ${json(result)?.slice(0, 100)}; it should return { answer, citations, refused, passages }.`];
  const reply = calls === 1 ? replyText(outcome) : '';
  const want = expectedResult(reply, expectedPassages);
  if (result.answer !== want.answer) {
    if (want.refused) {
      problems.push(
        result.answer.includes(REFUSAL)
          ? `It answered ${json(result.answer)}; with no sentence left to keep, the answer is exactly "${REFUSAL}" and nothing else.`
          : `${calls === 0 ? 'Search found nothing' : 'No sentence of the model\'s answer cites a passage it sent'}, so the answer should be exactly "${REFUSAL}", letter for letter (a straight apostrophe, a full stop); it answered ${hidden ? 'something else' : json(result.answer)}.`,
      );
      if (calls === 1) problems.push(...sentenceProblems(reply, result.answer, expectedPassages.map((passage) => passage.id), hidden));
    } else {
      const wrongSentences = sentenceProblems(reply, result.answer, expectedPassages.map((passage) => passage.id), hidden);
      problems.push(...wrongSentences);
      if (wrongSentences.length === 0) problems.push(hidden ? 'The answer should be the kept sentences, as the model wrote them, joined by single spaces.' : `It answered ${json(result.answer)}; the kept sentences, as the model wrote them and joined by single spaces, are ${json(want.answer)}.`);
    }
  }
  if (result.refused !== want.refused) problems.push(`refused is ${json(result.refused)}; it should be ${want.refused} ${want.refused ? `when the answer is "${REFUSAL}"` : 'when the answer keeps a sentence'}.`);
  const citations = Array.isArray(result.citations) ? (result.citations as { id?: unknown; text?: unknown }[]) : undefined;
  const sameCitations =
    citations !== undefined && citations.length === want.citations.length && citations.every((citation, i) => citation?.id === want.citations[i]?.id && typeof citation?.text === 'string' && squash(citation.text) === squash(want.citations[i]?.text ?? ''));
  if (!sameCitations) {
    const wanted = want.citations.map((citation) => citation.id);
    problems.push(
      hidden
        ? `citations should list the ${wanted.length === 1 ? 'passage' : `${wanted.length} passages`} the kept sentences cite, each once, in the order first cited, each with its text.`
        : `citations is ${citations ? `[${citations.map((citation) => json(citation?.id)).join(', ')}]` : json(result.citations)}; ${wanted.length === 0 ? 'with no sentence kept it is []' : `the kept sentences cite ${wanted.join(', ')}: each once, in the order first cited, as { id, text } with the passage's text`}.`,
    );
  }
  const passages = Array.isArray(result.passages) ? (result.passages as { id?: unknown }[]) : undefined;
  if (!passages || passages.map((passage) => passage?.id).join('|') !== expectedPassages.map((passage) => passage.id).join('|')) {
    problems.push(
      hidden
        ? 'passages should be the passages it sent, as retrieve returned them.'
        : `passages is ${passages ? `[${passages.map((passage) => json(passage?.id)).join(', ')}]` : json(result.passages)}; it should be the passages it sent, as retrieve returned them (${expectedPassages.length === 0 ? 'none: search found nothing' : expectedPassages.map((passage) => passage.id).join(', ')}), refusal or not.`,
    );
  }
  return problems;
}

function scenario(name: string, knowledge: Knowledge, extra: { k?: number; hidden?: boolean } = {}) {
  return {
    name,
    ...(extra.hidden ? { hidden: true } : {}),
    options: { documents: DOCUMENTS, question: knowledge.question, ...(extra.k === undefined ? {} : { k: extra.k }) },
    respond: policyModel(knowledge),
    check: (outcome: Outcome) => askProblems(outcome, knowledge.question, extra.k, extra.hidden === true),
  };
}

const MOBILE: Knowledge = {
  question: 'Is my mobile phone covered if I drop it?',
  facts: ['Mobile phones are not covered for accidental damage under this policy.', 'You can protect them with separate gadget cover instead.'],
  aside: { sentence: 'Most phone contracts include cover for a cracked screen.', cites: 'nothing' },
};
const BICYCLE: Knowledge = {
  question: 'Is my bicycle covered if it is stolen in town?',
  facts: ['Bicycles are covered up to £750 each when stolen away from home, as long as they were locked to a fixed object such as a bike rack.'],
  aside: { sentence: 'Electric bicycles are covered up to £1,500.', cites: 'unsent' },
};
const EARTHQUAKE: Knowledge = { question: 'Does my policy cover earthquake damage?', facts: [] };
const CAR: Knowledge = {
  question: 'Can I add my car to my home policy?',
  facts: [],
  aside: { sentence: 'Most insurers give a discount when you insure your car and your home together.', cites: 'unsent' },
};
const BEACH: Knowledge = { question: 'Where is the nearest beach?', facts: [] };
const ALARM: Knowledge = {
  question: 'Does my home policy give a discount for a burglar alarm?',
  facts: [],
  aside: { sentence: 'Many insurers take 5% off the premium for an approved burglar alarm.', cites: 'nothing' },
};

export const scenarios = [
  scenario('keeps an answer whose every sentence cites a passage it sent', FENCES),
  scenario('drops a sentence that cites no passage', MOBILE),
  scenario('drops a sentence that cites a passage it never sent', BICYCLE),
  scenario('drops a sentence when one of its citations was never sent', { ...CRIME_REFERENCE, overCites: true }),
  scenario("answers REFUSAL when the passages do not hold the answer", EARTHQUAKE),
  scenario('answers REFUSAL when no sentence is left once the made-up citations go', CAR),
  scenario('refuses without calling the model when search finds nothing', BEACH),
  scenario('lists the cited passages in the order the answer first cites them, with their text', CLAIM_DEADLINES),
  scenario('lists a passage once when two sentences cite it', HIGHER_EXCESSES),
  scenario('asks with the k passages it is given', PETS, { k: 5 }),
  scenario('refuses a question the documents do not answer', ALARM, { hidden: true }),
  scenario('drops a made-up citation with k 2', { ...FLOOD_BARRIERS, aside: { sentence: 'Sandbags are paid for up to £100.', cites: 'unsent' } }, { k: 2, hidden: true }),
];
