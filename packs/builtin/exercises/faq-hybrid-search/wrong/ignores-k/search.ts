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

/** Reciprocal rank fusion's constant: it damps the lead of the very top ranks. */
const RRF_K = 60;

export async function hybridSearch(options: SearchOptions): Promise<SearchResult[]> {
  const { query, documents, embed } = options;
  const k = 3;
  const texts = documents.map((doc) => doc.text);

  // By words: BM25 matches codes and names exactly.
  const lexical = ranking(bm25Scores(query, texts));

  // By meaning: one call embeds the query and every document.
  const [queryVector = [], ...documentVectors] = await embed([query, ...texts]);
  const vector = ranking(documentVectors.map((documentVector) => cosine(queryVector, documentVector)));

  // Fuse ranks, not scores: BM25 scores and cosines are on scales that cannot be added.
  const fused = documents.map(() => 0);
  for (const ranked of [lexical, vector]) {
    ranked.forEach((index, position) => {
      fused[index] += 1 / (RRF_K + position + 1);
    });
  }
  return ranking(fused)
    .slice(0, k)
    .map((index) => ({ id: documents[index].id, score: fused[index] }));
}

/**
 * The positions of the documents that score above 0, highest score first. sort is stable, so
 * equal scores keep the documents' order.
 */
function ranking(scores: number[]): number[] {
  return scores
    .map((score, index) => ({ score, index }))
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score)
    .map((entry) => entry.index);
}

/** The cosine of the angle between two vectors: 1 for the same direction, 0 when nothing is shared. */
function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  // A text with no word the model knows has a vector of zeros: it is similar to nothing.
  return aa === 0 || bb === 0 ? 0 : dot / Math.sqrt(aa * bb);
}
