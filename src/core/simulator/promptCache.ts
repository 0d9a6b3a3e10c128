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
 * costs the same. A marker is `{ type: 'ephemeral' }`, with `ttl: '5m'` (the default) or
 * `'1h'`; hour-long entries must come before five-minute ones, and what a request writes is
 * split by the TTL of the breakpoint that ends it, since an hour's write costs more. An entry
 * lives five minutes (or an hour) from its last use, on the simulator's clock: the judge's
 * virtual time in a check, the time since the simulator started otherwise.
 */
export interface CacheUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
}

export type CacheTtl = '5m' | '1h';

const MAX_BREAKPOINTS = 4;

/** How long an entry lives after its last use. */
const TTL_MS: Record<CacheTtl, number> = { '5m': 5 * 60_000, '1h': 60 * 60_000 };

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

/** What a request will be billed, the prefixes it writes once its answer starts, and the one it reads. */
export interface CachePlan {
  usage: CacheUsage;
  writes: { key: string; ttl: CacheTtl }[];
  read?: string;
  /** When the request arrived, on the simulator's clock (milliseconds). */
  at: number;
}

export class PromptCache {
  /** Each entry, by its prefix's key: its TTL and when it expires. */
  private readonly entries = new Map<string, { ttl: CacheTtl; expiresAt: number }>();

  /**
   * How this request's input splits into plain, written and read tokens, looked up when it
   * arrives (`at`, in milliseconds on the simulator's clock). What it writes becomes readable
   * only on `commit`, when its answer starts, as with the API: requests sent together before the
   * first answer all miss.
   */
  plan(request: MessagesRequest & { cache_control?: unknown }, at = 0): CachePlan {
    const total = inputTokens(request);
    const pieces = cacheablePieces(request);
    const last = pieces[pieces.length - 1];
    const topLevel = request.cache_control === undefined ? undefined : markerTtl(request.cache_control, 'cache_control');
    if (topLevel && last && last.ttl === undefined) last.ttl = topLevel;
    const breakpoints = pieces.filter((piece) => piece.ttl).length;
    if (breakpoints > MAX_BREAKPOINTS) {
      throw new InvalidRequest(`A maximum of ${MAX_BREAKPOINTS} blocks with cache_control may be provided. Found ${breakpoints}.`);
    }
    checkTtlOrder(pieces);
    if (breakpoints === 0) return { usage: usageOf(total, 0, { '5m': 0, '1h': 0 }), writes: [], at };
    const alive = (key: string): boolean => (this.entries.get(key)?.expiresAt ?? -Infinity) > at;

    const hash = createHash('sha256').update(request.model);
    let tokens = 0;
    // The prefix each breakpoint ends, in request order.
    const ordered: { key: string; tokens: number; ttl: CacheTtl }[] = [];
    for (const piece of pieces) {
      hash.update(piece.text);
      tokens += estimateTokens(piece.text);
      if (piece.ttl) ordered.push({ key: hash.copy().digest('hex'), tokens: Math.min(tokens, total), ttl: piece.ttl });
    }
    const hit = [...ordered].reverse().find((prefix) => alive(prefix.key));
    const read = hit?.tokens ?? 0;
    // Each new entry writes what lies between the end of what is already covered and its own end.
    const created: Record<CacheTtl, number> = { '5m': 0, '1h': 0 };
    let covered = read;
    const writes: CachePlan['writes'] = [];
    const minimum = minimumCacheableTokens(request.model);
    for (const prefix of ordered) {
      if (prefix.tokens < minimum || alive(prefix.key)) continue;
      writes.push({ key: prefix.key, ttl: prefix.ttl });
      if (prefix.tokens > covered) {
        created[prefix.ttl] += prefix.tokens - covered;
        covered = prefix.tokens;
      }
    }
    return { usage: usageOf(total, read, created), writes, ...(hit ? { read: hit.key } : {}), at };
  }

  /** The request's answer has started: what it wrote can now be read, and what it read lives on from now. */
  commit(plan: CachePlan): void {
    for (const { key, ttl } of plan.writes) this.entries.set(key, { ttl, expiresAt: plan.at + TTL_MS[ttl] });
    const read = plan.read === undefined ? undefined : this.entries.get(plan.read);
    if (read) read.expiresAt = Math.max(read.expiresAt, plan.at + TTL_MS[read.ttl]);
  }
}

function usageOf(total: number, read: number, created: Record<CacheTtl, number>): CacheUsage {
  const written = created['5m'] + created['1h'];
  return {
    input_tokens: Math.max(0, total - read - written),
    cache_creation_input_tokens: written,
    cache_read_input_tokens: read,
    cache_creation: { ephemeral_5m_input_tokens: created['5m'], ephemeral_1h_input_tokens: created['1h'] },
  };
}

interface Piece {
  text: string;
  /** Where the block is in the request ("system.0"), for error messages. */
  path: string;
  /** The TTL of its cache_control, when it has one. */
  ttl?: CacheTtl;
}

/** Tools, then system blocks, then every message block, each as text without its cache_control. */
function cacheablePieces(request: MessagesRequest): Piece[] {
  const pieces: Piece[] = [];
  const add = (block: unknown, path: string, role = ''): void => {
    const { cache_control: marker, ...rest } = (typeof block === 'object' && block !== null ? block : { text: String(block) }) as Record<string, unknown>;
    const piece: Piece = { text: role + JSON.stringify(rest), path };
    if (marker !== undefined) piece.ttl = markerTtl(marker, `${path}.cache_control`);
    pieces.push(piece);
  };
  (request.tools ?? []).forEach((tool, index) => add(tool, `tools.${index}`));
  if (typeof request.system === 'string') add({ type: 'text', text: request.system }, 'system');
  else (request.system ?? []).forEach((block, index) => add(block, `system.${index}`));
  request.messages.forEach((message, at) => {
    if (typeof message.content === 'string') add({ type: 'text', text: message.content }, `messages.${at}.content`, message.role);
    else message.content.forEach((block, index) => add(block, `messages.${at}.content.${index}`, message.role));
  });
  return pieces;
}

/** The TTL a cache_control marker asks for, or an API-style error naming the field. */
function markerTtl(marker: unknown, path: string): CacheTtl {
  if (typeof marker !== 'object' || marker === null || Array.isArray(marker)) throw new InvalidRequest(`${path}: Input should be an object like {"type": "ephemeral"}`);
  const { type, ttl, ...extra } = marker as Record<string, unknown>;
  if (type !== 'ephemeral') throw new InvalidRequest(`${path}.type: Input should be 'ephemeral'`);
  const [unknown] = Object.keys(extra);
  if (unknown !== undefined) throw new InvalidRequest(`${path}.${unknown}: Extra inputs are not permitted`);
  if (ttl === undefined || ttl === '5m' || ttl === '1h') return ttl ?? '5m';
  throw new InvalidRequest(`${path}.ttl: Input should be '5m' or '1h'`);
}

/** Hour-long entries must all come before five-minute ones, as the API requires. */
function checkTtlOrder(pieces: Piece[]): void {
  let fiveMinutes: Piece | undefined;
  for (const piece of pieces) {
    if (piece.ttl === '5m') fiveMinutes ??= piece;
    else if (piece.ttl === '1h' && fiveMinutes) {
      throw new InvalidRequest(
        `${piece.path}.cache_control: a cache_control with ttl '1h' cannot come after one with ttl '5m' (at ${fiveMinutes.path}); put the hour-long breakpoints first.`,
      );
    }
  }
}
