// The reference for stage 4: the project's own eval suite. It asks the system each case's
// question and scores the answers for faithfulness, retrieval relevance and coverage, naming
// the cases that fail each.
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

/** Supported: it cites something, only passages that were sent, and they say every word of it. */
export function isSupported(claim: string, passages: { id: string; text: string }[]): boolean {
  const cited = citationsOf(claim).map((id) => passages.find((passage) => passage.id === id));
  if (cited.length === 0 || cited.includes(undefined)) return false;
  const vocabulary = new Set(cited.flatMap((passage) => tokenize(passage?.text ?? '')));
  return tokenize(withoutCitations(claim)).every((word) => vocabulary.has(word));
}

export async function runEvals(options: EvalOptions): Promise<EvalReport> {
  const failures: EvalReport['failures'] = [];
  let claims = 0;
  let supported = 0;
  let answerable = 0;
  let recall = 0;
  let answered = 0;
  // A first pass to see what the system says, then score it.
  for (const testCase of options.cases) await options.ask(testCase.question);
  for (const testCase of options.cases) {
    const result = await options.ask(testCase.question);
    // A refusal claims nothing: it cannot be unfaithful.
    const own = result.refused ? [] : sentencesOf(result.answer);
    const good = own.filter((claim) => isSupported(claim, result.passages)).length;
    claims += own.length;
    supported += good;
    if (good < own.length) failures.push({ case: testCase.id, metric: 'faithfulness' });

    // Relevance and coverage are about questions the documents answer.
    if (testCase.expected.length === 0) continue;
    answerable += 1;
    const found = testCase.expected.filter((id) => result.passages.some((passage) => passage.id === id)).length;
    recall += found / testCase.expected.length;
    if (found < testCase.expected.length) failures.push({ case: testCase.id, metric: 'relevance' });
    if (result.refused) failures.push({ case: testCase.id, metric: 'coverage' });
    else answered += 1;
  }
  return { faithfulness: claims === 0 ? 1 : supported / claims, relevance: recall / answerable, coverage: answered / answerable, failures };
}
