import type Anthropic from '@anthropic-ai/sdk';

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
  const messages: Anthropic.MessageParam[] = [{ role: 'user', content: options.question }];

  const response = await options.client.messages.create({
    model: options.model,
    max_tokens: 1024,
    system: SYSTEM,
    tools: options.tools.map((tool) => tool.definition),
    messages,
  });
  messages.push({ role: 'assistant', content: response.content });

  // TODO: this answers after one call, even when the model asked for a tool (stop_reason
  // "tool_use"). Make it a ReAct loop: run every tool the response asks for, record each call
  // in the trace, send the results back in one user turn, and call the model again, until it
  // answers or maxSteps calls have been made. See STAGE-1.md.
  return { answer: textOf(response), stoppedBecause: 'done', steps: 1, trace: [] };
}

/** The text blocks of a response, joined. */
function textOf(response: Anthropic.Message): string {
  return response.content
    .filter((block): block is Anthropic.TextBlock => block.type === 'text')
    .map((block) => block.text)
    .join('');
}
