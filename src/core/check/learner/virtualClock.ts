import { randomBytes } from 'node:crypto';

/**
 * The judge's clock for one call of the learner's function: virtual milliseconds since the call
 * started. It moves only when the learner process asks to sleep (its timers are all it has
 * left) and nothing is on its way here (a request the simulator is answering, a lent function
 * running), and never further than the time the learner's earliest timer is due.
 *
 * The learner process is no more trusted than the learner's code, so the clock does not take
 * its word for when a request was sent. Each move comes with a fresh random proof; the learner
 * process puts the latest proof it has heard on every request, and the simulator stamps a
 * request with the time of the proof it carries. A request sent without waiting for the
 * judge's answer (a sleep asked for and not waited out) carries the old proof and the old time;
 * one with no proof, or a made-up one, is stamped at the call's start. The stamp is never later
 * than the judge's own time.
 */
export class VirtualClock {
  private current = 0;
  private readonly proofs = new Map<string, number>();
  private latest: string;
  /** True when the learner process asked to sleep past the limit: the call was stopped there. */
  limitReached = false;

  constructor(
    /** The most virtual time a call may take before the judge stops it. */
    readonly limitMs: number = VIRTUAL_TIME_LIMIT_MS,
    /** Whether something of the judge's is on its way (a request being answered, a lent function running). */
    private readonly busy: () => boolean = () => false,
  ) {
    this.latest = this.issue();
  }

  /** Virtual milliseconds since the call started. */
  get now(): number {
    return this.current;
  }

  get proof(): string {
    return this.latest;
  }

  /**
   * The learner process asks to sleep until `until`: the clock moves there and answers with a
   * new proof, or stays (something is on its way), or the limit is reached.
   */
  sleep(until: number, alsoBusy = false): { now: number; proof: string } | 'limit' {
    if (until > this.limitMs) {
      this.limitReached = true;
      return 'limit';
    }
    if (alsoBusy || this.busy() || until <= this.current) return { now: this.current, proof: this.latest };
    this.current = until;
    this.latest = this.issue();
    return { now: this.current, proof: this.latest };
  }

  /** The virtual time a request carrying `proof` was sent at: its proof's time, else the call's start. */
  stamp(proof: string | undefined): number {
    const at = proof === undefined ? undefined : this.proofs.get(proof);
    return Math.min(at ?? 0, this.current);
  }

  private issue(): string {
    const proof = randomBytes(12).toString('hex');
    this.proofs.set(proof, this.current);
    return proof;
  }
}

/**
 * Five minutes: a call that is still sleeping then is stopped (a loop that never gives up, say).
 * Far beyond any wait a scenario asks for, and short enough that such a loop reaches it in a
 * few dozen requests, well within the scenario's wall-clock time even on a busy machine.
 */
export const VIRTUAL_TIME_LIMIT_MS = 5 * 60_000;
