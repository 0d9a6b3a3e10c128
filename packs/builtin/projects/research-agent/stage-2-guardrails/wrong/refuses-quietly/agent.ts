import type Anthropic from '@anthropic-ai/sdk';
import { ToolPolicy } from './policy';

/** A tool the agent may call: its definition for the model, and the code that runs it. */
export interface AgentTool {
  definition: Anthropic.Tool;
  /** Runs the tool with the model's input and returns its result as text. */
  run(input: unknown): Promise<string>;
}

/** One tool call of a run, as the trace records it: the ReAct triple (thought, action, observation). */
export interface TraceEntry {
  /** The number of the model call whose response asked for this tool (1 for the first). */
  step: number;
  /** The text the model wrote in that response, before its tool calls ('' when none). */
  thought: string;
  tool: string;
  input: unknown;
  /** The text sent back to the model in the tool_result. */
  result: string;
  /** Whether that tool_result had is_error: true. */
  isError: boolean;
}

export interface ResearchOptions {
  client: Anthropic;
  model: string;
  /** The user's question, sent as the first user turn. */
  question: string;
  tools: AgentTool[];
  /** The most model calls one run may make. Default 6. */
  maxSteps?: number;
  /** Asks the on-call engineer to approve a dangerous call; resolves true when they do. */
  approve?: (request: ApprovalRequest) => Promise<boolean>;
}

export interface ApprovalRequest {
  tool: string;
  input: unknown;
}

export interface ResearchResult {
  /** The model's final answer; when the run stopped before one, a sentence that says so. */
  answer: string;
  stoppedBecause: 'done' | 'max-steps';
  /** How many model calls got an answer. */
  steps: number;
  trace: TraceEntry[];
}

export const SYSTEM = [
  "You are Kestrel's research agent. You answer questions about Kestrel's internal services",
  'with the tools you are given: search the docs, read pages, check service status.',
  'Before each tool call, say in one sentence what you are about to do and why.',
  'Answer only from what the tools told you, and cite every page you rely on as [page-id].',
].join(' ');

export async function research(options: ResearchOptions): Promise<ResearchResult> {
  const maxSteps = options.maxSteps ?? 6;
  const messages: Anthropic.MessageParam[] = [{ role: 'user', content: options.question }];
  const trace: TraceEntry[] = [];
  // One policy per run: what it learns (a service reported down) is evidence for this run only.
  const policy = new ToolPolicy();

  for (let step = 1; step <= maxSteps; step++) {
    // Reason: the model sees the question and every observation so far.
    const response = await options.client.messages.create({
      model: options.model,
      max_tokens: 1024,
      system: SYSTEM,
      tools: options.tools.map((tool) => tool.definition),
      messages,
    });
    messages.push({ role: 'assistant', content: response.content });
    const thought = textOf(response);
    if (response.stop_reason !== 'tool_use') return { answer: thought, stoppedBecause: 'done', steps: step, trace };
    // At the limit, the tools this response asks for would run for nothing: no model call is left to read them.
    if (step === maxSteps) break;

    // Act, then observe: every tool_use gets its tool_result, all in one user turn.
    const results: Anthropic.ToolResultBlockParam[] = [];
    for (const block of response.content) {
      if (block.type !== 'tool_use') continue;
      const { content, isError } = await act(options, policy, block);
      results.push({ type: 'tool_result', tool_use_id: block.id, content, ...(isError ? { is_error: true } : {}) });
      trace.push({ step, thought, tool: block.name, input: block.input, result: content, isError });
    }
    messages.push({ role: 'user', content: results });
  }
  return { answer: `The research stopped after ${maxSteps} model calls, before the model gave an answer.`, stoppedBecause: 'max-steps', steps: maxSteps, trace };
}

/**
 * Puts the call through the policy, and runs it only when the policy allows it (and, for a
 * dangerous call, the on-call approved it). A refusal goes back to the model as an error, with
 * the reason, so it can choose another way.
 */
async function act(options: ResearchOptions, policy: ToolPolicy, call: Anthropic.ToolUseBlock): Promise<{ content: string; isError: boolean }> {
  const tool = options.tools.find((candidate) => candidate.definition.name === call.name);
  if (!tool) return { content: `There is no tool named "${call.name}". Use one of: ${options.tools.map((each) => each.definition.name).join(', ')}.`, isError: true };
  const verdict = policy.check(call.name, call.input);
  // Not run, and the model does not need to know: it would only argue.
  if (verdict.decision === 'refuse') return { content: 'Done.', isError: false };
  if (verdict.decision === 'ask') {
    // Awaited: the promise itself is truthy, the answer may be no.
    const approved = options.approve ? await options.approve({ tool: call.name, input: call.input }) : false;
    if (approved !== true) return { content: `Refused: the on-call engineer did not approve this ${call.name} call.`, isError: true };
  }
  const content = await tool.run(call.input);
  policy.observe(call.name, call.input, content);
  return { content, isError: false };
}

/** The text blocks of a response, joined. */
function textOf(response: Anthropic.Message): string {
  return response.content
    .filter((block): block is Anthropic.TextBlock => block.type === 'text')
    .map((block) => block.text)
    .join('');
}
