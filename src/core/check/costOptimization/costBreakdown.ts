import { addUsage, costOf, formatDollars, NO_USAGE, priceOf, type ModelPrice, type TokenUsage } from '../../model/prices';
import { plural } from '../../plural';

/** One model call as billed: its model and usage. */
export interface BilledCall {
  model: string;
  usage: TokenUsage;
}

export interface RunCost {
  calls: number;
  dollars: number;
  usage: TokenUsage;
  /** Calls per model, in first-use order. */
  byModel: Map<string, number>;
  /** Models the price table does not know (their calls are not priced). */
  unpriced: string[];
}

export function costOfRun(calls: BilledCall[]): RunCost {
  const byModel = new Map<string, number>();
  const unpriced = new Set<string>();
  let dollars = 0;
  let usage = NO_USAGE;
  for (const call of calls) {
    byModel.set(call.model, (byModel.get(call.model) ?? 0) + 1);
    usage = addUsage(usage, call.usage);
    const price = priceOf(call.model);
    if (price) dollars += costOf(call.usage, price);
    else unpriced.add(call.model);
  }
  return { calls: calls.length, dollars, usage, byModel, unpriced: [...unpriced] };
}

export interface Lever {
  name: string;
  /** Dollars saved by this lever (negative when it cost more). */
  saved: number;
}

/**
 * Where the savings from `baseline` to `after` came from. The new run is repriced step by
 * step: with the baseline's main model and no cache, every token the new run sends or reads
 * counts as input, so the change in tokens is "trimming context" and "shorter output"; moving
 * to the models really used is "routing"; billing the cache as billed is "prompt caching".
 * The levers add up to the whole difference when the baseline used one model and no cache;
 * otherwise the rest shows as "other".
 */
export function savingsByLever(baseline: { calls: BilledCall[]; cost: RunCost }, after: { calls: BilledCall[]; cost: RunCost }): Lever[] {
  const main = mainModel(baseline.cost);
  const reference = (main && priceOf(main)) || undefined;
  if (!reference) return [];
  const flat = (usage: TokenUsage): TokenUsage => ({
    inputTokens: usage.inputTokens + usage.cacheCreationInputTokens + usage.cacheReadInputTokens,
    outputTokens: usage.outputTokens,
    cacheCreationInputTokens: 0,
    cacheReadInputTokens: 0,
  });
  const baseFlat = flat(baseline.cost.usage);
  const afterFlat = flat(after.cost.usage);
  const atReference = costOf(afterFlat, reference);
  const atModelsUncached = sum(after.calls, (call) => costOf(flat(call.usage), priceOf(call.model) ?? reference));
  const levers: Lever[] = [
    { name: 'trimming context (fewer input tokens)', saved: ((baseFlat.inputTokens - afterFlat.inputTokens) * reference.input) / 1_000_000 },
    { name: 'shorter output (fewer output tokens)', saved: ((baseFlat.outputTokens - afterFlat.outputTokens) * reference.output) / 1_000_000 },
    { name: 'routing (cheaper models)', saved: atReference - atModelsUncached },
    { name: 'prompt caching', saved: atModelsUncached - after.cost.dollars },
  ];
  // Float noise (a lever that changed nothing can come out at 1e-17) reads as zero.
  for (const lever of levers) lever.saved = Math.round(lever.saved * 1e9) / 1e9;
  const explained = sum(levers, (lever) => lever.saved);
  const other = baseline.cost.dollars - after.cost.dollars - explained;
  if (Math.abs(other) > 1e-9) levers.push({ name: 'other (the baseline\'s own caching or models)', saved: other });
  return levers;
}

function mainModel(cost: RunCost): string | undefined {
  return [...cost.byModel.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

function sum<T>(items: T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}

/** "16 calls (claude-haiku-4-5 ×12, claude-sonnet-4-6 ×4): $0.041 — input 1,204 · output 240 · cache write 4,600 · cache read 69,000" */
export function describeRun(cost: RunCost): string {
  const models = [...cost.byModel.entries()].map(([model, count]) => `${model} ×${count}`).join(', ');
  const { inputTokens, outputTokens, cacheCreationInputTokens, cacheCreation1hInputTokens: hour, cacheReadInputTokens } = cost.usage;
  const writes = `cache write ${n(cacheCreationInputTokens)}${hour ? ` (${n(hour)} for 1 h)` : ''}`;
  const tokens = [`input ${n(inputTokens)}`, `output ${n(outputTokens)}`, writes, `cache read ${n(cacheReadInputTokens)}`].join(' · ');
  return `${plural(cost.calls, 'call')}${models ? ` (${models})` : ''}: ${formatDollars(cost.dollars)} (${tokens})`;
}

function n(value: number): string {
  return value.toLocaleString('en-US');
}

export type { ModelPrice };
