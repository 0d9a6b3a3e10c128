import * as path from 'node:path';
import type { z } from 'zod';
import type { PackExercise } from '../../packLoader';
import type { ExerciseKind } from '../../packSchema';
import type { CheckAnswer } from '../job';
import type { LearnerCodeJob } from '../learner/learnerCode';
import type { CheckReport } from '../report';
import type { CheckOptions } from '../checkEngine';

/**
 * Everything about one exercise kind, in one place: the manifest section that configures it,
 * which of its fields name files, the file a learner works in, the example `pack new` copies,
 * and how it is checked (the judge's side and, for kinds that run the learner's code, what
 * the learner process loads and calls). The registry (registry.ts) lists every definition;
 * the loader, the check engine, the check process and `pack new` read them from there.
 */
export interface KindDefinition<Settings = unknown, Job = unknown> {
  kind: ExerciseKind;
  /** The manifest field (of an exercise) holding this kind's settings, e.g. "agentLoop". */
  section: string;
  settings: z.ZodType<Settings>;
  /** Which settings fields name files; the loader checks that each is where it must be. */
  files: SettingsFiles;
  /** A section to suggest when an exercise of this kind has none, e.g. `"agentLoop": { … }`. */
  sectionExample: string;
  /** The file a learner mainly works in, relative to the exercise folder. */
  mainFile(settings: Settings): string;
  /** The built-in exercise that `pack new` copies as this kind's example. */
  packNewExample: PackNewExample;
  check: CheckProcessCheck<Settings, Job> | CallerCheck<Settings>;
}

export interface SettingsFiles {
  /** Fields naming the learner's files: each must be a starter file. */
  learner: readonly string[];
  /** Fields naming folders the learner reads: the starter must hold files in each. */
  learnerDirs?: readonly string[];
  /** Fields naming pack files that must exist; `harness`, when listed, is the module the check loads. */
  pack: readonly string[];
  /** Fields naming pack folders that must exist. */
  packDirs?: readonly string[];
}

export interface PackNewExample {
  /** The id of a built-in exercise of this kind. */
  builtin: string;
  /** The example pack's skill it practises. */
  skill: { id: string; title: string; summary: string };
  /** One line for the manifest's comment: what the example shows. */
  note: string;
}

/** What the learner process loads and calls for a kind that runs the learner's code. */
export interface LearnerSide {
  /** The learner's module, relative to the exercise folder. */
  entry: string;
  /** The function it exports that the judge calls. */
  function: string;
  /** Whether the function gets an SDK client (then the learner process loads the SDK early). */
  sdkClient: boolean;
}

export interface JobContext {
  exercise: PackExercise;
  /** The exercise folder in the workspace. */
  folder: string;
  workspace: string;
  /** The harness module the loader resolved (for kinds that list `harness` in `files.pack`). */
  harnessPath(): string;
  /** The learner-process part of the job (for kinds with a `learner` side). */
  learnerCode(): LearnerCodeJob;
}

/**
 * A check that runs in the check process (dist/checkRunner.js), with a time limit: `job`
 * runs in the caller and turns the exercise into plain data; `judge` runs in the check
 * process and answers. A kind with a `learner` side runs the learner's code in a confined
 * learner process (core/check/learner/); then a time-out is the learner's failure.
 */
export interface CheckProcessCheck<Settings, Job> {
  where: 'check-process';
  learner?: (settings: Settings) => LearnerSide;
  job(settings: Settings, context: JobContext): Job;
  judge(job: Job): Promise<CheckAnswer>;
}

/** A check that runs no workspace code (only text goes to a model): it runs in the caller's process. */
export interface CallerCheck<Settings> {
  where: 'caller';
  run(settings: Settings, exercise: PackExercise, folder: string, workspace: string, options: CheckOptions): Promise<CheckReport>;
  /** For a check that asks a model: what it would ask and may cost, without a call. */
  estimate?(settings: Settings, exercise: PackExercise, folder: string, workspace: string, options: CheckOptions): Promise<CostEstimate>;
}

/** What a check would ask of the model: calls, how many are stored already, the most they may cost (null: the model's price is not known). */
export interface CostEstimate {
  calls: number;
  stored: number;
  maxCostUsd: number | null;
}

/** A kind the format knows and this version cannot check yet: the registry says so explicitly. */
export interface NotCheckableYet {
  kind: ExerciseKind;
  notCheckableYet: string;
}

/** A definition as the registry holds it: its settings and job types are its own business. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyKindDefinition = KindDefinition<any, any>;

/** Types a kind's definition from its settings schema, keeping its section's name (the manifest's exercise type has a field of that name). */
export function defineKind<Schema extends z.ZodType, Job, const Section extends string>(
  definition: KindDefinition<z.output<Schema>, Job> & { settings: Schema; section: Section },
): KindDefinition<z.output<Schema>, Job> & { settings: Schema; section: Section } {
  return definition;
}

/** A settings path (forward slashes) inside `folder`. */
export function inFolder(folder: string, relative: string): string {
  return path.join(folder, ...relative.split('/'));
}
