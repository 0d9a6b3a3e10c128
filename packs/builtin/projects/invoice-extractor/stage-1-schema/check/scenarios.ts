// The harness of stage 1 of the invoice extractor (invoice-extractor-schema): extractInvoice
// must get the invoice out of a document through a forced tool call whose input_schema is the
// record. The model (model.ts) fills the call as the schema shapes it, so a loose schema gives a
// loose record: amounts as text, dates as written, an invented due date, a field left out.
// This file stays in the pack; learners never see it.
import { asksIsoDate, canonical, type Invoice, invoiceModel, json, type PropertySchema, recordDifferences, type Request, shapeOf } from './model';

interface Outcome {
  result?: unknown;
  error?: string;
  errorFields?: Record<string, unknown>;
  timedOut: boolean;
  requests: { body: unknown; response?: unknown }[];
}

export const NORTHWIND = `INVOICE INV-2024-0117
Northwind Supplies Ltd
12 Harbour Road, Leeds LS1 4AB

Bill to: Kestrel Analytics
Issue date: 2024-03-04
Due date: 2024-04-03

Web hosting (March)                  120.00
Support, 3 hours                     255.00
Subtotal                             375.00
VAT 20%                               75.00
Total due                       EUR  450.00

Pay by transfer to IBAN GB82 WEST 1234 5698 7654 32`;

export const NORTHWIND_RECORD: Invoice = {
  invoiceNumber: 'INV-2024-0117',
  vendor: 'Northwind Supplies Ltd',
  issueDate: '2024-03-04',
  dueDate: '2024-04-03',
  currency: 'EUR',
  iban: 'GB82WEST12345698765432',
  lines: [
    { description: 'Web hosting (March)', amount: 120 },
    { description: 'Support, 3 hours', amount: 255 },
  ],
  tax: 75,
  total: 450,
};

const RAVENSCROFT = `INVOICE 2291
Ravenscroft Print Co.
Unit 4, Mill Lane, Bristol

Date: 14 May 2024
Bill to: Kestrel Analytics

Business cards (500)                 £89.00
Flyers A5 (1,000)                 £1,140.00
VAT                                 £245.80
TOTAL                             £1,474.80

Thank you for your custom. Payment on receipt, by bank transfer.`;

const RAVENSCROFT_RECORD: Invoice = {
  invoiceNumber: '2291',
  vendor: 'Ravenscroft Print Co.',
  issueDate: '2024-05-14',
  dueDate: null,
  currency: 'GBP',
  iban: null,
  lines: [
    { description: 'Business cards (500)', amount: 89 },
    { description: 'Flyers A5 (1,000)', amount: 1140 },
  ],
  tax: 245.8,
  total: 1474.8,
};

const TULIP = `INVOICE TD-88412
Tulip Data B.V.
Keizersgracht 100, Amsterdam

Invoice date: June 3, 2024
Payment due: July 3, 2024
Bill to: Kestrel Analytics

Data licence, Q3                  $2,400.00
Onboarding workshop                 $600.00
Tax (0%)                              $0.00
Total                             $3,000.00

IBAN: NL91 ABNA 0417 1643 00`;

const TULIP_RECORD: Invoice = {
  invoiceNumber: 'TD-88412',
  vendor: 'Tulip Data B.V.',
  issueDate: '2024-06-03',
  dueDate: '2024-07-03',
  currency: 'USD',
  iban: 'NL91ABNA0417164300',
  lines: [
    { description: 'Data licence, Q3', amount: 2400 },
    { description: 'Onboarding workshop', amount: 600 },
  ],
  tax: 0,
  total: 3000,
};

const QUAYSIDE = `INVOICE 7730
Quayside Catering
Dock Street, Dundee

Issued: 2 July 2024
Due: 16 July 2024

Team lunch, 14 people                 €336.00
Coffee and pastries                    €84.50
VAT                                    €96.60
Total                                 €517.10

Questions? accounts@quayside.example`;

const QUAYSIDE_RECORD: Invoice = {
  invoiceNumber: '7730',
  vendor: 'Quayside Catering',
  issueDate: '2024-07-02',
  dueDate: '2024-07-16',
  currency: 'EUR',
  iban: null,
  lines: [
    { description: 'Team lunch, 14 people', amount: 336 },
    { description: 'Coffee and pastries', amount: 84.5 },
  ],
  tax: 96.6,
  total: 517.1,
};

const respond = invoiceModel();
const bodyOf = (outcome: Outcome, index = 0): Request | undefined => outcome.requests[index]?.body as Request | undefined;

/** The tool the request forces, if it forces one. */
function forced(body: Request | undefined): { name: string; input_schema?: PropertySchema } | undefined {
  const choice = body?.tool_choice;
  if (choice?.type === 'tool') return body?.tools?.find((tool) => tool.name === choice.name);
  if (choice?.type === 'any' && body?.tools?.length === 1) return body.tools[0];
  return undefined;
}

/** Why a field came out as it did, when the schema explains it. */
function whyDifferent(result: Record<string, unknown>, expected: Invoice): string[] {
  const why: string[] = [];
  for (const field of ['dueDate', 'iban'] as const) {
    if (expected[field] !== null) continue;
    if (!(field in result)) why.push(`The invoice states no ${field}: a field that is not required is left out. Make "${field}" required and let it be null.`);
    else if (result[field] !== null) why.push(`The invoice states no ${field}, but "${field}" cannot be null, so the model put something there. Let it be null (type ["string", "null"]).`);
  }
  for (const field of ['issueDate', 'dueDate'] as const) {
    const value = result[field];
    if (typeof value === 'string' && expected[field] !== null && !/^\d{4}-\d{2}-\d{2}$/.test(value)) why.push(`"${field}" came back as the invoice writes it; ask for YYYY-MM-DD in the schema ("format": "date").`);
  }
  for (const field of ['tax', 'total'] as const) if (typeof result[field] === 'string') why.push(`"${field}" came back as text: type amounts "number".`);
  return why;
}

/** That it made one call and returned `expected`; else what went wrong, in words. */
function returned(outcome: Outcome, expected: Invoice): string[] {
  if (outcome.timedOut) return ['extractInvoice did not return.'];
  const problems: string[] = [];
  if (outcome.error !== undefined) problems.push(`extractInvoice threw ${outcome.error.replace(/\.?$/, '.')} It should have returned the invoice ${json(expected)}.`);
  else if (canonical(outcome.result) !== canonical(expected)) {
    const body = bodyOf(outcome);
    if (!forced(body) && (outcome.result === undefined || outcome.result === null)) {
      problems.push(`It returned ${json(outcome.result) ?? 'undefined'}: the request did not force a tool call (tool_choice), so the model answered in prose and there was no record.`);
    } else {
      problems.push(`It returned a record that differs from the invoice:`, ...recordDifferences(outcome.result, expected).map((line) => `  ${line}`));
      if (outcome.result && typeof outcome.result === 'object') problems.push(...whyDifferent(outcome.result as Record<string, unknown>, expected));
    }
  }
  if (outcome.requests.length !== 1) problems.push(`It made ${outcome.requests.length} model calls; one is enough.`);
  return problems;
}

/** The problems with the forced tool's schema, in words; empty when it describes the record as the instructions ask. */
function schemaProblems(body: Request | undefined): string[] {
  if (!body) return ['extractInvoice made no model call.'];
  const tool = forced(body);
  if (!tool) return ['The request forces no tool call: offer one tool for the invoice and name it in tool_choice.'];
  const schema = tool.input_schema ?? {};
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const problems: string[] = [];
  const property = (name: string): PropertySchema | undefined => {
    const found = properties[name];
    if (!found) problems.push(`The schema has no "${name}" property.`);
    else if (!required.has(name)) problems.push(`"${name}" is not required: the model may leave it out.`);
    return found;
  };
  const typedAs = (name: string, type: string): PropertySchema | undefined => {
    const found = property(name);
    if (!found) return undefined;
    const shape = shapeOf(found);
    if (shape.type !== type) problems.push(`"${name}" is typed ${shape.type === undefined ? 'not at all' : `"${shape.type}"`}; it should be "${type}".`);
    return found;
  };
  const nullable = (name: string, should: boolean): void => {
    const found = properties[name];
    if (!found) return;
    const may = shapeOf(found).nullable;
    if (should && !may) problems.push(`"${name}" cannot be null; the invoice may not give one, and then the record says null (type ["string", "null"]).`);
    if (!should && may) problems.push(`"${name}" may be null; every invoice has one, so it should not be.`);
  };
  typedAs('invoiceNumber', 'string');
  typedAs('vendor', 'string');
  for (const name of ['issueDate', 'dueDate']) {
    const found = typedAs(name, 'string');
    if (found && !asksIsoDate(shapeOf(found).schema)) problems.push(`"${name}" does not ask for YYYY-MM-DD: give it "format": "date".`);
  }
  const currency = typedAs('currency', 'string');
  if (currency) {
    const codes = shapeOf(currency).schema.enum;
    if (json([...(codes ?? [])].sort()) !== json(['EUR', 'GBP', 'USD'])) problems.push(`"currency" should be an enum of exactly "EUR", "USD" and "GBP", not ${codes ? json(codes) : 'free text'}.`);
  }
  typedAs('iban', 'string');
  const lines = typedAs('lines', 'array');
  if (lines) {
    const items = shapeOf(shapeOf(lines).schema.items);
    const fields = items.schema.properties;
    if (items.type !== 'object' || !fields) problems.push('"lines" should be an array of objects, each with a "description" and an "amount".');
    else {
      if (shapeOf(fields.description).type !== 'string') problems.push('Each line\'s "description" should be a "string".');
      if (shapeOf(fields.amount).type !== 'number') problems.push('Each line\'s "amount" should be a "number".');
    }
  }
  typedAs('tax', 'number');
  typedAs('total', 'number');
  nullable('dueDate', true);
  nullable('iban', true);
  for (const name of ['invoiceNumber', 'vendor', 'issueDate', 'currency', 'lines', 'tax', 'total']) nullable(name, false);
  return problems;
}

export const scenarios = [
  {
    name: 'records an invoice through a forced tool call',
    options: { document: NORTHWIND },
    respond,
    check: (outcome: Outcome) => returned(outcome, NORTHWIND_RECORD),
  },
  {
    name: 'gives null for what the invoice does not state, and dates as YYYY-MM-DD',
    options: { document: RAVENSCROFT },
    respond,
    check: (outcome: Outcome) => returned(outcome, RAVENSCROFT_RECORD),
  },
  {
    name: 'the tool schema types every field and requires them all',
    options: { document: NORTHWIND },
    respond,
    check: (outcome: Outcome) => schemaProblems(bodyOf(outcome)),
  },
  {
    name: 'throws a truncated InvoiceExtractionError when the answer is cut off',
    options: { document: NORTHWIND, maxTokens: 16 },
    respond,
    check(outcome: Outcome): string[] {
      const sent = bodyOf(outcome)?.max_tokens;
      if (sent !== 16) return [`It sent max_tokens ${sent}; with maxTokens: 16 it should send 16.`];
      const stop = (outcome.requests[0]?.response as { stop_reason?: string } | undefined)?.stop_reason;
      if (outcome.error === undefined && stop !== 'max_tokens') return [`The answer was not cut off (stop_reason ${stop}): with 16 tokens, only a tool call with next to nothing in it fits. Is the whole record in the schema?`];
      if (outcome.error === undefined) return [`It returned ${json(outcome.result) ?? 'undefined'}; the answer stopped at max_tokens before the tool call was written, so it should throw an InvoiceExtractionError.`];
      if (!outcome.error.startsWith('InvoiceExtractionError')) return [`It threw ${outcome.error.split(':')[0]}; a cut-off answer is an InvoiceExtractionError with reason "truncated".`];
      if (outcome.errorFields?.reason !== 'truncated') return [`The InvoiceExtractionError's reason is ${json(outcome.errorFields?.reason) ?? 'missing'}; it should be "truncated".`];
      if (outcome.errorFields?.attempts !== 1) return [`The InvoiceExtractionError's attempts is ${json(outcome.errorFields?.attempts) ?? 'missing'}; it made one model call, so it should be 1.`];
      return outcome.requests.length === 1 ? [] : [`It made ${outcome.requests.length} model calls; one is enough.`];
    },
  },
  {
    name: 'calls the model it is given, with the max_tokens it is given',
    options: { document: RAVENSCROFT, model: 'claude-sonnet-4-6', maxTokens: 900 },
    respond,
    check(outcome: Outcome): string[] {
      const body = bodyOf(outcome);
      const problems = returned(outcome, RAVENSCROFT_RECORD);
      if (body && body.model !== 'claude-sonnet-4-6') problems.push(`It called ${body.model}; options.model is "claude-sonnet-4-6".`);
      if (body && body.max_tokens !== 900) problems.push(`It sent max_tokens ${body.max_tokens}; options.maxTokens is 900.`);
      return problems;
    },
  },
  {
    name: 'sends max_tokens 1024 when no maxTokens is given',
    options: { document: NORTHWIND },
    respond,
    check(outcome: Outcome): string[] {
      const sent = bodyOf(outcome)?.max_tokens;
      return sent === 1024 ? [] : [`It sent max_tokens ${sent}; without maxTokens it should send 1024.`];
    },
  },
  {
    name: 'an invoice in dollars with dates in words',
    hidden: true,
    options: { document: TULIP },
    respond,
    check: (outcome: Outcome) => returned(outcome, TULIP_RECORD),
  },
  {
    name: 'an invoice with a due date and no IBAN',
    hidden: true,
    options: { document: QUAYSIDE },
    respond,
    check: (outcome: Outcome) => returned(outcome, QUAYSIDE_RECORD),
  },
];
