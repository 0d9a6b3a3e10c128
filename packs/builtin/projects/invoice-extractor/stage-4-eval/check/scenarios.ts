// The harness of stage 4 of the invoice extractor (invoice-extractor-eval): evaluateExtractor
// scores an extractor field by field over a labelled set. The harness holds the extractors: a
// perfect one, one with harmless formatting noise, one that invents values, one that misses them,
// one with wrong values, one that throws, and an "old" and a "new" version for regressions. Each
// is lent to the learner's function as `extract` (it runs here, and every run is recorded), and
// the report is compared with the one the instructions' rules give.
// This file stays in the pack; learners never see it.
import { FIELDS, type Invoice, json } from '../../stage-1-schema/check/model';
import { NORTHWIND, NORTHWIND_RECORD } from '../../stage-1-schema/check/scenarios';
import { ATELIER_131, BLUE_MESA_7954, BRAUHAUS_0412, BRAUHAUS_0457, FALK_1377, LONE_PINE_55190, LONE_PINE_55231, NORTHWIND_0098, RAVENSCROFT_2291 } from '../../stage-3-examples/check/bank';

type Field = (typeof FIELDS)[number];
interface LabelledCase {
  id: string;
  document: string;
  expected: Invoice;
}
interface FieldScore {
  correct: number;
  tp: number;
  fp: number;
  fn: number;
  accuracy: number;
  precision: number | null;
  recall: number | null;
}
interface EvalReport {
  cases: number;
  fields: Record<Field, FieldScore>;
  regressions: Field[];
}
interface Outcome {
  result?: unknown;
  error?: string;
  timedOut: boolean;
  requests: { body: unknown }[];
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const SET_A: LabelledCase[] = [
  { id: 'northwind', document: NORTHWIND, expected: NORTHWIND_RECORD },
  { id: 'ravenscroft', document: RAVENSCROFT_2291.document, expected: RAVENSCROFT_2291.invoice },
  { id: 'lone-pine', document: LONE_PINE_55190.document, expected: LONE_PINE_55190.invoice },
  { id: 'brauhaus', document: BRAUHAUS_0412.document, expected: BRAUHAUS_0412.invoice },
  { id: 'atelier', document: ATELIER_131.document, expected: ATELIER_131.invoice },
  { id: 'blue-mesa', document: BLUE_MESA_7954.document, expected: BLUE_MESA_7954.invoice },
];
const SET_B: LabelledCase[] = [
  { id: 'falk', document: FALK_1377.document, expected: FALK_1377.invoice },
  { id: 'brauhaus', document: BRAUHAUS_0457.document, expected: BRAUHAUS_0457.invoice },
  { id: 'lone-pine-capitals', document: LONE_PINE_55231.document, expected: LONE_PINE_55231.invoice },
  { id: 'ravenscroft', document: RAVENSCROFT_2291.document, expected: RAVENSCROFT_2291.invoice },
  { id: 'northwind-february', document: NORTHWIND_0098.document, expected: NORTHWIND_0098.invoice },
];

// ── The rules, as the instructions state them ─────────────────────────────────────────────────

const sameText = (a: unknown, b: unknown): boolean => typeof a === 'string' && typeof b === 'string' && a.replace(/\s+/g, '').toLowerCase() === b.replace(/\s+/g, '').toLowerCase();
const sameAmount = (a: unknown, b: unknown): boolean => typeof a === 'number' && typeof b === 'number' && Math.round(a * 100) === Math.round(b * 100);
function sameLines(a: unknown, b: unknown): boolean {
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  return a.every((line: { description?: unknown; amount?: unknown } | null, index) => {
    const other = b[index] as { description: string; amount: number };
    return sameText(line?.description, other.description) && sameAmount(line?.amount, other.amount);
  });
}
const matches = (field: Field, predicted: unknown, label: unknown): boolean =>
  field === 'lines' ? sameLines(predicted, label) : field === 'tax' || field === 'total' ? sameAmount(predicted, label) : sameText(predicted, label);

/** The report the rules give for these predictions (undefined: the extraction threw). */
function score(cases: LabelledCase[], predictions: (Partial<Invoice> | undefined)[], baseline?: EvalReport): EvalReport {
  const fields = {} as Record<Field, FieldScore>;
  for (const field of FIELDS) {
    let [correct, tp, fp, fn] = [0, 0, 0, 0];
    cases.forEach((item, index) => {
      const value = predictions[index]?.[field] ?? null;
      const label = item.expected[field] ?? null;
      if (value === null && label === null) correct++;
      else if (value !== null && label !== null && matches(field, value, label)) {
        correct++;
        tp++;
      } else {
        if (value !== null) fp++;
        if (label !== null) fn++;
      }
    });
    fields[field] = { correct, tp, fp, fn, accuracy: correct / cases.length, precision: tp + fp === 0 ? null : tp / (tp + fp), recall: tp + fn === 0 ? null : tp / (tp + fn) };
  }
  return { cases: cases.length, fields, regressions: baseline ? FIELDS.filter((field) => fields[field].accuracy < baseline.fields[field].accuracy) : [] };
}

// ── The extractors ────────────────────────────────────────────────────────────────────────────

const THROWS = Symbol('throws');
type Predict = (item: LabelledCase) => Partial<Invoice> | typeof THROWS;

const perfect: Predict = (item) => clone(item.expected);

/** Right, written differently: letter case, spaces, an IBAN in groups of four, amounts off by less than half a cent. */
const noisy: Predict = (item) => {
  const record = clone(item.expected);
  const iban = record.iban === null ? null : (record.iban.match(/.{1,4}/g) ?? []).join(' ');
  return {
    ...record,
    invoiceNumber: record.invoiceNumber.toLowerCase(),
    vendor: ` ${record.vendor.toUpperCase().replace(/ /g, '  ')} `,
    currency: record.currency.toLowerCase() as Invoice['currency'],
    iban,
    lines: record.lines.map((line) => ({ description: `${line.description.replace(/, /g, ',  ')} `, amount: line.amount + 0.003 })),
    tax: record.tax + 0.004,
    total: record.total - 0.003,
  };
};

/** Fills what the invoice does not say: a due date 30 days on, an empty IBAN. */
const inventor: Predict = (item) => {
  const record = clone(item.expected) as Invoice;
  if (record.dueDate === null) record.dueDate = '2024-06-13';
  if (record.iban === null) record.iban = '';
  return record;
};

/** Never gives a due date or an IBAN. */
const misser: Predict = (item) => ({ ...clone(item.expected), dueDate: null, iban: null });

/** Wrong values: totals a unit off, a tax two cents off, a line amount with digits swapped, a line dropped. */
const sloppy: Predict = (item) => {
  const record = clone(item.expected);
  if (item.id === 'brauhaus' || item.id === 'atelier') record.total += 1;
  if (item.id === 'northwind') record.tax += 0.02;
  if (item.id === 'lone-pine') record.lines = [{ description: 'Trail backpacks (12)', amount: 1086 }];
  if (item.id === 'brauhaus') record.lines = record.lines.slice(0, 2);
  return record;
};

/** Fails on the brewery's invoice (its decimal commas break the totals rule), right on the rest. */
const thrower: Predict = (item) => (item.id === 'brauhaus' ? THROWS : clone(item.expected));

/** Before the examples: misreads decimal commas and month-first dates, but says null when it should. */
const oldPrompt: Predict = (item) => {
  const record = clone(item.expected);
  if (item.id === 'brauhaus' || item.id === 'atelier') {
    record.total = Math.round(record.total * 100) / 100000;
    record.tax *= 100;
    record.lines = record.lines.map((line) => ({ ...line, amount: line.amount / 1000 }));
  }
  if (item.id === 'lone-pine') Object.assign(record, { issueDate: '2024-03-04', dueDate: '2024-03-05' });
  if (item.id === 'blue-mesa') Object.assign(record, { issueDate: '2024-05-06', dueDate: '2024-05-07' });
  return record;
};

/** After: reads every amount and date right, but cuts the vendor's name short and writes an empty IBAN where there is none. */
const newPrompt: Predict = (item) => {
  const record = clone(item.expected) as Invoice;
  if (item.id === 'northwind') record.vendor = 'Northwind Supplies';
  if (record.iban === null) record.iban = '';
  if (record.dueDate === null) record.dueDate = '2024-06-13';
  return record;
};

/** Set B's extractor: a date misread, a currency wrong, a line too many, and a failure. */
const mixed: Predict = (item) => {
  const record = clone(item.expected);
  if (item.id === 'falk') record.issueDate = '2024-12-03';
  if (item.id === 'lone-pine-capitals') record.currency = 'EUR';
  if (item.id === 'northwind-february') record.lines = [...record.lines, { description: 'Setup fee', amount: 0 }];
  if (item.id === 'brauhaus') return THROWS;
  return record;
};

/** Set B, a second version: fixes the failure and the currency, misses every IBAN, and adds a dash to the invoice numbers. */
const mixedLater: Predict = (item) => {
  const record = clone(item.expected);
  record.iban = null;
  if (item.id === 'falk') record.issueDate = '2024-12-03';
  if (item.id === 'northwind-february') record.invoiceNumber = 'INV-2024-098';
  return record;
};

const predictionsOf = (cases: LabelledCase[], predict: Predict): (Partial<Invoice> | undefined)[] =>
  cases.map((item) => {
    const predicted = predict(item);
    return predicted === THROWS ? undefined : predicted;
  });

// ── The checks ────────────────────────────────────────────────────────────────────────────────

const number = (value: number | null): string => (value === null ? 'null' : Number.isInteger(value) ? String(value) : value.toFixed(3));
const KEYS = ['correct', 'tp', 'fp', 'fn', 'accuracy', 'precision', 'recall'] as const;
const near = (a: unknown, b: number | null): boolean => (b === null ? a === null : typeof a === 'number' && Math.abs(a - b) < 1e-9);

/** The problems with the report, field by field, in words; `why` says, per field, what the scenario's extractor did to it. */
function reportProblems(result: unknown, expected: EvalReport, why: Partial<Record<Field, string>>): string[] {
  if (!result || typeof result !== 'object') return [`evaluateExtractor returned ${json(result) ?? 'undefined'}, not a report.`];
  const report = result as Partial<EvalReport>;
  const problems: string[] = [];
  if (report.cases !== expected.cases) problems.push(`"cases" is ${json(report.cases) ?? 'missing'}; the labelled set has ${expected.cases}.`);
  const fields = (report.fields ?? {}) as Partial<Record<Field, Partial<FieldScore>>>;
  for (const field of FIELDS) {
    const got = fields[field];
    const want = expected.fields[field];
    if (!got || typeof got !== 'object') {
      problems.push(`The report has no score for "${field}".`);
      continue;
    }
    const wrong = KEYS.filter((key) => !near(got[key], want[key]));
    if (wrong.length === 0) continue;
    problems.push(
      `"${field}": ${wrong.map((key) => `${key} is ${typeof got[key] === 'number' ? number(got[key] as number) : json(got[key]) ?? 'missing'}`).join(', ')}; ` +
        `it should be ${wrong.map((key) => `${key} ${number(want[key])}`).join(', ')}.${why[field] ? ` ${why[field]}` : ''}`,
    );
  }
  if (json(report.regressions) !== json(expected.regressions)) {
    problems.push(`"regressions" is ${json(report.regressions) ?? 'missing'}; it should be ${json(expected.regressions)}${expected.regressions.length === 0 ? '' : ': the fields whose accuracy is lower than the baseline\'s, in the record\'s order'}.`);
  }
  return problems;
}

interface Spec {
  name: string;
  hidden?: boolean;
  cases: LabelledCase[];
  predict: Predict;
  /** The extractor of the baseline's run, when there is one: its report is the baseline. */
  baseline?: Predict;
  why?: Partial<Record<Field, string>>;
}

function scenario(spec: Spec) {
  /** The documents handed to extract, in order. */
  const runs: string[] = [];
  const baseline = spec.baseline ? score(spec.cases, predictionsOf(spec.cases, spec.baseline)) : undefined;
  const expected = score(spec.cases, predictionsOf(spec.cases, spec.predict), baseline);
  return {
    name: spec.name,
    ...(spec.hidden ? { hidden: true } : {}),
    options: {
      cases: clone(spec.cases),
      ...(baseline ? { baseline: clone(baseline) } : {}),
      extract: async (document: unknown) => {
        runs.push(String(document));
        const item = spec.cases.find((each) => each.document === document);
        if (!item) throw new Error('That is not the document of a labelled case.');
        const predicted = spec.predict(item);
        if (predicted === THROWS) throw Object.assign(new Error('No valid record after 3 attempts; still broken: totals-add-up.'), { name: 'InvoiceExtractionError' });
        return predicted;
      },
    },
    // evaluateExtractor makes no model call; the simulator only stands by.
    respond: () => ({ reply: { content: [{ type: 'text', text: 'No model call is needed to score an extractor.' }] } }),
    check(outcome: Outcome): string[] {
      if (outcome.timedOut) return ['evaluateExtractor did not return.'];
      if (outcome.error !== undefined) return [`evaluateExtractor threw ${outcome.error.replace(/\.?$/, '.')} It should have returned the report${spec.predict === thrower || spec.predict === mixed ? '; an extraction that throws counts as predicting nothing for its case' : ''}.`];
      const problems: string[] = [];
      const each = spec.cases.map((item) => runs.filter((run) => run === item.document).length);
      if (each.some((times) => times !== 1)) {
        problems.push(`It ran extract ${runs.length} times for ${spec.cases.length} cases (${spec.cases.map((item, index) => `${item.id}: ${each[index]}`).join(', ')}); run it once per case, since each run costs model calls.`);
      }
      problems.push(...reportProblems(outcome.result, expected, spec.why ?? {}));
      return problems;
    },
  };
}

const NULL_LABEL = 'A null label with a null (or missing) prediction is correct, but neither a true positive nor a false one.';
const INVENTED = 'A value where the label is null is a false positive: it lowers precision, not recall.';
const MISSED = 'A null prediction where the label has a value is a false negative; with no value predicted at all, precision has nothing to divide by and is null.';
const WRONG_VALUE = 'A wrong value is both a false positive (a value that should not be there) and a false negative (the right one missed).';

export const scenarios = [
  scenario({
    name: 'a perfect extractor scores 1 on every field',
    cases: SET_A,
    predict: perfect,
    why: { dueDate: NULL_LABEL, iban: NULL_LABEL },
  }),
  scenario({
    name: 'formatting is not an error: letter case, spaces and less than half a cent match',
    cases: SET_A,
    predict: noisy,
    why: {
      invoiceNumber: 'Strings match without letter case and whitespace.',
      vendor: 'Strings match without letter case and whitespace.',
      currency: 'Strings match without letter case and whitespace.',
      iban: 'An IBAN written in groups of four is the same IBAN: strings match without whitespace.',
      lines: 'Each line matches when its description matches as a string and its amount to the cent.',
      tax: 'Amounts match when they round to the same cent.',
      total: 'Amounts match when they round to the same cent.',
    },
  }),
  scenario({
    name: 'an extractor that invents values loses precision, not recall',
    cases: SET_A,
    predict: inventor,
    why: { dueDate: INVENTED, iban: `${INVENTED} An empty string is a value.` },
  }),
  scenario({
    name: 'an extractor that misses values loses recall; with nothing predicted, precision is null',
    cases: SET_A,
    predict: misser,
    why: { dueDate: MISSED, iban: MISSED },
  }),
  scenario({
    name: 'a wrong value is a false positive and a false negative; lines match line by line',
    cases: SET_A,
    predict: sloppy,
    why: { total: WRONG_VALUE, tax: `${WRONG_VALUE} Two cents off is off.`, lines: `${WRONG_VALUE} Lines match only when every line, in order, matches: one line with a wrong amount, or one line fewer, is a wrong value.` },
  }),
  scenario({
    name: 'an extraction that throws counts as predicting nothing for its case',
    cases: SET_A,
    predict: thrower,
    why: Object.fromEntries(FIELDS.map((field) => [field, 'The extraction of one case threw: every field of that case counts as predicted null (a false negative where the label has a value).'])),
  }),
  scenario({
    name: 'lists the fields that regress against the baseline, not those that improve or hold',
    cases: SET_A,
    predict: newPrompt,
    baseline: oldPrompt,
    why: { dueDate: INVENTED, iban: INVENTED },
  }),
  scenario({
    name: 'another labelled set, with a failure and a line too many',
    hidden: true,
    cases: SET_B,
    predict: mixed,
  }),
  scenario({
    name: 'two invoices, one with a due date and an IBAN, one with neither',
    hidden: true,
    cases: [SET_A[1] as LabelledCase, SET_A[0] as LabelledCase],
    predict: inventor,
  }),
  scenario({
    name: 'regressions against another baseline',
    hidden: true,
    cases: SET_B,
    predict: mixedLater,
    baseline: mixed,
  }),
];
