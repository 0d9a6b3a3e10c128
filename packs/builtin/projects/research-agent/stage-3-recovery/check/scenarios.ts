// The harness of stage 3 of the research-agent project: recovering from errors. The tools the judge
// lends now fail: a page store that answers 503, a status API that times out (an error named
// TimeoutError) or answers an HTML error page, a restart that times out after it was approved; and
// the model API itself answers 529 (the SDK retries it twice), keeps answering 529, or refuses a
// request (400). The researcher of world.ts reacts to what the conversation shows (it reads the
// next search result when a page fails, it answers without a status it could not get). The checks
// judge what ran, what the model was told, and what research() returned. This file stays in the pack.
import { answered, calls, conversationProblems, doneProblems, expectedTrace, finished, type Outcome, traceProblems } from '../../stage-1-loop/check/judge';
import { guardedTools, PAGES, type Quirks, readOnlyTools, researcher, type Request, RunLog, sameValue, statusJson, timeout, type WorldSpec } from '../../stage-1-loop/check/world';
import { approvalsAsked, approver, guardrailProblems, refusalProblems } from '../../stage-2-guardrails/check/effects';

type Answer = ReturnType<ReturnType<typeof researcher>> | { name: string; error: { status: number; message: string; retryAfter?: number } };

interface Spec {
  name: string;
  hidden?: boolean;
  question: string;
  world?: WorldSpec;
  quirks?: Quirks;
  /** The model API's failures: given the request's number (1 for the first) and how many got an answer, an error, or undefined. */
  api?: (request: number, answeredSoFar: number) => { status: number; message: string; retryAfter?: number } | undefined;
  check(outcome: Outcome, log: RunLog, hidden: boolean): string[];
  /** The run ends with the model's answer (the default) or stops at an API error. */
  ends?: 'done' | 'api-error';
}

function scenario(spec: Spec) {
  const log = new RunLog();
  const model = researcher(spec.quirks);
  let requests = 0;
  let answeredSoFar = 0;
  const tools = [...readOnlyTools(spec.world ?? {}, log), ...guardedTools(spec.world ?? {}, log)];
  return {
    name: spec.name,
    hidden: spec.hidden,
    respond: (request: Request): Answer => {
      requests++;
      const failure = spec.api?.(requests, answeredSoFar);
      if (failure) return { name: `API error ${failure.status}`, error: failure };
      answeredSoFar++;
      return model(request);
    },
    tools,
    options: { question: spec.question, approve: approver(log, true) },
    check(outcome: Outcome): string[] {
      const { result, problems } = finished(outcome);
      if (!result) return problems;
      const hidden = spec.hidden === true;
      problems.push(...guardrailProblems(log, hidden), ...refusalProblems(outcome, log, hidden), ...spec.check(outcome, log, hidden));
      if ((spec.ends ?? 'done') === 'done') {
        const done = doneProblems(outcome, result);
        if (done[0]?.startsWith('research returned after')) return [...problems, ...done];
        problems.push(...done);
      }
      return [...problems, ...conversationProblems(outcome, spec.question, tools.map((tool) => tool.definition.name)), ...traceProblems(outcome, result)];
    },
  };
}

/** The tool_result the model got for the first call to `tool` (from the expected trace). */
const told = (outcome: Outcome, tool: string) => expectedTrace(outcome).find((step) => step.tool === tool);
const runsOf = (log: RunLog, tool: string) => log.ran(tool);
const words = (text: string): number => text.trim().split(/\s+/).filter(Boolean).length;

/** A failing tool: it ran `times` times, and the model heard of it with is_error and the error's message. */
function failureTold(tool: string, message: string, times: number, why: string) {
  return (outcome: Outcome, log: RunLog, hidden: boolean): string[] => {
    const problems: string[] = [];
    // The runs of the call that failed: the same tool with the same input (a retry sends the same input).
    const first = runsOf(log, tool)[0];
    const runs = runsOf(log, tool).filter((run) => sameValue(run.input, first?.input));
    if (runs.length !== times) problems.push(`${hidden ? 'The failing tool' : tool} ran ${runs.length} ${runs.length === 1 ? 'time' : 'times'} with the input that failed; ${why}, so it runs ${times === 1 ? 'once' : `${times} times, with the same input`}.`);
    const step = told(outcome, tool);
    if (step && !step.isError) problems.push(`${hidden ? 'The failing tool' : tool} threw, but the model was told ${hidden ? 'it worked' : JSON.stringify(step.result)} without is_error: true; a failure goes back to the model as an error.`);
    else if (step && !step.result.includes(message)) problems.push(`The model was told that ${hidden ? 'the tool' : tool} failed, but not why: include the error's message${hidden ? '' : ` ("${message}")`} in the tool_result.`);
    return problems;
  };
}

/** Status answers that are not statuses: the model hears each as an error with a reason. */
function garbageTold(hidden: boolean, outcome: Outcome): string[] {
  const steps = expectedTrace(outcome).filter((step) => step.tool === 'service_status');
  if (steps.length === 0) return ['The model asked for the status, but no result went back to it.'];
  for (const step of steps) {
    if (!step.isError) return [`The status tool answered something that is not a status${hidden ? '' : ` (${JSON.stringify(step.result.slice(0, 60))})`}, and the model got it as a result; send it as an error (is_error: true) that says the status could not be read.`];
    if (words(step.result) < 3) return ['The unreadable status went back as an error without a reason; say, in a sentence, why it is not a status.'];
  }
  return [];
}

/** A run the model API ended: no throw, stoppedBecause "api-error", the error, a stated answer, the steps and trace so far. */
function stoppedCleanly(message: string) {
  return (outcome: Outcome, _log: RunLog, hidden: boolean): string[] => {
    const result = outcome.result as { answer: string; stoppedBecause: string; steps: number; error?: unknown };
    const problems: string[] = [];
    const got = answered(outcome).length;
    if (result.stoppedBecause !== 'api-error') problems.push(`stoppedBecause is ${JSON.stringify(result.stoppedBecause)}; the model API failed for good, so it should be "api-error".`);
    if (typeof result.error !== 'string' || !result.error.includes(message)) problems.push(`error is ${hidden || typeof result.error !== 'string' ? (typeof result.error === 'string' ? 'a message that does not carry the API\'s' : String(result.error)) : JSON.stringify(result.error)}; it should be the message of the error the SDK threw${hidden ? '' : ` (it says "${message}")`}.`);
    if (result.answer.trim() === '') problems.push('answer is empty; say in a sentence that the research stopped because the model API failed.');
    if (result.steps !== got) problems.push(`steps is ${JSON.stringify(result.steps)}; ${calls(got)} got an answer before the API failed.`);
    return problems;
  };
}

const BILLING = 'Is billing-api up, and what does its runbook say to do when it is down?';
const IS_BILLING_UP = 'Is billing-api up?';
const RESTART_BILLING = 'billing-api is throwing errors. Check its status and restart it if it is down.';
const PAGE_FAILS = 'the page store answered 503 Service Unavailable';
const OVERLOADED = { status: 529, message: 'Overloaded' };
const HTML_ERROR = '<html><body><h1>502 Bad Gateway</h1></body></html>';

export const scenarios = [
  scenario({
    name: 'a page that fails to load: the model hears why and reads the next result',
    question: 'What does the billing runbook say about restarts?',
    world: { readAnswers: { 'billing-runbook': [{ throws: PAGE_FAILS }] } },
    check: failureTold('read_page', PAGE_FAILS, 1, 'it failed with an error that is not a timeout'),
  }),
  scenario({
    name: 'the status tool times out once: it runs again, and the model never sees the timeout',
    question: IS_BILLING_UP,
    world: { statusAnswers: { 'billing-api': [timeout('service_status'), statusJson('billing-api', 'up')] } },
    check(outcome, log) {
      const problems: string[] = [];
      const runs = runsOf(log, 'service_status');
      if (runs.length !== 2) problems.push(`service_status ran ${runs.length} ${runs.length === 1 ? 'time' : 'times'}; it timed out (an error named TimeoutError) the first time, and a read-only tool that times out runs once more, so 2.`);
      else if (!sameValue(runs[1]?.input, runs[0]?.input)) problems.push('service_status ran again with a different input; a timeout is retried with the same input.');
      const step = told(outcome, 'service_status');
      if (step?.isError) problems.push(`The model was told the status call failed (${JSON.stringify(step.result)}); the second try worked, and only its result goes back to the model.`);
      return problems;
    },
  }),
  scenario({
    name: 'an approved restart that times out is not run again',
    question: RESTART_BILLING,
    world: { statuses: { 'billing-api': 'down' }, guardedAnswers: { restart_service: [timeout('restart_service')] } },
    check(outcome, log, hidden) {
      const problems = failureTold('restart_service', 'restart_service did not answer within 10 s', 1, 'a restart that timed out may have restarted the service all the same, and the loop never runs restart_service or send_email again by itself')(outcome, log, hidden);
      const asked = approvalsAsked(log);
      if (asked.length !== 1) problems.push(`approve was asked ${asked.length} times; the model asked for one restart, so once.`);
      return problems;
    },
  }),
  scenario({
    name: 'the status tool answers an HTML error page',
    question: IS_BILLING_UP,
    world: { statusAnswers: { 'billing-api': [HTML_ERROR] } },
    check: (outcome, _log, hidden) => garbageTold(hidden, outcome),
  }),
  scenario({
    name: 'the model API is overloaded once: the SDK retries it and the research goes on',
    question: BILLING,
    world: { statuses: { 'billing-api': 'down' } },
    api: (request) => (request === 1 ? { ...OVERLOADED, retryAfter: 1 } : undefined),
    check(outcome) {
      const failed = outcome.requests.filter((entry) => entry.status !== 200).length;
      const sent = outcome.requests.length;
      return failed === 1 && sent === 5 ? [] : [`It sent ${sent} ${sent === 1 ? 'request' : 'requests'}, ${failed} answered with an error; the first answer was one 529, which the SDK retries by itself when the client is used as given, so 5 (one retry, then the 4 calls of this research).`];
    },
  }),
  scenario({
    name: 'the model API stays overloaded: the research stops cleanly and says so',
    question: BILLING,
    world: { statuses: { 'billing-api': 'down' } },
    api: (_request, answeredSoFar) => (answeredSoFar >= 2 ? OVERLOADED : undefined),
    ends: 'api-error',
    check: stoppedCleanly('Overloaded'),
  }),
  scenario({
    name: 'the status tool times out twice: the model hears of it',
    hidden: true,
    question: IS_BILLING_UP,
    world: { statusAnswers: { 'billing-api': [timeout('service_status')] } },
    check: failureTold('service_status', 'service_status did not answer within 10 s', 2, 'a read-only tool that times out runs once more, and no more'),
  }),
  scenario({
    name: 'a status that is not up, degraded or down is not a status',
    hidden: true,
    question: IS_BILLING_UP,
    world: { statusAnswers: { 'billing-api': ['{"service": "billing-api", "status": "rebooting", "since": "09:12"}'] } },
    check: (outcome, _log, hidden) => garbageTold(hidden, outcome),
  }),
  scenario({
    name: 'an unreadable status that mentions "down" is no reason to restart',
    hidden: true,
    question: RESTART_BILLING,
    world: { statusAnswers: { 'billing-api': ['upstream down: 502 Bad Gateway from the status proxy'] } },
    check: (outcome, _log, hidden) => garbageTold(hidden, outcome),
  }),
  scenario({
    name: 'status answers with no service in them',
    hidden: true,
    question: 'Are billing-api and auth-gateway up?',
    world: { statusAnswers: { 'billing-api': ['null'], 'auth-gateway': ['{"status": "up", "since": "07:40"}'] } },
    check: (outcome, _log, hidden) => garbageTold(hidden, outcome),
  }),
  scenario({
    name: 'the docs tools time out once each: both run again',
    hidden: true,
    question: 'What does the billing runbook say about restarts?',
    world: { searchAnswers: [timeout('search_docs'), JSON.stringify([{ id: 'billing-runbook', title: 'Billing API runbook' }])], readAnswers: { 'billing-runbook': [timeout('read_page'), PAGES[0]?.text ?? ''] } },
    check(outcome, log) {
      const problems: string[] = [];
      for (const tool of ['search_docs', 'read_page']) {
        const runs = runsOf(log, tool).length;
        if (runs !== 2) problems.push(`A docs tool that timed out once ran ${runs} ${runs === 1 ? 'time' : 'times'}; a read-only tool that times out runs once more, so 2.`);
        const step = told(outcome, tool);
        if (step?.isError) problems.push('The model was told a docs tool failed; its second try worked, and only that result goes back to the model.');
      }
      return problems;
    },
  }),
  scenario({
    name: 'a request the API refuses (400) ends the research cleanly',
    hidden: true,
    question: BILLING,
    world: { statuses: { 'billing-api': 'down' } },
    api: (_request, answeredSoFar) => (answeredSoFar === 1 ? { status: 400, message: 'messages: the conversation is too long for this model' } : undefined),
    ends: 'api-error',
    check: stoppedCleanly('the conversation is too long for this model'),
  }),
  scenario({
    name: 'the model API is overloaded from the first call',
    hidden: true,
    question: BILLING,
    api: () => OVERLOADED,
    ends: 'api-error',
    check: stoppedCleanly('Overloaded'),
  }),
  scenario({
    name: 'a failing search: the research goes on without the docs',
    hidden: true,
    question: BILLING,
    world: { statuses: { 'billing-api': 'down' }, searchAnswers: [{ throws: 'the search index is being rebuilt' }] },
    check: failureTold('search_docs', 'the search index is being rebuilt', 1, 'it failed with an error that is not a timeout'),
  }),
];
