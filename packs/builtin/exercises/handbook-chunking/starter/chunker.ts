// Splits the handbook's documents into chunks for search. The check indexes your chunks with
// BM25 and asks the questions in questions.jsonl (and hidden ones): see README.md.

export interface Document {
  /** The file's path under docs/, e.g. "expenses.md". */
  id: string;
  text: string;
}

export interface Chunk {
  docId: string;
  text: string;
}

const CHUNK_CHARACTERS = 800;

export function chunkDocuments(documents: Document[]): Chunk[] {
  const chunks: Chunk[] = [];
  for (const document of documents) {
    for (let at = 0; at < document.text.length; at += CHUNK_CHARACTERS) {
      chunks.push({ docId: document.id, text: document.text.slice(at, at + CHUNK_CHARACTERS) });
    }
  }
  return chunks;
}
