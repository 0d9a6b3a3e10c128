import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { CheckReport } from '../check/report';
import { isCheckable } from '../check/kinds/registry';
import type { LoadedPack, PackExercise } from '../packLoader';
import { regularFilesIn } from '../folderFiles';
import { checkLaidOver } from '../packVerify';
import { runPool } from '../pool';
import type { ModelSettings } from '../model/modelSettings';
import { loadSimulatedModel } from '../simulator/loadSimulatedModel';
import { startSimulator } from '../simulator/server';
import { type EquivalentMutantEntry, matchEquivalentMutants } from './equivalentMutants';
import { applyMutant, codeMutants, datasetMutants, isCodeFile, isPromptFile, loadTokenizer, type Mutant, promptMutants, type SucraseTokenizer } from './mutants';

/**
 * `pack verify --mutate`: checks mutants of each exercise's reference solution, the way
 * `pack verify` checks the reference (packVerify.ts), and reports those the check passes.
 */

/**
 * killed: the check failed. error and timeout: it could not run, or the code did not finish;
 * they count as killed, shown apart. survived: the check passed. equivalent: the manifest
 * marks it as behaving like the reference, so it is not run. not-sampled: `--sample` left it out.
 */
export type MutantStatus = 'killed' | 'error' | 'timeout' | 'survived' | 'equivalent' | 'not-sampled';

export interface MutantResult extends Omit<Mutant, 'start' | 'end' | 'replacement'> {
  status: MutantStatus;
  durationMs: number;
  /** The check's message (for an equivalent one, the manifest's reason). */
  message: string;
}

export interface ExerciseMutation {
  exercise: string;
  kind: string;
  /** What was mutated: the code, the dataset, the prompt, or nothing (then `note` says why). */
  mutated: 'code' | 'data' | 'prompt' | 'none';
  note?: string;
  /** Set when mutants could not say anything: the reference itself does not pass. */
  problem?: string;
  /** Mutants generated, before sampling. */
  total: number;
  equivalent: number;
  /** Mutants checked (all but the equivalent ones, or the sample). */
  run: number;
  /** Includes `errored` and `timedOut`. */
  killed: number;
  errored: number;
  timedOut: number;
  survived: number;
  /** killed / run; undefined when nothing was run. */
  score?: number;
  durationMs: number;
  /** Every generated mutant with its status, in source order. */
  mutants: MutantResult[];
  /** Equivalent-mutant entries of the manifest that match no mutant. */
  stale: EquivalentMutantEntry[];
}

export interface MutationOptions {
  runnerScript: string;
  only?: readonly string[];
  /** Check this many mutants per exercise, chosen by `seed`. */
  sample?: number;
  seed?: number;
  /** Checks run at once (default 2). */
  concurrency?: number;
  onExerciseStart?(exercise: PackExercise, mutants: number): void;
  onMutant?(exercise: PackExercise, result: MutantResult, done: number, of: number): void;
  onExercise?(result: ExerciseMutation): void;
}

const PROMPT_NOTE = 'not mutation-tested: a prompt is mutation-tested against the exercise\'s simulated model (promptDebugging.simulatorScenario), and it has none';

/** Mutation-tests the checks of a pack's exercises (all, or `only` those). */
export async function mutatePack(pack: LoadedPack, options: MutationOptions): Promise<ExerciseMutation[]> {
  const unknown = (options.only ?? []).filter((id) => !pack.exercises.some((exercise) => exercise.id === id));
  if (unknown.length > 0) throw new RangeError(`no exercise ${unknown.map((id) => `"${id}"`).join(', ')} in the pack`);
  let tokenizer: SucraseTokenizer | undefined;
  const results: ExerciseMutation[] = [];
  for (const exercise of pack.exercises) {
    if (options.only && !options.only.includes(exercise.id)) continue;
    const result = await mutateExercise(exercise, options, () => (tokenizer ??= loadTokenizer(path.join(path.dirname(options.runnerScript), 'lib'))));
    results.push(result);
    options.onExercise?.(result);
  }
  return results;
}

/** The mutants of an exercise's reference, or why it has none. */
export async function exerciseMutants(exercise: PackExercise, tokenizer: () => SucraseTokenizer): Promise<{ mutated: ExerciseMutation['mutated']; mutants: Mutant[]; note?: string }> {
  // A judge's prompt is checked against the exercise's own simulated judge, as a prompt is against its simulated model.
  if (exercise.kind === 'prompt-debugging' || exercise.kind === 'judge-calibration') {
    if (exercise.kind === 'prompt-debugging' && !exercise.promptDebugging?.simulatorScenario) return { mutated: 'none', mutants: [], note: PROMPT_NOTE };
    const mutants: Mutant[] = [];
    for (const file of await regularFilesIn(exercise.solutionDir)) {
      if (isPromptFile(file)) mutants.push(...promptMutants(file, await fs.readFile(path.join(exercise.solutionDir, ...file.split('/')), 'utf8')));
    }
    return mutants.length === 0 ? { mutated: 'none', mutants, note: 'not mutation-tested: the reference has no prompt to mutate' } : { mutated: 'prompt', mutants };
  }
  if (!isCheckable(exercise.kind)) return { mutated: 'none', mutants: [], note: `not mutation-tested: this version cannot check ${exercise.kind} exercises yet` };
  if (exercise.kind === 'eval-dataset' && exercise.evalDataset) {
    const file = exercise.evalDataset.dataset;
    const source = await fs.readFile(path.join(exercise.solutionDir, ...file.split('/')), 'utf8').catch(() => undefined);
    if (source === undefined) return { mutated: 'none', mutants: [], note: `not mutation-tested: the reference has no ${file}` };
    return { mutated: 'data', mutants: datasetMutants(file, source, exercise.evalDataset) };
  }
  const mutants: Mutant[] = [];
  for (const file of await regularFilesIn(exercise.solutionDir)) {
    if (!isCodeFile(file)) continue;
    mutants.push(...codeMutants(file, await fs.readFile(path.join(exercise.solutionDir, ...file.split('/')), 'utf8'), tokenizer()));
  }
  if (mutants.length === 0) return { mutated: 'none', mutants, note: 'not mutation-tested: the reference has no code to mutate' };
  return { mutated: 'code', mutants };
}

async function mutateExercise(exercise: PackExercise, options: MutationOptions, tokenizer: () => SucraseTokenizer): Promise<ExerciseMutation> {
  const started = Date.now();
  const { mutated, mutants, note } = await exerciseMutants(exercise, tokenizer);
  const { equivalent, stale } = matchEquivalentMutants(mutants, exercise.equivalentMutants);
  const base: ExerciseMutation = { exercise: exercise.id, kind: exercise.kind, mutated, ...(note ? { note } : {}), total: mutants.length, equivalent: equivalent.size, run: 0, killed: 0, errored: 0, timedOut: 0, survived: 0, durationMs: 0, mutants: [], stale };
  if (mutated === 'none') return { ...base, durationMs: Date.now() - started };

  const candidates = mutants.filter((mutant) => !equivalent.has(mutant.id));
  const chosen = new Set((options.sample === undefined ? candidates : sample(candidates, options.sample, `${options.seed ?? 1}:${exercise.id}`)).map((mutant) => mutant.id));
  options.onExerciseStart?.(exercise, chosen.size);

  // A prompt is checked against the exercise's simulated model, served over HTTP for this run:
  // the recordings answer only the prompts they were made with.
  const model = mutated === 'prompt' && exercise.kind === 'prompt-debugging' ? await simulatedModelFor(exercise) : undefined;
  try {
    return await runMutants(exercise, options, { mutants, chosen, equivalent, base, started }, model?.settings);
  } finally {
    await model?.close();
  }
}

/** The exercise's simulated model on a local simulator, and the settings a check reaches it with. */
async function simulatedModelFor(exercise: PackExercise): Promise<{ settings: ModelSettings; close(): Promise<void> }> {
  const file = exercise.promptDebugging?.simulatorScenario as string;
  const server = await startSimulator(await loadSimulatedModel(path.join(exercise.dirPath, ...file.split('/'))));
  return {
    settings: { provider: 'compatible', baseUrl: server.url, model: 'claude-haiku-4-5', budgetUsd: 1, cache: false, record: false, apiKey: 'simulator' },
    close: () => server.close(),
  };
}

interface MutantPlan {
  mutants: Mutant[];
  chosen: Set<string>;
  equivalent: Map<string, EquivalentMutantEntry>;
  base: ExerciseMutation;
  started: number;
}

async function runMutants(exercise: PackExercise, options: MutationOptions, plan: MutantPlan, model: ModelSettings | undefined): Promise<ExerciseMutation> {
  const { mutants, chosen, equivalent, base, started } = plan;
  // A reference that fails makes every mutant fail: the run would say nothing. Its time sets the mutants' time limit.
  const reference = await checkLaidOver(exercise, exercise.solutionDir, options.runnerScript, new Map(), model);
  if (reference.status !== 'pass') {
    return { ...base, problem: `the reference solution does not pass (${reference.status}: ${reference.message}), so its mutants say nothing`, durationMs: Date.now() - started };
  }
  // A mutant that loops runs to the time limit; a few times the reference's time is plenty, and keeps the run short.
  const limitSeconds = Math.min(exercise.timeoutSeconds, Math.max(10, Math.ceil((reference.durationMs / 1000) * 4)));
  const limited: PackExercise = { ...exercise, timeoutSeconds: limitSeconds };
  const sources = new Map<string, string>();
  for (const file of new Set(mutants.map((mutant) => mutant.file))) sources.set(file, await fs.readFile(path.join(exercise.solutionDir, ...file.split('/')), 'utf8'));

  const toRun = mutants.filter((mutant) => chosen.has(mutant.id));
  const results = new Map<string, MutantResult>();
  let done = 0;
  await runPool(toRun, options.concurrency ?? 2, async (mutant) => {
    const mutatedSource = applyMutant(sources.get(mutant.file) ?? '', mutant);
    const report = await checkLaidOver(limited, exercise.solutionDir, options.runnerScript, new Map([[mutant.file, mutatedSource]]), model);
    const result: MutantResult = { ...strip(mutant), status: statusOf(report), durationMs: report.durationMs, message: report.message };
    results.set(mutant.id, result);
    options.onMutant?.(exercise, result, ++done, toRun.length);
  });

  const all: ExerciseMutation['mutants'] = mutants.map((mutant) => {
    const entry = equivalent.get(mutant.id);
    if (entry) return { ...strip(mutant), status: 'equivalent', durationMs: 0, message: entry.why };
    return results.get(mutant.id) ?? { ...strip(mutant), status: 'not-sampled', durationMs: 0, message: '' };
  });
  const ran = [...results.values()];
  const count = (...statuses: MutantStatus[]): number => ran.filter((result) => statuses.includes(result.status)).length;
  const killed = count('killed', 'error', 'timeout');
  return {
    ...base,
    run: ran.length,
    killed,
    errored: count('error'),
    timedOut: count('timeout'),
    survived: count('survived'),
    ...(ran.length > 0 ? { score: killed / ran.length } : {}),
    durationMs: Date.now() - started,
    mutants: all,
  };
}

function strip({ start: _s, end: _e, replacement: _r, ...rest }: Mutant): Omit<MutantResult, 'status' | 'durationMs' | 'message'> {
  return rest;
}

function statusOf(report: CheckReport): MutantStatus {
  if (report.status === 'pass') return 'survived';
  if (report.status === 'error') return 'error';
  // checkEngine reports a learner's code that ran out of time as this failing test.
  if (report.tests.some((test) => test.name === 'finishes in time' && test.status === 'fail')) return 'timeout';
  return 'killed';
}

/** `n` of `items`, the same for the same `seed`, in their original order. */
export function sample<T>(items: readonly T[], n: number, seed: string): T[] {
  if (n >= items.length) return [...items];
  const random = mulberry32(hash(seed));
  const indices = items.map((_, i) => i);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (indices.length - i));
    [indices[i], indices[j]] = [indices[j] as number, indices[i] as number];
  }
  return indices
    .slice(0, n)
    .sort((a, b) => a - b)
    .map((i) => items[i] as T);
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
