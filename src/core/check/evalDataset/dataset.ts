import { JsonDocument, type JsonPath, type Position } from '../../jsonDocument';
import { fieldName } from '../../packProblem';
import { didYouMean } from '../../suggest';
import type { SchemaLike } from './harness';

/** One valid line of the learner's dataset. */
export interface DatasetCase {
  line: number;
  id: string;
  input: unknown;
  expected: unknown;
  tags: string[];
}

/** Something wrong with one line, with where on the line. */
export interface LineProblem {
  line: number;
  column: number;
  /** e.g. `input.plan`; empty for the line as a whole. */
  field: string;
  message: string;
}

export interface ParsedDataset {
  cases: DatasetCase[];
  /** Per line number, every problem on that line. */
  problems: Map<number, LineProblem[]>;
  /** The id of each line that had one, for naming tests even when the line is invalid. */
  ids: Map<number, string>;
}

const CASE_FIELDS = ['id', 'input', 'expected', 'tags', 'note'];
const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Reads a JSONL dataset: one JSON object per line, blank lines skipped. Every line is
 * checked on its own, so one bad line never hides the others.
 */
export function parseDataset(text: string, schemas: { input: SchemaLike; expected: SchemaLike }): ParsedDataset {
  const cases: DatasetCase[] = [];
  const problems = new Map<number, LineProblem[]>();
  const ids = new Map<number, string>();
  const firstLineOfId = new Map<string, number>();
  text.split(/\r?\n/).forEach((lineText, index) => {
    const line = index + 1;
    if (lineText.trim() === '') return;
    const lineProblems: LineProblem[] = [];
    const report = (position: Position, field: string, message: string): void => {
      lineProblems.push({ line, column: position.column, field, message });
    };
    const parsed = parseLine(lineText);
    if ('syntaxError' in parsed) {
      // Name the line by its id even so, when one can be read off it.
      const id = /"id"\s*:\s*"([^"]*)"/.exec(lineText)?.[1];
      if (id && ID_PATTERN.test(id)) ids.set(line, id);
      report(parsed.syntaxError.position, '', parsed.syntaxError.message);
      problems.set(line, lineProblems);
      return;
    }
    const { document } = parsed;
    const value = document.value;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      report({ line: 1, column: 1 }, '', 'each line must be one JSON object with "id", "input", "expected" and "tags"');
      problems.set(line, lineProblems);
      return;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!CASE_FIELDS.includes(key)) report(document.positionOfKey([], key), key, `unknown field "${key}"${didYouMean(key, CASE_FIELDS)}`);
    }

    const id = record.id;
    if (id === undefined) report(document.positionOf([]), 'id', 'missing "id"; give every case a short unique name such as "double-charge"');
    else if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
      report(document.positionOf(['id']), 'id', 'must be lower-case words joined by hyphens, e.g. "double-charge"');
    } else {
      ids.set(line, id);
      const first = firstLineOfId.get(id);
      if (first !== undefined) report(document.positionOf(['id']), 'id', `duplicate id "${id}" (first used on line ${first})`);
      else firstLineOfId.set(id, line);
    }

    const tags = record.tags ?? [];
    if (!Array.isArray(tags) || tags.some((tag) => typeof tag !== 'string')) {
      report(document.positionOf(['tags']), 'tags', 'must be a list of strings, e.g. ["billing", "negation"]');
    }

    const checked: Record<'input' | 'expected', unknown> = { input: undefined, expected: undefined };
    for (const field of ['input', 'expected'] as const) {
      if (!(field in record)) {
        report(document.positionOf([]), field, `missing "${field}"`);
        continue;
      }
      const result = schemas[field].safeParse(record[field]);
      if (result.success) checked[field] = result.data;
      else {
        for (const issue of result.error.issues) {
          const issuePath: JsonPath = [field, ...issue.path.filter((key): key is string | number => typeof key !== 'symbol')];
          report(document.positionOf(issuePath), fieldName(issuePath), issue.message);
        }
      }
    }

    if (lineProblems.length > 0) problems.set(line, lineProblems);
    else cases.push({ line, id: id as string, input: checked.input, expected: checked.expected, tags: tags as string[] });
  });
  return { cases, problems, ids };
}

function parseLine(text: string): { document: JsonDocument } | { syntaxError: { message: string; position: Position } } {
  const result = JsonDocument.parse(text);
  if ('document' in result) {
    // JSONL is strict JSON: the lenient parser accepts comments and trailing commas, JSON.parse does not.
    try {
      JSON.parse(text);
    } catch {
      return { syntaxError: { message: 'JSON syntax error: comments and trailing commas are not allowed in JSONL', position: { line: 1, column: 1 } } };
    }
    return result;
  }
  const first = result.syntaxErrors[0] ?? { message: 'JSON syntax error', position: { line: 1, column: 1 } };
  return { syntaxError: first };
}
