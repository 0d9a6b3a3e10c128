import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { scrubbedEnvironment } from '../isolatedProcess';
import { copyLearnerFiles } from './learnerCopy';
import { learnerMessageSchema, type LearnerMessage, lendFunctions, type Thrown } from './messages';
import { encodeFrame, FrameReader, type JudgeMessage } from './protocol';

/**
 * The learner process, seen from the judge. It runs dist/learnerHost.js and the learner's
 * code and nothing else, as confined as this platform allows, tried in this order:
 *
 * - `namespaces`: under `unshare` in its own user and PID namespaces (Linux), so it can see,
 *   signal or trace no process but its own, and whatever it starts dies with it; plus
 * - `permission`: Node's permission model: it reads only its copy of the exercise and the
 *   libraries, writes only its own temp folder, and starts no process, worker or addon.
 *
 * A level that does not start here (no `unshare`, user namespaces off, a runtime without the
 * permission model) is recorded as missing and the next one is tried; the report says
 * `confined: false` unless both hold. A heap limit and a resident-memory watchdog bound its
 * memory; the judge's clock bounds its time.
 */
export type ConfinementLayer = 'namespaces' | 'permission';

export interface Confinement {
  confined: boolean;
  layers: ConfinementLayer[];
  /** What is not covered here, in words. */
  missing: string[];
}

export const DEFAULT_MEMORY_MIB = 1024;

const LEVELS: ConfinementLayer[][] = [['namespaces', 'permission'], ['permission'], []];
/** The first level that started in this process, so later checks do not try the others again. */
let workingLevel: number | undefined;
/** Why a layer did not start here: the first line the failed start printed. */
const whyNot = new Map<ConfinementLayer, string>();

export type CallOutcome =
  | { kind: 'returned'; value: unknown }
  | { kind: 'threw'; error: Thrown }
  | { kind: 'timedOut' }
  /** The process ended or broke the protocol: its exit, the memory limit, a forged frame. */
  | { kind: 'died'; why: string };

interface Waiter {
  settle(outcome: CallOutcome): void;
  functions: ((...args: unknown[]) => unknown)[];
}

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) killProcess(child);
});

export interface LearnerProcessOptions {
  hostScript: string;
  libDir: string;
  /** The copy of the exercise folder: the only files the learner process may read. */
  codeDir: string;
  /** Its temp folder: the only place it may write. */
  tmpDir: string;
  memoryMiB: number;
}

class LearnerProcess {
  private readonly reader = new FrameReader();
  private waiters = new Map<number, Waiter>();
  private loadWaiter: ((message: LearnerMessage | { t: 'died'; why: string }) => void) | undefined;
  private readyWaiter: ((ready: boolean) => void) | undefined;
  private output = '';
  private outputCut = false;
  private deathReason: string | undefined;
  private readonly watchdog: NodeJS.Timeout | undefined;
  readonly exited: Promise<void>;

  constructor(
    private readonly child: ChildProcess,
    private readonly memoryMiB: number,
  ) {
    live.add(child);
    const collect = (chunk: Buffer): void => {
      if (this.outputCut) return;
      this.output += chunk.toString('utf8');
      if (this.output.length > OUTPUT_LIMIT) {
        this.output = `${this.output.slice(0, OUTPUT_LIMIT)}\n… output cut at ${OUTPUT_LIMIT / 1024} KiB`;
        this.outputCut = true;
      }
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    (child.stdio[3] as Readable | null)?.on('data', (chunk: Buffer) => {
      for (const event of this.reader.push(chunk)) {
        if ('problem' in event) this.die(`your code wrote ${event.problem} to the check's channel`);
        else this.receive(event.message);
      }
    });
    (child.stdin as Writable | null)?.on('error', () => undefined);
    this.exited = new Promise((resolve) => {
      child.on('error', (error) => {
        this.die(`could not start: ${error.message}`);
        resolve();
      });
      child.on('close', (code, signal) => {
        live.delete(child);
        if (this.watchdog) clearInterval(this.watchdog);
        const outOfMemory = /heap out of memory|Reached heap limit/.test(this.output);
        this.die(outOfMemory ? `your code ran out of memory (the limit is ${this.memoryMiB} MiB)` : `your code ended the process (${signal ?? `exit code ${String(code)}`})`);
        resolve();
      });
    });
    if (process.platform === 'linux' && child.pid !== undefined) {
      const pid = child.pid;
      this.watchdog = setInterval(() => {
        if (treeResidentMiB(pid) > this.memoryMiB) this.die(`your code used more than ${this.memoryMiB} MiB of memory and was stopped`);
      }, 100);
    }
  }

  /** Resolves true once the host has started (before any learner code loads), false if it ended first. */
  ready(): Promise<boolean> {
    if (this.deathReason) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.readyWaiter = resolve;
    });
  }

  /** Why it ended before it was ready: the first line it printed, else how it ended. */
  startupProblem(): string {
    return (this.output.trim().split('\n')[0] ?? '').slice(0, 160) || this.deathReason || 'it did not start';
  }

  load(entry: string): Promise<LearnerMessage | { t: 'died'; why: string }> {
    if (this.deathReason) return Promise.resolve({ t: 'died', why: this.deathReason });
    return new Promise((resolve) => {
      this.loadWaiter = resolve;
      this.send({ t: 'load', entry });
    });
  }

  call(call: number, name: string, args: unknown, client: { baseURL: string; maxRetries: number } | undefined, timeoutMs: number): Promise<CallOutcome> {
    if (this.deathReason) return Promise.resolve({ kind: 'died', why: this.deathReason });
    const { data, functions } = lendFunctions(args);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        settle({ kind: 'timedOut' });
        // A loop that does not yield never reads another frame: stop it.
        this.kill();
      }, timeoutMs);
      const settle = (outcome: CallOutcome): void => {
        clearTimeout(timer);
        if (!this.waiters.delete(call)) return;
        resolve(outcome);
      };
      this.waiters.set(call, { settle, functions });
      this.send({ t: 'call', call, name, args: data, ...(client ? { client } : {}) });
    });
  }

  /** What the process printed since the last call of this. */
  takeOutput(): string {
    const text = this.output;
    this.output = '';
    this.outputCut = false;
    return text;
  }

  kill(): void {
    killProcess(this.child);
  }

  get alive(): boolean {
    return this.deathReason === undefined;
  }

  private send(message: JudgeMessage): void {
    const stdin = this.child.stdin;
    if (stdin && !stdin.destroyed) stdin.write(encodeFrame(message));
  }

  private receive(raw: unknown): void {
    const parsed = learnerMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.die(`your code wrote a message the check does not accept to its channel (${parsed.error.issues[0]?.message ?? 'bad shape'})`);
      return;
    }
    const message = parsed.data;
    switch (message.t) {
      case 'ready':
        this.readyWaiter?.(true);
        this.readyWaiter = undefined;
        return;
      case 'loaded':
      case 'loadFailed': {
        const waiter = this.loadWaiter;
        this.loadWaiter = undefined;
        waiter?.(message);
        return;
      }
      case 'returned':
        this.waiters.get(message.call)?.settle({ kind: 'returned', value: message.value });
        return;
      case 'threw':
        this.waiters.get(message.call)?.settle({ kind: 'threw', error: message.error });
        return;
      case 'invoke':
        void this.invoke(message);
        return;
    }
  }

  private async invoke(message: Extract<LearnerMessage, { t: 'invoke' }>): Promise<void> {
    const fn = this.waiters.get(message.call)?.functions[message.fn];
    if (!fn) {
      this.send({ t: 'settled', invocation: message.invocation, ok: false, error: { name: 'Error', message: 'That function is no longer available.' } });
      return;
    }
    try {
      const value: unknown = await fn(...message.args);
      this.send({ t: 'settled', invocation: message.invocation, ok: true, value: value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown) });
    } catch (error) {
      const thrown = error instanceof Error ? error : new Error(String(error));
      this.send({ t: 'settled', invocation: message.invocation, ok: false, error: { name: thrown.name, message: thrown.message } });
    }
  }

  private die(why: string): void {
    if (this.deathReason) return;
    this.deathReason = why;
    this.kill();
    this.readyWaiter?.(false);
    this.readyWaiter = undefined;
    this.loadWaiter?.({ t: 'died', why });
    this.loadWaiter = undefined;
    for (const waiter of [...this.waiters.values()]) waiter.settle({ kind: 'died', why });
  }
}

const OUTPUT_LIMIT = 64 * 1024;

function killProcess(child: ChildProcess): void {
  try {
    child.kill('SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Resident memory of `pid` and every process below it, from /proc (Linux). */
function treeResidentMiB(pid: number): number {
  let kib = 0;
  const visit = (id: number, depth: number): void => {
    try {
      const status = readFileSync(`/proc/${id}/status`, 'utf8');
      kib += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      if (depth > 8) return;
      for (const task of readFileSync(`/proc/${id}/task/${id}/children`, 'utf8').split(' ')) {
        if (task.trim()) visit(Number(task), depth + 1);
      }
    } catch {
      // Gone while we looked.
    }
  };
  visit(pid, 0);
  return kib / 1024;
}

/** The Node flags that confine a process to `options`' folders, for this runtime. */
function permissionFlags(options: LearnerProcessOptions): string[] {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const stable = major > 23 || (major === 23 && minor >= 5) || (major === 22 && minor >= 13);
  const quiet = major > 21 || (major === 21 && minor >= 3) || (major === 20 && minor >= 11);
  return [
    stable ? '--permission' : '--experimental-permission',
    ...(quiet && !stable ? ['--disable-warning=ExperimentalWarning'] : []),
    `--allow-fs-read=${options.codeDir}`,
    `--allow-fs-read=${options.libDir}`,
    `--allow-fs-read=${options.hostScript}`,
    `--allow-fs-write=${options.tmpDir}`,
  ];
}

const MISSING_TEXT: Record<ConfinementLayer, string> = {
  namespaces: 'not in its own process namespaces: it can see and signal your other processes',
  permission: "no file-system confinement (Node's permission model): it can read and write what you can",
};

function commandFor(layers: ConfinementLayer[], options: LearnerProcessOptions): { file: string; args: string[] } {
  const node = [...(layers.includes('permission') ? permissionFlags(options) : []), `--max-old-space-size=${options.memoryMiB}`, options.hostScript];
  if (!layers.includes('namespaces')) return { file: process.execPath, args: node };
  return { file: 'unshare', args: ['--user', '--map-root-user', '--pid', '--fork', '--kill-child', '--mount-proc', process.execPath, ...node] };
}

/** Starts the learner process at the most confined level that starts here. */
async function startProcess(options: LearnerProcessOptions): Promise<{ process: LearnerProcess; confinement: Confinement }> {
  const first = workingLevel ?? (process.platform === 'linux' ? 0 : 1);
  let lastWhy = 'no reason given';
  for (let level = first; level < LEVELS.length; level += 1) {
    const layers = LEVELS[level] as ConfinementLayer[];
    const { file, args } = commandFor(layers, options);
    const child = spawn(file, args, {
      cwd: options.codeDir,
      env: scrubbedEnvironment(process.env, { TMPDIR: options.tmpDir, TMP: options.tmpDir, TEMP: options.tmpDir, HOME: options.tmpDir, USERPROFILE: options.tmpDir }),
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const learner = new LearnerProcess(child, options.memoryMiB);
    if (await learner.ready()) {
      workingLevel = level;
      const missing = (['namespaces', 'permission'] as const).filter((layer) => !layers.includes(layer)).map((layer) => `${MISSING_TEXT[layer]}${whyNot.has(layer) ? ` (${whyNot.get(layer) ?? ''})` : ''}`);
      return { process: learner, confinement: { confined: layers.length === 2, layers, missing } };
    }
    const why = learner.startupProblem();
    for (const layer of layers.filter((candidate) => !(LEVELS[level + 1] ?? []).includes(candidate))) whyNot.set(layer, why);
    lastWhy = why;
  }
  throw new Error(`The learner process does not start with ${process.execPath}: ${lastWhy}`);
}

/**
 * How a learner process would be confined here, found by starting one that loads no learner
 * code: a grader asks before running anyone's code.
 */
export async function probeConfinement(runtime: { hostScript: string; libDir: string }, scratchDir: string): Promise<Confinement> {
  const codeDir = path.join(scratchDir, 'code');
  const tmpDir = path.join(scratchDir, 'tmp');
  await Promise.all([fs.mkdir(codeDir, { recursive: true }), fs.mkdir(tmpDir, { recursive: true })]);
  const started = await startProcess({ ...runtime, codeDir, tmpDir, memoryMiB: DEFAULT_MEMORY_MIB });
  started.process.kill();
  await started.process.exited;
  return started.confinement;
}

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
  private root = '';
  private codeDir = '';
  private nextCall = 0;
  private restarts = 0;
  private lastDeath = '';
  confinement: Confinement | undefined;

  constructor(private readonly options: LearnerSessionOptions) {}

  /** Copies the learner's files, starts the process and loads the module: its exported functions, or why it does not load. */
  async open(): Promise<{ exports: string[] } | { loadError: Thrown } | { died: string }> {
    this.root = this.options.scratchDir;
    this.codeDir = path.join(this.root, 'code');
    // Synchronous up to the spawn, so the process starts before the caller's next synchronous work.
    mkdirSync(path.join(this.root, 'tmp'), { recursive: true });
    copyLearnerFiles(this.options.folder, this.codeDir, this.options.shownFolder);
    return this.start();
  }

  private async start(): Promise<{ exports: string[] } | { loadError: Thrown } | { died: string }> {
    const tmpDir = path.join(this.root, 'tmp');
    const started = await startProcess({ hostScript: this.options.hostScript, libDir: this.options.libDir, codeDir: this.codeDir, tmpDir, memoryMiB: this.options.memoryMiB ?? DEFAULT_MEMORY_MIB });
    this.current = started.process;
    this.confinement = started.confinement;
    const entry = path.join(this.codeDir, ...this.options.entry.split('/'));
    if (!existsSync(entry)) return { died: `${this.options.shownFolder}/${this.options.entry} is missing` };
    const loaded = await this.current.load(entry);
    if (loaded.t === 'loaded') return { exports: loaded.exports };
    if (loaded.t === 'loadFailed') return { loadError: this.mapError(loaded.error) };
    return { died: loaded.t === 'died' ? loaded.why : 'it answered out of turn' };
  }

  async call(name: string, args: unknown, options: { timeoutMs: number; client?: { baseURL: string; maxRetries: number } }): Promise<CallOutcome> {
    if (!this.current?.alive) {
      if (this.restarts >= MAX_RESTARTS) return { kind: 'died', why: `not run: your code's process already ended ${MAX_RESTARTS + 1} times in this check (last: ${this.lastDeath})` };
      this.restarts += 1;
      const restarted = await this.start();
      if (!('exports' in restarted)) return { kind: 'died', why: 'loadError' in restarted ? `${restarted.loadError.name}: ${restarted.loadError.message}` : restarted.died };
    }
    const outcome = await (this.current as LearnerProcess).call(this.nextCall++, name, args, options.client, options.timeoutMs);
    if (outcome.kind === 'died') this.lastDeath = outcome.why;
    if (outcome.kind === 'timedOut') this.lastDeath = `it did not return within ${options.timeoutMs / 1000} s`;
    return outcome.kind === 'threw' ? { kind: 'threw', error: this.mapError(outcome.error) } : outcome;
  }

  /** What the learner's code printed since the last call of this, with paths mapped back. */
  takeOutput(): string {
    return this.mapPaths(this.current?.takeOutput() ?? '');
  }

  async close(): Promise<void> {
    this.current?.kill();
    await this.current?.exited;
    if (this.root) await fs.rm(this.root, { recursive: true, force: true }).catch(() => undefined);
  }

  private mapError(error: Thrown): Thrown {
    return { ...error, message: this.mapPaths(error.message), ...(error.stack ? { stack: this.mapPaths(error.stack) } : {}) };
  }

  private mapPaths(text: string): string {
    return this.codeDir ? text.split(this.codeDir).join(this.options.folder) : text;
  }
}
