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

export async function evaluateExtractor(options: EvaluateOptions): Promise<EvalReport> {
  const fields = {} as Record<Field, FieldScore>;
  const predictions: Invoice[] = [];
  for (const item of options.cases) predictions.push(await options.extract(item.document));
  for (const field of FIELDS) {
    // TODO: exact JSON equality is too strict (letter case, spaces, floating point), and one
    // accuracy hides the difference between inventing a value and missing one. Match as
    // STAGE-4.md says, count tp, fp and fn, and compute precision and recall.
    const correct = options.cases.filter((item, i) => JSON.stringify(predictions[i]?.[field]) === JSON.stringify(item.expected[field])).length;
    fields[field] = { correct, tp: 0, fp: 0, fn: 0, accuracy: correct / options.cases.length, precision: null, recall: null };
  }
  // TODO: with a baseline, list the fields that got worse.
  return { cases: options.cases.length, fields, regressions: [] };
}
