import { homedir } from 'node:os';
import * as path from 'node:path';
import { builtinPackDir, DEFAULT_MODEL_SETTINGS, type ModelSettings, Practice, PROVIDERS, type Provider } from '../core/practiceService';
import { parsePackSource, resolvePackSource } from '../core/packSources';
import { didYouMean } from '../core/suggest';
import { UserError } from '../core/userError';
import type { Style } from './terminalStyle';

// What every command shares: its context, its options, and opening the practice they work on.

/** What a command may use: its parsed arguments and the terminal. */
export interface CommandContext {
  positionals: string[];
  /** Boolean options are true or absent; string options their value or absent. */
  flags: Flags;
  style: Style;
  distDir: string;
  cwd: string;
  out(text: string): void;
  err(text: string): void;
  /** Asks a yes/no question; undefined when there is no terminal to ask on. */
  confirm(question: string): Promise<boolean | undefined>;
}

export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  details: string;
  options: OptionName[];
  /** How many positional arguments it takes, and their names for messages. */
  arguments: string[];
  run(context: CommandContext): Promise<number>;
}

/** Every option a command may take: its type, short form and help line. */
export const OPTIONS = {
  json: { type: 'boolean', help: '--json             print machine-readable JSON' },
  yes: { type: 'boolean', short: 'y', help: '--yes, -y          do not ask for confirmation' },
  all: { type: 'boolean', help: '--all              every exercise of the pack' },
  workspace: { type: 'string', help: '--workspace DIR    the practice workspace (default: the current folder)' },
  pack: { type: 'string', help: '--pack SOURCE      use this exercise pack: a folder, a .zip or a git URL (default: the built-in pack)' },
  port: { type: 'string', help: '--port N           listen on port N (default: a free port)' },
  scenario: { type: 'string', help: '--scenario FILE    answer from this scenario (default: echo every request)' },
  provider: { type: 'string', help: `--provider NAME    the model for prompt checks: ${PROVIDERS.join(', ')} (default: anthropic)` },
  'base-url': { type: 'string', help: '--base-url URL     the compatible endpoint, e.g. http://localhost:11434 (Ollama)' },
  model: { type: 'string', help: `--model ID         the model id (default: ${DEFAULT_MODEL_SETTINGS.model})` },
  budget: { type: 'string', help: `--budget USD       the most one check may spend (default: ${DEFAULT_MODEL_SETTINGS.budgetUsd})` },
  'student-budget': { type: 'string', help: '--student-budget USD  grade: the most one student\'s checks may spend on a live model' },
  'run-budget': { type: 'string', help: '--run-budget USD  grade: the most the whole run may spend on a live model' },
  estimate: { type: 'boolean', help: '--estimate         grade: say what the run would ask of a live model and may cost, and grade no one' },
  'no-cache': { type: 'boolean', help: '--no-cache         ask the model again instead of using cached answers' },
  record: { type: 'boolean', help: '--record           write the run\'s answers to .ai-practice/recordings/, for replay' },
  format: { type: 'string', help: '--format F         markdown (default), json, classroom50 (Classroom 50), gradescope, or classroom (retired GitHub Classroom)' },
  recheck: { type: 'boolean', help: '--recheck          check every started exercise again instead of trusting the progress file' },
  points: { type: 'string', help: '--points N         points per exercise in the classroom50, gradescope and classroom formats (default: 10)' },
  'hidden-visibility': { type: 'string', help: '--hidden-visibility V  gradescope: when students see hidden cases: hidden, after_due_date, after_published (default), visible' },
  summary: { type: 'string', help: '--summary FILE     also write the Markdown summary to FILE (Classroom 50 shows release-body.md)' },
  'pack-sha256': { type: 'string', help: '--pack-sha256 H    refuse the pack unless its content hash is H (`pack validate` prints it)' },
  output: { type: 'string', help: '--output FILE      write the result to FILE instead of stdout' },
  'allow-unconfined': { type: 'boolean', help: '--allow-unconfined grade even where learner code cannot be confined (see docs/instructors.md)' },
  mutate: { type: 'boolean', help: '--mutate           mutation-test the checks: list the changes to each reference they let pass' },
  exercise: { type: 'string', multiple: true, help: '--exercise ID      only this exercise (repeat for more)' },
  sample: { type: 'string', help: '--sample N         with --mutate: check N mutants per exercise, chosen by --seed' },
  seed: { type: 'string', help: '--seed S           with --sample: which mutants (a whole number; default 1)' },
  verify: { type: 'string', help: '--verify RESULT    say whether a student\'s graded result still holds (graded again now)' },
  out: { type: 'string', help: '--out DIR          where the class\'s results go (created; results already there are reused)' },
  jobs: { type: 'string', help: '--jobs N           students graded at once (default: the cores)' },
  force: { type: 'boolean', help: '--force            grade every student again, even those already graded' },
  'min-score': { type: 'string', help: '--min-score P      with --mutate: exit 1 when an exercise\'s mutation score is under P %' },
  diff: { type: 'boolean', help: '--diff             show a unified diff from the reference to your file instead of the whole file' },
  'write-fingerprints': { type: 'boolean', help: '--write-fingerprints  write fingerprints.json: how each known-wrong fails, to tell learners which mistake theirs resembles' },
} as const satisfies Record<string, { type: 'boolean' | 'string'; multiple?: boolean; short?: string; help: string }>;

export type OptionName = keyof typeof OPTIONS;
export type Flags = { [K in OptionName]?: (typeof OPTIONS)[K] extends { multiple: true } ? string[] : (typeof OPTIONS)[K]['type'] extends 'string' ? string : true };

export function optionHelp(command: CliCommand): string[] {
  return [...command.options.map((option) => OPTIONS[option].help), '--help, -h         show this help'];
}

/** With `freshDir`, a zip or git pack is extracted or cloned there, not reused from the cache (grading does this). */
export async function openPractice(context: CommandContext, freshDir?: string): Promise<Practice> {
  const packDir = await packDirOf(context, freshDir);
  const workspace = path.resolve(context.cwd, context.flags.workspace ?? '.');
  return Practice.open({ packDir, workspace });
}

/** The folder of the pack `--pack` names (the built-in one without it), fetched into `freshDir` when given. */
export async function packDirOf(context: CommandContext, freshDir?: string): Promise<string> {
  const builtinDir = builtinPackDir(context.distDir);
  return context.flags.pack
    ? await resolvePackSource(parsePackSource(context.flags.pack, context.cwd), { builtinDir, storageDir: freshDir ?? cacheDir(), ...(freshDir ? { refresh: true } : {}) })
    : builtinDir;
}

/** Where the CLI keeps extracted and cloned packs. */
export function cacheDir(): string {
  return process.env.AI_PRACTICE_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'ai-practice');
}

export function warn(context: CommandContext, warning: string | undefined): void {
  if (warning) context.err(context.style.yellow(`warning: ${warning}`));
}

export function relativeToCwd(context: CommandContext, file: string): string {
  const relative = path.relative(context.cwd, file);
  return relative && !relative.startsWith('..') ? relative : file;
}

/** A positive number of dollars from a flag, or undefined when the flag is absent. */
export function dollarsFlag(flags: Flags, name: 'budget' | 'student-budget' | 'run-budget'): number | undefined {
  const given = flags[name];
  if (given === undefined) return undefined;
  const amount = Number(given);
  if (!Number.isFinite(amount) || amount <= 0) throw new UserError(`--${name} must be a positive number of dollars, not "${given}".`, `For example --${name} 0.25.`);
  return amount;
}

/** The model settings of a command that may check prompts: its flags over the defaults, the key from the environment. */
export function modelSettingsFrom(flags: Flags, env: NodeJS.ProcessEnv = process.env): ModelSettings {
  const given = flags.provider ?? (flags['base-url'] ? 'compatible' : DEFAULT_MODEL_SETTINGS.provider);
  if (!(PROVIDERS as readonly string[]).includes(given)) {
    throw new UserError(`Unknown provider "${given}"${didYouMean(given, PROVIDERS)}.`, `Use one of: ${PROVIDERS.join(', ')}.`);
  }
  const budget = dollarsFlag(flags, 'budget') ?? DEFAULT_MODEL_SETTINGS.budgetUsd;
  const apiKey = env.ANTHROPIC_API_KEY?.trim();
  return {
    provider: given as Provider,
    baseUrl: flags['base-url'],
    model: flags.model ?? DEFAULT_MODEL_SETTINGS.model,
    budgetUsd: budget,
    cache: !flags['no-cache'],
    record: flags.record === true,
    ...(apiKey ? { apiKey } : {}),
  };
}
