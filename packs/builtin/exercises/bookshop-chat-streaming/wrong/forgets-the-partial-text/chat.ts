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
  const stream = client.messages.stream({ model, max_tokens: maxTokens, system, messages: [{ role: 'user', content: question }] });
  let shown = '';
  // Each piece of text goes to the chat window the moment it arrives.
  stream.on('text', (delta) => {
    shown += delta;
    onText(delta);
  });
  let message: Anthropic.Message;
  try {
    message = await stream.finalMessage();
  } catch (error) {
    // The SDK retries only before a stream starts. Once the reader sees part of the answer, asking
    // again would show it twice: stop, and say how far it got.
    throw new StreamInterruptedError('The answer broke off.', error instanceof Error ? error.message : String(error));
  }
  // The final message holds the stop reason and the usage, as message_delta reported them last.
  return { text: shown, stopReason: message.stop_reason, inputTokens: message.usage.input_tokens, outputTokens: message.usage.output_tokens };
}
