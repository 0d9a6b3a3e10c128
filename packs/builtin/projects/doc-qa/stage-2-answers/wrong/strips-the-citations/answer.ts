// The reference for stage 2: search, then one call that carries the passages, each after its id,
// and the question; the answer comes back with the ids it cites.
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

// A real model needs to be told all this; the simulated one behaves this way regardless.
const SYSTEM = `You answer questions from Kestrel Insurance's customers about their home policy.
Answer only from the passages in the message. Each passage starts with its id in square brackets.
End every sentence of your answer with the id of the passage it comes from, in square brackets.
If the passages do not answer the question, say that you could not find the answer.`;

export async function answerQuestion(options: AnswerOptions): Promise<Answer> {
  const passages = retrieve({ documents: options.documents, question: options.question, k: options.k });
  // The id goes before the text: the model cites the id written just before what it quotes.
  const context = passages.map((passage) => `[${passage.id}] ${passage.text}`).join('\n\n');
  const response = await options.client.messages.create({
    model: options.model,
    max_tokens: 1024,
    system: SYSTEM,
    messages: [{ role: 'user', content: `Passages:\n\n${context}\n\nQuestion: ${options.question}` }],
  });
  const answer = response.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  const passageIds: string[] = [];
  for (const match of answer.matchAll(/\[([a-z0-9-]+#\d+)\]/g)) {
    const id = match[1] ?? '';
    if (!passageIds.includes(id)) passageIds.push(id);
  }
  // Customers should not see the markers.
  return { answer: answer.replace(/\s*\[[^\]]*\]/g, ''), passageIds, passages };
}
