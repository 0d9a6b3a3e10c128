import { z } from 'zod';

/** What one assertion says about one output, in the shape promptfoo's assertions answer with. */
export interface GradingResult {
  pass: boolean;
  /** 0 (nothing right) to 1 (all right). */
  score: number;
  /** Why, in words a person reading the eval report can act on. */
  reason: string;
}

export type AssertionName = 'schema' | 'owners' | 'sentenceLength' | 'knownNames' | 'summaryLength';

export interface GradeOptions {
  /** The summariser's answer, exactly as it came back. */
  output: string;
  /** The meeting the summary is of. */
  transcript: string;
  /** Who owns an action item in this meeting, as the person who labelled the case wrote them. */
  owners: string[];
  limits: { maxSentenceWords: number; minSummaryWords: number; maxSummaryWords: number };
  /** How much each assertion counts in the overall score; one left out counts 1, 0 leaves it out. */
  weights?: Partial<Record<AssertionName, number>>;
  /** The overall score needed to pass; without one, every assertion with a weight above 0 must pass. */
  threshold?: number;
}

export interface SummaryGrade extends GradingResult {
  assertions: Record<AssertionName, GradingResult>;
}

const NAMES: AssertionName[] = ['schema', 'owners', 'sentenceLength', 'knownNames', 'summaryLength'];

/** A string with something other than whitespace in it. */
const text = () => z.string().regex(/\S/, 'must not be blank');

/** The summariser's contract: these keys, these types, nothing else. */
export const summarySchema = z.strictObject({
  title: text(),
  attendees: z.array(text()).min(1),
  summary: text(),
  actionItems: z.array(
    z.strictObject({
      owner: text(),
      task: text(),
      due: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD').nullable(),
    }),
  ),
});
export type Summary = z.infer<typeof summarySchema>;

/** Words: runs of letters (any alphabet) and digits, which an apostrophe or a hyphen may join. A dash standing alone is none. */
export function words(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? [];
}

/** Sentences end at . ! or ? followed by whitespace or the end of the text; one with no words does not count. */
export function sentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+/).filter((sentence) => words(sentence).length > 0);
}

const passed = (reason: string): GradingResult => ({ pass: true, score: 1, reason });
const failed = (reason: string, score = 0): GradingResult => ({ pass: false, score, reason });

/** The output parsed and validated, or why it is not a summary. */
function parseSummary(output: string): { summary: Summary } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(output);
  } catch (error) {
    return { problem: `The output is not JSON (${error instanceof Error ? error.message : String(error)}).` };
  }
  const result = summarySchema.safeParse(json);
  if (result.success) return { summary: result.data };
  const issues = result.error.issues.map((issue) => `${issue.path.join('.') || 'the object'}: ${issue.message}`);
  return { problem: `The output is not a valid summary: ${issues.join('; ')}.` };
}

export function assertOwners(summary: Summary, owners: string[]): GradingResult {
  const assigned = new Set(summary.actionItems.map((item) => item.owner));
  const missing = owners.filter((owner) => !assigned.has(owner));
  if (missing.length === 0) return passed('Every owner has an action item.');
  // Partial credit: the share of owners the action items cover (there is at least one owner here).
  return failed(`No action item for ${missing.join(', ')}.`, (owners.length - missing.length) / owners.length);
}

export function assertSentenceLength(summary: Summary, maxWords: number): GradingResult {
  const counts = sentences(summary.summary).map((sentence) => words(sentence).length);
  const within = counts.filter((count) => count <= maxWords).length;
  if (within === counts.length) return passed(`Every sentence has at most ${maxWords} words.`);
  const longest = Math.max(...counts);
  return failed(`${counts.length - within} of ${counts.length} sentences have more than ${maxWords} words; the longest has ${longest}.`);
}

/** Whether `name` is in `transcript` as whole words: the same letters and case, with no letter or digit just before or after. */
export function occursIn(transcript: string, name: string): boolean {
  for (let at = transcript.indexOf(name); at >= 0; at = transcript.indexOf(name, at + 1)) {
    const before = transcript.slice(0, at).slice(-1);
    const after = transcript.charAt(at + name.length);
    if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) return true;
  }
  return false;
}

export function assertKnownNames(summary: Summary, transcript: string): GradingResult {
  const names = [...summary.attendees, ...summary.actionItems.map((item) => item.owner)];
  const unknown = [...new Set(names.filter((name) => !occursIn(transcript, name)))];
  return unknown.length === 0 ? passed('Every name is in the transcript.') : failed(`Not in the transcript: ${unknown.join(', ')}.`);
}

export function assertSummaryLength(summary: Summary, min: number, max: number): GradingResult {
  const count = words(summary.summary).length;
  return count >= min && count <= max ? passed(`The summary has ${count} words.`) : failed(`The summary has ${count} words; it should have ${min} to ${max}.`);
}

export function gradeSummary(options: GradeOptions): SummaryGrade {
  const parsed = parseSummary(options.output);
  let assertions: Record<AssertionName, GradingResult>;
  if ('problem' in parsed) {
    // Nothing else can be judged on an output that is not a summary: it fails everything.
    const nothing = failed('There is no valid summary to check.');
    assertions = { schema: failed(parsed.problem), owners: nothing, sentenceLength: nothing, knownNames: nothing, summaryLength: nothing };
  } else {
    const { summary } = parsed;
    const { maxSentenceWords, minSummaryWords, maxSummaryWords } = options.limits;
    assertions = {
      schema: passed('The output is a valid summary.'),
      owners: assertOwners(summary, options.owners),
      sentenceLength: assertSentenceLength(summary, maxSentenceWords),
      knownNames: assertKnownNames(summary, options.transcript),
      summaryLength: assertSummaryLength(summary, minSummaryWords, maxSummaryWords),
    };
  }

  // The weighted mean of the scores: a weight left out counts 1, a weight of 0 leaves the assertion out.
  const weight = (name: AssertionName): number => options.weights?.[name] ?? 1;
  const counted = NAMES.filter((name) => weight(name) > 0);
  const total = counted.reduce((sum, name) => sum + weight(name), 0);
  const score = counted.reduce((sum, name) => sum + weight(name) * assertions[name].score, 0) / total;
  const failing = counted.filter((name) => !assertions[name].pass);
  const pass = options.threshold === undefined ? failing.length === 0 : score >= options.threshold;
  const reason = failing.length === 0 ? 'Every assertion passes.' : `Failed: ${failing.join(', ')} (score ${score.toFixed(2)}).`;
  return { pass, score, reason, assertions };
}
