import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { PackExercise } from '../../packLoader';
import { type CallResult, ModelCallError, openModelClient } from '../../model/modelClient';
import { maxInputTokens, type ModelRequest } from '../../model/modelRequest';
import { describeModel, type ModelSettings, redactKey, validateModelSettings } from '../../model/modelSettings';
import { costOf, formatDollars, NO_USAGE, priceOf } from '../../model/prices';
import { loadSimulatedModel } from '../../simulator/loadSimulatedModel';
import { startSimulator } from '../../simulator/server';
import { runPool } from '../../pool';
import { workspaceRelative } from '../../workspaceLayout';
import { CheckCancelled } from '../checkCancelled';
import { type CheckReport, type CheckTest, errorReport, failReport, overallStatus, REPORT_VERSION, scoreOf } from '../report';
import { Meter } from '../promptDebugging/meter';
import { CaseFileError } from '../promptDebugging/promptCases';
import { readPrompt } from '../promptDebugging/promptFiles';
import { renderRequest, unknownPlaceholders } from '../promptDebugging/promptTemplate';
import { agreement, describeRate, type Judged, percent, type Rate } from './agreement';
import { type LabelledTrace, parseLabelledTraces, verdictOf } from './labelledTraces';
import type { JudgeCalibrationConfig } from '../kinds/judgeCalibration';

export interface JudgeCalibrationOptions {
  /**
   * A live model to judge with, when the learner asks for one; otherwise the pack's
   * simulated judge model plays it, offline and the same every time.
   */
  live?: ModelSettings | undefined;
  cacheDir?: string | undefined;
  signal?: AbortSignal | undefined;
}

/** The model id the simulated judge answers as. */
const SIMULATED_MODEL = 'claude-haiku-4-5';

/**
 * The judge-calibration check: the learner's judge prompt, filled in with each labelled trace,
 * is sent to the model once; the verdict its reply states is compared with
 * the person's label. The visible traces show every disagreement; the held-out ones give the
 * true-positive and true-negative rates that decide the check, with their 95 % intervals. Runs
 * in the caller: no workspace code runs, only text.
 */
export async function runJudgeCalibration(exercise: PackExercise, config: JudgeCalibrationConfig, folder: string, workspace: string, options: JudgeCalibrationOptions): Promise<CheckReport> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const relative = (file: string): string => workspaceRelative(workspace, file);

  const prompt = await readPrompt(folder, config, relative);
  if ('missing' in prompt) {
    return errorReport(exercise, 'exercise', `${prompt.missing} is missing.`, elapsed(), 'Restore it with Start Exercise: missing starter files are put back, and nothing is overwritten.');
  }
  let traces: LabelledTrace[];
  try {
    traces = await loadTraces(exercise, config);
  } catch (error) {
    if (error instanceof CaseFileError) return errorReport(exercise, 'harness', error.message, elapsed());
    throw error;
  }
  const fields = new Set(traces.flatMap((trace) => Object.keys(trace.input)));
  const unknown = unknownPlaceholders(prompt, fields);
  if (unknown.length > 0) {
    const tests = unknown.map((problem) => ({
      name: `placeholder {{${problem.name}}}`,
      status: 'fail' as const,
      message: `{{${problem.name}}} is not a field of the traces; they have ${[...fields].join(', ')}.`,
      location: { file: problem.file, line: problem.line, column: problem.column },
    }));
    return failReport(exercise, `The judge's prompt uses a placeholder no trace fills: {{${unknown[0]?.name ?? ''}}}.`, elapsed(), tests);
  }

  const simulated = options.live ? undefined : await startSimulator(await loadSimulatedModel(path.join(exercise.dirPath, ...config.simulatedJudge.split('/'))));
  const settings: ModelSettings = options.live ?? { provider: 'compatible', baseUrl: simulated?.url, model: SIMULATED_MODEL, budgetUsd: 1, cache: false, record: false, apiKey: 'simulator' };
  const parameters = { maxTokens: config.maxTokens };
  const price = options.live ? priceOf(settings.model) : undefined;
  const meter = new Meter(settings.budgetUsd, price);
  const replies = new Map<LabelledTrace, string>();
  let stop: string | undefined;
  try {
    validateModelSettings(settings);
    const client = await openModelClient({ settings, cacheDir: options.live ? options.cacheDir : undefined, recordingDirs: [] });
    const abort = new AbortController();
    const onAbort = (): void => abort.abort();
    options.signal?.addEventListener('abort', onAbort);
    try {
      await runPool(traces, config.concurrency, async (trace) => {
        if (stop) return;
        const request: ModelRequest = renderRequest(prompt, trace.input, parameters);
        const reserved = price && !(await client.isStored(request, 1)) ? costOf({ ...NO_USAGE, inputTokens: maxInputTokens(request), outputTokens: request.maxTokens }, price) : 0;
        if (!meter.reserve(reserved)) {
          stop ??= `Stopped at the budget of ${formatDollars(settings.budgetUsd)}: the next call could have gone over it.`;
          return;
        }
        let result: CallResult | undefined;
        try {
          result = await client.complete(request, 1, abort.signal);
        } catch (error) {
          if (options.signal?.aborted) throw new CheckCancelled();
          if (!(error instanceof ModelCallError)) throw error;
          stop ??= `Stopped: ${redactKey(error.message, settings.apiKey)}`;
          abort.abort();
        } finally {
          meter.settle(reserved, result);
        }
        if (result) replies.set(trace, result.answer.text);
      });
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
  } finally {
    await simulated?.close();
  }
  if (options.signal?.aborted) throw new CheckCancelled();

  const usage = meter.report({
    provider: options.live ? settings.provider : 'simulated',
    model: options.live ? settings.model : 'the simulated judge model (offline)',
    maxCostUsd: null,
    sources: options.live ? [describeModel(settings)] : [],
  });
  if (stop) {
    return { ...errorReport(exercise, 'model', `${stop} ${replies.size} of ${traces.length} traces judged.`, elapsed()), usage };
  }
  const tests = judgeTests(traces, replies, config, relative(path.join(folder, ...config.traces.split('/'))));
  const status = overallStatus(tests);
  const heldOut = agreement(judgedOf(traces.filter((trace) => trace.heldOut), replies));
  return {
    version: REPORT_VERSION,
    exercise: exercise.id,
    kind: exercise.kind,
    status,
    score: scoreOf(status, tests),
    message:
      status === 'pass'
        ? `The judge agrees with the people's labels: on the held-out traces it catches ${describeRate(heldOut.truePositive)} failures and passes ${describeRate(heldOut.trueNegative)} good ones.`
        : `${tests.filter((test) => test.status !== 'pass').length} of ${tests.length} checks fail: ${tests
            .filter((test) => test.status !== 'pass')
            .map((test) => test.name)
            .join('; ')}.`,
    durationMs: elapsed(),
    tests,
    usage,
  };
}

/** The visible traces (the pack's copy of the starter's file) and the held-out ones. */
async function loadTraces(exercise: PackExercise, config: JudgeCalibrationConfig): Promise<LabelledTrace[]> {
  const shown = (file: string): string => path.relative(path.dirname(exercise.dirPath), file).split(path.sep).join('/');
  const visibleFile = path.join(exercise.starterDir, ...config.traces.split('/'));
  const heldOutFile = path.join(exercise.dirPath, ...config.heldOutTraces.split('/'));
  const visible = parseLabelledTraces(await fs.readFile(visibleFile, 'utf8'), shown(visibleFile), false);
  const heldOut = parseLabelledTraces(await fs.readFile(heldOutFile, 'utf8'), shown(heldOutFile), true);
  const clash = heldOut.find((trace) => visible.some((other) => other.id === trace.id));
  if (clash) throw new CaseFileError(shown(heldOutFile), clash.line, `the id "${clash.id}" is also a visible trace's`);
  return [...visible, ...heldOut];
}

function judgedOf(traces: readonly LabelledTrace[], replies: ReadonlyMap<LabelledTrace, string>): Judged[] {
  return traces.map((trace) => {
    const stated = verdictOf(replies.get(trace) ?? '');
    return { label: trace.label, verdict: 'verdict' in stated ? stated.verdict : undefined };
  });
}

function rateTest(name: string, rate: Rate, minimum: number, what: string): CheckTest {
  const passed = rate.of > 0 && rate.value >= minimum;
  return {
    name,
    status: passed ? 'pass' : 'fail',
    ...(passed
      ? {}
      : {
          message:
            `It ${what} ${describeRate(rate)}; at least ${percent(minimum)} is needed.` +
            (rate.high < minimum ? ' Even the top of the interval is below it: this is not bad luck.' : ''),
        }),
  };
}

/**
 * The checks: every reply states a verdict in the asked format; the judge agrees with the
 * visible labels (each disagreement named, with the person's note); and on the held-out
 * traces it reaches the true-positive and true-negative rates the exercise sets.
 */
function judgeTests(traces: readonly LabelledTrace[], replies: ReadonlyMap<LabelledTrace, string>, config: JudgeCalibrationConfig, tracesFile: string): CheckTest[] {
  const visible = traces.filter((trace) => !trace.heldOut);
  const heldOut = traces.filter((trace) => trace.heldOut);
  const silent = traces.map((trace) => ({ trace, stated: verdictOf(replies.get(trace) ?? '') })).filter((item) => 'none' in item.stated);
  const firstShown = silent.find((item) => !item.trace.heldOut);
  const format: CheckTest = {
    name: 'every reply states a verdict as JSON ({"verdict": "pass" | "fail"})',
    status: silent.length === 0 ? 'pass' : 'fail',
    ...(silent.length === 0
      ? {}
      : {
          message:
            `${silent.length} of ${traces.length} replies state no verdict` +
            (firstShown ? `: for ${firstShown.trace.id}, ${(firstShown.stated as { none: string }).none}. The reply began: "${(replies.get(firstShown.trace) ?? '').replace(/\s+/g, ' ').slice(0, 120)}"` : ' (all of them held-out traces).') +
            ' Ask for a JSON object with a "verdict" field.',
        }),
  };
  const shown = agreement(judgedOf(visible, replies));
  const disagreements = visible
    .map((trace) => ({ trace, stated: verdictOf(replies.get(trace) ?? '') }))
    .filter(({ trace, stated }) => !('verdict' in stated) || stated.verdict !== trace.label);
  const agrees = shown.truePositive.value >= config.minTruePositiveRate && shown.trueNegative.value >= config.minTrueNegativeRate;
  const agreesOnVisible: CheckTest = {
    name: 'agrees with the labels of the visible traces',
    status: agrees ? 'pass' : 'fail',
    ...(disagreements.length === 0
      ? {}
      : {
          ...(agrees
            ? {}
            : { message: `It disagrees with ${disagreements.length} of ${visible.length} labels: failures caught ${describeRate(shown.truePositive)}, good traces passed ${describeRate(shown.trueNegative)}. Read the disagreements below (error analysis): what does each labelled trace show that the prompt does not tell the judge?` }),
          output: disagreements
            .map(({ trace, stated }) => `${trace.id} (${tracesFile}:${trace.line}): labelled ${trace.label}, the judge said ${'verdict' in stated ? stated.verdict : `nothing (${stated.none})`}${trace.note ? ` · the label's note: ${trace.note}` : ''}`)
            .join('\n'),
        }),
  };
  const rates = agreement(judgedOf(heldOut, replies));
  return [
    format,
    agreesOnVisible,
    rateTest(`hidden · catches the failures (true-positive rate ≥ ${percent(config.minTruePositiveRate)})`, rates.truePositive, config.minTruePositiveRate, 'caught'),
    rateTest(`hidden · passes the good traces (true-negative rate ≥ ${percent(config.minTrueNegativeRate)})`, rates.trueNegative, config.minTrueNegativeRate, 'passed'),
  ];
}
