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

/** A date the record wants as YYYY-MM-DD. */
const isoDate = { type: 'string', format: 'date' } as const;

/**
 * The invoice as a tool's input. Every field is required; the two the document may not give
 * (dueDate, iban) may be null, so the model can say "not stated" instead of inventing a value.
 */
export const INVOICE_TOOL: Anthropic.Tool = {
  name: 'record_invoice',
  description: 'Record the invoice in the document, exactly as it states it.',
  input_schema: {
    type: 'object',
    properties: {
      invoiceNumber: { type: 'string' },
      vendor: { type: 'string', description: 'The company that issued the invoice.' },
      issueDate: isoDate,
      dueDate: { type: ['string', 'null'], format: 'date', description: 'null when the invoice gives no due date.' },
      currency: { type: 'string', enum: ['EUR', 'USD', 'GBP'] },
      iban: { type: ['string', 'null'], description: 'Without spaces; null when the invoice gives no IBAN.' },
      lines: {
        type: 'array',
        items: {
          type: 'object',
          properties: { description: { type: 'string' }, amount: { type: 'number' } },
          required: ['description', 'amount'],
        },
      },
      tax: { type: 'number' },
      total: { type: 'number' },
    },
    required: ['invoiceNumber', 'vendor', 'issueDate', 'dueDate', 'currency', 'iban', 'lines', 'tax', 'total'],
  },
};

/** Forces the record_invoice call: the answer is the tool's input, shaped by its schema. */
export const FORCE_INVOICE_TOOL: Anthropic.ToolChoice = { type: 'tool', name: INVOICE_TOOL.name };

export async function extractInvoice(options: ExtractInvoiceOptions): Promise<Invoice> {
  const response = await options.client.messages.create({
    model: options.model,
    max_tokens: 1024,
    tools: [INVOICE_TOOL],
    tool_choice: FORCE_INVOICE_TOOL,
    messages: [{ role: 'user', content: options.document }],
  });
  // Cut off at the token limit, the call is unfinished: there is no record to return.
  if (response.stop_reason === 'max_tokens') throw new InvoiceExtractionError('The answer was cut off before the invoice was complete.', 'truncated');
  const call = response.content.find((block) => block.type === 'tool_use');
  return call?.input as Invoice;
}
