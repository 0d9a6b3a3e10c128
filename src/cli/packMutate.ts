import { equivalentEntryFor } from '../core/mutate/equivalentMutants';
import { type ExerciseMutation, mutatePack, type MutantResult } from '../core/mutate/mutationRun';
import type { LoadedPack } from '../core/packLoader';
import { checkRunnerScript } from '../core/practiceService';
import { plural } from '../core/plural';
import { didYouMean } from '../core/suggest';
import { UserError } from '../core/userError';
import type { CommandContext } from './commandSupport';

/** Checks run at once: two suit a 2-core machine, where each check is a process or two. */
const CONCURRENCY = 2;

/**
 * `pack verify --mutate`: progress on stderr, one block per exercise on stdout (or, with
 * --json, every mutant with its status). Exit code 1 when a reference does not pass or a
 * score is under --min-score.
 */
export async function runPackMutate(context: CommandContext, pack: LoadedPack): Promise<number> {
  const { flags, style } = context;
  const only = flags.exercise;
  refuseUnknownExercises(pack, only);
  const sample = flags.sample === undefined ? undefined : wholeNumber('--sample', flags.sample, 1);
  const seed = flags.seed === undefined ? undefined : wholeNumber('--seed', flags.seed, 0);
  const minScore = flags['min-score'] === undefined ? undefined : percent(flags['min-score']);

  const results = await mutatePack(pack, {
    runnerScript: checkRunnerScript(context.distDir),
    concurrency: CONCURRENCY,
    ...(only ? { only } : {}),
    ...(sample !== undefined ? { sample } : {}),
    ...(seed !== undefined ? { seed } : {}),
    onExerciseStart: (exercise, count) => context.err(style.dim(`${exercise.id}: checking the reference, then ${plural(count, 'mutant')}, ${CONCURRENCY} at a time`)),
    onMutant: (exercise, result, done, of) => {
      const status = result.status === 'survived' ? style.yellow('survived') : result.status === 'killed' ? style.green('killed') : style.cyan(result.status);
      context.err(style.dim(`  ${exercise.id} [${done}/${of}] `) + `${status} ${where(result)} ${result.change} ${style.dim(`${(result.durationMs / 1000).toFixed(1)} s`)}`);
    },
    onExercise: (result) => {
      if (!flags.json) context.out(renderExercise(result, context));
    },
  });

  const failing = results.filter((result) => result.problem !== undefined || (minScore !== undefined && result.score !== undefined && result.score * 100 < minScore));
  if (flags.json) {
    context.out(JSON.stringify({ ok: failing.length === 0, ...(minScore !== undefined ? { minScore } : {}), ...(sample !== undefined ? { sample, seed: seed ?? 1 } : {}), exercises: results }, null, 2));
  } else {
    context.out(renderSummary(results, minScore, context));
  }
  return failing.length === 0 ? 0 : 1;
}

/** --exercise names exercises of the pack. */
export function refuseUnknownExercises(pack: LoadedPack, ids: readonly string[] | undefined): void {
  for (const id of ids ?? []) {
    if (!pack.exercises.some((exercise) => exercise.id === id)) {
      throw new UserError(`No exercise "${id}" in ${pack.manifest.title}${didYouMean(id, pack.exercises.map((exercise) => exercise.id))}.`, 'Run `ai-practice list --pack DIR` to see the ids.');
    }
  }
}

function where(result: Pick<MutantResult, 'file' | 'line' | 'column'>): string {
  return `${result.file}:${result.line}:${result.column}`;
}

function renderExercise(result: ExerciseMutation, { style }: CommandContext): string {
  const lines = [`${style.bold(result.exercise)} ${style.dim(`(${result.kind})`)}`];
  if (result.note) return [...lines, `  ${style.dim(result.note)}`].join('\n');
  if (result.problem) return [...lines, `  ${style.red(result.problem)}`].join('\n');
  const what = result.mutated === 'data' ? 'of the dataset' : result.mutated === 'prompt' ? 'of the prompt' : 'of the code';
  const sampled = result.run + result.equivalent < result.total ? `, ${result.run} sampled` : '';
  lines.push(`  ${plural(result.total, 'mutant')} ${what}${result.equivalent ? `, ${result.equivalent} marked equivalent` : ''}${sampled}`);
  const apart = [result.errored ? `${result.errored} by an error` : '', result.timedOut ? `${result.timedOut} by the time limit` : ''].filter(Boolean).join(', ');
  lines.push(`  score ${scoreText(result)}: ${result.killed} of ${result.run} killed${apart ? ` (${apart})` : ''}, ${result.survived} survived, ${(result.durationMs / 1000).toFixed(1)} s`);
  const survivors = result.mutants.filter((mutant) => mutant.status === 'survived');
  if (survivors.length > 0) {
    lines.push(`  ${style.yellow('survived')} (the check passed with this change):`);
    for (const mutant of survivors) lines.push(`    ${where(mutant)}  ${mutant.change}  ${style.dim(clip(mutant.lineText))}`);
    lines.push(style.dim(`  Close the gap in the check, or if the change behaves exactly as the reference does, mark it in "equivalentMutants":\n    ${JSON.stringify(equivalentEntryFor(survivors[0] as MutantResult))}`));
  }
  for (const entry of result.stale) {
    lines.push(`  ${style.yellow('stale')} equivalentMutants entry ${entry.file}${entry.line ? `:${entry.line}` : ''} "${entry.change}" matches no mutant of \`${clip(entry.text)}\`: remove or update it`);
  }
  return lines.join('\n');
}

function renderSummary(results: readonly ExerciseMutation[], minScore: number | undefined, { style }: CommandContext): string {
  const width = Math.max(8, ...results.map((result) => result.exercise.length));
  const rows = results.map((result) => {
    const score = result.score === undefined ? '' : scoreText(result);
    const low = minScore !== undefined && result.score !== undefined && result.score * 100 < minScore;
    const counts = result.mutated === 'none' ? style.dim('not mutation-tested') : result.problem ? style.red('reference does not pass') : `${String(result.killed).padStart(4)}/${String(result.run).padEnd(4)} ${String(result.equivalent).padStart(5)}  ${String(result.survived).padStart(8)}  ${low ? style.red(score.padStart(5)) : score.padStart(5)}  ${(result.durationMs / 1000).toFixed(0).padStart(4)} s`;
    return `${result.exercise.padEnd(width)}  ${counts}`;
  });
  const header = style.bold(`${'exercise'.padEnd(width)}  killed/run  equiv  survived  score  time`);
  const stale = results.reduce((sum, result) => sum + result.stale.length, 0);
  const failing = results.filter((result) => result.problem !== undefined || (minScore !== undefined && result.score !== undefined && result.score * 100 < minScore));
  const verdict =
    failing.length === 0
      ? style.green(minScore === undefined ? 'Done.' : `Every score is at least ${minScore} %.`)
      : style.red(`${plural(failing.length, 'exercise')} ${failing.length === 1 ? 'does' : 'do'} not hold: ${failing.map((result) => result.exercise).join(', ')}.`);
  return ['', header, ...rows, '', ...(stale > 0 ? [style.yellow(`${plural(stale, 'stale equivalentMutants entry', 'stale equivalentMutants entries')}: see above.`)] : []), verdict].join('\n');
}

function scoreText(result: ExerciseMutation): string {
  return result.score === undefined ? '–' : `${Math.floor(result.score * 100)} %`;
}

function clip(text: string): string {
  return text.length <= 70 ? text : `${text.slice(0, 69)}…`;
}

function wholeNumber(option: string, value: string, min: number): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < min) throw new UserError(`${option} must be a whole number of at least ${min}, not "${value}".`, `For example ${option} 20.`);
  return number;
}

function percent(value: string): number {
  const number = Number(value.replace(/%$/, ''));
  if (value.trim() === '' || !Number.isFinite(number) || number < 0 || number > 100) throw new UserError(`--min-score must be a percentage from 0 to 100, not "${value}".`, 'For example --min-score 80.');
  return number;
}

