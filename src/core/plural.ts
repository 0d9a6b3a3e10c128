/** "1 test", "3 tests", "1 pair of cases tests" / "2 pairs of cases test": a count with its word agreeing. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
