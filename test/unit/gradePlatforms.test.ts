import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GradeReport, GradeRow } from '../../src/core/gradeReport';
import { gradeClassroom50, gradeGradescope, isHiddenTest } from '../../src/core/grading/platforms';
import { UserError } from '../../src/core/userError';
import { classroom50ResultSchema, gradescopeResultsSchema, stampedByClassroom50Runner } from '../support/platformSchemas';

const row = (over: Partial<GradeRow> & Pick<GradeRow, 'id' | 'status' | 'score'>): GradeRow => ({ title: over.id.replace(/-/g, ' '), kind: 'agent-loop', attempts: 1, hintsUsed: 0, ...over });

/** A class member's grade: one pass, one near miss (95 %), one half done with a hidden case failing, one not started. */
const REPORT: GradeReport = {
  pack: { id: 'course', title: 'Course', version: '1.2.0' },
  generatedAt: '2026-12-02T10:00:00.000Z',
  rechecked: true,
  rows: [
    row({ id: 'first-loop', status: 'passed', score: 1, check: { status: 'pass', at: 'x', message: 'All 3 scenarios pass.', rechecked: true, tests: [{ name: 'answers', status: 'pass' }] } }),
    row({ id: 'near-miss', status: 'failed', score: 0.95, check: { status: 'fail', at: 'x', message: '19 of 20 cases pass.', rechecked: true, tests: [] } }),
    row({
      id: 'half-done',
      status: 'failed',
      score: 0.5,
      check: {
        status: 'fail',
        at: 'x',
        message: '1 of 2 scenarios fails.',
        rechecked: true,
        tests: [
          { name: 'retries a 429', status: 'pass' },
          { name: 'hidden · a model that never stops', status: 'fail', message: 'It made 20 model calls; it stops at 5.' },
          { name: 'hidden case: a German ticket', status: 'pass' },
        ],
      },
    }),
    row({ id: 'not-begun', status: 'not-started', score: 0 }),
  ],
  score: 2.45,
  maxScore: 4,
  provenance: { product: { name: 'ai-engineering-practice', version: '0.1.0' }, pack: { id: 'course', version: '1.2.0', sha256: 'a'.repeat(64) }, runtime: { node: 'v20', platform: 'linux-x64' }, confined: true },
};

const RUNNER_ENV = {
  CLASSROOM: 'cs-ai',
  ASSIGNMENT: 'agents-1',
  SUBMISSION_TAG: 'submit/2026-12-02T10-00-00Z-abc1234',
  COMMIT_URL: 'https://github.com/cs-ai/cs-ai-agents-1-ada/commit/abc1234',
  RELEASE_URL: 'https://github.com/cs-ai/cs-ai-agents-1-ada/releases/tag/submit%2F2026',
  USERNAME: 'ada',
  ASSIGNMENT_TYPE: 'individual',
};

describe('Classroom 50 result.json', () => {
  it('holds the contract: identity from the runner\'s environment, whole points, a pass alone earns full points', () => {
    const result = gradeClassroom50(REPORT, 10, RUNNER_ENV, new Date('2026-12-02T10:00:00.123Z'));
    const parsed = classroom50ResultSchema.safeParse(result);
    assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
    assert.deepEqual(
      (result.tests as { 'test-name': string; passed: boolean; score: number }[]).map((test) => [test['test-name'], test.passed, test.score]),
      [
        ['first loop (first-loop)', true, 10],
        ['near miss (near-miss)', false, 9],
        ['half done (half-done)', false, 5],
        ['not begun (not-begun)', false, 0],
      ],
    );
    assert.deepEqual([result.score, result['max-score'], result.review, result.datetime, result.owner], [24, 40, RUNNER_ENV.COMMIT_URL, '2026-12-02T10:00:00Z', 'ada']);
    // Even 99.99 % is not a pass: it never rounds up to full points.
    const almost = gradeClassroom50({ ...REPORT, rows: [row({ id: 'x', status: 'failed', score: 0.9999 })] }, 10, RUNNER_ENV);
    assert.equal((almost.tests as { score: number }[])[0]?.score, 9);
  });

  it('is valid once the runner stamps its own fields, even with no owner or type in the environment', () => {
    const { USERNAME: _user, ASSIGNMENT_TYPE: _type, ...bare } = RUNNER_ENV;
    const result = gradeClassroom50(REPORT, 10, bare);
    assert.equal(result.owner, undefined);
    assert.ok(classroom50ResultSchema.safeParse(stampedByClassroom50Runner(result, 'ada')).success);
  });

  it('says which of the runner\'s variables are missing, and refuses fractional points and a tag that is not a submission', () => {
    const { SUBMISSION_TAG: _tag, RELEASE_URL: _release, ...partial } = RUNNER_ENV;
    assert.throws(() => gradeClassroom50(REPORT, 10, partial), (error: unknown) => error instanceof UserError && /SUBMISSION_TAG, RELEASE_URL are not set/.test(error.message) && /autograder\.py/.test(error.fix ?? ''));
    assert.throws(() => gradeClassroom50(REPORT, 2.5, RUNNER_ENV), /whole number of at least 1, not 2\.5/);
    assert.throws(() => gradeClassroom50(REPORT, 10, { ...RUNNER_ENV, SUBMISSION_TAG: 'v1.0' }), /tagged submit\//);
  });
});

describe('Gradescope results.json', () => {
  it('holds the contract: a scored test per exercise, hidden cases apart and shown after publishing, provenance in extra_data', () => {
    const results = gradeGradescope(REPORT, 10);
    const parsed = gradescopeResultsSchema.safeParse(results);
    assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
    const tests = results.tests as { name: string; number: string; score?: number; max_score?: number; status: string; output: string; visibility: string }[];
    assert.deepEqual(
      tests.map((test) => [test.number, test.name, test.score, test.status, test.visibility]),
      [
        ['1', 'first loop (first-loop)', 10, 'passed', 'visible'],
        ['2', 'near miss (near-miss)', 9.5, 'failed', 'visible'],
        ['3', 'half done (half-done)', 5, 'failed', 'visible'],
        ['3.1', 'half-done: hidden · a model that never stops', undefined, 'failed', 'after_published'],
        ['3.2', 'half-done: hidden case: a German ticket', undefined, 'passed', 'after_published'],
        ['4', 'not begun (not-begun)', 0, 'failed', 'visible'],
      ],
    );
    // The visible test lists the exercise's visible tests only; the hidden one's words stay in its own test.
    assert.equal(tests[2]?.output, '1 of 2 scenarios fails.\n✓ retries a 429');
    assert.equal(tests[3]?.output, 'It made 20 model calls; it stops at 5.');
    assert.equal(results.score, 24.5);
    assert.deepEqual((results.extra_data as { provenance: unknown }).provenance, REPORT.provenance);
    const hiddenNow = gradeGradescope(REPORT, 10, 'hidden').tests as { visibility: string }[];
    assert.deepEqual([...new Set(hiddenNow.map((test) => test.visibility))], ['visible', 'hidden']);
  });

  it('knows a hidden test by the name the checks give it', () => {
    assert.deepEqual(['hidden · x', 'hidden case: y', 'hides the key', 'a hidden link'].map(isHiddenTest), [true, true, false, false]);
  });
});
