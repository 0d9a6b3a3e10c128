import type { ExerciseKind } from '../packSchema';
import type { CheckTest } from './report';
import type { Confinement } from './learner/confinement';
import type { LearnerProcessOptions } from './learner/learnerProcess';

/**
 * What the parent hands the check process: the exercise's kind and the job its definition
 * (check/kinds/) made, everything the judge needs, as plain data.
 */
export type CheckJob = {
  kind: ExerciseKind;
  /** The job holds a LearnerCodeJob's fields: the check process starts the learner process first thing. */
  runsLearnerCode: boolean;
  /** Where this user's cached library code is (see learner/codeCache.ts). */
  codeCacheRoot?: string;
  /** The exercise folder: the check process works there (one started ahead moves there). */
  cwd?: string;
} & Record<string, unknown>;

/**
 * What a check process started ahead of its check (warmPool.ts) is told first: the learner
 * process to start (its folders, still empty, and limits), and where the cached code is.
 * Nothing of the exercise: which one, and its files, come with the job.
 */
export interface WarmUp {
  t: 'warm';
  codeCacheRoot?: string | undefined;
  learner?: Omit<LearnerProcessOptions, 'entry'> | undefined;
}

/** What the check process answers. */
export type CheckAnswer =
  | {
  ok: true;
  tests: CheckTest[];
  message: string;
  /** Partial credit from 0 to 1, when the kind has its own measure. */
  score?: number;
  /** How the learner's code was confined, for the kinds that run it. */
  confinement?: Confinement;
}
  | { ok: false; errorIn: 'exercise' | 'harness'; message: string; detail?: string };

/**
 * What a check process started ahead says besides its answer: `warmed` once it is ready (its
 * runtime loaded, and whether its learner process started), `started` when its job came.
 */
export type ControlMessage = { t: 'warmed'; learner: boolean } | { t: 'started' };

export function isControlMessage(message: unknown): message is ControlMessage {
  const t = typeof message === 'object' && message !== null ? (message as { t?: unknown }).t : undefined;
  return t === 'warmed' || t === 'started';
}
