import type Anthropic from '@anthropic-ai/sdk';
import * as path from 'node:path';
import type { CheckAnswer } from '../job';
import type { CheckLocation } from '../report';
import { LearnerFilesRefused } from './learnerCopy';
import type { Confinement } from './confinement';
import type { CallOutcome } from './learnerProcess';
import { LearnerSession } from './learnerSession';
import type { Thrown } from './messages';
import { errorAsData } from './protocol';
import type { VirtualClock } from './virtualClock';

/** What the judge needs to run a learner's module: where it is, what to call, how much memory it may take. */
export interface LearnerCodeJob {
  /** The exercise folder in the workspace. */
  folder: string;
  /** The learner's module, relative to `folder` (forward slashes). */
  entry: string;
  entryPath: string;
  /** The learner's module relative to the workspace, for locations. */
  entryFile: string;
  exportName: string;
  /** Whether the function gets an SDK client: the learner process then loads the SDK while the judge prepares. */
  preloadSdk?: boolean;
  /** The exercise folder relative to the workspace, for messages. */
  folderFile: string;
  /** An empty folder the caller made and removes after the check, however it ends. */
  scratchDir: string;
  memoryMiB?: number;
  /** dist/learnerHost.js and dist/lib/, beside the judge; where cached library code is kept. */
  runtime: { hostScript: string; libDir: string; codeCacheRoot?: string };
}

/** A function under test: the learner's, in the learner process, or the harness's own, here. */
export type Callee = (args: unknown, context: { timeoutMs: number; client?: { baseURL: string; maxRetries: number }; clock?: VirtualClock }) => Promise<CallOutcome>;

/** The learner's module, loaded in a confined learner process. */
export interface LearnerCode {
  exports: string[];
  confinement: Confinement;
  callee(name: string): Callee;
  /** What the learner's code printed since the last call of this. */
  takeOutput(): string;
  close(): Promise<void>;
}

type Opening = ReturnType<typeof openLearnerCode>;
const openedEarly = new WeakMap<LearnerCodeJob, Opening>();

/**
 * Starts opening the learner's code the moment the check process has its job, so the learner
 * process boots while the judge loads its libraries and the harness; `judgeLearnerCode` on the
 * same job takes it over.
 */
export function openLearnerCodeEarly(job: LearnerCodeJob): void {
  const opening = openLearnerCode(job);
  opening.catch(() => undefined); // judgeLearnerCode hears the failure
  openedEarly.set(job, opening);
}

/** Opens the learner's module in a learner process, or the failed answer that says why it cannot run. */
export async function openLearnerCode(job: LearnerCodeJob): Promise<{ code: LearnerCode } | { answer: CheckAnswer }> {
  const session = new LearnerSession({
    hostScript: job.runtime.hostScript,
    libDir: job.runtime.libDir,
    codeCacheRoot: job.runtime.codeCacheRoot,
    folder: job.folder,
    entry: job.entry,
    shownFolder: job.folderFile,
    scratchDir: job.scratchDir,
    preloadSdk: job.preloadSdk ?? false,
    ...(job.memoryMiB === undefined ? {} : { memoryMiB: job.memoryMiB }),
  });
  let opened: Awaited<ReturnType<LearnerSession['open']>>;
  try {
    opened = await session.open();
  } catch (error) {
    await session.close();
    if (error instanceof LearnerFilesRefused) return { answer: failedToLoad(job, error.message) };
    throw error;
  }
  const confinement = session.confinement as Confinement;
  if (!('exports' in opened)) {
    const output = session.takeOutput();
    await session.close();
    const answer = 'loadError' in opened ? failedToLoad(job, `${opened.loadError.name}: ${opened.loadError.message}`, locate(opened.loadError, job)) : failedToLoad(job, `it could not run: ${opened.died}`, undefined, output);
    return { answer: { ...answer, confinement } as CheckAnswer };
  }
  if (!opened.exports.includes(job.exportName)) {
    await session.close();
    return { answer: { ...failedToLoad(job, `${job.entryFile} must export a function named ${job.exportName}; it exports ${opened.exports.length > 0 ? opened.exports.join(', ') : 'no function'}.`), confinement } as CheckAnswer };
  }
  return {
    code: {
      exports: opened.exports,
      confinement,
      callee: (name) => (args, context) => session.call(name, args, context),
      takeOutput: () => session.takeOutput(),
      close: () => session.close(),
    },
  };
}

/**
 * Opens the learner's code and, while its process starts, `prepare`s the judge's side (loads
 * the harness, runs a baseline); then `judge`s with both, and closes the learner process
 * however that ends. A judge that cannot be prepared is the harness's failure.
 */
export async function judgeLearnerCode<T>(
  job: LearnerCodeJob,
  prepare: () => Promise<{ ready: T } | { failed: CheckAnswer }>,
  judge: (code: LearnerCode, ready: T) => Promise<CheckAnswer>,
): Promise<CheckAnswer> {
  const opening = openedEarly.get(job) ?? openLearnerCode(job);
  openedEarly.delete(job);
  const prepared = await prepare().catch(async (error: unknown) => {
    await opening.then((opened) => ('code' in opened ? opened.code.close() : undefined));
    throw error;
  });
  const opened = await opening;
  if ('failed' in prepared) {
    if ('code' in opened) await opened.code.close();
    return prepared.failed;
  }
  if ('answer' in opened) return opened.answer;
  try {
    const answer = await judge(opened.code, prepared.ready);
    return answer.ok ? { ...answer, confinement: opened.code.confinement } : answer;
  } finally {
    await opened.code.close();
  }
}

/** A harness's own function (a baseline), called here with a real SDK client, on the same terms. */
export function localCallee(fn: (args: Record<string, unknown>) => Promise<unknown>): Callee {
  return async (args, context) => {
    const input = { ...(args as Record<string, unknown>) };
    if (context.client) {
      // Loaded here only: the judge of the other kinds never needs the SDK (the learner process has its own).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { default: Sdk } = require('@anthropic-ai/sdk') as { default: typeof Anthropic };
      input.client = new Sdk({ apiKey: 'sk-ant-simulator', baseURL: context.client.baseURL, maxRetries: context.client.maxRetries });
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<CallOutcome>((resolve) => {
        timer = setTimeout(() => resolve({ kind: 'timedOut' }), context.timeoutMs);
      });
      return await Promise.race([fn(input).then((value): CallOutcome => ({ kind: 'returned', value: JSON.parse(JSON.stringify(value) ?? 'null') as unknown })), timeout]);
    } catch (error) {
      return { kind: 'threw', error: errorAsData(error) };
    } finally {
      clearTimeout(timer);
    }
  };
}

/** An exception in words: the API's own message for an API error, else name and message. */
export function describeThrown(error: unknown): string {
  // An API error (by its shape: the judge does not load the SDK to ask instanceof).
  if (error instanceof Error && typeof (error as { status?: unknown }).status === 'number') return describeThrownData(errorAsData(error));
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** The same, for an exception that came from the learner process as data. */
export function describeThrownData(error: Thrown): string {
  if (error.status !== undefined) {
    const body = error.body as { error?: { type?: string; message?: string } } | undefined;
    return `the API answered ${error.status} ${body?.error?.type ?? ''}: ${body?.error?.message ?? error.message}`.replace('  ', ' ');
  }
  return `${error.name}: ${error.message}`;
}

/** Where in the learner's file the exception came from, from its message (a syntax error) or stack. */
export function locate(error: Thrown, job: Pick<LearnerCodeJob, 'entryPath' | 'entryFile'>): CheckLocation | undefined {
  const fromMessage = error.name === 'SyntaxError' ? error.message : '';
  for (const text of [fromMessage, error.stack ?? '']) {
    const match = new RegExp(`${escapeRegExp(job.entryPath)}:(\\d+):(\\d+)`).exec(text);
    if (match) return { file: job.entryFile, line: Number(match[1]), column: Number(match[2]) };
  }
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').split(path.sep).join('[\\\\/]');
}

export function failedToLoad(job: Pick<LearnerCodeJob, 'entryFile'>, message: string, location?: CheckLocation, output?: string): CheckAnswer {
  return {
    ok: true,
    message: `${job.entryFile} does not load, so no scenario could run.`,
    tests: [{ name: `${job.entryFile} loads`, status: 'fail', message, ...(location ? { location } : {}), ...(output?.trim() ? { output: output.trim() } : {}) }],
  };
}
