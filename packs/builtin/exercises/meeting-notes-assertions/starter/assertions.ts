// The assertions that grade one answer of the meeting-notes summariser. The README says what
// each must check, how it scores and what its reason must name; the checks run them on good
// answers and on answers with one planted flaw each.

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

const ok = (reason: string): GradingResult => ({ pass: true, score: 1, reason });

export function gradeSummary(options: GradeOptions): SummaryGrade {
  try {
    JSON.parse(options.output);
  } catch {
    const broken = { pass: false, score: 0, reason: 'Not JSON.' };
    return { ...broken, assertions: { schema: broken, owners: broken, sentenceLength: broken, knownNames: broken, summaryLength: broken } };
  }

  // TODO: parsing is not enough. Check the shape the README gives (zod's z.strictObject is one
  // way), then write the other four assertions: each returns { pass, score, reason }, scores as
  // the README says, and names what is wrong in its reason.
  const assertions: Record<AssertionName, GradingResult> = {
    schema: ok('Parses as JSON.'),
    owners: options.owners.every((owner) => options.output.includes(owner)) ? ok('Every owner is mentioned.') : { pass: false, score: 0, reason: 'An owner is missing.' },
    sentenceLength: ok('TODO'),
    knownNames: ok('TODO'),
    summaryLength: ok('TODO'),
  };

  // TODO: weights, and a threshold. For now: a plain average, and every assertion must pass.
  const results = Object.values(assertions);
  const score = results.reduce((sum, result) => sum + result.score, 0) / results.length;
  const pass = results.every((result) => result.pass);
  return { pass, score, reason: pass ? 'All good.' : 'Some assertions failed.', assertions };
}
