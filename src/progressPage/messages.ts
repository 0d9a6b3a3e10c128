// The messages between the progress page's panel (src/vscode/progressPage.ts) and its page
// script (progressPage.ts here, run in the webview). Type-only imports and a small check: the
// panel loads this into the eager bundle, so it must not reach into the core.
import type { ProgressPageData } from '../core/progressPage';

/** From the extension: the page's content, drawn afresh each time. */
export type ToPageMessage = { type: 'show'; data: ProgressPageData } | { type: 'problem'; message: string };

/** What the page drew, counted from its own DOM: the in-editor test compares it with the data. */
export interface RenderedCounts {
  packs: number;
  skills: number;
  edges: number;
  exerciseRows: number;
  /** Rows of the exercise table not "not started". */
  started: number;
  passed: number;
  total: number;
  timelineDays: number;
  projects: number;
  stages: number;
  next?: string;
  /** The problem shown instead of progress (no folder open, the pack would not load). */
  problem?: string;
}

/** From the page: it is ready for data, it drew some, or the learner pressed Start on an exercise. */
export type FromPageMessage = { type: 'ready' } | { type: 'rendered'; counts: RenderedCounts } | { type: 'start'; id: string };

const COUNT_KEYS = ['packs', 'skills', 'edges', 'exerciseRows', 'started', 'passed', 'total', 'timelineDays', 'projects', 'stages'] as const;

/** A message from the page, or undefined if it is not one the page sends (a webview is not trusted to be well-formed). */
export function parseFromPage(message: unknown): FromPageMessage | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { type } = message as { type?: unknown };
  if (type === 'ready') return { type };
  if (type === 'start') {
    const { id } = message as { id?: unknown };
    return typeof id === 'string' && /^[a-z0-9][a-z0-9-]{0,99}$/.test(id) ? { type, id } : undefined;
  }
  if (type === 'rendered') {
    const counts = (message as { counts?: unknown }).counts;
    if (typeof counts !== 'object' || counts === null) return undefined;
    const record = counts as Record<string, unknown>;
    if (!COUNT_KEYS.every((key) => Number.isInteger(record[key]))) return undefined;
    if (record.next !== undefined && typeof record.next !== 'string') return undefined;
    if (record.problem !== undefined && typeof record.problem !== 'string') return undefined;
    return { type, counts: record as unknown as RenderedCounts };
  }
  return undefined;
}
