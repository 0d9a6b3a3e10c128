import { createHash } from 'node:crypto';
import { modelFamily } from '../model/prices';
import { estimateTokens, InvalidRequest, inputTokens, type MessagesRequest } from './messagesRequest';

/**
 * Prompt caching as the Messages API bills it. A request marks up to four cache breakpoints
 * with `cache_control` on a tool, a system block or a message block (or once at the top
 * level, which marks its last block). The prefix up to a breakpoint (tools, then system,
 * then messages, in that order) is read from the cache when an earlier request of the same
 * model wrote it, and written when it is new and long enough for the model. Tokens are
 * counted the simulator's way (about four characters a token), so the same request always
 * costs the same. Entries do not expire within a simulator's life (the API's last five
 * minutes from their last use).
 */
export interface CacheUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

const MAX_BREAKPOINTS = 4;

/** The fewest tokens a prefix must have before the API caches it, per model family. */
const MINIMUM_TOKENS: Record<string, number> = {
  'claude-opus-4-6': 4096,
  'claude-opus-4-5': 4096,
  'claude-sonnet-4-6': 2048,
  'claude-haiku-4-5': 4096,
  'claude-3-5-haiku': 2048,
  'claude-3-haiku': 2048,
  'claude-opus-4-1': 1024,
  'claude-opus-4': 1024,
  'claude-sonnet-4-5': 1024,
  'claude-sonnet-4': 1024,
  'claude-3-7-sonnet': 1024,
};

export function minimumCacheableTokens(model: string): number {
  const family = modelFamily(model, Object.keys(MINIMUM_TOKENS));
  return family ? (MINIMUM_TOKENS[family] ?? 1024) : 1024;
}

/** What a request will be billed, and the prefixes it writes once its answer starts. */
export interface CachePlan {
  usage: CacheUsage;
  writes: string[];
}

export class PromptCache {
  private readonly written = new Set<string>();

  /**
   * How this request's input splits into plain, written and read tokens, looked up when it
   * arrives. What it writes becomes readable only on `commit`, when its answer starts, as
   * with the API: requests sent together before the first answer all miss.
   */
  plan(request: MessagesRequest & { cache_control?: unknown }): CachePlan {
    const total = inputTokens(request);
    const pieces = cacheablePieces(request);
    const breakpoints = pieces.flatMap((piece, index) => (piece.marked ? [index] : []));
    if (request.cache_control !== undefined && pieces.length > 0 && !breakpoints.includes(pieces.length - 1)) breakpoints.push(pieces.length - 1);
    if (breakpoints.length > MAX_BREAKPOINTS) {
      throw new InvalidRequest(`A maximum of ${MAX_BREAKPOINTS} blocks with cache_control may be provided. Found ${breakpoints.length}.`);
    }
    if (breakpoints.length === 0) return { usage: { input_tokens: total, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 }, writes: [] };

    const hash = createHash('sha256').update(request.model);
    let tokens = 0;
    const prefixes = new Map<number, { key: string; tokens: number }>();
    pieces.forEach((piece, index) => {
      hash.update(piece.text);
      tokens += estimateTokens(piece.text);
      if (breakpoints.includes(index)) prefixes.set(index, { key: hash.copy().digest('hex'), tokens: Math.min(tokens, total) });
    });
    const ordered = breakpoints.map((index) => prefixes.get(index)).filter((prefix) => prefix !== undefined);
    const hit = [...ordered].reverse().find((prefix) => this.written.has(prefix.key));
    const read = hit?.tokens ?? 0;
    let created = 0;
    const writes: string[] = [];
    const minimum = minimumCacheableTokens(request.model);
    for (const prefix of ordered) {
      if (prefix.tokens < minimum || this.written.has(prefix.key)) continue;
      writes.push(prefix.key);
      created = Math.max(created, prefix.tokens - read);
    }
    return { usage: { input_tokens: Math.max(0, total - read - created), cache_creation_input_tokens: created, cache_read_input_tokens: read }, writes };
  }

  /** The request's answer has started: what it wrote can now be read. */
  commit(plan: CachePlan): void {
    for (const key of plan.writes) this.written.add(key);
  }
}

interface Piece {
  text: string;
  marked: boolean;
}

/** Tools, then system blocks, then every message block, each as text without its cache_control. */
function cacheablePieces(request: MessagesRequest): Piece[] {
  const pieces: Piece[] = [];
  const add = (block: unknown, role = ''): void => {
    const { cache_control: marker, ...rest } = (typeof block === 'object' && block !== null ? block : { text: String(block) }) as Record<string, unknown>;
    pieces.push({ text: role + JSON.stringify(rest), marked: marker !== undefined });
  };
  for (const tool of request.tools ?? []) add(tool);
  if (typeof request.system === 'string') add({ type: 'text', text: request.system });
  else for (const block of request.system ?? []) add(block);
  for (const message of request.messages) {
    if (typeof message.content === 'string') add({ type: 'text', text: message.content }, message.role);
    else for (const block of message.content) add(block, message.role);
  }
  return pieces;
}
