import type Anthropic from '@anthropic-ai/sdk';

/** The matters the firm's intake desk routes enquiries to. */
export const MATTERS = ['employment', 'housing', 'family', 'consumer'] as const;
export type Matter = (typeof MATTERS)[number];

/** What classifyMatter throws when the model's answer is not one of the four matters. */
export class UnknownMatterError extends Error {
  override name = 'UnknownMatterError';
}

/** What quoteFirstClause throws when the quote reached max_tokens: the clause is longer than the intake form takes. */
export class ClauseTooLongError extends Error {
  override name = 'ClauseTooLongError';
}

interface Call {
  client: Anthropic;
  model: string;
}

// TODO: one helper for three jobs means one set of controls for all three. Each call needs its
// own: how much output it may pay for (max_tokens), where it must stop (stop_sequences), and how
// to read the stop_reason that comes back. See the README's rules.
async function ask(options: Call, prompt: string): Promise<string> {
  const response = await options.client.messages.create({
    model: options.model,
    max_tokens: 1024,
    messages: [{ role: 'user', content: prompt }],
  });
  return response.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}

/** The matter of a client's enquiry: one of MATTERS, for a few output tokens. */
export async function classifyMatter(options: Call & { enquiry: string }): Promise<Matter> {
  const answer = await ask(options, `Which kind of legal matter is this enquiry: ${MATTERS.join(', ')}?\n\n${options.enquiry}`);
  return answer.trim().toLowerCase() as Matter;
}

/** `count` different subject lines for the reply to an enquiry. */
export async function suggestSubjectLines(options: Call & { enquiry: string; count?: number }): Promise<string[]> {
  const lines: string[] = [];
  for (let i = 0; i < (options.count ?? 3); i++) {
    lines.push((await ask(options, `Suggest a subject line for our reply to this enquiry:\n\n${options.enquiry}`)).trim());
  }
  return lines;
}

/** The first clause of a contract, as written, for the intake form (which takes up to 1,000 tokens). */
export async function quoteFirstClause(options: Call & { contract: string }): Promise<string> {
  const answer = await ask(options, `Quote the first clause of this contract word for word:\n\n${options.contract}`);
  return answer.trim();
}
