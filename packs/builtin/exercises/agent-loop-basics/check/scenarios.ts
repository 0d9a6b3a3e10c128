// The harness of the agent-loop-basics exercise: conversations the local simulator plays
// against the learner's runAgent, and what a correct loop does in each. The checks look only
// at behaviour (what was sent, what came back), never at how the loop is written.
// This file stays in the pack; learners never see it.
import type Anthropic from '@anthropic-ai/sdk';

interface TraceEntry {
  status: number;
  body: unknown;
  response: unknown;
}

interface AgentOutcome {
  result?: unknown;
  error?: string;
  timedOut: boolean;
  requests: TraceEntry[];
  toolCalls: { name: string; input: unknown }[];
}

interface AgentResult {
  answer: string;
  stoppedBecause: string;
  steps: number;
  messages: Anthropic.MessageParam[];
}

const lookupOrder: Anthropic.Tool = {
  name: 'lookup_order',
  description: 'Find an order by its id. Returns its status and tracking number.',
  input_schema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
};
const trackShipment: Anthropic.Tool = {
  name: 'track_shipment',
  description: 'Ask the carrier where a parcel is, by tracking number.',
  input_schema: { type: 'object', properties: { tracking: { type: 'string' } }, required: ['tracking'] },
};

const orders: Record<string, string> = { '1042': 'shipped, tracking ZX9', '1043': 'being packed' };
const tools = {
  lookupOrder: { definition: lookupOrder, run: async (input: unknown) => orders[(input as { id: string }).id] ?? 'no such order' },
  trackShipment: { definition: trackShipment, run: async () => 'in the Lyon depot, delivery on Friday' },
  brokenCarrier: {
    definition: trackShipment,
    run: async (): Promise<string> => {
      throw new Error('carrier API timed out');
    },
  },
};

const text = (value: string) => ({ type: 'text', text: value });
const toolUse = (name: string, input: Record<string, unknown>) => ({ type: 'tool_use', name, input });

/** The problems every scenario shares: the function must return, with a well-formed result. */
function finished(outcome: AgentOutcome): { result?: AgentResult; problems: string[] } {
  if (outcome.timedOut) {
    return { problems: [`runAgent did not return (after ${outcome.requests.length} model calls). A correct loop returns as soon as the model stops asking for tools, or when maxSteps is reached.`] };
  }
  if (outcome.error !== undefined) return { problems: [`runAgent threw: ${outcome.error.replace(/\.?$/, '.')}`] };
  const result = outcome.result as Partial<AgentResult> | undefined;
  if (!result || typeof result.answer !== 'string' || typeof result.stoppedBecause !== 'string' || !Array.isArray(result.messages)) {
    return { problems: ['runAgent must return { answer, stoppedBecause, steps, messages }.'] };
  }
  return { result: result as AgentResult, problems: [] };
}

/** The tool_result blocks of the last request's last user turn. */
function lastToolResults(outcome: AgentOutcome): Anthropic.ToolResultBlockParam[] {
  const body = outcome.requests.at(-1)?.body as { messages?: Anthropic.MessageParam[] } | undefined;
  const content = body?.messages?.at(-1)?.content;
  return Array.isArray(content) ? content.flatMap((block) => (block.type === 'tool_result' ? [block] : [])) : [];
}

const SYSTEM = 'You are the support assistant of Ledgerly. Answer in one short sentence.';

/** The system prompt a request carried, as text (a string or text blocks); undefined when none. */
function systemOf(body: unknown): string | undefined {
  const system = (body as { system?: unknown } | undefined)?.system;
  if (system === undefined) return undefined;
  if (typeof system === 'string') return system;
  return Array.isArray(system) ? system.map((block: { type?: string; text?: string }) => (block.type === 'text' ? block.text ?? '' : '')).join('') : String(system);
}

export const scenarios = [
  {
    name: 'answers after looking up the order and tracking the parcel',
    task: 'Where is order 1042?',
    tools: [tools.lookupOrder, tools.trackShipment],
    rules: [
      { when: { turn: 1 }, reply: { content: [text('Let me look up that order.'), toolUse('lookup_order', { id: '1042' })] } },
      { when: { toolResult: { name: 'lookup_order' } }, reply: { content: [toolUse('track_shipment', { tracking: 'ZX9' })] } },
      { when: { toolResult: { name: 'track_shipment' } }, reply: { content: [text('Order 1042 is in the Lyon depot and arrives on Friday.')] } },
    ],
    check(outcome: AgentOutcome): string[] {
      const { result, problems } = finished(outcome);
      if (!result) return problems;
      if (result.stoppedBecause !== 'done') problems.push(`stoppedBecause is "${result.stoppedBecause}"; the model finished with end_turn, so it should be "done".`);
      if (!result.answer.includes('arrives on Friday')) problems.push(`The answer should be the model's final text; it was ${JSON.stringify(result.answer)}.`);
      if (outcome.requests.length !== 3) problems.push(`It made ${outcome.requests.length} model calls; this conversation needs 3.`);
      if (result.steps !== outcome.requests.length) problems.push(`steps is ${result.steps}, but ${outcome.requests.length} model calls were made.`);
      if (result.messages.at(-1)?.role !== 'assistant') problems.push('The returned conversation should end with the model\'s final assistant turn.');
      if (outcome.toolCalls.map((call) => call.name).join(',') !== 'lookup_order,track_shipment') {
        problems.push(`Tools run: ${outcome.toolCalls.map((call) => call.name).join(', ') || 'none'}; expected lookup_order, then track_shipment.`);
      }
      return problems;
    },
  },
  {
    name: 'runs parallel tool calls and answers them all in one turn',
    task: 'What is the status of orders 1042 and 1043?',
    tools: [tools.lookupOrder],
    rules: [
      { when: { turn: 1 }, reply: { content: [toolUse('lookup_order', { id: '1042' }), toolUse('lookup_order', { id: '1043' })] } },
      { when: { turn: 2 }, reply: { content: [text('1042 has shipped; 1043 is being packed.')] } },
    ],
    check(outcome: AgentOutcome): string[] {
      const { result, problems } = finished(outcome);
      if (!result) return problems;
      if (outcome.toolCalls.length !== 2) problems.push(`The model asked for two lookups in one turn; ${outcome.toolCalls.length} were run. Run every tool_use block of a response.`);
      const results = lastToolResults(outcome);
      if (results.length !== 2) problems.push(`The follow-up request carried ${results.length} tool_result blocks in its last turn; both results belong in one user turn.`);
      return problems;
    },
  },
  {
    name: 'reports a failing tool to the model with is_error, and carries on',
    task: 'Where is the parcel with tracking number ZX9?',
    tools: [tools.brokenCarrier],
    rules: [
      { when: { turn: 1 }, reply: { content: [toolUse('track_shipment', { tracking: 'ZX9' })] } },
      { when: { toolResult: { name: 'track_shipment', isError: true } }, reply: { content: [text('The carrier is not answering right now; please try again later.')] } },
      { when: { turn: 2 }, reply: { content: [text('(the tool result was not marked as an error)')] } },
    ],
    check(outcome: AgentOutcome): string[] {
      const { result, problems } = finished(outcome);
      if (!result) return [...problems, 'A tool that throws must not end the loop: catch the error and send it back as a tool_result with is_error: true.'];
      const [toolResult] = lastToolResults(outcome);
      if (toolResult?.is_error !== true) problems.push('The failing tool\'s tool_result must have is_error: true, so the model knows the call failed.');
      const content = typeof toolResult?.content === 'string' ? toolResult.content : JSON.stringify(toolResult?.content ?? '');
      if (!content.includes('carrier API timed out')) problems.push('Include the error message in the tool_result, so the model can tell the user what went wrong.');
      if (!result.answer.includes('not answering')) problems.push(`The model should get to answer after the failure; the answer was ${JSON.stringify(result.answer)}.`);
      return problems;
    },
  },
  {
    name: 'answers a call to an unknown tool with an error result',
    task: 'Please refund order 1042.',
    tools: [tools.lookupOrder],
    rules: [
      { when: { turn: 1 }, reply: { content: [toolUse('refund_order', { id: '1042' })] } },
      { when: { toolResult: { name: 'refund_order', isError: true } }, reply: { content: [text('I cannot issue refunds myself; a colleague will contact you.')] } },
      { when: { turn: 2 }, reply: { content: [text('(the unknown tool was not reported as an error)')] } },
    ],
    check(outcome: AgentOutcome): string[] {
      const { result, problems } = finished(outcome);
      if (!result) return [...problems, 'Every tool_use needs a tool_result, even for a tool you do not have: answer it with is_error: true.'];
      const [toolResult] = lastToolResults(outcome);
      if (toolResult?.is_error !== true) problems.push('The tool_result for an unknown tool must have is_error: true.');
      if (!result.answer.includes('cannot issue refunds')) problems.push(`The model should get to answer; the answer was ${JSON.stringify(result.answer)}.`);
      return problems;
    },
  },
  {
    name: 'sends the system prompt with every call',
    task: 'Where is order 1042?',
    tools: [tools.lookupOrder],
    options: { system: SYSTEM },
    rules: [
      { when: { turn: 1 }, reply: { content: [toolUse('lookup_order', { id: '1042' })] } },
      { when: { turn: 2 }, reply: { content: [text('Order 1042 has shipped.')] } },
    ],
    check(outcome: AgentOutcome): string[] {
      const { result, problems } = finished(outcome);
      if (!result) return problems;
      outcome.requests.forEach((entry, i) => {
        const system = systemOf(entry.body);
        if (system === undefined) problems.push(`Model call ${i + 1} carried no system prompt; pass options.system as \`system\` on every call, not only the first.`);
        else if (system !== SYSTEM) problems.push(`Model call ${i + 1} carried the system prompt ${JSON.stringify(system.slice(0, 80))}; it should be options.system as given: ${JSON.stringify(SYSTEM)}.`);
      });
      if (outcome.requests.length === 0) problems.push('It made no model call.');
      return problems;
    },
  },
  {
    name: 'stops at maxSteps when the model never stops calling tools',
    task: 'Where is order 1042?',
    tools: [tools.lookupOrder],
    options: { maxSteps: 3 },
    rules: [{ reply: { content: [text('Let me check again.'), toolUse('lookup_order', { id: '1042' })] } }],
    check(outcome: AgentOutcome): string[] {
      const { result, problems } = finished(outcome);
      if (!result) return problems;
      const calls = outcome.requests.length;
      if (calls > 3) problems.push(`With maxSteps: 3 it made ${calls} model calls; maxSteps: 3 allows 3.`);
      if (calls < 3) problems.push(`With maxSteps: 3 it stopped after ${calls} model ${calls === 1 ? 'call' : 'calls'}; the model asked for a tool every time, so the loop should use all 3 steps.`);
      if (result.stoppedBecause !== 'max-steps') problems.push(`stoppedBecause is "${result.stoppedBecause}"; the limit ended the loop, so it should be "max-steps".`);
      return problems;
    },
  },
  {
    name: 'stops after 8 model calls when no maxSteps is given',
    task: 'Where is order 1042?',
    tools: [tools.lookupOrder],
    rules: [{ reply: { content: [text('Let me check again.'), toolUse('lookup_order', { id: '1042' })] } }],
    check(outcome: AgentOutcome): string[] {
      const { result, problems } = finished(outcome);
      if (!result) return problems;
      const calls = outcome.requests.length;
      if (calls !== 8) problems.push(`Without maxSteps it made ${calls} model ${calls === 1 ? 'call' : 'calls'}; the default limit is 8, and the model asked for a tool every time, so the loop should make exactly 8.`);
      if (result.stoppedBecause !== 'max-steps') problems.push(`stoppedBecause is "${result.stoppedBecause}"; the default limit ended the loop, so it should be "max-steps".`);
      return problems;
    },
  },
  {
    name: 'stops when the answer is cut off by max_tokens',
    task: 'Tell me everything about order 1042.',
    tools: [tools.lookupOrder],
    options: { maxTokens: 40 },
    rules: [{ reply: { content: [text('Order 1042 was placed on Monday. '.repeat(30))] } }],
    check(outcome: AgentOutcome): string[] {
      const { result, problems } = finished(outcome);
      if (!result) return problems;
      if (result.stoppedBecause !== 'max-tokens') problems.push(`The response stopped with stop_reason "max_tokens"; stoppedBecause should be "max-tokens", not "${result.stoppedBecause}".`);
      if (outcome.requests.length !== 1) problems.push(`It made ${outcome.requests.length} model calls; a cut-off answer ends the loop after 1.`);
      return problems;
    },
  },
  {
    name: 'gets through a rate limit: the SDK retries it, the loop carries on',
    task: 'Where is order 1043?',
    tools: [tools.lookupOrder],
    rules: [
      { times: 1, error: { status: 429, retryAfter: 0.05 } },
      { when: { turn: 1 }, reply: { content: [toolUse('lookup_order', { id: '1043' })] } },
      { when: { turn: 2 }, reply: { content: [text('Order 1043 is being packed.')] } },
    ],
    check(outcome: AgentOutcome): string[] {
      const { result, problems } = finished(outcome);
      if (!result) return [...problems, 'Use the client you are given as it is: the SDK retries a 429 by itself.'];
      if (!result.answer.includes('being packed')) problems.push(`The answer should be the model's reply after the lookup ("Order 1043 is being packed."); it was ${result.answer === '' ? 'empty' : JSON.stringify(result.answer)}.`);
      return problems;
    },
  },
];
