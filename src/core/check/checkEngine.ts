import { traceReport } from '../requirements/trace';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { PackExercise } from '../packLoader';
import { UserError } from '../userError';
import { exerciseFolder, PRACTICE_DIR, workspaceRelative } from '../workspaceLayout';
import { runIsolated, type IsolatedRun } from './isolatedProcess';
import type { WarmPool, WarmSpec } from './warmPool';
import { CheckCancelled } from './checkCancelled';
import type { CheckAnswer, CheckJob } from './job';
import type { LearnerCodeJob } from './learner/learnerCode';
import { DEFAULT_MEMORY_MIB, defaultCodeCacheRoot } from './learner/confinement';
import { type AnyKindDefinition, type CostEstimate, inFolder, type JobContext, type LearnerSide } from './kinds/kindDefinition';
import { kindDefinition, whyNotCheckable } from './kinds/registry';
import { stagedReport } from './stagedCheck';
import type { PromptCheckOptions, PromptCheckProgress } from './promptDebugging/runPromptCheck';
import { type CheckReport, checkReportSchema, errorReport, failReport, overallStatus, REPORT_VERSION, scoreOf } from './report';

/** Where the learner process's files are: its host and libraries beside the judge. */
type LearnerRuntime = LearnerCodeJob['runtime'];

export { CheckCancelled };

export interface CheckOptions {
  /** dist/checkRunner.js */
  runnerScript: string;
  signal?: AbortSignal | undefined;
  /** The model a prompt check talks to; the kinds that need none ignore it. */
  model?: PromptCheckOptions['model'] | undefined;
  /** With `model.record`: the recording's file (default: .ai-practice/recordings/<id>/<time>.json) and title. */
  recordTo?: string | undefined;
  recordTitle?: string | undefined;
  concurrency?: number | undefined;
  onProgress?: ((event: PromptCheckProgress) => void) | undefined;
  /**
   * Where a prompt check finds stored answers and keeps new ones. Without it (a learner's own
   * check): the workspace's cache and recordings. A judge brings its own, for nothing in the
   * workspace may answer for the model: a planted recording or cache entry would pass any prompt.
   */
  answers?: AnswerStore | undefined;
  /**
   * Check processes started ahead (the editor's): the check takes the warm one when it was
   * started for the same settings, else starts cold; either way, the next one then starts.
   */
  warm?: WarmPool | undefined;
}

/** A judge's own answers: its cache (none: nothing cached) and recordings, besides the pack's; where a live run is recorded. */
export interface AnswerStore {
  cacheDir?: string | undefined;
  recordingDirs: readonly string[];
  /** With `model.record`: the recording's file. */
  recordTo?: string | undefined;
}

export type { CostEstimate, PromptCheckProgress };

/** Checks the learner's copy of `exercise` in `workspace`, in a child process. */
export async function runCheck(exercise: PackExercise, workspace: string, options: CheckOptions): Promise<CheckReport> {
  if (!exercise.stage) return traceReport(await checkByKind(exercise, workspace, options), exercise.requirements);
  // A project's stage is checked with every stage before it, in order, on the folder they share.
  const reports: { stage: PackExercise; report: CheckReport }[] = [];
  for (const stage of [...exercise.stage.earlier, exercise]) reports.push({ stage, report: traceReport(await checkByKind(stage, workspace, options), stage.requirements) });
  return stagedReport(exercise, reports);
}

/**
 * What checking `exercise` would ask of a model and may cost, without a call and without
 * writing anything; undefined for a kind that asks no model, or an exercise not started.
 */
export async function estimateCheck(exercise: PackExercise, workspace: string, options: Omit<CheckOptions, 'runnerScript'>): Promise<CostEstimate | undefined> {
  const definition = kindDefinition(exercise.kind);
  if (!definition || definition.check.where !== 'caller' || !definition.check.estimate) return undefined;
  const folder = exerciseFolder(workspace, exercise.folderId);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) return undefined;
  return definition.check.estimate(kindSettings(exercise, definition), exercise, folder, workspace, { ...options, runnerScript: '' });
}

/** The exercise's settings section for its kind (the manifest's `agentLoop`, `promptDebugging`, …). */
function kindSettings(exercise: PackExercise, definition: AnyKindDefinition): unknown {
  const settings: unknown = (exercise as unknown as Record<string, unknown>)[definition.section];
  if (settings === undefined) throw new Error(`${exercise.kind} exercise ${exercise.id} has no ${definition.section} settings`);
  return settings;
}

async function checkByKind(exercise: PackExercise, workspace: string, options: CheckOptions): Promise<CheckReport> {
  const definition = kindDefinition(exercise.kind);
  if (!definition) {
    throw new UserError(
      `"${exercise.id}" is a ${exercise.kind} exercise, and this version of AI Engineering Practice cannot check that kind yet${whyNotCheckable(exercise.kind) ? `: ${whyNotCheckable(exercise.kind)}` : ''}.`,
      'Update the extension or the ai-practice CLI.',
    );
  }
  const settings = kindSettings(exercise, definition);
  const folder = exerciseFolder(workspace, exercise.folderId);
  if (!existsSync(folder)) {
    throw new UserError(`"${exercise.id}" is not in this workspace (no ${PRACTICE_DIR}/${exercise.folderId} folder).`, `Start it first: \`ai-practice start ${exercise.stage?.earlier[0]?.id ?? exercise.id}\`.`);
  }
  if (!statSync(folder).isDirectory()) {
    throw new UserError(`${PRACTICE_DIR}/${exercise.folderId} is a file, where the exercise's folder belongs.`, `Move or rename it, then run \`ai-practice start ${exercise.id}\` to lay the exercise out again.`);
  }
  await refuseFolderOutside(workspace, folder, exercise.folderId);
  const { check } = definition;
  if (check.where === 'caller') return check.run(settings, exercise, folder, workspace, options);
  const runnerDir = path.dirname(options.runnerScript);
  const codeCacheRoot = defaultCodeCacheRoot();
  const runtime: LearnerRuntime = { hostScript: path.join(runnerDir, 'learnerHost.js'), libDir: path.join(runnerDir, 'lib'), codeCacheRoot };
  const learner = check.learner?.(settings);
  const warmSpec: WarmSpec = {
    runnerScript: options.runnerScript,
    codeCacheRoot,
    learner: learner ? { hostScript: runtime.hostScript, libDir: runtime.libDir, memoryMiB: exercise.memoryMiB ?? DEFAULT_MEMORY_MIB, preloadSdk: learner.sdkClient } : undefined,
  };
  const warm = options.warm?.take(warmSpec);
  // The learner process's copy and temp folder live here, made and removed by this process:
  // a judge killed at the time limit cannot leave them behind. A warm process came with its
  // own, which the pool removes once the process has ended.
  const ownScratch: string[] = [];
  const makeScratch = async (): Promise<string> => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ai-practice-check-'));
    ownScratch.push(dir);
    return dir;
  };
  try {
    const jobFor = (scratchDir: string | undefined): CheckJob => {
      const context: JobContext = {
        exercise,
        folder,
        workspace,
        harnessPath() {
          if (!exercise.harnessPath) throw new Error(`${exercise.kind} exercise ${exercise.id} has no harness`);
          return exercise.harnessPath;
        },
        learnerCode() {
          if (!learner || !scratchDir) throw new Error(`${exercise.kind} checks declare no learner side`);
          return learnerCodeJob(exercise, learner, folder, workspace, runtime, scratchDir);
        },
      };
      return { ...(check.job(settings, context) as Record<string, unknown>), kind: exercise.kind, runsLearnerCode: learner !== undefined, codeCacheRoot, cwd: folder } satisfies CheckJob;
    };
    const limits = { timeoutMs: exercise.timeoutSeconds * 1000, ...(options.signal ? { signal: options.signal } : {}) };
    // A warm process's report is taken as its answer comes, while the process exits; an answer
    // that is not a report still waits for its exit and output.
    const warmRun = warm ? await warm.child.run({ job: jobFor(warm.scratchDir ?? (learner ? await makeScratch() : undefined)), ...limits, settlesOn: (answer) => (answer as CheckAnswer | undefined)?.ok === true }) : undefined;
    // No warm process, or it died before its job came (it never said it had it): start cold.
    const run = warmRun && (warmRun.jobStarted || warmRun.ended.kind !== 'crashed') ? warmRun : await runIsolated({ script: options.runnerScript, cwd: folder, job: jobFor(learner ? await makeScratch() : undefined), ...limits });
    return reportFromRun(exercise, learner !== undefined, run);
  } finally {
    await Promise.all(ownScratch.map((dir) => rm(dir, { recursive: true, force: true }).catch(() => undefined)));
    // The next check of this kind of settings finds its processes started.
    options.warm?.refill(warmSpec);
  }
}

/** Where the learner's module is and what to call in it, for the learner process. */
function learnerCodeJob(exercise: PackExercise, learner: LearnerSide, folder: string, workspace: string, runtime: LearnerRuntime, scratchDir: string): LearnerCodeJob {
  const entryPath = inFolder(folder, learner.entry);
  return {
    folder,
    folderFile: workspaceRelative(workspace, folder),
    entry: learner.entry,
    entryPath,
    entryFile: workspaceRelative(workspace, entryPath),
    exportName: learner.function,
    preloadSdk: learner.sdkClient,
    memoryMiB: exercise.memoryMiB,
    scratchDir,
    runtime,
  };
}

function reportFromRun(exercise: PackExercise, runsLearnerCode: boolean, run: IsolatedRun): CheckReport {
  const durationMs = Math.round(run.durationMs);
  const output = run.output.trim() || undefined;
  switch (run.ended.kind) {
    case 'cancelled':
      throw new CheckCancelled();
    case 'timeout': {
      const seconds = Math.round(run.ended.ms / 1000);
      if (runsLearnerCode) {
        return failReport(exercise, `Your code did not finish within ${seconds} s and was stopped.`, durationMs, [
          { name: 'finishes in time', status: 'fail', message: `Stopped after ${seconds} s: look for a loop that never ends or a promise that never settles.`, ...(output ? { output } : {}) },
        ]);
      }
      return errorReport(exercise, 'harness', `The check did not finish within ${seconds} s and was stopped; the exercise's harness is likely stuck.`, durationMs, output);
    }
    default:
      break;
  }
  const answer = run.answer as CheckAnswer | undefined;
  const confinement = answer?.ok && answer.confinement ? { confined: answer.confinement.confined, confinement: { layers: answer.confinement.layers, missing: answer.confinement.missing } } : {};
  if (!answer) {
    const how = run.ended.kind === 'crashed' ? `exited with ${run.ended.signal ?? `code ${String(run.ended.code)}`}` : 'ended';
    return errorReport(exercise, 'harness', `The check process ${how} without a result.`, durationMs, output);
  }
  if (!answer.ok) {
    const detail = [answer.detail, output].filter(Boolean).join('\n\n') || undefined;
    return errorReport(exercise, answer.errorIn, answer.message, durationMs, detail);
  }
  const status = overallStatus(answer.tests);
  const report: CheckReport = {
    version: REPORT_VERSION,
    exercise: exercise.id,
    kind: exercise.kind,
    status,
    message: answer.message,
    durationMs,
    tests: answer.tests,
    score: scoreOf(status, answer.tests, answer.score),
    ...confinement,
  };
  const checked = checkReportSchema.safeParse(report);
  if (!checked.success) {
    return errorReport(exercise, 'harness', `The check returned a malformed report: ${checked.error.issues[0]?.message ?? 'unexpected shape'}.`, durationMs, output);
  }
  return checked.data;
}

/**
 * A practice folder that is a symbolic link out of the workspace (to a pack's solution, say)
 * is not the learner's work: refuse it by name.
 */
async function refuseFolderOutside(workspace: string, folder: string, id: string): Promise<void> {
  const [realWorkspace, realFolder] = await Promise.all([realpath(workspace), realpath(folder)]);
  const expected = path.join(realWorkspace, PRACTICE_DIR, id);
  if (realFolder !== expected) {
    throw new UserError(
      `${PRACTICE_DIR}/${id} leads to ${realFolder} (through a symbolic link), not to a folder of this workspace; checks judge only the learner's own files.`,
      `Remove the link, then start the exercise again: it scaffolds a real folder.`,
    );
  }
}
