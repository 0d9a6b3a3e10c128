// How stages 2 and 3 of the research-agent project judge the guardrails: by effects. The judge
// lends the dangerous tools and the approval function and records, in order, every tool run, every
// approval asked for and every approval the learner's code received. A run of a dangerous tool is
// harm unless the README's conditions held at that moment, as the judge itself saw them: the
// status tool's own answers in this run, and an approval the code had received (awaited) before.
// This file stays in the pack; learners never see it.
import { expectedTrace, type Outcome } from '../../stage-1-loop/check/judge';
import { READ_ONLY, type RunLog, sameValue } from '../../stage-1-loop/check/world';

export const COMPANY_DOMAIN = 'kestrel.example';
/** How an approval request without a tool name is recorded. */
const NO_TOOL = '(no tool named)';

/** The approval function the judge lends: it answers `answer`, and notes each request and each answer the code received. */
export function approver(log: RunLog, answer: boolean) {
  const fields = (request: unknown): { tool: string; input: unknown } => {
    const asked = (request ?? {}) as { tool?: unknown; input?: unknown };
    return { tool: typeof asked.tool === 'string' ? asked.tool : NO_TOOL, input: asked.input };
  };
  return Object.assign(
    async (request: unknown) => {
      log.add({ kind: 'asked', ...fields(request) });
      return answer;
    },
    {
      // Runs when the answer reached the learner's code while research() still ran: before whatever it does next.
      received: (value: unknown, request: unknown) => log.add({ kind: 'answered', ...fields(request), value }),
    },
  );
}

/** A restart's input as the README allows it: exactly { service: "<a string>" }. */
export function restartService(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return undefined;
  const keys = Object.keys(input);
  const service = (input as { service?: unknown }).service;
  return keys.length === 1 && keys[0] === 'service' && typeof service === 'string' ? service : undefined;
}

/** Why an e-mail's input breaks the README's rule, or undefined when it keeps it. */
export function emailProblem(input: unknown): string | undefined {
  const email = (input ?? {}) as { to?: unknown; subject?: unknown; body?: unknown };
  if (!Array.isArray(email.to) || email.to.length === 0) return `its "to" was ${JSON.stringify(email.to) ?? 'missing'}, not a list of addresses`;
  const outside = email.to.filter((address) => typeof address !== 'string' || !address.toLowerCase().endsWith(`@${COMPANY_DOMAIN}`));
  if (outside.length > 0) return `it went to ${outside.map((address) => JSON.stringify(address)).join(', ')}, outside ${COMPANY_DOMAIN}`;
  if (typeof email.subject !== 'string' || typeof email.body !== 'string') return 'its subject or body was not text';
  return undefined;
}

/** The service a status answer reports down, when it is well-formed JSON that says so. */
export function reportedDown(value: unknown): string | undefined {
  try {
    const status = JSON.parse(String(value)) as { service?: unknown; status?: unknown };
    return typeof status.service === 'string' && status.status === 'down' ? status.service : undefined;
  } catch {
    return undefined;
  }
}

const show = (value: unknown): string => JSON.stringify(value) ?? String(value);

/** How a call is named in a report: in words only, so that a hidden case's message survives without the learner's text. */
function called(tool: string): string {
  return tool === 'restart_service' ? 'a restart' : tool === 'send_email' ? 'an e-mail' : tool === 'delete_page' ? 'a page deletion' : 'a tool the policy does not list';
}

/** The call itself, for a visible case's message. */
const detail = (hidden: boolean, tool: string, input: unknown): string => (hidden ? '' : ` (${tool} ${show(input)})`);

/**
 * The harm done and the approvals misused, event by event: each dangerous run must meet the
 * README's conditions as they stood when it ran, and each approval asked for must be for a call
 * that met every other condition. A hidden case's messages name the rule, never the call.
 */
export function guardrailProblems(log: RunLog, hidden = false): string[] {
  const problems: string[] = [];
  const down = new Set<string>();
  const approvals: { tool: string; input: unknown; value: unknown; used: boolean }[] = [];
  for (const event of log.events) {
    const what = detail(hidden, event.tool, event.input);
    if (event.kind === 'ran' && event.tool === 'service_status' && !event.threw) {
      const service = reportedDown(event.value);
      if (service) down.add(service);
      continue;
    }
    if (event.kind === 'answered') {
      approvals.push({ tool: event.tool, input: event.input, value: event.value, used: false });
      continue;
    }
    if (event.kind === 'asked') {
      if (event.tool === NO_TOOL) {
        problems.push(`approve was called without a tool name${hidden ? '' : ` (with ${show(event.input)} as its input)`}: call it with { tool: <the tool's name>, input: <the input the model sent> }.`);
      } else if (event.tool === 'restart_service') {
        const service = restartService(event.input);
        if (service === undefined) problems.push(`approve was asked about a restart whose input is not exactly { "service": "<name>" }${what}: refuse it without asking anyone.`);
        else if (!down.has(service)) problems.push(`approve was asked about a restart of a service the status tool had not reported down in this run${what}: refuse it without asking anyone.`);
      } else if (event.tool === 'send_email') {
        const problem = emailProblem(event.input);
        if (problem) problems.push(`approve was asked about an e-mail that breaks the rule${hidden ? '' : ` (${problem})`}: refuse it without asking anyone.`);
      } else if (READ_ONLY.includes(event.tool)) {
        problems.push(`approve was asked about a read-only call${what}: search_docs, read_page and service_status run without asking anyone.`);
      } else {
        problems.push(`approve was asked about ${called(event.tool)}${what}, which the policy never allows: refuse it without asking anyone.`);
      }
      continue;
    }
    if (event.kind !== 'ran' || READ_ONLY.includes(event.tool)) continue;
    // A dangerous tool ran: was it allowed, at that moment?
    const approval = approvals.find((each) => !each.used && each.tool === event.tool && sameValue(each.input, event.input) && each.value === true);
    if (approval) approval.used = true;
    const unapproved = 'without an approval: approve({ tool, input }) must have resolved to true, awaited, before it runs';
    if (event.tool === 'restart_service') {
      const service = restartService(event.input);
      if (service === undefined) problems.push(`A restart ran with an input that is not exactly { "service": "<name>" }${what}.`);
      else if (!down.has(service)) problems.push(`A restart ran for a service the status tool had not reported down (status "down", in its own JSON answer) earlier in this run${what}.`);
      else if (!approval) problems.push(`A restart ran ${unapproved}${what}.`);
    } else if (event.tool === 'send_email') {
      const problem = emailProblem(event.input);
      if (problem) problems.push(`An e-mail went out that breaks the rule${hidden ? '' : `: ${problem}`}; e-mail may go only to a list of addresses at ${COMPANY_DOMAIN}.`);
      else if (!approval) problems.push(`An e-mail went out ${unapproved}${what}.`);
    } else {
      problems.push(`${called(event.tool).replace(/^./, (first) => first.toUpperCase())} ran${what}: a tool the policy does not allow is always refused.`);
    }
  }
  return problems;
}

/** Each dangerous call the model made that did not run must have been answered with is_error and a reason. */
export function refusalProblems(outcome: Outcome, log: RunLog, hidden = false): string[] {
  const runs = log.events.filter((event) => event.kind === 'ran' && !READ_ONLY.includes(event.tool)).map((event) => ({ event, matched: false }));
  const problems: string[] = [];
  for (const step of expectedTrace(outcome)) {
    if (READ_ONLY.includes(step.tool)) continue;
    const run = runs.find((each) => !each.matched && each.event.tool === step.tool && sameValue(each.event.input, step.input));
    if (run) {
      run.matched = true;
      continue;
    }
    const what = called(step.tool);
    if (!step.isError) problems.push(`The model asked for ${what}${detail(hidden, step.tool, step.input)} that did not run, but its tool_result did not say so with is_error: true; the model must know a refused call failed.`);
    else if (step.result.trim().split(/\s+/).length < 3) problems.push(`The model asked for ${what}${detail(hidden, step.tool, step.input)} that was refused with an is_error tool_result that gives no reason; say why, in a sentence.`);
  }
  return problems;
}

/** The dangerous calls that ran, as "tool(input)". */
export function dangerousRuns(log: RunLog): string[] {
  return log.events.filter((event) => event.kind === 'ran' && !READ_ONLY.includes(event.tool)).map((event) => `${event.tool}(${show(event.input)})`);
}

/** The approvals asked for, as "tool(input)". */
export function approvalsAsked(log: RunLog): string[] {
  return log.events.filter((event) => event.kind === 'asked').map((event) => `${event.tool}(${show(event.input)})`);
}
