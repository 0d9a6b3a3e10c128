import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { costOfRun, savingsByLever, type BilledCall } from '../../src/core/check/costOptimization/costBreakdown';

const usage = (input: number, output: number, write = 0, read = 0) => ({ inputTokens: input, outputTokens: output, cacheCreationInputTokens: write, cacheReadInputTokens: read });

describe('cost optimization', () => {
  it('splits the saving into levers that add up to the whole difference', () => {
    const baselineCalls: BilledCall[] = Array.from({ length: 10 }, () => ({ model: 'claude-sonnet-4-6', usage: usage(8000, 300) }));
    const afterCalls: BilledCall[] = [
      { model: 'claude-haiku-4-5', usage: usage(50, 12, 5000, 0) },
      ...Array.from({ length: 8 }, () => ({ model: 'claude-haiku-4-5', usage: usage(50, 12, 0, 5000) })),
      { model: 'claude-sonnet-4-6', usage: usage(5050, 12) },
    ];
    const baseline = { calls: baselineCalls, cost: costOfRun(baselineCalls) };
    const after = { calls: afterCalls, cost: costOfRun(afterCalls) };
    const levers = savingsByLever(baseline, after);
    assert.deepEqual(levers.map((lever) => lever.name.split(' (')[0]), ['trimming context', 'shorter output', 'routing', 'prompt caching']);
    const total = levers.reduce((sum, lever) => sum + lever.saved, 0);
    assert.ok(Math.abs(total - (baseline.cost.dollars - after.cost.dollars)) < 1e-12, 'the levers explain the whole saving');
    assert.ok(levers.every((lever) => lever.saved > 0), JSON.stringify(levers));
    // Sonnet at $3/$15: 80,000 in and 3,000 out.
    assert.ok(Math.abs(baseline.cost.dollars - (80_000 * 3 + 3_000 * 15) / 1e6) < 1e-12);
  });

  it('names the models the price table does not know instead of pricing them at zero', () => {
    const cost = costOfRun([{ model: 'llama3.1:8b', usage: usage(100, 10) }]);
    assert.deepEqual(cost.unpriced, ['llama3.1:8b']);
    assert.equal(cost.dollars, 0);
  });
});
