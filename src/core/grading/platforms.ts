import type { GradeReport, GradeRow } from '../gradeReport';
import { UserError } from '../userError';

/**
 * A workspace's grade in the shapes the graders in use read: Classroom 50's `result.json`,
 * Gradescope's `results.json`, and GitHub Classroom's retired autograding result. Each is
 * written from the platform's published contract; tests hold a schema of each.
 */

/** A test of a check that shows a hidden case: named so by the check ("hidden · …", "hidden case: …"). */
export function isHiddenTest(name: string): boolean {
  return /^hidden(?: ·|\s+case:)/.test(name);
}

/** Whole points earned of `points`: all of them for a pass, never all of them otherwise. */
function pointsFor(row: GradeRow, points: number): number {
  if (row.status === 'passed') return points;
  return Math.min(points - 1, Math.floor(row.score * points + 1e-9));
}

const testName = (row: GradeRow): string => `${row.title} (${row.id})`;

/** The environment Classroom 50's runner gives an autograder, and what each becomes in result.json. */
const CLASSROOM50_ENV = { classroom: 'CLASSROOM', assignment: 'ASSIGNMENT', submission: 'SUBMISSION_TAG', commit: 'COMMIT_URL', release: 'RELEASE_URL' } as const;

/**
 * Classroom 50's `result.json` (schema `classroom50/result/v1`): identity from the environment
 * its runner sets, whole-number scores, one test per exercise out of `points`. The runner stamps
 * `owner`, `assignment_type`, `datetime` and `graded_at` itself after reading the file; they are
 * written here too, from the same environment, so the file is complete on its own.
 */
export function gradeClassroom50(report: GradeReport, points: number, env: NodeJS.ProcessEnv, now: Date = new Date()): Record<string, unknown> {
  if (!Number.isInteger(points) || points < 1) throw new UserError(`Classroom 50 scores are whole numbers: --points must be a whole number of at least 1, not ${points}.`, 'For example --points 10.');
  const identity = classroom50Identity(env);
  const owner = (env.OWNER ?? env.USERNAME ?? '').trim();
  const tests = report.rows.map((row) => ({ 'test-name': testName(row), passed: row.status === 'passed', score: pointsFor(row, points), 'max-score': points }));
  const stamp = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    schema: 'classroom50/result/v1',
    classroom: identity.classroom,
    assignment: identity.assignment,
    ...(env.ASSIGNMENT_TYPE?.trim() ? { assignment_type: env.ASSIGNMENT_TYPE.trim() } : {}),
    ...(owner ? { owner } : {}),
    submission: identity.submission,
    commit: identity.commit,
    release: identity.release,
    review: env.REVIEW_URL?.trim() || identity.commit,
    datetime: stamp,
    graded_at: stamp,
    score: tests.reduce((sum, test) => sum + test.score, 0),
    'max-score': tests.reduce((sum, test) => sum + test['max-score'], 0),
    tests,
  };
}

/** The submission's identity from the environment Classroom 50's runner sets; says what is missing. */
export function classroom50Identity(env: NodeJS.ProcessEnv): Record<keyof typeof CLASSROOM50_ENV, string> {
  const missing = Object.values(CLASSROOM50_ENV).filter((name) => !env[name]?.trim());
  if (missing.length > 0) {
    throw new UserError(
      `The classroom50 format takes the submission's identity from the environment Classroom 50's runner sets, and ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set.`,
      'Run it from the classroom\'s autograder.py (docs/classroom50-autograder.py), or set those variables yourself to try it.',
    );
  }
  const identity = Object.fromEntries(Object.entries(CLASSROOM50_ENV).map(([field, name]) => [field, (env[name] as string).trim()])) as Record<keyof typeof CLASSROOM50_ENV, string>;
  if (!identity.submission.startsWith('submit/')) throw new UserError(`SUBMISSION_TAG is "${identity.submission}"; Classroom 50 submissions are tagged submit/….`, 'Run it from the classroom\'s autograder.py, which the runner starts with the right tag.');
  return identity;
}

export const GRADESCOPE_VISIBILITIES = ['hidden', 'after_due_date', 'after_published', 'visible'] as const;
export type GradescopeVisibility = (typeof GRADESCOPE_VISIBILITIES)[number];

/**
 * Gradescope's `results.json`: one scored test per exercise, out of `points`, and, for every
 * hidden case a re-check ran, an unscored test of its own shown as `hiddenVisibility` says
 * (after the grades are published, by default). The provenance goes in `extra_data`.
 */
export function gradeGradescope(report: GradeReport, points: number, hiddenVisibility: GradescopeVisibility = 'after_published'): Record<string, unknown> {
  if (!Number.isFinite(points) || points <= 0) throw new UserError(`--points must be a positive number, not ${points}.`, 'For example --points 10.');
  const tests: Record<string, unknown>[] = [];
  report.rows.forEach((row, index) => {
    const shown = (row.check?.tests ?? []).filter((test) => !isHiddenTest(test.name));
    const lines = [row.check ? row.check.message : 'Not started.', ...shown.map((test) => `${test.status === 'pass' ? '✓' : '✗'} ${test.name}${test.status === 'pass' || !test.message ? '' : `: ${test.message}`}`)];
    tests.push({
      name: testName(row),
      number: String(index + 1),
      score: row.status === 'passed' ? points : Math.round(row.score * points * 100) / 100,
      max_score: points,
      status: row.status === 'passed' ? 'passed' : 'failed',
      output: lines.join('\n'),
      output_format: 'text',
      visibility: 'visible',
    });
    (row.check?.tests ?? []).filter((test) => isHiddenTest(test.name)).forEach((test, hiddenIndex) => {
      tests.push({
        name: `${row.id}: ${test.name}`,
        number: `${index + 1}.${hiddenIndex + 1}`,
        status: test.status === 'pass' ? 'passed' : 'failed',
        output: test.message ?? (test.status === 'pass' ? 'Passed.' : 'Failed.'),
        output_format: 'text',
        visibility: hiddenVisibility,
      });
    });
  });
  const score = report.rows.reduce((sum, row) => sum + (row.status === 'passed' ? points : Math.round(row.score * points * 100) / 100), 0);
  return {
    score: Math.round(score * 100) / 100,
    output: `${report.pack.title} v${report.pack.version}: ${report.rows.filter((row) => row.status === 'passed').length} of ${report.rows.length} exercises pass${report.rechecked ? ' (every started exercise checked again)' : ' (from the progress file)'}.`,
    output_format: 'text',
    visibility: 'visible',
    stdout_visibility: 'hidden',
    tests,
    ...(report.provenance ? { extra_data: { provenance: report.provenance } } : {}),
  };
}

/**
 * GitHub Classroom's autograding result (the shape its grading reporter reads, base64-encoded,
 * from `<RUNNER>_RESULTS`): one test per exercise, scored out of `points`. The service is retired;
 * the format stays, behind its name, for courses that still read it.
 */
export function gradeClassroom(report: GradeReport, points: number): Record<string, unknown> {
  const tests = report.rows.map((row) => ({
    name: testName(row),
    status: row.status === 'passed' ? 'pass' : row.status === 'error' ? 'error' : 'fail',
    score: Math.round(row.score * points * 100) / 100,
    max_score: points,
    message: row.check ? row.check.message : 'not started',
  }));
  const status = tests.some((test) => test.status === 'error') ? 'error' : tests.every((test) => test.status === 'pass') ? 'pass' : 'fail';
  return { version: 1, status, max_score: points * tests.length, tests };
}
