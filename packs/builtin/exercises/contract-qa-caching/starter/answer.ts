// The contract desk's question answering: it works, and every answer is right, but every
// question sends the whole contract at full price. See README.md.
import type Anthropic from '@anthropic-ai/sdk';

/** One document of a contract: the agreement itself, or one of its schedules. */
export interface ContractDocument {
  title: string;
  text: string;
}

/** A lawyer's question, with the contract as the desk holds it when the question is asked. */
export interface Question {
  contract: ContractDocument[];
  question: string;
}

export interface UsageReport {
  /** Input tokens neither read from nor written to the cache (usage.input_tokens). */
  inputTokens: number;
  /** usage.cache_creation_input_tokens. */
  cacheWriteTokens: number;
  /** usage.cache_read_input_tokens. */
  cacheReadTokens: number;
  outputTokens: number;
  /** The share of all input tokens that was read from the cache, from 0 to 1. */
  cachedShare: number;
}

export interface Answers {
  answers: string[];
  usage: UsageReport;
}

export interface AnswerOptions {
  client: Anthropic;
  model: string;
  questions: Question[];
}

function systemPrompt(): string {
  return [
    'You are a contract analyst at Fenwick & Hale LLP.',
    `Today is ${new Date().toISOString()}.`,
    "Answer the lawyer's question from the contract in this conversation: quote the clause that answers it, with its number. If the contract does not answer it, say so.",
  ].join(' ');
}

/** How many of the question's words a document contains. */
function overlap(text: string, question: string): number {
  const words = new Set(question.toLowerCase().match(/[a-z]{4,}/g) ?? []);
  return [...words].filter((word) => text.toLowerCase().includes(word)).length;
}

export async function answerQuestions({ client, model, questions }: AnswerOptions): Promise<Answers> {
  const answers: string[] = [];
  const usage = { inputTokens: 0, outputTokens: 0 };
  for (const { contract, question } of questions) {
    // The documents that share the most words with the question go first, where the model looks first.
    const documents = [...contract].sort((a, b) => overlap(b.text, question) - overlap(a.text, question));
    // TODO: every call pays full price for the whole contract. Cache it: mark the end of the
    // stable prefix with cache_control, keep that prefix identical from call to call, and
    // report what the cache did from each response's usage.
    const response = await client.messages.create({
      model,
      max_tokens: 400,
      system: systemPrompt(),
      messages: [{ role: 'user', content: `${documents.map((doc) => doc.text).join('\n\n')}\n\nQuestion: ${question}` }],
    });
    answers.push(response.content.map((block) => (block.type === 'text' ? block.text : '')).join(''));
    usage.inputTokens += response.usage.input_tokens;
    usage.outputTokens += response.usage.output_tokens;
  }
  return { answers, usage: { ...usage, cacheWriteTokens: 0, cacheReadTokens: 0, cachedShare: 0 } };
}
