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

// The same words on every call: any change here would be a new prefix, and a cache miss.
const INSTRUCTIONS =
  "You are a contract analyst at Fenwick & Hale LLP. Answer the lawyer's question from the contract in this conversation: quote the clause that answers it, with its number. If the contract does not answer it, say so.";

export async function answerQuestions({ client, model, questions }: AnswerOptions): Promise<Answers> {
  const answers: string[] = [];
  const usage = { inputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0, outputTokens: 0 };
  // One question at a time: a cache entry can be read only once the answer that writes it has started.
  for (const { contract, question } of questions) {
    // Every document is cached on its own.
    const documents = contract.map(
      (doc, index): Anthropic.DocumentBlockParam => ({
        type: 'document',
        title: doc.title,
        source: { type: 'text', media_type: 'text/plain', data: doc.text },
        cache_control: { type: 'ephemeral' },
      }),
    );
    const response = await client.messages.create({
      model,
      max_tokens: 400,
      system: INSTRUCTIONS,
      messages: [{ role: 'user', content: [...documents, { type: 'text', text: question }] }],
    });
    answers.push(response.content.map((block) => (block.type === 'text' ? block.text : '')).join(''));
    usage.inputTokens += response.usage.input_tokens;
    usage.cacheWriteTokens += response.usage.cache_creation_input_tokens ?? 0;
    usage.cacheReadTokens += response.usage.cache_read_input_tokens ?? 0;
    usage.outputTokens += response.usage.output_tokens;
  }
  // input_tokens leaves out what was read from or written to the cache: the whole input is all three.
  const allInput = usage.inputTokens + usage.cacheWriteTokens + usage.cacheReadTokens;
  return { answers, usage: { ...usage, cachedShare: allInput === 0 ? 0 : usage.cacheReadTokens / allInput } };
}
