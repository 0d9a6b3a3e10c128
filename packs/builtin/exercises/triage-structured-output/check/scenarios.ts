// The harness of the triage-structured-output exercise: answers the local simulator gives in
// place of a model (clean JSON, JSON in prose, missing fields, wrong values, no JSON at all,
// a refusal), and what a robust extractTriage does with each. Only behaviour is judged.
// This file stays in the pack; learners never see it.
import type Anthropic from '@anthropic-ai/sdk';

interface TraceEntry {
  body: unknown;
}

interface Outcome {
  result?: unknown;
  error?: string;
  /** The thrown error's own fields: a TriageExtractionError's reason and attempts. */
  errorFields?: Record<string, unknown>;
  timedOut: boolean;
  requests: TraceEntry[];
}

const VALID = { category: 'billing', urgency: 'high', needsHuman: true };
const json = (value: unknown) => JSON.stringify(value);
const say = (text: string) => ({ reply: { content: [{ type: 'text', text }] } });
const TICKET = 'I was charged twice this month and need it fixed today!';

/** The last user message of the last request, as text. */
function lastUserText(outcome: Outcome): string {
  const body = outcome.requests.at(-1)?.body as { messages?: Anthropic.MessageParam[] } | undefined;
  const content = body?.messages?.at(-1)?.content;
  if (typeof content === 'string') return content;
  return (content ?? []).map((block) => (block.type === 'text' ? block.text : '')).join('');
}

/** Whether it made exactly `calls` model calls, said for too many and too few alike. */
function callCount(outcome: Outcome, calls: number): string[] {
  const made = outcome.requests.length;
  const what = (n: number): string => `${n} model ${n === 1 ? 'call' : 'calls'}`;
  if (made > calls) return [`It made ${what(made)}; ${what(calls)} ${calls === 1 ? 'is' : 'are'} enough here.`];
  if (made < calls) return [`It made ${what(made)}; this conversation needs ${what(calls)}: one per attempt, until an answer is valid or maxAttempts is reached.`];
  return [];
}

function returnedValid(outcome: Outcome, calls: number, expected: unknown = VALID): string[] {
  if (outcome.timedOut) return [`extractTriage did not return (after ${outcome.requests.length} model calls).`];
  if (outcome.error !== undefined) return [`extractTriage threw ${outcome.error.replace(/\.?$/, '.')} It should have returned the triage.`];
  const problems: string[] = [];
  if (json(outcome.result) !== json(expected)) problems.push(`It returned ${json(outcome.result)}; the valid triage, once the model gets it right, is ${json(expected)}.`);
  problems.push(...callCount(outcome, calls));
  return problems;
}

function threwTyped(outcome: Outcome, calls: number, reason: 'invalid-output' | 'refusal', why: string): string[] {
  if (outcome.timedOut) return [`extractTriage did not return (after ${outcome.requests.length} model calls). Bound the attempts with maxAttempts.`];
  if (outcome.error === undefined) return [`It returned ${json(outcome.result)}; ${why}, so it should throw a TriageExtractionError.`];
  const problems: string[] = [];
  if (!outcome.error.startsWith('TriageExtractionError')) problems.push(`It threw ${outcome.error.split(':')[0]}; callers catch one typed error, TriageExtractionError, not whatever broke inside.`);
  else {
    const fields = outcome.errorFields ?? {};
    if (fields.reason !== reason) problems.push(`The TriageExtractionError's reason is ${fields.reason === undefined ? 'missing' : json(fields.reason)}; ${why}, so it should be ${json(reason)}.`);
    if (fields.attempts !== outcome.requests.length) problems.push(`The TriageExtractionError's attempts is ${fields.attempts === undefined ? 'missing' : json(fields.attempts)}; it made ${outcome.requests.length} model ${outcome.requests.length === 1 ? 'call' : 'calls'}, and attempts counts them.`);
  }
  problems.push(...callCount(outcome, calls));
  return problems;
}

/** The feedback turn of the second request (the user turn after the first answer), as text. */
function feedbackText(outcome: Outcome): string | undefined {
  const body = outcome.requests[1]?.body as { messages?: Anthropic.MessageParam[] } | undefined;
  const content = body?.messages?.at(-1)?.content;
  if (content === undefined) return undefined;
  if (typeof content === 'string') return content;
  return content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}

// What a feedback turn says when the answer had no JSON, or JSON that does not parse. The check
// judges the content, not a sentence: any wording that says so passes.
const SAYS_NO_JSON = /\bno\b[^.\n]{0,30}JSON|JSON[^.\n]{0,30}\b(missing|not found|absent)|(could ?n[o']t|did ?n[o']t|does ?n[o']t|cannot|can't|unable to)[^.\n]{0,30}(find|contain|include|see|locate)[^.\n]{0,30}JSON|without[^.\n]{0,30}JSON/i;
const SAYS_NOT_PARSING = /pars|not valid JSON|invalid JSON|malformed|syntax|unexpected token|not well-formed/i;
const NOT_JSON = '{account issues}';
const parserMessage = ((): string => {
  try {
    JSON.parse(NOT_JSON);
    return '';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
})();

/** The problems with the feedback turn after an unusable first answer, judged by `says`. */
function feedbackSays(outcome: Outcome, says: (text: string) => boolean, what: string): string[] {
  const text = feedbackText(outcome);
  if (text === undefined) return [];
  return says(text) ? [] : [`After the first answer, the user turn said ${json(text.slice(0, 160))}; it should say what was wrong: ${what}.`];
}

const TECHNICAL = { category: 'technical', urgency: 'low', needsHuman: false };
const ACCOUNT = { category: 'account', urgency: 'high', needsHuman: true };
const OTHER = { category: 'other', urgency: 'low', needsHuman: false };

export const scenarios = [
  {
    name: 'returns the object when the model answers with clean JSON',
    options: { message: TICKET },
    rules: [say(json(VALID))],
    check: (outcome: Outcome) => returnedValid(outcome, 1),
  },
  {
    name: 'finds the JSON in an answer wrapped in prose and a code fence',
    options: { message: TICKET },
    rules: [say(`Sure! Here is the triage:\n\`\`\`json\n${JSON.stringify(VALID, null, 2)}\n\`\`\`\nLet me know if you need anything else.`)],
    check: (outcome: Outcome) => returnedValid(outcome, 1),
  },
  {
    name: 'repairs a missing field by feeding the validation error back',
    options: { message: TICKET },
    rules: [
      { when: { turn: 1 }, ...say(json({ category: 'billing', urgency: 'high' })) },
      { when: { turn: 2, userText: 'needsHuman' }, ...say(json(VALID)) },
      { when: { turn: 2 }, ...say('(the problem was not explained)') },
      say('(the retry did not include the earlier answer)'),
    ],
    check(outcome: Outcome): string[] {
      const problems = returnedValid(outcome, 2);
      if (outcome.requests.length >= 2 && !/needsHuman/.test(lastUserText(outcome))) {
        problems.push('The retry should tell the model what was wrong (needsHuman is missing), after its own answer as an assistant turn.');
      }
      return problems;
    },
  },
  {
    name: 'repairs a value outside the allowed set',
    options: { message: TICKET },
    rules: [
      { when: { turn: 1 }, ...say(json({ ...VALID, urgency: 'URGENT' })) },
      { when: { turn: 2, userText: 'urgency' }, ...say(json(VALID)) },
      say('(the problem was not explained)'),
    ],
    check: (outcome: Outcome) => returnedValid(outcome, 2),
  },
  {
    name: 'finds the JSON in a sentence that goes on right after it',
    options: { message: 'The export button does nothing when I click it.' },
    rules: [say(`Triage: ${json(TECHNICAL)}.`)],
    check: (outcome: Outcome) => returnedValid(outcome, 1, TECHNICAL),
  },
  {
    name: 'asks again, saying the JSON does not parse, when the braces hold prose',
    options: { message: 'Someone else logged into my account, please lock it now.' },
    rules: [
      { when: { turn: 1 }, ...say(`I would file this under ${NOT_JSON}, and soon.`) },
      { when: { turn: 2 }, ...say(json(ACCOUNT)) },
      say('(the retry did not include the earlier answer)'),
    ],
    check: (outcome: Outcome) => [
      ...returnedValid(outcome, 2, ACCOUNT),
      ...feedbackSays(outcome, (text) => SAYS_NOT_PARSING.test(text) || (parserMessage !== '' && text.includes(parserMessage)), `the braces in its answer (${NOT_JSON}) are not JSON that parses`),
    ],
  },
  {
    name: 'asks again, saying there is no JSON, when the answer has none',
    options: { message: 'Do you have a dark mode?' },
    rules: [
      { when: { turn: 1 }, ...say('This looks like a general question, not urgent.') },
      { when: { turn: 2 }, ...say(json(OTHER)) },
      say('(the retry did not include the earlier answer)'),
    ],
    check: (outcome: Outcome) => [...returnedValid(outcome, 2, OTHER), ...feedbackSays(outcome, (text) => SAYS_NO_JSON.test(text), 'its answer had no JSON object')],
  },
  {
    name: 'makes 3 attempts when no maxAttempts is given',
    options: { message: TICKET },
    rules: [say('I am not sure how to categorise this one.')],
    check: (outcome: Outcome) => threwTyped(outcome, 3, 'invalid-output', 'the model never gave a usable answer'),
  },
  {
    name: 'gives up with a TriageExtractionError after maxAttempts',
    options: { message: TICKET, maxAttempts: 2 },
    rules: [say('I am not sure how to categorise this one.')],
    check: (outcome: Outcome) => threwTyped(outcome, 2, 'invalid-output', 'the model never gave a usable answer'),
  },
  {
    name: 'stops at a refusal with a TriageExtractionError, without retrying',
    options: { message: TICKET },
    rules: [{ reply: { stop_reason: 'refusal', content: [{ type: 'text', text: 'I cannot help with that.' }] } }],
    check: (outcome: Outcome) => threwTyped(outcome, 1, 'refusal', 'the model refused'),
  },
];
