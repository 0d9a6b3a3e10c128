import type { CheckReport } from '../check/report';
import type { Exercise } from '../packSchema';

/**
 * Requirement tracing: an exercise lists its requirements, each naming the tests of its check
 * that check it (by name, or by a pattern where `*` stands for any text). This module answers
 * which requirements a test checks; `pack verify` builds its matrix from the same answers.
 */
export type Requirement = Exercise['requirements'][number];

const compiled = new Map<string, RegExp>();

/** True when `name` is the test `pattern` names: equal, or matching with `*` as any text. */
export function patternMatches(pattern: string, name: string): boolean {
  if (!pattern.includes('*')) return pattern === name;
  let regex = compiled.get(pattern);
  if (!regex) {
    regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*')}$`);
    compiled.set(pattern, regex);
  }
  return regex.test(name);
}

/** The ids of the requirements the test named `testName` checks, in the exercise's order. */
export function requirementsOfTest(testName: string, requirements: readonly Requirement[]): string[] {
  return requirements.filter((requirement) => requirement.checkedBy.some((pattern) => patternMatches(pattern, testName))).map((requirement) => requirement.id);
}

/** The report with every test tagged with the requirements it checks (none declared: as it was). */
export function traceReport(report: CheckReport, requirements: readonly Requirement[]): CheckReport {
  if (requirements.length === 0) return report;
  return {
    ...report,
    tests: report.tests.map((test) => {
      const ids = requirementsOfTest(test.name, requirements);
      return ids.length === 0 ? test : { ...test, requirements: ids };
    }),
  };
}
