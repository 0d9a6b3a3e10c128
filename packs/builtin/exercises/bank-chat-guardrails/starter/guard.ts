import type Anthropic from '@anthropic-ai/sdk';

export interface Policy {
  /** Topics the assistant never discusses, each with the words and phrases that mark it. */
  blockedTopics: { topic: string; terms: string[] }[];
  /** Phrases no reply may contain: promises only a person at the bank may make. */
  forbiddenPhrases: string[];
}

export interface GuardOptions {
  client: Anthropic;
  model: string;
  /** The customer's message, as they typed it. */
  message: string;
  policy: Policy;
}

/** What the customer sees when the policy blocks their message. */
export const REFUSAL = 'I can only help with everyday banking at Northwind Bank: cards, accounts, payments and fees.';
/** What the customer sees when the model's reply fails a check. */
export const FALLBACK = "Sorry, I can't help with that here. Please call us on the number on the back of your card.";

const SYSTEM = [
  'You are the chat assistant of Northwind Bank. Help with cards, accounts, payments and fees.',
  'Never promise refunds, never give investment advice, and never repeat card numbers, IBANs or phone numbers.',
].join('\n');

export async function guardedReply({ client, model, message, policy }: GuardOptions): Promise<string> {
  // TODO: the system prompt asks the model to behave; nothing makes it. Add guardrails in code:
  // before the call, refuse what the policy blocks and redact card numbers, IBANs and phone
  // numbers; after it, return FALLBACK when the reply carries personal data, a forbidden
  // phrase or a blocked topic.
  void policy;
  const response = await client.messages.create({ model, max_tokens: 512, system: SYSTEM, messages: [{ role: 'user', content: message }] });
  return response.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}
