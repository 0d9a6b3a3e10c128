import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import type { PackExercise } from '../../packLoader';
import type { PromptDebuggingConfig } from '../../packSchema';
import { type ModelClient, ModelCallError, openModelClient, type CallResult } from '../../model/modelClient';
import { describeProvenance, maxInputTokens, type ModelRequest, requestKey } from '../../model/modelRequest';
import { describeModel, type ModelSettings, redactKey, validateModelSettings } from '../../model/modelSettings';
import { addUsage, costOf, formatDollars, NO_USAGE, priceOf, type ModelPrice, type TokenUsage } from '../../model/prices';
import { type NewEntry, writeRecording } from '../../model/recordings';
import { CheckCancelled } from '../checkCancelled';
import { type CheckReport, type CheckTest, errorReport, overallStatus, REPORT_VERSION } from '../report';
import { GRADER_SYSTEM, graderRequest, judgeReply, parseVerdict, type SampleVerdict, type SchemaCheck } from './assertions';
import { assertionsOf, CaseFileError, parseCases, type PromptCase } from './promptCases';
import { type PromptFiles, renderRequest, unknownPlaceholders } from './promptTemplate';
import { reviewPrompt } from './review';

export type PromptCheckProgress =
  | { type: 'estimate'; calls: number; stored: number; maxCostUsd: number | null; budgetUsd: number; model: string; live: boolean }
  | { type: 'call'; done: number; total: number };

export interface PromptCheckOptions {
  model: ModelSettings;
  /** The response cache's folder. */
  cacheDir: string;
  /** Folders of recordings the replay provider answers from. */
  recordingDirs: readonly string[];
  /** With `model.record`: where to write the recording. */
  recordTo?: { file: string; title: string } | undefined;
  /** Overrides the exercise's concurrency. */
  concurrency?: number | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((event: PromptCheckProgress) => void) | undefined;
}

interface SampleResult {
  sample: number;
  reply?: string;
  verdict?: SampleVerdict;
  fromCache?: boolean;
}

/**
 * The prompt-debugging check: the learner's prompt, filled in for every case, is sent to the
 * model `samples` times per case with bounded concurrency; each reply is judged by the
 * case's assertions, and a case passes when enough of its samples do. Runs in the caller's
 * process: it runs no code from the workspace, only text.
 */
export async function runPromptCheck(exercise: PackExercise, folder: string, workspace: string, options: PromptCheckOptions): Promise<CheckReport> {
  const started = performance.now();
  const config = exercise.promptDebugging;
  if (!config) throw new Error(`prompt-debugging exercise ${exercise.id} has no promptDebugging settings`);
  validateModelSettings(options.model);
  const elapsed = (): number => Math.round(performance.now() - started);
  const relative = (file: string): string => path.relative(workspace, file).split(path.sep).join('/');

  const prompt = await readPrompt(folder, config, relative);
  if ('missing' in prompt) return errorReport(exercise, 'exercise', `${prompt.missing} is missing.`, elapsed(), 'Restore it with Start Exercise: missing starter files are put back, and nothing is overwritten.');
  let cases: PromptCase[];
  let schema: SchemaCheck | undefined;
  try {
    cases = await loadCases(exercise, config);
    schema = config.outputSchema ? await loadOutputSchema(path.join(exercise.dirPath, config.outputSchema)) : undefined;
  } catch (error) {
    if (error instanceof CaseFileError || error instanceof HarnessFileError) return errorReport(exercise, 'harness', error.message, elapsed());
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
    return {
      version: REPORT_VERSION,
      exercise: exercise.id,
      kind: exercise.kind,
      status: 'fail',
      message: `The prompt uses a placeholder no case fills: {{${unknown[0]?.name ?? ''}}}.`,
      durationMs: elapsed(),
      tests: unknown.map((problem) => ({
        name: `placeholder {{${problem.name}}}`,
        status: 'fail' as const,
        message: `{{${problem.name}}} is not an input of the cases; they provide ${inputs}.`,
        location: { file: problem.file, line: problem.line, column: problem.column },
      })),
      advice,
    };
  }

  const client = await openModelClient({ settings: options.model, cacheDir: options.cacheDir, recordingDirs: options.recordingDirs });
  const samples = config.samples;
  const minPasses = config.minPasses ?? Math.ceil((2 * samples) / 3);
  const price = options.model.provider === 'replay' ? undefined : priceOf(options.model.model);
  const parameters = { maxTokens: config.maxTokens, temperature: config.temperature };
  const tasks = cases.flatMap((testCase) => {
    const request = renderRequest(prompt, testCase.input, parameters);
    return Array.from({ length: samples }, (_, index) => ({ testCase, request, sample: index + 1 }));
  });

  // What this run may cost, before it starts: stored answers are free, the rest at most their
  // input bytes and max_tokens (plus a grading call per sample for rubric cases).
  const worstCase = (request: ModelRequest, rubric: boolean): number =>
    price ? costOf({ ...NO_USAGE, inputTokens: maxInputTokens(request) + (rubric ? graderInputBound(request.maxTokens) : 0), outputTokens: request.maxTokens + (rubric ? 200 : 0) }, price) : 0;
  const hasRubric = (testCase: PromptCase): boolean => testCase.assert.some((item) => item.type === 'rubric');
  const stored = await Promise.all(tasks.map((task) => client.isStored(task.request, task.sample)));
  const storedCount = stored.filter(Boolean).length;
  const callsBound = tasks.length + tasks.filter((task) => hasRubric(task.testCase)).length;
  const maxCostUsd = price ? tasks.reduce((sum, task, index) => sum + (stored[index] ? 0 : worstCase(task.request, hasRubric(task.testCase))), 0) : null;
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

  const tests = cases.map((testCase) => caseTest(testCase, results.get(testCase) ?? [], { samples, minPasses, casesFile, stopped: stop !== undefined }));
  const usage = {
    provider: options.model.provider,
    model: options.model.provider === 'replay' ? 'recorded' : options.model.model,
    calls: meter.calls,
    fromCache: meter.fromCache,
    retries: meter.retries,
    ...meter.usage,
    costUsd: price ? costOf(meter.usage, price) : null,
    maxCostUsd,
    budgetUsd: options.model.budgetUsd,
    sources: [...meter.sources].sort(),
    ...(recordedTo ? { recordedTo } : {}),
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
  const cached = meter.fromCache > 0 ? `; ${meter.fromCache} of ${meter.calls} answers from ${client.live ? 'cache' : 'recordings'}` : '';
  return {
    version: REPORT_VERSION,
    exercise: exercise.id,
    kind: exercise.kind,
    status: overallStatus(tests),
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

/** "prose-around-json, not-urgent and 2 hidden cases" */
function failingNames(failing: readonly CheckTest[]): string {
  const visible = failing.filter((test) => test.name.startsWith('case ')).map((test) => test.name.slice('case '.length));
  const hidden = failing.length - visible.length;
  const parts = [...visible, ...(hidden > 0 ? [`${hidden} hidden case${hidden === 1 ? '' : 's'}`] : [])];
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1) ?? ''}` : (parts[0] ?? '');
}

/** A reply to grade is at most max_tokens tokens; the grader's framing is counted in bytes. */
function graderInputBound(replyMaxTokens: number): number {
  return Buffer.byteLength(GRADER_SYSTEM) + 400 + replyMaxTokens;
}

/** Spending: what is reserved for calls in flight, what was spent, and what came back. */
class Meter {
  private spent = 0;
  private reserved = 0;
  calls = 0;
  fromCache = 0;
  retries = 0;
  usage: TokenUsage = NO_USAGE;
  readonly sources = new Set<string>();
  readonly entries: NewEntry[] = [];

  constructor(
    private readonly budgetUsd: number,
    private readonly price: ModelPrice | undefined,
  ) {}

  private inFlight = 0;
  private waiting: (() => void)[] = [];

  /** Whether a call that may cost `amount` fits in the budget with everything in flight. */
  reserve(amount: number): boolean {
    if (this.spent + this.reserved + amount > this.budgetUsd) return false;
    this.reserved += amount;
    this.inFlight++;
    return true;
  }

  /** Resolves when a call in flight settles; false at once when none is in flight. */
  settled(): Promise<boolean> {
    if (this.inFlight === 0) return Promise.resolve(false);
    return new Promise((resolve) => this.waiting.push(() => resolve(true)));
  }

  settle(reserved: number, result?: CallResult, entry?: NewEntry): void {
    this.reserved -= reserved;
    this.inFlight--;
    for (const wake of this.waiting.splice(0)) wake();
    if (!result) return;
    this.calls++;
    this.sources.add(describeProvenance(result.provenance));
    if (entry) this.entries.push(entry);
    if (result.fromCache) {
      this.fromCache++;
      return;
    }
    this.retries += Math.max(0, result.attempts - 1);
    this.usage = addUsage(this.usage, result.answer.usage);
    if (this.price) this.spent += costOf(result.answer.usage, this.price);
  }
}

/** Runs `worker` on every item, at most `limit` at once. */
async function runPool<T>(items: readonly T[], limit: number, worker: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await worker(item);
    }
  });
  await Promise.all(lanes);
}

const OUTPUT_LIMIT = 600;

function caseTest(
  testCase: PromptCase,
  results: SampleResult[],
  context: { samples: number; minPasses: number; casesFile: string; stopped: boolean },
): CheckTest {
  const name = testCase.hidden ? `hidden case: ${testCase.description ?? testCase.id}` : `case ${testCase.id}`;
  const location = testCase.hidden ? {} : { location: { file: context.casesFile, line: testCase.line } };
  const sorted = [...results].sort((a, b) => a.sample - b.sample);
  if (sorted.length < context.samples) {
    return { name, status: 'error', message: `Not finished: ${sorted.length} of ${context.samples} samples ran before the run stopped.`, ...location };
  }
  const passes = sorted.filter((result) => result.verdict?.pass).length;
  const needed = testCase.mustPass ? context.samples : context.minPasses;
  const rule = testCase.mustPass ? `must pass all ${context.samples}` : `needs ${needed} of ${context.samples}`;
  const output = groupSamples(sorted)
    .map(({ samples, result }) => {
      const which = samples.length === 1 ? `sample ${samples[0]}` : `samples ${samples.join(', ')}`;
      const verdict = result.verdict?.pass ? 'pass' : `fail, ${result.verdict?.failed?.assertion ?? ''}: ${result.verdict?.failed?.message ?? ''}`;
      if (testCase.hidden) return `${which}: ${verdict}`;
      const reply = result.reply ?? '';
      const same = samples.length > 1 ? ' (the same reply)' : '';
      return `── ${which}${same}: ${verdict}${result.fromCache ? ' · stored answer' : ''}\n${reply.length > OUTPUT_LIMIT ? `${reply.slice(0, OUTPUT_LIMIT)}…` : reply}`;
    })
    .join('\n');
  const tally = `${passes} of ${context.samples} samples passed (${rule})`;
  if (passes >= needed) return { name, status: 'pass', message: passes < context.samples ? `${tally}: flaky, but within the policy.` : `${tally}.`, output, ...location };
  const firstFailure = sorted.find((result) => !result.verdict?.pass);
  const expected = !testCase.hidden && testCase.expected !== undefined ? { expected: JSON.stringify(testCase.expected), actual: (firstFailure?.reply ?? '').trim() } : {};
  return {
    name,
    status: 'fail',
    message: `${tally}. Sample ${firstFailure?.sample ?? '?'}: ${firstFailure?.verdict?.failed?.message ?? 'failed'}.`,
    output,
    ...location,
    ...expected,
  };
}

/** Samples with the same reply and verdict, together: three identical failures read as one. */
function groupSamples(results: readonly SampleResult[]): { samples: number[]; result: SampleResult }[] {
  const groups: { samples: number[]; result: SampleResult }[] = [];
  for (const result of results) {
    const same = groups.find((group) => group.result.reply === result.reply && group.result.verdict?.pass === result.verdict?.pass && group.result.verdict?.failed?.message === result.verdict?.failed?.message);
    if (same) same.samples.push(result.sample);
    else groups.push({ samples: [result.sample], result });
  }
  return groups;
}

async function readPrompt(folder: string, config: PromptDebuggingConfig, relative: (file: string) => string): Promise<PromptFiles | { missing: string }> {
  const read = async (name: string): Promise<{ file: string; text: string } | undefined> => {
    const file = path.join(folder, ...name.split('/'));
    try {
      return { file: relative(file), text: await fs.readFile(file, 'utf8') };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  };
  const system = await read(config.system);
  if (!system) return { missing: relative(path.join(folder, config.system)) };
  const user = await read(config.user);
  if (!user) return { missing: relative(path.join(folder, config.user)) };
  return { system, user };
}

/** A pack file a check needs is broken: the pack's author must fix it. */
class HarnessFileError extends Error {}

async function loadCases(exercise: PackExercise, config: PromptDebuggingConfig): Promise<PromptCase[]> {
  const visibleFile = path.join(exercise.starterDir, ...config.cases.split('/'));
  const shown = (file: string): string => path.relative(path.dirname(exercise.dirPath), file).split(path.sep).join('/');
  const visible = parseCases(await fs.readFile(visibleFile, 'utf8'), shown(visibleFile), false);
  if (!config.hiddenCases) return visible;
  const hiddenFile = path.join(exercise.dirPath, ...config.hiddenCases.split('/'));
  const hidden = parseCases(await fs.readFile(hiddenFile, 'utf8'), shown(hiddenFile), true);
  const clash = hidden.find((testCase) => visible.some((other) => other.id === testCase.id));
  if (clash) throw new CaseFileError(shown(hiddenFile), clash.line, `the id "${clash.id}" is also a visible case's`);
  return [...visible, ...hidden];
}

async function loadOutputSchema(file: string): Promise<SchemaCheck> {
  let schema: z.ZodType;
  try {
    schema = z.fromJSONSchema(JSON.parse(await fs.readFile(file, 'utf8')) as Parameters<typeof z.fromJSONSchema>[0]);
  } catch (error) {
    throw new HarnessFileError(`The output schema ${file} is not a usable JSON Schema: ${(error as Error).message}`);
  }
  return (value) => {
    const result = schema.safeParse(value);
    if (result.success) return undefined;
    const issue = result.error.issues[0];
    return `the reply does not match the output schema: ${issue?.path.length ? `${issue.path.join('.')}: ` : ''}${issue?.message ?? 'unexpected shape'}`;
  };
}
