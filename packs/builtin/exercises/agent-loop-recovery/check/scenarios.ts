// The harness of the agent-loop-recovery exercise: conversations in which the API fails
// (rate limits, overload, a lost connection, a refused key) and the model sends bad tool
// input, against the learner's runAgent. The client it gets has maxRetries: 0, so every
// retry is the loop's own. Only behaviour is judged: what was sent, when, and what came back.
// "When" is the check's virtual time: each request's `at` is the judge's clock when it arrived,
// and that clock moves only while the learner's code sleeps (setTimeout and the like), so the
// gaps below are exact, whatever the load on the machine.
// This file stays in the pack; learners never see it.
import type Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';

interface TraceEntry {
  at: number;
  status: number;
  body: unknown;
}

interface AgentOutcome {
  result?: unknown;
  error?: string;
  timedOut: boolean;
  /** Set when the loop was still sleeping when the scenario's virtual time ran out. */
  virtualTimeLimitMs?: number;
  requests: TraceEntry[];
  toolCalls: { name: string; input: unknown }[];
}

interface AgentResult {
  answer: string;
  stoppedBecause: string;
  steps: number;
  retries: number;
  messages: Anthropic.MessageParam[];
  error?: string;
}

const orders: Record<string, string> = { '1042': 'shipped, arriving Friday' };
const lookupOrder = {
  definition: {
    name: 'lookup_order',
    description: 'Find an order by its id (a string such as "1042").',
    input_schema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  } satisfies Anthropic.Tool,
  schema: z.strictObject({ id: z.string() }),
  run: async (input: unknown) => orders[String((input as { id: unknown }).id)] ?? 'no such order',
};
const flakyCarrier = {
  definition: {
    name: 'track_shipment',
    description: 'Ask the carrier where a parcel is.',
    input_schema: { type: 'object', properties: { tracking: { type: 'string' } }, required: ['tracking'] },
  } satisfies Anthropic.Tool,
  schema: z.strictObject({ tracking: z.string() }),
  run: async (): Promise<string> => {
    throw new Error('carrier API timed out');
  },
};

const text = (value: string) => ({ type: 'text', text: value });
const toolUse = (name: string, input: Record<string, unknown>) => ({ type: 'tool_use', name, input });
const answer = (value: string) => [{ reply: { content: [text(value)] } }];

function finished(outcome: AgentOutcome): { result?: AgentResult; problems: string[] } {
  if (outcome.virtualTimeLimitMs !== undefined) {
    const minutes = outcome.virtualTimeLimitMs / 60_000;
    return { problems: [`runAgent was still waiting to retry after ${minutes} minutes of the check's virtual time (${outcome.requests.length} model calls), so the scenario was stopped.`] };
  }
  if (outcome.timedOut) return { problems: [`runAgent did not return (after ${outcome.requests.length} model calls).`] };
  if (outcome.error !== undefined) return { problems: [`runAgent threw: ${outcome.error.replace(/\.?$/, '.')}`] };
  const result = outcome.result as Partial<AgentResult> | undefined;
  if (!result || typeof result.answer !== 'string' || typeof result.stoppedBecause !== 'string' || !Array.isArray(result.messages)) {
    return { problems: ['runAgent must return { answer, stoppedBecause, steps, retries, messages }.'] };
  }
  return { result: result as AgentResult, problems: [] };
}

/** Milliseconds of virtual time between one request and the next. */
function gaps(outcome: AgentOutcome): number[] {
  return outcome.requests.slice(1).map((entry, i) => entry.at - (outcome.requests[i]?.at ?? 0));
}

/** The first tool_result the request at `index` sends back (the last request's when no index). */
const toolResultOf = (outcome: AgentOutcome, index = outcome.requests.length - 1): Anthropic.ToolResultBlockParam | undefined => {
  const body = outcome.requests[index]?.body as { messages?: Anthropic.MessageParam[] } | undefined;
  const content = body?.messages?.at(-1)?.content;
  return Array.isArray(content) ? content.flatMap((block) => (block.type === 'tool_result' ? [block] : []))[0] : undefined;
};

/** What a tool_result says, as text. */
function textOfResult(block: Anthropic.ToolResultBlockParam): string {
  if (typeof block.content === 'string') return block.content;
  return (block.content ?? []).map((part) => (part.type === 'text' ? part.text : '')).join('');
}

export const scenarios = [
  {
    name: 'waits as long as retry-after asks before retrying a 429',
    task: 'Hello!',
    tools: [lookupOrder],
    maxRetries: 0,
    // 1.4 s, above a backoff's first wait (a quarter second, say), and with a fraction, so that
    // a loop that reads only whole seconds waits too little.
    rules: [{ times: 1, error: { status: 429, retryAfter: 1.4 } }, ...answer('Hello! How can I help?')],
    check(outcome: AgentOutcome): string[] {
      const { result, problems } = finished(outcome);
      if (!result) return [...problems, 'A 429 (rate limit) is worth retrying: wait, then send the same request again.'];
      const [gap] = gaps(outcome);
      if (outcome.requests.length !== 2) problems.push(`It made ${outcome.requests.length} requests; one 429 then a success is 2.`);
      else if (gap !== undefined && gap < 1400) problems.push(`It retried ${gap} ms after the 429 (in the check's virtual time), but the response said retry-after: 1.4, so at least 1400 ms. Read the header from the error and wait that long.`);
      if (result.stoppedBecause !== 'done') problems.push(`stoppedBecause is "${result.stoppedBecause}", not "done".`);
      if (result.retries !== 1) problems.push(`retries is ${String(result.retries)}; one retry was made.`);
      if (result.steps !== 1) problems.push(`steps is ${String(result.steps)}; one model call got an answer (a retried call counts once).`);
      return problems;
    },
  },
  {
    name: 'retries server errors (500, 502, 503), on different calls of one run',
    task: 'Where is order 1042?',
    tools: [lookupOrder],
    maxRetries: 0,
    rules: [
      { when: { turn: 1 }, times: 1, error: { status: 503, retryAfter: 0.05 } },
      // Text before the tool call, as models often write: only tool_use blocks get a tool_result.
      { when: { turn: 1 }, reply: { content: [text('Let me look that order up.'), toolUse('lookup_order', { id: '1042' })] } },
      { when: { turn: 2 }, times: 1, error: { status: 500, retryAfter: 0.05 } },
      { when: { turn: 2 }, times: 1, error: { status: 502, retryAfter: 0.05 } },
      { when: { turn: 2 }, reply: { content: [text('Order 1042 has shipped and arrives on Friday.')] } },
    ],
    check(outcome: AgentOutcome): string[] {
      const { result, problems } = finished(outcome);
      if (!result) return [...problems, 'A 500, 502 or 503 is the server\'s trouble, not the request\'s: retry it, like a 529.'];
      if (result.stoppedBecause !== 'done') {
        const failed = outcome.requests.at(-1)?.status;
        return [...problems, `It stopped with "${result.stoppedBecause}" after a ${String(failed)}; 5xx errors are worth a retry, on the first call and on later ones.`];
      }
      if (!result.answer.includes('arrives on Friday')) problems.push(`The answer should be the model's reply once the errors pass; it was ${result.answer === '' ? 'empty' : JSON.stringify(result.answer)}.`);
      if (result.retries !== 3) problems.push(`retries is ${String(result.retries)}; three requests failed and were sent again (a 503, then a 500 and a 502).`);
      if (result.steps !== 2) problems.push(`steps is ${String(result.steps)}; two model calls got an answer (each retried call counts once).`);
      return problems;
    },
  },
  {
    name: 'backs off, longer each time, when the API is overloaded (529)',
    task: 'Hello!',
    tools: [lookupOrder],
    maxRetries: 0,
    rules: [{ times: 2, error: { status: 529 } }, ...answer('Hello!')],
    check(outcome: AgentOutcome): string[] {
      const { result, problems } = finished(outcome);
      if (!result) return [...problems, 'A 529 (overloaded) is worth retrying, after a pause.'];
      const waits = gaps(outcome);
      if (outcome.requests.length !== 3) problems.push(`It made ${outcome.requests.length} requests; two 529s then a success is 3.`);
      else if ((waits[0] ?? 0) < 100) problems.push(`It retried ${waits[0]} ms after the first 529 (in the check's virtual time). Hammering an overloaded API makes it worse: wait at least 100 ms, then back off.`);
      else if ((waits[1] ?? 0) <= (waits[0] ?? 0)) problems.push(`It waited ${waits[0]} ms after the first 529, then ${waits[1]} ms after the second (in the check's virtual time). Back off: each wait must be longer than the one before.`);
      return problems;
    },
  },
  {
    name: 'gives up cleanly once maxRetries is spent',
    task: 'Hello!',
    tools: [lookupOrder],
    maxRetries: 0,
    options: { maxRetries: 2 },
    rules: [{ error: { status: 529 } }],
    check(outcome: AgentOutcome): string[] {
      const { result, problems } = finished(outcome);
      if (!result) return [...problems, 'When retries run out, return with stoppedBecause: "api-error" and the error; do not throw.'];
      if (outcome.requests.length !== 3) problems.push(`With maxRetries: 2 it made ${outcome.requests.length} requests; the first try and 2 retries are 3.`);
      if (result.stoppedBecause !== 'api-error') problems.push(`stoppedBecause is "${result.stoppedBecause}"; it should be "api-error".`);
      if (!/overloaded/i.test(result.error ?? '')) problems.push(`error should say what the API said (Overloaded); it was ${JSON.stringify(result.error)}.`);
      if (result.steps !== 0) problems.push(`steps is ${String(result.steps)}; no model call got an answer.`);
      return problems;
    },
  },
  {
    name: 'does not retry an error that will not go away (401)',
    task: 'Hello!',
    tools: [lookupOrder],
    maxRetries: 0,
    rules: [{ error: { status: 401, message: 'invalid x-api-key' } }],
    check(outcome: AgentOutcome): string[] {
      const { result, problems } = finished(outcome);
      if (!result) return [...problems, 'A 401 will fail the same way every time: stop with stoppedBecause: "api-error" at once.'];
      if (outcome.requests.length !== 1) problems.push(`It sent the request ${outcome.requests.length} times; a 401 (bad key) fails the same way every time, so send it once.`);
      if (result.stoppedBecause !== 'api-error') problems.push(`stoppedBecause is "${result.stoppedBecause}"; it should be "api-error".`);
      if (result.steps !== 0) problems.push(`steps is ${String(result.steps)}; no model call got an answer.`);
      return problems;
    },
  },
  {
    name: 'retries a dropped connection',
    task: 'Hello!',
    tools: [lookupOrder],
    maxRetries: 0,
    rules: [{ times: 1, fault: 'drop' }, ...answer('Hello again!')],
    check(outcome: AgentOutcome): string[] {
      const { result, problems } = finished(outcome);
      if (!result) return [...problems, 'A lost connection (APIConnectionError) is worth a retry.'];
      if (!result.answer.includes('Hello again')) problems.push(`After the retry the model answers "Hello again!"; the loop's answer was ${result.answer === '' ? 'empty' : JSON.stringify(result.answer)}.`);
      return problems;
    },
  },
  {
    name: 'checks tool input against the tool\'s schema before running it',
    task: 'Where is order 1042?',
    tools: [lookupOrder],
    maxRetries: 0,
    rules: [
      { when: { turn: 1 }, reply: { content: [toolUse('lookup_order', { id: 1042 })] } },
      { when: { turn: 2, toolResult: { isError: true, contains: 'expected string' } }, reply: { content: [toolUse('lookup_order', { id: '1042' })] } },
      { when: { turn: 2 }, reply: { content: [text('(the invalid input was not reported)')] } },
      { when: { turn: 3 }, reply: { content: [text('Order 1042 has shipped and arrives on Friday.')] } },
    ],
    check(outcome: AgentOutcome): string[] {
      const { result, problems } = finished(outcome);
      if (!result) return problems;
      const invalid = outcome.toolCalls.filter((call) => typeof (call.input as { id?: unknown }).id !== 'string');
      if (invalid.length > 0) problems.push(`The tool ran with input that fails its schema (${JSON.stringify(invalid[0]?.input)}). Validate with tool.schema first, and answer with is_error: true and the validation message.`);
      const reply = toolResultOf(outcome, 1);
      if (invalid.length === 0 && reply && reply.is_error !== true) problems.push(`The invalid input was answered with a tool_result without is_error: true (${JSON.stringify(textOfResult(reply)).slice(0, 120)}); the model corrects its call only when told it failed.`);
      else if (invalid.length === 0 && reply && !/expected string/i.test(textOfResult(reply))) problems.push(`The tool_result has is_error: true but not the validation message (${JSON.stringify(textOfResult(reply)).slice(0, 120)}); put zod's message in it, so the model sees what to fix.`);
      else if (!result.answer.includes('arrives on Friday')) problems.push(`Given the validation error, the model corrects its call and answers "Order 1042 has shipped and arrives on Friday."; the loop's answer was ${result.answer === '' ? 'empty' : JSON.stringify(result.answer)}.`);
      return problems;
    },
  },
  {
    name: 'still reports a failing tool with is_error and carries on',
    task: 'Where is parcel ZX9?',
    tools: [flakyCarrier],
    maxRetries: 0,
    rules: [
      { when: { turn: 1 }, reply: { content: [toolUse('track_shipment', { tracking: 'ZX9' })] } },
      { when: { toolResult: { isError: true } }, reply: { content: [text('The carrier is not answering; try again later.')] } },
      { when: { turn: 2 }, reply: { content: [text('(the failure was not reported)')] } },
    ],
    check(outcome: AgentOutcome): string[] {
      const { result, problems } = finished(outcome);
      if (!result) return problems;
      if (toolResultOf(outcome)?.is_error !== true) problems.push('The failing tool\'s tool_result must have is_error: true.');
      return problems;
    },
  },
  {
    name: 'still stops at maxSteps',
    task: 'Where is order 1042?',
    tools: [lookupOrder],
    maxRetries: 0,
    options: { maxSteps: 3 },
    rules: [{ reply: { content: [toolUse('lookup_order', { id: '1042' })] } }],
    check(outcome: AgentOutcome): string[] {
      const { result, problems } = finished(outcome);
      if (!result) return problems;
      const calls = outcome.requests.length;
      if (calls > 3) problems.push(`With maxSteps: 3 it made ${calls} model calls; maxSteps: 3 allows 3.`);
      if (calls < 3) problems.push(`With maxSteps: 3 it stopped after ${calls} model ${calls === 1 ? 'call' : 'calls'}; the model asked for a tool every time, so the loop should use all 3 steps.`);
      if (result.stoppedBecause !== 'max-steps') problems.push(`stoppedBecause is "${result.stoppedBecause}", not "max-steps".`);
      return problems;
    },
  },
  {
    name: 'still answers a call to an unknown tool with an error result',
    task: 'Please refund order 1042.',
    tools: [lookupOrder],
    maxRetries: 0,
    rules: [
      { when: { turn: 1 }, reply: { content: [toolUse('refund_order', { id: '1042' })] } },
      { when: { toolResult: { name: 'refund_order', isError: true } }, reply: { content: [text('I cannot issue refunds myself; a colleague will contact you.')] } },
      { when: { turn: 2 }, reply: { content: [text('(the unknown tool was not reported as an error)')] } },
    ],
    check(outcome: AgentOutcome): string[] {
      const { result, problems } = finished(outcome);
      if (!result) return [...problems, 'Every tool_use needs a tool_result, even for a tool you do not have: answer it with is_error: true.'];
      if (toolResultOf(outcome)?.is_error !== true) problems.push('The tool_result for a tool the loop does not have must have is_error: true.');
      else if (!result.answer.includes('cannot issue refunds')) problems.push(`The model should get to answer; the answer was ${result.answer === '' ? 'empty' : JSON.stringify(result.answer)}.`);
      return problems;
    },
  },
  {
    name: 'still stops when the answer is cut off by max_tokens',
    task: 'Tell me everything about order 1042.',
    tools: [lookupOrder],
    maxRetries: 0,
    rules: [{ reply: { content: [text('Order 1042 was placed on')], stop_reason: 'max_tokens' } }],
    check(outcome: AgentOutcome): string[] {
      const { result, problems } = finished(outcome);
      if (!result) return problems;
      if (result.stoppedBecause !== 'max-tokens') problems.push(`The response stopped with stop_reason "max_tokens"; stoppedBecause should be "max-tokens", not "${result.stoppedBecause}".`);
      if (outcome.requests.length !== 1) problems.push(`It made ${outcome.requests.length} model calls; a cut-off answer ends the loop after 1.`);
      return problems;
    },
  },
  {
    name: 'stops after 8 model calls when no maxSteps is given',
    task: 'Where is order 1042?',
    tools: [lookupOrder],
    maxRetries: 0,
    rules: [{ reply: { content: [toolUse('lookup_order', { id: '1042' })] } }],
    check(outcome: AgentOutcome): string[] {
      const { result, problems } = finished(outcome);
      if (!result) return problems;
      const calls = outcome.requests.length;
      if (calls !== 8) problems.push(`Without maxSteps it made ${calls} model calls; the default is 8.`);
      if (result.stoppedBecause !== 'max-steps') problems.push(`stoppedBecause is "${result.stoppedBecause}", not "max-steps".`);
      return problems;
    },
  },
  {
    name: 'retries a call 3 times when no maxRetries is given',
    task: 'Hello!',
    tools: [lookupOrder],
    maxRetries: 0,
    rules: [{ error: { status: 529 } }],
    check(outcome: AgentOutcome): string[] {
      const { result, problems } = finished(outcome);
      if (!result) return [...problems, 'When retries run out, return with stoppedBecause: "api-error" and the error; do not throw.'];
      if (outcome.requests.length !== 4) problems.push(`Without maxRetries it made ${outcome.requests.length} requests; the first try and the default 3 retries are 4.`);
      if (result.retries !== 3) problems.push(`retries is ${String(result.retries)}; three requests were sent again.`);
      return problems;
    },
  },
];
