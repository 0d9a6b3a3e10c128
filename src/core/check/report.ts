import { z } from 'zod';

/**
 * One report shape for every exercise kind, modelled on Exercism's `results.json` (version 3):
 * `status`, `message` and `tests[]` with `name`, `status`, `message` and `output`, plus what
 * an editor needs to point at the problem: durations, a location, expected and actual values.
 *
 * `fail` means the learner's work does not pass yet: that is data, not an error. `error` is
 * kept for a check that could not run, and `errorIn` says whose fault it is: the exercise's
 * files in the workspace (the learner can fix them) or the pack's harness (the author must).
 */
export const REPORT_VERSION = 3;

export const CHECK_STATUSES = ['pass', 'fail', 'error'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

const location = z.object({
  /** Relative to the workspace, forward slashes. */
  file: z.string(),
  /** 1-based. */
  line: z.int().min(1),
  column: z.int().min(1).optional(),
});

const checkTest = z.object({
  name: z.string(),
  status: z.enum(CHECK_STATUSES),
  /** Why it failed, in a sentence or two; absent when it passed. */
  message: z.string().optional(),
  /** Anything longer: what the learner's code printed, or the details of a failure. */
  output: z.string().optional(),
  location: location.optional(),
  expected: z.string().optional(),
  actual: z.string().optional(),
  /** The ids of the exercise's requirements this test checks (see the manifest's `requirements`). */
  requirements: z.array(z.string()).optional(),
});

/** What a check that calls a model spent, and where the answers came from. */
const modelUsage = z.object({
  provider: z.string(),
  model: z.string(),
  /** Calls answered, live and stored. */
  calls: z.int().min(0),
  /** Of those, answered from the cache or a recording, at no cost. */
  fromCache: z.int().min(0),
  /** HTTP retries the live calls needed (429, 529, …). */
  retries: z.int().min(0),
  inputTokens: z.int().min(0),
  outputTokens: z.int().min(0),
  cacheCreationInputTokens: z.int().min(0),
  /** Of the cache writes, those for an hour (priced higher). */
  cacheCreation1hInputTokens: z.int().min(0).optional(),
  cacheReadInputTokens: z.int().min(0),
  /** Dollars spent now; null when the price table does not know the model. */
  costUsd: z.number().min(0).nullable(),
  /** The bound shown before the run, for the calls not already stored. */
  maxCostUsd: z.number().min(0).nullable(),
  budgetUsd: z.number().min(0),
  /** Where the answers came from, e.g. "claude-haiku-4-5 via Anthropic API on 2026-11-25". */
  sources: z.array(z.string()),
  recordedTo: z.string().optional(),
  /** The run stopped before a call that could have gone over `budgetUsd`. */
  stoppedAtBudget: z.boolean().optional(),
});

/**
 * A known mistake a failing check behaves like: a known-wrong solution of the exercise whose
 * check failed the same tests the same way (check/fingerprint.ts). Computed by the judge from
 * the report and the pack's fingerprints.json, never from what the learner's code prints.
 */
const resemblance = z.object({
  /** The mistake, as the pack names it (the known-wrong's `reason`). */
  mistake: z.string(),
  /** The author's note for a learner making it: how to think about it, where to look. */
  mentor: z.string().optional(),
  /** The requirements it breaks, as the README states them. */
  requirements: z.array(z.string()).optional(),
});

/** Offline advice about the learner's work: never decides the result. */
const advice = z.object({
  rule: z.string(),
  message: z.string(),
  location: location.optional(),
});

export const checkReportSchema = z.object({
  version: z.literal(REPORT_VERSION),
  exercise: z.string(),
  kind: z.string(),
  status: z.enum(CHECK_STATUSES),
  /** One line summing up the result, or, for `error`, what broke. */
  message: z.string(),
  errorIn: z.enum(['exercise', 'harness', 'model']).optional(),
  durationMs: z.number().min(0),
  tests: z.array(checkTest),
  /** Partial credit, 0 to 1: 1 for a pass; otherwise the kind's own measure (the share of buggy implementations exposed, of cases passing, …). */
  score: z.number().min(0).max(1).optional(),
  usage: modelUsage.optional(),
  advice: z.array(advice).optional(),
  /**
   * For the kinds that run the learner's code: whether it ran fully confined (its own process
   * namespaces and Node's permission model), and what was not covered on this machine.
   */
  confined: z.boolean().optional(),
  confinement: z.object({ layers: z.array(z.enum(['namespaces', 'permission'])), missing: z.array(z.string()) }).optional(),
  /** For a failing check only: the known mistakes it behaves like (usually one; several when they fail alike). */
  resembles: z.array(resemblance).min(1).optional(),
  /** For a stage of a project: which, and the stage it opens when it passes. Its tests are every stage's up to it. */
  stage: z.object({ project: z.string(), number: z.int().min(1), of: z.int().min(2), next: z.string().optional() }).optional(),
});

export type CheckReport = z.infer<typeof checkReportSchema>;
export type CheckTest = z.infer<typeof checkTest>;
export type CheckLocation = z.infer<typeof location>;
export type ModelUsage = z.infer<typeof modelUsage>;
export type CheckAdvice = z.infer<typeof advice>;
export type Resemblance = z.infer<typeof resemblance>;
export type ErrorIn = NonNullable<CheckReport['errorIn']>;

/** A report for work that fails before any finer check could run (a time-out, a broken template). */
export function failReport(exercise: { id: string; kind: string }, message: string, durationMs: number, tests: CheckTest[]): CheckReport {
  return { version: REPORT_VERSION, exercise: exercise.id, kind: exercise.kind, status: 'fail', score: 0, message, durationMs, tests };
}

/** A report for a check that could not run at all. */
export function errorReport(
  exercise: { id: string; kind: string },
  errorIn: ErrorIn,
  message: string,
  durationMs: number,
  output?: string,
): CheckReport {
  return {
    version: REPORT_VERSION,
    exercise: exercise.id,
    kind: exercise.kind,
    status: 'error',
    message,
    errorIn,
    durationMs,
    tests: output ? [{ name: 'check', status: 'error', message, output }] : [],
  };
}

/** Partial credit: 1 for a pass, else `measured` or the share of tests that passed. */
export function scoreOf(status: CheckReport['status'], tests: readonly CheckTest[], measured?: number): number {
  if (status === 'pass') return 1;
  if (status === 'error') return 0;
  if (measured !== undefined) return Math.min(1, Math.max(0, measured));
  return tests.length === 0 ? 0 : tests.filter((test) => test.status === 'pass').length / tests.length;
}

/** `pass` when every test passed, `fail` otherwise. */
export function overallStatus(tests: readonly CheckTest[]): 'pass' | 'fail' {
  return tests.length > 0 && tests.every((test) => test.status === 'pass') ? 'pass' : 'fail';
}
