import type Anthropic from '@anthropic-ai/sdk';

/** What a model's tokens cost, in US dollars per million tokens. */
export interface Prices {
  input: number;
  output: number;
  /** A cache write (cache_creation_input_tokens). */
  cacheWrite: number;
  /** A cache read (cache_read_input_tokens). */
  cacheRead: number;
}

/** What replyToCustomer throws when even the smallest request it could send does not fit. */
export class ContextBudgetError extends Error {
  override name = 'ContextBudgetError';
  constructor(
    message: string,
    /** The count_tokens count of the smallest request: the system prompt, the tools and the latest message. */
    readonly tokens: number,
    /** The input tokens a request may use: the context window less max_tokens. */
    readonly limit: number,
  ) {
    super(message);
  }
}

export interface ReplyOptions {
  client: Anthropic;
  model: string;
  /** The shop's support rules: always sent, never trimmed. */
  system: string;
  /** The support tools: always sent (the history's lookups need them, and they count towards the tokens). */
  tools: Anthropic.Tool[];
  /** The conversation so far, oldest first, ending with the customer's new message. */
  history: Anthropic.MessageParam[];
  /** The model's context window: a request's input tokens plus its max_tokens must fit in it. */
  contextWindow: number;
  /** max_tokens of the call: room kept for the reply. */
  maxTokens: number;
  prices: Prices;
}

/** The dollar cost of one call, from its usage. */
export function costOfCall(options: { usage: Pick<Anthropic.Usage, 'input_tokens' | 'output_tokens' | 'cache_creation_input_tokens' | 'cache_read_input_tokens'>; prices: Prices }): number {
  const { usage, prices } = options;
  // TODO: input and output are not the whole bill. Cache writes and cache reads are counted apart
  // from input_tokens, each with its own price.
  return (usage.input_tokens * prices.input + usage.output_tokens * prices.output) / 1_000_000;
}

/** Answers the customer's latest message with as much of the conversation as fits, and what the call cost. */
export async function replyToCustomer(options: ReplyOptions): Promise<{ reply: string; costUsd: number }> {
  // TODO: a long chat no longer fits the model's context window, and the API refuses the call.
  // Count the request with client.messages.countTokens before sending it, and drop the oldest
  // turns until input tokens + maxTokens fit in contextWindow (see the README's rules).
  const response = await options.client.messages.create({
    model: options.model,
    max_tokens: options.maxTokens,
    system: options.system,
    tools: options.tools,
    messages: options.history,
  });
  const reply = response.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  return { reply, costUsd: costOfCall({ usage: response.usage, prices: options.prices }) };
}
