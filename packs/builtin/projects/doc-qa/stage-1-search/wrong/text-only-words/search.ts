// The reference for stage 1: paragraphs as passages, scored with BM25 over the words of the
// document's title, the section heading and the paragraph.
import { tokenize } from './words';

/** One policy document: `id` is its file name without ".md", `text` its Markdown. */
export interface Document {
  id: string;
  text: string;
}

/** A paragraph of a document, the unit that search returns and answers cite. */
export interface Passage {
  /** "<document id>#<n>": the n-th paragraph of the document, counted from 1. */
  id: string;
  docId: string;
  /** The document's title (its "# " line). */
  title: string;
  /** The "## " heading the paragraph sits under; "" before the first one. */
  section: string;
  /** The paragraph, trimmed. */
  text: string;
}

export interface Hit extends Passage {
  score: number;
}

export interface RetrieveOptions {
  documents: Document[];
  question: string;
  /** How many passages to return at most; 3 when not given. */
  k?: number;
}

/** Every paragraph of every document, in order, with the headings it sits under. */
export function chunkDocuments(documents: Document[]): Passage[] {
  const passages: Passage[] = [];
  for (const document of documents) {
    let title = '';
    let section = '';
    let n = 0;
    for (const block of document.text.split(/\n\s*\n/)) {
      const text = block.trim();
      if (text === '') continue;
      if (text.startsWith('## ')) {
        section = text.slice(3).trim();
      } else if (text.startsWith('# ')) {
        title = text.slice(2).trim();
      } else {
        n += 1;
        passages.push({ id: `${document.id}#${n}`, docId: document.id, title, section, text });
      }
    }
  }
  return passages;
}

const K1 = 1.2;
const B = 0.75;

/** The top k passages for the question by BM25, best first; a passage that shares no word with it is never returned. */
export function retrieve(options: RetrieveOptions): Hit[] {
  const passages = chunkDocuments(options.documents);
  // The headings count as the passage's words: "what does the excess page say…" names the title.
  const words = passages.map((passage) => tokenize(passage.text));
  const total = words.reduce((sum, list) => sum + list.length, 0);
  const averageLength = total / passages.length;
  const documentFrequency = new Map<string, number>();
  for (const list of words) for (const word of new Set(list)) documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);

  const terms = [...new Set(tokenize(options.question))];
  const scored = passages.map((passage, i) => {
    const list = words[i] ?? [];
    let score = 0;
    for (const term of terms) {
      const df = documentFrequency.get(term);
      // A word no passage has adds nothing; a passage without the word gets tf 0, which adds 0.
      if (df === undefined) continue;
      const tf = list.filter((word) => word === term).length;
      // Rare words weigh more; each extra repeat adds less; long passages are scaled down.
      const idf = Math.log(1 + (passages.length - df + 0.5) / (df + 0.5));
      score += (idf * (tf * (K1 + 1))) / (tf + K1 * (1 - B + (B * list.length) / averageLength));
    }
    return { ...passage, score };
  });
  // sort is stable: equal scores keep the documents' order.
  return scored
    .filter((hit) => hit.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, options.k ?? 3);
}
