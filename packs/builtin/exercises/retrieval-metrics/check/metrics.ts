// The judge's own evaluation, written from the README's rules, and the same evaluation with one
// rule left out (a variant), so that the report can say which rule a wrong number breaks.

export type Grades = Record<string, number>;
export interface Hit {
  id: string;
  score: number;
}
export interface QueryMetrics {
  queryId: string;
  recall: number;
  precision: number;
  reciprocalRank: number;
  ndcg: number;
}
export const METRICS = ['recall', 'precision', 'reciprocalRank', 'ndcg'] as const;
export type Metric = (typeof METRICS)[number];

/** One rule left out, as learners leave it out. */
export type Variant =
  | 'keepsRepeats'
  | 'dedupesAfterCutting'
  | 'precisionOverResults'
  | 'idealFromResults'
  | 'gradeZeroRelevant'
  | 'reciprocalRankBeyondK'
  | 'binaryGains'
  | 'sharedTieRanks';

export const VARIANTS: Variant[] = ['keepsRepeats', 'dedupesAfterCutting', 'precisionOverResults', 'idealFromResults', 'gradeZeroRelevant', 'reciprocalRankBeyondK', 'binaryGains', 'sharedTieRanks'];

/** What one query's metrics are made of, for the report. */
export interface Worked extends QueryMetrics {
  /** The ids that count, best first: repeats dropped, the first k. */
  top: string[];
  /** Their ranks (1-based; equal under sharedTieRanks). */
  ranks: number[];
  gains: number[];
  relevantCount: number;
  found: string[];
  firstRelevantRank: number;
  dcg: number;
  idealGains: number[];
  idcg: number;
}

const isRelevant = (grade: number | undefined, variant?: Variant): boolean => (variant === 'gradeZeroRelevant' ? grade !== undefined : (grade ?? 0) >= 1);

/** The ranked ids that count: repeats dropped (kept under keepsRepeats), then the first k (or the other way round). */
function topOf(hits: Hit[], k: number, variant?: Variant): { top: string[]; scores: number[] } {
  const unique = (list: Hit[]): Hit[] => list.filter((hit, i) => list.findIndex((other) => other.id === hit.id) === i);
  const kept = variant === 'keepsRepeats' ? hits.slice(0, k) : variant === 'dedupesAfterCutting' ? unique(hits.slice(0, k)) : unique(hits).slice(0, k);
  return { top: kept.map((hit) => hit.id), scores: kept.map((hit) => hit.score) };
}

/** The discount at a rank: log2(rank + 1), 1 at rank 1. */
const discount = (rank: number): number => Math.log2(rank + 1);

export function evaluateQuery(queryId: string, grades: Grades, hits: Hit[], k: number, variant?: Variant): Worked {
  const { top, scores } = topOf(hits, k, variant);
  // Ranks are positions; under sharedTieRanks, a hit with the same score as the one before shares its rank.
  const ranks = top.map((_, i) => (variant === 'sharedTieRanks' ? scores.findIndex((score) => score === scores[i]) + 1 : i + 1));
  const judged = Object.entries(grades);
  const relevantCount = judged.filter(([, grade]) => isRelevant(grade, variant)).length;
  const gainOf = (grade: number | undefined): number => (variant === 'binaryGains' ? (isRelevant(grade) ? 1 : 0) : Math.max(grade ?? 0, 0));
  const gains = top.map((id) => gainOf(grades[id]));
  const foundAt = top.map((id, i) => (isRelevant(grades[id], variant) ? i : -1)).filter((i) => i >= 0);
  const found = foundAt.map((i) => top[i] as string);
  let firstRelevantRank = foundAt.length > 0 ? (ranks[foundAt[0] as number] as number) : 0;
  if (variant === 'reciprocalRankBeyondK' && firstRelevantRank === 0) {
    const unique = hits.filter((hit, i) => hits.findIndex((other) => other.id === hit.id) === i);
    firstRelevantRank = unique.findIndex((hit) => isRelevant(grades[hit.id])) + 1;
  }
  const dcgOf = (list: number[], rankOf: (i: number) => number): number => list.reduce((sum, gain, i) => sum + gain / discount(rankOf(i)), 0);
  const dcg = dcgOf(gains, (i) => ranks[i] as number);
  const idealGains = (variant === 'idealFromResults' ? [...gains] : judged.map(([, grade]) => gainOf(grade))).sort((a, b) => b - a).slice(0, k);
  const idcg = dcgOf(idealGains, (i) => i + 1);
  return {
    queryId,
    recall: relevantCount === 0 ? 0 : found.length / relevantCount,
    precision: found.length / (variant === 'precisionOverResults' ? top.length : k),
    reciprocalRank: firstRelevantRank > 0 ? 1 / firstRelevantRank : 0,
    ndcg: idcg === 0 ? 0 : dcg / idcg,
    top,
    ranks,
    gains,
    relevantCount,
    found,
    firstRelevantRank,
    dcg,
    idealGains,
    idcg,
  };
}

/** Whether a query has a relevant document, and so is evaluated. */
export const hasRelevant = (grades: Grades | undefined): boolean => Object.values(grades ?? {}).some((grade) => isRelevant(grade));
