import { bm25Scores } from './bm25';

/** A page of the FAQ. */
export interface FaqDocument {
  id: string;
  text: string;
}

/** A document found, with its fused score: the higher, the better. */
export interface SearchResult {
  id: string;
  score: number;
}

export interface SearchOptions {
  /** The customer's question, as they typed it. */
  query: string;
  documents: FaqDocument[];
  /** The embedding model: one vector per text, in the order given. One call embeds many texts. */
  embed(texts: string[]): Promise<number[][]>;
  /** How many results to return; 3 when not given. */
  k?: number;
}

export async function hybridSearch(options: SearchOptions): Promise<SearchResult[]> {
  // TODO: BM25 finds a product code or a name, but not a question asked in other words ("my money
  // back" for a page about refunds). Rank the documents a second time by the cosine similarity of
  // their embeddings to the query's, then fuse the two rankings with reciprocal rank fusion (k = 60).
  const scores = bm25Scores(options.query, options.documents.map((doc) => doc.text));
  return options.documents
    .map((doc, index) => ({ id: doc.id, score: scores[index] ?? 0 }))
    .filter((result) => result.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, options.k ?? 3);
}
