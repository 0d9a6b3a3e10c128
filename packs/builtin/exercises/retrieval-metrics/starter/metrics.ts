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
  // TODO: this first version trusts the retriever's list as it comes and counts every judged
  // document as relevant. Read the README's rules (repeats, grade 0, queries with nothing
  // relevant, k larger than the list) and add nDCG@k.
  const k = options.k ?? 5;
  const perQuery: QueryMetrics[] = [];
  for (const query of options.queries) {
    const judged = Object.keys(options.qrels[query.id] ?? {});
    const hits = await options.search(query.text);
    const ranked = hits.map((hit) => hit.id);
    const top = ranked.slice(0, k);
    const found = top.filter((id) => judged.includes(id)).length;
    const first = ranked.findIndex((id) => judged.includes(id));
    perQuery.push({
      queryId: query.id,
      recall: found / judged.length,
      precision: found / top.length,
      reciprocalRank: first === -1 ? 0 : 1 / (first + 1),
      ndcg: 0,
    });
  }
  const mean = (metric: (entry: QueryMetrics) => number): number => perQuery.reduce((sum, entry) => sum + metric(entry), 0) / perQuery.length;
  return {
    perQuery,
    mean: { recall: mean((e) => e.recall), precision: mean((e) => e.precision), mrr: mean((e) => e.reciprocalRank), ndcg: mean((e) => e.ndcg) },
    skipped: [],
  };
}
