// The guardrail between the model's tool calls and the tools. The model proposes; this code decides.
// Make one ToolPolicy per research run: it learns from the run's own tool results (observe) and
// judges each call the model asks for (check). See STAGE-2.md for the rules it must enforce.

/** What the loop does with a call: run it, ask the on-call first, or refuse it with a reason. */
export type Verdict = { decision: 'run' } | { decision: 'ask' } | { decision: 'refuse'; reason: string };

export class ToolPolicy {
  /** Called after each tool ran, with the text it returned: what this run has seen. */
  observe(tool: string, input: unknown, result: string): void {
    // TODO: remember what the status tool reported in this run.
  }

  /** What to do with a call the model asked for. */
  check(tool: string, input: unknown): Verdict {
    // TODO: every call runs today, restart_service and delete_page included. Let the read-only
    // tools run, make restart_service and send_email meet their conditions and then ask, and
    // refuse everything else, with a reason.
    return { decision: 'run' };
  }
}
