// Stage 2 of Kestrel's policy Q&A: answer from the passages. See STAGE-2.md.
import type Anthropic from '@anthropic-ai/sdk';
import { type Document, type Hit, retrieve } from './search';

export interface AnswerOptions {
  client: Anthropic;
  model: string;
  documents: Document[];
  /** The customer's question, as they asked it. */
  question: string;
  /** How many passages to send; 3 when not given. */
  k?: number;
}

export interface Answer {
  /** The model's answer, as it wrote it. */
  answer: string;
  /** The ids of the passages the answer cites, each once, in the order it first cites them. */
  passageIds: string[];
  /** The passages sent to the model, as retrieve returned them. */
  passages: Hit[];
}

export async function answerQuestion(options: AnswerOptions): Promise<Answer> {
  // TODO: the model knows nothing about Kestrel's policy. Find the passages with retrieve (stage 1),
  // send them with the question, each labelled with its id, and read back which ids it cites.
  const passages: Hit[] = [];
  void retrieve;
  const response = await options.client.messages.create({
    model: options.model,
    max_tokens: 1024,
    messages: [{ role: 'user', content: options.question }],
  });
  const answer = response.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  return { answer, passageIds: [], passages };
}
