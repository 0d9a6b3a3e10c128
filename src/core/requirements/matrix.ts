import type { CheckReport } from '../check/report';
import { patternMatches, type Requirement } from './trace';

/**
 * What `pack verify` proves about an exercise's requirements: which checks (tests of the
 * reference's report) check each one, and which known-wrong solutions fail because of it
 * (they fail a test traced to it). A requirement with no check, a check traced to no
 * requirement, and a requirement no known-wrong breaks are gaps.
 */
export interface RequirementMatrix {
  exercise: string;
  requirements: RequirementRow[];
  /** The checks: each distinct `checkedBy` pattern, with the tests it names among those the runs reported. */
  checks: { pattern: string; tests: string[] }[];
  /** Tests the checks reported that no requirement names. */
  untraced: string[];
  /** Every gap, in a sentence each; empty when the matrix is complete. */
  gaps: string[];
}

export interface RequirementRow {
  id: string;
  text: string;
  /** Indexes into `checks`. */
  checks: number[];
  /** Known-wrong solutions that fail a test traced to this requirement and name it in `breaks`. */
  brokenBy: string[];
}

/** A known-wrong solution's check, with the requirements it says it breaks. */
export interface WrongRun {
  name: string;
  breaks: readonly string[];
  report: CheckReport | undefined;
}

/** The requirements a report's failing tests are traced to. */
export function failedRequirements(report: CheckReport | undefined): Set<string> {
  return new Set((report?.tests ?? []).filter((test) => test.status === 'fail').flatMap((test) => test.requirements ?? []));
}

/** For a known-wrong solution: the requirements it names but does not fail because of. */
export function unprovenBreaks(wrong: WrongRun): string[] {
  const failed = failedRequirements(wrong.report);
  return wrong.breaks.filter((id) => !failed.has(id));
}

/**
 * A project stage's own tests, named as its harness names them. A stage's report also carries
 * every stage before it, each test named "stage N · …" (see stagedCheck.ts); its requirements
 * name its own tests, without the prefix, and the stages before it have matrices of their own.
 * Other reports are returned as they are.
 */
export function ownStageTests(report: CheckReport | undefined, stage: number | undefined): CheckReport | undefined {
  if (!report || stage === undefined) return report;
  const prefix = `stage ${stage} · `;
  return { ...report, tests: report.tests.filter((test) => test.name.startsWith(prefix)).map((test) => ({ ...test, name: test.name.slice(prefix.length) })) };
}

/**
 * The matrix of one exercise. The checks are the tests its runs report: the reference's, and
 * those only a failing solution meets (a test that the returned value has the right shape, say).
 */
export function requirementMatrix(exercise: string, requirements: readonly Requirement[], reports: readonly (CheckReport | undefined)[], wrongs: readonly WrongRun[]): RequirementMatrix {
  const names = [...new Set([...reports, ...wrongs.map((wrong) => wrong.report)].flatMap((report) => (report?.tests ?? []).map((test) => test.name)))];
  const checks: RequirementMatrix['checks'] = [];
  const indexOf = new Map<string, number>();
  const gaps: string[] = [];
  const rows = requirements.map((requirement): RequirementRow => {
    const own: number[] = [];
    for (const pattern of requirement.checkedBy) {
      let index = indexOf.get(pattern);
      if (index === undefined) {
        index = checks.push({ pattern, tests: names.filter((name) => patternMatches(pattern, name)) }) - 1;
        indexOf.set(pattern, index);
        if (checks[index]?.tests.length === 0) gaps.push(`"${pattern}" (checking ${requirement.id}) names no test any solution's check reported: a renamed or removed test?`);
      }
      own.push(index);
    }
    if (own.every((index) => checks[index]?.tests.length === 0)) gaps.push(`requirement ${requirement.id} has no check: no test any solution's check reported checks it`);
    const brokenBy = wrongs.filter((wrong) => wrong.breaks.includes(requirement.id) && failedRequirements(wrong.report).has(requirement.id)).map((wrong) => wrong.name);
    if (brokenBy.length === 0) gaps.push(`requirement ${requirement.id} is broken by no known-wrong solution: add one that fails a check of it, and name it in "breaks"`);
    return { id: requirement.id, text: requirement.text, checks: own, brokenBy };
  });
  const traced = new Set(checks.flatMap((check) => check.tests));
  const untraced = names.filter((name) => !traced.has(name));
  for (const name of untraced) gaps.push(`the test "${name}" checks no requirement: name it in a requirement's "checkedBy"`);
  return { exercise, requirements: rows, checks, untraced, gaps };
}
