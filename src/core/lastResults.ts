import { z } from 'zod';
import { CHECK_STATUSES, type CheckTest } from './check/report';

/**
 * What Test Explorer shows of a check, kept in progress (each exercise's `lastCheck.tests`) so
 * that the last results are there again after a window reload, and after a check run by
 * `ai-practice check` in a terminal. Bounded, so progress.json stays small: at most
 * `MAX_TESTS` tests (the failing ones first when there are more), each text cut to a few
 * hundred characters. The longer output stays in the report only.
 */
export const LAST_RESULT_LIMITS = {
  /** Tests kept of one check. */
  tests: 30,
  name: 120,
  message: 300,
  /** Expected and actual values, each. */
  value: 200,
} as const;

const location = z.object({ file: z.string(), line: z.int().min(1), column: z.int().min(1).optional() });

const recordedTest = z.looseObject({
  name: z.string(),
  status: z.enum(CHECK_STATUSES),
  message: z.string().optional(),
  location: location.optional(),
  expected: z.string().optional(),
  actual: z.string().optional(),
  requirements: z.array(z.string()).optional(),
});

export type RecordedTest = z.infer<typeof recordedTest>;

/** The tests of a check as progress keeps them, and how many were left out. */
export interface RecordedTests {
  tests: RecordedTest[];
  testsOmitted?: number;
}

/** `text` cut to `max` characters, an ellipsis saying it was cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The bounded record of a report's tests. */
export function recordTests(tests: readonly CheckTest[]): RecordedTests {
  let kept = tests.map((test, index) => ({ test, index }));
  if (kept.length > LAST_RESULT_LIMITS.tests) {
    // The failures say what to fix: they are kept first, then the passes, in report order.
    const failing = kept.filter(({ test }) => test.status !== 'pass');
    const passing = kept.filter(({ test }) => test.status === 'pass');
    kept = [...failing, ...passing].slice(0, LAST_RESULT_LIMITS.tests).sort((a, b) => a.index - b.index);
  }
  const recorded = kept.map(({ test }): RecordedTest => {
    const failed = test.status !== 'pass';
    return {
      name: clip(test.name, LAST_RESULT_LIMITS.name),
      status: test.status,
      ...(failed && test.message !== undefined ? { message: clip(test.message, LAST_RESULT_LIMITS.message) } : {}),
      ...(test.location ? { location: test.location } : {}),
      ...(failed && test.expected !== undefined && test.actual !== undefined
        ? { expected: clip(test.expected, LAST_RESULT_LIMITS.value), actual: clip(test.actual, LAST_RESULT_LIMITS.value) }
        : {}),
      ...(test.requirements?.length ? { requirements: test.requirements } : {}),
    };
  });
  const omitted = tests.length - recorded.length;
  return { tests: recorded, ...(omitted > 0 ? { testsOmitted: omitted } : {}) };
}

/**
 * The recorded tests of a progress `lastCheck`, or undefined when it has none (written by a
 * version that kept none, or by an older one whose check replaced the record). A test this
 * version cannot read is left out, never a reason to refuse the progress file.
 */
export function recordedTestsOf(lastCheck: Readonly<Record<string, unknown>> | undefined): RecordedTests | undefined {
  const recorded = lastCheck?.['tests'];
  if (!Array.isArray(recorded)) return undefined;
  const tests = recorded.flatMap((test: unknown) => {
    const parsed = recordedTest.safeParse(test);
    return parsed.success ? [parsed.data] : [];
  });
  const said = lastCheck?.['testsOmitted'];
  const omitted = (typeof said === 'number' && Number.isInteger(said) && said > 0 ? said : 0) + recorded.length - tests.length;
  return { tests, ...(omitted > 0 ? { testsOmitted: omitted } : {}) };
}
