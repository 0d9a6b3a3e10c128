// The harness of the retry-policy eval-dataset exercise: the correct `retryDecision` from the
// specification in README.md, and its buggy variants, each switching on one realistic
// mistake. This file stays in the pack; learners never see it.
import { z } from 'zod';

export const inputSchema = z.strictObject({
  status: z.int('status must be a whole number').min(100, 'an HTTP status is at least 100').max(599, 'an HTTP status is at most 599'),
  attempt: z.int('attempt must be a whole number').min(1, 'attempts are counted from 1').max(20, 'keep attempt at 20 or below'),
  retryAfter: z.string().optional(),
});

export const outputSchema = z.strictObject({
  retry: z.boolean(),
  delayMs: z.int('delayMs must be a whole number of milliseconds').min(0, 'delayMs cannot be negative'),
});

type Output = z.infer<typeof outputSchema>;

/** Variant id → the kind of bug, which is all a learner is told about a variant they miss. */
export const variants = {
  'retries-client-errors': 'which statuses are retried',
  'retries-every-5xx': 'which statuses are retried',
  'forgets-408': 'which statuses are retried',
  'forgets-529': 'provider-specific statuses',
  'one-attempt-too-many': 'the attempt limit',
  'ignores-retry-after': 'Retry-After',
  'retry-after-as-ms': 'units',
  'zero-retry-after-ignored': 'zero values',
  'uncapped-retry-after': 'caps',
  'uncapped-backoff': 'caps',
  'backoff-off-by-one': 'the backoff schedule',
  'parses-any-retry-after': 'unusual header values',
} as const satisfies Record<string, string>;

type Bug = keyof typeof variants;

const MAX_ATTEMPTS = 5;
const RETRY_AFTER_CAP_MS = 60_000;
const BACKOFF_CAP_MS = 5_000;

export function run(rawInput: unknown, variant?: string): Output {
  const { status, attempt, retryAfter } = inputSchema.parse(rawInput);
  const bug = (name: Bug): boolean => variant === name;

  const listed = [429, 500, 502, 503, 504];
  if (!bug('forgets-408')) listed.push(408);
  if (!bug('forgets-529')) listed.push(529);
  const retryable =
    listed.includes(status) ||
    (bug('retries-client-errors') && status >= 400 && status < 500) ||
    (bug('retries-every-5xx') && status >= 500);
  const attemptsLeft = bug('one-attempt-too-many') ? attempt <= MAX_ATTEMPTS : attempt < MAX_ATTEMPTS;
  if (!retryable || !attemptsLeft) return { retry: false, delayMs: 0 };

  let seconds: number | undefined;
  if (retryAfter !== undefined && !bug('ignores-retry-after')) {
    if (bug('parses-any-retry-after')) seconds = parseInt(retryAfter, 10);
    else if (/^\d+$/.test(retryAfter.trim())) seconds = Number(retryAfter.trim());
  }
  const useHeader = bug('zero-retry-after-ignored') ? Boolean(seconds) : seconds !== undefined;
  if (useHeader && seconds !== undefined) {
    const wait = bug('retry-after-as-ms') ? seconds : seconds * 1000;
    return { retry: true, delayMs: bug('uncapped-retry-after') ? wait : Math.min(wait, RETRY_AFTER_CAP_MS) };
  }
  const backoff = 1000 * 2 ** (bug('backoff-off-by-one') ? attempt : attempt - 1);
  return { retry: true, delayMs: bug('uncapped-backoff') ? backoff : Math.min(backoff, BACKOFF_CAP_MS) };
}
