// The harness of the support-chat-context-budget exercise. replyToCustomer's scenarios send
// conversations of several lengths against a support model with a small context window
// (supportModel.ts), and judge the one request it sent: that it was counted with count_tokens
// first, fits the window, keeps the system prompt, the tools and the latest turns (as many as
// fit, starting with a customer's message), and that the cost it reports is the call's.
// costOfCall's scenarios price usages with cache reads and writes. This file stays in the pack;
// learners never see it.
import { LAMP, PASTED, SHORT, SYSTEM, TABLE, TOOLS, type Turn } from './conversations';
import { type ChatRequest, countTokens, supportModel, textOf } from './supportModel';

interface Prices {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
}
interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number | null;
  cache_read_input_tokens: number | null;
}
interface Entry {
  index: number;
  body: unknown;
  status: number;
  response?: unknown;
}
interface Outcome {
  result?: unknown;
  error?: string;
  errorFields?: Record<string, unknown>;
  timedOut: boolean;
  requests: Entry[];
  tokenCounts: Entry[];
}

/** Sonnet-class prices, in dollars per million tokens. */
const PRICES: Prices = { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 };
/** How far a cost may be from the exact one: floating-point rounding, never a rounded cost. */
const TOLERANCE = 1e-9;

const json = (value: unknown): string => JSON.stringify(value);
/** The value as JSON with every object's keys sorted, for comparing what was counted with what was sent. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b))) : inner,
  );
const dollars = (value: number): string => `$${value.toFixed(9).replace(/0+$/, '').replace(/\.$/, '')}`;
/** "$3 input, $15 output, $3.75 cache write and $0.3 cache read per million tokens". */
const priceList = (prices: Prices): string => `$${prices.input} input, $${prices.output} output, $${prices.cacheWrite} cache write and $${prices.cacheRead} cache read per million tokens`;
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The exact cost of a call: each kind of token at its price per million, a missing count as none. */
function costOf(usage: Usage, prices: Prices): number {
  return (usage.input_tokens * prices.input + usage.output_tokens * prices.output + (usage.cache_creation_input_tokens ?? 0) * prices.cacheWrite + (usage.cache_read_input_tokens ?? 0) * prices.cacheRead) / 1_000_000;
}

/** What a cost that is off tells about how it was worked out, when it matches a common mistake. */
function costMistake(got: number, usage: Usage, prices: Prices): string {
  const exact = costOf(usage, prices);
  const near = (value: number): boolean => Math.abs(got - value) <= TOLERANCE;
  const noCache = costOf({ ...usage, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 }, prices);
  const cacheAsInput = costOf(usage, { ...prices, cacheWrite: prices.input, cacheRead: prices.input });
  if (exact !== noCache && near(noCache)) return ' That is the input and output alone: cache writes and cache reads are billed too, each at its own price.';
  if (exact !== cacheAsInput && near(cacheAsInput)) return ' That prices cached tokens as plain input: a cache write costs cacheWrite per million, a cache read cacheRead.';
  if (near(exact * 1000)) return ' That is a thousand times too much: prices are per million tokens.';
  if (near(Math.round(exact * 100) / 100)) return ' That is the cost rounded to cents: one call costs a fraction of a cent, so never round it.';
  return '';
}

// replyToCustomer

interface Chat {
  history: Turn[];
  contextWindow: number;
  maxTokens: number;
}

/** Whether a turn can start the history the model sees: a customer's message, not tool results. */
const customerMessage = (turn: Turn | undefined): boolean =>
  turn?.role === 'user' && (typeof turn.content === 'string' || !turn.content.some((block) => block.type === 'tool_result'));

/** The first turn a request with `system` and `tools` may start at and fit (the fewest turns dropped), or undefined when none fits. */
function firstFittingStart(chat: Chat, system: ChatRequest['system'], tools: ChatRequest['tools']): number | undefined {
  for (let start = 0; start < chat.history.length; start++) {
    if (!customerMessage(chat.history[start])) continue;
    if (countTokens({ system, tools, messages: chat.history.slice(start) }) + chat.maxTokens <= chat.contextWindow) return start;
  }
  return undefined;
}

/** Why the API refused a count or a request, in the learner's terms; undefined when it refused none. */
function refused(outcome: Outcome): string | undefined {
  const entry = [...outcome.tokenCounts, ...outcome.requests].sort((a, b) => a.index - b.index).find((candidate) => candidate.status === 400);
  if (!entry) return undefined;
  const message = (entry.response as { error?: { message?: string } } | undefined)?.error?.message ?? '';
  const what = outcome.tokenCounts.includes(entry) ? 'a count_tokens request' : 'the request';
  const why = /exceed context limit/.test(message)
    ? ' The request did not fit: its input tokens plus max_tokens must be at most the context window. Drop the oldest turns until they fit.'
    : /first message must use the "user" role/.test(message)
      ? ' The history it kept started with an assistant turn: start it at a customer\'s message.'
      : /unexpected `tool_use_id`/.test(message)
        ? ' The history it kept started with tool results whose lookup was dropped: start it at a customer\'s message, never in the middle of a lookup.'
        : /roles must alternate/.test(message)
          ? ' Two turns of the same role ended up side by side: keep whole turns, a run of the latest ones.'
          : /must define tools/.test(message)
            ? ' The request left out the tools: send options.tools with every request.'
            : '';
  return `The API refused ${what} with 400: "${message}".${why}`;
}

/** What went wrong with the one request replyToCustomer sent for `chat`. */
function replied(outcome: Outcome, chat: Chat): string[] {
  if (outcome.timedOut) return ['replyToCustomer did not return.'];
  const refusal = refused(outcome);
  const reserved = outcome.requests.map((entry) => (entry.body as ChatRequest | undefined)?.max_tokens).find((sent) => sent !== chat.maxTokens);
  const wrongRoom = reserved === undefined ? [] : [`It sent max_tokens ${reserved}; options.maxTokens is ${chat.maxTokens}.`];
  if (refusal) return [refusal, ...wrongRoom];
  if (outcome.error !== undefined) return [`replyToCustomer threw ${outcome.error.replace(/\.?$/, '.')} It should have returned the model's reply and its cost.`];
  if (outcome.requests.length !== 1) return [`It made ${plural(outcome.requests.length, 'model call')}; one is enough.`];
  const entry = outcome.requests[0] as Entry;
  const sent = entry.body as ChatRequest;
  const problems: string[] = [];

  // The one request: max_tokens, the system prompt, the tools, the latest turns.
  problems.push(...wrongRoom);
  if (textOf(sent.system) !== SYSTEM) problems.push('It did not send the system prompt as it was given: the shop\'s rules are never trimmed.');
  if (canonical(sent.tools ?? []) !== canonical(TOOLS)) problems.push('It did not send options.tools as they were given: the model needs lookup_order, and the tools count towards the tokens.');
  const latest = chat.history[chat.history.length - 1];
  const start = chat.history.findIndex((_turn, at) => canonical(chat.history.slice(at)) === canonical(sent.messages));
  if (canonical(sent.messages[sent.messages.length - 1]) !== canonical(latest)) problems.push("It did not end with the customer's latest message, as it was given.");
  else if (start < 0) problems.push(`It sent ${plural(sent.messages.length, 'message')} that are not the latest turns of the history, in order: drop whole turns from the oldest end only.`);
  else {
    const best = firstFittingStart(chat, sent.system, sent.tools);
    if (best !== undefined && start > best) {
      problems.push(
        `It dropped the first ${plural(start, 'turn')} of ${chat.history.length}; only ${best} had to go: from turn ${best + 1} on, the request counts ${countTokens({ ...sent, messages: chat.history.slice(best) })} input tokens, and with max_tokens ${chat.maxTokens} that fits the ${chat.contextWindow}-token window. Keep every turn that fits.`,
      );
    }
  }

  // Counted with count_tokens before it was sent, as it was sent.
  const counted = outcome.tokenCounts.some((count) => count.index < entry.index && count.status === 200 && countedAs(count.body) === countedAs(sent));
  if (!counted) {
    problems.push(
      outcome.tokenCounts.length === 0
        ? 'It never called count_tokens: count the request you mean to send with client.messages.countTokens (the same model, system, tools and messages) instead of estimating.'
        : 'None of its count_tokens requests was the request it then sent: count exactly what you send (the same model, system, tools and messages).',
    );
  }

  // The reply and what it cost.
  const answer = entry.response as { content?: { type: string; text?: string }[]; usage?: Usage } | undefined;
  const usage = answer?.usage as Usage;
  const total = usage.input_tokens + (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0);
  if (total !== countTokens(sent)) throw new Error(`the harness counts ${countTokens(sent)} input tokens where the simulator billed ${total}: supportModel.ts's countTokens no longer matches the simulator's rule`);
  const result = outcome.result as { reply?: unknown; costUsd?: unknown } | undefined;
  const text = textOf(answer?.content);
  if (result?.reply !== text) problems.push(`It returned the reply ${json(result?.reply)}; the model said ${json(text)}.`);
  const cost = costOf(usage, PRICES);
  if (typeof result?.costUsd !== 'number' || Math.abs(result.costUsd - cost) > TOLERANCE) {
    problems.push(
      `It returned costUsd ${json(result?.costUsd)}; the call's usage (${usage.input_tokens} input, ${usage.output_tokens} output${usage.cache_creation_input_tokens ? `, ${usage.cache_creation_input_tokens} cache-write` : ''}${usage.cache_read_input_tokens ? `, ${usage.cache_read_input_tokens} cache-read` : ''} tokens) at ${priceList(PRICES)} costs ${dollars(cost)}.` +
        (typeof result?.costUsd === 'number' ? costMistake(result.costUsd, usage, PRICES) : ''),
    );
  }
  return problems;
}

/** What count_tokens counts of a request (a count's body or a sent one), to compare the two. */
function countedAs(body: unknown): string {
  const request = body as Partial<ChatRequest>;
  return canonical({ model: request.model, system: request.system ?? null, tools: request.tools ?? null, messages: request.messages });
}

function chatScenario(name: string, chat: Chat, hidden = false) {
  return {
    name,
    hidden,
    options: { system: SYSTEM, tools: TOOLS, history: chat.history, contextWindow: chat.contextWindow, maxTokens: chat.maxTokens, prices: PRICES },
    respond: supportModel(chat.contextWindow),
    check: (outcome: Outcome) => replied(outcome, chat),
  };
}

// costOfCall

const apiUsage = (input: number, output: number, written: number | null, read: number | null) => ({
  input_tokens: input,
  output_tokens: output,
  cache_creation_input_tokens: written,
  cache_read_input_tokens: read,
  cache_creation: written === null ? null : { ephemeral_5m_input_tokens: written, ephemeral_1h_input_tokens: 0 },
  server_tool_use: null,
  service_tier: 'standard',
});

function costScenario(name: string, usage: ReturnType<typeof apiUsage>, prices: Prices, hidden = false) {
  return {
    name,
    function: 'costOfCall',
    hidden,
    options: { usage, prices },
    // costOfCall makes no model call; a model that answers nothing useful is there all the same.
    respond: () => ({ reply: { content: [{ type: 'text' as const, text: 'costOfCall should not call the model.' }] } }),
    check(outcome: Outcome): string[] {
      if (outcome.timedOut) return ['costOfCall did not return.'];
      if (outcome.error !== undefined) return [`costOfCall threw ${outcome.error.replace(/\.?$/, '.')} It should have returned the call's cost in dollars.`];
      const exact = costOf(usage, prices);
      const got = outcome.result;
      const problems: string[] = [];
      if (typeof got !== 'number' || Math.abs(got - exact) > TOLERANCE) {
        problems.push(
          `It returned ${json(got)}; ${usage.input_tokens} input, ${usage.output_tokens} output, ${usage.cache_creation_input_tokens ?? 'null (none)'} cache-write and ${usage.cache_read_input_tokens ?? 'null (none)'} cache-read tokens, at ${priceList(prices)}, cost ${dollars(exact)}.` +
            (typeof got === 'number' ? costMistake(got, usage, prices) : ''),
        );
      }
      if (outcome.requests.length > 0) problems.push(`It made ${plural(outcome.requests.length, 'model call')}; pricing a usage needs none.`);
      return problems;
    },
  };
}

export const scenarios = [
  // 488 input tokens and 300 for the reply fill the window exactly: it fits.
  chatScenario('sends a short chat whole, counted first', { history: SHORT, contextWindow: 788, maxTokens: 300 }),
  chatScenario('trims a long chat to the latest turns that fit, starting at a customer message', { history: TABLE, contextWindow: 1260, maxTokens: 300 }),
  chatScenario('drops a lookup whole: never starts at tool results', { history: LAMP, contextWindow: 1130, maxTokens: 400 }),
  chatScenario('keeps only the latest message when that is all that fits, tools and all', { history: SHORT, contextWindow: 750, maxTokens: 300 }),
  chatScenario('trims a long chat for a longer reply', { history: TABLE, contextWindow: 1600, maxTokens: 500 }, true),
  {
    name: 'throws ContextBudgetError when the latest message alone does not fit',
    options: { system: SYSTEM, tools: TOOLS, history: PASTED, contextWindow: 1260, maxTokens: 300, prices: PRICES },
    respond: supportModel(1260),
    check(outcome: Outcome): string[] {
      if (outcome.timedOut) return ['replyToCustomer did not return.'];
      const sentAnyway = outcome.requests.length > 0;
      const refusal = refused(outcome);
      if (refusal && !sentAnyway) return [refusal];
      if (sentAnyway) {
        return ['It called the model although even the system prompt, the tools and the latest message (a pasted order history) do not fit the 1260-token window with max_tokens 300, and the API refused the call: throw a ContextBudgetError instead, without calling the model.'];
      }
      if (outcome.error === undefined) return [`It returned ${json(outcome.result)}; when even the latest message does not fit, it should throw a ContextBudgetError.`];
      if (!outcome.error.startsWith('ContextBudgetError')) return [`It threw ${outcome.error.split(':')[0]}; when even the latest message does not fit, it should throw a ContextBudgetError.`];
      const problems: string[] = [];
      const latest = PASTED.slice(-1);
      const smallest = outcome.tokenCounts.find((count) => count.status === 200 && canonical((count.body as ChatRequest).messages) === canonical(latest));
      const tokens = (smallest?.response as { input_tokens?: number } | undefined)?.input_tokens;
      if (tokens === undefined) problems.push('It never counted the smallest request it could send (system prompt, tools and the latest message alone) with count_tokens: count it to know it does not fit.');
      else if (outcome.errorFields?.tokens !== tokens) problems.push(`The ContextBudgetError's tokens is ${json(outcome.errorFields?.tokens)}; count_tokens counted the smallest request at ${tokens}.`);
      if (outcome.errorFields?.limit !== 1260 - 300) problems.push(`The ContextBudgetError's limit is ${json(outcome.errorFields?.limit)}; the input may use ${1260 - 300} tokens: the 1260-token window less the 300 kept for the reply.`);
      return problems;
    },
  },
  costScenario('costOfCall prices input, output, cache writes and cache reads', apiUsage(1820, 312, 2048, 6144), PRICES),
  costScenario('costOfCall counts a cache figure of null as none', apiUsage(950, 88, null, null), { input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1 }),
  costScenario('costOfCall prices a call at another model\'s prices', apiUsage(42, 1024, 0, 18000), { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 }, true),
];
