import type { ExerciseKind } from '../packSchema';
import type { CheckTest } from './report';
import type { Confinement } from './learner/confinement';

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
} & Record<string, unknown>;

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
