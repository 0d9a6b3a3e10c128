// Running tools when things go wrong: tools throw, time out, or answer garbage. The research must
// go on, and the model must hear what happened, in a tool_result it can act on. See STAGE-3.md.

/** What goes back to the model for one tool call. */
export interface ToolOutcome {
  content: string;
  isError: boolean;
}

const STATUSES = ['up', 'degraded', 'down'];

/**
 * Runs a tool and never throws. `retryTimeout` says whether a timeout may be run again: only a
 * read-only tool's may. A restart that timed out may well have restarted the service: running it
 * again is the loop's decision to make blind, so it never does.
 */
export async function runSafely(tool: { run(input: unknown): Promise<string> }, input: unknown, options: { retryTimeout: boolean }): Promise<ToolOutcome> {
  try {
    return { content: await tool.run(input), isError: false };
  } catch (error) {
    if (!options.retryTimeout || !isTimeout(error)) return failed(error);
  }
  // One more try, with the same input; what happens now is what the model hears.
  try {
    return { content: await tool.run(input), isError: false };
  } catch (error) {
    return failed(error);
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}

function failed(error: unknown): ToolOutcome {
  return { content: `The tool failed: ${error instanceof Error ? error.message : String(error)}`, isError: true };
}

/** Why a service_status answer is not a status; undefined when it is one. */
export function statusProblem(text: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'service_status did not answer with JSON, so its status is unknown.';
  }
  const { service, status } = (typeof value === 'object' && value !== null ? value : {}) as { service?: unknown; status?: unknown };
  if (typeof service !== 'string') return 'service_status answered without a service name, so its status is unknown.';
  if (typeof status !== 'string' || !STATUSES.includes(status)) return `service_status answered a status that is not up, degraded or down, so the status of ${service} is unknown.`;
  return undefined;
}
