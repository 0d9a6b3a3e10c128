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
    const gains = top.map((id) => grades[id] ?? 0);
    const found = gains.filter((gain) => gain >= 1).length;
    const first = await firstRelevant(options, query, grades, k);
    // The best ranking possible: every judged grade, highest first.
    const ideal = Object.values(grades).sort((a, b) => b - a).slice(0, k);
    perQuery.push({
      queryId: query.id,
      recall: found / relevant,
      precision: found / k,
      reciprocalRank: first === -1 ? 0 : 1 / (first + 1),
      ndcg: dcg(gains) / dcg(ideal),
    });
  }
  const mean = (metric: (entry: QueryMetrics) => number): number => perQuery.reduce((sum, entry) => sum + metric(entry), 0) / perQuery.length;
  return {
    perQuery,
    mean: { recall: mean((e) => e.recall), precision: mean((e) => e.precision), mrr: mean((e) => e.reciprocalRank), ndcg: mean((e) => e.ndcg) },
    skipped,
  };
}

/** The ids of the first k distinct documents, in the order returned: a document found twice was found once. */
function firstK(hits: SearchHit[], k: number): string[] {
  const ids: string[] = [];
  for (const hit of hits) {
    if (ids.length === k) break;
    if (!ids.includes(hit.id)) ids.push(hit.id);
  }
  return ids;
}

/** Where the first relevant document is in the top k, from 0; -1 when none is there. */
async function firstRelevant(options: EvaluateOptions, query: EvalQuery, grades: Record<string, number>, k: number): Promise<number> {
  return firstK(await options.search(query.text), k).findIndex((id) => (grades[id] ?? 0) >= 1);
}

/** Discounted cumulative gain: each gain divided by log2(rank + 1), ranks from 1. */
function dcg(gains: number[]): number {
  return gains.reduce((sum, gain, i) => sum + gain / Math.log2(i + 2), 0);
}
