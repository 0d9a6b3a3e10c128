import { z } from 'zod';

/**
 * The graders' contracts, written from what each platform publishes, to validate our outputs
 * against. Classroom 50: the runner's and collector's validate_result (cli/gh-teacher/skeleton/
 * dotgithub/scripts/runner.py, foundation50/classroom50): schema sentinel, identity strings, a
 * submit/* tag, non-negative whole scores with score ≤ max-score, tests of {test-name, passed,
 * score, max-score}. Gradescope: "Autograder Specifications" (gradescope-autograders.readthedocs.io
 * /en/latest/specs/): results.json with score, output, visibility, tests of {score, max_score,
 * status passed|failed, name, number, output, visibility, …}.
 */

const wholeScore = z.int().min(0);
const nonEmpty = z.string().min(1);

export const classroom50TestSchema = z
  .object({ 'test-name': nonEmpty, passed: z.boolean(), score: wholeScore, 'max-score': wholeScore })
  .refine((test) => test.score <= test['max-score'], 'a test scores more than its max-score');

/** What the runner checks after stamping owner, assignment_type, datetime and graded_at itself. */
export const classroom50ResultSchema = z
  .object({
    schema: z.literal('classroom50/result/v1'),
    classroom: nonEmpty,
    assignment: nonEmpty,
    assignment_type: z.enum(['individual', 'group', 'team']),
    owner: nonEmpty,
    submission: nonEmpty.startsWith('submit/'),
    commit: nonEmpty,
    release: nonEmpty,
    review: nonEmpty,
    datetime: nonEmpty,
    graded_at: nonEmpty.optional(),
    score: wholeScore,
    'max-score': wholeScore,
    tests: z.array(classroom50TestSchema),
    submitted_by: z.object({ username: nonEmpty, id: z.int().nullable() }).optional(),
  })
  .refine((result) => result.score <= result['max-score'], 'score is more than max-score');

/** The runner's stamping of runner-authoritative fields, as it does before validating. */
export function stampedByClassroom50Runner(result: Record<string, unknown>, owner: string, assignmentType = 'individual'): Record<string, unknown> {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { ...result, owner, assignment_type: assignmentType, datetime: now, graded_at: now };
}

const visibility = z.enum(['hidden', 'after_due_date', 'after_published', 'visible']);
const outputFormat = z.enum(['text', 'html', 'simple_format', 'md', 'ansi']);

export const gradescopeTestSchema = z.strictObject({
  score: z.number().optional(),
  max_score: z.number().optional(),
  status: z.enum(['passed', 'failed']).optional(),
  name: z.string().optional(),
  name_format: outputFormat.optional(),
  number: z.string().optional(),
  output: z.string().optional(),
  output_format: outputFormat.optional(),
  tags: z.array(z.string()).optional(),
  visibility: visibility.optional(),
  extra_data: z.record(z.string(), z.unknown()).optional(),
});

export const gradescopeResultsSchema = z
  .strictObject({
    score: z.number().optional(),
    execution_time: z.number().optional(),
    output: z.string().optional(),
    output_format: outputFormat.optional(),
    test_output_format: outputFormat.optional(),
    test_name_format: outputFormat.optional(),
    visibility: visibility.optional(),
    stdout_visibility: visibility.optional(),
    extra_data: z.record(z.string(), z.unknown()).optional(),
    tests: z.array(gradescopeTestSchema).optional(),
    leaderboard: z.array(z.object({ name: z.string(), value: z.union([z.number(), z.string()]), order: z.enum(['asc', 'desc']).optional() })).optional(),
  })
  // "score: optional, but required if not on each test case".
  .refine((results) => results.score !== undefined || (results.tests ?? []).every((test) => test.score !== undefined), 'a score, overall or on every test');
