import type { RequestFacts } from './scenario';

/** The parts of a Messages API request the simulator reads, after validation. */
export interface MessagesRequest {
  model: string;
  max_tokens: number;
  messages: { role: 'user' | 'assistant'; content: string | Block[] }[];
  system?: string | Block[];
  tools?: { name: string; input_schema?: unknown }[];
  stream?: boolean;
  stop_sequences?: string[];
}

type Block = { type: string; [key: string]: unknown };

const KNOWN_FIELDS = new Set([
  'model', 'max_tokens', 'messages', 'system', 'tools', 'tool_choice', 'stream', 'stop_sequences', 'temperature',
  'top_p', 'top_k', 'metadata', 'thinking', 'service_tier', 'container', 'mcp_servers', 'output_format', 'output_config',
  'context_management', 'inference_geo', 'cache_control',
]);
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** A request the API would refuse, with the API's kind of message (`field: problem`). */
export class InvalidRequest extends Error {}

/**
 * Checks a request body the way the Messages API does, and throws InvalidRequest with an
 * API-style message at the first problem: required fields, roles that alternate, non-empty
 * text, tool definitions (an object input schema, unique names) and tool_choice; every
 * tool_result answering a tool_use of the assistant turn just before it (and every tool_use
 * answered in the next turn), first in its message; tools defined whenever the history holds
 * tool blocks; no trailing whitespace in a final assistant turn; document blocks with a known
 * source, and citations enabled on all of them or none (and then no structured output format).
 */
/** The API version from which requests may carry no sampling parameters. */
export const SAMPLING_REMOVED_IN = '2026-10-21';

export function validateMessagesRequest(body: unknown, { countOnly = false, apiVersion }: { countOnly?: boolean; apiVersion?: string | undefined } = {}): MessagesRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new InvalidRequest('The request body must be a JSON object.');
  const request = body as Record<string, unknown>;
  for (const key of Object.keys(request)) if (!KNOWN_FIELDS.has(key)) throw new InvalidRequest(`${key}: Extra inputs are not permitted`);
  if (typeof request.model !== 'string' || request.model === '') throw new InvalidRequest(request.model === undefined ? 'model: Field required' : 'model: Input should be a valid string');
  if (!countOnly) {
    if (request.max_tokens === undefined) throw new InvalidRequest('max_tokens: Field required');
    if (!Number.isInteger(request.max_tokens)) throw new InvalidRequest('max_tokens: Input should be a valid integer');
    if ((request.max_tokens as number) < 1) throw new InvalidRequest('max_tokens: Input should be greater than or equal to 1');
  }
  // Sampling parameters: API version 2026-10-21 (which SDK 1.x sends) refuses them at any value;
  // 2023-06-01 takes each from 0 to 1.
  if (apiVersion !== undefined && apiVersion >= SAMPLING_REMOVED_IN) {
    for (const field of ['temperature', 'top_p', 'top_k'] as const) if (request[field] !== undefined) throw new InvalidRequest(`${field}: Extra inputs are not permitted`);
  }
  for (const field of ['temperature', 'top_p'] as const) validateUnitInterval(field, request[field]);
  if (request.stop_sequences !== undefined && (!Array.isArray(request.stop_sequences) || request.stop_sequences.some((item) => typeof item !== 'string'))) {
    throw new InvalidRequest('stop_sequences: Input should be a valid list of strings');
  }
  // A stop sequence needs some text besides whitespace: the API refuses "" and "\n\n".
  const stops = (request.stop_sequences ?? []) as string[];
  if (stops.some((item) => item === '')) throw new InvalidRequest('stop_sequences: each stop sequence must be non-empty');
  if (stops.some((item) => item.trim() === '')) throw new InvalidRequest('stop_sequences: each stop sequence must contain non-whitespace');
  validateTools(request.tools);
  validateToolChoice(request.tool_choice, request.tools as { name: string }[] | undefined);
  if (request.system !== undefined && typeof request.system !== 'string' && !Array.isArray(request.system)) {
    throw new InvalidRequest('system: Input should be a valid string or a list of text blocks');
  }
  const messages = request.messages;
  if (messages === undefined) throw new InvalidRequest('messages: Field required');
  if (!Array.isArray(messages)) throw new InvalidRequest('messages: Input should be a valid list');
  if (messages.length === 0) throw new InvalidRequest('messages: at least one message is required');
  messages.forEach((message, i) => validateMessage(message, i));
  for (let i = 1; i < messages.length; i++) {
    const role = (messages[i] as { role: string }).role;
    if (role === (messages[i - 1] as { role: string }).role) {
      throw new InvalidRequest(`messages: roles must alternate between "user" and "assistant", but found multiple "${role}" roles in a row`);
    }
  }
  if ((messages[0] as { role: string }).role !== 'user') throw new InvalidRequest('messages: first message must use the "user" role');
  const typed = messages as MessagesRequest['messages'];
  validateToolPairs(typed);
  const cited = documentsOf(typed).map((document) => document.citations);
  if (cited.includes(true) && cited.includes(false)) throw new InvalidRequest('Citations must be enabled on all or none of the documents in a request.');
  const format = (request.output_config as { format?: unknown } | undefined)?.format ?? request.output_format;
  if (cited.includes(true) && format !== undefined && format !== null) throw new InvalidRequest('Citations cannot be used together with structured outputs (output_config.format).');
  const usesTools = typed.some((message) => blocks(message.content).some((block) => block.type === 'tool_use' || block.type === 'tool_result'));
  if (usesTools && !(Array.isArray(request.tools) && request.tools.length > 0)) {
    throw new InvalidRequest('Requests which include `tool_use` or `tool_result` blocks must define tools.');
  }
  const last = typed[typed.length - 1];
  if (last?.role === 'assistant' && typed.length > 1) {
    const text = textOf(last.content);
    if (text !== '' && /\s$/.test(text)) throw new InvalidRequest('messages: final assistant content cannot end with trailing whitespace');
  }
  return request as unknown as MessagesRequest;
}

/** A number from 0 to 1, when present, with the API's message for each way it is not. */
function validateUnitInterval(field: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidRequest(`${field}: Input should be a valid number`);
  if (value < 0) throw new InvalidRequest(`${field}: Input should be greater than or equal to 0`);
  if (value > 1) throw new InvalidRequest(`${field}: Input should be less than or equal to 1`);
}

function validateToolChoice(choice: unknown, tools: { name: string }[] | undefined): void {
  if (choice === undefined) return;
  const candidate = choice as { type?: unknown; name?: unknown } | null;
  if (typeof candidate !== 'object' || candidate === null || !['auto', 'any', 'tool', 'none'].includes(String(candidate.type))) {
    throw new InvalidRequest("tool_choice: Input tag does not match any of the expected tags: 'auto', 'any', 'tool', 'none'");
  }
  if (candidate.type === 'tool') {
    if (typeof candidate.name !== 'string') throw new InvalidRequest('tool_choice.tool.name: Field required');
    if (!(tools ?? []).some((tool) => tool.name === candidate.name)) throw new InvalidRequest(`tool_choice: Tool '${candidate.name}' not found in the provided tools`);
  }
  if ((candidate.type === 'any' || candidate.type === 'tool') && (tools ?? []).length === 0) {
    throw new InvalidRequest('tool_choice: may only be specified while providing tools');
  }
}

const JSON_SCHEMA_TYPES = new Set(['object', 'array', 'string', 'number', 'integer', 'boolean', 'null']);
const SUBSCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
const SUBSCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'];
const SUBSCHEMAS = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties'];

/**
 * Whether every `type` in a JSON Schema, at any depth, names JSON Schema types (one, or a list
 * of distinct ones). The API refuses a tool whose input_schema says `type: ''` anywhere.
 */
function validSchemaTypes(schema: unknown, depth = 0): boolean {
  if (typeof schema === 'boolean') return true;
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema) || depth > 64) return false;
  const node = schema as Record<string, unknown>;
  if ('type' in node) {
    const types = Array.isArray(node.type) ? node.type : [node.type];
    if (types.length === 0 || new Set(types).size !== types.length || !types.every((type) => typeof type === 'string' && JSON_SCHEMA_TYPES.has(type))) return false;
  }
  for (const key of SUBSCHEMA_MAPS) {
    const map = node[key];
    if (map === undefined) continue;
    if (typeof map !== 'object' || map === null || Array.isArray(map)) return false;
    if (!Object.values(map).every((sub) => validSchemaTypes(sub, depth + 1))) return false;
  }
  for (const key of SUBSCHEMA_LISTS) {
    const list = node[key];
    if (list !== undefined && !(Array.isArray(list) && list.every((sub) => validSchemaTypes(sub, depth + 1)))) return false;
  }
  for (const key of SUBSCHEMAS) {
    const sub = node[key];
    // items may still be a list of schemas (draft 4 to 2019-09 tuples).
    if (sub !== undefined && !(key === 'items' && Array.isArray(sub) ? sub.every((item) => validSchemaTypes(item, depth + 1)) : validSchemaTypes(sub, depth + 1))) return false;
  }
  return true;
}

function validateTools(tools: unknown): void {
  if (tools === undefined) return;
  if (!Array.isArray(tools)) throw new InvalidRequest('tools: Input should be a valid list');
  const names = new Set<string>();
  tools.forEach((tool, i) => {
    const candidate = tool as { name?: unknown; input_schema?: unknown; type?: unknown };
    if (typeof candidate?.name !== 'string') throw new InvalidRequest(`tools.${i}.name: Field required`);
    if (!TOOL_NAME.test(candidate.name)) throw new InvalidRequest(`tools.${i}.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'`);
    if (candidate.type === undefined || candidate.type === 'custom') {
      if (typeof candidate.input_schema !== 'object' || candidate.input_schema === null) throw new InvalidRequest(`tools.${i}.custom.input_schema: Field required`);
      if ((candidate.input_schema as { type?: unknown }).type !== 'object') throw new InvalidRequest(`tools.${i}.custom.input_schema.type: Input should be 'object'`);
      if (!validSchemaTypes(candidate.input_schema)) {
        throw new InvalidRequest(`tools.${i}.custom.input_schema: JSON schema is invalid. It must match JSON Schema draft 2020-12 (https://json-schema.org/draft/2020-12). Learn more about tool use at https://docs.claude.com/en/docs/tool-use.`);
      }
    }
    if (names.has(candidate.name)) throw new InvalidRequest(`tools: Tool names must be unique.`);
    names.add(candidate.name);
  });
}

function validateMessage(message: unknown, i: number): void {
  const candidate = message as { role?: unknown; content?: unknown };
  if (typeof candidate !== 'object' || candidate === null) throw new InvalidRequest(`messages.${i}: Input should be a valid dictionary`);
  if (candidate.role !== 'user' && candidate.role !== 'assistant') throw new InvalidRequest(`messages.${i}.role: Input should be 'user' or 'assistant'`);
  if (candidate.content === undefined) throw new InvalidRequest(`messages.${i}.content: Field required`);
  if (typeof candidate.content === 'string') {
    if (candidate.content === '' && i !== 0) throw new InvalidRequest(`messages.${i}: all messages must have non-empty content except for the optional final assistant message`);
    return;
  }
  if (!Array.isArray(candidate.content)) throw new InvalidRequest(`messages.${i}.content: Input should be a valid string or list`);
  candidate.content.forEach((block: unknown, j: number) => {
    const typed = block as Block | null;
    const where = `messages.${i}.content.${j}`;
    if (typeof typed?.type !== 'string') throw new InvalidRequest(`${where}.type: Field required`);
    if (!BLOCK_TYPES.includes(typed.type)) throw new InvalidRequest(`${where}: Input tag '${typed.type.slice(0, 64)}' found using 'type' does not match any of the expected tags: ${BLOCK_TYPES.map((type) => `'${type}'`).join(', ')}`);
    if (typed.type === 'text' && typeof typed.text !== 'string') throw new InvalidRequest(`${where}.text.text: Field required`);
    if (typed.type === 'text' && typed.text === '') throw new InvalidRequest('messages: text content blocks must be non-empty');
    if (typed.type === 'document') validateDocument(typed, `${where}.document`);
    if (typed.type === 'tool_use') {
      if (candidate.role !== 'assistant') throw new InvalidRequest(`${where}: tool_use blocks can only be in assistant messages`);
      if ((candidate.content as Block[]).slice(0, j).some((other) => other?.type === 'tool_use' && other.id === typed.id)) throw new InvalidRequest(`${where}: \`tool_use\` ids must be unique`);
      if (typeof typed.id !== 'string' || typeof typed.name !== 'string') throw new InvalidRequest(`${where}.tool_use: "id" and "name" are required`);
      if (typeof typed.input !== 'object' || typed.input === null || Array.isArray(typed.input)) throw new InvalidRequest(`${where}.tool_use.input: Input should be a valid dictionary`);
    }
    if (typed.type === 'tool_result') {
      if (candidate.role !== 'user') throw new InvalidRequest(`${where}: tool_result blocks can only be in user messages`);
      const before = (candidate.content as Block[]).slice(0, j);
      if (before.some((other) => other?.type !== 'tool_result')) {
        throw new InvalidRequest(`messages.${i}: \`tool_result\` blocks must come first in a message's content, before any text or other block`);
      }
      if (typeof typed.tool_use_id !== 'string') throw new InvalidRequest(`${where}.tool_result.tool_use_id: Field required`);
      if (typed.is_error !== undefined && typeof typed.is_error !== 'boolean') throw new InvalidRequest(`${where}.tool_result.is_error: Input should be a valid boolean`);
    }
  });
}

const DOCUMENT_FIELDS = new Set(['type', 'source', 'title', 'context', 'citations', 'cache_control']);
const DOCUMENT_SOURCES = ['base64', 'text', 'content', 'url', 'file'];

/**
 * A document block as the API takes it: a `source` of a known type with its fields (plain text
 * is `{ type: "text", media_type: "text/plain", data }`), an optional `title` and `context`
 * (strings), and an optional `citations` object whose `enabled` is a boolean.
 */
function validateDocument(block: Block, where: string): void {
  for (const key of Object.keys(block)) if (!DOCUMENT_FIELDS.has(key)) throw new InvalidRequest(`${where}.${key}: Extra inputs are not permitted`);
  const source = block.source as Record<string, unknown> | undefined;
  if (source === undefined) throw new InvalidRequest(`${where}.source: Field required`);
  if (typeof source !== 'object' || source === null || Array.isArray(source)) throw new InvalidRequest(`${where}.source: Input should be a valid dictionary or object to extract fields from`);
  const type = String(source.type);
  if (!DOCUMENT_SOURCES.includes(type)) {
    throw new InvalidRequest(`${where}.source: Input tag '${type.slice(0, 64)}' found using 'type' does not match any of the expected tags: ${DOCUMENT_SOURCES.map((tag) => `'${tag}'`).join(', ')}`);
  }
  const string = (field: string): void => {
    if (source[field] === undefined) throw new InvalidRequest(`${where}.source.${type}.${field}: Field required`);
    if (typeof source[field] !== 'string') throw new InvalidRequest(`${where}.source.${type}.${field}: Input should be a valid string`);
  };
  if (type === 'text' || type === 'base64') {
    const mediaType = type === 'text' ? 'text/plain' : 'application/pdf';
    if (source.media_type !== mediaType) throw new InvalidRequest(`${where}.source.${type}.media_type: Input should be '${mediaType}'`);
    string('data');
  } else if (type === 'url') string('url');
  else if (type === 'file') string('file_id');
  else if (typeof source.content !== 'string') {
    if (!Array.isArray(source.content)) throw new InvalidRequest(`${where}.source.content.content: Input should be a valid string or list`);
    source.content.forEach((item: unknown, k: number) => {
      const inner = item as Block | null;
      if (inner?.type !== 'text' && inner?.type !== 'image') throw new InvalidRequest(`${where}.source.content.content.${k}: Input tag '${String(inner?.type).slice(0, 64)}' found using 'type' does not match any of the expected tags: 'text', 'image'`);
      if (inner.type === 'text' && typeof inner.text !== 'string') throw new InvalidRequest(`${where}.source.content.content.${k}.text: Field required`);
    });
  }
  for (const field of ['title', 'context']) {
    if (block[field] !== undefined && block[field] !== null && typeof block[field] !== 'string') throw new InvalidRequest(`${where}.${field}: Input should be a valid string`);
  }
  const citations = block.citations as Record<string, unknown> | null | undefined;
  if (citations === undefined || citations === null) return;
  if (typeof citations !== 'object' || Array.isArray(citations)) throw new InvalidRequest(`${where}.citations: Input should be a valid dictionary or object to extract fields from`);
  for (const key of Object.keys(citations)) if (key !== 'enabled') throw new InvalidRequest(`${where}.citations.${key}: Extra inputs are not permitted`);
  if (citations.enabled !== undefined && citations.enabled !== null && typeof citations.enabled !== 'boolean') throw new InvalidRequest(`${where}.citations.enabled: Input should be a valid boolean`);
}

/** A document block of a request, as its citations see it. */
export interface SentDocument {
  /** Its place among all the request's document blocks, counted from 0 across the messages: a citation's `document_index`. */
  index: number;
  title: string | null;
  /** Whether the request enabled citations on it. */
  citations: boolean;
  /** Its plain text, for a `text` source; its text blocks, for a `content` source; none for a PDF, URL or file. */
  text?: string;
  blocks?: string[];
}

/** The document blocks of a request's messages, in order (a document in a tool result is not one of them). */
export function documentsOf(messages: MessagesRequest['messages']): SentDocument[] {
  const documents: SentDocument[] = [];
  for (const message of messages) {
    for (const block of blocks(message.content)) {
      if (block.type !== 'document') continue;
      const source = block.source as { type?: string; data?: string; content?: string | Block[] };
      const document: SentDocument = {
        index: documents.length,
        title: typeof block.title === 'string' ? block.title : null,
        citations: (block.citations as { enabled?: boolean } | null | undefined)?.enabled === true,
      };
      if (source.type === 'text') document.text = source.data ?? '';
      if (source.type === 'content') {
        document.blocks = typeof source.content === 'string' ? [source.content] : (source.content ?? []).map((item) => (item.type === 'text' ? String(item.text) : ''));
      }
      documents.push(document);
    }
  }
  return documents;
}

/** The content blocks a request's messages may hold (the API's input block types). */
const BLOCK_TYPES = ['text', 'image', 'document', 'search_result', 'thinking', 'redacted_thinking', 'tool_use', 'tool_result', 'server_tool_use', 'web_search_tool_result', 'web_fetch_tool_result', 'code_execution_tool_result', 'mcp_tool_use', 'mcp_tool_result', 'container_upload'];

function blocks(content: string | Block[]): Block[] {
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content;
}

function validateToolPairs(messages: MessagesRequest['messages']): void {
  messages.forEach((message, i) => {
    const previous = messages[i - 1];
    const asked = new Set(previous?.role === 'assistant' ? blocks(previous.content).filter((b) => b.type === 'tool_use').map((b) => b.id as string) : []);
    blocks(message.content).forEach((block, j) => {
      if (block.type === 'tool_result' && !asked.has(block.tool_use_id as string)) {
        throw new InvalidRequest(
          `messages.${i}.content.${j}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${String(block.tool_use_id)}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`,
        );
      }
    });
    const next = messages[i + 1];
    if (message.role !== 'assistant' || !next) return;
    const answered = new Set(blocks(next.content).filter((b) => b.type === 'tool_result').map((b) => b.tool_use_id as string));
    const missing = blocks(message.content)
      .filter((b) => b.type === 'tool_use' && !answered.has(b.id as string))
      .map((b) => b.id as string);
    if (missing.length > 0) {
      throw new InvalidRequest(
        `messages.${i + 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`,
      );
    }
  });
}

/** Everything a scenario rule may condition on, read off a valid request. */
export function requestFacts(request: MessagesRequest): RequestFacts {
  const { messages } = request;
  const last = messages[messages.length - 1];
  const lastUser = [...messages].reverse().find((message) => message.role === 'user');
  const toolNames = new Map<string, string>();
  for (const message of messages) {
    if (message.role === 'assistant') for (const block of blocks(message.content)) if (block.type === 'tool_use') toolNames.set(block.id as string, block.name as string);
  }
  const toolResults =
    last?.role === 'user'
      ? blocks(last.content)
          .filter((block) => block.type === 'tool_result')
          .map((block) => ({ name: toolNames.get(block.tool_use_id as string), isError: block.is_error === true, content: textOf(block.content) }))
      : [];
  return {
    turn: messages.filter((message) => message.role === 'assistant').length + (last?.role === 'assistant' ? 0 : 1),
    userText: lastUser ? blocks(lastUser.content).filter((b) => b.type === 'text').map((b) => b.text as string).join('\n') : '',
    toolResults,
    hasTools: (request.tools?.length ?? 0) > 0,
    stream: request.stream === true,
    system: typeof request.system === 'string' ? request.system : textOf(request.system),
    model: request.model,
  };
}

/** The text in a string or a list of blocks. */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((block: Block) => (block.type === 'text' ? String(block.text) : '')).join('\n');
}

/** A rough token count, about four characters a token, as the API's own counts go for English. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

export function inputTokens(request: Pick<MessagesRequest, 'messages' | 'system' | 'tools'>): number {
  return estimateTokens(JSON.stringify([request.system ?? '', request.messages, request.tools ?? []]));
}
