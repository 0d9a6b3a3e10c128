/** A question of the eval set. */
export interface EvalQuery {
  id: string;
  text: string;
}

/**
 * The judgments: for each query id, the grade of each judged document. 0 means judged not
 * relevant; 1 relevant, 2 very relevant, 3 the perfect answer.
 */
export type Qrels = Record<string, Record<string, number>>;

/** One result of the retriever, best first. */
export interface SearchHit {
  id: string;
  score: number;
}

export interface EvaluateOptions {
  queries: EvalQuery[];
  qrels: Qrels;
  /** The retriever under test: the documents it finds for a query's text, best first. */
  search(text: string): Promise<SearchHit[]>;
  /** How many results count; 5 when not given. */
  k?: number;
}

export interface QueryMetrics {
  queryId: string;
  recall: number;
  precision: number;
  reciprocalRank: number;
  ndcg: number;
}

export interface Evaluation {
  perQuery: QueryMetrics[];
  mean: { recall: number; precision: number; mrr: number; ndcg: number };
  skipped: string[];
}

export async function evaluateRetriever(options: EvaluateOptions): Promise<Evaluation> {
  const k = options.k ?? 5;
  const perQuery: QueryMetrics[] = [];
  const skipped: string[] = [];
  for (const query of options.queries) {
    const grades = options.qrels[query.id] ?? {};
    const relevant = Object.values(grades).filter((grade) => grade >= 1).length;
    // Without a relevant document, recall has nothing to divide by and nDCG no ideal: the query says nothing.
    if (relevant === 0) {
      skipped.push(query.id);
      continue;
    }
    const top = firstK(await options.search(query.text), k);
    const gains = top.map((hit) => grades[hit.id] ?? 0);
    const found = gains.filter((gain) => gain >= 1).length;
    // Results with the same score share a rank: the rank of the first of them.
    const ranks = top.map((hit) => top.findIndex((other) => other.score === hit.score) + 1);
    const firstAt = gains.findIndex((gain) => gain >= 1);
    const first = firstAt === -1 ? -1 : ranks[firstAt] - 1;
    // The best ranking possible: every judged grade, highest first.
    const ideal = Object.values(grades).sort((a, b) => b - a).slice(0, k);
    perQuery.push({
      queryId: query.id,
      recall: found / relevant,
      precision: found / k,
      reciprocalRank: first === -1 ? 0 : 1 / (first + 1),
      ndcg: dcg(gains, ranks) / dcg(ideal, ideal.map((_, i) => i + 1)),
    });
  }
  const mean = (metric: (entry: QueryMetrics) => number): number => perQuery.reduce((sum, entry) => sum + metric(entry), 0) / perQuery.length;
  return {
    perQuery,
    mean: { recall: mean((e) => e.recall), precision: mean((e) => e.precision), mrr: mean((e) => e.reciprocalRank), ndcg: mean((e) => e.ndcg) },
    skipped,
  };
}

/** The first k distinct documents, in the order returned: a document found twice was found once. */
function firstK(hits: SearchHit[], k: number): SearchHit[] {
  const kept: SearchHit[] = [];
  for (const hit of hits) {
    if (kept.length === k) break;
    if (!kept.some((other) => other.id === hit.id)) kept.push(hit);
  }
  return kept;
}

/** Discounted cumulative gain: each gain divided by log2(rank + 1). */
function dcg(gains: number[], ranks: number[]): number {
  return gains.reduce((sum, gain, i) => sum + gain / Math.log2(ranks[i] + 1), 0);
}
