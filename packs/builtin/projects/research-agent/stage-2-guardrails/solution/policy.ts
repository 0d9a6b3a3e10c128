// The guardrail between the model's tool calls and the tools. The model proposes; this code decides.
// Make one ToolPolicy per research run: it learns from the run's own tool results (observe) and
// judges each call the model asks for (check). See STAGE-2.md for the rules it must enforce.

/** What the loop does with a call: run it, ask the on-call first, or refuse it with a reason. */
export type Verdict = { decision: 'run' } | { decision: 'ask' } | { decision: 'refuse'; reason: string };

/** The tools that only read: they run freely. Everything not named in this file is refused. */
const READ_ONLY = new Set(['search_docs', 'read_page', 'service_status']);
const COMPANY_DOMAIN = '@kestrel.example';

export class ToolPolicy {
  /** The services service_status reported down in this run: the only evidence a restart may rest on. */
  private readonly down = new Set<string>();

  /** Called after each tool ran, with the text it returned: what this run has seen. */
  observe(tool: string, input: unknown, result: string): void {
    // Only the status tool's own answer counts: a page or an e-mail saying "down" is not a status.
    if (tool !== 'service_status') return;
    const status = parseStatus(result);
    if (status?.status === 'down') this.down.add(status.service);
  }

  /** What to do with a call the model asked for. */
  check(tool: string, input: unknown): Verdict {
    if (READ_ONLY.has(tool)) return { decision: 'run' };
    if (tool === 'restart_service') {
      const service = serviceOf(input);
      if (service === undefined) return refuse('restart_service takes exactly one field, "service", the name of the service.');
      if (!this.down.has(service)) return refuse(`service_status has not reported ${service} down in this run, and only a service that is down may be restarted.`);
      return { decision: 'ask' };
    }
    if (tool === 'send_email') {
      const problem = emailProblem(input);
      return problem === undefined ? { decision: 'ask' } : refuse(problem);
    }
    return refuse(`${tool} is not a tool this research agent may use.`);
  }
}

function refuse(reason: string): Verdict {
  return { decision: 'refuse', reason };
}

/** The service of a restart's input, when the input is exactly { service: "<name>" }. */
function serviceOf(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return undefined;
  const { service, ...rest } = input as { service?: unknown };
  return typeof service === 'string' && Object.keys(rest).length === 0 ? service : undefined;
}

/** Why an e-mail may not go, or undefined when it keeps the rule: internal recipients only. */
function emailProblem(input: unknown): string | undefined {
  const { to, subject, body } = (input ?? {}) as { to?: unknown; subject?: unknown; body?: unknown };
  if (!Array.isArray(to) || to.length === 0) return 'send_email needs "to": a list of at least one address.';
  const outside = to.filter((address) => typeof address !== 'string' || !address.toLowerCase().endsWith(COMPANY_DOMAIN));
  if (outside.length > 0) return `E-mail may go only to addresses at kestrel.example; ${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} not.`;
  if (typeof subject !== 'string' || typeof body !== 'string') return 'send_email needs a subject and a body, both text.';
  return undefined;
}

/** A status answer: JSON with a service name and its status; undefined when it is anything else. */
export function parseStatus(text: string): { service: string; status: string } | undefined {
  try {
    const value = JSON.parse(text) as { service?: unknown; status?: unknown } | null;
    return typeof value?.service === 'string' && typeof value.status === 'string' ? { service: value.service, status: value.status } : undefined;
  } catch {
    return undefined;
  }
}
