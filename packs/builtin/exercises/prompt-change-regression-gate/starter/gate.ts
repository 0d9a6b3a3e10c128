// The CI gate for a prompt change. The eval suite ran twice, on the current prompt (the baseline)
// and on the changed one (the candidate), k samples per case; gate() decides whether the change
// may ship. The README gives the rules.

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

const passRate = (result: CaseResult): number => result.samples.filter(Boolean).length / result.samples.length;
const average = (run: CaseResult[]): number => run.reduce((sum, result) => sum + passRate(result), 0) / run.length;

export function gate({ baseline, candidate }: GateOptions): GateReport {
  // TODO: comparing two averages blocks on noise and misses a case that broke while another got
  // better. Pair each case with itself (by id), find the cases that regressed (critical ones
  // count at any drop), put an interval around the mean paired change, and handle cases only
  // one run has, as the README says.
  const change = average(candidate) - average(baseline);
  const blocked = change < 0;
  return {
    pass: !blocked,
    blockedBy: blocked ? ['mean-decline'] : [],
    regressions: [],
    missing: [],
    added: [],
    meanChange: change,
    interval: [change, change],
  };
}
