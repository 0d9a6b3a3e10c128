import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { isControlMessage, type WarmUp } from './job';
import { type IsolatedChild, scrubbedEnvironment, startIsolated } from './isolatedProcess';

/**
 * One check process (and the learner process it will use) started ahead of the next check, so
 * that a check from the editor does not wait for processes to boot: spawned, runtime loaded,
 * waiting for its job. Each is used ONCE: a process never serves two checks, so nothing one
 * check's learner code did can reach the next. The learner process is started by the check
 * process exactly as for a check (confinement.ts: the same namespaces, permission flags,
 * scrubbed environment and limits), in a scratch folder whose copy of the exercise is still
 * empty; the job, which exercise and its files, goes only when the check starts.
 *
 * A warm process that died, or was started with other settings (the runner script, the
 * environment, the learner's memory limit…), is not used: the check starts cold, as it would
 * without a pool. After each use the next one starts in the background, at low priority where
 * its priority can be raised again when it is used.
 */
export interface WarmSpec {
  /** dist/checkRunner.js */
  runnerScript: string;
  codeCacheRoot?: string | undefined;
  /** The learner process to start ahead (its host, libraries and limits); none for a kind that runs no learner code. */
  learner?: { hostScript: string; libDir: string; memoryMiB: number; preloadSdk: boolean } | undefined;
}

/** A warm check process handed to a check: its own from now on. */
export interface WarmProcess {
  child: IsolatedChild;
  /**
   * The scratch folder its learner process was started for (`code/` and `tmp/` in it), or
   * undefined; the pool removes it once the process has ended.
   */
  scratchDir: string | undefined;
}

interface Entry {
  key: string;
  child: IsolatedChild;
  scratchDir: string | undefined;
  learnerKey: string;
  lowered: boolean;
}

/** Niceness of a process started ahead: it yields to the editor and to the check running now. */
const LOW_PRIORITY = 10;

export class WarmPool {
  private entry: Entry | undefined;
  private disposed = false;
  /** Processes this pool started that have not ended yet: dispose waits for them. */
  private readonly alive = new Set<IsolatedChild>();
  /** Folders being removed (of processes taken, dropped or dead), once their process has ended. */
  private readonly cleanups = new Set<Promise<void>>();
  private readonly lowPriority: boolean;

  constructor(options: { lowPriority?: boolean } = {}) {
    this.lowPriority = options.lowPriority ?? canRaisePriorityAgain();
  }

  /**
   * The warm check process for `spec`, taken out of the pool (nobody else gets it), or
   * undefined: none is warm, it died, or it was started for other settings; start cold.
   */
  take(spec: WarmSpec): WarmProcess | undefined {
    const entry = this.entry;
    if (!entry) return undefined;
    this.entry = undefined;
    if (!entry.child.alive || entry.key !== keyOf(spec)) {
      this.discard(entry);
      return undefined;
    }
    if (entry.lowered && entry.child.pid !== undefined) setTreePriority(entry.child.pid, 0);
    // Its folder goes when it has ended (a check may take its answer before it has exited).
    this.track(entry.child.closed.then(() => removeDir(entry.scratchDir)));
    // A learner process started for other limits is dropped by the check process itself when
    // the job asks for others (confinement.ts), and the job's own starts cold.
    return { child: entry.child, scratchDir: entry.scratchDir };
  }

  /** Starts the next warm process for `spec` in the background, in place of any other. */
  refill(spec: WarmSpec): void {
    if (this.disposed) return;
    if (this.entry?.child.alive && this.entry.key === keyOf(spec) && this.entry.learnerKey === learnerKeyOf(spec)) return;
    if (this.entry) this.discard(this.entry);
    this.entry = undefined;
    let scratchDir: string | undefined;
    try {
      scratchDir = spec.learner ? mkdtempSync(path.join(os.tmpdir(), 'ai-practice-check-')) : undefined;
      if (scratchDir) for (const dir of ['code', 'tmp']) mkdirSync(path.join(scratchDir, dir));
    } catch {
      return; // no temp space now: the next check starts cold and says why if it cannot either
    }
    const child = startIsolated({ script: spec.runnerScript, cwd: scratchDir ?? os.tmpdir() });
    const lowered = this.lowPriority && child.pid !== undefined && setPriority(child.pid, LOW_PRIORITY);
    const entry: Entry = { key: keyOf(spec), child, scratchDir, learnerKey: learnerKeyOf(spec), lowered };
    this.alive.add(child);
    void child.closed.then(() => {
      this.alive.delete(child);
      // Died while it waited (or disposed): nobody will use it or its folder.
      if (this.entry === entry) {
        this.entry = undefined;
        this.track(removeDir(scratchDir));
      }
    });
    const warm: WarmUp = {
      t: 'warm',
      codeCacheRoot: spec.codeCacheRoot,
      ...(spec.learner && scratchDir
        ? {
            learner: {
              hostScript: spec.learner.hostScript,
              libDir: spec.learner.libDir,
              codeDir: path.join(scratchDir, 'code'),
              tmpDir: path.join(scratchDir, 'tmp'),
              memoryMiB: spec.learner.memoryMiB,
              preloadSdk: spec.learner.preloadSdk,
              codeCacheRoot: spec.codeCacheRoot,
            },
          }
        : {}),
    };
    child.prepare(warm as unknown as Parameters<IsolatedChild['prepare']>[0]);
    this.entry = entry;
  }

  /**
   * Resolves once the warm check process waiting now is ready (its runtime loaded, its learner
   * process started): true; false when none waits or it ended first.
   */
  async ready(): Promise<boolean> {
    const entry = this.entry;
    if (!entry) return false;
    const warmed = await entry.child.warmed;
    return isControlMessage(warmed) && warmed.t === 'warmed' && (entry.learnerKey === 'null' || warmed.learner) && entry.child.alive;
  }

  /** The pid of the warm check process waiting now, if any. */
  get warmPid(): number | undefined {
    return this.entry?.child.alive ? this.entry.child.pid : undefined;
  }

  /**
   * Kills every process the pool started, the warm one and any still running a check (the
   * learner processes with them), and removes their folders: no process of the pool is left.
   */
  async dispose(): Promise<void> {
    this.disposed = true;
    const entry = this.entry;
    this.entry = undefined;
    if (entry) this.discard(entry);
    // The learner processes too, by pid: they are in namespaces and sessions of their own,
    // and would otherwise go only when they hear that their parent went.
    const below = [...this.alive].flatMap((child) => (child.pid === undefined ? [] : descendantsOf(child.pid)));
    for (const child of this.alive) child.kill();
    for (const pid of below) kill(pid);
    await Promise.all([...this.alive].map((child) => child.closed));
    await Promise.all(this.cleanups);
    await gone(below);
  }

  private discard(entry: Entry): void {
    entry.child.kill();
    this.track(entry.child.closed.then(() => removeDir(entry.scratchDir)));
  }

  /** A folder's removal, which dispose waits for. */
  private track(cleanup: Promise<void>): void {
    this.cleanups.add(cleanup);
    void cleanup.then(() => this.cleanups.delete(cleanup));
  }
}

/** What a warm check process must have been started with to serve `spec`: the script, its environment, the cache. */
function keyOf(spec: WarmSpec): string {
  return JSON.stringify([spec.runnerScript, spec.codeCacheRoot ?? null, scrubbedEnvironment(process.env)]);
}

function learnerKeyOf(spec: WarmSpec): string {
  return JSON.stringify(spec.learner ?? null);
}

/** Removes a scratch folder without holding up the caller's thread (the editor's extension host). */
async function removeDir(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
}

function setPriority(pid: number, priority: number): boolean {
  try {
    os.setPriority(pid, priority);
    return true;
  } catch {
    return false;
  }
}

/** Sets the priority of `pid` and of the processes below it (the learner process, on Linux). */
function setTreePriority(pid: number, priority: number): void {
  setPriority(pid, priority);
  for (const child of descendantsOf(pid)) setPriority(child, priority);
}

/** The processes below `pid` (Linux, from /proc; elsewhere none). */
function descendantsOf(pid: number): number[] {
  if (process.platform !== 'linux') return [];
  const found: number[] = [];
  const visit = (id: number, depth: number): void => {
    let children: string[] = [];
    try {
      children = readFileSync(`/proc/${id}/task/${id}/children`, 'utf8').split(' ').filter((task) => task.trim());
    } catch {
      return; // gone
    }
    for (const child of children) {
      found.push(Number(child));
      if (depth < 8) visit(Number(child), depth + 1);
    }
  };
  visit(pid, 0);
  return found;
}

function kill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Resolves when none of `pids` runs any more (a zombie left to its parent counts as gone), or after 5 s. */
async function gone(pids: number[]): Promise<void> {
  const deadline = Date.now() + 5000;
  const running = (pid: number): boolean => {
    try {
      return !/^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  };
  while (pids.some(running) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}

/**
 * Whether this process may give a process its normal priority back once lowered: on Linux, as
 * root or with a nice limit that allows it; on Windows, always. Elsewhere (macOS) it may not, and
 * a warm process started at low priority would run its whole check slowly: it starts at normal.
 */
export function canRaisePriorityAgain(): boolean {
  if (process.platform === 'win32') return true;
  if (process.platform !== 'linux') return false;
  if (process.getuid?.() === 0) return true;
  try {
    const limit = /Max nice priority\s+(\d+)/.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1];
    return Number(limit ?? 0) >= 20;
  } catch {
    return false;
  }
}
