import { z } from 'zod';

/**
 * A prompt case: the values for the prompt's placeholders and what a good reply looks like.
 * `expected` is shorthand for "the reply is JSON, matches the output schema and equals this";
 * `assert` lists further assertions. Cases are pack data, read from the pack, never from the
 * learner's copy.
 */
const assertion = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('json') }),
  z.strictObject({ type: z.literal('schema') }),
  z.strictObject({ type: z.literal('equals'), path: z.string().optional(), value: z.unknown() }),
  z.strictObject({ type: z.literal('contains'), value: z.string().min(1), ignoreCase: z.boolean().optional() }),
  z.strictObject({ type: z.literal('not-contains'), value: z.string().min(1), ignoreCase: z.boolean().optional() }),
  z.strictObject({ type: z.literal('regex'), pattern: z.string().min(1), flags: z.string().regex(/^[imsu]*$/).optional() }),
  /** Model-graded: the grader answers pass or fail against this rubric. */
  z.strictObject({ type: z.literal('rubric'), rubric: z.string().min(1) }),
]);

export type Assertion = z.infer<typeof assertion>;

const promptCase = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens'),
    description: z.string().optional(),
    input: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    expected: z.unknown().optional(),
    assert: z.array(assertion).default([]),
    /** Must pass in every sample, not just most. */
    mustPass: z.boolean().default(false),
    /** For the offline review: the failure this case showed, and words a prompt addressing it would use. */
    review: z.strictObject({ failure: z.string().min(1), mentions: z.array(z.string().min(1)).min(1) }).optional(),
  })
  .refine((value) => value.expected !== undefined || value.assert.length > 0, { message: 'a case needs "expected" or "assert"' });

export type PromptCase = z.infer<typeof promptCase> & {
  /** 1-based line in its file. */
  line: number;
  hidden: boolean;
};

/** A problem in a pack's case file: the pack's author must fix it. */
export class CaseFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(`${file}:${line}: ${message}`);
    this.name = 'CaseFileError';
  }
}

/**
 * Parses a JSONL file of records with unique ids (cases, labelled traces), each validated by
 * `schema`; the first bad line throws with its line and field.
 */
export function parseJsonLines<T extends { id: string }>(text: string, file: string, schema: z.ZodType<T>, what: string): (T & { line: number })[] {
  const records: (T & { line: number })[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((lineText, index) => {
    const line = index + 1;
    if (lineText.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(lineText);
    } catch (error) {
      throw new CaseFileError(file, line, `not valid JSON: ${(error as Error).message}`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CaseFileError(file, line, `${issue?.path.join('.') || what}: ${issue?.message ?? 'unexpected shape'}`);
    }
    if (seen.has(parsed.data.id)) throw new CaseFileError(file, line, `the id "${parsed.data.id}" is used twice`);
    seen.add(parsed.data.id);
    records.push({ ...parsed.data, line });
  });
  return records;
}

/** Parses a JSONL case file; the first bad line throws with its line and field. */
export function parseCases(text: string, file: string, hidden: boolean): PromptCase[] {
  return parseJsonLines(text, file, promptCase, 'the case').map((testCase) => ({ ...testCase, hidden }));
}

/** The assertions a case runs, `expected` expanded, deterministic ones first and rubrics last. */
export function assertionsOf(testCase: PromptCase, hasSchema: boolean): Assertion[] {
  const expanded: Assertion[] =
    testCase.expected === undefined
      ? []
      : [{ type: 'json' }, ...(hasSchema ? [{ type: 'schema' } as const] : []), { type: 'equals', value: testCase.expected }];
  const all = [...expanded, ...testCase.assert];
  return [...all.filter((item) => item.type !== 'rubric'), ...all.filter((item) => item.type === 'rubric')];
}
