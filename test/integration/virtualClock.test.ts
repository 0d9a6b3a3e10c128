import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { LearnerCode } from '../../src/core/check/learner/learnerCode';
import { VIRTUAL_TIME_LIMIT_MS } from '../../src/core/check/learner/virtualClock';
import { callAgainstSimulator } from '../../src/core/check/simulatedFunction/runScenarios';
import { temporaryDir } from '../support/helpers';
import { openLearnerModule } from '../support/learnerModule';

/**
 * The judge's virtual clock with a real learner process: the learner's timers and clocks are
 * virtual, the simulator stamps requests with the judge's time, and time passes only while
 * the learner's code sleeps. Nothing here waits for the wall clock but the guard against a
 * loop that never yields (a fraction of a second).
 */

const ok = { reply: { content: [{ type: 'text', text: 'ok' }] } };

describe('the virtual clock, with a learner process', () => {
  let scratch: string;
  const opened: LearnerCode[] = [];

  before(async () => {
    scratch = await temporaryDir('ai-practice-virtual-clock-');
  });
  after(async () => {
    await Promise.all(opened.map((code) => code.close()));
    await fs.rm(scratch, { recursive: true, force: true });
  });

  async function open(body: string): Promise<LearnerCode> {
    const code = await openLearnerModule(scratch, body);
    opened.push(code);
    return code;
  }

  async function run(code: LearnerCode, rules: unknown[], options: { timeoutMs?: number; maxRetries?: number } = {}) {
    const job = { entryPath: 'agent.ts', entryFile: 'agent.ts' };
    const { outcome } = await callAgainstSimulator(rules, code.callee('run'), {}, { timeoutMs: options.timeoutMs ?? 20_000, maxRetries: options.maxRetries ?? 0, job, virtualTime: true });
    return { ...outcome, at: outcome.requests.map((request) => request.at) };
  }

  it('stamps requests with the time each way of sleeping moved the clock to, exactly', async () => {
    const code = await open(`
      const seen: number[] = [];
      const start = Date.now();
      const perf = performance.now();
      await ask(client);
      await sleep(1400);
      seen.push(Date.now() - start, Math.round(performance.now() - perf), new Date().getTime() - start);
      await ask(client);
      await sleepFor(250);
      await ask(client);
      await scheduler.wait(100);
      await promisify(setTimeout)(50);
      await new Promise((resolve) => timers.setTimeout(resolve, 200));
      await ask(client);
      return seen;`);
    const outcome = await run(code, [ok]);
    assert.deepEqual(outcome.result, [1400, 1400, 1400]);
    assert.deepEqual(outcome.at, [0, 1400, 1650, 2000]);
  });

  it('fires nested timers, intervals and cleared timers as Node would, in virtual time', async () => {
    const code = await open(`
      const fired: string[] = [];
      const cleared = setTimeout(() => fired.push('cleared'), 50);
      clearTimeout(cleared);
      const clearedById = setTimeout(() => fired.push('cleared by id'), 60);
      clearTimeout(Number(clearedById));
      await new Promise<void>((resolve) => setTimeout(() => { fired.push('outer'); setTimeout(() => { fired.push('inner'); resolve(); }, 300); }, 100));
      await ask(client);
      let ticks = 0;
      await new Promise<void>((resolve) => { const interval = setInterval(() => { ticks++; if (ticks === 3) { clearInterval(interval); resolve(); } }, 200); });
      await ask(client);
      let iterated = 0;
      for await (const _ of every(100)) { if (++iterated === 2) break; }
      await ask(client);
      await sleep(1000);
      return { fired, ticks, iterated };`);
    const outcome = await run(code, [ok]);
    assert.deepEqual(outcome.result, { fired: ['outer', 'inner'], ticks: 3, iterated: 2 });
    assert.deepEqual(outcome.at, [400, 1000, 1200]);
  });

  it('makes the SDK\'s own retries virtual: it waits as retry-after says, at once', async () => {
    const code = await open(`return ask(client);`);
    const started = performance.now();
    const outcome = await run(code, [{ times: 1, error: { status: 429, retryAfter: 30 } }, ok], { maxRetries: 2 });
    assert.equal(outcome.result, 'ok');
    assert.deepEqual(outcome.at, [0, 30_000]);
    assert.ok(performance.now() - started < 15_000, 'thirty seconds of virtual time take far less on the wall clock');
  });

  it('does not take a faked Date.now or performance.now for time: the judge stamps the requests', async () => {
    const code = await open(`
      await ask(client);
      const jump = Date.now() + 5000;
      Date.now = () => jump;
      performance.now = () => 1e9;
      await ask(client);
      return 'done';`);
    const outcome = await run(code, [ok]);
    assert.deepEqual(outcome.at, [0, 0]);
  });

  it('stops a call that is still sleeping when the virtual time limit passes, and says so; the process serves the next call', async () => {
    const code = await open(`
      if ((globalThis as any).calledBefore) { await sleep(500); await ask(client); return 'second call'; }
      (globalThis as any).calledBefore = true;
      for (;;) { await ask(client); await sleep(60_000); }`);
    const stopped = await run(code, [ok]);
    assert.equal(stopped.timedOut, true);
    assert.equal(stopped.virtualTimeLimitMs, VIRTUAL_TIME_LIMIT_MS);
    assert.equal(stopped.requests.length, VIRTUAL_TIME_LIMIT_MS / 60_000 + 1);
    const next = await run(code, [ok]);
    assert.equal(next.result, 'second call');
    assert.deepEqual(next.at, [500], 'the next call starts its own clock at 0, with none of the last call\'s timers');
  });

  it('a busy loop that watches the clock never sees time pass, and the wall-clock guard ends it', async () => {
    const code = await open(`
      const end = Date.now() + 1000;
      while (Date.now() < end) { /* no time passes here */ }
      return 'never';`);
    const outcome = await run(code, [ok], { timeoutMs: 400 });
    assert.equal(outcome.timedOut, true);
    assert.equal(outcome.virtualTimeLimitMs, undefined);
  });

  it('a promise rejected while timers wait ends the call at once, and its timers never fire', async () => {
    const code = await open(`
      if ((globalThis as any).calledBefore) { await sleep(10); await ask(client); return (globalThis as any).late ?? 'no late timer'; }
      (globalThis as any).calledBefore = true;
      setTimeout(() => { (globalThis as any).late = 'a timer of the last call fired'; }, 5000);
      Promise.reject(new Error('nobody listens')); // unhandled: the sleep goes on
      await sleep(100);
      await ask(client);
      await Promise.all([sleep(1000), Promise.reject(new Error('rejected during the sleep'))]);`);
    const threw = await run(code, [ok]);
    assert.match(threw.error ?? '', /rejected during the sleep/);
    assert.deepEqual(threw.at, [100]);
    const next = await run(code, [ok]);
    assert.equal(next.result, 'no late timer');
    assert.deepEqual(next.at, [10]);
  });

  it('an answer to a sleep the code forged on the channel moves no time for a request sent without waiting for it', async () => {
    const code = await open(`
      const { writeSync } = await import('node:fs');
      const frame = (message: unknown) => { const body = Buffer.from(JSON.stringify(message)); const head = Buffer.alloc(4); head.writeUInt32BE(body.length); return Buffer.concat([head, body]); };
      await ask(client);
      for (let call = 0; call < 20; call++) writeSync(3, frame({ t: 'sleep', call, until: 5000 }));
      await ask(client);
      await new Promise((resolve) => setImmediate(resolve));
      await ask(client);
      return 'done';`);
    const outcome = await run(code, [ok]);
    assert.equal(outcome.result, 'done');
    assert.deepEqual(outcome.at, [0, 0, 0]);
  });
});
