import { z } from 'zod';
import { parseJsonLines } from '../promptDebugging/promptCases';

/**
 * A labelled trace: what a feature did (its input and output, as placeholder values for the
 * judge's prompt) and a person's verdict on it for one failure mode. `fail` means the failure is
 * there (the judge's positive class); `note` is the person's critique, shown with a disagreement.
 */
const labelledTrace = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens'),
  input: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  label: z.enum(['pass', 'fail']),
  note: z.string().min(1).optional(),
});

export type LabelledTrace = z.infer<typeof labelledTrace> & {
  /** 1-based line in its file. */
  line: number;
  /** Held out: the learner never sees it, and the report never names it. */
  heldOut: boolean;
};

/** Parses a JSONL file of labelled traces; the first bad line throws with its line and field. */
export function parseLabelledTraces(text: string, file: string, heldOut: boolean): LabelledTrace[] {
  return parseJsonLines(text, file, labelledTrace, 'the trace').map((trace) => ({ ...trace, heldOut }));
}

/**
 * The verdict a judge's reply states: the JSON object in it (from its first `{` to its last
 * `}`) with `verdict` "pass" or "fail". Anything else states no verdict, and says why.
 */
export function verdictOf(reply: string): { verdict: 'pass' | 'fail' } | { none: string } {
  const start = reply.indexOf('{');
  const end = reply.lastIndexOf('}');
  if (start < 0 || end < start) return { none: 'the reply holds no JSON object' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(reply.slice(start, end + 1));
  } catch {
    return { none: 'the JSON in the reply does not parse' };
  }
  const verdict = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>).verdict : undefined;
  if (verdict === 'pass' || verdict === 'fail') return { verdict };
  return { none: verdict === undefined ? 'the JSON has no "verdict" field' : `its "verdict" is ${JSON.stringify(verdict)}, not "pass" or "fail"` };
}
