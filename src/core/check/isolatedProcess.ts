import { type Serializable, spawn } from 'node:child_process';

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
  const started = performance.now();
  const limit = options.outputLimit ?? DEFAULT_OUTPUT_LIMIT;
  return new Promise((resolve) => {
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
    child.on('message', (message) => {
      answer = message;
    });
    const stop = (reason: IsolatedRun['ended']): void => {
      ended ??= reason;
      killTree(child.pid);
    };
    const timer = setTimeout(() => stop({ kind: 'timeout', ms: options.timeoutMs }), options.timeoutMs);
    const onAbort = (): void => stop({ kind: 'cancelled' });
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) onAbort();

    const finish = (code: number | null, signal: string | null): void => {
      clearTimeout(timer);
      if (child.pid !== undefined) running.delete(child.pid);
      options.signal?.removeEventListener('abort', onAbort);
      // A script that answered and exited 0 ended well; anything else is a crash.
      ended ??= code === 0 ? { kind: 'ok' } : { kind: 'crashed', code, signal };
      if (outputTruncated) output += `\n… output cut at ${Math.round(limit / 1024)} KiB`;
      resolve({ answer, ended, output, outputTruncated, durationMs: performance.now() - started });
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
    child.send(options.job, (error) => {
      if (error) collect(Buffer.from(`could not hand the job to the check process: ${error.message}\n`));
    });
  });
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
