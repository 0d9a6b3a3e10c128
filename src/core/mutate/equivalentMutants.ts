import type { Exercise } from '../packSchema';
import type { Mutant } from './mutants';

export type EquivalentMutantEntry = Exercise['equivalentMutants'][number];

export interface EquivalenceMatch {
  /** Mutant id → the entry that marks it equivalent. */
  equivalent: Map<string, EquivalentMutantEntry>;
  /** Entries that match no mutant: the code changed under them, or they were never right. */
  stale: EquivalentMutantEntry[];
}

/**
 * Matches the manifest's equivalent-mutant entries to mutants by file, change and the line's
 * text, so an entry survives lines moving above it. When the same text and change occur on
 * several lines, the entry's `line` picks the nearest; without it, it marks them all.
 */
export function matchEquivalentMutants(mutants: readonly Mutant[], entries: readonly EquivalentMutantEntry[]): EquivalenceMatch {
  const equivalent = new Map<string, EquivalentMutantEntry>();
  const stale: EquivalentMutantEntry[] = [];
  for (const entry of entries) {
    const candidates = mutants.filter((mutant) => mutant.file === entry.file && sameChange(mutant.change, entry.change) && mutant.lineText === entry.text.trim());
    if (candidates.length === 0) {
      stale.push(entry);
      continue;
    }
    const wanted = entry.line;
    const nearest = wanted === undefined ? undefined : Math.min(...candidates.map((mutant) => Math.abs(mutant.line - wanted)));
    for (const mutant of candidates) {
      if (nearest === undefined || Math.abs(mutant.line - (wanted as number)) === nearest) equivalent.set(mutant.id, entry);
    }
  }
  return { equivalent, stale };
}

/** Changes compare with white space collapsed, and `->` may stand for `→` (easier to type). */
function sameChange(a: string, b: string): boolean {
  const norm = (change: string): string => change.replace(/\s*(?:->|→)\s*/g, ' → ').replace(/\s+/g, ' ').trim();
  return norm(a) === norm(b);
}

/** The manifest entry that would mark `mutant` equivalent, for an author to paste and give a reason. */
export function equivalentEntryFor(mutant: Pick<Mutant, 'file' | 'line' | 'lineText' | 'change'>): EquivalentMutantEntry {
  return { file: mutant.file, line: mutant.line, text: mutant.lineText, change: mutant.change, why: '…' };
}
