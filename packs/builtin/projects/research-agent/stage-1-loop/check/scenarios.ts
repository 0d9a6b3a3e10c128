// The harness of stage 1 of the research-agent project: the ReAct loop. The simulator plays the
// researcher of world.ts (it checks statuses, searches the docs, reads the best page, answers
// with citations), and the checks judge what research() sent, ran and returned: every tool call
// run and answered, the trace, the final answer, the step limit. This file stays in the pack.
import { answered, calls, conversationProblems, doneProblems, expectedTrace, finished, type Outcome, resultsSentBy, runsOf, traceProblems } from './judge';
import { type Quirks, READ_ONLY, readOnlyTools, researcher, RunLog, sameValue, type WorldSpec } from './world';

interface Spec {
  name: string;
  hidden?: boolean;
  question: string;
  world?: WorldSpec;
  quirks?: Quirks;
  maxSteps?: number;
  /** The tools lent, by name: all three read-only tools when not given. */
  only?: string[];
  check(outcome: Outcome): string[];
}

/** Each tool call whose result went back to the model ran once, with the model's input; unknown tools never. */
function ranProblems(outcome: Outcome, lent: string[]): string[] {
  const expected = expectedTrace(outcome).filter((step) => lent.includes(step.tool));
  const ran = outcome.toolCalls;
  const same = ran.length === expected.length && expected.every((step, i) => ran[i]?.name === step.tool && sameValue(ran[i]?.input, step.input));
  if (same) return [];
  return [`The tools that ran were ${runsOf(outcome)}; the model asked for ${expected.map((step) => `${step.tool}(${JSON.stringify(step.input)})`).join(', ') || 'none'}: run each tool_use once, with the input the model sent.`];
}

function scenario(spec: Spec) {
  const log = new RunLog();
  return {
    name: spec.name,
    hidden: spec.hidden,
    respond: researcher(spec.quirks),
    tools: readOnlyTools(spec.world ?? {}, log).filter((tool) => !spec.only || spec.only.includes(tool.definition.name)),
    options: { question: spec.question, ...(spec.maxSteps === undefined ? {} : { maxSteps: spec.maxSteps }) },
    check: spec.check,
  };
}

/** The checks of a run the model finishes: the conversation, the runs, the answer and the trace. */
function researched(question: string, extra: (outcome: Outcome) => string[] = () => [], lent: string[] = READ_ONLY) {
  return (outcome: Outcome): string[] => {
    const { result, problems } = finished(outcome);
    if (!result) return problems;
    const done = doneProblems(outcome, result);
    if (done.length > 0 && done[0]?.startsWith('research returned after')) return done;
    return [...conversationProblems(outcome, question, lent), ...ranProblems(outcome, lent), ...done, ...traceProblems(outcome, result), ...extra(outcome)];
  };
}

/** The first call was to a tool research() was not given: its result must say so, as an error, naming it. */
function unknownToolAnswered(tool: string, hidden = false) {
  return (outcome: Outcome): string[] => {
    const [first] = answered(outcome);
    const reply = first && first.index + 1 < outcome.requests.length ? resultsSentBy(outcome, first.index + 1)[0] : undefined;
    if (!reply) return [];
    const said = typeof reply.content === 'string' ? reply.content : JSON.stringify(reply.content ?? '');
    const problems: string[] = [];
    if (reply.is_error !== true) problems.push(`The model called ${tool}, a tool research() was not given; its tool_result must have is_error: true.`);
    if (said.trim() === '') problems.push(`The error tool_result for ${hidden ? 'that tool' : tool} is empty; say that there is no such tool, so the model picks another.`);
    else if (!said.includes(tool)) problems.push(`The error tool_result for ${hidden ? 'that tool' : tool} does not name it${hidden ? '' : ` (${JSON.stringify(said.slice(0, 60))})`}; say that there is no tool by that name, and name it, so the model picks another.`);
    return problems;
  };
}

const BILLING = 'Is billing-api up, and what does its runbook say to do when it is down?';
const TWO_SERVICES = 'Are auth-gateway and mail-relay up?';
const INDEXER = 'Is search-indexer healthy?';
const STALE_INDEX = 'How do I fix a stale index on search-indexer?';
const FAQ = 'What does the billing FAQ say about invoices?';

/** A model that keeps searching: the loop must stop at the limit, and not run the last call's tools. */
function stopsAt(limit: number, given: boolean) {
  return (outcome: Outcome): string[] => {
    const { result, problems } = finished(outcome);
    if (!result) return problems;
    const made = outcome.requests.length;
    if (made !== limit) {
      problems.push(
        made > limit
          ? `${given ? `With maxSteps: ${limit}` : 'With no maxSteps (the default is 6)'} it made ${calls(made)}; the limit allows ${limit}.`
          : `${given ? `With maxSteps: ${limit}` : 'With no maxSteps (the default is 6)'} it stopped after ${calls(made)}; the model asked for a tool every time, so the loop uses all ${limit}.`,
      );
      return problems;
    }
    if (result.stoppedBecause !== 'max-steps') problems.push(`stoppedBecause is ${JSON.stringify(result.stoppedBecause)}; the step limit ended the run, so it should be "max-steps".`);
    if (result.steps !== limit) problems.push(`steps is ${JSON.stringify(result.steps)}, but ${calls(limit)} were made.`);
    if (result.answer.trim() === '') problems.push('answer is empty; when the limit stops the run, answer with a sentence that says the research stopped before the model answered.');
    if (outcome.toolCalls.length !== limit - 1) {
      problems.push(`${outcome.toolCalls.length} tool ${outcome.toolCalls.length === 1 ? 'call' : 'calls'} ran; the tools the last allowed response asks for must not run (their results could never reach the model), so ${limit - 1}.`);
    }
    problems.push(...traceProblems(outcome, result));
    return problems;
  };
}

export const scenarios = [
  scenario({
    name: 'researches a question: status, search, read, then the answer',
    question: BILLING,
    world: { statuses: { 'billing-api': 'down' } },
    check: researched(BILLING, (outcome) => (outcome.requests.length === 4 ? [] : [`It made ${calls(outcome.requests.length)}; this research takes 4 (status, search, read, answer).`])),
  }),
  scenario({
    name: 'runs two tool calls from one response and answers both in one turn',
    question: TWO_SERVICES,
    world: { statuses: { 'auth-gateway': 'up', 'mail-relay': 'degraded' } },
    check: researched(TWO_SERVICES, (outcome) => {
      const [first] = answered(outcome);
      const sent = first && first.index + 1 < outcome.requests.length ? resultsSentBy(outcome, first.index + 1).length : 0;
      return sent === 2 ? [] : [`The model asked for two service_status calls in one response; the next request carried ${sent} tool_result ${sent === 1 ? 'block' : 'blocks'} in its last user turn. Both results go back together, in one user turn.`];
    }),
  }),
  scenario({
    name: 'answers a call to a tool it was not given with an error, and carries on',
    question: INDEXER,
    world: { statuses: { 'search-indexer': 'up' } },
    quirks: { firstCall: { name: 'query_metrics', input: { service: 'search-indexer', metric: 'error_rate' }, thought: 'Thought: the error rate will tell me; I will query the metrics.' } },
    check: researched(INDEXER, unknownToolAnswered('query_metrics')),
  }),
  scenario({ name: 'stops at maxSteps when the model keeps searching', question: FAQ, quirks: { neverStops: true }, maxSteps: 3, check: stopsAt(3, true) }),
  scenario({ name: 'stops after 6 model calls when no maxSteps is given', hidden: true, question: FAQ, quirks: { neverStops: true }, check: stopsAt(6, false) }),
  scenario({
    name: 'a call to a docs tool this agent was not given',
    hidden: true,
    question: INDEXER,
    world: { statuses: { 'search-indexer': 'degraded' } },
    only: ['service_status'],
    quirks: { firstCall: { name: 'read_page', input: { id: 'indexer-overview' }, thought: 'Thought: the indexer overview page will say; I will read it.' } },
    check: researched(INDEXER, unknownToolAnswered('read_page', true), ['service_status']),
  }),
  scenario({
    name: 'researches another question, by another route',
    hidden: true,
    question: STALE_INDEX,
    world: { statuses: { 'search-indexer': 'degraded' } },
    check: researched(STALE_INDEX, (outcome) => (outcome.requests.length === 4 ? [] : [`It made ${calls(outcome.requests.length)}; this research takes 4.`])),
  }),
];
