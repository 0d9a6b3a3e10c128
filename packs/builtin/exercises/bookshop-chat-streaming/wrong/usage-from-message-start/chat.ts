import type Anthropic from '@anthropic-ai/sdk';

export interface StreamReplyOptions {
  client: Anthropic;
  model: string;
  /** The shop's instructions and catalogue. */
  system: string;
  /** The customer's question. */
  question: string;
  /** max_tokens of the call; default 1024. */
  maxTokens?: number;
  /** The chat window: shows each piece of text it is given, after what it already shows. */
  onText: (text: string) => void;
}

export interface Reply {
  text: string;
  stopReason: Anthropic.StopReason | null;
  inputTokens: number;
  outputTokens: number;
}

/** What streamReply throws when the stream breaks mid-answer: the reader already sees partialText. */
export class StreamInterruptedError extends Error {
  override name = 'StreamInterruptedError';
  constructor(
    message: string,
    readonly partialText: string,
  ) {
    super(message);
  }
}

export async function streamReply({ client, model, system, question, maxTokens = 1024, onText }: StreamReplyOptions): Promise<Reply> {
  let shown = '';
  let stopReason: Anthropic.StopReason | null = null;
  let usage = { input_tokens: 0, output_tokens: 0 };
  try {
    const events = await client.messages.create({ model, max_tokens: maxTokens, system, messages: [{ role: 'user', content: question }], stream: true });
    for await (const event of events) {
      if (event.type === 'message_start') usage = event.message.usage;
      else if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
        shown += event.delta.text;
        onText(event.delta.text);
      } else if (event.type === 'message_delta') stopReason = event.delta.stop_reason;
    }
  } catch (error) {
    throw new StreamInterruptedError(`The answer broke off: ${error instanceof Error ? error.message : String(error)}`, shown);
  }
  return { text: shown, stopReason, inputTokens: usage.input_tokens, outputTokens: usage.output_tokens };
}
