// The harness of the support-reply-tracing exercise. The learner's replyToTicket runs a three-step
// flow (classify, draft, review) against the simulator, which plays each step (flowModel.ts) and,
// in some scenarios, fails some attempts: a 429, a 529, a dropped connection. The flow retries by
// itself (the client it gets does not). Every span the learner's code hands to the lent `record`
// is compared with what the simulator saw: the requests, their attempts, the request ids, the
// usage, the stop reasons, and the virtual time at which each request arrived (time passes only
// while the learner's code sleeps, so durations are exact). This file stays in the pack.
import { answerOf, type FlowRequest, type Step } from './flowModel';
import { POLICY } from './policy';

interface TraceEntry {
  at: number;
  status: number;
  requestId: string;
  body: unknown;
  response?: unknown;
  fault?: string;
}
interface Outcome {
  result?: unknown;
  error?: string;
  timedOut: boolean;
  requests: TraceEntry[];
}
interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number | null;
  cache_read_input_tokens: number | null;
}
interface Message {
  content: { type: string; text?: string }[];
  stop_reason: string;
  usage: Usage;
}
interface Ticket {
  id: string;
  customer: { name: string; email: string };
  text: string;
}
interface Price {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
}
/** A span as the learner's code handed it over: anything, checked field by field. */
type Span = Record<string, unknown> & { llm?: Record<string, unknown>; error?: Record<string, unknown> };

/** One model call of the flow: its attempts (the same request, sent again after a failure), in order. */
interface Call {
  step: Step | undefined;
  model: string;
  attempts: TraceEntry[];
  last: TraceEntry;
}

interface Context {
  /** The failed attempts the scenario gives each step. */
  failures: Partial<Record<Step, Failure[]>>;
  outcome: Outcome;
  spans: Span[];
  calls: Call[];
  ticket: Ticket;
  prices: Record<string, Price>;
}

const ROOT_NAME = 'reply-to-ticket';
/** The flow's own retry policy: a call is sent at most three times. */
const MAX_ATTEMPTS = 3;
const API_KEY = 'sk-ant-simulator';
/** A stretch of this many characters of the ticket or the draft, found in a record, is a leak. */
const STRETCH = 24;

const LIST_PRICES: Record<string, Price> = {
  'claude-haiku-4-5': { input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1 },
  'claude-sonnet-4-6': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
};
/** A table that has not caught up with the models the flow calls: no claude-haiku-4-5. */
const OUTDATED_PRICES: Record<string, Price> = { 'claude-sonnet-4-6': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 } };
const NEGOTIATED_PRICES: Record<string, Price> = {
  'claude-haiku-4-5': { input: 0.8, output: 4, cacheWrite: 1, cacheRead: 0.08 },
  'claude-sonnet-4-6': { input: 2.7, output: 13.5, cacheWrite: 3.2, cacheRead: 0.25 },
};

const DANA: Ticket = {
  id: 'HH-20931',
  customer: { name: 'Dana Whitfield', email: 'dana.whitfield@example.org' },
  text: 'Hello, I was charged twice for my order HH-88412 last Tuesday, 249.00 euro each time, and my bank shows both. Please refund the second one. You can reach me on +44 7700 900123. Dana Whitfield',
};
const TOMASZ: Ticket = {
  id: 'HH-21007',
  customer: { name: 'Tomasz Nowicki', email: 't.nowicki@example.net' },
  text: 'My parcel was due on Monday and the tracking page has not changed for six days. I work from home at 14 Elm Row, so nobody missed the courier. Phone 07700 900456 if needed. Tomasz',
};
const PRIYA: Ticket = {
  id: 'HH-21110',
  customer: { name: 'Priya Raman', email: 'priya.raman@example.com' },
  text: 'I am locked out of my account since I changed my email to priya.raman@example.com yesterday. My old password was Sunflower22, in case that helps. Call me on 07700 900789 please. Priya Raman',
};
const MARGUERITE: Ticket = {
  id: 'HH-21254',
  customer: { name: 'M. Okafor', email: 'm.okafor@example.org' },
  text: 'The sofa cushions I ordered never arrived, yet I was charged 89.00 euro for them on the 3rd. Can you either get them to me this week or refund me? My number is 07700 900321. Marguerite',
};
const JONAS: Ticket = {
  id: 'HH-21302',
  customer: { name: 'Jonas Berg', email: 'jonas.berg@example.se' },
  text: 'I would like to return the oak side table, it does not match our floor. It is unused and still in its box. Reach me at +46 70 123 45 67. Jonas Berg',
};

/** What a failed attempt gets instead of an answer. */
type Failure = { error: { status: number; retryAfter?: number; message?: string } } | { fault: 'drop' };
const RATE_LIMITED: Failure = { error: { status: 429, retryAfter: 2 } };
const OVERLOADED: Failure = { error: { status: 529 } };
const DROPPED: Failure = { fault: 'drop' };
const SERVER_ERROR: Failure = { error: { status: 500 } };
const TOO_LONG: Failure = { error: { status: 400, message: 'prompt is too long: 212408 tokens > 200000 maximum' } };
/** Whether the flow retries after this failure: a 429, a 5xx or a lost connection. */
const retried = (failure: Failure): boolean => 'fault' in failure || failure.error.status === 429 || failure.error.status >= 500;

const json = (value: unknown): string => JSON.stringify(value) ?? 'undefined';
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const number = (n: number): string => n.toLocaleString('en-US');
const isRoot = (span: Span): boolean => span.parentSpanId === null;
const messageOf = (entry: TraceEntry): Message | undefined => (entry.status === 200 ? (entry.response as Message) : undefined);
const textOf = (message: Message | undefined): string => (message?.content ?? []).map((block) => (block.type === 'text' ? (block.text ?? '') : '')).join('');
const stepOf = (entry: TraceEntry): Step | undefined => answerOf(entry.body as FlowRequest)?.step;

/** The requests grouped into model calls: a request sent again, unchanged, right after it failed is another attempt of the same call. */
function callsOf(outcome: Outcome): Call[] {
  const calls: Call[] = [];
  for (const entry of outcome.requests) {
    const previous = calls.at(-1);
    if (previous && previous.last.status !== 200 && json(previous.last.body) === json(entry.body)) {
      previous.attempts.push(entry);
      previous.last = entry;
    } else calls.push({ step: stepOf(entry), model: String((entry.body as FlowRequest | undefined)?.model), attempts: [entry], last: entry });
  }
  return calls;
}

/** How an attempt failed, in words: "a 429", "a dropped connection". */
const failure = (entry: TraceEntry): string => (entry.fault ? 'a dropped connection' : `a ${entry.status}`);

/** What the call's attempts were, in words: "a 429, then an answer". */
function attemptsInWords(call: Call): string {
  return call.attempts.map((entry) => (entry.status === 200 ? 'an answer' : failure(entry))).join(', then ');
}

/** The span of a model call: the one named after its step. */
const spanOf = (context: Context, call: Call): Span | undefined => context.spans.find((span) => !isRoot(span) && span.name === call.step);

/** The trace ids of earlier scenarios of this check run: each ticket needs a new one. */
const earlierTraces = new Map<string, string>();

function structure(context: Context, scenarioName: string): string[] {
  const { spans, calls } = context;
  if (spans.length === 0) {
    return ['No span was recorded. Call options.record(span) once for each span, when it ends: a root span for the ticket, and one span for each model call.'];
  }
  const problems: string[] = [];
  const steps = calls.map((call) => call.step ?? '?');
  if (spans.length !== calls.length + 1) {
    problems.push(
      `It recorded ${plural(spans.length, 'span')}; the flow made ${plural(calls.length, 'model call')} (${steps.join(', ')}), so the trace needs ${calls.length + 1}: the root span and one span per call (a call that was retried is still one span).`,
    );
  }
  const roots = spans.filter(isRoot);
  if (roots.length !== 1) problems.push(`${plural(roots.length, 'span')} ${roots.length === 1 ? 'has' : 'have'} parentSpanId null; exactly one should: the root span, "${ROOT_NAME}".`);
  const root = roots[0];
  if (root && root.name !== ROOT_NAME) problems.push(`The root span is named ${json(root.name)}; name it "${ROOT_NAME}".`);
  const traceIds = [...new Set(spans.map((span) => span.traceId))];
  if (traceIds.length > 1) problems.push(`The spans carry ${traceIds.length} different traceIds (${traceIds.map(json).join(', ')}); every span of one ticket shares one.`);
  for (const traceId of traceIds) {
    if (typeof traceId !== 'string' || !/^[0-9a-f]{32}$/.test(traceId) || /^0+$/.test(traceId)) {
      problems.push(`traceId ${json(traceId)} is not 32 lowercase hexadecimal characters (16 random bytes, not all zero).`);
    } else if (earlierTraces.has(traceId) && earlierTraces.get(traceId) !== scenarioName) {
      problems.push(`traceId ${traceId} was already used for another ticket (in "${earlierTraces.get(traceId)}"); each call of replyToTicket starts a new trace, with a new random id.`);
    }
  }
  const spanIds = spans.map((span) => span.spanId);
  const badIds = spanIds.filter((id) => typeof id !== 'string' || !/^[0-9a-f]{16}$/.test(id) || /^0+$/.test(id));
  if (badIds.length > 0) problems.push(`spanId ${json(badIds[0])} is not 16 lowercase hexadecimal characters (8 random bytes, not all zero).`);
  else if (new Set(spanIds).size !== spanIds.length) problems.push('Two spans share a spanId; each span needs its own.');
  if (root) {
    for (const span of spans.filter((candidate) => !isRoot(candidate))) {
      if (span.parentSpanId !== root.spanId) problems.push(`The span ${json(span.name)} has parentSpanId ${json(span.parentSpanId)}; a model call's span is a child of the root span, whose spanId is ${json(root.spanId)}.`);
    }
  }
  const failed = calls.some((call) => call.last.status !== 200);
  for (const span of spans) {
    // A failed call and a failed flow are the failures check's business.
    if (failed && (isRoot(span) || span.status === 'error')) continue;
    if (span.status !== 'ok' || span.error !== undefined) problems.push(`The ${json(span.name)} span says status ${json(span.status)}${span.error === undefined ? '' : `, error ${json(span.error)}`}; its work succeeded, so status "ok" and no error.`);
  }
  const names = spans.filter((span) => !isRoot(span)).map((span) => span.name);
  if (json(names) !== json(steps)) {
    problems.push(`The model calls' spans are named ${json(names)}, in the order they were recorded; the flow's calls were ${json(steps)}: name each span after its step, and record it when the call ends.`);
  }
  return problems;
}

/** The fields of a model call's span that the API's answer (or its failure) decides. */
function llmFields(context: Context): string[] {
  const problems: string[] = [];
  for (const call of context.calls) {
    const span = spanOf(context, call);
    if (!span) {
      problems.push(`There is no span named ${json(call.step)} for the ${call.step} call.`);
      continue;
    }
    const llm = span.llm;
    if (!llm || typeof llm !== 'object') {
      problems.push(`The ${json(call.step)} span has no llm record: a model call's span says what the call sent and got back (model, tokens, stop reason, cost, request id, retries).`);
      continue;
    }
    const message = messageOf(call.last);
    const says = (field: string, expected: unknown, why: string): void => {
      if (llm[field] !== expected) problems.push(`The ${json(call.step)} span says llm.${field} ${json(llm[field])}; ${why}`);
    };
    says('model', call.model, `the call asked for ${call.model}.`);
    const retries = call.attempts.length - 1;
    says('retries', retries, `the call was sent ${plural(call.attempts.length, 'time')} (${attemptsInWords(call)}): ${retries === 1 ? '1 retry' : `${retries} retries`}.`);
    const expectedId = call.last.fault ? null : call.last.requestId;
    if (llm.requestId !== expectedId) {
      const earlier = call.attempts.find((entry) => entry !== call.last && entry.requestId === llm.requestId);
      problems.push(
        `The ${json(call.step)} span says llm.requestId ${json(llm.requestId)}; ` +
          (expectedId === null
            ? 'no response came back (the connection dropped), so there is no request id: null.'
            : earlier
              ? `that is the id of an earlier attempt, which got ${failure(earlier)}; record the request-id of the last attempt, ${expectedId}.`
              : `the last attempt's response carried request-id ${expectedId} (message._request_id, or error.requestID when it failed).`),
      );
    }
    if (message) {
      says('inputTokens', message.usage.input_tokens, `the answer's usage.input_tokens is ${number(message.usage.input_tokens)}.`);
      says('outputTokens', message.usage.output_tokens, `the answer's usage.output_tokens is ${number(message.usage.output_tokens)}.`);
      says('cacheWriteTokens', message.usage.cache_creation_input_tokens ?? 0, `the answer's usage.cache_creation_input_tokens is ${number(message.usage.cache_creation_input_tokens ?? 0)}.`);
      says('cacheReadTokens', message.usage.cache_read_input_tokens ?? 0, `the answer's usage.cache_read_input_tokens is ${number(message.usage.cache_read_input_tokens ?? 0)}.`);
      says('stopReason', message.stop_reason, `the answer's stop_reason is ${json(message.stop_reason)}.`);
      if (span.status !== 'ok') problems.push(`The ${json(call.step)} span's status is ${json(span.status)}; the call got an answer, so "ok".`);
    }
  }
  return problems;
}

/** What a call's usage costs at `price`, in dollars. */
function costOf(usage: Usage, price: Price): number {
  return (
    (usage.input_tokens * price.input +
      usage.output_tokens * price.output +
      (usage.cache_creation_input_tokens ?? 0) * price.cacheWrite +
      (usage.cache_read_input_tokens ?? 0) * price.cacheRead) /
    1_000_000
  );
}

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-12 + 1e-9 * Math.abs(b);

function costs(context: Context): string[] {
  const problems: string[] = [];
  for (const call of context.calls) {
    const span = spanOf(context, call);
    const message = messageOf(call.last);
    const price = context.prices[call.model];
    if (!span?.llm) continue;
    const given = span.llm.costUsd;
    if (!price) {
      if (given !== null && message) problems.push(`The ${json(call.step)} span says llm.costUsd ${json(given)}; the price table has no ${call.model}, so its cost is unknown: null.`);
      continue;
    }
    const expected = message ? costOf(message.usage, price) : 0;
    if (typeof given === 'number' && close(given, expected)) continue;
    let why = '';
    if (!message) why = ' A call that got no answer is not billed.';
    else if (typeof given === 'number') {
      const plain = costOf({ ...message.usage, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 }, price);
      if (close(given, plain) && plain !== expected) why = ' That leaves out the cache write and read tokens, which are billed at their own prices.';
      else if (close(given, expected * 1000) || close(given, expected * 1_000_000)) why = ' The prices are per million tokens.';
    }
    problems.push(
      `The ${json(call.step)} span says llm.costUsd ${json(given)}; at the price table's ${call.model} prices ($${price.input} input, $${price.output} output, $${price.cacheWrite} cache write, $${price.cacheRead} cache read per million tokens), its usage costs $${expected.toPrecision(6)}.${why}`,
    );
  }
  return problems;
}

/** Durations and start times, against the virtual time at which each request arrived. */
function timing(context: Context): string[] {
  const { spans, calls } = context;
  const root = spans.find(isRoot);
  const problems: string[] = [];
  const near = (a: unknown, b: number): boolean => typeof a === 'number' && Math.abs(a - b) <= 1;
  for (const call of calls) {
    const span = spanOf(context, call);
    if (!span) continue;
    const first = call.attempts[0] as TraceEntry;
    const expected = call.last.at - first.at;
    if (!near(span.durationMs, expected)) {
      problems.push(
        `The ${json(call.step)} span lasted ${typeof span.durationMs === 'number' ? number(span.durationMs) : json(span.durationMs)} ms; on the check's clock the call took ${number(expected)} ms from its first attempt to its ${call.last.status === 200 ? 'answer' : 'last failure'} (${attemptsInWords(call)}). Measure from before the first attempt to after the last, waits included.`,
      );
    }
    if (root && typeof root.startTime === 'number' && !near((span.startTime as number) - root.startTime, first.at)) {
      problems.push(`The ${json(call.step)} span starts ${number((span.startTime as number) - root.startTime)} ms after the root span; the call's first attempt came ${number(first.at)} ms after the flow started. startTime is Date.now() when the span starts.`);
    }
  }
  const end = context.outcome.requests.at(-1)?.at ?? 0;
  if (root && !near(root.durationMs, end)) {
    problems.push(`The root span lasted ${typeof root.durationMs === 'number' ? number(root.durationMs) : json(root.durationMs)} ms; on the check's clock the whole flow took ${number(end)} ms, from the start of replyToTicket to its last response.`);
  }
  return problems;
}

/** A call that failed for good: its span, the root span and the error that goes on. */
function failures(context: Context): string[] {
  const { outcome, spans, calls } = context;
  const failed = calls.find((call) => call.last.status !== 200);
  if (!failed) return ['The scenario expected a failed call.'];
  const problems: string[] = [];
  const status = failed.last.fault ? null : failed.last.status;
  if (outcome.error === undefined) {
    problems.push(`replyToTicket returned ${json(outcome.result)}; the ${failed.step} call failed for good (${attemptsInWords(failed)}), and the flow throws that error. Record the failure, then let the error go on.`);
  }
  const span = spanOf(context, failed);
  if (!span) problems.push(`There is no span for the ${failed.step} call, which failed: record a call's span in every case, answer or error (try/finally, or catch and rethrow).`);
  else {
    if (span.status !== 'error') problems.push(`The ${json(failed.step)} span's status is ${json(span.status)}; the call failed, so "error".`);
    if (!span.error || span.error.status !== status) {
      problems.push(`The ${json(failed.step)} span's error is ${json(span.error)}; it should say status ${json(status)} (${status === null ? 'no response came: a lost connection has no status' : "the status of the last attempt's response"}), with the error's message.`);
    } else if (typeof span.error.message !== 'string' || span.error.message === '') problems.push(`The ${json(failed.step)} span's error has no message; give the error's message.`);
    const llm = span.llm ?? {};
    const zero = ['inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheWriteTokens', 'costUsd'].filter((field) => llm[field] !== 0);
    if (zero.length > 0) problems.push(`The ${json(failed.step)} span says ${zero.map((field) => `llm.${field} ${json(llm[field])}`).join(', ')}; a call that got no answer used and cost nothing: 0.`);
    if (llm.stopReason !== null) problems.push(`The ${json(failed.step)} span says llm.stopReason ${json(llm.stopReason)}; a call that got no answer has none: null.`);
  }
  const root = spans.find(isRoot);
  if (!root) problems.push('There is no root span: the flow failed, and its root span must still be recorded, with status "error".');
  else if (root.status !== 'error' || root.error?.status !== status) {
    problems.push(`The root span says status ${json(root.status)}, error ${json(root.error)}; the flow failed with the ${failed.step} call's error, so status "error" and error.status ${json(status)}.`);
  }
  return problems;
}

/** Every string in a span, with where it is. */
function strings(value: unknown, path: string, out: { path: string; text: string }[] = []): { path: string; text: string }[] {
  if (typeof value === 'string') out.push({ path, text: value });
  else if (Array.isArray(value)) value.forEach((item, i) => strings(item, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') for (const [key, inner] of Object.entries(value)) strings(inner, path ? `${path}.${key}` : key, out);
  return out;
}

/** What the records must never hold: the customer's data, the ticket, the draft and the API key. */
function privacy(context: Context): string[] {
  const { ticket, calls } = context;
  const surname = ticket.customer.name.split(' ').at(-1) as string;
  const phone = (/\+?[\d ]{9,}\d/.exec(ticket.text)?.[0] ?? '').replace(/\D/g, '').slice(-9);
  const draft = textOf(calls.filter((call) => call.step === 'draft').map((call) => messageOf(call.last)).find(Boolean));
  const stretches = (text: string): string[] => Array.from({ length: Math.max(0, text.length - STRETCH + 1) }, (_, i) => text.slice(i, i + STRETCH)).filter((part) => part.trim().length >= STRETCH - 4);
  const fromTicket = stretches(ticket.text);
  const fromDraft = stretches(draft);
  const problems: string[] = [];
  for (const span of context.spans) {
    const where = `the ${json(span.name)} span`;
    const found = new Set<string>();
    for (const { path, text } of strings(span, '')) {
      const leak =
        text.includes(API_KEY) ? 'the API key' :
        text.toLowerCase().includes(ticket.customer.email.toLowerCase()) ? "the customer's email address" :
        new RegExp(`\\b${surname}\\b`).test(text) ? "the customer's name" :
        phone && text.replace(/\D/g, '').includes(phone) ? "the customer's phone number" :
        fromTicket.some((part) => text.includes(part)) ? "text from the customer's ticket" :
        fromDraft.some((part) => text.includes(part)) ? 'text from the draft reply' :
        undefined;
      if (leak && !found.has(leak)) {
        found.add(leak);
        problems.push(`${where[0]?.toUpperCase()}${where.slice(1)} holds ${leak}, at ${path}. Records are read by many people and kept for months: keep the ticket, the draft, the customer's name, email and phone number, and the API key out of them.`);
      }
    }
  }
  return problems;
}

/** The flow's own request for a step, as reply.ts makes it, given the answers before it. */
function flowRequest(step: Step, ticket: Ticket, category: string, draft: string): unknown {
  const system = [{ type: 'text', text: POLICY, cache_control: { type: 'ephemeral' } }];
  if (step === 'classify') {
    return {
      model: 'claude-haiku-4-5',
      max_tokens: 10,
      system: 'Classify the support ticket. Answer with one word: billing, shipping, returns, account or other.',
      messages: [{ role: 'user', content: ticket.text }],
    };
  }
  if (step === 'draft') {
    return { model: 'claude-sonnet-4-6', max_tokens: 400, system, messages: [{ role: 'user', content: `Write the reply to this ${category} ticket from ${ticket.customer.name}:\n\n${ticket.text}` }] };
  }
  return { model: 'claude-sonnet-4-6', max_tokens: 50, system, messages: [{ role: 'user', content: `Does this reply follow the policy? Answer APPROVED or REJECTED, with the reason.\n\n${draft}` }] };
}

/** Where two JSON values first differ, in words; undefined when they are the same. */
function difference(expected: unknown, actual: unknown, path = ''): string | undefined {
  if (json(expected) === json(actual)) return undefined;
  const both = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
  if (both(expected) && both(actual) && Array.isArray(expected) === Array.isArray(actual)) {
    for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      const found = difference(expected[key], actual[key], path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  const show = (value: unknown): string => (value === undefined ? 'nothing' : json(value).length > 60 ? `${json(value).slice(0, 60)}…` : json(value));
  return `at ${path || 'the top'}, the flow sends ${show(expected)}, this sends ${show(actual)}`;
}

/** The steps the flow takes, the attempts of each, and the waits between them, given the scenario's failures. */
function expectedCalls(failures: Context['failures']): { step: Step; attempts: number; waits: number[] }[] {
  const calls: { step: Step; attempts: number; waits: number[] }[] = [];
  for (const step of ['classify', 'draft', 'review'] as Step[]) {
    const failed = failures[step] ?? [];
    // The flow stops retrying at a failure it does not retry, or after its last attempt.
    const final = failed.findIndex((failure, n) => !retried(failure) || n === MAX_ATTEMPTS - 1);
    const attempts = final >= 0 ? final + 1 : failed.length + 1;
    const waits = failed.slice(0, attempts - 1).map((failure, n) => ('error' in failure && failure.error.retryAfter !== undefined ? failure.error.retryAfter * 1000 : 500 * 2 ** n));
    calls.push({ step, attempts, waits });
    if (final >= 0) break;
  }
  return calls;
}

/** Tracing must not change the flow: the same requests, retried the same way, and the same result. */
function flowUnchanged(context: Context): string[] {
  const { outcome, calls, ticket } = context;
  if (outcome.timedOut) return ['replyToTicket did not return.'];
  const answerOfStep = (step: Step): string => textOf(messageOf(calls.find((call) => call.step === step)?.last ?? ({} as TraceEntry)));
  const category = answerOfStep('classify').trim();
  const draft = answerOfStep('draft');
  const expected = expectedCalls(context.failures);
  const keep = 'Tracing must not change what the flow does.';
  if (json(calls.map((call) => call.step)) !== json(expected.map((call) => call.step))) {
    return [`The flow's model calls were ${json(calls.map((call) => call.step ?? 'unknown'))}; the flow makes ${json(expected.map((call) => call.step))}. ${keep}`];
  }
  for (const [i, call] of calls.entries()) {
    const want = expected[i] as (typeof expected)[number];
    const differs = difference(flowRequest(want.step, ticket, category, draft), call.attempts[0]?.body);
    if (differs) return [`The ${want.step} call's request differs from the flow's: ${differs}. ${keep}`];
    if (call.attempts.length !== want.attempts) {
      return [`The ${want.step} call was sent ${plural(call.attempts.length, 'time')} (${attemptsInWords(call)}); the flow sends it ${plural(want.attempts, 'time')} here, retrying a 429, a 5xx or a lost connection at most ${MAX_ATTEMPTS - 1} times. ${keep}`];
    }
    const waited = call.attempts.slice(1).map((entry, n) => entry.at - (call.attempts[n] as TraceEntry).at);
    if (waited.some((ms, n) => Math.abs(ms - (want.waits[n] as number)) > 1)) {
      return [`The ${want.step} call waited ${waited.map((ms) => `${number(ms)} ms`).join(', then ')} before its retries (on the check's clock); the flow waits ${want.waits.map((ms) => `${number(ms)} ms`).join(', then ')}. ${keep}`];
    }
  }
  if (calls.some((call) => call.last.status !== 200)) return [];
  if (outcome.error !== undefined) return [`replyToTicket threw ${outcome.error.replace(/\.?$/, '.')} Every call got an answer, so the flow returns its reply: tracing must never break the flow it traces.`];
  const reply = { category, reply: draft, approved: answerOfStep('review').startsWith('APPROVED') };
  const result = outcome.result as Record<string, unknown> | undefined;
  if (!result || result.category !== reply.category || result.reply !== reply.reply || result.approved !== reply.approved) {
    return [`replyToTicket returned ${json(result)}; the flow returns ${json(reply)}. ${keep}`];
  }
  return [];
}

type Check = (context: Context, scenarioName: string) => string[];

interface Spec {
  name: string;
  ticket: Ticket;
  prices?: Record<string, Price>;
  /** The failed attempts of each step, in order; the attempts after them are answered. */
  failures?: Partial<Record<Step, Failure[]>>;
  checks: Check[];
  hidden?: boolean;
  /** The first scenario of a run forgets the trace ids of any run before. */
  first?: boolean;
}

function scenario(spec: Spec) {
  const prices = spec.prices ?? LIST_PRICES;
  // Built fresh for each scenario: the spans this scenario's run handed over, and its attempts per step.
  const spans: Span[] = [];
  const attempts = new Map<Step, number>();
  return {
    name: spec.name,
    ...(spec.hidden ? { hidden: true } : {}),
    // The flow retries by itself; the client it gets does not.
    maxRetries: 0,
    respond(request: unknown) {
      const answer = answerOf(request as FlowRequest);
      if (!answer) {
        return {
          name: 'not a step of the flow',
          error: { status: 400, message: "This simulator plays the flow's three calls as the starter makes them (classify, draft, review): keep the flow's requests as they are." },
        };
      }
      const attempt = (attempts.get(answer.step) ?? 0) + 1;
      attempts.set(answer.step, attempt);
      const failed = spec.failures?.[answer.step]?.[attempt - 1];
      if (failed) return { name: `${answer.step}, attempt ${attempt}: ${'fault' in failed ? 'dropped' : failed.error.status}`, ...failed };
      return { name: `${answer.step}, attempt ${attempt}`, reply: { content: [{ type: 'text' as const, text: answer.text }] } };
    },
    options: {
      ticket: spec.ticket,
      policy: POLICY,
      prices,
      record: (span: unknown) => {
        spans.push(JSON.parse(JSON.stringify(span ?? null)) as Span);
      },
    },
    check(outcome: Outcome): string[] {
      if (spec.first) earlierTraces.clear();
      if (outcome.timedOut) return ['replyToTicket did not return.'];
      const context: Context = { failures: spec.failures ?? {}, outcome, spans: spans.filter((span) => span && typeof span === 'object'), calls: callsOf(outcome), ticket: spec.ticket, prices };
      const problems = spec.checks.flatMap((check) => check(context, spec.name));
      for (const span of context.spans) if (typeof span.traceId === 'string' && !earlierTraces.has(span.traceId)) earlierTraces.set(span.traceId, spec.name);
      return problems;
    },
  };
}

export const scenarios = [
  scenario({ name: 'one trace per ticket: a root span and a child span for each model call', ticket: DANA, checks: [flowUnchanged, structure], first: true }),
  scenario({ name: "each model call's span says what the API answered: model, tokens, cache use, stop reason, request id", ticket: DANA, checks: [llmFields] }),
  scenario({ name: "each model call's span prices the call from the price table", ticket: DANA, checks: [costs] }),
  scenario({ name: 'a model missing from the price table costs null, and the flow goes on', ticket: DANA, prices: OUTDATED_PRICES, checks: [flowUnchanged, costs] }),
  scenario({
    name: 'retries are counted, and the time spent waiting is in the spans',
    ticket: DANA,
    failures: { draft: [RATE_LIMITED], review: [OVERLOADED] },
    checks: [flowUnchanged, structure, llmFields, timing],
  }),
  scenario({
    name: 'a call that fails for good: its span and the root span record the error, with its status and request id',
    ticket: TOMASZ,
    failures: { review: [OVERLOADED, OVERLOADED, OVERLOADED] },
    checks: [flowUnchanged, structure, failures, llmFields, timing],
  }),
  scenario({
    name: 'a 500 is retried, a request the API refuses (400) is not: the spans say so',
    ticket: PRIYA,
    failures: { classify: [SERVER_ERROR], draft: [TOO_LONG] },
    checks: [flowUnchanged, structure, failures, llmFields, timing],
  }),
  scenario({ name: "the customer's personal data and the API key stay out of every record", ticket: PRIYA, checks: [flowUnchanged, structure, privacy] }),
  scenario({
    name: 'another ticket, negotiated prices, a dropped connection and a cut-off answer',
    hidden: true,
    ticket: MARGUERITE,
    prices: NEGOTIATED_PRICES,
    failures: { draft: [DROPPED] },
    checks: [flowUnchanged, structure, llmFields, costs, timing, privacy],
  }),
  scenario({
    name: 'a connection that never comes back',
    hidden: true,
    ticket: JONAS,
    failures: { classify: [DROPPED, DROPPED, DROPPED] },
    checks: [flowUnchanged, structure, failures, llmFields, timing, privacy],
  }),
];
