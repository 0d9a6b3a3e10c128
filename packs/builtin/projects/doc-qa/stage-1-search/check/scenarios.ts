// The harness of stage 1 of the doc-qa project (doc-qa-search): retrieve() runs on Kestrel's
// policy documents and on small documents made for one rule each. No model is involved; the
// judge's own search (corpus.ts) says what BM25 as STAGE-1.md states it returns. This file
// stays in the pack; learners never see it.
import { DOCUMENTS, type Doc, judgeSearch, paragraphs, passageById, squash } from './corpus';

interface Outcome {
  result?: unknown;
  error?: string;
  timedOut: boolean;
  requests: { body: unknown }[];
}
interface Hit {
  id?: unknown;
  text?: unknown;
  score?: unknown;
}

/** This stage needs no model: any request gets a plain "no". */
const respond = () => ({ reply: { content: [{ type: 'text' as const, text: 'Search needs no model: retrieve() only reads the documents.' }] } });

const json = (value: unknown): string => JSON.stringify(value);
const short = (text: string, length = 60): string => {
  const flat = squash(text);
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
};
const idsOf = (hits: Hit[]): string => (hits.length === 0 ? 'nothing' : hits.map((hit) => String(hit.id)).join(', '));

/** The hits retrieve() returned, or why there are none to judge. */
function hitsOf(outcome: Outcome): { hits: Hit[] } | { problems: string[] } {
  if (outcome.timedOut) return { problems: ['retrieve did not return.'] };
  if (outcome.error !== undefined) return { problems: [`retrieve threw ${outcome.error.replace(/\.?$/, '.')}`] };
  const result = outcome.result;
  if (!Array.isArray(result)) return { problems: [`retrieve returned ${result === undefined ? 'undefined' : json(result).slice(0, 80)}; it should return an array of passages, each { id, text, score }.`] };
  const bad = result.find((hit: Hit) => !hit || typeof hit.id !== 'string' || typeof hit.text !== 'string' || typeof hit.score !== 'number');
  if (bad !== undefined) return { problems: [`One of the passages it returned is ${json(bad).slice(0, 120)}; each must have an id and a text (strings) and a score (a number).`] };
  return { hits: result as Hit[] };
}

/**
 * The passages it returned should be these, in this order, with these scores. `k` is what the
 * scenario sends (undefined: not given, so 3). A hidden scenario's words name neither the
 * question nor a passage.
 */
function sameHits(outcome: Outcome, documents: Doc[], question: string, k: number | undefined, what: string, hidden = false): string[] {
  const got = hitsOf(outcome);
  if ('problems' in got) return got.problems;
  const expected = judgeSearch(documents, question, k ?? 3);
  const problems: string[] = [];
  const asked = `For "${question}"${k === undefined ? ' (no k given)' : ` with k ${k}`}`;
  if (got.hits.map((hit) => hit.id).join('|') !== expected.map((hit) => hit.id).join('|')) {
    problems.push(
      hidden
        ? got.hits.length === expected.length
          ? `For a hidden question it returned ${got.hits.length} passages, but not the ones ${what} holds, or not in that order.`
          : `For a hidden question it returned ${got.hits.length} passages; ${what} holds ${expected.length}.`
        : `${asked} it returned ${idsOf(got.hits)}; ${what} is ${idsOf(expected)}.`,
    );
  }
  for (const hit of got.hits) {
    const want = expected.find((candidate) => candidate.id === hit.id);
    if (!want) continue;
    if (squash(String(hit.text)) !== squash(want.text)) problems.push(hidden ? 'A passage it returned does not hold the text of the paragraph its id names.' : `Passage ${want.id}'s text is "${short(String(hit.text))}"; that paragraph reads "${short(want.text)}".`);
    else if (Math.abs(Number(hit.score) - want.score) > 1e-6) {
      problems.push(hidden ? `A passage scored ${Number(hit.score).toFixed(4)}; BM25 as the README states it gives ${want.score.toFixed(4)}.` : `Passage ${want.id} scored ${Number(hit.score).toFixed(4)}; BM25 as the README states it gives ${want.score.toFixed(4)}.`);
    }
  }
  return problems;
}

/** The passage holding the answer is among the top three. */
function finds(question: string, answerId: string, hidden: boolean) {
  return (outcome: Outcome): string[] => {
    const got = hitsOf(outcome);
    if ('problems' in got) return got.problems;
    const answer = passageById(answerId);
    if (got.hits.slice(0, 3).some((hit) => hit.id === answerId && squash(String(hit.text)) === squash(answer.text))) return [];
    if (hidden) return ['The passage that holds the answer to this hidden question is not among the top 3 it returned.'];
    return [`The answer to "${question}" is in ${answerId} ("${short(answer.text)}"), and that passage is not among the top 3 it returned (${idsOf(got.hits.slice(0, 3))}).`];
  };
}

// Two small documents where every paragraph carries the word "tenant" in its title, so a search
// for it returns them all: the check sees how the documents were cut.
const LEASES: Doc = {
  id: 'leases',
  text: '# Tenant leases\n\nEvery lease runs for twelve months.\n\n## Deposits\n\nThe deposit is five weeks of rent.\n   \nIt is returned within ten days\nof the keys coming back.\n\n## Repairs\n\nReport repairs in the portal.\n',
};
const KEYS: Doc = { id: 'keys', text: '# Tenant keys\n\nSpare keys are kept at reception.\n\n\n' };

// Two documents with the same words: equal scores, so order decides. Given zeta first.
const ZETA: Doc = { id: 'zeta-notes', text: '# Notes\n\nParcels wait at the front desk.\n' };
const ALPHA: Doc = { id: 'alpha-notes', text: '# Notes\n\nParcels wait at the front desk.\n' };
const GYM: Doc = { id: 'gym', text: '# Gym\n\nThe gym opens at six.\n' };

const question = (text: string, answerId: string) => ({
  name: `finds the passage that answers "${text}"`,
  options: { documents: DOCUMENTS, question: text },
  respond,
  check: finds(text, answerId, false),
});
const hiddenQuestion = (name: string, text: string, answerId: string) => ({
  name,
  hidden: true,
  options: { documents: DOCUMENTS, question: text },
  respond,
  check: finds(text, answerId, true),
});

export const scenarios = [
  {
    name: 'cuts each document into its paragraphs, numbered <document id>#<n>',
    options: { documents: [LEASES, KEYS], question: 'tenant', k: 20 },
    respond,
    check(outcome: Outcome): string[] {
      const got = hitsOf(outcome);
      if ('problems' in got) return got.problems;
      const expected = paragraphs([LEASES, KEYS]);
      const gotIds = got.hits.map((hit) => String(hit.id)).sort();
      const wantIds = expected.map((passage) => passage.id).sort();
      const problems: string[] = [];
      if (gotIds.length < wantIds.length && gotIds.every((id) => wantIds.includes(id))) {
        problems.push(
          `Searching two small documents for "tenant" with k 20 returned ${idsOf(got.hits)}; their paragraphs are ${wantIds.join(', ')}, and every one shares "tenant" with the question through its title, so each scores above 0 with BM25 as stated (its idf is never 0) and should come back.`,
        );
      } else if (gotIds.join('|') !== wantIds.join('|')) {
        problems.push(
          `Searching two small documents for "tenant" (in both titles, so every passage matches) with k 20 returned ${idsOf(got.hits)}; their paragraphs are ${wantIds.join(', ')}: one passage per paragraph, headings are not passages, and a blank line (even one holding spaces) ends a paragraph.`,
        );
      }
      for (const want of expected) {
        const hit = got.hits.find((candidate) => candidate.id === want.id);
        if (hit && squash(String(hit.text)) !== squash(want.text)) problems.push(`Passage ${want.id}'s text is "${short(String(hit.text))}"; that paragraph reads "${short(want.text)}".`);
      }
      return problems;
    },
  },
  {
    name: 'scores passages with BM25 over their title, section and text',
    options: { documents: DOCUMENTS, question: 'Is water damage from a burst water pipe covered?', k: 8 },
    respond,
    check: (outcome: Outcome) => sameHits(outcome, DOCUMENTS, 'Is water damage from a burst water pipe covered?', 8, 'the top 8 by BM25'),
  },
  {
    name: 'returns the best k passages, best first',
    options: { documents: DOCUMENTS, question: 'How long is the cooling-off period?', k: 2 },
    respond,
    check: (outcome: Outcome) => sameHits(outcome, DOCUMENTS, 'How long is the cooling-off period?', 2, 'the best 2 by BM25'),
  },
  {
    name: 'returns 3 passages when k is not given',
    options: { documents: DOCUMENTS, question: 'Are pets covered for accidental damage?' },
    respond,
    check: (outcome: Outcome) => sameHits(outcome, DOCUMENTS, 'Are pets covered for accidental damage?', undefined, 'the best 3 (k is 3 when not given)'),
  },
  {
    name: 'never returns a passage that shares no word with the question',
    options: { documents: DOCUMENTS, question: 'How much is the cancellation fee?', k: 5 },
    respond,
    check: (outcome: Outcome) => sameHits(outcome, DOCUMENTS, 'How much is the cancellation fee?', 5, 'the only passage with one of its words (score above 0)'),
  },
  {
    name: 'keeps the order of the documents when scores tie',
    options: { documents: [ZETA, ALPHA, GYM], question: 'Where do parcels wait?', k: 3 },
    respond,
    check: (outcome: Outcome) => sameHits(outcome, [ZETA, ALPHA, GYM], 'Where do parcels wait?', 3, 'with equal scores, the documents in the order given'),
  },
  question('How many days do I have to tell you about a claim?', 'making-a-claim#2'),
  question('What is the excess for escape of water?', 'excess#3'),
  question('Are fences covered if a storm blows them down?', 'storm-and-flood#3'),
  question('Is my bicycle covered if it is stolen in town?', 'belongings-away-from-home#3'),
  question('What is the limit on paying for somewhere to stay?', 'somewhere-to-stay#3'),
  question('What happens next after I make a claim?', 'making-a-claim#5'),
  {
    name: 'scores a question about sheds with BM25',
    hidden: true,
    options: { documents: DOCUMENTS, question: 'What is the most you pay for theft from a shed or a garage?', k: 6 },
    respond,
    check: (outcome: Outcome) => sameHits(outcome, DOCUMENTS, 'What is the most you pay for theft from a shed or a garage?', 6, 'the top 6 by BM25', true),
  },
  {
    name: 'returns nothing when no word of the question is in the documents',
    hidden: true,
    options: { documents: DOCUMENTS, question: 'Where is the nearest beach?' },
    respond,
    check: (outcome: Outcome) => sameHits(outcome, DOCUMENTS, 'Where is the nearest beach?', undefined, 'the answer to a question that shares no word with any passage', true),
  },
  hiddenQuestion('finds the answer to a question about reporting a theft', 'When do I need a crime reference number?', 'theft-and-security#2'),
  hiddenQuestion('finds the answer to a question about an empty home', 'Is theft covered if my home has been unoccupied for months?', 'empty-homes#2'),
  hiddenQuestion('finds the answer to a question that names its section', 'What examples of accidental damage do you pay for?', 'accidental-damage#2'),
  hiddenQuestion('finds the answer to another question that names its section', 'What higher excesses are there?', 'excess#3'),
];
