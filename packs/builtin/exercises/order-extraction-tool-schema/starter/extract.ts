import type Anthropic from '@anthropic-ai/sdk';

/** What the order system needs from a customer's email. */
export interface Order {
  sku: string;
  quantity: number;
  currency: 'EUR' | 'USD' | 'GBP';
  giftWrap: boolean;
}

/** What extractOrder throws when the model's answer was cut off: there is no order to return. */
export class OrderExtractionError extends Error {
  override name = 'OrderExtractionError';
  constructor(
    message: string,
    readonly reason: 'truncated',
  ) {
    super(message);
  }
}

export interface ExtractOrderOptions {
  client: Anthropic;
  model: string;
  /** The customer's email, as they wrote it. */
  email: string;
  /** max_tokens of the call; default 1024. */
  maxTokens?: number;
}

export async function extractOrder(options: ExtractOrderOptions): Promise<Order> {
  // TODO: asking for JSON in prose is a wish, not a contract. Give the model a tool whose
  // input_schema is the order, force it to call that tool, and return the call's input.
  const response = await options.client.messages.create({
    model: options.model,
    max_tokens: 1024,
    messages: [{ role: 'user', content: `Extract the order from this email as JSON with sku, quantity, currency and giftWrap:\n\n${options.email}` }],
  });
  const text = response.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  return JSON.parse(text) as Order;
}
