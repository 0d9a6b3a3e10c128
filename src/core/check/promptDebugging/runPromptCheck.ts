import * as path from 'node:path';
import type { PackExercise } from '../../packLoader';
import { type CallResult, ModelCallError, type ModelClient, openModelClient } from '../../model/modelClient';
import { maxInputTokens, type ModelRequest, requestKey } from '../../model/modelRequest';
import { describeModel, type ModelSettings, redactKey, validateModelSettings } from '../../model/modelSettings';
import { costOf, formatDollars, NO_USAGE, priceOf } from '../../model/prices';
import { writeRecording } from '../../model/recordings';
import { workspaceRelative } from '../../workspaceLayout';
import { CheckCancelled } from '../checkCancelled';
import { type CheckReport, errorReport, failReport, overallStatus, REPORT_VERSION, scoreOf } from '../report';
import { GRADER_SYSTEM, graderRequest, judgeReply, parseVerdict, type SchemaCheck } from './assertions';
import { caseTest, failingNames, type SampleResult } from './caseReport';
import { runPool } from '../../pool';
import { Meter } from './meter';
import { assertionsOf, CaseFileError, type PromptCase } from './promptCases';
import { HarnessFileError, loadCases, loadOutputSchema, readPrompt } from './promptFiles';
import { renderRequest, unknownPlaceholders } from './promptTemplate';
import { reviewPrompt } from './review';

export type PromptCheckProgress =
  | { type: 'estimate'; calls: number; stored: number; maxCostUsd: number | null; budgetUsd: number; model: string; live: boolean }
  | { type: 'call'; done: number; total: number };

export interface PromptCheckOptions {
  model: ModelSettings;
  /** The response cache's folder; without it nothing is cached. */
  cacheDir?: string | undefined;
  /** Folders of recordings the replay provider answers from. */
  recordingDirs: readonly string[];
  /** With `model.record`: where to write the recording. */
  recordTo?: { file: string; title: string } | undefined;
  /** Overrides the exercise's concurrency. */
  concurrency?: number | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((event: PromptCheckProgress) => void) | undefined;
}

/**
 * The prompt-debugging check: the learner's prompt, filled in for every case, is sent to the
 * model `samples` times per case with bounded concurrency; each reply is judged by the
 * case's assertions, and a case passes when enough of its samples do. Runs in the caller's
 * process: it runs no code from the workspace, only text.
 */
export async function runPromptCheck(exercise: PackExercise, folder: string, workspace: string, options: PromptCheckOptions): Promise<CheckReport> {
  const started = performance.now();
  validateModelSettings(options.model);
  const elapsed = (): number => Math.round(performance.now() - started);
  const relative = (file: string): string => workspaceRelative(workspace, file);

  const prepared = await prepare(exercise, folder, workspace, elapsed);
  if ('report' in prepared) return prepared.report;
  const { config, cases, schema, advice, casesFile } = prepared;
  const client = await openModelClient({ settings: options.model, cacheDir: options.cacheDir, recordingDirs: options.recordingDirs });
  const samples = config.samples;
  const minPasses = config.minPasses ?? Math.ceil((2 * samples) / 3);
  const { tasks, price, worstCase, storedCount, callsBound, maxCostUsd } = await planCalls(prepared, client, options.model);
  options.onProgress?.({ type: 'estimate', calls: callsBound, stored: storedCount, maxCostUsd, budgetUsd: options.model.budgetUsd, model: describeModel(options.model), live: client.live });

  const meter = new Meter(options.model.budgetUsd, price);
  const results = new Map<PromptCase, SampleResult[]>(cases.map((testCase) => [testCase, []]));
  let stop: { reason: 'budget' } | { reason: 'model'; message: string } | undefined;
  const abort = new AbortController();
  const onAbort = (): void => abort.abort();
  options.signal?.addEventListener('abort', onAbort);
  let done = 0;

  const call = async (request: ModelRequest, sample: number, label: string): Promise<CallResult | undefined> => {
    const reserved = client.live && !(await client.isStored(request, sample)) ? worstCase(request, false) : 0;
    // A call that might not fit waits for the calls in flight, which usually cost far less than
    // reserved; when none is left in flight and it still does not fit, the run stops.
    while (!meter.reserve(reserved)) {
      if (stop || !(await meter.settled())) {
        stop ??= { reason: 'budget' };
        return undefined;
      }
    }
    try {
      const result = await client.complete(request, sample, abort.signal);
      meter.settle(reserved, result, { key: requestKey(request, sample), label, sample, request, answer: result.answer, provenance: result.provenance });
      return result;
    } catch (error) {
      meter.settle(reserved);
      if (options.signal?.aborted) throw new CheckCancelled();
      if (error instanceof ModelCallError) {
        stop ??= { reason: 'model', message: error.message };
        abort.abort();
        return undefined;
      }
      if (abort.signal.aborted) return undefined;
      throw error;
    }
  };

  try {
    await runPool(tasks, options.concurrency ?? config.concurrency, async (task) => {
      if (stop) return;
      const label = task.testCase.id;
      const result = await call(task.request, task.sample, label);
      if (!result) return;
      const verdict = await judgeReply(result.answer.text, assertionsOf(task.testCase, schema !== undefined), {
        schema,
        hidden: task.testCase.hidden,
        grade: async (rubric, reply) => {
          const graded = await call(graderRequest(rubric, reply), task.sample, `${label} (grader)`);
          if (!graded) throw new StoppedError();
          return parseVerdict(graded.answer.text);
        },
      }).catch((error: unknown) => {
        if (error instanceof StoppedError) return undefined;
        throw error;
      });
      if (!verdict) return;
      results.get(task.testCase)?.push({ sample: task.sample, reply: result.answer.text, verdict, fromCache: result.fromCache });
      options.onProgress?.({ type: 'call', done: ++done, total: tasks.length });
    });
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  if (options.signal?.aborted) throw new CheckCancelled();

  let recordedTo: string | undefined;
  if (options.model.record && options.recordTo && meter.entries.length > 0) {
    await writeRecording(options.recordTo.file, exercise.id, options.recordTo.title, meter.entries);
    recordedTo = relative(options.recordTo.file);
  }

  const tests = cases.map((testCase) => caseTest(testCase, results.get(testCase) ?? [], { samples, minPasses, casesFile }));
  const usage = {
    ...meter.report({ provider: options.model.provider, model: options.model.provider === 'replay' ? 'recorded' : options.model.model, maxCostUsd, sources: [...meter.sources].sort() }),
    ...(recordedTo ? { recordedTo } : {}),
    ...(stop?.reason === 'budget' ? { stoppedAtBudget: true } : {}),
  };
  const tokens = usage.inputTokens + usage.outputTokens;
  const spent = tokens === 0 ? 'no tokens spent' : usage.costUsd === null ? `${tokens} tokens` : `${tokens} tokens, ${formatDollars(usage.costUsd)}`;
  if (stop) {
    const why =
      stop.reason === 'budget'
        ? `Stopped at the budget of ${formatDollars(options.model.budgetUsd)}: the next call could have gone over it.`
        : `Stopped: ${redactKey(stop.message, options.model.apiKey)}`;
    const ran = tests.filter((test) => test.status !== 'error').length;
    return {
      version: REPORT_VERSION,
      exercise: exercise.id,
      kind: exercise.kind,
      status: 'error',
      errorIn: 'model',
      message: `${why} ${ran} of ${cases.length} cases finished; ${meter.calls} calls so far (${spent}).`,
      durationMs: elapsed(),
      tests,
      usage,
      advice,
    };
  }
  const failing = tests.filter((test) => test.status !== 'pass');
  const status = overallStatus(tests);
  const cached = meter.fromCache > 0 ? `; ${meter.fromCache} of ${meter.calls} answers from ${client.live ? 'cache' : 'recordings'}` : '';
  return {
    version: REPORT_VERSION,
    exercise: exercise.id,
    kind: exercise.kind,
    status,
    score: scoreOf(status, tests),
    message:
      failing.length === 0
        ? `All ${cases.length} cases pass, ${samples} samples each (${spent}${cached}).`
        : `${failing.length} of ${cases.length} cases fail: ${failingNames(failing)} (${spent}${cached}).`,
    durationMs: elapsed(),
    tests,
    usage,
    advice,
  };
}

class StoppedError extends Error {}

/** A reply to grade is at most max_tokens tokens; the grader's framing is counted in bytes. */
function graderInputBound(replyMaxTokens: number): number {
  return Buffer.byteLength(GRADER_SYSTEM) + 400 + replyMaxTokens;
}

/** A prompt check's inputs, read and validated; or the report that ends the check before any call. */
type Prepared =
  | { report: CheckReport }
  | {
      config: NonNullable<PackExercise['promptDebugging']>;
      prompt: Exclude<Awaited<ReturnType<typeof readPrompt>>, { missing: string }>;
      cases: PromptCase[];
      schema: SchemaCheck | undefined;
      advice: NonNullable<CheckReport['advice']>;
      casesFile: string;
    };

async function prepare(exercise: PackExercise, folder: string, workspace: string, elapsed: () => number): Promise<Prepared> {
  const config = exercise.promptDebugging;
  if (!config) throw new Error(`prompt-debugging exercise ${exercise.id} has no promptDebugging settings`);
  const relative = (file: string): string => workspaceRelative(workspace, file);
  const prompt = await readPrompt(folder, config, relative);
  if ('missing' in prompt) {
    return { report: errorReport(exercise, 'exercise', `${prompt.missing} is missing.`, elapsed(), 'Restore it with Start Exercise: missing starter files are put back, and nothing is overwritten.') };
  }
  let cases: PromptCase[];
  let schema: SchemaCheck | undefined;
  try {
    cases = await loadCases(exercise, config);
    schema = config.outputSchema ? await loadOutputSchema(path.join(exercise.dirPath, config.outputSchema)) : undefined;
  } catch (error) {
    if (error instanceof CaseFileError || error instanceof HarnessFileError) return { report: errorReport(exercise, 'harness', error.message, elapsed()) };
    throw error;
  }

  const casesFile = relative(path.join(folder, ...config.cases.split('/')));
  const unknown = unknownPlaceholders(prompt, new Set(cases.flatMap((testCase) => Object.keys(testCase.input))));
  const advice = reviewPrompt(prompt, cases, config.untrustedInputs, cases.some((testCase) => testCase.expected !== undefined)).map((item) => ({
    rule: item.rule,
    message: item.message,
    location: { file: item.file, line: item.line },
  }));
  if (unknown.length > 0) {
    const inputs = [...new Set(cases.flatMap((testCase) => Object.keys(testCase.input)))].join(', ');
    const tests = unknown.map((problem) => ({
      name: `placeholder {{${problem.name}}}`,
      status: 'fail' as const,
      message: `{{${problem.name}}} is not an input of the cases; they provide ${inputs}.`,
      location: { file: problem.file, line: problem.line, column: problem.column },
    }));
    return { report: { ...failReport(exercise, `The prompt uses a placeholder no case fills: {{${unknown[0]?.name ?? ''}}}.`, elapsed(), tests), advice } };
  }
  return { config, prompt, cases, schema, advice, casesFile };
}

/**
 * The calls a check will make and what they may cost, before any is made: stored answers are
 * free, the rest at most their input bytes and max_tokens (plus a grading call per sample for
 * rubric cases).
 */
async function planCalls(prepared: Exclude<Prepared, { report: CheckReport }>, client: ModelClient, model: ModelSettings) {
  const { config, prompt, cases } = prepared;
  const price = model.provider === 'replay' ? undefined : priceOf(model.model);
  const parameters = { maxTokens: config.maxTokens };
  const tasks = cases.flatMap((testCase) => {
    const request = renderRequest(prompt, testCase.input, parameters);
    return Array.from({ length: config.samples }, (_, index) => ({ testCase, request, sample: index + 1 }));
  });
  const worstCase = (request: ModelRequest, rubric: boolean): number =>
    price ? costOf({ ...NO_USAGE, inputTokens: maxInputTokens(request) + (rubric ? graderInputBound(request.maxTokens) : 0), outputTokens: request.maxTokens + (rubric ? 200 : 0) }, price) : 0;
  const hasRubric = (testCase: PromptCase): boolean => testCase.assert.some((item) => item.type === 'rubric');
  const stored = await Promise.all(tasks.map((task) => client.isStored(task.request, task.sample)));
  const storedCount = stored.filter(Boolean).length;
  const callsBound = tasks.length + tasks.filter((task) => hasRubric(task.testCase)).length;
  const maxCostUsd = price ? tasks.reduce((sum, task, index) => sum + (stored[index] ? 0 : worstCase(task.request, hasRubric(task.testCase))), 0) : null;
  return { tasks, price, worstCase, storedCount, callsBound, maxCostUsd };
}

/** What a check would ask of the model, before it runs: calls, how many are stored already, and the most they may cost (null: the price is not known). */
export interface PromptCheckEstimate {
  calls: number;
  stored: number;
  maxCostUsd: number | null;
}

/** Estimates a check without making a call or writing anything; it needs no API key. */
export async function estimatePromptCheck(exercise: PackExercise, folder: string, workspace: string, options: Pick<PromptCheckOptions, 'model' | 'cacheDir' | 'recordingDirs'>): Promise<PromptCheckEstimate> {
  const prepared = await prepare(exercise, folder, workspace, () => 0);
  if ('report' in prepared) return { calls: 0, stored: 0, maxCostUsd: 0 };
  const client = await openModelClient({ settings: options.model, cacheDir: options.cacheDir, recordingDirs: options.recordingDirs });
  const { callsBound, storedCount, maxCostUsd } = await planCalls(prepared, client, options.model);
  return { calls: callsBound, stored: storedCount, maxCostUsd };
}
