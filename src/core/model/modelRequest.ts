import { createHash } from 'node:crypto';
import type { TokenUsage } from './prices';

/** One call to the model, as the check builds it: text in, text out. */
export interface ModelRequest {
  system: string;
  messages: { role: 'user' | 'assistant'; content: string }[];
  maxTokens: number;
}

/** What came back, whichever provider answered. */
export interface ModelAnswer {
  text: string;
  stopReason: string | null;
  usage: TokenUsage;
  /** The model that answered, as the endpoint named it. */
  model: string;
}

/**
 * Where an answer came from. A simulator's answer always says so (and which scenario), so a
 * recording made without a real model is never mistaken for one.
 */
export type Provenance =
  | { source: 'model'; provider: string; model: string; at: string }
  | { source: 'simulator'; scenario: string; model: string; at: string };

export function describeProvenance(provenance: Provenance): string {
  return provenance.source === 'simulator'
    ? `the practice simulator (scenario ${provenance.scenario}), not a real model, on ${provenance.at.slice(0, 10)}`
    : `${provenance.model} via ${provenance.provider} on ${provenance.at.slice(0, 10)}`;
}

/**
 * The identity of a request, whoever answers it: the prompt, max_tokens and which of the k
 * samples it is (identical requests are asked k times on purpose). The model is not part of it,
 * so a recording made with one model replays for any. `temperature` is always null: requests
 * carry no sampling parameters (API version 2026-10-21 refuses them), and the field stays in
 * the hash so that caches and recordings made before keep their keys.
 */
export function requestKey(request: ModelRequest, sample: number): string {
  return sha256({ system: request.system, messages: request.messages, max_tokens: request.maxTokens, temperature: null, sample });
}

/** The cache's key adds who answered: another model's answer is another answer. */
export function cacheKey(provider: string, baseUrl: string | undefined, model: string, key: string): string {
  return sha256({ provider, baseUrl: baseUrl ?? null, model, key });
}

function sha256(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/**
 * An upper bound on the input tokens of `request`: a token is at least one byte of UTF-8 for
 * the tokenizers in use, plus a little framing per message. Used for cost bounds, never billing.
 */
export function maxInputTokens(request: ModelRequest): number {
  const bytes = Buffer.byteLength(request.system) + request.messages.reduce((sum, message) => sum + Buffer.byteLength(message.content), 0);
  return bytes + 10 * (request.messages.length + 1);
}
