import type Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';

/** What the rest of the support system needs from a ticket. */
export const triageSchema = z.strictObject({
  category: z.enum(['billing', 'technical', 'account', 'other']),
  urgency: z.enum(['low', 'high']),
  needsHuman: z.boolean(),
});
export type Triage = z.infer<typeof triageSchema>;

/** The one error extractTriage throws when the model does not give a usable answer. */
export class TriageExtractionError extends Error {
  override name = 'TriageExtractionError';
  constructor(
    message: string,
    readonly reason: 'invalid-output' | 'refusal',
    readonly attempts: number,
  ) {
    super(message);
  }
}

export interface ExtractOptions {
  client: Anthropic;
  model: string;
  /** The customer's ticket. */
  message: string;
  /** Model calls allowed in all, the first included. Default 3. */
  maxAttempts?: number;
}

export const SYSTEM_PROMPT = `You triage support tickets. Answer with one JSON object and nothing else:
{"category": "billing" | "technical" | "account" | "other", "urgency": "low" | "high", "needsHuman": true | false}`;

export async function extractTriage(options: ExtractOptions): Promise<Triage> {
  const messages: Anthropic.MessageParam[] = [{ role: 'user', content: `Ticket:\n${options.message}` }];
  const response = await options.client.messages.create({ model: options.model, max_tokens: 300, system: SYSTEM_PROMPT, messages });
  const text = response.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  // TODO: the model does not always answer with clean, valid JSON, and it may refuse. Find the
  // JSON in its answer, validate it with triageSchema, feed problems back and ask again (up to
  // maxAttempts calls), and throw a TriageExtractionError when there is no usable answer.
  return JSON.parse(text) as Triage;
}
