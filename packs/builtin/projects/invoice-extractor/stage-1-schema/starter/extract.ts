import type Anthropic from '@anthropic-ai/sdk';

/** One billed item of an invoice. */
export interface InvoiceLine {
  description: string;
  amount: number;
}

/** What accounts payable needs from a supplier's invoice. */
export interface Invoice {
  invoiceNumber: string;
  vendor: string;
  /** YYYY-MM-DD. */
  issueDate: string;
  /** YYYY-MM-DD, or null when the invoice gives no due date. */
  dueDate: string | null;
  currency: 'EUR' | 'USD' | 'GBP';
  /** Without spaces, or null when the invoice gives no IBAN. */
  iban: string | null;
  lines: InvoiceLine[];
  tax: number;
  total: number;
}

/** The one error the extractor throws: "truncated" when an answer was cut off; "invalid" (stage 2) when no answer passed the checks. */
export class InvoiceExtractionError extends Error {
  override name = 'InvoiceExtractionError';
  constructor(
    message: string,
    readonly reason: 'truncated' | 'invalid',
    readonly attempts = 1,
  ) {
    super(message);
  }
}

export interface ExtractInvoiceOptions {
  client: Anthropic;
  model: string;
  /** The invoice, as text. */
  document: string;
  /** max_tokens of the call; default 1024. */
  maxTokens?: number;
}

// TODO: this schema is a start. Describe the whole Invoice: every field, its type, the currency's
// codes, dates as YYYY-MM-DD, the lines' items, what may be null, and what is required.
export const INVOICE_TOOL: Anthropic.Tool = {
  name: 'record_invoice',
  description: 'Record the invoice in the document.',
  input_schema: {
    type: 'object',
    properties: {
      invoiceNumber: { type: 'string' },
      vendor: { type: 'string' },
      total: { type: 'string' },
    },
  },
};

// TODO: offering the tool is not enough: the model may answer in prose. Force the call
// (tool_choice), use the options, and never return a record from an answer cut off at max_tokens.
export async function extractInvoice(options: ExtractInvoiceOptions): Promise<Invoice> {
  const response = await options.client.messages.create({
    model: options.model,
    max_tokens: 1024,
    tools: [INVOICE_TOOL],
    messages: [{ role: 'user', content: `Please extract this invoice:\n\n${options.document}` }],
  });
  const call = response.content.find((block) => block.type === 'tool_use');
  return call?.input as Invoice;
}
