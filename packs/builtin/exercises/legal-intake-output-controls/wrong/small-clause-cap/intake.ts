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

/** The text of a response, its blocks joined. */
function textOf(response: Anthropic.Message): string {
  return response.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}

/** The matter of a client's enquiry: one of MATTERS, for a few output tokens. */
export async function classifyMatter(options: Call & { enquiry: string }): Promise<Matter> {
  const response = await options.client.messages.create({
    model: options.model,
    // The label comes first; the model's reasons after it are not worth paying for. A cut
    // answer (stop_reason "max_tokens") is expected here: the label is already in it.
    max_tokens: 10,
    system: `You route enquiries to a law firm's teams. Answer with one word, the matter: ${MATTERS.join(', ')}.`,
    messages: [{ role: 'user', content: options.enquiry }],
  });
  const label = textOf(response).trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  const matter = MATTERS.find((candidate) => candidate === label);
  if (!matter) throw new UnknownMatterError(`The model's answer is not one of the matters: ${JSON.stringify(textOf(response).slice(0, 80))}`);
  return matter;
}

/** `count` different subject lines for the reply to an enquiry, from one request. */
export async function suggestSubjectLines(options: Call & { enquiry: string; count?: number }): Promise<string[]> {
  const count = options.count ?? 3;
  const response = await options.client.messages.create({
    model: options.model,
    // Room for every line: a line is at most about 15 tokens.
    max_tokens: 20 * count,
    system: 'You write email subject lines for a law firm replying to a new client.',
    // One request for all of them: separate requests sample separately and repeat the favourite.
    messages: [{ role: 'user', content: `Suggest ${count} different subject lines, one per line, for our reply to this enquiry:\n\n${options.enquiry}` }],
  });
  return textOf(response)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** The first clause of a contract, as written, for the intake form (which takes up to 1,000 tokens). */
export async function quoteFirstClause(options: Call & { contract: string }): Promise<string> {
  const response = await options.client.messages.create({
    model: options.model,
    max_tokens: 200,
    // Clause numbers start a line, so "\n2." is where clause 1 ends (a bare "2." may turn up inside it).
    stop_sequences: ['\n2.'],
    system: 'Quote the first numbered clause of the contract word for word, and nothing else.',
    messages: [{ role: 'user', content: options.contract }],
  });
  // "stop_sequence": clause 2 was next; "end_turn": clause 1 was the last thing in the document.
  if (response.stop_reason === 'max_tokens') throw new ClauseTooLongError('The first clause is longer than the 1,000 tokens the intake form takes.');
  return textOf(response).trim();
}
