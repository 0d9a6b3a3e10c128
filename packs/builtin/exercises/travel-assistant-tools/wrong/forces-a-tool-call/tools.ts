import type Anthropic from '@anthropic-ai/sdk';

/**
 * The travel assistant's tools: one for each function of the booking backend, with the
 * backend's names. The model sees nothing else of the backend: these definitions are all it
 * knows about when to use a tool and what to put in it.
 */
export const tools: Anthropic.Tool[] = [
  {
    name: 'search_flights',
    // Two tools deal with flights: say which flights this one is for.
    description: 'Searches for flights the traveller could book between two airports on a given day, with their times and prices.',
    input_schema: {
      type: 'object',
      properties: {
        origin: { type: 'string', description: 'IATA code of the departure airport, three capital letters, e.g. "LIS" for Lisbon.' },
        destination: { type: 'string', description: 'IATA code of the arrival airport, e.g. "OSL" for Oslo.' },
        date: { type: 'string', description: 'Departure date as YYYY-MM-DD, e.g. "2026-03-14".' },
        cabin: { type: 'string', enum: ['economy', 'premium_economy', 'business'], description: 'Only when the traveller names a cabin; the backend searches economy otherwise.' },
        passengers: { type: 'integer', minimum: 1, maximum: 9, description: 'How many people travel; only when the traveller says, the backend assumes 1 otherwise.' },
      },
      // Only what the backend cannot do without: the model asks for these when the traveller did not say.
      required: ['origin', 'destination', 'date'],
    },
  },
  {
    name: 'get_flight_status',
    description: 'Gets the live status of one scheduled flight by its flight number and date: on time, delayed or cancelled, its gate and expected times.',
    input_schema: {
      type: 'object',
      properties: {
        flight_number: { type: 'string', description: 'The airline code and number, e.g. "TP1351".' },
        date: { type: 'string', description: "The flight's departure date as YYYY-MM-DD." },
      },
      required: ['flight_number', 'date'],
    },
  },
  {
    name: 'get_booking',
    description: 'Looks up a booking the traveller already has, by its reference: its flights, passengers, seats and bags.',
    input_schema: {
      type: 'object',
      properties: {
        booking_reference: { type: 'string', description: 'The six-character booking reference, e.g. "QX7K2M".' },
      },
      required: ['booking_reference'],
    },
  },
  {
    name: 'cancel_booking',
    // It cannot be undone, and "what would cancelling cost?" talks of cancelling too: say plainly when not to use it.
    description:
      'Cancels a booking for good. ' +
      'Only when the traveller clearly asks to cancel, never to answer what cancelling would cost: get_booking shows that.',
    input_schema: {
      type: 'object',
      properties: {
        booking_reference: { type: 'string', description: 'The six-character booking reference, e.g. "QX7K2M".' },
      },
      required: ['booking_reference'],
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
    // Forced, so the answer is always a call the backend can run.
    tool_choice: { type: 'any' },
    messages: [{ role: 'user', content: options.message }],
  });
  const call = response.content.find((block) => block.type === 'tool_use');
  if (call) return { type: 'tool_call', name: call.name, input: call.input as Record<string, unknown> };
  const text = response.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  return { type: 'reply', text };
}
