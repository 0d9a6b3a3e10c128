import type { Responder } from '../../simulator/scenario';
import type { TraceEntry } from '../../simulator/server';
import { type ApiUsage, formatDollars, tokenUsageOf } from '../../model/prices';
import type { CheckAnswer } from '../job';
import type { CheckTest } from '../report';
import { type Callee, describeThrown, judgeLearnerCode, localCallee } from '../learner/learnerCode';
import { callAgainstSimulator, describeVirtualTime, loadHarness, type SimulatedFunctionJob } from '../simulatedFunction/runScenarios';
import { type BilledCall, costOfRun, describeRun, type RunCost, savingsByLever } from './costBreakdown';

/**
 * What the harness of a cost-optimization exercise exports: the workload (what plays the
 * model tiers: a responder function, scenario rules, or both, the responder first; and the
 * arguments the pipeline gets), the baseline pipeline the learner starts from, and a score of
 * a pipeline's answers.
 */
export interface CostHarness {
  workload: { rules?: unknown[]; respond?: Responder; options?: Record<string, unknown>; maxRetries?: number };
  baseline: (options: Record<string, unknown>) => Promise<unknown>;
  score(result: unknown): { correct: number; total: number; wrong?: string[] };
}

export interface CostOptimizationJob extends SimulatedFunctionJob {
  /** The learner's run must cost at most this fraction of the baseline's. */
  maxCostRatio: number;
}

interface MeasuredRun {
  calls: BilledCall[];
  cost: RunCost;
  score?: { correct: number; total: number; wrong?: string[] };
  failure?: string;
}

export async function runCostCheck(job: CostOptimizationJob): Promise<CheckAnswer> {
  // The learner process starts while the harness loads and the baseline runs.
  return judgeLearnerCode(
    job,
    () => judgeBaseline(job),
    async (code, { harness, baseline }) => costAnswer(baseline, await measure(harness, code.callee(job.exportName), job, true), job.maxCostRatio)
  );
}

/** The harness and its baseline's run, or why the harness is not usable. */
async function judgeBaseline(job: CostOptimizationJob): Promise<{ ready: { harness: CostHarness; baseline: MeasuredRun } } | { failed: CheckAnswer }> {
  const loaded = loadHarness<CostHarness>(job.harnessPath);
  if ('failed' in loaded) return loaded;
  const { harness } = loaded;
  const workload = harness.workload;
  const plays = workload !== undefined && (Array.isArray(workload.rules) || typeof workload.respond === 'function') && (workload.rules === undefined || Array.isArray(workload.rules));
  if (!plays || typeof harness.baseline !== 'function' || typeof harness.score !== 'function') {
    return {
      failed: {
        ok: false,
        errorIn: 'harness',
        message: `The exercise's harness ${job.harnessPath} must export "workload" ({ respond, rules, options }: a responder function, scenario rules or both), "baseline" (a function) and "score" (a function).`,
      },
    };
  }
  const complete = harness as CostHarness;
  const baseline = await measure(complete, localCallee(complete.baseline), job);
  if (baseline.failure || !baseline.score) {
    return { failed: { ok: false, errorIn: 'harness', message: `The exercise's baseline pipeline failed: ${baseline.failure ?? 'no score'}.` } };
  }
  if (baseline.cost.unpriced.length > 0 || baseline.cost.dollars === 0) {
    return { failed: { ok: false, errorIn: 'harness', message: `The exercise's baseline must use models the price table knows; it used ${baseline.cost.unpriced.join(', ') || 'none'}.` } };
  }
  return { ready: { harness: complete, baseline } };
}

/** One run of the workload: the learner's pipeline on the judge's virtual clock, the baseline (here) on the wall clock. */
async function measure(harness: CostHarness, callee: Callee, job: CostOptimizationJob, virtualTime = false): Promise<MeasuredRun> {
  const { outcome, location } = await callAgainstSimulator(harness.workload.rules ?? [], callee, { ...harness.workload.options }, {
    timeoutMs: job.scenarioTimeoutMs,
    maxRetries: harness.workload.maxRetries,
    respond: harness.workload.respond,
    job,
    virtualTime,
  });
  const calls = outcome.requests.flatMap(billed);
  const cost = costOfRun(calls);
  if (outcome.virtualTimeLimitMs !== undefined) return { calls, cost, failure: `it was still waiting after ${describeVirtualTime(outcome.virtualTimeLimitMs)} of the check's virtual time` };
  if (outcome.timedOut) return { calls, cost, failure: `it had not finished after ${job.scenarioTimeoutMs / 1000} s` };
  if (outcome.ended !== undefined) return { calls, cost, failure: `it did not return: ${outcome.ended}` };
  if (outcome.error !== undefined) return { calls, cost, failure: `it threw ${outcome.error}${location ? ` (${location.file}:${location.line})` : ''}` };
  try {
    return { calls, cost, score: harness.score(outcome.result) };
  } catch (error) {
    return { calls, cost, failure: `its answers could not be scored: ${describeThrown(error)}` };
  }
}

/** A call the simulator answered, as billed: the request's model and the answer's usage. */
function billed(entry: TraceEntry): BilledCall[] {
  const usage = (entry.response as { usage?: ApiUsage } | undefined)?.usage;
  const model = (entry.body as { model?: unknown } | undefined)?.model;
  if (entry.status !== 200 || !usage || typeof model !== 'string') return [];
  return [{ model, usage: tokenUsageOf(usage) }];
}

function costAnswer(baseline: MeasuredRun, yours: MeasuredRun, maxCostRatio: number): CheckAnswer {
  const base = baseline.score as NonNullable<MeasuredRun['score']>;
  const target = baseline.cost.dollars * maxCostRatio;
  const ratio = yours.cost.dollars / baseline.cost.dollars;
  const percent = (value: number): string => `${Math.round(value * 100)} %`;
  if (yours.failure || !yours.score) {
    const message = `Your pipeline did not finish: ${yours.failure ?? 'no answers'}.`;
    return { ok: true, message, tests: [{ name: 'the pipeline finishes', status: 'fail', message, output: `yours: ${describeRun(yours.cost)}` }], score: 0 };
  }
  const accurate = yours.score.correct >= base.correct;
  const wrong = yours.score.wrong ?? [];
  const accuracy: CheckTest = {
    name: `answers stay as accurate as the baseline (${base.correct} of ${base.total})`,
    status: accurate ? 'pass' : 'fail',
    ...(accurate ? {} : { message: `${yours.score.correct} of ${yours.score.total} answers are right; the baseline gets ${base.correct}.${wrong.length > 0 ? ` Wrong: ${wrong.join('; ')}.` : ''}` }),
  };
  const unpriced = yours.cost.unpriced;
  const cheapEnough = unpriced.length === 0 && yours.cost.dollars <= target;
  const byLever = savingsByLever(baseline, yours);
  const levers = byLever
    .map((lever) => `  ${lever.name.padEnd(40)} ${lever.saved >= 0 ? '' : '-'}${formatDollars(Math.abs(lever.saved))}`)
    .join('\n');
  const cost: CheckTest = {
    name: `costs at most ${percent(maxCostRatio)} of the baseline (${formatDollars(target)})`,
    status: cheapEnough ? 'pass' : 'fail',
    ...(cheapEnough
      ? {}
      : {
          message:
            unpriced.length > 0
              ? `The price table does not know ${unpriced.join(', ')}, so the cost cannot be judged: use models it lists.`
              : `Your pipeline costs ${formatDollars(yours.cost.dollars)}, ${percent(ratio)} of the baseline's ${formatDollars(baseline.cost.dollars)}; the target is ${percent(maxCostRatio)}.`,
        }),
    output: [`baseline: ${describeRun(baseline.cost)}`, `yours:    ${describeRun(yours.cost)}`, `saved ${formatDollars(baseline.cost.dollars - yours.cost.dollars)} (${percent(1 - ratio)}), by lever:`, levers].join('\n'),
  };
  const passed = accurate && cheapEnough;
  // Partial credit: the share of the required saving achieved, and nothing while accuracy falls.
  const score = accurate ? Math.max(0, Math.min(1, (1 - ratio) / (1 - maxCostRatio))) : 0;
  return {
    ok: true,
    tests: [accuracy, cost],
    message: passed
      ? `Cost down to ${percent(ratio)} of the baseline (${formatDollars(yours.cost.dollars)} from ${formatDollars(baseline.cost.dollars)}) at the same accuracy. Saved by ${byLever
          .filter((lever) => Math.abs(lever.saved) >= 0.0000005)
          .map((lever) => `${lever.name.replace(/ \(.*\)$/, '')} ${lever.saved < 0 ? '-' : ''}${formatDollars(Math.abs(lever.saved))}`)
          .join(', ')}.`
      : !accurate
        ? `Accuracy fell: ${yours.score.correct} of ${yours.score.total} against the baseline's ${base.correct}.`
        : `Not cheap enough yet: ${percent(ratio)} of the baseline's cost; the target is ${percent(maxCostRatio)}.`,
    score: passed ? 1 : Number(score.toFixed(3)),
  };
}
