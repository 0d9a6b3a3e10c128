// Grades a research run by its trajectory: not only "was the answer right?" but "how did it get
// there?" Wasted tool calls, errors it recovered from, whether the answer rests on the evidence.
// See STAGE-4.md for the rules.

/** One tool call of a run, as research() records it in its trace (stage 1). */
export interface TraceEntry {
  step: number;
  thought: string;
  tool: string;
  input: unknown;
  result: string;
  isError: boolean;
}

/** A recorded run: the question and what research() returned. */
export interface RecordedRun {
  question: string;
  answer: string;
  stoppedBecause: string;
  steps: number;
  trace: TraceEntry[];
}

export type Failure = 'stopped-early' | 'no-evidence' | 'unrecovered-error' | 'wasteful';

export interface Evaluation {
  /** The wasted calls, in trace order: index is the call's position in trace. */
  wasted: { index: number; why: 'repeat' | 'unused' }[];
  /** Calls with isError: true. */
  errors: number;
  /** Errors the run recovered from. */
  recovered: number;
  /** Whether the answer rests on what the run found. */
  usedEvidence: boolean;
  pass: boolean;
  failures: Failure[];
}

export function evaluateRun(options: { run: RecordedRun; maxWasted?: number }): Evaluation {
  const { run } = options;
  // TODO: this passes every run that ended with an answer. Find the wasted calls (repeats, and
  // read-only calls whose results nothing used), count the errors and the ones the run recovered
  // from, decide whether the answer used the evidence, and give the verdict by STAGE-4.md's rules.
  const failures: Failure[] = run.stoppedBecause === 'done' ? [] : ['stopped-early'];
  return { wasted: [], errors: 0, recovered: 0, usedEvidence: true, pass: failures.length === 0, failures };
}
