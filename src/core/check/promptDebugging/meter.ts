import { describeProvenance } from '../../model/modelRequest';
import type { CallResult } from '../../model/modelClient';
import { addUsage, costOf, type ModelPrice, NO_USAGE, type TokenUsage } from '../../model/prices';
import type { NewEntry } from '../../model/recordings';
import type { ModelUsage } from '../report';

/** Spending: what is reserved for calls in flight, what was spent, and what came back. */
export class Meter {
  private spent = 0;
  private reserved = 0;
  calls = 0;
  fromCache = 0;
  retries = 0;
  usage: TokenUsage = NO_USAGE;
  readonly sources = new Set<string>();
  readonly entries: NewEntry[] = [];

  constructor(
    private readonly budgetUsd: number,
    private readonly price: ModelPrice | undefined,
  ) {}

  private inFlight = 0;
  private waiting: (() => void)[] = [];

  /** Whether a call that may cost `amount` fits in the budget with everything in flight. */
  reserve(amount: number): boolean {
    if (this.spent + this.reserved + amount > this.budgetUsd) return false;
    this.reserved += amount;
    this.inFlight++;
    return true;
  }

  /** Resolves when a call in flight settles; false at once when none is in flight. */
  settled(): Promise<boolean> {
    if (this.inFlight === 0) return Promise.resolve(false);
    return new Promise((resolve) => this.waiting.push(() => resolve(true)));
  }

  settle(reserved: number, result?: CallResult, entry?: NewEntry): void {
    this.reserved -= reserved;
    this.inFlight--;
    for (const wake of this.waiting.splice(0)) wake();
    if (!result) return;
    this.calls++;
    this.sources.add(describeProvenance(result.provenance));
    if (entry) this.entries.push(entry);
    if (result.fromCache) {
      this.fromCache++;
      return;
    }
    this.retries += Math.max(0, result.attempts - 1);
    this.usage = addUsage(this.usage, result.answer.usage);
    if (this.price) this.spent += costOf(result.answer.usage, this.price);
  }

  /** The report's account of the calls: counts, tokens and cost, beside who answered them. */
  report(about: Pick<ModelUsage, 'provider' | 'model' | 'maxCostUsd' | 'sources'>): ModelUsage {
    return {
      ...about,
      calls: this.calls,
      fromCache: this.fromCache,
      retries: this.retries,
      ...this.usage,
      costUsd: this.price ? costOf(this.usage, this.price) : null,
      budgetUsd: this.budgetUsd,
    };
  }
}

