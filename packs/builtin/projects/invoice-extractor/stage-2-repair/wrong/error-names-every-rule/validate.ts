import type Anthropic from '@anthropic-ai/sdk';
import { INVOICE_TOOL, type Invoice, InvoiceExtractionError } from './extract';

/** The business rules an invoice must keep, which a JSON Schema cannot express. */
export type RuleId = 'totals-add-up' | 'due-after-issue' | 'iban-checksum';

/** A rule the record breaks, and what is wrong, in words the model can act on. */
export interface Problem {
  rule: RuleId;
  message: string;
}

const money = (amount: number): string => amount.toFixed(2);

/** Whether an IBAN passes its mod-97 check: first four characters moved to the end, letters as 10–35, remainder 1. */
export function ibanChecks(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged.toUpperCase()) {
    const digits = /[A-Z]/.test(char) ? String(char.charCodeAt(0) - 55) : char;
    // Digit by digit, so the number never grows past what a double holds exactly.
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

/** Every rule the record breaks; an empty list when it keeps them all. */
export function findProblems(invoice: Invoice): Problem[] {
  const problems: Problem[] = [];
  const lines = invoice.lines.reduce((sum, line) => sum + line.amount, 0);
  // To the cent: amounts in floating point rarely add up exactly (40.10 + 71.39 + 22.30 is not 133.79).
  if (Math.abs(lines + invoice.tax - invoice.total) >= 0.005) {
    problems.push({
      rule: 'totals-add-up',
      message: `the line amounts (${money(lines)}) and the tax (${money(invoice.tax)}) add up to ${money(lines + invoice.tax)}, but the total is ${money(invoice.total)}`,
    });
  }
  // YYYY-MM-DD strings sort as the dates do.
  if (invoice.dueDate !== null && invoice.dueDate < invoice.issueDate) {
    problems.push({ rule: 'due-after-issue', message: `the due date ${invoice.dueDate} is before the issue date ${invoice.issueDate}` });
  }
  if (invoice.iban !== null && !ibanChecks(invoice.iban)) {
    problems.push({ rule: 'iban-checksum', message: `the IBAN ${invoice.iban} fails its mod-97 checksum, so a character is misread` });
  }
  return problems;
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

/**
 * The record, once it keeps every rule. A broken answer goes back to the model as the answer
 * to its tool call (is_error), with every problem named, and the model tries again, at most
 * maxAttempts calls in all.
 */
export async function extractValidInvoice(options: ExtractValidInvoiceOptions): Promise<Invoice> {
  const maxAttempts = options.maxAttempts ?? 3;
  const messages: Anthropic.MessageParam[] = [{ role: 'user', content: options.document }];
  let problems: Problem[] = [];
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const response = await options.client.messages.create({
      model: options.model,
      max_tokens: 1024,
      system: options.system,
      tools: [INVOICE_TOOL],
      tool_choice: { type: 'tool', name: INVOICE_TOOL.name },
      messages,
    });
    const call = response.content.find((block) => block.type === 'tool_use') as Anthropic.ToolUseBlock;
    const invoice = call.input as Invoice;
    problems = findProblems(invoice);
    if (problems.length === 0) return invoice;
    messages.push(
      { role: 'assistant', content: response.content },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: call.id,
            is_error: true,
            content: `The record breaks these rules:\n${problems.map((problem) => `- ${problem.rule}: ${problem.message}`).join('\n')}\nRead the invoice again and call the tool with the corrected record.`,
          },
        ],
      },
    );
  }
  throw new InvoiceExtractionError(`No valid record after ${maxAttempts} attempts; it must keep totals-add-up, due-after-issue and iban-checksum.`, 'invalid', maxAttempts);
}
