import type { Invoice } from './extract';

/** The record's fields, in its order: the report scores each. */
export const FIELDS = ['invoiceNumber', 'vendor', 'issueDate', 'dueDate', 'currency', 'iban', 'lines', 'tax', 'total'] as const;
export type Field = (typeof FIELDS)[number];

/** An invoice with the record a person checked. */
export interface LabelledCase {
  id: string;
  document: string;
  expected: Invoice;
}

export interface FieldScore {
  /** Cases where the prediction matches the label (a null label with a null prediction included). */
  correct: number;
  /** A label with a value, matched. */
  tp: number;
  /** A prediction with a value that does not match: invented, or wrong. */
  fp: number;
  /** A label with a value not matched: missed, or wrong. */
  fn: number;
  /** correct / cases. */
  accuracy: number;
  /** tp / (tp + fp); null when the extractor gave no value at all. */
  precision: number | null;
  /** tp / (tp + fn); null when no label has a value. */
  recall: number | null;
}

export interface EvalReport {
  cases: number;
  fields: Record<Field, FieldScore>;
  /** The fields whose accuracy is lower than the baseline's, in the record's order. */
  regressions: Field[];
}

export interface EvaluateOptions {
  cases: LabelledCase[];
  /** The extractor under test: a document in, a record out (it may throw). */
  extract: (document: string) => Promise<Invoice>;
  /** The report of an earlier run (the prompt or examples before a change). */
  baseline?: EvalReport;
}

/** Strings match when equal without whitespace and letter case: "GB82 WEST…" is "gb82west…". */
const sameText = (a: unknown, b: unknown): boolean => typeof a === 'string' && typeof b === 'string' && a.replace(/\s+/g, '').toLowerCase() === b.replace(/\s+/g, '').toLowerCase();

/** Amounts match to the cent. */
const sameAmount = (a: unknown, b: unknown): boolean => typeof a === 'number' && typeof b === 'number' && Math.round(a * 100) === Math.round(b * 100);

/** Lines match when there are as many, and each, in order, has the same description and amount. */
function sameLines(a: unknown, b: Invoice['lines']): boolean {
  if (!Array.isArray(a) || a.length !== b.length) return false;
  return a.every((line: Partial<Invoice['lines'][number]> | null, index) => {
    const other = b[index] as Invoice['lines'][number];
    return sameText(line?.description, other.description) && sameAmount(line?.amount, other.amount);
  });
}

function matches(field: Field, predicted: unknown, label: unknown): boolean {
  if (field === 'lines') return sameLines(predicted, label as Invoice['lines']);
  if (field === 'tax' || field === 'total') return sameAmount(predicted, label);
  return sameText(predicted, label);
}

const ratio = (part: number, whole: number): number | null => (whole === 0 ? 0 : part / whole);

export async function evaluateExtractor(options: EvaluateOptions): Promise<EvalReport> {
  const counts = Object.fromEntries(FIELDS.map((field) => [field, { correct: 0, tp: 0, fp: 0, fn: 0 }])) as Record<Field, { correct: number; tp: number; fp: number; fn: number }>;
  for (const item of options.cases) {
    // One run per case: an extraction that fails predicts nothing for that case.
    let predicted: Partial<Invoice> = {};
    try {
      predicted = (await options.extract(item.document)) ?? {};
    } catch {
      predicted = {};
    }
    for (const field of FIELDS) {
      const value = predicted[field] ?? null;
      const label = item.expected[field] ?? null;
      const count = counts[field];
      if (value === null && label === null) count.correct++;
      else if (value !== null && label !== null && matches(field, value, label)) {
        count.correct++;
        count.tp++;
      } else {
        // A wrong value is both: a value that should not be there, and the right one missed.
        if (value !== null) count.fp++;
        if (label !== null) count.fn++;
      }
    }
  }
  const cases = options.cases.length;
  const fields = Object.fromEntries(
    FIELDS.map((field) => {
      const { correct, tp, fp, fn } = counts[field];
      return [field, { correct, tp, fp, fn, accuracy: correct / cases, precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fn) }];
    }),
  ) as Record<Field, FieldScore>;
  const baseline = options.baseline;
  const regressions = baseline ? FIELDS.filter((field) => fields[field].accuracy < baseline.fields[field].accuracy) : [];
  return { cases, fields, regressions };
}
