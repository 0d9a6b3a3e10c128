// Known wrong: fixed 300-character windows with no overlap cut sentences, and answers, in two.

export interface Document {
  /** The file's path under docs/, e.g. "expenses.md". */
  id: string;
  text: string;
}

export interface Chunk {
  docId: string;
  text: string;
}

const CHUNK_CHARACTERS = 300;

export function chunkDocuments(documents: Document[]): Chunk[] {
  const chunks: Chunk[] = [];
  for (const document of documents) {
    for (let at = 0; at < document.text.length; at += CHUNK_CHARACTERS) {
      chunks.push({ docId: document.id, text: document.text.slice(at, at + CHUNK_CHARACTERS) });
    }
  }
  return chunks;
}
