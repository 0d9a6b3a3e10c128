// Known wrong: each document is one chunk, far too large to put three of them in a prompt.

export interface Document {
  /** The file's path under docs/, e.g. "expenses.md". */
  id: string;
  text: string;
}

export interface Chunk {
  docId: string;
  text: string;
}

export function chunkDocuments(documents: Document[]): Chunk[] {
  const chunks: Chunk[] = [];
  for (const document of documents) chunks.push({ docId: document.id, text: document.text });
  return chunks;
}
