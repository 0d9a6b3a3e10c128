/** One case of an eval run: its id, its tags, and whether each of its k samples passed. */
export interface CaseResult {
  id: string;
  tags: string[];
  samples: boolean[];
}

/** The rules that can block a change. */
export type BlockRule = 'critical-regression' | 'regressed-cases' | 'mean-decline' | 'missing-cases';

export interface Regression {
  id: string;
  /** Pass rates: the share of samples that passed. */
  baseline: number;
  candidate: number;
  /** candidate − baseline. */
  change: number;
  critical: boolean;
}

export interface GateReport {
  /** Whether the change may ship: false blocks it. */
  pass: boolean;
  /** Every rule that blocks the change; empty when it passes. */
  blockedBy: BlockRule[];
  regressions: Regression[];
  /** Baseline cases the candidate run does not have. */
  missing: string[];
  /** Candidate cases the baseline does not have. */
  added: string[];
  /** The mean of the paired changes. */
  meanChange: number;
  /** The 95 % interval of the mean change: [low, high]. */
  interval: [number, number];
}

export interface GateOptions {
  baseline: CaseResult[];
  candidate: CaseResult[];
}

/** A non-critical case regressed when it lost at least this much of its pass rate. */
const MIN_DROP = 0.5;
/** This many regressed cases block, even when each alone could be noise. */
const MAX_REGRESSIONS = 2;
/** z for a two-sided 95 % interval. */
const Z_95 = 1.96;

const passRate = (result: CaseResult): number => result.samples.filter(Boolean).length / result.samples.length;
const isCritical = (...results: CaseResult[]): boolean => results.some((result) => result.tags.includes('critical'));

export function gate({ baseline, candidate }: GateOptions): GateReport {
  const candidates = new Map(candidate.map((result) => [result.id, result]));
  const baselineIds = new Set(baseline.map((result) => result.id));
  const missing = baseline.filter((result) => !candidates.has(result.id)).map((result) => result.id);
  const added = candidate.filter((result) => !baselineIds.has(result.id)).map((result) => result.id);

  // Pair each case with itself: how hard a case is cancels out, only its change remains.
  const changes: number[] = [];
  const regressions: Regression[] = [];
  // The two runs list the suite in the same order: pair them case by case.
  for (const [index, before] of baseline.entries()) {
    const after = candidate[index];
    if (!after) continue;
    const change = passRate(after) - passRate(before);
    changes.push(change);
    const critical = isCritical(before, after);
    // A critical case may not drop at all; any other case only counts when it lost half its pass rate or more.
    if (critical ? change < 0 : change <= -MIN_DROP) {
      regressions.push({ id: before.id, baseline: passRate(before), candidate: passRate(after), change, critical });
    }
  }

  // The mean paired change and its 95 % interval: mean ± 1.96 × sd / √n, with the sample sd (n − 1).
  const n = changes.length;
  const meanChange = changes.reduce((sum, change) => sum + change, 0) / n;
  const variance = changes.reduce((sum, change) => sum + (change - meanChange) ** 2, 0) / (n - 1);
  const margin = (Z_95 * Math.sqrt(variance)) / Math.sqrt(n);
  const interval: [number, number] = [meanChange - margin, meanChange + margin];

  const blockedBy: BlockRule[] = [];
  if (regressions.some((regression) => regression.critical)) blockedBy.push('critical-regression');
  if (regressions.length >= MAX_REGRESSIONS) blockedBy.push('regressed-cases');
  if (interval[1] < 0) blockedBy.push('mean-decline');
  if (missing.length > 0) blockedBy.push('missing-cases');

  return { pass: blockedBy.length === 0, blockedBy, regressions, missing, added, meanChange, interval };
}
