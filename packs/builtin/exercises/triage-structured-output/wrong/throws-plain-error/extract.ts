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
  const maxAttempts = options.maxAttempts ?? 3;
  const messages: Anthropic.MessageParam[] = [{ role: 'user', content: `Ticket:\n${options.message}` }];
  let problem = '';
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const response = await options.client.messages.create({ model: options.model, max_tokens: 300, system: SYSTEM_PROMPT, messages });
    if (response.stop_reason === 'refusal') {
      throw new TriageExtractionError('The model refused to triage this ticket.', 'refusal', attempt);
    }
    const text = response.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
    const parsed = parseTriage(text);
    if (parsed.ok) return parsed.value;
    problem = parsed.problem;
    // Show the model its answer and what was wrong with it, and ask again.
    messages.push(
      { role: 'assistant', content: response.content },
      { role: 'user', content: `That answer is not usable: ${problem}. Answer again with only the JSON object.` },
    );
  }
  throw new Error(`No valid triage after ${maxAttempts} attempts; the last problem: ${problem}`);
}

/** The triage in a model's answer: the JSON object in it, however it is wrapped, validated. */
function parseTriage(text: string): { ok: true; value: Triage } | { ok: false; problem: string } {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end < start) return { ok: false, problem: 'it contains no JSON object' };
  let json: unknown;
  try {
    json = JSON.parse(text.slice(start, end + 1));
  } catch (error) {
    return { ok: false, problem: `its JSON does not parse (${error instanceof Error ? error.message : String(error)})` };
  }
  const result = triageSchema.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, problem: result.error.issues.map((issue) => `${issue.path.join('.') || 'the object'}: ${issue.message}`).join('; ') };
}
