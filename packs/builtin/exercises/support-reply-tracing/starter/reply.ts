// Harbour Home's support reply flow: classify the ticket, draft a reply under the support policy,
// then have the draft reviewed against the policy. It works. Nobody can see what it does:
// trace it (see README.md), without changing what it does.
import Anthropic from '@anthropic-ai/sdk';

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

export async function replyToTicket({ client, ticket, policy }: ReplyOptions): Promise<Reply> {
  // TODO: one trace per ticket. A root span named "reply-to-ticket" for the whole flow, and a
  // child span for each model call, handed to `record` when each ends (see README.md).
  const category = textOf(
    await callModel(client, 'classify', {
      model: FAST,
      max_tokens: 10,
      system: 'Classify the support ticket. Answer with one word: billing, shipping, returns, account or other.',
      messages: [{ role: 'user', content: ticket.text }],
    }),
  ).trim();
  const system: Anthropic.TextBlockParam[] = [{ type: 'text', text: policy, cache_control: { type: 'ephemeral' } }];
  const draft = textOf(
    await callModel(client, 'draft', {
      model: STRONG,
      max_tokens: 400,
      system,
      messages: [{ role: 'user', content: `Write the reply to this ${category} ticket from ${ticket.customer.name}:\n\n${ticket.text}` }],
    }),
  );
  const review = textOf(
    await callModel(client, 'review', {
      model: STRONG,
      max_tokens: 50,
      system,
      messages: [{ role: 'user', content: `Does this reply follow the policy? Answer APPROVED or REJECTED, with the reason.\n\n${draft}` }],
    }),
  );
  return { category, reply: draft, approved: review.startsWith('APPROVED') };
}

/**
 * One model call of the flow, `step` being its name. The client does not retry (maxRetries: 0):
 * this does, on a 429, a 5xx or a lost connection, at most MAX_RETRIES times.
 */
async function callModel(client: Anthropic, step: string, params: Anthropic.MessageCreateParamsNonStreaming): Promise<Anthropic.Message> {
  // TODO: trace this call: one span per call, retries included, whether it answers or fails.
  for (let attempt = 0; ; attempt++) {
    try {
      return await client.messages.create(params);
    } catch (error) {
      if (!retryable(error) || attempt === MAX_RETRIES) throw error;
      await sleep(waitBefore(error, attempt));
    }
  }
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
