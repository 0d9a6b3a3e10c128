/**
 * What a model's tokens cost, in US dollars per million tokens. This is the one place prices
 * live: update it when the provider's price list changes. Cache writes cost 1.25 × input for
 * the 5-minute cache and 2 × input for the hour-long one, and cache reads 0.1 × input, as
 * Anthropic bills them.
 * A model id matches the longest prefix listed here, so dated ids
 * (`claude-haiku-4-5-20251001`) find their family.
 */
export interface ModelPrice {
  input: number;
  output: number;
  /** A 5-minute cache write. */
  cacheWrite: number;
  /** An hour-long cache write. */
  cacheWrite1h: number;
  cacheRead: number;
}

function price(input: number, output: number): ModelPrice {
  return { input, output, cacheWrite: input * 1.25, cacheWrite1h: input * 2, cacheRead: input * 0.1 };
}

export const PRICES_AS_OF = '2026-02';

const PRICES: Record<string, ModelPrice> = {
  'claude-opus-4-6': price(5, 25),
  'claude-opus-4-5': price(5, 25),
  'claude-opus-4-1': price(15, 75),
  'claude-opus-4': price(15, 75),
  'claude-sonnet-4-6': price(3, 15),
  'claude-sonnet-4-5': price(3, 15),
  'claude-sonnet-4': price(3, 15),
  'claude-3-7-sonnet': price(3, 15),
  'claude-haiku-4-5': price(1, 5),
  'claude-3-5-haiku': price(0.8, 4),
  'claude-3-haiku': price(0.25, 1.25),
};

/** The price of `model`, or undefined when this table does not know it (a local model, say). */
export function priceOf(model: string): ModelPrice | undefined {
  const family = modelFamily(model, Object.keys(PRICES));
  return family ? PRICES[family] : undefined;
}

/** The longest of `families` that `model` is or starts with (then a hyphen): its family. */
export function modelFamily(model: string, families: string[]): string | undefined {
  return families.filter((prefix) => model === prefix || model.startsWith(`${prefix}-`)).sort((a, b) => b.length - a.length)[0];
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  /** All cache writes, of either TTL. */
  cacheCreationInputTokens: number;
  /** Of the cache writes, those for an hour (absent when none were). */
  cacheCreation1hInputTokens?: number;
  cacheReadInputTokens: number;
}

/** The usage the Messages API reports, as the SDK types it, in this table's terms. */
export interface ApiUsage {
  input_tokens: number | null;
  output_tokens: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation?: { ephemeral_1h_input_tokens?: number | null } | null;
}

export function tokenUsageOf(usage: ApiUsage): TokenUsage {
  const hour = usage.cache_creation?.ephemeral_1h_input_tokens ?? 0;
  return {
    inputTokens: usage.input_tokens ?? 0,
    outputTokens: usage.output_tokens ?? 0,
    cacheCreationInputTokens: usage.cache_creation_input_tokens ?? 0,
    ...(hour > 0 ? { cacheCreation1hInputTokens: hour } : {}),
    cacheReadInputTokens: usage.cache_read_input_tokens ?? 0,
  };
}

export const NO_USAGE: TokenUsage = { inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 };

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  const hour = (a.cacheCreation1hInputTokens ?? 0) + (b.cacheCreation1hInputTokens ?? 0);
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheCreationInputTokens: a.cacheCreationInputTokens + b.cacheCreationInputTokens,
    ...(hour > 0 ? { cacheCreation1hInputTokens: hour } : {}),
    cacheReadInputTokens: a.cacheReadInputTokens + b.cacheReadInputTokens,
  };
}

/** Dollars for `usage` at `price`. */
export function costOf(usage: TokenUsage, price: ModelPrice): number {
  const hour = Math.min(usage.cacheCreation1hInputTokens ?? 0, usage.cacheCreationInputTokens);
  return (
    (usage.inputTokens * price.input +
      usage.outputTokens * price.output +
      (usage.cacheCreationInputTokens - hour) * price.cacheWrite +
      hour * price.cacheWrite1h +
      usage.cacheReadInputTokens * price.cacheRead) /
    1_000_000
  );
}

/** "$0.0048": two significant digits below a dollar, so a fraction of a cent never reads as zero. */
export function formatDollars(amount: number): string {
  if (amount === 0) return '$0';
  if (amount >= 1) return `$${amount.toFixed(2)}`;
  if (amount < 0.000001) return '<$0.000001';
  const text = String(Number(amount.toPrecision(2)));
  const decimals = text.split('.')[1]?.length ?? 0;
  return `$${decimals < 2 ? Number(text).toFixed(2) : text}`;
}
