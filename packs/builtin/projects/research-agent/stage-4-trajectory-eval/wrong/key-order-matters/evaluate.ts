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

const READ_ONLY = new Set(['search_docs', 'read_page', 'service_status']);

export function evaluateRun(options: { run: RecordedRun; maxWasted?: number }): Evaluation {
  const { run } = options;
  const maxWasted = options.maxWasted ?? 1;
  const trace = run.trace;
  const cited = new Set([...run.answer.matchAll(/\[([A-Za-z0-9-]+)\]/g)].map((match) => match[1]));
  const answer = run.answer.toLowerCase();

  /** Whether anything after call i used its result (rule 2); only read-only tools are asked. */
  const used = (i: number): boolean => {
    const call = trace[i] as TraceEntry;
    const input = (call.input ?? {}) as Record<string, unknown>;
    if (call.tool === 'read_page') return cited.has(String(input.id));
    if (call.tool === 'service_status') {
      const status = parse<{ status?: unknown }>(call.result)?.status;
      return typeof status === 'string' && answer.includes(String(input.service).toLowerCase()) && answer.includes(status.toLowerCase());
    }
    const hits = parse<unknown[]>(call.result);
    const ids = Array.isArray(hits) ? hits.map((hit) => (hit as { id?: unknown } | null)?.id).filter((id): id is string => typeof id === 'string') : [];
    const readLater = trace.slice(i + 1).some((later) => later.tool === 'read_page' && ids.includes(String((later.input as { id?: unknown } | null)?.id)));
    return readLater || ids.some((id) => cited.has(id));
  };

  const wasted: Evaluation['wasted'] = [];
  trace.forEach((call, i) => {
    // A repeat: the same call as an earlier one that worked (a retry of a failure is judged as recovery).
    if (trace.slice(0, i).some((earlier) => !earlier.isError && sameCall(earlier, call))) wasted.push({ index: i, why: 'repeat' });
    else if (!call.isError && READ_ONLY.has(call.tool) && !used(i)) wasted.push({ index: i, why: 'unused' });
  });

  // Evidence: the answer uses a page read or a status got, and cites no page it did not read.
  const read = new Set(trace.filter((call) => call.tool === 'read_page' && !call.isError).map((call) => String((call.input as { id?: unknown } | null)?.id)));
  const grounded = trace.some((call, i) => !call.isError && (call.tool === 'read_page' || call.tool === 'service_status') && used(i));
  const usedEvidence = grounded && [...cited].every((id) => read.has(String(id)));

  // Recovery: after an error the run still answered, without making the failed call again unchanged.
  let errors = 0;
  let recovered = 0;
  trace.forEach((call, i) => {
    if (!call.isError) return;
    errors++;
    if (run.stoppedBecause === 'done' && !trace.slice(i + 1).some((later) => sameCall(later, call))) recovered++;
  });

  const failures: Failure[] = [];
  if (run.stoppedBecause !== 'done') failures.push('stopped-early');
  if (!usedEvidence) failures.push('no-evidence');
  if (recovered < errors) failures.push('unrecovered-error');
  if (wasted.length > maxWasted) failures.push('wasteful');
  return { wasted, errors, recovered, usedEvidence, pass: failures.length === 0, failures };
}

/** The same tool with the same input: equal JSON values, whatever the order of object keys. */
function sameCall(a: TraceEntry, b: TraceEntry): boolean {
  return a.tool === b.tool && JSON.stringify(a.input) === JSON.stringify(b.input);
}

/** A value as JSON with every object's keys sorted. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function parse<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
