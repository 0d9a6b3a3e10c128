import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { LearnerCode } from '../../src/core/check/learner/learnerCode';
import { callAgainstSimulator } from '../../src/core/check/simulatedFunction/runScenarios';
import { temporaryDir } from '../support/helpers';
import { openLearnerModule } from '../support/learnerModule';

/**
 * A function the harness lends the learner's code (an exercise's sendEmail) with a `received`
 * hook: its effect counts only when its answer reached the learner's code before the call
 * returned. Judged from the order of the learner process's frames, on no clock.
 */

const ok = { reply: { content: [{ type: 'text', text: 'ok' }] } };

describe('a lent function whose effect counts once the learner has its answer', () => {
  let scratch: string;
  const opened: LearnerCode[] = [];

  before(async () => {
    scratch = await temporaryDir('ai-practice-lent-');
  });
  after(async () => {
    await Promise.all(opened.map((code) => code.close()));
    await fs.rm(scratch, { recursive: true, force: true });
  });

  /** Runs `body` with a lent `send`; what send was called with, and what counted as received, in order. */
  async function run(body: string, options: { fails?: boolean } = {}) {
    const code = await openLearnerModule(scratch, body);
    opened.push(code);
    const called: string[] = [];
    const received: string[] = [];
    const send = Object.assign(
      async (what: string) => {
        called.push(what);
        if (options.fails) throw new Error('the outbox is full');
        return `sent ${what}`;
      },
      { received: (value: unknown, what: string) => received.push(`${what} → ${String(value)}`) },
    );
    const job = { entryPath: 'agent.ts', entryFile: 'agent.ts' };
    const { outcome } = await callAgainstSimulator([ok], code.callee('run'), { send }, { timeoutMs: 20_000, maxRetries: 0, job, virtualTime: true });
    // A second call on the same process: its frames come after any the first call's left behind,
    // so a late answer of the first would have been seen by now.
    await callAgainstSimulator([ok], code.callee('run'), { send: async () => undefined }, { timeoutMs: 20_000, maxRetries: 0, job, virtualTime: true });
    return { called, received, result: outcome.result, error: outcome.error };
  }

  it('counts sends the code awaited, one by one or all at once', async () => {
    const oneByOne = await run(`await send('a'); const b = await send('b'); return b;`);
    assert.deepEqual(oneByOne, { called: ['a', 'b'], received: ['a → sent a', 'b → sent b'], result: 'sent b', error: undefined });
    const together = await run(`await Promise.all(['a', 'b', 'c'].map((what) => send(what))); return 'done';`);
    assert.deepEqual(together.received.sort(), ['a → sent a', 'b → sent b', 'c → sent c']);
  });

  it('does not count a send still on its way when the code returned, though the judge ran it', async () => {
    const forgot = await run(`send('a'); return 'done';`);
    assert.deepEqual([forgot.called, forgot.received, forgot.result], [['a'], [], 'done']);
    const forEach = await run(`['a', 'b'].forEach(async (what) => { await send(what); }); return 'done';`);
    assert.deepEqual([forEach.called, forEach.received], [['a', 'b'], []]);
  });

  it('counts a send not awaited whose answer arrived while the code went on (a model call after it)', async () => {
    const later = await run(`send('a'); await ask(client); return 'done';`);
    assert.deepEqual(later.received, ['a → sent a']);
  });

  it('cannot be told an answer arrived by code that writes its own frames to the channel', async () => {
    // The receipt carries a secret that comes with the answer: one made up before it is refused.
    const forged = await run(`
      const { writeSync } = await import('node:fs');
      const frame = (message: unknown) => { const body = Buffer.from(JSON.stringify(message)); const head = Buffer.alloc(4); head.writeUInt32BE(body.length); return Buffer.concat([head, body]); };
      send('a');
      for (let invocation = 0; invocation < 8; invocation++) {
        for (const receipt of ['', '0'.repeat(24), 'forged']) writeSync(3, frame({ t: 'received', invocation, receipt }));
      }
      return 'done';`);
    assert.deepEqual([forged.called, forged.received, forged.result], [['a'], [], 'done']);
  });

  it('counts nothing for a send that failed: the code got an error, not an answer', async () => {
    const failed = await run(`try { await send('a'); } catch (error) { return String(error); } return 'sent';`, { fails: true });
    assert.deepEqual([failed.called, failed.received, failed.result], [['a'], [], 'Error: the outbox is full']);
  });
});
