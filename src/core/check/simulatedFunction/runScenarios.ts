import type Anthropic from '@anthropic-ai/sdk';
import { type Responder, scenarioSchema } from '../../simulator/scenario';
import type { IncomingMessage } from 'node:http';
import type { StreamEvent } from '../../simulator/response';
import { type Simulator, startSimulator, type TraceEntry } from '../../simulator/server';
import type { CheckAnswer } from '../job';
import { describeHarnessError } from '../harnessError';
import { CLOCK_HEADER } from '../learner/protocol';
import { VirtualClock } from '../learner/virtualClock';
import { type Callee, describeThrown, describeThrownData, judgeLearnerCode, type LearnerCode, type LearnerCodeJob, locate } from '../learner/learnerCode';
import type { CheckLocation, CheckTest } from '../report';

/**
 * What the harness of an exercise checked against the simulator (agent-loop,
 * structured-output) exports: `scenarios`, each a conversation the simulator plays, the
 * arguments handed to the learner's function, and a check of what happened. Runs in the
 * judge; the learner's function runs in the learner process and reaches the tools through it.
 */
export interface SimulatedScenario {
  name: string;
  /** The task handed to an agent loop; leave it out for other functions. */
  task?: string;
  /**
   * The export of the learner's module this scenario calls, for a module of several functions;
   * the exercise's function when absent.
   */
  function?: string;
  /** Simulator scenario rules (see the simulator's scenario format); none when `respond` answers alone. */
  rules?: unknown[];
  /**
   * A model written as code, for what rules cannot say: it answers each request from what the
   * request carries (its tools, their schemas, tool_choice, the text). Asked first; the rules
   * answer what it leaves (it returns undefined).
   */
  respond?: Responder;
  /**
   * Awaited before the simulator writes each event of a streamed answer, and before it breaks a
   * stream off ('drop'): the harness may hold the stream there, e.g. until a lent callback has
   * been given the text that came (so a check can tell text shown as it arrives from text shown
   * once the answer is complete).
   */
  beforeStreamEvent?: (next: StreamEvent | 'drop') => Promise<void> | void;
  /** Tools handed to an agent loop; leave them out for other functions. */
  tools?: { definition: Anthropic.Tool; run(input: unknown): Promise<string> }[];
  /** More arguments for the learner's function (maxSteps, maxTokens, system, the text to read, …). */
  options?: Record<string, unknown>;
  /** The SDK client's maxRetries; 2 (the SDK's default) unless set. */
  maxRetries?: number;
  /** A hidden case: the report says what went wrong but shows neither the transcript nor where. */
  hidden?: boolean;
  /** What went wrong, in sentences for the learner; empty when the loop behaved. */
  check(outcome: ScenarioOutcome): string[];
}

export interface ScenarioOutcome {
  /** What the learner's function returned, when it returned. */
  result?: unknown;
  /** Why it threw, when it threw: the API's refusal in its words, or the exception. */
  error?: string;
  /** The thrown error's own plain fields (a typed error's `reason`, `attempts`…), when it had any. */
  errorFields?: Record<string, string | number | boolean | null>;
  /**
   * Set when its process ended before it returned (it exited, ran out of memory, broke the
   * channel's protocol): how, in the judge's words. The engine fails the scenario with it; the
   * harness's check is not asked.
   */
  ended?: string;
  /** True when it did not finish within the scenario's time (on the wall clock, or in virtual time). */
  timedOut: boolean;
  /**
   * When it was stopped because it was still sleeping after this many milliseconds of virtual
   * time (a loop that never gives up): the scenario's virtual time limit.
   */
  virtualTimeLimitMs?: number;
  /**
   * Every request to POST /v1/messages, in order, with what the simulator answered; `at` is
   * the virtual time the judge's clock stamped it with (see virtualClock.ts).
   */
  requests: TraceEntry[];
  /** Every request to POST /v1/messages/count_tokens, in order, with the count the simulator answered. */
  tokenCounts: TraceEntry[];
  /** Every tool run, in order. */
  toolCalls: { name: string; input: unknown }[];
}

export interface SimulatedFunctionJob extends LearnerCodeJob {
  harnessPath: string;
  scenarioTimeoutMs: number;
}

/** The pack's harness module, or the error report that says it does not load. */
export function loadHarness<T>(harnessPath: string): { harness: Partial<T> } | { failed: CheckAnswer } {
  try {
    return { harness: require(harnessPath) as Partial<T> };
  } catch (error) {
    return { failed: { ok: false, errorIn: 'harness', message: `The exercise's harness ${harnessPath} does not load.`, detail: describeHarnessError(error) } };
  }
}

export async function runSimulatedScenarios(job: SimulatedFunctionJob): Promise<CheckAnswer> {
  // The learner process starts while the harness loads.
  return judgeLearnerCode(
    job,
    async () => {
      const loaded = loadHarness<{ scenarios: unknown }>(job.harnessPath);
      if ('failed' in loaded) return loaded;
      const scenarios = loaded.harness.scenarios;
      if (!Array.isArray(scenarios) || scenarios.length === 0 || scenarios.some((s: Partial<SimulatedScenario>) => typeof s?.check !== 'function' || !(Array.isArray(s.rules) || typeof s.respond === 'function'))) {
        return { failed: { ok: false, errorIn: 'harness', message: `The exercise's harness ${job.harnessPath} must export "scenarios": a list of { name, task, rules or respond, tools, check }.` } };
      }
      return { ready: scenarios as SimulatedScenario[] };
    },
    async (code, scenarios) => {
      const tests: CheckTest[] = [];
      for (const scenario of scenarios) tests.push(await runScenario(scenario, code, job));
      const failed = tests.filter((test) => test.status === 'fail');
      return {
        ok: true,
        tests,
        message: failed.length === 0 ? `All ${tests.length} scenarios pass.` : `${failed.length} of ${tests.length} scenarios fail: ${failed.map((test) => test.name).join('; ')}.`,
      };
    }
  );
}

/**
 * A hidden case's problems without anything the learner's code said: what it threw, returned
 * or passed to a tool appears as "…". The harness's own words (the rule that failed) remain;
 * the transcript and what the code printed are never shown.
 */
function withoutLearnerText(problems: string[], outcome: ScenarioOutcome): string[] {
  const said = new Set<string>();
  const collect = (value: unknown): void => {
    if (typeof value === 'string') {
      if (value.trim().length >= 4) said.add(value);
    } else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  collect(outcome.error);
  collect(outcome.errorFields);
  collect(outcome.result);
  collect(outcome.toolCalls.map((call) => call.input));
  // Longest first, so that a string inside another is not left half-replaced.
  const texts = [...said].sort((a, b) => b.length - a.length);
  return problems.map((problem) => texts.reduce((text, secret) => text.split(secret).join('…'), problem));
}

/** The harness's verdict on one scenario: its problems, or that its check itself broke. */
function checked(scenario: SimulatedScenario, outcome: ScenarioOutcome): string[] {
  try {
    return scenario.check(outcome);
  } catch (error) {
    return [`The exercise's check of this scenario failed: ${describeThrown(error)}`];
  }
}

async function runScenario(scenario: SimulatedScenario, code: LearnerCode, job: SimulatedFunctionJob): Promise<CheckTest> {
  const toolCalls: ScenarioOutcome['toolCalls'] = [];
  // The tools as the harness made them (a schema, say, comes along), with each run recorded.
  const tools = scenario.tools?.map((tool) => ({
    ...tool,
    run: (input: unknown) => {
      toolCalls.push({ name: tool.definition.name, input });
      return tool.run(input);
    },
  }));
  const name = scenario.function ?? job.exportName;
  if (!code.exports.includes(name)) {
    // The module loaded (it has the exercise's function), but not the one this scenario calls.
    const message = `${job.entryFile} must export a function named ${name}; it exports ${code.exports.join(', ')}.`;
    return { name: scenario.hidden ? `hidden · ${scenario.name}` : scenario.name, status: 'fail', message };
  }
  const args = { model: 'claude-simulator-1', ...(scenario.task === undefined ? {} : { task: scenario.task }), ...(tools ? { tools } : {}), ...scenario.options };
  code.takeOutput();
  const run = await callAgainstSimulator(scenario.rules ?? [], code.callee(name), args, {
    timeoutMs: job.scenarioTimeoutMs,
    maxRetries: scenario.maxRetries,
    respond: scenario.respond,
    beforeStreamEvent: scenario.beforeStreamEvent,
    job,
    virtualTime: true,
  });
  const printed = code.takeOutput().trim();
  const outcome: ScenarioOutcome = { ...run.outcome, toolCalls };
  const problems = outcome.ended !== undefined ? [`${name} did not return: ${outcome.ended}.`] : checked(scenario, outcome);
  const failed = problems.length > 0;
  if (scenario.hidden) {
    // A hidden scenario says which rule failed, never what the code said, did or printed.
    return { name: `hidden · ${scenario.name}`, status: failed ? 'fail' : 'pass', ...(failed ? { message: withoutLearnerText(problems, outcome).join('\n') } : {}) };
  }
  const shown = [transcript(outcome), ...(failed && printed ? [`your code printed:\n${printed.slice(0, PRINTED_LIMIT)}${printed.length > PRINTED_LIMIT ? '\n…' : ''}`] : [])].filter(Boolean);
  return {
    name: scenario.name,
    status: failed ? 'fail' : 'pass',
    ...(failed ? { message: problems.join('\n') } : {}),
    output: shown.join('\n'),
    ...(run.location && failed ? { location: run.location } : {}),
  };
}

const PRINTED_LIMIT = 4000;

/**
 * Calls `callee` with a real SDK client pointed at a fresh simulator playing `rules` (after
 * `respond`, when the harness gives one), and the other `args`; waits at most `timeoutMs` on
 * this process's clock. What it returned or threw, and every request.
 *
 * With `virtualTime` (the learner's code, in the learner process: every scenario of the
 * agent-loop and structured-output kinds, and a cost workload's run of the learner's pipeline),
 * the call runs on a virtual clock the judge owns: its timers (the SDK's too) and clocks are
 * virtual, time passes only while it sleeps with nothing on its way, requests are stamped with
 * that time, and a call still sleeping after VIRTUAL_TIME_LIMIT_MS is stopped. A harness's own
 * function (a baseline, run here) stays on the wall clock.
 */
export async function callAgainstSimulator(
  rules: unknown[],
  callee: Callee,
  args: Record<string, unknown>,
  options: {
    timeoutMs: number;
    maxRetries?: number | undefined;
    respond?: Responder | undefined;
    beforeStreamEvent?: SimulatedScenario['beforeStreamEvent'] | undefined;
    job: Pick<LearnerCodeJob, 'entryPath' | 'entryFile'>;
    virtualTime?: boolean;
  },
): Promise<{ outcome: Omit<ScenarioOutcome, 'toolCalls'>; location?: CheckLocation }> {
  let simulator: Simulator | undefined;
  const clock = options.virtualTime ? new VirtualClock(undefined, () => (simulator?.inFlight ?? 0) > 0) : undefined;
  // A responder may stand alone; rules, when given, are checked as a scenario's are.
  const scenario = rules.length === 0 && options.respond ? undefined : scenarioSchema.parse({ rules });
  simulator = await startSimulator({
    ...(scenario ? { scenario } : {}),
    ...(options.respond ? { respond: options.respond } : {}),
    ...(options.beforeStreamEvent ? { beforeStreamEvent: options.beforeStreamEvent } : {}),
    ...(clock ? { clock: (request: IncomingMessage) => clock.stamp(proofOf(request)) } : {}),
    // The check judges every request of this one call.
    traceLimit: 'all',
  });
  const outcome: Omit<ScenarioOutcome, 'toolCalls'> = { timedOut: false, requests: [], tokenCounts: [] };
  let location: CheckLocation | undefined;
  try {
    const called = await callee(args, { timeoutMs: options.timeoutMs, client: { baseURL: simulator.url, maxRetries: options.maxRetries ?? 2 }, ...(clock ? { clock } : {}) });
    if (called.kind === 'returned') outcome.result = called.value;
    else if (called.kind === 'timedOut') {
      outcome.timedOut = true;
      if (called.virtualMs !== undefined) outcome.virtualTimeLimitMs = called.virtualMs;
    }
    else if (called.kind === 'died') outcome.ended = called.why;
    else {
      outcome.error = describeThrownData(called.error);
      if (called.error.fields) outcome.errorFields = called.error.fields;
      location = locate(called.error, options.job);
    }
  } finally {
    // Closing stops a loop that is still running: its next call fails and it ends.
    await simulator.close();
  }
  outcome.requests = simulator.trace.filter((entry) => entry.path === '/v1/messages');
  outcome.tokenCounts = simulator.trace.filter((entry) => entry.path === '/v1/messages/count_tokens');
  return location ? { outcome, location } : { outcome };
}

function proofOf(request: IncomingMessage): string | undefined {
  const value = request.headers[CLOCK_HEADER];
  return Array.isArray(value) ? value[0] : value;
}

/** What happened, request by request, for the test's output. */
function transcript(outcome: ScenarioOutcome): string {
  const lines = outcome.requests.map((entry, i) => {
    const response = entry.response as { content?: { type: string; name?: string; text?: string }[]; stop_reason?: string; error?: { message: string } } | undefined;
    const said = response?.content
      ?.map((block) => (block.type === 'tool_use' ? `tool_use ${block.name}` : `text "${(block.text ?? '').replace(/\s+/g, ' ').slice(0, 40)}"`))
      .join(', ');
    const answer = entry.status === 200 ? `${said ?? ''} (stop_reason ${response?.stop_reason ?? '?'})` : entry.status === 0 ? entry.fault ?? 'no answer' : `${entry.status}: ${response?.error?.message ?? ''}`;
    return `model call ${i + 1}${entry.retryCount ? ` (SDK retry ${entry.retryCount})` : ''}: ${answer}`;
  });
  // A loop that never stops makes hundreds of calls: show how it started and how it ended.
  if (lines.length > 10) lines.splice(6, lines.length - 8, `… ${lines.length - 8} more model calls …`);
  const tools = outcome.toolCalls.map((call) => `tool run: ${call.name}(${JSON.stringify(call.input)})`);
  if (tools.length > 10) tools.splice(6, tools.length - 8, `… ${tools.length - 8} more tool runs …`);
  lines.push(...tools);
  if (outcome.virtualTimeLimitMs !== undefined) lines.push(`the function was still waiting after ${describeVirtualTime(outcome.virtualTimeLimitMs)} of the check's virtual time, so the scenario was stopped`);
  else if (outcome.timedOut) lines.push('the function had not returned when the scenario timed out');
  if (outcome.error) lines.push(`the function threw: ${outcome.error}`);
  if (outcome.ended) lines.push(`the function did not return: ${outcome.ended}`);
  return lines.join('\n');
}

/** "5 minutes", "90 s". */
export function describeVirtualTime(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}` : `${ms / 1000} s`;
}
