import type Anthropic from '@anthropic-ai/sdk';

/** One earlier turn of the conversation: what the patient asked, or what the desk answered. */
export interface Turn {
  role: 'user' | 'assistant';
  text: string;
}

export interface AskOptions {
  client: Anthropic;
  model: string;
  /** The desk's instructions and the clinic's facts: hours, address, phone, prices. */
  system: string;
  /** The conversation so far, oldest first; empty when this is the first question. */
  history: Turn[];
  /** The patient's new question. */
  question: string;
  /** max_tokens of the call; default 1024. */
  maxTokens?: number;
}

/** What the front desk shows, and what the call cost. */
export interface Answer {
  text: string;
  /** Why the model stopped: "end_turn" when it finished, "max_tokens" when it was cut off. */
  stopReason: Anthropic.StopReason | null;
  inputTokens: number;
  outputTokens: number;
}

export async function askFrontDesk({ client, model, system, history, question, maxTokens = 1024 }: AskOptions): Promise<Answer> {
  const response = await client.messages.create({
    model,
    max_tokens: maxTokens,
    system,
    messages: [{ role: 'user', content: question }],
  });
  // The answer is a list of content blocks, and its text may come in several of them.
  const text = response.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  // A cut-off answer is still returned: its stop reason ("max_tokens") says it is not complete.
  return { text, stopReason: response.stop_reason, inputTokens: response.usage.input_tokens, outputTokens: response.usage.output_tokens };
}
