// The harness of the faq-hybrid-search exercise. The learner's hybridSearch gets a query, the
// documents and a simulated embedding model (options.embed, lent: it runs here and each call is
// recorded). No language model is involved. Each scenario searches one question and compares
// what came back with the judge's own hybrid search (ranking.ts, from the README's rules); a
// difference is explained in the learner's terms: which page went missing, whether the results
// are one ranking alone, how an RRF score is made. This file stays in the pack.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { embedInputProblem, vectorOf } from './embeddingModel';
import { type Doc, expected, explainScore, likelyMistakes, type Mistake, type Ranked, RRF_K, search } from './ranking';

interface Outcome {
  result?: unknown;
  error?: string;
  timedOut: boolean;
  requests: { body: unknown }[];
}

/** The shop's FAQ, as the learner sees it in faq.json. */
const FAQ = JSON.parse(readFileSync(path.join(__dirname, '..', 'starter', 'faq.json'), 'utf8')) as Doc[];

/** A second corpus, for hidden questions: code that knows only the FAQ's pages fails here. */
const TENANCY: Doc[] = [
  { id: 'deposit', text: 'Deposit: the landlord must return the deposit within 14 days after the keys are handed back, minus the cost of repairing damage beyond normal wear.' },
  { id: 'rent-increase', text: 'Rent increases: the landlord may raise the rent once a year, on 1 July, with written notice at least two months before.' },
  { id: 'ending-the-lease', text: 'Ending your lease: a tenant gives one month of notice in writing; a landlord needs a reason the law accepts and gives three to six months of notice.' },
  { id: 'repairs', text: "Repairs: the landlord pays for repairs to the heating, the plumbing and the roof; small jobs such as a dripping tap are the tenant's." },
  { id: 'pets', text: 'Pets: a clause that bans every pet is void under Article 7:219 of the Civil Code; the landlord may still refuse an animal that causes nuisance.' },
  { id: 'damp', text: 'Damp and mould: report them to the landlord in writing. If nothing is done within six weeks, ask the Huurcommissie to lower the rent until it is fixed.' },
  { id: 'subletting', text: "Subletting: renting out a room needs the landlord's written consent, which the law says may not be refused without good reason." },
  { id: 'smoke-alarms', text: 'Smoke alarms: every floor needs one, tested by the landlord once a year.' },
];

const DEFAULT_K = 3;
/** Scores are compared this closely: the same sums in another order differ by less. */
const TOLERANCE = 1e-9;

/** The simulator must be given a model; hybridSearch never calls it. */
const respond = () => ({ reply: { content: [{ type: 'text' as const, text: 'This exercise needs no language model.' }] } });

const json = (value: unknown): string => JSON.stringify(value) ?? 'undefined';
const sameIds = (a: string[], b: string[]): boolean => a.length === b.length && a.every((id, i) => id === b[i]);

/** The results as a list the report can show: `refunds (0.016393), returns (0.016129)`. */
const listed = (results: Ranked[]): string => (results.length === 0 ? 'no results' : results.map((result) => `${result.id} (${result.score.toFixed(6)})`).join(', '));

/** What is wrong with the shape of what hybridSearch returned, if anything. */
function shapeProblem(result: unknown): string | undefined {
  const shape = 'hybridSearch must return a list of { id, score }: the id of a document and its fused score, a number.';
  if (!Array.isArray(result)) return `It returned ${result === undefined ? 'undefined' : json(result).slice(0, 200)}. ${shape}`;
  const bad = result.findIndex((item: unknown) => {
    const entry = item as Partial<Ranked> | null;
    return !entry || typeof entry !== 'object' || typeof entry.id !== 'string' || typeof entry.score !== 'number' || !Number.isFinite(entry.score);
  });
  return bad < 0 ? undefined : `Result ${bad + 1} is ${json(result[bad]).slice(0, 200)}. ${shape}`;
}

interface SearchSpec {
  name: string;
  query: string;
  documents?: Doc[];
  k?: number;
  /** The page that answers the question, for the report. */
  answer?: string;
  /** What finding it takes: its meaning (it is asked in other words) or its words (a code or a name). */
  needs?: 'meaning' | 'words';
  hidden?: boolean;
}

/**
 * Which likely mistake gives these results: the first whose ids and scores both match, else the
 * first whose ids match. (Where two give the same results, such as BM25 alone and BM25 plus a
 * cosine of 0, the first is as true as the other.)
 */
function mistakeBehind(got: Ranked[], want: Ranked[], mistakes: Mistake[]): Mistake | undefined {
  const ids = got.map((result) => result.id);
  const candidates = mistakes.filter((mistake) => sameIds(mistake.ids, ids) && !sameIds(mistake.ids, want.map((result) => result.id)));
  return candidates.find((mistake) => mistake.scores.some((scores) => got.every((result, i) => Math.abs(result.score - (scores[i] ?? NaN)) <= TOLERANCE))) ?? candidates[0];
}

/** The problems with one search's results: which page went missing, which rule is likely left out, and the two lists. */
function judgeSearch(outcome: Outcome, spec: SearchSpec, documents: Doc[]): string[] {
  if (outcome.timedOut) return ['hybridSearch did not return.'];
  if (outcome.error !== undefined) return [`hybridSearch threw ${outcome.error.replace(/\.?$/, '.')}`];
  const shape = shapeProblem(outcome.result);
  if (shape) return [shape];
  const got = outcome.result as Ranked[];
  const k = spec.k ?? DEFAULT_K;
  const found = search(spec.query, documents);
  const want = expected(found, k);
  const gotIds = got.map((result) => result.id);
  const wantIds = want.map((result) => result.id);
  const sameAt = (i: number): boolean => got[i]?.id === want[i]?.id && Math.abs((got[i]?.score ?? NaN) - (want[i]?.score ?? NaN)) <= TOLERANCE;
  if (got.length === want.length && got.every((_, i) => sameAt(i))) return [];

  const hidden = spec.hidden === true;
  const problems: string[] = [];
  if (spec.answer !== undefined) {
    const at = gotIds.indexOf(spec.answer) + 1;
    const should = wantIds.indexOf(spec.answer) + 1;
    const page = hidden ? 'The page that answers it' : `The page that answers it, "${spec.answer}",`;
    if (at === 0) problems.push(`${page} is not in your results; hybrid search puts it at rank ${should}.`);
    else if (at !== should) problems.push(`${page} is at rank ${at} in your results; hybrid search puts it at rank ${should}.`);
  }
  const mistake = mistakeBehind(got, want, likelyMistakes(found, k, spec.needs));
  const named = (id: string | undefined): string => (hidden ? 'a page' : `"${id}"`);
  if (mistake) problems.push(mistake.why);
  else if (got.length > k) problems.push(`It returned ${got.length} results; it should return the best k = ${k}${spec.k === undefined ? ' (the default, as no k was given)' : ''}.`);
  else if (want.length === 0) problems.push(`No document shares a word with this question, or a concept the embedding model knows, so there are no results; it returned ${got.length}.`);
  else if (got.length > want.length && got.slice(0, want.length).every((_, i) => sameAt(i))) {
    problems.push(`Only ${want.length} ${want.length === 1 ? 'document is' : 'documents are'} in either ranking (a score above 0 by BM25 or by cosine); it returned ${got.length}. A document that scores 0 in both does not belong.`);
  } else {
    const rank = got.findIndex((_, i) => !sameAt(i));
    if (rank === -1) {
      // What it returned is right, but it stopped short.
      const missing = found.fused[got.length] as number;
      problems.push(`It returned ${got.length} ${got.length === 1 ? 'result' : 'results'}; hybrid search finds ${want.length} (k = ${k}). Next comes ${named(want[got.length]?.id)}, with ${explainScore(found, missing)}.`);
    } else if (got[rank]?.id === want[rank]?.id) {
      problems.push(`At rank ${rank + 1}, the score is ${got[rank]?.score.toFixed(6)}; reciprocal rank fusion gives ${explainScore(found, found.fused[rank] as number)}.`);
    } else {
      const gotIndex = documents.findIndex((doc) => doc.id === got[rank]?.id);
      const yours = hidden ? 'what you put there' : `"${got[rank]?.id}"`;
      // Right scores in the wrong order: two documents tie.
      const tie = gotIndex >= 0 && [found.fusedScores[gotIndex], got[rank]?.score].every((score) => Math.abs((score ?? NaN) - (want[rank]?.score ?? NaN)) <= TOLERANCE);
      const theirs =
        gotIndex < 0
          ? `; ${yours} is not the id of any document`
          : Math.abs((got[rank]?.score ?? NaN) - (found.fusedScores[gotIndex] ?? 0)) > TOLERANCE
            ? `; ${yours} should score ${found.fusedScores[gotIndex] ? explainScore(found, gotIndex) : '0 (it is in neither ranking)'}, not ${got[rank]?.score.toFixed(6)}`
            : `; ${yours} scores ${explainScore(found, gotIndex)}`;
      problems.push(`Your results differ from rank ${rank + 1} on: hybrid search has ${named(want[rank]?.id)} there, with ${rank < want.length ? explainScore(found, found.fused[rank] as number) : 'nothing'}${theirs}.`);
      if (tie) problems.push(`The two tie at ${want[rank]?.score.toFixed(6)}: equal scores keep the documents' order, and ${hidden ? 'the other' : `"${want[rank]?.id}"`} comes first in documents.`);
    }
  }
  const highest = Math.max(...got.map((result) => result.score));
  if (highest > 2 / (RRF_K + 1) + TOLERANCE) problems.push(`A score of ${highest.toFixed(6)} is not an RRF score: a document gets at most 1/(60 + 1) from each ranking, 2/61 = 0.032787 in all.`);
  if (!hidden) problems.push(`It returned: ${listed(got)}.\nExpected:    ${listed(want)}.`);
  return problems;
}

/** A scenario that searches one question; `embedCalls` records what the code asked the embedding model (fresh for each scenario). */
function searchScenario(spec: SearchSpec, judge: (outcome: Outcome, embedCalls: string[][], documents: Doc[]) => string[] = (outcome, _calls, documents) => judgeSearch(outcome, spec, documents)) {
  const documents = spec.documents ?? FAQ;
  const embedCalls: string[][] = [];
  return {
    name: spec.name,
    ...(spec.hidden ? { hidden: true } : {}),
    respond,
    options: {
      query: spec.query,
      documents,
      ...(spec.k === undefined ? {} : { k: spec.k }),
      embed: async (texts: unknown): Promise<number[][]> => {
        const problem = embedInputProblem(texts);
        if (problem) throw new TypeError(problem);
        embedCalls.push([...(texts as string[])]);
        return (texts as string[]).map(vectorOf);
      },
    },
    check: (outcome: Outcome) => judge(outcome, embedCalls, documents),
  };
}

/** That the code embedded every document and the query, in at most two calls. */
function judgeEmbedding(outcome: Outcome, calls: string[][], documents: Doc[], query: string): string[] {
  if (outcome.timedOut) return ['hybridSearch did not return.'];
  if (calls.length === 0) return ['It never called embed: without vectors there is no ranking by meaning.'];
  const problems: string[] = [];
  const texts = calls.length === 1 ? '1 call' : `${calls.length} calls`;
  if (calls.length > 2) {
    problems.push(
      `It called embed ${calls.length} times for one search over ${documents.length} documents. An embedding API takes many texts per request, and every request costs a round trip: embed all the documents in one call and the query in one more (or everything in one).`,
    );
  }
  const embedded = new Set(calls.flat());
  const missing = documents.filter((doc) => !embedded.has(doc.text));
  if (missing.length > 0) problems.push(`Its ${texts} to embed left out ${missing.length} of the ${documents.length} documents' texts (the first: "${missing[0]?.id}"): embed every document's text, as it is.`);
  if (!embedded.has(query)) problems.push(`Its ${texts} to embed never held the query itself ("${query}"): the cosine ranking compares the query's vector with each document's.`);
  return problems;
}

const LOGIN = 'I forgot my login';

export const scenarios = [
  searchScenario({ name: 'a question in other words: "How do I get my money back?"', query: 'How do I get my money back?', answer: 'refunds', needs: 'meaning' }),
  searchScenario({ name: 'a question in other words: "My gadget won\'t switch on"', query: "My gadget won't switch on", answer: 'no-power', needs: 'meaning' }),
  searchScenario({ name: 'a product code: "How do I upgrade the TR-9100?"', query: 'How do I upgrade the TR-9100?', answer: 'firmware-tr9100', needs: 'words' }),
  searchScenario({ name: 'a rare name: "Kessler Freight called me. Who are they?"', query: 'Kessler Freight called me. Who are they?', answer: 'carriers', needs: 'words' }),
  searchScenario({ name: 'a product code alone, no word the embedding model knows: "RX-8840"', query: 'RX-8840', answer: 'firmware-rx8840', needs: 'words' }),
  searchScenario({ name: 'nothing matches: "Do you have kayaks?"', query: 'Do you have kayaks?' }),
  searchScenario({ name: 'returns the best five when k is 5: "How long is the guarantee?"', query: 'How long is the guarantee?', k: 5, answer: 'warranty' }),
  searchScenario({ name: 'embeds all the documents in one call, not one call each', query: LOGIN }, (outcome, calls, documents) => judgeEmbedding(outcome, calls, documents, LOGIN)),
  searchScenario({ name: 'a question in other words', query: 'The box was smashed when it came', answer: 'damaged-on-arrival', needs: 'meaning', hidden: true }),
  searchScenario({ name: "a carrier's name", query: 'Is my parcel coming with DPD?', answer: 'carriers', needs: 'words', hidden: true }),
  searchScenario({ name: 'another FAQ (tenancy law), a question in other words', query: 'There is mildew on my bedroom wall', documents: TENANCY, answer: 'damp', needs: 'meaning', hidden: true }),
  searchScenario({ name: 'another FAQ (tenancy law), an article number', query: 'What does Article 7:219 say about rent?', documents: TENANCY, answer: 'pets', needs: 'words', hidden: true }),
];
