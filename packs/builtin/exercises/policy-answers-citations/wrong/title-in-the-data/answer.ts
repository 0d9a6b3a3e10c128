// The reference: the passages go to the model as documents with citations enabled, and the
// answer is built from the citations the response carries, never from what the model says
// without them. Each cited claim keeps its text and gets the numbers of its sources.
import type Anthropic from '@anthropic-ai/sdk';

/** A passage the search found in the handbook. */
export interface Passage {
  id: string;
  title: string;
  text: string;
}

/** An entry of the answer's source list: sources[0] is [1]. */
export interface Source {
  /** The passage's id and title. */
  id: string;
  title: string;
  /** The text the model cited, exactly as the citation gives it. */
  quote: string;
}

export interface Answer {
  /** false when the model cited nothing: then text is NO_ANSWER and sources is empty. */
  answered: boolean;
  /** What the employee reads, each cited claim followed by its markers: "… a year [1]." */
  text: string;
  sources: Source[];
}

/** What the employee reads when the passages do not hold the answer. */
export const NO_ANSWER = "I can't find the answer to that in the policy documents.";

export interface AnswerOptions {
  client: Anthropic;
  model: string;
  /** The employee's question, as they asked it. */
  question: string;
  /** What the search found for it, best first; possibly nothing that answers it. */
  passages: Passage[];
}

const SYSTEM = "You answer employees' questions about company policy. Use only the documents you are given, and say so when they do not answer the question.";

export async function answerQuestion({ client, model, question, passages }: AnswerOptions): Promise<Answer> {
  // One document per passage: a citation's document_index is the passage's place in this list.
  const documents: Anthropic.DocumentBlockParam[] = passages.map((passage) => ({
    type: 'document',
    source: { type: 'text', media_type: 'text/plain', data: `${passage.title}\n${passage.text}` },
    title: passage.title,
    citations: { enabled: true },
  }));
  const response = await client.messages.create({
    model,
    max_tokens: 1024,
    system: SYSTEM,
    messages: [{ role: 'user', content: [...documents, { type: 'text', text: question }] }],
  });

  const sources: Source[] = [];
  let text = '';
  for (const block of response.content) {
    if (block.type !== 'text') continue;
    text += block.text;
    const numbers: number[] = [];
    for (const citation of block.citations ?? []) {
      if (citation.type !== 'char_location') continue;
      const passage = passages[citation.document_index]!;
      // A quote cited again keeps its number.
      let number = sources.findIndex((source) => source.id === passage.id && source.quote === citation.cited_text) + 1;
      if (number === 0) number = sources.push({ id: passage.id, title: passage.title, quote: citation.cited_text });
      if (!numbers.includes(number)) numbers.push(number);
    }
    text += numbers.map((number) => ` [${number}]`).join('');
  }
  // Uncited text is the model's own: it may be a guess. Only a cited answer reaches the employee.
  if (sources.length === 0) return { answered: false, text: NO_ANSWER, sources: [] };
  return { answered: true, text, sources };
}
