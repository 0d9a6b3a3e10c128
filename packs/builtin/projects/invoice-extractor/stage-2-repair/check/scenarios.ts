// The harness of stage 2 of the invoice extractor (invoice-extractor-repair): extractValidInvoice
// checks the record against three business rules, sends a broken answer back with what is wrong,
// and tries again a bounded number of times. The model (stage 1's model.ts) makes slips (a misread
// tax, due date or IBAN, a skipped line) that it corrects only when the feedback after its answer
// names the problem; some invoices are themselves wrong, and no feedback helps.
// This file stays in the pack; learners never see it.
import { canonical, type Facts, feedbackText, type Invoice, invoiceModel, json, NAMES, recordDifferences, type Request, type RuleName, type Slip } from '../../stage-1-schema/check/model';
import { NORTHWIND, NORTHWIND_RECORD } from '../../stage-1-schema/check/scenarios';

export interface Outcome {
  result?: unknown;
  error?: string;
  errorFields?: Record<string, unknown>;
  timedOut: boolean;
  requests: { body: unknown; response?: unknown }[];
}

const RULES: RuleName[] = ['totals-add-up', 'due-after-issue', 'iban-checksum'];

// ── The invoices ──────────────────────────────────────────────────────────────────────────────

/** Valid, though its amounts do not add up exactly in floating point, and due the day it is issued. */
const LARKSPUR = `INVOICE LS-2024-031
Larkspur Studio Ltd
8 Canal Wharf, Manchester

Issue date: 2024-05-20
Due date: 2024-05-20

Logo refresh                           40.10
Brand guidelines (PDF)                 71.39
VAT 20%                                22.30
Total                          GBP    133.79

IBAN GB29 NWBK 6016 1331 9268 19`;
const LARKSPUR_RECORD: Invoice = {
  invoiceNumber: 'LS-2024-031',
  vendor: 'Larkspur Studio Ltd',
  issueDate: '2024-05-20',
  dueDate: '2024-05-20',
  currency: 'GBP',
  iban: 'GB29NWBK60161331926819',
  lines: [
    { description: 'Logo refresh', amount: 40.1 },
    { description: 'Brand guidelines (PDF)', amount: 71.39 },
  ],
  tax: 22.3,
  total: 133.79,
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

const TULIP = `INVOICE TD-88502
Tulip Data B.V.
Keizersgracht 100, Amsterdam

Invoice date: July 1, 2024
Payment due: July 31, 2024

Data licence, Q4                  $2,400.00
Tax (0%)                              $0.00
Total                             $2,400.00

IBAN: NL91 ABNA 0417 1643 00`;
const TULIP_RECORD: Invoice = {
  invoiceNumber: 'TD-88502',
  vendor: 'Tulip Data B.V.',
  issueDate: '2024-07-01',
  dueDate: '2024-07-31',
  currency: 'USD',
  iban: 'NL91ABNA0417164300',
  lines: [{ description: 'Data licence, Q4', amount: 2400 }],
  tax: 0,
  total: 2400,
};

/** The vendor printed its IBAN with two digits swapped: no reading of it passes the checksum. */
const FENWICK = `INVOICE F-1187
Fenwick & Daughters
3 Tanners Row, York

Issue date: 2024-04-02
Due date: 2024-05-02

Oak shelving, fitted                  640.00
VAT 20%                               128.00
Total                          GBP    768.00

IBAN GB60 BARC 2000 0055 7799 19`;

/** The vendor typed a due date a month before the issue date. */
const OAKRIDGE = `INVOICE OJ-5521
Oakridge Joinery
Unit 9, Station Yard, Hexham

Issue date: 2024-06-10
Due date: 2024-05-10

Kitchen doors (6)                     540.00
VAT 20%                               108.00
Total                          GBP    648.00`;

/** Three lines; the model skips the middle one until told the totals do not add up. */
const HEATHER = `INVOICE HB-0042
Heather & Bloom Florists
22 Rose Street, Edinburgh

Issue date: 2024-02-12
Due date: 2024-03-13

Reception arrangements               180.00
Table centrepieces (12)              264.00
Delivery                              25.00
VAT 20%                               93.80
Total                          GBP    562.80

IBAN GB82 WEST 1234 5698 7654 32`;
const HEATHER_RECORD: Invoice = {
  invoiceNumber: 'HB-0042',
  vendor: 'Heather & Bloom Florists',
  issueDate: '2024-02-12',
  dueDate: '2024-03-13',
  currency: 'GBP',
  iban: 'GB82WEST12345698765432',
  lines: [
    { description: 'Reception arrangements', amount: 180 },
    { description: 'Table centrepieces (12)', amount: 264 },
    { description: 'Delivery', amount: 25 },
  ],
  tax: 93.8,
  total: 562.8,
};

/** Valid: small amounts whose sum, started from the tax, is not exactly the total in floating point. */
const PENNYWORTH = `INVOICE PW-778
Pennyworth Stationers
1 Market Place, Ludlow

Issue date: 2024-08-05

Envelopes (C5, 10)                      1.10
Paper clips                             2.20
Postage                                 0.70
VAT 20%                                 0.80
Total                          GBP      4.80`;
const PENNYWORTH_RECORD: Invoice = {
  invoiceNumber: 'PW-778',
  vendor: 'Pennyworth Stationers',
  issueDate: '2024-08-05',
  dueDate: null,
  currency: 'GBP',
  iban: null,
  lines: [
    { description: 'Envelopes (C5, 10)', amount: 1.1 },
    { description: 'Paper clips', amount: 2.2 },
    { description: 'Postage', amount: 0.7 },
  ],
  tax: 0.8,
  total: 4.8,
};

/** The vendor's own arithmetic is wrong: 300 + 150 + 90 is 540, not 560. */
const GRANITE = `INVOICE GT-3090
Granite & Tile Supplies
Quarry Lane, Keswick

Issue date: 2024-09-02
Due date: 2024-10-02

Slate tiles (30 m2)                   300.00
Adhesive and grout                    150.00
VAT 20%                                90.00
Total                          GBP    560.00`;

// ── Slips ─────────────────────────────────────────────────────────────────────────────────────

const money = (value: number): { value: number; written: string } => ({ value, written: value.toFixed(2) });
const slip = (rule: RuleName, apply: (facts: Facts) => void): Slip => ({ rule, apply });
const TAX_MISREAD = slip('totals-add-up', (facts) => void (facts.tax = money(245.08)));
const DUE_MISREAD = slip('due-after-issue', (facts) => void (facts.due = { iso: '2024-03-03', written: '2024-03-03' }));
const IBAN_MISREAD = slip('iban-checksum', (facts) => void (facts.iban = 'NL91ABNA0417164800'));
const LINE_MISREAD = slip('totals-add-up', (facts) => {
  const line = facts.lines[1];
  if (line) line.amount = money(225);
});
const IBAN_DIGITS_SWAPPED = slip('iban-checksum', (facts) => void (facts.iban = 'GB82WEST12345698765423'));
const LINE_SKIPPED = slip('totals-add-up', (facts) => void facts.lines.splice(1, 1));

// ── What the checks judge ─────────────────────────────────────────────────────────────────────

const SYSTEM = 'You record supplier invoices for Kestrel Analytics. Amounts are in the invoice currency.';
const bodyOf = (outcome: Outcome, index: number): Request | undefined => outcome.requests[index]?.body as Request | undefined;
const calls = (n: number): string => `${n} model ${n === 1 ? 'call' : 'calls'}`;

/** The rules the feedback after the first answer of `body`'s conversation names, as the model reads it. */
function namedIn(body: Request | undefined): RuleName[] {
  const text = body ? feedbackText(body) : '';
  return RULES.filter((rule) => NAMES[rule].test(text));
}

/** The problems with how request `index` (a retry) answers the broken answer before it: a tool_result marked is_error, the tool forced again. */
function retryShape(outcome: Outcome, index: number): string[] {
  const body = bodyOf(outcome, index);
  if (!body) return [];
  const problems: string[] = [];
  if (!body.messages.some((message) => message.role === 'assistant')) return [`Request ${index + 1} holds no answer of the model: a retry continues the conversation, with the model's answer and a tool_result for its call.`];
  const last = body.messages.at(-1);
  const blocks = typeof last?.content === 'string' ? [] : (last?.content ?? []);
  const result = blocks.find((block) => block.type === 'tool_result');
  if (!result) problems.push(`Request ${index + 1} does not answer the model's tool call with a tool_result: the broken record's problems go back as the call's result.`);
  else if (result.is_error !== true) problems.push(`Request ${index + 1} answers the broken record with a tool_result that is not marked is_error: true; the record was rejected, so say so.`);
  const choice = body.tool_choice;
  if (choice?.type !== 'tool' && choice?.type !== 'any') problems.push(`Request ${index + 1} does not force the tool call, so the model may answer in prose.`);
  return problems;
}

/** That it returned `expected` after exactly `expectedCalls` calls, each retry shaped right; else what went wrong. */
export function validAfter(outcome: Outcome, expected: Invoice, expectedCalls: number, broken: RuleName[] = [], fn = 'extractValidInvoice'): string[] {
  if (outcome.timedOut) return [`${fn} did not return (after ${calls(outcome.requests.length)}).`];
  const problems: string[] = [];
  const made = outcome.requests.length;
  if (outcome.error !== undefined) {
    problems.push(`${fn} threw ${outcome.error.replace(/\.?$/, '.')} It should have returned the invoice after ${calls(expectedCalls)}.`);
  } else if (canonical(outcome.result) !== canonical(expected)) {
    problems.push('It returned a record that differs from the invoice:', ...recordDifferences(outcome.result, expected).map((line) => `  ${line}`));
    if (broken.length > 0 && made === 1) problems.push(`The model's answer broke ${broken.join(' and ')}, which findProblems should have caught.`);
  }
  if (made > expectedCalls) {
    if (expectedCalls === 1) problems.push(`It made ${calls(made)}; the first answer keeps every rule, so one is enough. Check that findProblems does not flag a valid record.`);
    else if (!bodyOf(outcome, 1)?.messages.some((message) => message.role === 'assistant')) {
      problems.push(`It made ${calls(made)}; ${calls(expectedCalls)} are enough here. Request 2 starts the conversation over, so the model never sees that its answer was rejected: add its answer as an assistant turn, then a tool_result that says what is wrong.`);
    } else {
      const named = namedIn(bodyOf(outcome, 1));
      const missing = broken.filter((rule) => !named.includes(rule));
      problems.push(
        `It made ${calls(made)}; ${calls(expectedCalls)} are enough here. The first answer broke ${broken.join(' and ')}; ` +
          (missing.length === 0 ? 'the feedback named it, so check the retry.' : `the feedback after it did not name ${missing.join(' or ')}, so the model could not tell what to correct.`),
      );
    }
  } else if (made < expectedCalls && outcome.error === undefined) problems.push(`It made ${calls(made)}; the first answer broke ${broken.join(' and ')}, so it needed one more call with feedback.`);
  for (let index = 1; index < made; index++) problems.push(...retryShape(outcome, index));
  return problems;
}

/** That it gave up after exactly `expectedCalls` calls with the typed error naming exactly `stillBroken`. */
export function gaveUp(outcome: Outcome, expectedCalls: number, stillBroken: RuleName[], fn = 'extractValidInvoice', why = 'the invoice itself is wrong'): string[] {
  if (outcome.timedOut) return [`${fn} did not return (after ${calls(outcome.requests.length)}). Bound the attempts with maxAttempts.`];
  const made = outcome.requests.length;
  const problems: string[] = [];
  if (outcome.error === undefined) problems.push(`It returned ${json(outcome.result) ?? 'undefined'}; no answer keeps ${stillBroken.join(' and ')} (${why}), so it should throw an InvoiceExtractionError.`);
  else if (!outcome.error.startsWith('InvoiceExtractionError')) problems.push(`It threw ${outcome.error.split(':')[0]}; callers catch one typed error, InvoiceExtractionError, with reason "invalid".`);
  else {
    const fields = outcome.errorFields ?? {};
    if (fields.reason !== 'invalid') problems.push(`The InvoiceExtractionError's reason is ${json(fields.reason) ?? 'missing'}; no answer passed the rules, so it should be "invalid".`);
    if (fields.attempts !== made) problems.push(`The InvoiceExtractionError's attempts is ${json(fields.attempts) ?? 'missing'}; it made ${calls(made)}, and attempts counts them.`);
    const message = outcome.error.slice(outcome.error.indexOf(':') + 1);
    const unnamed = stillBroken.filter((rule) => !message.includes(rule));
    const wrongly = RULES.filter((rule) => !stillBroken.includes(rule) && message.includes(rule));
    if (unnamed.length > 0) problems.push(`The error's message does not name ${unnamed.join(' and ')}, the rule the last answer still broke; name each such rule by its id.`);
    if (wrongly.length > 0) problems.push(`The error's message names ${wrongly.join(' and ')}, which the last answer kept; name only the rules still broken.`);
  }
  if (made > expectedCalls) problems.push(`It made ${calls(made)}; maxAttempts allows ${expectedCalls}, the first included.`);
  if (made < expectedCalls) problems.push(`It made ${calls(made)}; with maxAttempts ${expectedCalls} it should try ${calls(expectedCalls)} before it gives up.`);
  for (let index = 1; index < made; index++) problems.push(...retryShape(outcome, index));
  return problems;
}

export const scenarios = [
  {
    name: 'returns a valid record after one call (amounts that add up only to the cent, due the day it is issued)',
    options: { document: LARKSPUR },
    respond: invoiceModel(),
    check: (outcome: Outcome) => validAfter(outcome, LARKSPUR_RECORD, 1),
  },
  {
    name: 'a misread tax breaks totals-add-up: the feedback names it and the second answer is right',
    options: { document: RAVENSCROFT },
    respond: invoiceModel([TAX_MISREAD]),
    check: (outcome: Outcome) => validAfter(outcome, RAVENSCROFT_RECORD, 2, ['totals-add-up']),
  },
  {
    name: 'a due date misread before the issue date breaks due-after-issue',
    options: { document: NORTHWIND },
    respond: invoiceModel([DUE_MISREAD]),
    check: (outcome: Outcome) => validAfter(outcome, NORTHWIND_RECORD, 2, ['due-after-issue']),
  },
  {
    name: 'a misread IBAN digit breaks iban-checksum',
    options: { document: TULIP },
    respond: invoiceModel([IBAN_MISREAD]),
    check: (outcome: Outcome) => validAfter(outcome, TULIP_RECORD, 2, ['iban-checksum']),
  },
  {
    name: 'two rules broken at once: the feedback names both',
    options: { document: NORTHWIND },
    respond: invoiceModel([LINE_MISREAD, IBAN_DIGITS_SWAPPED]),
    check: (outcome: Outcome) => validAfter(outcome, NORTHWIND_RECORD, 2, ['totals-add-up', 'iban-checksum']),
  },
  {
    name: 'sends options.system as the system prompt of every call, retries included',
    options: { document: RAVENSCROFT, system: SYSTEM },
    respond: invoiceModel([TAX_MISREAD]),
    check(outcome: Outcome): string[] {
      const problems = validAfter(outcome, RAVENSCROFT_RECORD, 2, ['totals-add-up']);
      outcome.requests.forEach((request, index) => {
        const body = request.body as Request;
        const system = typeof body.system === 'string' ? body.system : (body.system ?? []).map((block) => String(block.text ?? '')).join('\n');
        if (!system.includes(SYSTEM)) problems.push(`Request ${index + 1} ${system === '' ? 'has no system prompt' : `has the system prompt ${json(system.slice(0, 80))}`}; options.system is ${json(SYSTEM)}, and every call, retries included, sends it.`);
      });
      return problems;
    },
  },
  {
    name: 'an invoice printed with a bad IBAN: gives up after maxAttempts (2) with an error naming iban-checksum',
    options: { document: FENWICK, maxAttempts: 2 },
    respond: invoiceModel(),
    check: (outcome: Outcome) => gaveUp(outcome, 2, ['iban-checksum']),
  },
  {
    name: 'a bad IBAN printed, and a tax misread on the first try: the error names only the rule the last answer broke',
    options: { document: FENWICK },
    respond: invoiceModel([TAX_MISREAD]),
    check: (outcome: Outcome) => gaveUp(outcome, 3, ['iban-checksum'], 'extractValidInvoice', 'the printed IBAN fails its checksum; the tax was corrected after the first answer'),
  },
  {
    name: 'an invoice printed due before it was issued: gives up after 3 attempts by default',
    options: { document: OAKRIDGE },
    respond: invoiceModel(),
    check: (outcome: Outcome) => gaveUp(outcome, 3, ['due-after-issue']),
  },
  {
    name: 'a skipped line breaks totals-add-up',
    hidden: true,
    options: { document: HEATHER },
    respond: invoiceModel([LINE_SKIPPED]),
    check: (outcome: Outcome) => validAfter(outcome, HEATHER_RECORD, 2, ['totals-add-up']),
  },
  {
    name: 'a valid record with no due date and no IBAN, whose amounts add up only to the cent',
    hidden: true,
    options: { document: PENNYWORTH },
    respond: invoiceModel(),
    check: (outcome: Outcome) => validAfter(outcome, PENNYWORTH_RECORD, 1),
  },
  {
    name: 'an invoice whose own total is wrong, with maxAttempts 4',
    hidden: true,
    options: { document: GRANITE, maxAttempts: 4 },
    respond: invoiceModel(),
    check: (outcome: Outcome) => gaveUp(outcome, 4, ['totals-add-up']),
  },
];

