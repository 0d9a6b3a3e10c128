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

/** The dollar cost of one call, from its usage: each kind of token at its own price per million. */
export function costOfCall(options: { usage: Pick<Anthropic.Usage, 'input_tokens' | 'output_tokens' | 'cache_creation_input_tokens' | 'cache_read_input_tokens'>; prices: Prices }): number {
  const { usage, prices } = options;
  // Cached tokens are not part of input_tokens: they are billed apart, and may be null.
  const tokens = usage.input_tokens * prices.input + usage.output_tokens * prices.output + (usage.cache_creation_input_tokens ?? 0) * prices.cacheWrite + (usage.cache_read_input_tokens ?? 0) * prices.cacheRead;
  return tokens / 1_000_000;
}

/** Whether a turn may start the history the model sees: a customer's message, not the results of a lookup it no longer sees. */
function startsWithCustomer(turn: Anthropic.MessageParam): boolean {
  return turn.role === 'user' && (typeof turn.content === 'string' || !turn.content.some((block) => block.type === 'tool_result'));
}

/** Answers the customer's latest message with as much of the conversation as fits, and what the call cost. */
export async function replyToCustomer(options: ReplyOptions): Promise<{ reply: string; costUsd: number }> {
  const limit = options.contextWindow - options.maxTokens;
  // Tool definitions cost tokens: send them only while the history still holds tool blocks.
  const toolsFor = (messages: Anthropic.MessageParam[]) =>
    messages.some((message) => typeof message.content !== 'string' && message.content.some((block) => block.type === 'tool_use' || block.type === 'tool_result')) ? { tools: options.tools } : {};
  const count = async (messages: Anthropic.MessageParam[]): Promise<number> =>
    (await options.client.messages.countTokens({ model: options.model, system: options.system, ...toolsFor(messages), messages })).input_tokens;

  // Oldest first: the first start that fits drops the fewest turns. Counting is free; guessing is wrong.
  let messages: Anthropic.MessageParam[] | undefined;
  let smallest = 0;
  for (let start = 0; start < options.history.length; start++) {
    if (!startsWithCustomer(options.history[start] as Anthropic.MessageParam)) continue;
    const candidate = options.history.slice(start);
    const tokens = await count(candidate);
    if (tokens <= limit) {
      messages = candidate;
      break;
    }
    smallest = tokens;
  }
  if (!messages) throw new ContextBudgetError(`Even the latest message does not fit: ${smallest} input tokens, and ${limit} fit.`, smallest, limit);

  const response = await options.client.messages.create({ model: options.model, max_tokens: options.maxTokens, system: options.system, ...toolsFor(messages), messages });
  const reply = response.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  return { reply, costUsd: costOfCall({ usage: response.usage, prices: options.prices }) };
}
