// The simulated support model of the support-chat-context-budget exercise, written as code: it
// refuses a request whose input and max_tokens do not fit its context window, as the API does,
// and otherwise answers the customer from the orders the conversation it was sent mentions. This
// file stays in the pack; learners never see it.
import type { Block, Turn } from './conversations';

export interface ChatRequest {
  model: string;
  max_tokens: number;
  system?: string | Block[];
  messages: Turn[];
  tools?: unknown[];
}

/**
 * A request's input tokens as the simulator counts them, for count_tokens and for usage alike:
 * its system prompt, messages and tools as JSON, about four characters a token. The same rule
 * as the simulator's own (inputTokens in src/core/simulator/messagesRequest.ts); every check
 * compares the two, so that they cannot drift apart unseen.
 */
export function countTokens(request: Pick<ChatRequest, 'system' | 'messages' | 'tools'>): number {
  return Math.max(1, Math.ceil(JSON.stringify([request.system ?? '', request.messages, request.tools ?? []]).length / 4));
}

/** The text of a turn or a tool result: a string, or its text blocks joined. */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((block: Block) => (block.type === 'text' ? (block.text ?? '') : '')).join('\n');
}

/** The order numbers the conversation mentions, each once, in the order it mentions them. */
function ordersIn(messages: Turn[]): string[] {
  const all = JSON.stringify(messages).match(/\bHP-\d{5}\b/g) ?? [];
  return [...new Set(all)];
}

/** The model, for a context window of `contextWindow` tokens. */
export function supportModel(contextWindow: number) {
  return (raw: unknown) => {
    const request = raw as ChatRequest;
    const tokens = countTokens(request);
    if (tokens + request.max_tokens > contextWindow) {
      return {
        name: 'over the context window',
        error: {
          status: 400,
          type: 'invalid_request_error',
          message: `input length and \`max_tokens\` exceed context limit: ${tokens} + ${request.max_tokens} > ${contextWindow}, decrease input length or \`max_tokens\` and try again`,
        },
      };
    }
    const orders = ordersIn(request.messages);
    const text =
      orders.length === 0
        ? 'Thanks for waiting. Could you give me your order number, so that I can look into your question?'
        : `Thanks for waiting. I can see order${orders.length === 1 ? '' : 's'} ${orders.join(' and ')} in our conversation, and I am looking into your question now.`;
    return { name: `answers (${orders.length} orders in view)`, reply: { content: [{ type: 'text' as const, text }] } };
  };
}
