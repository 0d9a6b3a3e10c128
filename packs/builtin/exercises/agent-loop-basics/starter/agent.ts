import type Anthropic from '@anthropic-ai/sdk';

/** A tool the agent may call: its definition for the model, and the code that runs it. */
export interface AgentTool {
  definition: Anthropic.Tool;
  /** Runs the tool with the model's input. Throws when the tool fails. */
  run(input: unknown): Promise<string>;
}

export interface AgentOptions {
  client: Anthropic;
  model: string;
  /** The user's request, sent as the first user turn. */
  task: string;
  tools: AgentTool[];
  system?: string;
  /** The most model calls the loop may make. Default 8. */
  maxSteps?: number;
  /** max_tokens for each call. Default 1024. */
  maxTokens?: number;
}

export interface AgentResult {
  /** Text of the model's final answer; empty when the loop stopped before one. */
  answer: string;
  stoppedBecause: 'done' | 'max-steps' | 'max-tokens';
  /** How many model calls were made. */
  steps: number;
  /** The whole conversation, the final assistant turn included. */
  messages: Anthropic.MessageParam[];
}

export async function runAgent(options: AgentOptions): Promise<AgentResult> {
  const messages: Anthropic.MessageParam[] = [{ role: 'user', content: options.task }];

  const response = await options.client.messages.create({
    model: options.model,
    max_tokens: options.maxTokens ?? 1024,
    ...(options.system ? { system: options.system } : {}),
    tools: options.tools.map((tool) => tool.definition),
    messages,
  });
  messages.push({ role: 'assistant', content: response.content });

  // TODO: this answers after a single call, even when the model asked for a tool
  // (stop_reason "tool_use"). Turn it into a loop: run the tools, send their results back,
  // and call the model again, within maxSteps. See README.md.
  return { answer: textOf(response), stoppedBecause: 'done', steps: 1, messages };
}

/** The text blocks of a response, joined. */
function textOf(response: Anthropic.Message): string {
  return response.content
    .filter((block): block is Anthropic.TextBlock => block.type === 'text')
    .map((block) => block.text)
    .join('');
}
