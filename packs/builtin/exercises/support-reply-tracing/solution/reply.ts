// Harbour Home's support reply flow: classify the ticket, draft a reply under the support policy,
// then have the draft reviewed against the policy. Traced: one root span per ticket, and a child
// span for each model call, handed to `record` as each ends.
import Anthropic from '@anthropic-ai/sdk';
import { randomBytes } from 'node:crypto';

export interface Ticket {
  id: string;
  customer: { name: string; email: string };
  text: string;
}

/** US dollars per million tokens. */
export interface Price {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
}

/** What a model-call span says about the call (see README.md). */
export interface LlmCall {
  model: string;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  stopReason: string | null;
  costUsd: number | null;
  requestId: string | null;
  retries: number;
}

/** One span of a trace (see README.md for every field). */
export interface Span {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  startTime: number;
  durationMs: number;
  status: 'ok' | 'error';
  error?: { status: number | null; message: string };
  llm?: LlmCall;
}

export interface ReplyOptions {
  client: Anthropic;
  ticket: Ticket;
  /** The support policy: long, the same for every ticket, and cached. */
  policy: string;
  /** The price of each model the flow calls, by model id. */
  prices: Record<string, Price>;
  /** Where spans go: call it once for each span, when the span ends. */
  record: (span: Span) => void | Promise<void>;
}

export interface Reply {
  category: string;
  reply: string;
  approved: boolean;
}

const FAST = 'claude-haiku-4-5';
const STRONG = 'claude-sonnet-4-6';
const MAX_RETRIES = 2;

export async function replyToTicket({ client, ticket, policy, prices, record }: ReplyOptions): Promise<Reply> {
  const trace = new Trace(prices, record);
  // The root span: the whole flow, recorded when it ends, whether it returns or throws.
  const root = trace.start('reply-to-ticket', null);
  try {
    const call = (step: string, params: Anthropic.MessageCreateParamsNonStreaming) => callModel(client, trace, root.spanId, step, params);
    const category = textOf(
      await call('classify', {
        model: FAST,
        max_tokens: 10,
        system: 'Classify the support ticket. Answer with one word: billing, shipping, returns, account or other.',
        messages: [{ role: 'user', content: ticket.text }],
      }),
    ).trim();
    const system: Anthropic.TextBlockParam[] = [{ type: 'text', text: policy, cache_control: { type: 'ephemeral' } }];
    const draft = textOf(
      await call('draft', {
        model: STRONG,
        max_tokens: 400,
        system,
        messages: [{ role: 'user', content: `Write the reply to this ${category} ticket from ${ticket.customer.name}:\n\n${ticket.text}` }],
      }),
    );
    const review = textOf(
      await call('review', {
        model: STRONG,
        max_tokens: 50,
        system,
        messages: [{ role: 'user', content: `Does this reply follow the policy? Answer APPROVED or REJECTED, with the reason.\n\n${draft}` }],
      }),
    );
    await trace.end(root);
    return { category, reply: draft, approved: review.startsWith('APPROVED') };
  } catch (error) {
    await trace.end(root, error);
    throw error;
  }
}

/** The spans of one ticket: one trace id, and where they go. */
class Trace {
  readonly traceId = randomHex(16);

  constructor(
    readonly prices: Record<string, Price>,
    private readonly record: ReplyOptions['record'],
  ) {}

  start(name: string, parentSpanId: string | null): Span {
    return { traceId: this.traceId, spanId: randomHex(8), parentSpanId, name, startTime: Date.now(), durationMs: 0, status: 'ok' };
  }

  /** Ends the span (with the error, when its work threw) and hands it to `record`. */
  async end(span: Span, error?: unknown): Promise<void> {
    span.durationMs = Date.now() - span.startTime;
    if (error !== undefined) {
      span.status = 'error';
      span.error = { status: error instanceof Anthropic.APIError ? (error.status ?? null) : null, message: error instanceof Error ? error.message : String(error) };
    }
    await this.record(span);
  }
}

/**
 * One model call of the flow, `step` being its name, traced as one span: all its attempts and the
 * waits between them. The client does not retry (maxRetries: 0): this does, on a 429, a 5xx or a
 * lost connection, at most MAX_RETRIES times. The span holds counts and ids, never the prompt or
 * the answer: they carry the customer's personal data.
 */
async function callModel(client: Anthropic, trace: Trace, parentSpanId: string, step: string, params: Anthropic.MessageCreateParamsNonStreaming): Promise<Anthropic.Message> {
  const span = trace.start(step, parentSpanId);
  // Until the call answers: nothing used, nothing billed.
  const llm: LlmCall = {
    model: params.model,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    stopReason: null,
    costUsd: 0,
    requestId: null,
    retries: 0,
  };
  span.llm = llm;
  for (let attempt = 0; ; attempt++) {
    llm.retries = attempt;
    try {
      const message = await client.messages.create(params);
      llm.requestId = message._request_id ?? null;
      llm.inputTokens = message.usage.input_tokens;
      llm.outputTokens = message.usage.output_tokens;
      llm.cacheReadTokens = message.usage.cache_read_input_tokens ?? 0;
      llm.cacheWriteTokens = message.usage.cache_creation_input_tokens ?? 0;
      llm.stopReason = message.stop_reason;
      llm.costUsd = costOf(llm, trace.prices[params.model]);
      await trace.end(span);
      return message;
    } catch (error) {
      // A lost connection has no response, so no request id.
      llm.requestId = error instanceof Anthropic.APIError ? (error.requestID ?? null) : null;
      if (!retryable(error) || attempt === MAX_RETRIES) {
        await trace.end(span, error);
        throw error;
      }
      await sleep(waitBefore(error, attempt));
    }
  }
}

/**
 * Dollars: the prices are per million tokens, and cache writes and reads have their own. A model the
 * table does not know costs null (unknown): tracing must never break the call it traces.
 */
function costOf(llm: LlmCall, price: Price | undefined): number | null {
  if (!price) return null;
  return (llm.inputTokens * price.input + llm.outputTokens * price.output + llm.cacheWriteTokens * price.cacheWrite + llm.cacheReadTokens * price.cacheRead) / 1_000_000;
}

/** `bytes` random bytes as lowercase hex: 16 for a trace id, 8 for a span id. */
function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

function retryable(error: unknown): boolean {
  if (error instanceof Anthropic.APIConnectionError) return true;
  return error instanceof Anthropic.APIError && (error.status === 429 || (error.status ?? 0) >= 500);
}

/** What retry-after asks for, else 500 ms, doubling. */
function waitBefore(error: unknown, attempt: number): number {
  const header = error instanceof Anthropic.APIError ? error.headers?.get('retry-after') : undefined;
  const seconds = Number(header);
  return header && Number.isFinite(seconds) ? seconds * 1000 : 500 * 2 ** attempt;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function textOf(message: Anthropic.Message): string {
  return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}
