// Stage 4 of Kestrel's policy Q&A: the eval suite. See STAGE-4.md.
import type { AskResult } from './ask';
import { citationsOf, sentencesOf, withoutCitations } from './claims';
import { tokenize } from './words';

/** A question with the passages that hold its answer; `expected` is [] when the documents do not answer it. */
export interface EvalCase {
  id: string;
  question: string;
  expected: string[];
}

export type Metric = 'faithfulness' | 'relevance' | 'coverage';

export interface EvalReport {
  faithfulness: number;
  relevance: number;
  coverage: number;
  failures: { case: string; metric: Metric }[];
}

export interface EvalOptions {
  cases: EvalCase[];
  /** The system under test: your stage-3 ask, or any other with the same answer. */
  ask: (question: string) => Promise<AskResult>;
}

export async function runEvals(options: EvalOptions): Promise<EvalReport> {
  const results = await Promise.all(options.cases.map((testCase) => options.ask(testCase.question)));
  // TODO: these numbers look like metrics and measure little. An answer with a citation is not
  // a faithful answer, and coverage counts questions the documents cannot answer. Score each
  // claim against the passages it cites, each case's expected passages against what came back,
  // and list the failing cases, as STAGE-4.md defines it all.
  void citationsOf;
  void sentencesOf;
  void withoutCitations;
  void tokenize;
  const withCitations = results.filter((result) => result.citations.length > 0).length;
  const answered = results.filter((result) => !result.refused).length;
  return {
    faithfulness: withCitations / results.length,
    relevance: results.filter((result) => result.passages.length > 0).length / results.length,
    coverage: answered / results.length,
    failures: [],
  };
}
