// Known wrong: the reference, but every heading also becomes a chunk of its own (the heading path,
// and nothing else), so search can return a chunk that holds no text of the handbook.

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
  for (const document of documents) {
    const headings: string[] = [];
    for (const block of document.text.split(/\n\s*\n/)) {
      const text = block.trim();
      const heading = /^(#{1,6})\s+(.*)$/.exec(text);
      if (heading) {
        // A heading replaces the one at its level and those below it.
        const level = (heading[1] ?? '#').length;
        headings.length = level - 1;
        headings.push(heading[2] ?? '');
        chunks.push({ docId: document.id, text: headings.filter(Boolean).join(' › ') });
        continue;
      }
      if (text !== '') chunks.push({ docId: document.id, text: `${headings.filter(Boolean).join(' › ')}\n\n${text}` });
    }
  }
  return chunks;
}
