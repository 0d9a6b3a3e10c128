import type Anthropic from '@anthropic-ai/sdk';
import type { Invoice } from './extract';
import { extractValidInvoice } from './validate';

/** An invoice from the past with the record a person checked: a solved example. */
export interface SolvedExample {
  document: string;
  invoice: Invoice;
}

/** How alike two documents are, from 0 to 1. */
export function similarity(a: string, b: string): number {
  // TODO: the Jaccard similarity of the two documents' tokens (STAGE-3.md says exactly how).
  void a;
  void b;
  return 0;
}

/** The k examples most like the document. */
export function pickExamples(document: string, bank: SolvedExample[], k: number): SolvedExample[] {
  // TODO: rank the bank by similarity to the document; for now, the first k.
  void document;
  return bank.slice(0, k);
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

export async function extractWithExamples(options: ExtractWithExamplesOptions): Promise<Invoice> {
  const examples = pickExamples(options.document, options.bank, options.k ?? 2);
  void examples;
  // TODO: the examples never reach the model. Show each (its document and its record) in the
  // request, before the invoice: extractValidInvoice sends options.system with every call.
  return extractValidInvoice({ client: options.client, model: options.model, document: options.document, maxAttempts: options.maxAttempts });
}
