import type Anthropic from '@anthropic-ai/sdk';
import type { Invoice } from './extract';
import { extractValidInvoice } from './validate';

/** An invoice from the past with the record a person checked: a solved example. */
export interface SolvedExample {
  document: string;
  invoice: Invoice;
}

/** A document's tokens: its runs of letters and digits, lowercased, each once. */
export function tokens(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}

/**
 * The Jaccard similarity of two documents: the tokens they share over all the tokens either
 * has. Dividing by the union keeps a long document from looking similar to everything just
 * because it has many words.
 */
export function similarity(a: string, b: string): number {
  const first = tokens(a);
  const second = tokens(b);
  let shared = 0;
  for (const token of first) if (second.has(token)) shared++;
  return shared / (first.size + second.size - shared);
}

/** The k examples most similar to the document, most similar first; sort is stable, so ties keep the bank's order. */
export function pickExamples(document: string, bank: SolvedExample[], k: number): SolvedExample[] {
  return bank
    .map((example) => ({ example, score: similarity(document, example.document) }))
    .sort((a, b) => a.score - b.score)
    .reverse()
    .slice(0, k)
    .map(({ example }) => example);
}

/** The system prompt that shows the examples: each invoice as it came, then its checked record. */
export function examplesPrompt(examples: SolvedExample[]): string {
  const shown = examples.map((example) => `<example>\n${example.document}\n\nThe record: ${JSON.stringify(example.invoice)}\n</example>`);
  return `You record supplier invoices. These invoices from the past were recorded correctly; they show how their vendors write amounts and dates.\n\n${shown.join('\n\n')}`;
}

export interface ExtractWithExamplesOptions {
  client: Anthropic;
  model: string;
  /** The invoice, as text. */
  document: string;
  /** Solved examples to choose from. */
  bank: SolvedExample[];
  /** How many examples to show; default 2. */
  k?: number;
  /** As for extractValidInvoice; default 3. */
  maxAttempts?: number;
}

/** Stage 2's validated extraction, with the k most similar solved examples in every request. */
export async function extractWithExamples(options: ExtractWithExamplesOptions): Promise<Invoice> {
  const examples = pickExamples(options.document, options.bank, options.k ?? 2);
  return extractValidInvoice({
    client: options.client,
    model: options.model,
    document: options.document,
    maxAttempts: options.maxAttempts,
    system: examplesPrompt(examples),
  });
}
