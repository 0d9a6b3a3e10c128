// The judge's own hybrid search, written from the README's rules, and the rankings a learner's
// code gives when it leaves a rule out (for the report to say which). Lexical scores come from
// the starter's bm25.ts, the same file the learner's code imports.
import { bm25Scores } from '../starter/bm25';
import { vectorOf } from './embeddingModel';

export interface Doc {
  id: string;
  text: string;
}
export interface Ranked {
  id: string;
  score: number;
}

export const RRF_K = 60;

/** The documents' positions, highest score first, scores above 0 only; equal scores keep the documents' order. */
export function rankingOf(scores: number[]): number[] {
  return scores
    .map((score, index) => ({ score, index }))
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((entry) => entry.index);
}

export function cosine(a: number[], b: number[]): number {
  const dot = a.reduce((sum, value, i) => sum + value * (b[i] ?? 0), 0);
  const lengths = Math.hypot(...a) * Math.hypot(...b);
  return lengths === 0 ? 0 : dot / lengths;
}

/** Everything the report may need about one query over one set of documents. */
export interface Search {
  documents: Doc[];
  lexicalScores: number[];
  similarities: number[];
  /** Document positions, best first. */
  lexical: number[];
  vector: number[];
  /** The hybrid search's result for every k: document positions, best first, and their RRF scores. */
  fused: number[];
  fusedScores: number[];
}

export function search(query: string, documents: Doc[]): Search {
  const lexicalScores = bm25Scores(query, documents.map((doc) => doc.text));
  const queryVector = vectorOf(query);
  const similarities = documents.map((doc) => cosine(queryVector, vectorOf(doc.text)));
  const lexical = rankingOf(lexicalScores);
  const vector = rankingOf(similarities);
  const fusedScores = documents.map(() => 0);
  for (const ranking of [lexical, vector]) ranking.forEach((index, position) => (fusedScores[index] = (fusedScores[index] ?? 0) + 1 / (RRF_K + position + 1)));
  return { documents, lexicalScores, similarities, lexical, vector, fused: rankingOf(fusedScores), fusedScores };
}

/** The top k as the learner's function must return it. */
export function expected(found: Search, k: number): Ranked[] {
  return found.fused.slice(0, k).map((index) => ({ id: found.documents[index]?.id ?? '', score: found.fusedScores[index] ?? 0 }));
}

/** How a document's RRF score is made, in words: "1/(60 + 1) + 1/(60 + 4) = 0.032018 (rank 1 in the BM25 ranking, rank 4 in the cosine ranking)". */
export function explainScore(found: Search, index: number): string {
  const lexicalRank = found.lexical.indexOf(index) + 1;
  const vectorRank = found.vector.indexOf(index) + 1;
  const terms = [lexicalRank, vectorRank].filter((rank) => rank > 0).map((rank) => `1/(${RRF_K} + ${rank})`);
  const where = [lexicalRank > 0 ? `rank ${lexicalRank} in the BM25 ranking` : 'not in the BM25 ranking', vectorRank > 0 ? `rank ${vectorRank} in the cosine ranking` : 'not in the cosine ranking'];
  return `${terms.join(' + ')} = ${(found.fusedScores[index] ?? 0).toFixed(6)} (${where.join(', ')})`;
}

/** A mistake's results: the ids it returns, the scores it may give them (one list per way of scoring), and what the report says of it. */
export interface Mistake {
  ids: string[];
  scores: number[][];
  why: string;
}

/**
 * The results a search that leaves out one rule returns, each with what the report says of it.
 * `kind` is what the question needs: its meaning (a page in other words) or its words (a code or a name).
 */
export function likelyMistakes(found: Search, k: number, kind: 'meaning' | 'words' | undefined): Mistake[] {
  const top = (indexes: number[]): number[] => indexes.slice(0, k);
  const ids = (indexes: number[]): string[] => top(indexes).map((index) => found.documents[index]?.id ?? '');
  const alone = (indexes: number[]): number[] => top(indexes).map((_, position) => 1 / (RRF_K + position + 1));
  const of = (indexes: number[], scores: number[]): number[] => top(indexes).map((index) => scores[index] ?? 0);
  const sums = found.lexicalScores.map((score, i) => score + (found.similarities[i] ?? 0));
  const rawSum = rankingOf(sums);
  const both = found.fused.filter((index) => found.lexical.includes(index) && found.vector.includes(index));
  return [
    {
      ids: ids(found.lexical),
      scores: [of(found.lexical, found.lexicalScores), alone(found.lexical)],
      why: `Your results are the BM25 ranking alone. ${kind === 'meaning' ? 'This question shares no word with the page that answers it, only its meaning: finding it takes the cosine ranking.' : 'Hybrid search fuses it with the cosine ranking.'}`,
    },
    {
      ids: ids(found.vector),
      scores: [of(found.vector, found.similarities), alone(found.vector)],
      why: `Your results are the cosine ranking alone. ${kind === 'words' ? 'The embedding model knows no product code or name: only BM25 matches the one in this question.' : 'Hybrid search fuses it with the BM25 ranking.'}`,
    },
    {
      ids: ids(rawSum),
      scores: [of(rawSum, sums)],
      why: 'Your results rank by BM25 score plus cosine: BM25 scores run past 5 while a cosine stays at or under 1, so the words decide alone. Fuse the ranks (RRF), not the scores.',
    },
    {
      ids: ids(both),
      scores: [of(both, found.fusedScores)],
      why: 'Your results hold only documents that are in both rankings; a document in either ranking belongs in the fused one.',
    },
  ];
}
