// The harness of stage 3 of the invoice extractor (invoice-extractor-examples): extractWithExamples
// picks the k solved examples most similar to the invoice (Jaccard over tokens), shows them in the
// request, and keeps stage 2's validation and repair. The model (stage 1's model.ts) reads a
// vendor's decimal commas and month-first dates right only when a solved example of that vendor
// (its document and its record) comes before the invoice in the request.
// This file stays in the pack; learners never see it.
import { canonical, type Facts, type Invoice, invoiceModel, json, pieces, recordDifferences, type Request, type Slip, splitRequest } from '../../stage-1-schema/check/model';
import { NORTHWIND, NORTHWIND_RECORD } from '../../stage-1-schema/check/scenarios';
import { gaveUp, type Outcome, validAfter } from '../../stage-2-repair/check/scenarios';
import {
  ATELIER_131,
  BANK,
  BLUE_MESA_7954,
  BRAUHAUS_0412,
  BRAUHAUS_0457,
  FALK_1377,
  HARBOUR_20931,
  LONE_PINE_55190,
  LONE_PINE_55231,
  NORTHWIND_0098,
  RAVENSCROFT_2187,
  RAVENSCROFT_2188,
  RAVENSCROFT_2291,
  type SolvedExample,
  TULIP_88301,
  ZILVER_2024_77,
} from './bank';

const FN = 'extractWithExamples';

/** The instructions' similarity: Jaccard over lowercased runs of letters and digits. */
function similarity(a: string, b: string): number {
  const tokens = (text: string): Set<string> => new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  const first = tokens(a);
  const second = tokens(b);
  let shared = 0;
  for (const token of first) if (second.has(token)) shared++;
  return shared / (first.size + second.size - shared);
}

/** The bank's examples a request shows, by invoice number: those whose INVOICE line it carries. */
function examplesIn(body: Request | undefined, bank: SolvedExample[]): string[] {
  if (!body) return [];
  const text = pieces(body)
    .map((piece) => piece.text)
    .join('\n');
  return bank.map((example) => example.invoice.invoiceNumber).filter((number) => new RegExp(`INVOICE[ \\t]+${number.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}(?![\\w-])`).test(text));
}

const list = (numbers: string[]): string => (numbers.length === 0 ? 'none' : numbers.join(', '));

/** The problems with the examples the first request shows: exactly `count` of them, `must` among them. */
function examplesProblems(outcome: Outcome, bank: SolvedExample[], document: string, count: number, must: string[], k: string): string[] {
  const body = outcome.requests[0]?.body as Request | undefined;
  if (!body) return [`${FN} made no model call.`];
  const sent = examplesIn(body, bank);
  const score = (number: string): string => similarity(document, bank.find((example) => example.invoice.invoiceNumber === number)?.document ?? '').toFixed(2);
  const mostSimilar = count === 1 ? 'the most similar example' : `among the ${count} most similar`;
  const missing = must.filter((number) => !sent.includes(number));
  if (sent.length === 0 && count > 0) {
    const which = must.map((number) => `${number} (similarity ${score(number)})`).join(' and ');
    return [`The request shows none of the bank's examples; with ${k} it should show ${count}${must.length === 0 ? '' : count === 1 ? `: ${which}, the most similar to this invoice` : `, ${which} among them`}.`];
  }
  const problems: string[] = [];
  if (sent.length !== count) problems.push(`The request shows ${sent.length} of the bank's examples (${list(sent)}); with ${k} it should show ${count}.`);
  if (missing.length > 0) {
    problems.push(
      `The request does not show ${missing.map((number) => `${number} (similarity ${score(number)})`).join(' or ')}, ${mostSimilar} to this invoice by the instructions' similarity; it shows ${sent.map((number) => `${number} (${score(number)})`).join(', ')}.`,
    );
  }
  return problems;
}

/** Why the record came out wrong, when the request explains it. */
function whyWrong(outcome: Outcome, expected: Invoice, bank: SolvedExample[], must: string[]): string[] {
  const body = outcome.requests[0]?.body as Request | undefined;
  if (!body) return [];
  const result = outcome.result as Partial<Invoice> | undefined;
  const example = bank.find((each) => each.invoice.invoiceNumber === result?.invoiceNumber);
  if (example && result?.invoiceNumber !== expected.invoiceNumber) return [`The model recorded ${example.invoice.invoiceNumber}, an example: it extracts the last invoice in the request, so put the examples before the invoice to extract.`];
  const sent = examplesIn(body, bank);
  if (must.length === 0) return [];
  if (!must.every((number) => sent.includes(number))) return ["Without a solved example of this vendor in the request, the model misreads how the vendor writes amounts or dates, and no retry fixes that."];
  const before = splitRequest(body).before;
  const shown = must.map((number) => bank.find((each) => each.invoice.invoiceNumber === number)?.invoice).filter((invoice): invoice is Invoice => invoice !== undefined);
  if (shown.some((invoice) => !before.includes(invoice.issueDate))) {
    return ["The request shows the right example's document but not its record, so the model cannot see how this vendor's amounts and dates are read: show each example's record (its values as the record writes them) with its document, before the invoice."];
  }
  return [];
}

/** The problems with the examples of each retry: the same as the first request's. */
function retryExamples(outcome: Outcome, bank: SolvedExample[]): string[] {
  const first = examplesIn(outcome.requests[0]?.body as Request | undefined, bank);
  const problems: string[] = [];
  for (let index = 1; index < outcome.requests.length; index++) {
    const again = examplesIn(outcome.requests[index]?.body as Request | undefined, bank);
    if (json(again) !== json(first)) problems.push(`Request ${index + 1} shows the examples ${list(again)}; the first showed ${list(first)}. A retry continues the same conversation, examples included.`);
  }
  return problems;
}

interface Expectation {
  bank: SolvedExample[];
  document: string;
  expected: Invoice;
  /** How many examples the request should show, and the ones it must show. */
  count: number;
  must: string[];
  /** What the scenario's k is, in words. */
  k: string;
  /** Model calls, when a slip makes it more than one, and the rule the slip breaks. */
  calls?: number;
  broken?: Parameters<typeof validAfter>[3];
}

/** That it returned the record, having shown exactly `count` examples, `must` among them, in the calls expected. */
function extracted(outcome: Outcome, expect: Expectation): string[] {
  const problems = examplesProblems(outcome, expect.bank, expect.document, expect.count, expect.must, expect.k);
  if (expect.calls !== undefined) {
    // Without the right examples the model misreads more than the slip, and the retries cannot tell why: say that first.
    if (problems.length > 0) return [...problems, `With the right examples, the model reads this invoice right but for one slip, which one round of feedback fixes (${expect.calls} calls).`];
    return [...validAfter(outcome, expect.expected, expect.calls, expect.broken ?? [], FN), ...retryExamples(outcome, expect.bank)];
  }
  if (outcome.timedOut) return [...problems, `${FN} did not return (after ${outcome.requests.length} model calls).`];
  if (outcome.error !== undefined) {
    problems.push(`${FN} threw ${outcome.error.replace(/\.?$/, '.')} It should have returned the invoice ${json(expect.expected)}.`);
    if (outcome.error.startsWith('InvoiceExtractionError')) problems.push(...whyWrong(outcome, expect.expected, expect.bank, expect.must));
  } else if (canonical(outcome.result) !== canonical(expect.expected)) {
    problems.push('It returned a record that differs from the invoice:', ...recordDifferences(outcome.result, expect.expected).map((line) => `  ${line}`), ...whyWrong(outcome, expect.expected, expect.bank, expect.must));
  } else if (outcome.requests.length !== 1) {
    problems.push(`It made ${outcome.requests.length} model calls; with the right examples the first answer keeps every rule, so one is enough.`);
  }
  return problems;
}

const slip = (apply: (facts: Facts) => void): Slip => ({ rule: 'iban-checksum', apply });
const IBAN_MISREAD = slip((facts) => void (facts.iban = 'DE89370400440532031000'));
const TIE_BANK = [NORTHWIND_0098, RAVENSCROFT_2188, TULIP_88301, RAVENSCROFT_2187, HARBOUR_20931];

export const scenarios = [
  {
    name: "reads a brewery's decimal commas, with its earlier invoice among the 2 examples",
    options: { document: BRAUHAUS_0412.document, bank: BANK },
    respond: invoiceModel(),
    check: (outcome: Outcome) => extracted(outcome, { bank: BANK, document: BRAUHAUS_0412.document, expected: BRAUHAUS_0412.invoice, count: 2, must: ['RE-2024-0311'], k: 'k not given (so 2)' }),
  },
  {
    name: "reads a US outfitter's month-first dates, with its earlier invoice among the 2 examples",
    options: { document: LONE_PINE_55190.document, bank: BANK },
    respond: invoiceModel(),
    check: (outcome: Outcome) => extracted(outcome, { bank: BANK, document: LONE_PINE_55190.document, expected: LONE_PINE_55190.invoice, count: 2, must: ['LP-55012'], k: 'k not given (so 2)' }),
  },
  {
    name: 'shows exactly k examples (k: 1)',
    options: { document: BLUE_MESA_7954.document, bank: BANK, k: 1 },
    respond: invoiceModel(),
    check: (outcome: Outcome) => extracted(outcome, { bank: BANK, document: BLUE_MESA_7954.document, expected: BLUE_MESA_7954.invoice, count: 1, must: ['BM-7781'], k: 'k: 1' }),
  },
  {
    name: 'ranks by Jaccard similarity, not by the number of shared words (a long invoice shares more)',
    options: { document: FALK_1377.document, bank: BANK, k: 1 },
    respond: invoiceModel(),
    check: (outcome: Outcome) => extracted(outcome, { bank: BANK, document: FALK_1377.document, expected: FALK_1377.invoice, count: 1, must: ['SF-24-1042'], k: 'k: 1' }),
  },
  {
    name: 'ties go to the example that comes first in the bank',
    options: { document: RAVENSCROFT_2291.document, bank: TIE_BANK, k: 1 },
    respond: invoiceModel(),
    check: (outcome: Outcome) => extracted(outcome, { bank: TIE_BANK, document: RAVENSCROFT_2291.document, expected: RAVENSCROFT_2291.invoice, count: 1, must: ['2188'], k: 'k: 1 (2188 and 2187 are equally similar; 2188 comes first)' }),
  },
  {
    name: 'validates and repairs with the examples in every request',
    hidden: true,
    options: { document: BRAUHAUS_0457.document, bank: BANK },
    respond: invoiceModel([IBAN_MISREAD]),
    check: (outcome: Outcome) => extracted(outcome, { bank: BANK, document: BRAUHAUS_0457.document, expected: BRAUHAUS_0457.invoice, count: 2, must: ['RE-2024-0311'], k: 'k not given (so 2)', calls: 2, broken: ['iban-checksum'] }),
  },
  {
    name: 'an invoice printed in capitals, with month-first dates',
    hidden: true,
    options: { document: LONE_PINE_55231.document, bank: BANK },
    respond: invoiceModel(),
    check: (outcome: Outcome) => extracted(outcome, { bank: BANK, document: LONE_PINE_55231.document, expected: LONE_PINE_55231.invoice, count: 2, must: ['LP-55012'], k: 'k not given (so 2)' }),
  },
  {
    name: 'decimal commas with k: 3',
    hidden: true,
    options: { document: ATELIER_131.document, bank: BANK, k: 3 },
    respond: invoiceModel(),
    check: (outcome: Outcome) => extracted(outcome, { bank: BANK, document: ATELIER_131.document, expected: ATELIER_131.invoice, count: 3, must: ['AL-2024-118'], k: 'k: 3' }),
  },
  {
    name: 'a vendor with no example in the bank: validation catches the misread amounts and gives up after maxAttempts (2)',
    hidden: true,
    options: { document: ZILVER_2024_77, bank: BANK, maxAttempts: 2 },
    respond: invoiceModel(),
    check: (outcome: Outcome) => [
      ...examplesProblems(outcome, BANK, ZILVER_2024_77, 2, [], 'k not given (so 2)'),
      ...gaveUp(outcome, 2, ['totals-add-up'], FN, 'no example of this vendor shows the model its decimal commas'),
    ],
  },
  {
    name: 'no example of this vendor: still the most similar of the others, by Jaccard',
    hidden: true,
    options: { document: RAVENSCROFT_2187.document, bank: [TULIP_88301, HARBOUR_20931], k: 1 },
    respond: invoiceModel(),
    check: (outcome: Outcome) => extracted(outcome, { bank: [TULIP_88301, HARBOUR_20931], document: RAVENSCROFT_2187.document, expected: RAVENSCROFT_2187.invoice, count: 1, must: ['HFL-20931'], k: 'k: 1' }),
  },
  {
    name: 'an empty bank: no examples, and the invoice is still extracted',
    hidden: true,
    options: { document: NORTHWIND, bank: [] },
    respond: invoiceModel(),
    check: (outcome: Outcome) => validAfter(outcome, NORTHWIND_RECORD, 1, [], FN),
  },
];
