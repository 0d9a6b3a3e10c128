import Anthropic from '@anthropic-ai/sdk';
import type { z } from 'zod';

/** A tool: its definition for the model, the schema its input must match, and its code. */
export interface AgentTool<Input = unknown> {
  definition: Anthropic.Tool;
  schema: z.ZodType<Input>;
  /** Runs the tool on valid input. Throws when the tool fails. */
  run(input: Input): Promise<string>;
}

export interface AgentOptions {
  /** Created with maxRetries: 0: retrying failed model calls is this loop's job. */
  client: Anthropic;
  model: string;
  task: string;
  tools: AgentTool[];
  system?: string;
  /** The most model calls that get an answer. Default 8. */
  maxSteps?: number;
  maxTokens?: number;
  /** How many times one model call may be retried after a retryable failure. Default 3. */
  maxRetries?: number;
}

export interface AgentResult {
  answer: string;
  stoppedBecause: 'done' | 'max-steps' | 'max-tokens' | 'api-error';
  /** Model calls that got an answer. */
  steps: number;
  /** Retries made, over the whole run. */
  retries: number;
  messages: Anthropic.MessageParam[];
  /** Why the API gave up, when stoppedBecause is "api-error". */
  error?: string;
}

const BASE_DELAY_MS = 250;
const MAX_DELAY_MS = 4000;

export async function runAgent(options: AgentOptions): Promise<AgentResult> {
  const maxSteps = options.maxSteps ?? 8;
  const messages: Anthropic.MessageParam[] = [{ role: 'user', content: options.task }];
  let retries = 0;

  for (let step = 1; step <= maxSteps; step++) {
    let response: Anthropic.Message | undefined;
    for (let attempt = 0; !response; attempt++) {
      try {
        response = await options.client.messages.create({
          model: options.model,
          max_tokens: options.maxTokens ?? 1024,
          ...(options.system ? { system: options.system } : {}),
          tools: options.tools.map((tool) => tool.definition),
          messages,
        });
      } catch (error) {
        if (!isRetryable(error) || attempt >= (options.maxRetries ?? 3)) {
          return { answer: '', stoppedBecause: 'api-error', steps: step - 1, retries, messages, error: describe(error) };
        }
        retries++;
        await sleep(retryDelay(error, attempt));
      }
    }
    messages.push({ role: 'assistant', content: response.content });
    const answer = response.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
    if (response.stop_reason !== 'tool_use') return { answer, stoppedBecause: 'done', steps: step, retries, messages };

    const results: Anthropic.ToolResultBlockParam[] = [];
    for (const block of response.content) {
      if (block.type === 'tool_use') results.push(await runTool(options.tools, block));
    }
    messages.push({ role: 'user', content: results });
  }
  return { answer: '', stoppedBecause: 'max-steps', steps: maxSteps, retries, messages };
}

/** Rate limits, overload, server errors and lost connections pass; a bad request never will. */
function isRetryable(error: unknown): boolean {
  if (error instanceof Anthropic.APIConnectionError) return true;
  if (error instanceof Anthropic.APIError) return error.status === 429 || error.status === 529 || (error.status !== undefined && error.status >= 500);
  return false;
}

/** What the server asked for (retry-after, in seconds), else exponential backoff with a cap. */
function retryDelay(error: unknown, attempt: number): number {
  const header = error instanceof Anthropic.APIError ? error.headers?.get('retry-after') : undefined;
  const seconds = header === undefined || header === null ? NaN : Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
}

async function runTool(tools: AgentTool[], call: Anthropic.ToolUseBlock): Promise<Anthropic.ToolResultBlockParam> {
  const tool = tools.find((candidate) => candidate.definition.name === call.name);
  if (!tool) return { type: 'tool_result', tool_use_id: call.id, is_error: true, content: `Unknown tool "${call.name}".` };
  const input = tool.schema.safeParse(call.input);
  if (!input.success) {
    const problems = input.error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`).join('; ');
    return { type: 'tool_result', tool_use_id: call.id, is_error: true, content: `Invalid input for ${call.name}: ${problems}` };
  }
  try {
    return { type: 'tool_result', tool_use_id: call.id, content: await tool.run(input.data) };
  } catch (error) {
    return { type: 'tool_result', tool_use_id: call.id, is_error: true, content: `${call.name} failed: ${describe(error)}` };
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
