import type Anthropic from '@anthropic-ai/sdk';

/**
 * The travel assistant's tools: one for each function of the booking backend, with the
 * backend's names (README.md lists them, with their parameters).
 *
 * TODO: the model sees nothing of the backend but these definitions. Make them say what it
 * needs: in each description, what the tool is for (and, where two tools could be confused,
 * what it is not for); in each property, the format the backend wants and the values it
 * allows; and in required, exactly what the backend cannot do without.
 */
export const tools: Anthropic.Tool[] = [
  {
    name: 'search_flights',
    description: 'Search flights.',
    input_schema: {
      type: 'object',
      properties: {
        origin: { type: 'string' },
        destination: { type: 'string' },
        date: { type: 'string' },
        cabin: { type: 'string' },
        passengers: { type: 'integer' },
      },
      required: ['origin', 'destination', 'date', 'cabin', 'passengers'],
    },
  },
  {
    name: 'get_flight_status',
    description: 'Get flight information.',
    input_schema: {
      type: 'object',
      properties: {
        flight_number: { type: 'string' },
        date: { type: 'string' },
      },
      required: ['flight_number', 'date'],
    },
  },
  {
    name: 'get_booking',
    description: 'Get a booking.',
    input_schema: {
      type: 'object',
      properties: {
        booking_reference: { type: 'string' },
      },
      required: ['booking_reference'],
    },
  },
  {
    name: 'cancel_booking',
    description: 'Cancel a booking.',
    input_schema: {
      type: 'object',
      properties: {
        booking_reference: { type: 'string' },
      },
    },
  },
];

/** What the assistant does with one message: call a tool, or answer the traveller in words. */
export type AssistantTurn = { type: 'tool_call'; name: string; input: Record<string, unknown> } | { type: 'reply'; text: string };

export interface AskOptions {
  client: Anthropic;
  model: string;
  /** The traveller's message, as they wrote it. */
  message: string;
}

/** Sends the traveller's message with the tools, and returns the model's tool call or its reply. */
export async function askAssistant(options: AskOptions): Promise<AssistantTurn> {
  const response = await options.client.messages.create({
    model: options.model,
    max_tokens: 1024,
    tools,
    messages: [{ role: 'user', content: options.message }],
  });
  const call = response.content.find((block) => block.type === 'tool_use');
  if (call) return { type: 'tool_call', name: call.name, input: call.input as Record<string, unknown> };
  const text = response.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  return { type: 'reply', text };
}
