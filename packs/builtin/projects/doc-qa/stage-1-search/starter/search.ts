// Stage 1 of Kestrel's policy Q&A: search. Cut the policy documents into passages and find the
// ones that answer a question. See STAGE-1.md.
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
  // TODO: one passage per paragraph, not per document. Split the text at blank lines; a "# " line
  // is the title, a "## " line starts a section, anything else is a paragraph: number those
  // from 1 in each document ("excess#3") and remember the title and section above them.
  return documents.map((document) => ({ id: `${document.id}#1`, docId: document.id, title: '', section: '', text: document.text.trim() }));
}

/** The top k passages for the question, best first; a passage that shares no word with it is never returned. */
export function retrieve(options: RetrieveOptions): Hit[] {
  const passages = chunkDocuments(options.documents);
  const terms = new Set(tokenize(options.question));
  // TODO: a word that is in every passage tells you nothing, and a long passage matches more
  // words by chance. Score with BM25 as STAGE-1.md states it, over the words of the title, the
  // section and the text, and leave out passages that score 0.
  const scored = passages.map((passage) => ({ ...passage, score: tokenize(passage.text).filter((word) => terms.has(word)).length }));
  return scored.sort((a, b) => b.score - a.score).slice(0, options.k ?? 3);
}
