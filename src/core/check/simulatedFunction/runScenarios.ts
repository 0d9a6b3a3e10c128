import Anthropic from '@anthropic-ai/sdk';
import * as path from 'node:path';
import { scenarioSchema } from '../../simulator/scenario';
import { startSimulator, type TraceEntry } from '../../simulator/server';
import type { CheckAnswer } from '../job';
import type { CheckLocation, CheckTest } from '../report';

/**
 * What the harness of an exercise checked against the simulator (agent-loop,
 * structured-output) exports: `scenarios`, each a conversation the simulator plays, the
 * arguments handed to the learner's function, and a check of what happened. Runs in the
 * check process, next to the learner's code.
 */
export interface SimulatedScenario {
  name: string;
  /** The task handed to an agent loop; leave it out for other functions. */
  task?: string;
  /** Simulator scenario rules (see the simulator's scenario format). */
  rules: unknown[];
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
  /** True when it did not finish within the scenario's time. */
  timedOut: boolean;
  /** Every request to POST /v1/messages, in order, with what the simulator answered. */
  requests: TraceEntry[];
  /** Every tool run, in order. */
  toolCalls: { name: string; input: unknown }[];
}

export interface SimulatedFunctionJob {
  harnessPath: string;
  entryPath: string;
  /** The learner's module relative to the workspace, for locations. */
  entryFile: string;
  exportName: string;
  scenarioTimeoutMs: number;
}

/** The pack's harness module, or the error report that says it does not load. */
export function loadHarness<T>(harnessPath: string): { harness: Partial<T> } | { failed: CheckAnswer } {
  try {
    return { harness: require(harnessPath) as Partial<T> };
  } catch (error) {
    return { failed: { ok: false, errorIn: 'harness', message: `The exercise's harness ${harnessPath} does not load.`, detail: String((error as Error).stack ?? error) } };
  }
}

export async function runSimulatedScenarios(job: SimulatedFunctionJob): Promise<CheckAnswer> {
  const loaded = loadHarness<{ scenarios: unknown }>(job.harnessPath);
  if ('failed' in loaded) return loaded.failed;
  const { harness } = loaded;
  const scenarios = harness.scenarios;
  if (!Array.isArray(scenarios) || scenarios.length === 0 || scenarios.some((s: Partial<SimulatedScenario>) => typeof s?.check !== 'function' || !Array.isArray(s.rules))) {
    return { ok: false, errorIn: 'harness', message: `The exercise's harness ${job.harnessPath} must export "scenarios": a list of { name, task, rules, tools, check }.` };
  }

  const agent = loadLearnerFunction(job);
  if (typeof agent !== 'function') return agent;

  const tests: CheckTest[] = [];
  for (const scenario of scenarios as SimulatedScenario[]) tests.push(await runScenario(scenario, agent, job));
  const failed = tests.filter((test) => test.status === 'fail');
  return {
    ok: true,
    tests,
    message:
      failed.length === 0
        ? `All ${tests.length} scenarios pass.`
        : `${failed.length} of ${tests.length} scenarios fail: ${failed.map((test) => test.name).join('; ')}.`,
  };
}

async function runScenario(scenario: SimulatedScenario, agent: LearnerFunction, job: SimulatedFunctionJob): Promise<CheckTest> {
  const toolCalls: ScenarioOutcome['toolCalls'] = [];
  // The tools as the harness made them (a schema, say, comes along), with each run recorded.
  const tools = scenario.tools?.map((tool) => ({
    ...tool,
    run: (input: unknown) => {
      toolCalls.push({ name: tool.definition.name, input });
      return tool.run(input);
    },
  }));
  const args = { model: 'claude-simulator-1', ...(scenario.task === undefined ? {} : { task: scenario.task }), ...(tools ? { tools } : {}), ...scenario.options };
  const run = await callAgainstSimulator(scenario.rules, agent, args, { timeoutMs: job.scenarioTimeoutMs, maxRetries: scenario.maxRetries, job });
  const outcome: ScenarioOutcome = { ...run.outcome, toolCalls };
  let problems: string[];
  try {
    problems = scenario.check(outcome);
  } catch (error) {
    problems = [`The exercise's check of this scenario failed: ${describeThrown(error)}`];
  }
  const failed = problems.length > 0;
  return {
    name: scenario.hidden ? `hidden · ${scenario.name}` : scenario.name,
    status: failed ? 'fail' : 'pass',
    ...(failed ? { message: problems.join('\n') } : {}),
    // A hidden scenario says what went wrong, never how it was played.
    ...(scenario.hidden ? {} : { output: transcript(outcome) }),
    ...(run.location && failed && !scenario.hidden ? { location: run.location } : {}),
  };
}

export type LearnerFunction = (options: Record<string, unknown>) => Promise<unknown>;

/**
 * Calls `fn` with a real SDK client pointed at a fresh simulator playing `rules`, and the
 * other `args`; waits at most `timeoutMs`. What it returned or threw, and every request.
 */
export async function callAgainstSimulator(
  rules: unknown[],
  fn: LearnerFunction,
  args: Record<string, unknown>,
  options: { timeoutMs: number; maxRetries?: number | undefined; job: Pick<SimulatedFunctionJob, 'entryPath' | 'entryFile'> },
): Promise<{ outcome: Omit<ScenarioOutcome, 'toolCalls'>; location?: CheckLocation }> {
  const simulator = await startSimulator({ scenario: scenarioSchema.parse({ rules }) });
  const client = new Anthropic({ apiKey: 'sk-ant-simulator', baseURL: simulator.url, maxRetries: options.maxRetries ?? 2 });
  const outcome: Omit<ScenarioOutcome, 'toolCalls'> = { timedOut: false, requests: [] };
  let location: CheckLocation | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(TIMED_OUT), options.timeoutMs);
    });
    outcome.result = await Promise.race([fn({ client, ...args }), timeout]);
  } catch (error) {
    if (error === TIMED_OUT) outcome.timedOut = true;
    else {
      outcome.error = describeThrown(error);
      location = locate(error, options.job);
    }
  } finally {
    clearTimeout(timer);
    // Closing stops a loop that is still running: its next call fails and it ends.
    await simulator.close();
  }
  outcome.requests = simulator.trace.filter((entry) => entry.path === '/v1/messages');
  return location ? { outcome, location } : { outcome };
}

/** The learner's exported function, or the failed report that says why it is not usable. */
export function loadLearnerFunction(job: Pick<SimulatedFunctionJob, 'entryPath' | 'entryFile' | 'exportName'>): LearnerFunction | CheckAnswer {
  try {
    const module = require(job.entryPath) as Record<string, unknown>;
    const exported = module[job.exportName];
    if (typeof exported !== 'function') {
      return failedToLoad(job, `${job.entryFile} must export a function named ${job.exportName}; it exports ${Object.keys(module).join(', ') || 'nothing'}.`);
    }
    return exported as LearnerFunction;
  } catch (error) {
    return failedToLoad(job, describeThrown(error), locate(error, job));
  }
}

const TIMED_OUT = Symbol('timed out');

function failedToLoad(job: Pick<SimulatedFunctionJob, 'entryFile'>, message: string, location?: CheckLocation): CheckAnswer {
  return {
    ok: true,
    message: `${job.entryFile} does not load, so no scenario could run.`,
    tests: [{ name: `${job.entryFile} loads`, status: 'fail', message, ...(location ? { location } : {}) }],
  };
}

/** An exception in words: the API's own message for an API error, else name and message. */
export function describeThrown(error: unknown): string {
  if (error instanceof Anthropic.APIError && error.status !== undefined) {
    const body = error.error as { error?: { type?: string; message?: string } } | undefined;
    return `the API answered ${error.status} ${body?.error?.type ?? ''}: ${body?.error?.message ?? error.message}`.replace('  ', ' ');
  }
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** Where in the learner's file the exception came from, from its stack. */
function locate(error: unknown, job: Pick<SimulatedFunctionJob, 'entryPath' | 'entryFile'>): CheckLocation | undefined {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const fromMessage = error instanceof SyntaxError ? error.message : '';
  for (const text of [fromMessage, stack]) {
    const match = new RegExp(`${escapeRegExp(job.entryPath)}:(\\d+):(\\d+)`).exec(text);
    if (match) return { file: job.entryFile, line: Number(match[1]), column: Number(match[2]) };
  }
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').split(path.sep).join('[\\\\/]');
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
  if (outcome.timedOut) lines.push('the function had not returned when the scenario timed out');
  if (outcome.error) lines.push(`the function threw: ${outcome.error}`);
  return lines.join('\n');
}
