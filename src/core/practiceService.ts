// The core's entry point: one object over a pack and a workspace that the CLI and the
// editor both drive. Bundled on its own (dist/core.js) so that the extension loads it, and
// zod with it, only when the roadmap is first shown or a command first runs.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { type Confinement, probeConfinement } from './check/learner/confinement';
import * as path from 'node:path';
import { type CheckOptions, type CostEstimate, estimateCheck, runCheck } from './check/checkEngine';
import { mainFileOf } from './check/kinds/registry';
import type { CheckReport } from './check/report';
import { type LoadedPack, loadPack, type PackExercise } from './packLoader';
import { resemblances } from './check/fingerprint';
import { knownMistakesOf } from './packFingerprints';
import { EDITOR_TYPES_DIR, ensureEditorTypes } from './editorTypes';
import { PACK_MANIFEST_FILE, packManifestJsonSchema } from './packSchema';
import {
  clearExercise,
  exerciseProgressOf,
  exerciseStatus,
  type ExerciseStatus,
  markStarted,
  type ProgressRead,
  ProgressStore,
  recordCheck,
  recordHint,
} from './progressStore';
import { exerciseReference, type Reference } from './reference';
import { recordTests } from './lastResults';
import { buildRoadmap, type Roadmap } from './roadmap';
import { backUpExerciseFolder, backUpExerciseFolders, planReset, type ResetPlan, scaffoldExercise, type ScaffoldResult } from './scaffold';
import { didYouMean } from './suggest';
import { UserError } from './userError';
import { exerciseFolder, PROGRESS_FILE } from './workspaceLayout';

// The build (esbuild.mjs) writes the manifest's JSON Schema from this bundle.
export { packManifestJsonSchema };
export { CheckCancelled } from './check/checkEngine';
export { WarmPool } from './check/warmPool';
export { isCheckable } from './check/kinds/registry';
export { renderReport, renderResemblance } from './check/reportText';
export { recordedTestsOf } from './lastResults';
export { loadScenario } from './simulator/loadScenario';
export { loadSimulatedModel, type SimulatedModel } from './simulator/loadSimulatedModel';
export { startSimulator } from './simulator/server';
export { DEFAULT_MODEL_SETTINGS, describeModel, ModelUnavailableError, PROVIDERS, validateModelSettings, type ModelSettings, type Provider } from './model/modelSettings';
export { formatDollars } from './model/prices';
export { describePackSource, parsePackSource, resolvePackSource, type PackSource } from './packSources';
export { createPack } from './packNew';
export { PracticeSet, type RefusedPack } from './practiceSet';
export { loadPack, validatePack } from './packLoader';
export { PackInvalidError } from './packProblem';
export { ReferenceRefused, type Reference, type ReferenceFile } from './reference';
export type { AnswerStore, CostEstimate, PromptCheckProgress } from './check/checkEngine';
export { progressPageData, type ProgressPageData } from './progressPage';

/**
 * `relative` in the nearest folder above `fromDir` that has it: the extension's root when
 * running from dist/ (bundled) or from out/src/… (tests). Falls back to the parent folder.
 */
function findUp(fromDir: string, relative: string): string {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, relative);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return path.join(fromDir, '..', relative);
  }
}

/** The built-in pack, `packs/builtin` of the extension. */
export function builtinPackDir(fromDir: string): string {
  return path.dirname(findUp(fromDir, path.join('packs', 'builtin', PACK_MANIFEST_FILE)));
}

/** The libraries' type declarations for the learner's editor, dist/types of the extension. */
export function editorTypesDir(fromDir: string): string {
  return path.dirname(findUp(fromDir, path.join('dist', 'types', 'versions.json')));
}

/** The check process's script, dist/checkRunner.js of the extension. */
export function checkRunnerScript(fromDir: string): string {
  return findUp(fromDir, path.join('dist', 'checkRunner.js'));
}

/** How learner code would be confined on this machine, asked of a learner process that loads none. */
export async function confinementHere(fromDir: string): Promise<Confinement> {
  const runnerDir = path.dirname(checkRunnerScript(fromDir));
  const scratch = await mkdtemp(path.join(tmpdir(), 'ai-practice-probe-'));
  try {
    return await probeConfinement({ hostScript: path.join(runnerDir, 'learnerHost.js'), libDir: path.join(runnerDir, 'lib') }, scratch);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

export interface CheckResult {
  report: CheckReport;
  /** Checks with a result (pass or fail) so far, this one included. */
  attempts: number;
  /** True when this check is the exercise's first pass. */
  firstPass: boolean;
  /** When the result was recorded in progress (its `lastCheck.at`). */
  checkedAt: string;
  warning?: string;
}

export interface HintResult {
  /** The hints revealed so far, the newest last. */
  revealed: string[];
  total: number;
  /** False when every hint had already been shown, so nothing new was revealed. */
  revealedNew: boolean;
}

export interface StartResult extends ScaffoldResult {
  exercise: PackExercise;
  /** True when the exercise had no progress before this start. */
  firstStart: boolean;
  warning?: string;
}

export interface ResetResult {
  /** Where the old files went; undefined when there was no folder to move. */
  backup: string | undefined;
  start: StartResult;
}

/** What starting the whole pack over touches: every exercise with a folder or with progress. */
export interface ResetAllPlan {
  exercises: { id: string; title: string; status: ExerciseStatus; hasFolder: boolean }[];
}

export interface ResetAllResult {
  /** The backup folder: the exercise folders, each under its id, and progress.json as it was. */
  backup: string;
  /** The exercises started over. */
  exercises: string[];
}

export class Practice {
  private readonly store: ProgressStore;
  /** Per exercise, its known mistakes from fingerprints.json, read (and their inputs hashed) once. */
  private readonly knownMistakes = new Map<string, ReturnType<typeof knownMistakesOf>>();

  private constructor(
    readonly pack: LoadedPack,
    readonly workspace: string,
    private readonly clock: () => Date,
    /** The declarations copied for the editor: the extension's dist/types. */
    private readonly shippedTypes: string,
  ) {
    this.store = new ProgressStore(workspace);
  }

  static async open(options: { packDir: string; workspace: string; clock?: () => Date; editorTypes?: string }): Promise<Practice> {
    const pack = await loadPack(options.packDir);
    return new Practice(pack, path.resolve(options.workspace), options.clock ?? (() => new Date()), options.editorTypes ?? editorTypesDir(__dirname));
  }

  /** Checks the learner's work on `id` and records the result in progress. */
  async check(id: string, options: Partial<CheckOptions> = {}): Promise<CheckResult> {
    const exercise = this.exercise(id);
    const report = await this.withResemblance(exercise, await runCheck(exercise, this.workspace, { ...options, runnerScript: options.runnerScript ?? checkRunnerScript(__dirname) }));
    const passed = report.tests.filter((test) => test.status === 'pass').length;
    let attempts = 0;
    let firstPass = false;
    let checkedAt = '';
    const { warning } = await this.store.update((progress) => {
      const before = exerciseProgressOf(progress, this.pack.manifest.id, id)?.firstPassedAt;
      const record = recordCheck(
        progress,
        this.pack.manifest.id,
        id,
        { status: report.status, message: report.message, passed, failed: report.tests.length - passed, score: report.score, tests: recordTests(report.tests) },
        this.clock(),
      );
      attempts = record.attempts ?? 0;
      firstPass = before === undefined && record.firstPassedAt !== undefined;
      checkedAt = record.lastCheck?.at ?? '';
    });
    return { report, attempts, firstPass, checkedAt, ...(warning ? { warning } : {}) };
  }

  /**
   * A failing report with the known mistakes it behaves like, matched by its fingerprint against
   * the pack's fingerprints.json (a stale entry matches nothing); any other report as it is.
   */
  private async withResemblance(exercise: PackExercise, report: CheckReport): Promise<CheckReport> {
    if (report.status !== 'fail') return report;
    const entry = this.pack.fingerprints?.exercises[exercise.id];
    if (!entry) return report;
    let known = this.knownMistakes.get(exercise.id);
    if (!known) this.knownMistakes.set(exercise.id, (known = knownMistakesOf(exercise, entry)));
    const current = await known;
    const resembles = current ? resemblances(report, current.mistakes, current.starter) : [];
    return resembles.length > 0 ? { ...report, resembles } : report;
  }

  /** What checking `id` would ask of a model and may cost (undefined: it asks none); runs and records nothing. */
  estimate(id: string, options: Omit<CheckOptions, 'runnerScript'> = {}): Promise<CostEstimate | undefined> {
    return estimateCheck(this.exercise(id), this.workspace, options);
  }

  /** Reveals the next hint of `id` (or, when all are out, repeats them) and records it. */
  async nextHint(id: string): Promise<HintResult> {
    const exercise = this.exercise(id);
    const total = exercise.hints.length;
    let before = 0;
    let used = 0;
    await this.store.update((progress) => {
      before = exerciseProgressOf(progress, this.pack.manifest.id, id)?.hintsUsed ?? 0;
      used = recordHint(progress, this.pack.manifest.id, id, total, this.clock());
    });
    return { revealed: exercise.hints.slice(0, used), total, revealedNew: used > before };
  }

  /** The hints of `id` revealed so far, without revealing another. */
  async revealedHints(id: string): Promise<string[]> {
    const exercise = this.exercise(id);
    const { progress } = await this.store.read();
    return exercise.hints.slice(0, exerciseProgressOf(progress, this.pack.manifest.id, id)?.hintsUsed ?? 0);
  }

  /** The reference solution of `id` and its notes, paired with the learner's files: once it passed, unless the pack keeps it back. */
  async reference(id: string): Promise<Reference> {
    const exercise = this.exercise(id);
    const { progress } = await this.store.read();
    return exerciseReference(exercise, this.workspace, exerciseProgressOf(progress, this.pack.manifest.id, id), this.pack.manifest.title);
  }

  get progressFile(): string {
    return this.store.file;
  }

  exercise(id: string): PackExercise {
    const exercise = this.pack.exercises.find((candidate) => candidate.id === id);
    if (!exercise) {
      const ids = this.pack.exercises.map((candidate) => candidate.id);
      throw new UserError(
        `There is no exercise "${id}" in ${this.pack.manifest.title}${didYouMean(id, ids)}.`,
        'Run `ai-practice list` to see every exercise id.',
      );
    }
    return exercise;
  }

  /** The file a learner mainly works in (the dataset, the prompt or the code; else the instructions), relative to the exercise folder. */
  mainFile(id: string): string {
    const exercise = this.exercise(id);
    return mainFileOf(exercise) ?? path.basename(exercise.instructionsPath);
  }

  /** The roadmap with statuses, and the progress records it was built from (one read). */
  async roadmap(): Promise<ProgressRead & { roadmap: Roadmap }> {
    const read = await this.store.read();
    return { ...read, roadmap: buildRoadmap(this.pack, read.progress) };
  }

  /**
   * Scaffolds the exercise (never overwriting a file) and records it as started. A project's
   * stage opens once the stage before it passes; it adds its files to the project's folder.
   */
  async start(id: string): Promise<StartResult> {
    const exercise = this.exercise(id);
    const before = exercise.stage?.earlier[exercise.stage.earlier.length - 1];
    if (exercise.stage && before) {
      const { progress } = await this.store.read();
      if (exerciseStatus(progress, this.pack.manifest.id, before.id) !== 'passed') {
        throw new UserError(
          `Stage ${exercise.stage.number} of ${exercise.stage.project.title} ("${id}") opens once stage ${exercise.stage.number - 1} ("${before.id}") passes: it builds on that code.`,
          `Finish stage ${exercise.stage.number - 1} first: \`ai-practice check ${before.id}\`.`,
        );
      }
    }
    return this.scaffoldAndRecord(exercise, { restart: false });
  }

  /** Scaffolds, then records the start in one progress update (clearing it first on a restart). */
  private async scaffoldAndRecord(exercise: PackExercise, { restart }: { restart: boolean }): Promise<StartResult> {
    const packId = this.pack.manifest.id;
    const scaffold = await scaffoldExercise(exercise, this.workspace);
    const typesWarning = exercise.starterFiles.some((file) => file.endsWith('.ts')) ? await this.editorTypes() : undefined;
    let firstStart = false;
    const { warning } = await this.store.update((progress) => {
      if (restart) clearExercise(progress, packId, exercise.id);
      firstStart = exerciseStatus(progress, packId, exercise.id) === 'not-started';
      markStarted(progress, packId, exercise.id, this.clock());
    });
    const warnings = [warning, typesWarning].filter(Boolean).join('\n');
    return { ...scaffold, exercise, firstStart, ...(warnings ? { warning: warnings } : {}) };
  }

  /** Declarations for the editor; a failure costs completion, never the start, so it is a warning. */
  private async editorTypes(): Promise<string | undefined> {
    try {
      await ensureEditorTypes(this.workspace, this.shippedTypes);
      return undefined;
    } catch (error) {
      return `The editor's type declarations could not be copied into ${EDITOR_TYPES_DIR} (${(error as Error).message}); the exercise works, but imports may show as missing in the editor.`;
    }
  }

  async planReset(id: string): Promise<ResetPlan> {
    return planReset(this.exercise(id), this.workspace);
  }

  async planResetAll(): Promise<ResetAllPlan> {
    const { progress } = await this.store.read();
    const exercises: ResetAllPlan['exercises'] = [];
    for (const exercise of this.pack.exercises) {
      const status = exerciseStatus(progress, this.pack.manifest.id, exercise.id);
      const hasFolder = existsSync(exerciseFolder(this.workspace, exercise.folderId));
      if (hasFolder || status !== 'not-started') exercises.push({ id: exercise.id, title: exercise.title, status, hasFolder });
    }
    return { exercises };
  }

  /**
   * Starts the whole pack over: every exercise folder of this pack moves into one backup
   * folder, beside a copy of the progress file as it was, and the pack's progress is cleared.
   * Nothing is scaffolded again; other packs' progress is kept.
   */
  async resetAll(): Promise<ResetAllResult> {
    const plan = await this.planResetAll();
    if (plan.exercises.length === 0) {
      throw new UserError(`No exercise of ${this.pack.manifest.title} has been started, so there is nothing to reset.`, 'Start one with `ai-practice start <exercise-id>`.');
    }
    const packId = this.pack.manifest.id;
    const backup = await backUpExerciseFolders(this.pack.exercises, this.workspace, `${packId}-all`, this.clock());
    await this.store.update(
      (progress) => {
        delete progress.packs[packId];
      },
      { keepCopyIn: path.join(backup, PROGRESS_FILE) },
    );
    return { backup, exercises: plan.exercises.map((exercise) => exercise.id) };
  }

  /**
   * Moves the exercise's files to a backup, scaffolds it afresh and starts its progress over.
   * A project's stages share one folder, so resetting any stage starts the whole project over:
   * every stage's progress is cleared, and it starts again at stage 1.
   */
  async reset(id: string): Promise<ResetResult> {
    const asked = this.exercise(id);
    const exercise = asked.stage?.earlier[0] ?? asked;
    const { progress } = await this.store.read();
    const plan = await planReset(exercise, this.workspace);
    if (plan.files.length === 0 && exerciseStatus(progress, this.pack.manifest.id, id) === 'not-started') {
      throw new UserError(`"${id}" has not been started, so there is nothing to reset.`, `Start it with \`ai-practice start ${exercise.id}\`.`);
    }
    const backup = await backUpExerciseFolder(exercise, this.workspace, this.clock());
    const later = asked.stage ? this.pack.exercises.filter((other) => other.stage?.project.id === asked.stage?.project.id && other !== exercise) : [];
    if (later.length > 0) {
      await this.store.update((state) => {
        for (const stage of later) clearExercise(state, this.pack.manifest.id, stage.id);
      });
    }
    return { backup, start: await this.scaffoldAndRecord(exercise, { restart: true }) };
  }
}
