/**
 * What an eval-dataset exercise's harness module exports. The module lives in the pack,
 * never in the learner's workspace, and runs in the check's child process.
 */
export interface SchemaLike {
  safeParse(value: unknown):
    | { success: true; data: unknown }
    | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

export interface EvalDatasetHarness {
  /** zod schema of one case's `input`. */
  inputSchema: SchemaLike;
  /** zod schema of one case's `expected` (the feature's output). */
  outputSchema: SchemaLike;
  /** Variant id → the kind of bug it has, in a few words ("negation"); shown when a dataset misses it. */
  variants: Record<string, string>;
  /** The feature: correct without `variant`, with that variant's bug otherwise. */
  run(input: unknown, variant?: string): unknown;
}

/** Why `module` is not a usable harness, or undefined when it is. */
export function harnessProblem(module: unknown): string | undefined {
  const harness = module as Partial<Record<keyof EvalDatasetHarness, unknown>> | null;
  if (!harness || typeof harness !== 'object') return 'it exports nothing';
  const missing: string[] = [];
  for (const name of ['inputSchema', 'outputSchema'] as const) {
    if (typeof (harness[name] as Partial<SchemaLike> | undefined)?.safeParse !== 'function') missing.push(`${name} (a zod schema)`);
  }
  if (typeof harness.run !== 'function') missing.push('run(input, variant?)');
  const variants = harness.variants;
  if (!variants || typeof variants !== 'object' || Object.values(variants).some((kind) => typeof kind !== 'string')) {
    missing.push('variants (an object of variant id → kind of bug)');
  } else if (Object.keys(variants).length === 0) missing.push('at least one variant');
  return missing.length > 0 ? `it must export ${missing.join(', ')}` : undefined;
}
