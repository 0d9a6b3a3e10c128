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
  let message: Anthropic.Message;
  try {
    message = await client.messages.create({ model, max_tokens: maxTokens, system, messages: [{ role: 'user', content: question }] });
  } catch (error) {
    throw new StreamInterruptedError(`The answer broke off: ${error instanceof Error ? error.message : String(error)}`, '');
  }
  const text = message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  // Type it out word by word, so it looks streamed.
  for (const word of text.split(/(?<=\s)/)) onText(word);
  return { text, stopReason: message.stop_reason, inputTokens: message.usage.input_tokens, outputTokens: message.usage.output_tokens };
}
