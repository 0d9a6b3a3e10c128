import { formatDollars } from '../model/prices';

/**
 * What a grading run may spend on a live model: each check at most its own budget, each
 * student at most `studentUsd`, the whole run at most `runUsd`. Students are graded a few at a
 * time, so a check reserves what it may spend before it starts and gives back what it did not
 * spend when it ends: the reservations in flight never add up past the run's budget.
 */
export interface SpendingLimits {
  studentUsd?: number | undefined;
  runUsd?: number | undefined;
}

/** What one check may spend, and which limit set it. */
export interface Allowance {
  usd: number;
  /** The limit that made it smaller than the check's own budget, if one did. */
  limitedBy: 'check' | 'student' | 'run';
}

export class RunSpending {
  private spent = 0;
  private reserved = 0;

  constructor(readonly limits: SpendingLimits) {}

  /** Dollars spent so far by the checks that ended. */
  get spentUsd(): number {
    return this.spent;
  }

  /** A purse for one student's checks. */
  forStudent(): StudentSpending {
    return new StudentSpending(this);
  }

  /** Reserves up to `wanted` of what the run has left; returns what it reserved. */
  reserve(wanted: number): number {
    const left = this.limits.runUsd === undefined ? wanted : Math.max(0, this.limits.runUsd - this.spent - this.reserved);
    const granted = Math.min(wanted, left);
    this.reserved += granted;
    return granted;
  }

  settle(reserved: number, spent: number): void {
    this.reserved -= reserved;
    this.spent += spent;
  }
}

export class StudentSpending {
  private spent = 0;

  constructor(private readonly run: RunSpending) {}

  get spentUsd(): number {
    return this.spent;
  }

  /** Reserves what the next check may spend: its own budget, or what the student or the run has left if that is less. */
  reserve(checkBudgetUsd: number): Allowance {
    const studentLeft = this.run.limits.studentUsd === undefined ? Infinity : Math.max(0, this.run.limits.studentUsd - this.spent);
    const wanted = Math.min(checkBudgetUsd, studentLeft);
    const usd = this.run.reserve(wanted);
    const limitedBy = usd < wanted ? 'run' : wanted < checkBudgetUsd ? 'student' : 'check';
    return { usd, limitedBy };
  }

  settle(allowance: Allowance, spentUsd: number): void {
    this.spent += spentUsd;
    this.run.settle(allowance.usd, spentUsd);
  }

  /** Which limit stopped a check (or kept it from starting) under `allowance`, and how to raise it. */
  describeLimit(allowance: Allowance, checkBudgetUsd: number): { message: string; fix: string } {
    const again = 'grade again: the students graded are kept, and answers already paid for come from the cache';
    switch (allowance.limitedBy) {
      case 'run':
        return { message: `the run's budget of ${formatDollars(this.run.limits.runUsd ?? 0)} ran out`, fix: `raise --run-budget and ${again}` };
      case 'student':
        return { message: `this student's budget of ${formatDollars(this.run.limits.studentUsd ?? 0)} ran out`, fix: `raise --student-budget and ${again}` };
      case 'check':
        return { message: `the check's budget of ${formatDollars(checkBudgetUsd)} ran out`, fix: `raise --budget and ${again}` };
    }
  }
}
