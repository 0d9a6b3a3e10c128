import { isDeepStrictEqual } from 'node:util';
import type { ModelRequest } from '../../model/modelRequest';
import type { Assertion } from './promptCases';

/** Validates a parsed reply against the exercise's output schema; a message per problem. */
export type SchemaCheck = (value: unknown) => string | undefined;

/** Asks the grader model about one reply; resolves to its verdict. */
export type Grader = (rubric: string, reply: string) => Promise<{ pass: boolean; reason: string }>;

export interface SampleVerdict {
  pass: boolean;
  /** The first assertion that failed, e.g. "equals urgency", and why. */
  failed?: { assertion: string; message: string };
}

/**
 * Runs a case's assertions on one reply, in order, stopping at the first that fails: the
 * deterministic ones first, then any rubric (so the grader is never paid to grade a reply
 * that already failed). `hidden` keeps expected values out of the messages.
 */
export async function judgeReply(
  reply: string,
  assertions: readonly Assertion[],
  context: { schema: SchemaCheck | undefined; grade: Grader; hidden: boolean },
): Promise<SampleVerdict> {
  let parsed: { value: unknown } | undefined;
  const json = (): { value: unknown } | string => {
    if (parsed) return parsed;
    try {
      parsed = { value: JSON.parse(reply.trim()) };
      return parsed;
    } catch {
      return `the reply is not JSON (it starts ${quoteStart(reply)})`;
    }
  };
  for (const assertion of assertions) {
    const message = await failureOf(assertion);
    if (message !== undefined) return { pass: false, failed: { assertion: nameOf(assertion), message } };
  }
  return { pass: true };

  async function failureOf(assertion: Assertion): Promise<string | undefined> {
    switch (assertion.type) {
      case 'json': {
        const result = json();
        return typeof result === 'string' ? result : undefined;
      }
      case 'schema': {
        const result = json();
        if (typeof result === 'string') return result;
        return context.schema?.(result.value);
      }
      case 'equals': {
        const result = json();
        if (typeof result === 'string') return result;
        const actual = assertion.path ? valueAt(result.value, assertion.path) : result.value;
        if (isDeepStrictEqual(actual, assertion.value)) return undefined;
        if (!assertion.path && isRecord(actual) && isRecord(assertion.value)) {
          // Name the fields that differ, which is what a learner can act on.
          const expected = assertion.value;
          const fields = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].filter((key) => !isDeepStrictEqual(actual[key], expected[key]));
          return context.hidden
            ? `${fields.join(', ')} ${fields.length === 1 ? 'differs' : 'differ'} from the expected reply`
            : fields.map((key) => `${key} is ${show(actual[key])}, expected ${show(expected[key])}`).join('; ');
        }
        const what = assertion.path ?? 'the reply';
        return context.hidden ? `${what} differs from the expected value` : `${what} is ${show(actual)}, expected ${show(assertion.value)}`;
      }
      case 'contains':
      case 'not-contains': {
        const haystack = assertion.ignoreCase ? reply.toLowerCase() : reply;
        const needle = assertion.ignoreCase ? assertion.value.toLowerCase() : assertion.value;
        const found = haystack.includes(needle);
        if (assertion.type === 'contains') return found ? undefined : `the reply does not contain ${show(assertion.value)}`;
        return found ? `the reply contains ${show(assertion.value)}` : undefined;
      }
      case 'regex':
        return new RegExp(assertion.pattern, assertion.flags).test(reply) ? undefined : `the reply does not match /${assertion.pattern}/${assertion.flags ?? ''}`;
      case 'rubric': {
        const verdict = await context.grade(assertion.rubric, reply);
        return verdict.pass ? undefined : `the grader says it misses the rubric: ${verdict.reason}`;
      }
    }
  }
}

function nameOf(assertion: Assertion): string {
  return assertion.type === 'equals' && assertion.path ? `equals ${assertion.path}` : assertion.type;
}

/** `a.b.0` into nested objects and arrays. */
function valueAt(value: unknown, dotted: string): unknown {
  let current = value;
  for (const part of dotted.split('.')) {
    if (Array.isArray(current) && /^\d+$/.test(part)) current = current[Number(part)];
    else if (isRecord(current)) current = current[part];
    else return undefined;
  }
  return current;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  return value === undefined ? 'missing' : JSON.stringify(value);
}

function quoteStart(text: string): string {
  const start = text.trim().replace(/\s+/g, ' ');
  return start === '' ? 'empty' : `"${start.length > 40 ? `${start.slice(0, 40)}…` : start}"`;
}

/** The grader's instructions: a verdict as bare JSON. */
export const GRADER_SYSTEM =
  'You grade one reply against a rubric. Judge only what the rubric asks. Answer with exactly one JSON object and nothing else: {"pass": true or false, "reason": "<one sentence>"}.';

/** The request that asks the grader about `reply`. */
export function graderRequest(rubric: string, reply: string): ModelRequest {
  return {
    system: GRADER_SYSTEM,
    messages: [{ role: 'user', content: `<rubric>\n${rubric}\n</rubric>\n\n<reply>\n${reply}\n</reply>` }],
    maxTokens: 200,
  };
}

/** Reads the grader's answer; an unreadable one counts as a failure that says so. */
export function parseVerdict(text: string): { pass: boolean; reason: string } {
  try {
    const value = JSON.parse(text.trim()) as { pass?: unknown; reason?: unknown };
    if (typeof value.pass === 'boolean') return { pass: value.pass, reason: typeof value.reason === 'string' ? value.reason : '(no reason given)' };
  } catch {
    // fall through
  }
  return { pass: false, reason: `the grader's answer was not a verdict (${quoteStart(text)})` };
}
