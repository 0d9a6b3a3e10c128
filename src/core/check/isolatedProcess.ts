import { type Serializable, spawn } from 'node:child_process';
import { isControlMessage } from './job';

/**
 * Runs a Node script in a child process that cannot take the caller down with it: a time
 * limit that kills the whole process tree, capped output, and an environment without the
 * caller's secrets. In VS Code the child is the extension host's own executable with
 * ELECTRON_RUN_AS_NODE, so nothing needs installing.
 *
 * The script receives `job` as its first IPC message and answers with one IPC message;
 * whatever it prints is kept as output, never parsed.
 */
export interface IsolatedRun {
  /** The script's answer, or undefined when it sent none. */
  answer: unknown;
  /** Why the process ended when it ended badly. */
  ended: { kind: 'ok' } | { kind: 'timeout'; ms: number } | { kind: 'cancelled' } | { kind: 'crashed'; code: number | null; signal: string | null };
  /** stdout and stderr interleaved, at most `outputLimit` characters. */
  output: string;
  outputTruncated: boolean;
  durationMs: number;
  /** A process started ahead said it had its job (one that did not may have died while it waited). */
  jobStarted?: boolean;
}

export interface IsolatedOptions {
  script: string;
  job: Serializable;
  cwd: string;
  timeoutMs: number;
  /** Variables to add to the scrubbed environment (e.g. a simulator's URL). */
  env?: Record<string, string>;
  outputLimit?: number;
  signal?: AbortSignal;
}

const DEFAULT_OUTPUT_LIMIT = 64 * 1024;

/**
 * The variables a child may inherit: what a process needs to find files, temp space and its
 * locale. Everything else (API keys, tokens, NODE_OPTIONS, proxies with credentials) stays out.
 */
const INHERITED = ['PATH', 'HOME', 'USERPROFILE', 'TMPDIR', 'TMP', 'TEMP', 'LANG', 'LC_ALL', 'TZ', 'SystemRoot', 'SYSTEMROOT', 'WINDIR', 'COMSPEC', 'PATHEXT'];

export function scrubbedEnvironment(source: NodeJS.ProcessEnv, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of INHERITED) {
    const value = source[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...extra, ELECTRON_RUN_AS_NODE: '1', NO_COLOR: '1' };
}

/** The process groups of the checks running now, so that a CLI told to stop can take them down. */
const running = new Set<number>();

/** Kills every check this process started and that still runs; how many there were. */
export function stopAllIsolated(): number {
  const count = running.size;
  for (const pid of running) killTree(pid);
  running.clear();
  return count;
}

export function runIsolated(options: IsolatedOptions): Promise<IsolatedRun> {
  return startIsolated(options).run(options);
}

/** What starting a check process takes: the script and where it runs; the job comes later. */
export type IsolatedStart = Pick<IsolatedOptions, 'script' | 'cwd' | 'env' | 'outputLimit'>;

/**
 * What running the job takes: the job, its time limit and what cancels it; with `settlesOn`,
 * an answer it accepts ends the run at once, while the process still exits (its output is
 * then what came before the answer; `closed` says when it is gone).
 */
export type IsolatedJob = Pick<IsolatedOptions, 'job' | 'timeoutMs' | 'signal'> & { settlesOn?: (answer: unknown) => boolean };

/**
 * A check process started and waiting for its job: `run` hands it the job (once), and the time
 * limit counts from then. Started ahead, it loads its runtime before the check (warmPool.ts).
 */
export interface IsolatedChild {
  readonly pid: number | undefined;
  /** False once it ended (or never started): it can run no job. */
  readonly alive: boolean;
  /** Resolves when it has ended and its output is complete. */
  readonly closed: Promise<void>;
  /** What it said once ready, when it was started ahead and told to get ready (`prepare`); undefined if it ended first. */
  readonly warmed: Promise<unknown>;
  /** Sends a message ahead of the job (what to get ready); the job stays to come. */
  prepare(message: Serializable): void;
  run(job: IsolatedJob): Promise<IsolatedRun>;
  /** Kills it and whatever it started. */
  kill(): void;
}

export function startIsolated(options: IsolatedStart): IsolatedChild {
  const limit = options.outputLimit ?? DEFAULT_OUTPUT_LIMIT;
  const child = spawn(process.execPath, [options.script], {
    cwd: options.cwd,
    env: scrubbedEnvironment(process.env, options.env),
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    // Its own process group on POSIX, so that a timeout kills what the script started too.
    detached: process.platform !== 'win32',
    windowsHide: true,
  });
  if (child.pid !== undefined) running.add(child.pid);
  let output = '';
  let outputTruncated = false;
  let answer: unknown;
  let ended: IsolatedRun['ended'] | undefined;
  let exit: { code: number | null; signal: string | null } | undefined;
  let onClose: (() => void) | undefined;
  let taken = false;
  const collect = (chunk: Buffer): void => {
    if (outputTruncated) return;
    const text = chunk.toString('utf8');
    if (output.length + text.length > limit) {
      output += text.slice(0, limit - output.length);
      outputTruncated = true;
    } else output += text;
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let onAnswer: (() => void) | undefined;
  let jobStarted = false;
  let onWarmed: ((message: unknown) => void) | undefined;
  const warmed = new Promise<unknown>((resolve) => {
    onWarmed = resolve;
  });
  child.on('message', (message) => {
    // A process started ahead says when it is ready and when its job came; neither is its answer.
    if (isControlMessage(message)) {
      if (message.t === 'warmed') onWarmed?.(message);
      else jobStarted = true;
      return;
    }
    answer = message;
    onAnswer?.();
  });
  const closed = new Promise<void>((resolve) => {
    const finish = (code: number | null, signal: string | null): void => {
      if (exit) return;
      exit = { code, signal };
      if (child.pid !== undefined) running.delete(child.pid);
      resolve();
      onClose?.();
    };
    child.on('error', (error) => {
      collect(Buffer.from(`could not start ${process.execPath}: ${error.message}\n`));
      finish(null, null);
    });
    // Whatever the script left running in its process group goes with it; that also closes
    // the pipes a leftover grandchild would hold open. 'close' then waits for stdio to drain,
    // so the output is complete.
    child.on('exit', () => killTree(child.pid));
    child.on('close', finish);
  });
  const send = (message: Serializable, what: string): void => {
    if (exit) return;
    child.send(message, (error) => {
      if (error) collect(Buffer.from(`could not hand the ${what} to the check process: ${error.message}\n`));
    });
  };
  return {
    pid: child.pid,
    get alive() {
      return exit === undefined && child.pid !== undefined;
    },
    closed,
    warmed: Promise.race([warmed, closed.then(() => undefined)]),
    prepare: (message) => send(message, 'preparation'),
    kill: () => killTree(child.pid),
    run(job) {
      if (taken) throw new Error('a check process runs one job only');
      taken = true;
      const started = performance.now();
      return new Promise((resolve) => {
        const stop = (reason: IsolatedRun['ended']): void => {
          ended ??= reason;
          killTree(child.pid);
        };
        const timer = setTimeout(() => stop({ kind: 'timeout', ms: job.timeoutMs }), job.timeoutMs);
        const onAbort = (): void => stop({ kind: 'cancelled' });
        job.signal?.addEventListener('abort', onAbort, { once: true });
        if (job.signal?.aborted) onAbort();
        let settled = false;
        const settle = (how: IsolatedRun['ended']): void => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          job.signal?.removeEventListener('abort', onAbort);
          ended ??= how;
          resolve({ answer, ended, jobStarted, output: outputTruncated ? `${output}\n… output cut at ${Math.round(limit / 1024)} KiB` : output, outputTruncated, durationMs: performance.now() - started });
        };
        onClose = (): void => {
          const { code, signal } = exit ?? { code: null, signal: null };
          // A script that answered and exited 0 ended well; anything else is a crash.
          settle(code === 0 ? { kind: 'ok' } : { kind: 'crashed', code, signal });
        };
        if (job.settlesOn) onAnswer = () => {
          if (ended === undefined && job.settlesOn?.(answer)) settle({ kind: 'ok' });
        };
        if (exit) onClose();
        else send(job.job, 'job');
      });
    },
  };
}

function killTree(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    if (process.platform === 'win32') {
      spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
    } else {
      process.kill(-pid, 'SIGKILL');
    }
  } catch {
    // Already gone.
  }
}
