/**
 * How well a binary judge agrees with people's labels. The positive class is the failure
 * ("fail"): the true-positive rate is the share of failures the judge catches, the
 * true-negative rate the share of good traces it lets pass. A reply that states no verdict
 * counts against the rate of its trace's label: a judge that cannot answer has not caught
 * anything.
 */
export interface Rate {
  /** Traces judged right. */
  hits: number;
  /** Traces with this label. */
  of: number;
  /** hits / of; NaN when there are none. */
  value: number;
  /** The 95 % Wilson score interval of the rate. */
  low: number;
  high: number;
}

export interface Judged {
  label: 'pass' | 'fail';
  /** The judge's verdict; undefined when its reply stated none. */
  verdict: 'pass' | 'fail' | undefined;
}

const Z95 = 1.959964;

/**
 * The Wilson score interval of `hits` out of `of` at 95 %: unlike the normal approximation it
 * stays inside [0, 1] and is honest for the small samples a labelled set has (20 of 20 caught
 * is 84–100 %, not 100 %).
 */
export function wilson(hits: number, of: number): { low: number; high: number } {
  if (of === 0) return { low: 0, high: 1 };
  const p = hits / of;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * of)) / (1 + z2 / of);
  const half = (Z95 * Math.sqrt((p * (1 - p)) / of + z2 / (4 * of * of))) / (1 + z2 / of);
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

function rate(judged: readonly Judged[], label: 'pass' | 'fail'): Rate {
  const ofLabel = judged.filter((item) => item.label === label);
  const hits = ofLabel.filter((item) => item.verdict === label).length;
  return { hits, of: ofLabel.length, value: ofLabel.length === 0 ? Number.NaN : hits / ofLabel.length, ...wilson(hits, ofLabel.length) };
}

export function agreement(judged: readonly Judged[]): { truePositive: Rate; trueNegative: Rate } {
  return { truePositive: rate(judged, 'fail'), trueNegative: rate(judged, 'pass') };
}

export const percent = (value: number): string => `${Math.round(value * 100)} %`;

/** "17 of 18 (94 %, 95 % CI 74–99 %)". */
export function describeRate(value: Rate): string {
  if (value.of === 0) return 'none to measure';
  return `${value.hits} of ${value.of} (${percent(value.value)}, 95 % CI ${Math.round(value.low * 100)}–${percent(value.high)})`;
}
