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

export async function answerQuestion({ client, model, question, passages }: AnswerOptions): Promise<Answer> {
  // TODO: pasted into the prompt, the passages cannot be cited, and "[1]" in the model's prose
  // proves nothing. Send each passage as a document block with citations enabled, build the
  // text and the source list from the citations the response carries, and return NO_ANSWER
  // when it carries none.
  const context = passages.map((passage, i) => `[${i + 1}] ${passage.title}\n${passage.text}`).join('\n\n');
  const response = await client.messages.create({
    model,
    max_tokens: 1024,
    system: "Answer the employee's question from the passages, and cite them as [1], [2]…",
    messages: [{ role: 'user', content: `${context}\n\nQuestion: ${question}` }],
  });
  const text = response.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  return { answered: true, text, sources: [] };
}
