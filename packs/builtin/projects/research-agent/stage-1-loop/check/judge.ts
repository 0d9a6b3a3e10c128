// What every stage of the research-agent project judges the same way: that research() returned a
// well-formed result, that its trace records exactly the calls the model made and the results the
// model was sent, and that the conversation carried the question and the tools. All of it is read
// from the requests as they reached the simulator, never from the learner's source.
// This file stays in the pack; learners never see it.
import { blocksOf, resultText, sameValue, textOf } from './world';

export interface TraceEntry {
  at: number;
  status: number;
  body: unknown;
  response?: unknown;
  retryCount?: number;
}

export interface Outcome {
  result?: unknown;
  error?: string;
  timedOut: boolean;
  virtualTimeLimitMs?: number;
  requests: TraceEntry[];
  toolCalls: { name: string; input: unknown }[];
}

export interface Step {
  step: number;
  thought: string;
  tool: string;
  input: unknown;
  result: string;
  isError: boolean;
}

export interface ResearchResult {
  answer: string;
  stoppedBecause: string;
  steps: number;
  trace: Step[];
  error?: string;
}

type Block = { type: string; id?: string; name?: string; input?: unknown; tool_use_id?: string; is_error?: boolean; content?: unknown; text?: string };
type Body = { messages?: { role: string; content: unknown }[]; tools?: { name: string }[] };

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
export const calls = (n: number): string => plural(n, 'model call');

/** research() returned a result of the right shape: its problems otherwise. */
export function finished(outcome: Outcome): { result?: ResearchResult; problems: string[] } {
  if (outcome.virtualTimeLimitMs !== undefined) {
    return { problems: [`research was still waiting after ${outcome.virtualTimeLimitMs / 60_000} minutes of the check's virtual time (${calls(outcome.requests.length)}), so the scenario was stopped.`] };
  }
  if (outcome.timedOut) return { problems: [`research did not return (after ${calls(outcome.requests.length)}). A research run ends when the model answers, or at the step limit.`] };
  if (outcome.error !== undefined) return { problems: [`research threw: ${outcome.error.replace(/\.?$/, '.')}`] };
  const result = outcome.result as Partial<ResearchResult> | undefined;
  const missing = [
    typeof result?.answer !== 'string' ? 'answer (a string)' : '',
    typeof result?.stoppedBecause !== 'string' ? 'stoppedBecause' : '',
    typeof result?.steps !== 'number' ? 'steps (a number)' : '',
    !Array.isArray(result?.trace) ? 'trace (a list)' : '',
  ].filter(Boolean);
  if (missing.length > 0) return { problems: [`research must return { answer, stoppedBecause, steps, trace }; ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing.`] };
  return { result: result as ResearchResult, problems: [] };
}

/** The requests that got an answer (status 200), with their index in the trace. */
export function answered(outcome: Outcome): { index: number; entry: TraceEntry; content: Block[] }[] {
  return outcome.requests.flatMap((entry, index) => {
    const content = (entry.response as { content?: Block[] } | undefined)?.content;
    return entry.status === 200 && Array.isArray(content) ? [{ index, entry, content }] : [];
  });
}

/** The tool_result blocks the request at `index` carries in its last user turn. */
export function resultsSentBy(outcome: Outcome, index: number): Block[] {
  const body = outcome.requests[index]?.body as Body | undefined;
  const last = body?.messages?.at(-1);
  return last?.role === 'user' ? (blocksOf(last.content) as Block[]).filter((block) => block.type === 'tool_result') : [];
}

/**
 * The trace a correct loop returns here, read from the requests: for each tool_use the model
 * asked for and whose result was sent back (in the next request), the model call's number, its
 * text, the call, and the tool_result that answered it.
 */
export function expectedTrace(outcome: Outcome): Step[] {
  const steps: Step[] = [];
  answered(outcome).forEach(({ index, content }, n) => {
    const uses = content.filter((block) => block.type === 'tool_use');
    if (uses.length === 0 || index + 1 >= outcome.requests.length) return;
    const results = resultsSentBy(outcome, index + 1);
    const thought = content.map((block) => (block.type === 'text' ? (block.text ?? '') : '')).join('');
    for (const use of uses) {
      const answer = results.find((block) => block.tool_use_id === use.id);
      steps.push({ step: n + 1, thought, tool: String(use.name), input: use.input, result: resultText(answer?.content), isError: answer?.is_error === true });
    }
  });
  return steps;
}

const squash = (text: unknown): string => String(text ?? '').replace(/\s+/g, ' ').trim();
const show = (value: unknown, limit = 70): string => {
  if (typeof value === 'string') {
    const text = squash(value);
    return JSON.stringify(text.length > limit ? `${text.slice(0, limit - 1)}…` : text);
  }
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
};

/** The trace's problems: it must hold one entry per tool call, in order, as the model was told. */
export function traceProblems(outcome: Outcome, result: ResearchResult): string[] {
  const expected = expectedTrace(outcome);
  const trace = result.trace;
  if (trace.length !== expected.length) {
    const names = expected.map((step) => step.tool).join(', ') || 'none';
    return [`trace has ${plural(trace.length, 'entry', 'entries')}; the model's tool calls whose results went back to it were ${expected.length} (${names}): one entry per call, in order.`];
  }
  for (let i = 0; i < expected.length; i++) {
    const want = expected[i] as Step;
    const got = (trace[i] ?? {}) as Partial<Step>;
    const where = `trace[${i}] (the ${want.tool} call of model call ${want.step})`;
    if (got.tool !== want.tool) return [`${where} has tool ${show(got.tool)}; it should be ${show(want.tool)}.`];
    if (got.step !== want.step) return [`${where} has step ${show(got.step)}; step is the number of the model call that asked for the tool (1 for the first), so ${want.step}.`];
    if (!sameValue(got.input, want.input)) return [`${where} has input ${show(got.input)}; it should be the input the model sent, ${show(want.input)}.`];
    if (squash(got.thought) !== squash(want.thought)) return [`${where} has thought ${show(got.thought)}; it should be the text the model wrote in that response, ${show(want.thought)}.`];
    if (squash(got.result) !== squash(want.result)) return [`${where} has result ${show(got.result)}; it should be the text sent back to the model in its tool_result, ${show(want.result)}.`];
    if (got.isError !== want.isError) return [`${where} has isError ${show(got.isError)}; its tool_result was sent ${want.isError ? 'with' : 'without'} is_error: true, so ${String(want.isError)}.`];
  }
  return [];
}

/** Every request starts with the question as the first user turn and offers every lent tool. */
export function conversationProblems(outcome: Outcome, question: string, toolNames: string[]): string[] {
  const problems: string[] = [];
  outcome.requests.forEach((entry, i) => {
    if (problems.length > 0) return;
    const body = entry.body as Body | undefined;
    const first = body?.messages?.[0];
    if (first?.role !== 'user' || squash(textOf(first.content)) !== squash(question)) {
      problems.push(`Model call ${i + 1} did not start with the question as the first user turn (${show(first ? textOf(first.content) : undefined)}); every call carries the whole conversation, from the question on.`);
      return;
    }
    const offered = (body?.tools ?? []).map((tool) => tool.name);
    const missing = toolNames.filter((name) => !offered.includes(name));
    if (missing.length > 0) problems.push(`Model call ${i + 1} did not offer ${missing.join(', ')}; offer every tool research() is given, with every call.`);
  });
  return problems;
}

/** A run the model finished: stoppedBecause "done", its final text as the answer, steps counted. */
export function doneProblems(outcome: Outcome, result: ResearchResult): string[] {
  const problems: string[] = [];
  const replies = answered(outcome);
  const last = replies.at(-1);
  const finalText = last ? last.content.map((block) => (block.type === 'text' ? (block.text ?? '') : '')).join('') : '';
  const lastAskedForTools = last?.content.some((block) => block.type === 'tool_use') ?? false;
  if (lastAskedForTools) {
    problems.push(`research returned after ${calls(outcome.requests.length)}, but the model's last response asked for tools (stop_reason "tool_use"): run them, send their results back, and call the model again until it answers.`);
    return problems;
  }
  if (result.stoppedBecause !== 'done') problems.push(`stoppedBecause is ${show(result.stoppedBecause)}; the model finished its answer (end_turn), so it should be "done".`);
  if (squash(result.answer) !== squash(finalText)) problems.push(`answer is ${show(result.answer)}; it should be the text of the model's final response, ${show(finalText)}.`);
  if (result.steps !== replies.length) problems.push(`steps is ${show(result.steps)}, but ${calls(replies.length)} got an answer.`);
  return problems;
}

/** The tool runs the judge saw, as "name(input)", for messages. */
export function runsOf(outcome: Outcome): string {
  return outcome.toolCalls.map((call) => `${call.name}(${JSON.stringify(call.input)})`).join(', ') || 'none';
}
