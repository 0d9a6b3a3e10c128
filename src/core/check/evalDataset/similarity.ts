/**
 * Duplicate and near-duplicate cases. Two cases are near-duplicates when every non-text
 * field of their inputs is equal and every text field shares at least `threshold` of its
 * words (Jaccard similarity). Letter case counts: "URGENT" and "urgent" are different
 * words, because a case that changes only the letter case is a real test of its own.
 */
export interface SimilarPair {
  first: number;
  second: number;
  exact: boolean;
  similarity: number;
}

export function similarPairs(cases: readonly { line: number; input: unknown }[], threshold: number): SimilarPair[] {
  const flattened = cases.map((item) => ({ line: item.line, leaves: leaves(item.input) }));
  const pairs: SimilarPair[] = [];
  for (let i = 0; i < flattened.length; i++) {
    for (let j = i + 1; j < flattened.length; j++) {
      const a = flattened[i];
      const b = flattened[j];
      if (!a || !b) continue;
      const similarity = inputSimilarity(a.leaves, b.leaves);
      if (similarity >= threshold) pairs.push({ first: a.line, second: b.line, exact: similarity === 1, similarity });
    }
  }
  return pairs;
}

function inputSimilarity(a: Map<string, unknown>, b: Map<string, unknown>): number {
  if (a.size !== b.size) return 0;
  let lowest = 1;
  for (const [key, value] of a) {
    if (!b.has(key)) return 0;
    const other = b.get(key);
    if (typeof value === 'string' && typeof other === 'string') lowest = Math.min(lowest, textSimilarity(value, other));
    else if (value !== other) return 0;
  }
  return lowest;
}

export function textSimilarity(a: string, b: string): number {
  if (a.trim() === b.trim()) return 1;
  const wordsA = words(a);
  const wordsB = words(b);
  if (wordsA.size === 0 && wordsB.size === 0) return 1;
  let shared = 0;
  for (const word of wordsA) if (wordsB.has(word)) shared++;
  const similarity = shared / (wordsA.size + wordsB.size - shared);
  // Same words, different punctuation or spacing: as good as identical, but not quite.
  return similarity === 1 ? 0.999 : similarity;
}

function words(text: string): Set<string> {
  return new Set(text.match(/[\p{L}\p{N}']+/gu) ?? []);
}

/** Every primitive in `value`, keyed by its path. */
function leaves(value: unknown, prefix = '', into = new Map<string, unknown>()): Map<string, unknown> {
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) leaves(child, `${prefix}/${key}`, into);
  } else into.set(prefix, value);
  return into;
}
