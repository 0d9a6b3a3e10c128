import { z } from 'zod';
import { modelFamily } from '../model/prices';
import type { MessagesRequest } from './messagesRequest';

/**
 * A scenario is data: what the simulated model answers, rule by rule. For each request the
 * first rule whose `when` holds (and that has firings left) answers it with a `reply`, an
 * API `error`, or a network `fault`, after an optional `delayMs`.
 */
/**
 * A claim's citations: the document (its `document_index`, counted across the request's
 * document blocks) and the text it quotes, which must be in that document as sent. The
 * simulator works out where (see response.ts); a request that did not enable citations gets
 * the text without them, as from the API.
 */
const citation = z.strictObject({ document_index: z.int().min(0), cited_text: z.string().min(1) });
const textBlock = z.strictObject({ type: z.literal('text'), text: z.string(), citations: z.array(citation).min(1).optional() });
const toolUseBlock = z.strictObject({
  type: z.literal('tool_use'),
  name: z.string().min(1),
  input: z.record(z.string(), z.unknown()).default({}),
  id: z.string().optional(),
});

const reply = z.strictObject({
  content: z.array(z.discriminatedUnion('type', [textBlock, toolUseBlock])).default([]),
  stop_reason: z.enum(['end_turn', 'max_tokens', 'stop_sequence', 'tool_use', 'pause_turn', 'refusal']).optional(),
  usage: z.strictObject({ cache_creation_input_tokens: z.int().min(0).optional(), cache_read_input_tokens: z.int().min(0).optional() }).optional(),
});

/** The statuses the API answers errors with. */
export const ERROR_STATUSES = [400, 401, 403, 404, 408, 413, 429, 500, 502, 503, 504, 529];

const error = z.strictObject({
  status: z
    .int()
    .refine((status) => ERROR_STATUSES.includes(status), { message: `must be one of ${ERROR_STATUSES.join(', ')}` }),
  type: z.string().optional(),
  message: z.string().optional(),
  /** Seconds, sent as the `retry-after` header. */
  retryAfter: z.number().min(0).optional(),
  /** Sent as `x-should-retry`, which the SDK obeys before anything else. */
  shouldRetry: z.boolean().optional(),
  /** For a streaming request: answer 200, stream part of the message, then an `error` event. */
  midStream: z.boolean().optional(),
});

const when = z.strictObject({
  /** The assistant turn this request asks for: 1 + the assistant messages already in it. */
  turn: z.int().min(1).optional(),
  /** The last user message's text contains this. */
  userText: z.string().optional(),
  /** The last user message carries a tool_result for a tool_use of this tool… */
  toolResult: z
    .strictObject({ name: z.string().optional(), isError: z.boolean().optional(), contains: z.string().optional() })
    .optional(),
  /** The request offers tools (or none). */
  hasTools: z.boolean().optional(),
  stream: z.boolean().optional(),
  /** The request names this model, or a model of this family (`claude-haiku-4-5` matches its dated ids). */
  model: z.string().optional(),
  /** The system prompt contains this… */
  system: z.string().optional(),
  /** …and does not contain this. */
  systemLacks: z.string().optional(),
});

/** What answers a request: a `reply`, an API `error` or a network `fault`, after an optional `delayMs`. */
const answerFields = {
  name: z.string().optional(),
  delayMs: z.int().min(0).max(600_000).optional(),
  reply: reply.optional(),
  error: error.optional(),
  /** `drop`: close the connection without an answer; `drop-mid-stream`: after part of a stream. */
  fault: z.enum(['drop', 'drop-mid-stream']).optional(),
};
/**
 * One outcome: a reply, an error or a fault. A failure that comes mid-stream (`fault:
 * 'drop-mid-stream'`, an error with `midStream`) may also bring the reply whose first half
 * streams before it; without one, a stock sentence streams.
 */
const exactlyOneOutcome = (value: { reply?: unknown; error?: { midStream?: boolean | undefined } | undefined; fault?: string | undefined }): boolean => {
  const failures = [value.error, value.fault].filter((part) => part !== undefined).length;
  if (failures === 0) return value.reply !== undefined;
  return failures === 1 && (value.reply === undefined || value.fault === 'drop-mid-stream' || value.error?.midStream === true);
};
const OUTCOME_MESSAGE = 'exactly one of "reply", "error" or "fault" (a mid-stream error or fault may also bring the "reply" that streams before it)';

const rule = z
  .strictObject({
    ...answerFields,
    when: when.default({}),
    /** How many times the rule may answer; unlimited when absent. */
    times: z.int().min(1).optional(),
  })
  .refine(exactlyOneOutcome, { message: `a rule needs ${OUTCOME_MESSAGE}` });

/** A responder's answer, checked as a rule's outcome is. */
export const scenarioAnswerSchema = z
  .strictObject(answerFields)
  .refine(exactlyOneOutcome, { message: `an answer needs ${OUTCOME_MESSAGE}` });

export const scenarioSchema = z.strictObject({
  $schema: z.string().optional(),
  description: z.string().optional(),
  /** The model id /v1/models lists; requests may name any model. */
  model: z.string().default('claude-simulator-1'),
  rules: z.array(rule).min(1, 'a scenario needs at least one rule'),
});

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioRule = Scenario['rules'][number];
export type ScenarioReply = NonNullable<ScenarioRule['reply']>;
export type ScenarioError = NonNullable<ScenarioRule['error']>;
/** How the simulator answers one request, whether a rule or a responder chose it. */
export type ScenarioAnswer = z.output<typeof scenarioAnswerSchema>;

/**
 * A model written as code, for a harness that runs in the same process as the simulator (a
 * check's judge): when what the model says depends on more than a rule's `when` can hold
 * (what the whole prompt carries, say), the harness answers each request itself. It gets the
 * validated request and its facts, and returns what a rule would hold (`reply`, `error` or
 * `fault`, with `delayMs` and a `name` for the trace), or undefined to leave the request to
 * the scenario's rules. Its answer is checked as a rule is; the usage, stop reason and
 * `max_tokens` cut are the simulator's, as for a rule's reply.
 */
export type Responder = (request: MessagesRequest, facts: RequestFacts) => z.input<typeof scenarioAnswerSchema> | undefined;

/** With no scenario given: answer every request by echoing the user's last words. */
export const ECHO_SCENARIO: Scenario = {
  model: 'claude-simulator-1',
  rules: [{ name: 'echo', when: {}, reply: { content: [{ type: 'text', text: 'You said: {{userText}}' }] } }],
};

/** What a rule can look at in a request, worked out once per request. */
export interface RequestFacts {
  turn: number;
  userText: string;
  toolResults: { name: string | undefined; isError: boolean; content: string }[];
  hasTools: boolean;
  stream: boolean;
  system: string;
  model: string;
}

export function ruleMatches(rule: ScenarioRule, facts: RequestFacts): boolean {
  const { when } = rule;
  if (when.turn !== undefined && when.turn !== facts.turn) return false;
  if (when.userText !== undefined && !facts.userText.includes(when.userText)) return false;
  if (when.hasTools !== undefined && when.hasTools !== facts.hasTools) return false;
  if (when.stream !== undefined && when.stream !== facts.stream) return false;
  if (when.model !== undefined && modelFamily(facts.model, [when.model]) === undefined) return false;
  if (when.system !== undefined && !facts.system.includes(when.system)) return false;
  if (when.systemLacks !== undefined && facts.system.includes(when.systemLacks)) return false;
  const wanted = when.toolResult;
  if (wanted) {
    const found = facts.toolResults.some(
      (result) =>
        (wanted.name === undefined || result.name === wanted.name) &&
        (wanted.isError === undefined || result.isError === wanted.isError) &&
        (wanted.contains === undefined || result.content.includes(wanted.contains)),
    );
    if (!found) return false;
  }
  return true;
}

/** `{{userText}}`, `{{turn}}` and `{{toolResult}}` in reply text, filled from the request. */
export function fillTemplate(text: string, facts: RequestFacts): string {
  return text
    .replaceAll('{{userText}}', facts.userText)
    .replaceAll('{{turn}}', String(facts.turn))
    .replaceAll('{{toolResult}}', facts.toolResults.map((result) => result.content).join('\n'));
}
