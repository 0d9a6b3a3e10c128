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
  for (let attempt = 1; ; attempt++) {
    const stream = client.messages.stream({ model, max_tokens: maxTokens, system, messages: [{ role: 'user', content: question }] });
    shown = '';
    stream.on('text', (delta) => {
      shown += delta;
      onText(delta);
    });
    try {
      const message = await stream.finalMessage();
      return { text: shown, stopReason: message.stop_reason, inputTokens: message.usage.input_tokens, outputTokens: message.usage.output_tokens };
    } catch (error) {
      // A broken stream is worth one more try.
      if (attempt === 2) throw new StreamInterruptedError(`The answer broke off: ${error instanceof Error ? error.message : String(error)}`, shown);
    }
  }
}
