import { type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import type { LearnerMessage, Thrown } from './messages';
import { encodeFrame, FrameReader, type JudgeMessage } from './protocol';
import type { VirtualClock } from './virtualClock';

/**
 * The messages' schemas, loaded with zod when the first frame comes: the check process starts
 * the learner process before it loads anything heavy, so both get ready at once.
 */
let messagesModule: typeof import('./messages') | undefined;
function messages(): typeof import('./messages') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  messagesModule ??= require('./messages') as typeof import('./messages');
  return messagesModule;
}

/**
 * One learner process, seen from the judge: the frames it sends, validated; calls and the
 * functions lent to them; its output; how it ended (its exit, the memory watchdog, a frame the
 * protocol does not allow). How it is started and confined is confinement.ts's business.
 */
export type CallOutcome =
  | { kind: 'returned'; value: unknown }
  | { kind: 'threw'; error: Thrown }
  /** It had not returned in time: on this process's clock, or (`virtualMs`) when its virtual time ran out. */
  | { kind: 'timedOut'; virtualMs?: number }
  /** The process ended or broke the protocol: its exit, the memory limit, a forged frame. */
  | { kind: 'died'; why: string };

interface Waiter {
  settle(outcome: CallOutcome): void;
  functions: ((...args: unknown[]) => unknown)[];
  /** The judge's clock for this call, when it runs on virtual time. */
  clock?: VirtualClock | undefined;
  /** Lent functions running now: the clock does not move meanwhile. */
  invocations: number;
}

/**
 * A function a harness lends the learner's code. With a `received` method, its effect counts only
 * once the learner's code has its answer: `received(value, ...args)` runs when the learner process
 * says the answer arrived while the call was still running (a promise the code did not await, and
 * that was still on its way when the code returned, never counts). Exact, on no clock.
 */
export type LentFunction = ((...args: unknown[]) => unknown) & { received?: (value: unknown, ...args: unknown[]) => unknown };

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
  /** Load the SDK at start: the learner's function will get a client. */
  preloadSdk?: boolean;
  /** Where V8's cached code for the provided libraries is kept (see codeCache.ts); none: load without it. */
  codeCacheRoot?: string | undefined;
  /** The learner's module, to load as soon as the process has started. */
  entry?: string | undefined;
}

export class LearnerProcess {
  private readonly reader = new FrameReader();
  private waiters = new Map<number, Waiter>();
  /** Answers of lent functions with a `received` hook, sent and not yet acknowledged: invocation → the call and the hook. */
  private readonly receipts = new Map<number, { call: number; secret: string; received: () => void }>();
  private loadWaiter: ((message: LearnerMessage | { t: 'died'; why: string }) => void) | undefined;
  private readyWaiters: ((ready: boolean) => void)[] = [];
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
      this.readyWaiters.push(resolve);
    });
  }

  /**
   * Resolves true when the process answers (it is alive and serving), false if it ended first:
   * asked of a process started ahead before it gets its job, so that one that died while it
   * waited is never mistaken for learner code that ended it.
   */
  ping(): Promise<boolean> {
    const answered = this.ready();
    if (!this.deathReason) this.send({ t: 'ping' });
    return answered;
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

  call(call: number, name: string, args: unknown, client: { baseURL: string; maxRetries: number } | undefined, timeoutMs: number, clock?: VirtualClock): Promise<CallOutcome> {
    if (this.deathReason) return Promise.resolve({ kind: 'died', why: this.deathReason });
    const { data, functions } = messages().lendFunctions(args);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        settle({ kind: 'timedOut' });
        // A loop that does not yield never reads another frame: stop it.
        this.kill();
      }, timeoutMs);
      const settle = (outcome: CallOutcome): void => {
        clearTimeout(timer);
        if (!this.waiters.delete(call)) return;
        for (const [invocation, receipt] of this.receipts) if (receipt.call === call) this.receipts.delete(invocation);
        resolve(outcome);
      };
      this.waiters.set(call, { settle, functions, clock, invocations: 0 });
      this.send({ t: 'call', call, name, args: data, ...(client ? { client } : {}), ...(clock ? { clock: { proof: clock.proof } } : {}) });
    });
  }

  /** Has a process started ahead load the libraries learner code uses, while it waits for its job; resolves once it has (false: it ended first). */
  prepare(): Promise<boolean> {
    const prepared = this.ready();
    if (!this.deathReason) this.send({ t: 'prepare' });
    return prepared;
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
    const parsed = messages().learnerMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.die(`your code wrote a message the check does not accept to its channel (${parsed.error.issues[0]?.message ?? 'bad shape'})`);
      return;
    }
    const message = parsed.data;
    switch (message.t) {
      case 'ready':
        // Each `ready` answers the oldest question: the start, then each prepare or ping in turn.
        this.readyWaiters.shift()?.(true);
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
      case 'sleep':
        this.sleep(message);
        return;
      case 'received': {
        const receipt = this.receipts.get(message.invocation);
        // The secret came with the answer: a receipt for an answer not yet delivered cannot be made up.
        if (!receipt || receipt.secret !== message.receipt) return;
        this.receipts.delete(message.invocation);
        // Only while the call runs: an answer that arrives after the learner's function returned came too late.
        if (this.waiters.has(receipt.call)) receipt.received();
        return;
      }
    }
  }

  /** The learner process has nothing left but timers: move the call's clock to the earliest, if nothing is on its way. */
  private sleep(message: Extract<LearnerMessage, { t: 'sleep' }>): void {
    const waiter = this.waiters.get(message.call);
    const clock = waiter?.clock;
    if (!waiter || !clock) {
      this.send({ t: 'time', call: message.call, now: 0, stop: true });
      return;
    }
    const moved = clock.sleep(message.until, waiter.invocations > 0);
    if (moved === 'limit') {
      this.send({ t: 'time', call: message.call, now: clock.now, stop: true });
      waiter.settle({ kind: 'timedOut', virtualMs: clock.limitMs });
      return;
    }
    this.send({ t: 'time', call: message.call, now: moved.now, proof: moved.proof });
  }

  private async invoke(message: Extract<LearnerMessage, { t: 'invoke' }>): Promise<void> {
    const waiter = this.waiters.get(message.call);
    const fn = waiter?.functions[message.fn];
    if (!waiter || !fn) {
      this.send({ t: 'settled', invocation: message.invocation, ok: false, error: { name: 'Error', message: 'That function is no longer available.' } });
      return;
    }
    waiter.invocations++;
    try {
      const value: unknown = await fn(...message.args);
      const hook = (fn as LentFunction).received;
      const receipt = typeof hook === 'function' ? randomBytes(12).toString('hex') : undefined;
      if (receipt) this.receipts.set(message.invocation, { call: message.call, secret: receipt, received: () => void hook?.call(fn, value, ...message.args) });
      this.send({ t: 'settled', invocation: message.invocation, ok: true, value: value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown), ...(receipt ? { receipt } : {}) });
    } catch (error) {
      const thrown = error instanceof Error ? error : new Error(String(error));
      this.send({ t: 'settled', invocation: message.invocation, ok: false, error: { name: thrown.name, message: thrown.message } });
    } finally {
      waiter.invocations--;
    }
  }

  private die(why: string): void {
    if (this.deathReason) return;
    this.deathReason = why;
    this.kill();
    for (const waiter of this.readyWaiters.splice(0)) waiter(false);
    this.loadWaiter?.({ t: 'died', why });
    this.loadWaiter = undefined;
    for (const waiter of [...this.waiters.values()]) waiter.settle({ kind: 'died', why });
  }
}

const OUTPUT_LIMIT = 64 * 1024;

export function killProcess(child: ChildProcess): void {
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
