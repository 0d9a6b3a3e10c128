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

export async function askFrontDesk(options: AskOptions): Promise<Answer> {
  // TODO: the model remembers nothing between calls, so this one request must carry it all: the
  // desk's instructions as the system prompt, the earlier turns in order, then the question.
  // Then return the whole answer, why it stopped, and the tokens it used.
  const response = await options.client.messages.create({
    model: options.model,
    max_tokens: 1024,
    messages: [{ role: 'user', content: `${options.system}\n\n${options.question}` }],
  });
  const first = response.content[0];
  return { text: first?.type === 'text' ? first.text : '', stopReason: 'end_turn', inputTokens: 0, outputTokens: 0 };
}
