import type { RetrievalQuestion } from './retrievalData';
import { estimateTokens as tokensOf } from '../../simulator/messagesRequest';

export interface Chunk {
  index: number;
  docId: string;
  text: string;
  /** The text with whitespace collapsed. */
  normalized: string;
}

const STOPWORDS = new Set(
  'a an and are as at be by can do does for from get how i if in is it long many may much my need of on or our per should that the their there this to under use we what when where which who why will with you your'.split(' '),
);

/** The words of a question that carry meaning, lower-cased. */
export function contentWords(text: string): string[] {
  return [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].filter((word) => word.length > 1 && !STOPWORDS.has(word));
}

/**
 * Why a question's answer is not in the top k chunks, in a sentence: split across chunks,
 * dropped, in a chunk so long its words weigh little, or in a chunk that lacks the
 * question's words (a heading left behind, say).
 */
export function diagnoseMiss(input: {
  question: RetrievalQuestion;
  query: string;
  answer: string;
  chunks: Chunk[];
  ranked: Chunk[];
  k: number;
  maxChunkTokens: number;
}): string {
  const { query, answer, chunks, ranked, k, maxChunkTokens } = input;
  const holders = chunks.filter((chunk) => chunk.normalized.includes(answer));
  if (holders.length === 0) {
    for (let i = 0; i + 1 < chunks.length; i++) {
      const [first, second] = [chunks[i], chunks[i + 1]] as [Chunk, Chunk];
      if (first.docId !== second.docId) continue;
      // A window cut mid-word leaves the halves touching; one cut between words, a space.
      if (`${first.normalized} ${second.normalized}`.includes(answer) || `${first.normalized}${second.normalized}`.includes(answer)) {
        return `the answer is split across chunks ${first.index} and ${second.index}, so no chunk holds it whole: cut at paragraph or sentence boundaries, or let chunks overlap.`;
      }
    }
    const words = answer.split(' ');
    const head = words.slice(0, Math.max(3, Math.floor(words.length / 3))).join(' ');
    const tail = words.slice(-Math.max(3, Math.floor(words.length / 3))).join(' ');
    const withHead = chunks.find((chunk) => chunk.normalized.includes(head));
    const withTail = chunks.find((chunk) => chunk.normalized.includes(tail));
    if (withHead && withTail && withHead !== withTail) {
      return `the answer is split across chunks ${withHead.index} and ${withTail.index}, so no chunk holds it whole: cut at paragraph or sentence boundaries, or let chunks overlap.`;
    }
    if (withHead || withTail) return `only part of the answer is in any chunk (chunk ${(withHead ?? withTail)?.index ?? '?'}): the rest was cut off or dropped.`;
    return 'no chunk holds the answer\'s text: the chunker dropped it.';
  }
  const position = ranked.findIndex((chunk) => chunk.normalized.includes(answer));
  const best = position >= 0 ? ranked[position] : holders[0];
  if (!best) return 'not found.';
  const missing = contentWords(query).filter((word) => !contentWords(best.text).includes(word));
  const where = position < 0 ? 'the chunk holding it matches none of the query\'s words' : `the chunk holding it (chunk ${best.index}) ranks ${position + 1}, below the top ${k}`;
  if (tokensOf(best.text) > maxChunkTokens * 0.6 && position >= 0) {
    return `${where}; it is long (${tokensOf(best.text)} tokens), so the question's words weigh little in it: smaller chunks that each hold one topic rank higher.`;
  }
  if (missing.length > 0) {
    return `${where}; it lacks the question's words ${missing.map((word) => `"${word}"`).join(', ')}: carry the document's title and section heading into each chunk, or rewrite the query.`;
  }
  return `${where}; other chunks share the question's words: make each chunk about one thing.`;
}
