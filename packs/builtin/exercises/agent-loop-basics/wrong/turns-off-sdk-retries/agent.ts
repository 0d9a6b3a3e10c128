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
  const maxSteps = options.maxSteps ?? 8;
  const toolsByName = new Map(options.tools.map((tool) => [tool.definition.name, tool]));
  const messages: Anthropic.MessageParam[] = [{ role: 'user', content: options.task }];

  for (let step = 1; step <= maxSteps; step++) {
    const response = await options.client.messages.create({
      model: options.model,
      max_tokens: options.maxTokens ?? 1024,
      ...(options.system ? { system: options.system } : {}),
      tools: options.tools.map((tool) => tool.definition),
      messages,
    }, { maxRetries: 0 }); // fail fast: waiting on a busy API only slows the user down
    messages.push({ role: 'assistant', content: response.content });

    if (response.stop_reason === 'max_tokens') {
      return { answer: textOf(response), stoppedBecause: 'max-tokens', steps: step, messages };
    }
    if (response.stop_reason !== 'tool_use') {
      return { answer: textOf(response), stoppedBecause: 'done', steps: step, messages };
    }

    // Every tool_use gets exactly one tool_result, all of them in one user turn.
    const results: Anthropic.ToolResultBlockParam[] = [];
    for (const block of response.content) {
      if (block.type !== 'tool_use') continue;
      results.push(await runTool(toolsByName.get(block.name), block));
    }
    messages.push({ role: 'user', content: results });
  }
  return { answer: '', stoppedBecause: 'max-steps', steps: maxSteps, messages };
}

async function runTool(tool: AgentTool | undefined, call: Anthropic.ToolUseBlock): Promise<Anthropic.ToolResultBlockParam> {
  if (!tool) {
    return { type: 'tool_result', tool_use_id: call.id, is_error: true, content: `Unknown tool "${call.name}".` };
  }
  try {
    return { type: 'tool_result', tool_use_id: call.id, content: await tool.run(call.input) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { type: 'tool_result', tool_use_id: call.id, is_error: true, content: `Tool "${call.name}" failed: ${message}` };
  }
}

/** The text blocks of a response, joined. */
function textOf(response: Anthropic.Message): string {
  return response.content
    .filter((block): block is Anthropic.TextBlock => block.type === 'text')
    .map((block) => block.text)
    .join('');
}
