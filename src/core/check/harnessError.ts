/**
 * An error of the judge's side (a harness that does not load, a check that throws), for a
 * report's detail: its stack without the check process's own frames; a syntax error is its
 * message alone.
 */
export function describeHarnessError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error instanceof SyntaxError) return `${error.name}: ${error.message}`;
  const frames = (error.stack ?? error.message).split('\n').filter((line) => !line.includes(__filename) && !line.includes('node:internal'));
  return frames.join('\n');
}
