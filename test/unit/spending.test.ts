import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Allowance, RunSpending } from '../../src/core/grading/spending';

/** A seeded generator, so a failing interleaving can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** Dollars to the nano-dollar: sums of cents are not exact in floating point. */
const rounded = (allowance: Allowance): Allowance => ({ ...allowance, usd: Math.round(allowance.usd * 1e9) / 1e9 });

describe('spending limits of a grading run', () => {
  it("a check gets its own budget, or what the student or the run has left, and says which limit set it", () => {
    const run = new RunSpending({ studentUsd: 0.1, runUsd: 0.15 });
    const ana = run.forStudent();
    const first = ana.reserve(0.25);
    assert.deepEqual(first, { usd: 0.1, limitedBy: 'student' });
    ana.settle(first, 0.06);
    assert.deepEqual(rounded(ana.reserve(0.25)), { usd: 0.04, limitedBy: 'student' });
    const ben = run.forStudent();
    // The run has 0.15 - 0.06 spent - 0.04 reserved = 0.05 left.
    assert.deepEqual(rounded(ben.reserve(0.25)), { usd: 0.05, limitedBy: 'run' });
    assert.deepEqual(run.forStudent().reserve(0.01), { usd: 0, limitedBy: 'run' });
    assert.deepEqual(new RunSpending({}).forStudent().reserve(0.25), { usd: 0.25, limitedBy: 'check' });
  });

  it('what a check did not spend goes back to the run', () => {
    const run = new RunSpending({ runUsd: 0.3 });
    const ana = run.forStudent();
    const allowance = ana.reserve(0.25);
    assert.deepEqual(rounded(run.forStudent().reserve(0.25)), { usd: 0.05, limitedBy: 'run' });
    ana.settle(allowance, 0.01);
    assert.equal(run.spentUsd, 0.01);
  });

  it('students checked at once never spend more than the run budget, whatever the order the checks end in', async () => {
    for (let seed = 1; seed <= 50; seed++) {
      const next = random(seed);
      const run = new RunSpending({ studentUsd: 0.2, runUsd: 1 });
      const student = async (): Promise<void> => {
        const purse = run.forStudent();
        for (let check = 0; check < 4; check++) {
          const allowance = purse.reserve(0.25);
          if (allowance.usd <= 0) return;
          await new Promise<void>((resolve) => setImmediate(resolve));
          if (next() < 0.5) await new Promise<void>((resolve) => setImmediate(resolve));
          // A check spends up to its allowance, never more (the check's own meter holds that).
          purse.settle(allowance, allowance.usd * next());
        }
      };
      await Promise.all(Array.from({ length: 12 }, student));
      assert.ok(run.spentUsd <= 1 + 1e-9, `seed ${seed}: spent ${run.spentUsd}`);
    }
  });
});
