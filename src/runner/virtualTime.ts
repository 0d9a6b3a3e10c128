// Virtual time in the learner process, for a call the judge runs on its clock (see
// core/check/learner/virtualClock.ts). While such a call runs, setTimeout, setInterval,
// node:timers, node:timers/promises (setTimeout, setInterval, scheduler.wait), Date and
// performance.now run on virtual time: timers wait in a queue here, and when nothing but them
// is left (no request on the way, no socket open, no lent function running) this asks the
// judge to sleep until the earliest. The judge alone moves the clock, and stamps requests with
// its own time: what this module says is a request, never a verdict. Between such calls the
// real timers and clocks serve, so other kinds of check see plain Node.
import { syncBuiltinESMExports } from 'node:module';
import { promisify } from 'node:util';
import { CLOCK_HEADER } from '../core/check/learner/protocol';

// The modules themselves, not a bundler's frozen copy of their exports: they are patched below.
/* eslint-disable @typescript-eslint/no-require-imports */
const timers = require('node:timers') as typeof import('node:timers');
const timersPromises = require('node:timers/promises') as typeof import('node:timers/promises');
/* eslint-enable @typescript-eslint/no-require-imports */

/** The real ones, for this module's own use and for calls on the wall clock. */
const real = {
  setTimeout: globalThis.setTimeout,
  clearTimeout: globalThis.clearTimeout,
  setInterval: globalThis.setInterval,
  clearInterval: globalThis.clearInterval,
  setImmediate: globalThis.setImmediate,
  Date: globalThis.Date,
  performanceNow: performance.now.bind(performance),
  promises: { setTimeout: timersPromises.setTimeout, setInterval: timersPromises.setInterval, wait: timersPromises.scheduler.wait.bind(timersPromises.scheduler) },
};

/** Resources that do not keep a call busy: the judge's channel and the standard streams. */
const QUIET_RESOURCES = new Set(['PipeWrap', 'TTYWrap']);

export interface VirtualTimeHooks {
  /** Asks the judge to sleep until virtual time `until` (milliseconds since the call started). */
  requestSleep(until: number): void;
  /** True while the learner's code waits on something of the host's (a lent function's answer). */
  waiting(): boolean;
}

class VirtualTimer {
  due = 0;
  /** Which of two timers due at once was set first. */
  sequence = 0;
  refed = true;

  constructor(
    readonly id: number,
    readonly callback: () => void,
    readonly delay: number,
    readonly repeat: boolean,
  ) {}

  ref(): this {
    this.refed = true;
    return this;
  }

  unref(): this {
    this.refed = false;
    return this;
  }

  hasRef(): boolean {
    return this.refed;
  }

  refresh(): this {
    clock.schedule(this);
    return this;
  }

  close(): this {
    clock.cancel(this);
    return this;
  }

  [Symbol.toPrimitive](): number {
    return this.id;
  }

  [Symbol.dispose](): void {
    clock.cancel(this);
  }
}

class VirtualTimeState {
  /** Virtual milliseconds since the call started. */
  now = 0;
  active = false;
  proof = '';
  private hooks: VirtualTimeHooks | undefined;
  private wallBase = 0;
  private performanceBase = 0;
  private readonly queue = new Set<VirtualTimer>();
  private readonly byId = new Map<number, VirtualTimer>();
  private nextId = 2 ** 40;
  private nextSequence = 0;
  private asked = false;
  private polling = false;
  private inFlightFetches = 0;

  install(hooks: VirtualTimeHooks): void {
    this.hooks = hooks;
  }

  /** A call on the judge's clock starts: time 0, the judge's first proof. */
  begin(proof: string): void {
    this.dropTimers();
    this.now = 0;
    this.proof = proof;
    this.wallBase = real.Date.now();
    this.performanceBase = real.performanceNow();
    this.active = true;
    this.asked = false;
  }

  /** The call ended (or the judge stopped it): its timers never fire, the real clocks serve again. */
  end(): void {
    this.active = false;
    this.asked = false;
    this.dropTimers();
  }

  wallNow(): number {
    return this.active ? this.wallBase + this.now : real.Date.now();
  }

  performanceNow(): number {
    return this.active ? this.performanceBase + this.now : real.performanceNow();
  }

  create(callback: () => void, delay: unknown, repeat: boolean): VirtualTimer {
    const timer = new VirtualTimer(this.nextId++, callback, clampDelay(delay), repeat);
    this.schedule(timer);
    return timer;
  }

  schedule(timer: VirtualTimer): void {
    timer.due = this.now + timer.delay;
    timer.sequence = this.nextSequence++;
    this.queue.add(timer);
    this.byId.set(timer.id, timer);
    this.poll();
  }

  cancel(timer: unknown): boolean {
    const found = timer instanceof VirtualTimer ? timer : typeof timer === 'number' || typeof timer === 'string' ? this.byId.get(Number(timer)) : undefined;
    if (!found) return false;
    this.queue.delete(found);
    this.byId.delete(found.id);
    return true;
  }

  fetchStarted(): void {
    this.inFlightFetches++;
  }

  fetchSettled(): void {
    this.inFlightFetches--;
    this.poll();
  }

  /** The judge's answer to a sleep: the time now, the proof of it; or stop (the scenario's virtual time is up). */
  answer(now: number, proof: string | undefined, stop: boolean): void {
    // An answer to a sleep this module did not ask for (a frame the learner's code forged) moves nothing here.
    if (!this.active || !this.asked) return;
    this.asked = false;
    if (stop) {
      this.end();
      return;
    }
    if (now <= this.now && (!proof || proof === this.proof)) {
      // The judge still sees something on its way (a request it is answering): ask again shortly.
      real.setTimeout(() => this.poll(), 1);
      return;
    }
    if (proof) this.proof = proof;
    if (now > this.now) this.now = now;
    this.fireDue();
  }

  private earliest(): VirtualTimer | undefined {
    let first: VirtualTimer | undefined;
    for (const timer of this.queue) {
      if (!first || timer.due < first.due || (timer.due === first.due && timer.sequence < first.sequence)) first = timer;
    }
    return first;
  }

  /** Fires the timers now due, one per turn of the event loop, as Node does; then looks for the next sleep. */
  private fireDue(): void {
    const next = this.earliest();
    if (!this.active || !next || next.due > this.now) {
      this.poll();
      return;
    }
    this.cancel(next);
    if (next.repeat) this.schedule(next);
    real.setImmediate(() => this.fireDue());
    next.callback();
  }

  /** Watches for the moment only timers are left, then asks the judge to sleep. */
  private poll(): void {
    if (this.polling || this.asked || !this.active || this.queue.size === 0) return;
    this.polling = true;
    const check = (attempt: number): void => {
      real.setImmediate(() => {
        if (this.asked || !this.active || this.queue.size === 0) {
          this.polling = false;
          return;
        }
        if (!this.idle()) {
          // Something is on its way (a request, a lent function): look again shortly.
          real.setTimeout(() => check(attempt + 1), Math.min(attempt, 5)).unref();
          return;
        }
        this.polling = false;
        const next = this.earliest();
        if (!next) return;
        if (next.due <= this.now) {
          this.fireDue();
          return;
        }
        this.asked = true;
        this.hooks?.requestSleep(next.due);
      });
    };
    check(0);
  }

  /** Nothing but virtual timers left: no fetch unanswered, no lent function running, no socket, file request or real timer. */
  private idle(): boolean {
    if (this.inFlightFetches > 0 || this.hooks?.waiting()) return false;
    return process.getActiveResourcesInfo().every((resource) => QUIET_RESOURCES.has(resource));
  }

  private dropTimers(): void {
    this.queue.clear();
    this.byId.clear();
  }
}

/** Node's rule: a delay that is not a number from 1 to 2^31 - 1 is 1. */
function clampDelay(delay: unknown): number {
  const ms = Number(delay);
  return Number.isFinite(ms) && ms >= 1 && ms <= 2 ** 31 - 1 ? ms : 1;
}

const clock = new VirtualTimeState();

type Callback = (...args: unknown[]) => void;

function virtualSetTimeout(callback: Callback, delay?: number, ...args: unknown[]): unknown {
  if (!clock.active) return real.setTimeout(callback, delay, ...args);
  if (typeof callback !== 'function') return real.setTimeout(callback, delay, ...args); // Node's own TypeError
  return clock.create(() => callback(...args), delay, false);
}

function virtualSetInterval(callback: Callback, delay?: number, ...args: unknown[]): unknown {
  if (!clock.active) return real.setInterval(callback, delay, ...args);
  if (typeof callback !== 'function') return real.setInterval(callback, delay, ...args);
  return clock.create(() => callback(...args), delay, true);
}

function virtualClear(timer: unknown): void {
  if (!clock.cancel(timer)) real.clearTimeout(timer as NodeJS.Timeout);
}

function abortError(signal: AbortSignal): Error {
  return Object.assign(new Error('The operation was aborted', { cause: signal.reason }), { name: 'AbortError', code: 'ABORT_ERR' });
}

function promisedTimeout<T>(delay?: number, value?: T, options: { signal?: AbortSignal; ref?: boolean } = {}): Promise<T> {
  if (!clock.active) return real.promises.setTimeout(delay, value, options) as Promise<T>;
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      clock.cancel(timer);
      reject(abortError(signal as AbortSignal));
    };
    const timer = clock.create(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(value as T);
    }, delay, false);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

async function* promisedInterval<T>(delay?: number, value?: T, options: { signal?: AbortSignal; ref?: boolean } = {}): AsyncGenerator<T> {
  if (!clock.active) {
    yield* real.promises.setInterval(delay, value, options) as AsyncIterable<T>;
    return;
  }
  const { signal } = options;
  let ticks = 0;
  let wake: (() => void) | undefined;
  const timer = clock.create(() => {
    ticks++;
    wake?.();
  }, delay, true);
  const onAbort = (): void => wake?.();
  signal?.addEventListener('abort', onAbort);
  try {
    for (;;) {
      if (signal?.aborted) throw abortError(signal);
      if (ticks === 0) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
        continue;
      }
      ticks--;
      yield value as T;
    }
  } finally {
    clock.cancel(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/** Date on virtual time: `new Date()`, `Date()` and `Date.now()`; a date built from arguments is what it was. */
function makeVirtualDate(): DateConstructor {
  const RealDate = real.Date;
  function VirtualDate(this: unknown, ...args: unknown[]): unknown {
    if (!new.target) return new RealDate(clock.wallNow()).toString();
    return Reflect.construct(RealDate, args.length === 0 ? [clock.wallNow()] : args, new.target);
  }
  Object.setPrototypeOf(VirtualDate, RealDate);
  VirtualDate.prototype = RealDate.prototype;
  Object.defineProperty(VirtualDate, 'now', { value: () => clock.wallNow(), writable: true, configurable: true });
  return VirtualDate as unknown as DateConstructor;
}

let installed = false;

/**
 * Puts virtual time in place of Node's timers and clocks, before the learner's module loads;
 * `begin` and `end` switch it on and off around a call on the judge's clock.
 */
export function installVirtualTime(hooks: VirtualTimeHooks): { begin(proof: string): void; end(): void; answer(now: number, proof: string | undefined, stop: boolean): void; proof(): string; active(): boolean } {
  clock.install(hooks);
  if (!installed) {
    installed = true;
    Object.defineProperty(virtualSetTimeout, promisify.custom, { value: promisedTimeout });
    const globals = globalThis as unknown as Record<string, unknown>;
    globals.setTimeout = virtualSetTimeout;
    globals.setInterval = virtualSetInterval;
    globals.clearTimeout = virtualClear;
    globals.clearInterval = virtualClear;
    globals.Date = makeVirtualDate();
    const timersModule = timers as unknown as Record<string, unknown>;
    timersModule.setTimeout = virtualSetTimeout;
    timersModule.setInterval = virtualSetInterval;
    timersModule.clearTimeout = virtualClear;
    timersModule.clearInterval = virtualClear;
    const promisesModule = timersPromises as unknown as Record<string, unknown>;
    promisesModule.setTimeout = promisedTimeout;
    promisesModule.setInterval = promisedInterval;
    Object.defineProperty(timersPromises.scheduler, 'wait', { value: (delay: number, options?: { signal?: AbortSignal }) => promisedTimeout(delay, undefined, options), writable: true, configurable: true });
    performance.now = () => clock.performanceNow();
    syncBuiltinESMExports();
    // Every fetch (the SDK's too) carries the judge's latest proof of time, and counts as busy until it answers.
    const realFetch = globalThis.fetch;
    globalThis.fetch = async (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> => {
      if (!clock.active) return realFetch(input, init);
      const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
      headers.set(CLOCK_HEADER, clock.proof);
      clock.fetchStarted();
      try {
        return await realFetch(input, { ...init, headers });
      } finally {
        clock.fetchSettled();
      }
    };
  }
  return {
    begin: (proof) => clock.begin(proof),
    end: () => clock.end(),
    answer: (now, proof, stop) => clock.answer(now, proof, stop),
    proof: () => clock.proof,
    active: () => clock.active,
  };
}
