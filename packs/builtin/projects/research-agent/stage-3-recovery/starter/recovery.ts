// Running tools when things go wrong: tools throw, time out, or answer garbage. The research must
// go on, and the model must hear what happened, in a tool_result it can act on. See STAGE-3.md.

/** What goes back to the model for one tool call. */
export interface ToolOutcome {
  content: string;
  isError: boolean;
}

/**
 * Runs a tool and never throws. `retryTimeout` says whether a timeout may be run again: only a
 * read-only tool's may.
 */
export async function runSafely(tool: { run(input: unknown): Promise<string> }, input: unknown, options: { retryTimeout: boolean }): Promise<ToolOutcome> {
  // TODO: a tool that throws crashes the whole research today. Catch it and answer with the
  // error's message; run a read-only tool once more when it timed out (error.name "TimeoutError").
  return { content: await tool.run(input), isError: false };
}

/** Why a service_status answer is not a status; undefined when it is one. */
export function statusProblem(text: string): string | undefined {
  // TODO: a status is a JSON object with a service name and a status: "up", "degraded" or "down".
  return undefined;
}
