import type Anthropic from '@anthropic-ai/sdk';
import { INVOICE_TOOL, type Invoice, InvoiceExtractionError } from './extract';

/** The business rules an invoice must keep, which a JSON Schema cannot express. */
export type RuleId = 'totals-add-up' | 'due-after-issue' | 'iban-checksum';

/** A rule the record breaks, and what is wrong, in words the model can act on. */
export interface Problem {
  rule: RuleId;
  message: string;
}

/** Every rule the record breaks; an empty list when it keeps them all. */
export function findProblems(invoice: Invoice): Problem[] {
  // TODO: check the three rules (STAGE-2.md says exactly how) and describe each problem found.
  void invoice;
  return [];
}

export interface ExtractValidInvoiceOptions {
  client: Anthropic;
  model: string;
  /** The invoice, as text. */
  document: string;
  /** Model calls allowed in all, the first included; default 3. */
  maxAttempts?: number;
  /** The system prompt of every call, when given (stage 3 shows the model examples in it). */
  system?: string;
}

export async function extractValidInvoice(options: ExtractValidInvoiceOptions): Promise<Invoice> {
  // TODO: a record that fits the schema can still be wrong. Check it with findProblems; when it
  // breaks a rule, answer the model's tool call with what is wrong and ask again, at most
  // maxAttempts calls in all; when no answer passes, throw an InvoiceExtractionError.
  const response = await options.client.messages.create({
    model: options.model,
    max_tokens: 1024,
    system: options.system,
    tools: [INVOICE_TOOL],
    tool_choice: { type: 'tool', name: INVOICE_TOOL.name },
    messages: [{ role: 'user', content: options.document }],
  });
  const call = response.content.find((block) => block.type === 'tool_use') as Anthropic.ToolUseBlock;
  if (findProblems(call.input as Invoice).length > 0) throw new InvoiceExtractionError('The record breaks a rule.', 'invalid');
  return call.input as Invoice;
}
