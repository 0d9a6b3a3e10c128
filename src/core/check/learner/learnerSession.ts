import { existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { type Confinement, DEFAULT_MEMORY_MIB, startProcess } from './confinement';
import { copyLearnerFiles } from './learnerCopy';
import type { CallOutcome, LearnerProcess } from './learnerProcess';
import type { Thrown } from './messages';
import type { VirtualClock } from './virtualClock';

export interface LearnerSessionOptions {
  hostScript: string;
  libDir: string;
  /** The exercise folder in the workspace. */
  folder: string;
  /** The learner's module, relative to `folder`. */
  entry: string;
  /** How the folder is named in messages (relative to the workspace). */
  shownFolder: string;
  /** An empty folder for the copy and the temp folder; its owner removes it, however the check ends. */
  scratchDir: string;
  memoryMiB?: number;
  /** The learner's function gets an SDK client: the process loads the SDK as it starts. */
  preloadSdk?: boolean;
  codeCacheRoot?: string | undefined;
}

/** How many times a check starts the learner process again after it ended (a time-out, a crash). */
const MAX_RESTARTS = 2;

/**
 * The learner's module, loaded in a learner process, ready to be called: a fresh process
 * after a call that timed out or killed it. Paths in what it reports point at the learner's
 * files in the workspace, not at the copy it ran.
 */
export class LearnerSession {
  private current: LearnerProcess | undefined;
  private readonly codeDir: string;
  private readonly tmpDir: string;
  private nextCall = 0;
  private restarts = 0;
  private lastDeath = '';
  confinement: Confinement | undefined;

  constructor(private readonly options: LearnerSessionOptions) {
    this.codeDir = path.join(options.scratchDir, 'code');
    this.tmpDir = path.join(options.scratchDir, 'tmp');
  }

  /** Copies the learner's files, starts the process and loads the module: its exported functions, or why it does not load. */
  async open(): Promise<{ exports: string[] } | { loadError: Thrown } | { died: string }> {
    // Synchronous up to the spawn, so the process starts before the caller's next synchronous work.
    mkdirSync(this.tmpDir, { recursive: true });
    copyLearnerFiles(this.options.folder, this.codeDir, this.options.shownFolder);
    return this.start();
  }

  private async start(): Promise<{ exports: string[] } | { loadError: Thrown } | { died: string }> {
    const entry = path.join(this.codeDir, ...this.options.entry.split('/'));
    const present = existsSync(entry);
    const started = await startProcess({
      hostScript: this.options.hostScript,
      libDir: this.options.libDir,
      codeDir: this.codeDir,
      tmpDir: this.tmpDir,
      memoryMiB: this.options.memoryMiB ?? DEFAULT_MEMORY_MIB,
      preloadSdk: this.options.preloadSdk ?? false,
      codeCacheRoot: this.options.codeCacheRoot,
      entry: present ? entry : undefined,
    });
    this.current = started.process;
    this.confinement = started.confinement;
    if (!present || !started.loading) return { died: `${this.options.shownFolder}/${this.options.entry} is missing` };
    const loaded = await started.loading;
    if (loaded.t === 'loaded') return { exports: loaded.exports };
    if (loaded.t === 'loadFailed') return { loadError: this.mapError(loaded.error) };
    return { died: loaded.t === 'died' ? loaded.why : 'it answered out of turn' };
  }

  async call(name: string, args: unknown, options: { timeoutMs: number; client?: { baseURL: string; maxRetries: number }; clock?: VirtualClock }): Promise<CallOutcome> {
    if (!this.current?.alive) {
      if (this.restarts >= MAX_RESTARTS) return { kind: 'died', why: `it was not run, since your code's process had already ended ${MAX_RESTARTS + 1} times in this check (the last time: ${this.lastDeath})` };
      this.restarts += 1;
      const restarted = await this.start();
      if (!('exports' in restarted)) return { kind: 'died', why: 'loadError' in restarted ? `${restarted.loadError.name}: ${restarted.loadError.message}` : restarted.died };
    }
    const outcome = await (this.current as LearnerProcess).call(this.nextCall++, name, args, options.client, options.timeoutMs, options.clock);
    if (outcome.kind === 'died') this.lastDeath = outcome.why;
    if (outcome.kind === 'timedOut' && outcome.virtualMs === undefined) {
      this.lastDeath = `it did not return within ${options.timeoutMs / 1000} s`;
      // It was killed: the next call waits for it to be gone, not to be answered "it ended" by a dying process.
      await this.current?.exited;
    }
    return outcome.kind === 'threw' ? { kind: 'threw', error: this.mapError(outcome.error) } : outcome;
  }

  /** What the learner's code printed since the last call of this, with paths mapped back. */
  takeOutput(): string {
    return this.mapPaths(this.current?.takeOutput() ?? '');
  }

  /** Stops the process; the scratch folder is its owner's to remove. */
  async close(): Promise<void> {
    this.current?.kill();
    await this.current?.exited;
  }

  private mapError(error: Thrown): Thrown {
    return { ...error, message: this.mapPaths(error.message), ...(error.stack ? { stack: this.mapPaths(error.stack) } : {}) };
  }

  private mapPaths(text: string): string {
    return text.split(this.codeDir).join(this.options.folder);
  }
}
