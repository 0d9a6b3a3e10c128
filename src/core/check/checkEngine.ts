import { existsSync } from 'node:fs';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { PackExercise } from '../packLoader';
import type { ExerciseKind } from '../packSchema';
import { UserError } from '../userError';
import { exerciseFolder, fileTimestamp, PRACTICE_DIR, STATE_DIR } from '../workspaceLayout';
import { runIsolated, type IsolatedRun } from './isolatedProcess';
import { CheckCancelled } from './checkCancelled';
import type { CheckAnswer, CheckJob } from './job';
import type { SimulatedFunctionJob } from './simulatedFunction/runScenarios';
import type { LearnerCodeJob } from './learner/learnerCode';
import { DEFAULT_MODEL_SETTINGS } from '../model/modelSettings';
import type { PromptCheckOptions, PromptCheckProgress } from './promptDebugging/runPromptCheck';
import { type CheckReport, checkReportSchema, errorReport, failReport, overallStatus, REPORT_VERSION, scoreOf } from './report';

/**
 * Each kind's check: how to turn an exercise and a workspace into a job for the check
 * process, and whether that job runs the learner's code (then a time-out is the learner's
 * failure, not a broken harness).
 */
interface KindHandler {
  runsLearnerCode: boolean;
  job(exercise: PackExercise, folder: string, workspace: string, runtime: LearnerRuntime): CheckJob;
}

/** Where the learner process's files are: its host and libraries beside the judge, and a scratch folder this process removes. */
type LearnerRuntime = LearnerCodeJob['runtime'] & { scratchDir: string };

/** A kind whose check runs no workspace code (only text goes to a model): it runs in this process. */
interface InProcessHandler {
  inProcess: true;
  run(exercise: PackExercise, folder: string, workspace: string, options: CheckOptions): Promise<CheckReport>;
}

const HANDLERS: Partial<Record<ExerciseKind, KindHandler | InProcessHandler>> = {
  'prompt-debugging': {
    inProcess: true,
    async run(exercise, folder, workspace, options) {
      // Loaded for this kind only: it brings the SDK along.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { runPromptCheck } = require('./promptDebugging/runPromptCheck') as typeof import('./promptDebugging/runPromptCheck');
      const settings = exercise.promptDebugging;
      const model = options.model ?? DEFAULT_MODEL_SETTINGS;
      const record = model.record ? { file: options.recordTo ?? path.join(workspace, STATE_DIR, 'recordings', exercise.id, `${fileTimestamp(new Date())}.json`), title: options.recordTitle ?? 'a live run' } : undefined;
      return runPromptCheck(exercise, folder, workspace, {
        model,
        cacheDir: path.join(workspace, STATE_DIR, 'cache', 'model'),
        recordingDirs: [...(settings ? [path.join(exercise.dirPath, ...settings.recordings.split('/'))] : []), path.join(workspace, STATE_DIR, 'recordings', exercise.id)],
        recordTo: record,
        concurrency: options.concurrency,
        signal: options.signal,
        onProgress: options.onProgress,
      });
    },
  },
  'eval-dataset': {
    runsLearnerCode: false,
    job(exercise, folder, workspace) {
      const settings = exercise.evalDataset;
      if (!settings || !exercise.harnessPath) throw new Error(`eval-dataset exercise ${exercise.id} has no evalDataset settings`);
      const datasetPath = path.join(folder, ...settings.dataset.split('/'));
      return {
        kind: 'eval-dataset',
        harnessPath: exercise.harnessPath,
        datasetPath,
        datasetFile: workspaceRelative(workspace, datasetPath),
        config: settings,
      };
    },
  },
  'agent-loop': simulatedFunctionHandler('agentLoop'),
  'structured-output': simulatedFunctionHandler('structuredOutput'),
  'injection-defense': simulatedFunctionHandler('injectionDefense'),
  'cost-optimization': {
    runsLearnerCode: true,
    job(exercise, folder, workspace, runtime) {
      const settings = exercise.costOptimization;
      if (!settings) throw new Error(`exercise ${exercise.id} has no costOptimization settings`);
      return { ...simulatedFunctionJob(exercise, settings, folder, workspace, runtime), kind: 'cost-optimization', maxCostRatio: settings.maxCostRatio };
    },
  },
  retrieval: {
    runsLearnerCode: true,
    job(exercise, folder, workspace, runtime) {
      const settings = exercise.retrieval;
      if (!settings) throw new Error(`exercise ${exercise.id} has no retrieval settings`);
      // The documents and questions are the pack's copies: editing the workspace's changes nothing.
      const starter = exercise.starterDir;
      return {
        kind: 'retrieval',
        ...learnerCodeJob(exercise, settings, folder, workspace, runtime),
        documentsDir: path.join(starter, ...settings.documents.split('/')),
        questionsPath: path.join(starter, ...settings.questions.split('/')),
        questionsFile: workspaceRelative(workspace, path.join(folder, ...settings.questions.split('/'))),
        ...(settings.hiddenQuestions ? { hiddenQuestionsPath: path.join(exercise.dirPath, ...settings.hiddenQuestions.split('/')) } : {}),
        config: { k: settings.k, minRecall: settings.minRecall, minMrr: settings.minMrr, maxChunkTokens: settings.maxChunkTokens },
      };
    },
  },
};

type SimulatedFunctionKey = 'agentLoop' | 'structuredOutput' | 'injectionDefense';

/** The learner's function, called against the API simulator scenario by scenario. */
function simulatedFunctionHandler(key: SimulatedFunctionKey): KindHandler {
  return {
    runsLearnerCode: true,
    job(exercise, folder, workspace, runtime) {
      const settings = exercise[key];
      if (!settings) throw new Error(`exercise ${exercise.id} has no ${key} settings`);
      return { kind: 'simulated-function', ...simulatedFunctionJob(exercise, settings, folder, workspace, runtime) };
    },
  };
}

function simulatedFunctionJob(
  exercise: PackExercise,
  settings: { entry: string; function: string; scenarioTimeoutSeconds: number },
  folder: string,
  workspace: string,
  runtime: LearnerRuntime,
): SimulatedFunctionJob {
  if (!exercise.harnessPath) throw new Error(`exercise ${exercise.id} has no harness`);
  return {
    ...learnerCodeJob(exercise, settings, folder, workspace, runtime),
    harnessPath: exercise.harnessPath,
    scenarioTimeoutMs: settings.scenarioTimeoutSeconds * 1000,
  };
}

/** Where the learner's module is and what to call in it, for the learner process. */
function learnerCodeJob(exercise: PackExercise, settings: { entry: string; function: string }, folder: string, workspace: string, runtime: LearnerRuntime): LearnerCodeJob {
  const entryPath = path.join(folder, ...settings.entry.split('/'));
  return {
    folder,
    folderFile: workspaceRelative(workspace, folder),
    entry: settings.entry,
    entryPath,
    entryFile: workspaceRelative(workspace, entryPath),
    exportName: settings.function,
    memoryMiB: exercise.memoryMiB,
    scratchDir: runtime.scratchDir,
    runtime: { hostScript: runtime.hostScript, libDir: runtime.libDir },
  };
}

/** Whether this version can check exercises of `kind`. */
export function isCheckable(kind: string): boolean {
  return kind in HANDLERS;
}

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
}

export type { PromptCheckProgress };

/** Checks the learner's copy of `exercise` in `workspace`, in a child process. */
export async function runCheck(exercise: PackExercise, workspace: string, options: CheckOptions): Promise<CheckReport> {
  const handler = HANDLERS[exercise.kind];
  if (!handler) {
    throw new UserError(
      `"${exercise.id}" is a ${exercise.kind} exercise, and this version of AI Engineering Practice cannot check that kind yet.`,
      'Update the extension or the ai-practice CLI.',
    );
  }
  const folder = exerciseFolder(workspace, exercise.id);
  if (!existsSync(folder)) {
    throw new UserError(`"${exercise.id}" is not in this workspace (no ${PRACTICE_DIR}/${exercise.id} folder).`, `Start it first: \`ai-practice start ${exercise.id}\`.`);
  }
  await refuseFolderOutside(workspace, folder, exercise.id);
  if ('inProcess' in handler) return handler.run(exercise, folder, workspace, options);
  const runnerDir = path.dirname(options.runnerScript);
  // The learner process's copy and temp folder live here, made and removed by this process:
  // a judge killed at the time limit cannot leave them behind.
  const scratchDir = await mkdtemp(path.join(tmpdir(), 'ai-practice-check-'));
  try {
    const run = await runIsolated({
      script: options.runnerScript,
      job: handler.job(exercise, folder, workspace, { hostScript: path.join(runnerDir, 'learnerHost.js'), libDir: path.join(runnerDir, 'lib'), scratchDir }),
      cwd: folder,
      timeoutMs: exercise.timeoutSeconds * 1000,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return reportFromRun(exercise, handler, run);
  } finally {
    await rm(scratchDir, { recursive: true, force: true }).catch(() => undefined);
  }
}

function reportFromRun(exercise: PackExercise, handler: KindHandler, run: IsolatedRun): CheckReport {
  const durationMs = Math.round(run.durationMs);
  const output = run.output.trim() || undefined;
  switch (run.ended.kind) {
    case 'cancelled':
      throw new CheckCancelled();
    case 'timeout': {
      const seconds = Math.round(run.ended.ms / 1000);
      if (handler.runsLearnerCode) {
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
      `Remove the link, then \`ai-practice start ${id}\` scaffolds a real folder.`,
    );
  }
}

function workspaceRelative(workspace: string, file: string): string {
  return path.relative(workspace, file).split(path.sep).join('/');
}
