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

/** The order as a tool's input: every field typed, every field required. */
const RECORD_ORDER: Anthropic.Tool = {
  name: 'record_order',
  description: 'Record the order the customer asks for in their email.',
  input_schema: {
    type: 'object',
    properties: {
      sku: { type: 'string' },
      quantity: { type: 'integer', minimum: 1 },
      currency: { type: 'string', enum: ['EUR', 'USD', 'GBP'] },
      giftWrap: { type: 'boolean' },
    },
    required: ['sku', 'quantity', 'currency', 'giftWrap'],
  },
};

export async function extractOrder(options: ExtractOrderOptions): Promise<Order> {
  const response = await options.client.messages.create({
    model: options.model,
    max_tokens: options.maxTokens ?? 1024,
    tools: [RECORD_ORDER],
    // Forced: the model must answer with this tool call, so the answer has the schema's shape.
    tool_choice: { type: 'tool', name: RECORD_ORDER.name },
    messages: [{ role: 'user', content: options.email }],
  });
  const call = response.content.find((block) => block.type === 'tool_use');
  return (call?.input ?? {}) as Order;
}
