import { mkdtemp, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { loadPack, validatePack } from '../core/packLoader';
import { verifyPack } from '../core/packVerify';
import { renderRequirementMatrix } from './requirementMatrixText';
import { checkableKinds } from '../core/check/kinds/registry';
import { createPack } from '../core/packNew';
import { parsePackSource, resolvePackSource } from '../core/packSources';
import { gradeClassroom, gradeMarkdown, gradeWorkspace } from '../core/gradeReport';
import { plural } from '../core/plural';
import { writeFileAtomic } from '../core/atomicFile';
import { packContentHash } from '../core/packHash';
import { builtinPackDir, checkRunnerScript, confinementHere, DEFAULT_MODEL_SETTINGS, formatDollars, type ModelSettings, Practice, PROVIDERS, type Provider } from '../core/practiceService';
import { didYouMean } from '../core/suggest';
import { loadSimulatedModel } from '../core/simulator/loadSimulatedModel';
import { startSimulator } from '../core/simulator/server';
import { UserError } from '../core/userError';
import { refuseUnknownExercises, runPackMutate } from './packMutate';
import { renderProblems, renderProgress, renderReport, renderRoadmap } from './render';
import type { Style } from './terminalStyle';

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
  'no-cache': { type: 'boolean', help: '--no-cache         ask the model again instead of using cached answers' },
  record: { type: 'boolean', help: '--record           write the run\'s answers to .ai-practice/recordings/, for replay' },
  format: { type: 'string', help: '--format F         markdown (default), json, or classroom (GitHub Classroom autograding)' },
  recheck: { type: 'boolean', help: '--recheck          check every started exercise again instead of trusting the progress file' },
  points: { type: 'string', help: '--points N         points per exercise in the classroom format (default: 10)' },
  'pack-sha256': { type: 'string', help: '--pack-sha256 H    refuse the pack unless its content hash is H (`pack validate` prints it)' },
  output: { type: 'string', help: '--output FILE      write the result to FILE instead of stdout' },
  'allow-unconfined': { type: 'boolean', help: '--allow-unconfined grade even where learner code cannot be confined (see docs/instructors.md)' },
  mutate: { type: 'boolean', help: '--mutate           mutation-test the checks: list the changes to each reference they let pass' },
  exercise: { type: 'string', multiple: true, help: '--exercise ID      only this exercise (repeat for more)' },
  sample: { type: 'string', help: '--sample N         with --mutate: check N mutants per exercise, chosen by --seed' },
  seed: { type: 'string', help: '--seed S           with --sample: which mutants (a whole number; default 1)' },
  'min-score': { type: 'string', help: '--min-score P      with --mutate: exit 1 when an exercise\'s mutation score is under P %' },
} as const satisfies Record<string, { type: 'boolean' | 'string'; multiple?: boolean; short?: string; help: string }>;

export type OptionName = keyof typeof OPTIONS;
export type Flags = { [K in OptionName]?: (typeof OPTIONS)[K] extends { multiple: true } ? string[] : (typeof OPTIONS)[K]['type'] extends 'string' ? string : true };

export function optionHelp(command: CliCommand): string[] {
  return [...command.options.map((option) => OPTIONS[option].help), '--help, -h         show this help'];
}

/** Opens the practice and reads the roadmap once, passing any progress-file warning on. */
async function openRoadmap(context: CommandContext): Promise<{ practice: Practice } & Awaited<ReturnType<Practice['roadmap']>>> {
  const practice = await openPractice(context);
  const read = await practice.roadmap();
  warn(context, read.warning);
  return { practice, ...read };
}

/** With `freshDir`, a zip or git pack is extracted or cloned there, not reused from the cache (grading does this). */
async function openPractice(context: CommandContext, freshDir?: string): Promise<Practice> {
  const builtinDir = builtinPackDir(context.distDir);
  const packDir = context.flags.pack
    ? await resolvePackSource(parsePackSource(context.flags.pack, context.cwd), { builtinDir, storageDir: freshDir ?? cacheDir(), ...(freshDir ? { refresh: true } : {}) })
    : builtinDir;
  const workspace = path.resolve(context.cwd, context.flags.workspace ?? '.');
  return Practice.open({ packDir, workspace });
}

/**
 * The pack an authoring command names in its DIR argument: a folder as it is, or a .zip or git
 * URL fetched fresh into a temporary folder (removed by `done`), as `--pack` takes them. `shown`
 * turns a file of the fetched copy back into where it came from, for messages.
 */
async function authoredPack(context: CommandContext): Promise<{ dir: string; shown(file: string): string; done(): Promise<void> }> {
  const source = parsePackSource(context.positionals[0] ?? '.', context.cwd);
  if (source.kind === 'builtin') return { dir: builtinPackDir(context.distDir), shown: (file) => file, done: async () => undefined };
  if (source.kind === 'folder') return { dir: source.path, shown: (file) => file, done: async () => undefined };
  const storageDir = await mkdtemp(path.join(tmpdir(), 'ai-practice-authoring-'));
  const done = () => rm(storageDir, { recursive: true, force: true });
  try {
    const dir = await resolvePackSource(source, { builtinDir: builtinPackDir(context.distDir), storageDir, refresh: true });
    const origin = source.kind === 'zip' ? source.path : source.url;
    return { dir, shown: (file) => (file.startsWith(dir + path.sep) ? `${origin} › ${path.relative(dir, file).split(path.sep).join('/')}` : file), done };
  } catch (error) {
    await done();
    throw error;
  }
}

/** Where the CLI keeps extracted and cloned packs. */
function cacheDir(): string {
  return process.env.AI_PRACTICE_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'ai-practice');
}

function warn(context: CommandContext, warning: string | undefined): void {
  if (warning) context.err(context.style.yellow(`warning: ${warning}`));
}

function relativeToCwd(context: CommandContext, file: string): string {
  const relative = path.relative(context.cwd, file);
  return relative && !relative.startsWith('..') ? relative : file;
}

const list: CliCommand = {
  name: 'list',
  usage: 'ai-practice list [--json]',
  summary: 'show the skill roadmap and every exercise with its status',
  details: 'Exercises are grouped by skill area and skill. Their ids are what `start` and `reset` take.',
  options: ['json', 'workspace', 'pack'],
  arguments: [],
  async run(context) {
    const { roadmap } = await openRoadmap(context);
    context.out(context.flags.json ? JSON.stringify(roadmap, null, 2) : renderRoadmap(roadmap, context.style));
    return 0;
  },
};

const start: CliCommand = {
  name: 'start',
  usage: 'ai-practice start <exercise-id> [--workspace DIR]',
  summary: 'scaffold an exercise into practice/<exercise-id>/',
  details:
    'Copies the instructions and starter files into the workspace and records the exercise as started.\n' +
    'Files that are already there are never overwritten: running it again restores only missing files.',
  options: ['json', 'workspace', 'pack'],
  arguments: ['exercise-id'],
  async run(context) {
    const practice = await openPractice(context);
    const result = await practice.start(context.positionals[0] as string);
    warn(context, result.warning);
    if (context.flags.json) {
      const { exercise, ...rest } = result;
      context.out(JSON.stringify({ exercise: exercise.id, ...rest }, null, 2));
      return 0;
    }
    const { style } = context;
    const folder = relativeToCwd(context, result.folder);
    context.out(`${style.bold(result.exercise.title)} ${style.dim(`(${result.exercise.id})`)}`);
    const createdLabel = result.firstStart ? 'created ' : 'restored';
    for (const file of result.created) context.out(`  ${style.green(createdLabel)}   ${file}`);
    for (const file of result.unchanged) context.out(`  ${style.dim('unchanged')}  ${file}`);
    for (const file of result.kept) context.out(`  ${style.yellow('kept')}       ${file} ${style.dim('(you changed it; left as it is)')}`);
    if (result.created.length === 0) {
      context.out(`All files were already in ${folder}; nothing was overwritten. To start over, run: ai-practice reset ${result.exercise.id}`);
    }
    context.out(`\nRead the instructions: ${relativeToCwd(context, result.instructions)}`);
    return 0;
  },
};

const progress: CliCommand = {
  name: 'progress',
  usage: 'ai-practice progress [--json]',
  summary: 'show how far you are along the roadmap',
  details: 'Reads .ai-practice/progress.json in the workspace.',
  options: ['json', 'workspace', 'pack'],
  arguments: [],
  async run(context) {
    const { practice, roadmap, progress: raw } = await openRoadmap(context);
    if (context.flags.json) {
      const records = raw.packs[roadmap.packId]?.exercises ?? {};
      const exercises = roadmap.areas.flatMap((area) =>
        area.skills.flatMap((skill) => skill.exercises.map((exercise) => ({ id: exercise.id, status: exercise.status, ...records[exercise.id] }))),
      );
      const summary = { packId: roadmap.packId, passed: roadmap.passed, total: roadmap.total, inProgress: roadmap.inProgress };
      context.out(JSON.stringify({ ...summary, progressFile: practice.progressFile, exercises }, null, 2));
    } else {
      context.out(renderProgress(roadmap, relativeToCwd(context, practice.progressFile), context.style));
    }
    return 0;
  },
};

const reset: CliCommand = {
  name: 'reset',
  usage: 'ai-practice reset <exercise-id> [--yes]\n       ai-practice reset --all [--yes]',
  summary: 'start an exercise over, or with --all the whole pack (your files are moved to a backup first)',
  details:
    'Moves practice/<exercise-id>/ to .ai-practice/backups/, scaffolds the starter files again and\n' +
    'starts the exercise\'s progress over. With --all, every exercise folder of the pack moves into one\n' +
    'backup folder beside a copy of progress.json, and the pack\'s progress starts over. Asks first\n' +
    'unless --yes is given.',
  options: ['all', 'yes', 'workspace', 'pack'],
  arguments: ['exercise-id?'],
  async run(context) {
    const id = context.positionals[0];
    if (context.flags.all && id !== undefined) throw new UserError(`Give an exercise id or --all, not both.`, `Run \`ai-practice reset ${id}\` or \`ai-practice reset --all\`.`);
    if (!context.flags.all && id === undefined) throw new UserError('Missing argument <exercise-id>.', 'Name the exercise to start over, or give --all to start every exercise over.');
    const practice = await openPractice(context);
    return id === undefined ? resetAll(context, practice) : resetOne(context, practice, id);
  },
};

async function resetOne(context: CommandContext, practice: Practice, id: string): Promise<number> {
  const plan = await practice.planReset(id);
  if (!context.flags.yes) {
    const changed = plan.files.filter((file) => file.changed).length;
    const moved = plan.files.length === 0 ? 'There are no files to move' : `${plural(plan.files.length, 'file')} (${changed} changed by you) will be moved to .ai-practice/backups/`;
    if (!(await confirmed(context, `Reset "${id}"? ${moved}, and its progress starts over. [y/N] `, `Resetting "${id}"`, `ai-practice reset ${id} --yes`))) return 0;
  }
  const result = await practice.reset(id);
  warn(context, result.start.warning);
  if (result.backup) context.out(`Your previous files are in ${relativeToCwd(context, result.backup)}`);
  context.out(`"${id}" starts over: ${plural(result.start.created.length, 'file')} scaffolded in ${relativeToCwd(context, result.start.folder)}`);
  return 0;
}

async function resetAll(context: CommandContext, practice: Practice): Promise<number> {
  const { exercises } = await practice.planResetAll();
  if (exercises.length > 0 && !context.flags.yes) {
    const passed = exercises.filter((exercise) => exercise.status === 'passed').length;
    const folders = exercises.filter((exercise) => exercise.hasFolder).length;
    const question =
      `Start every exercise of "${practice.pack.manifest.title}" over? Started: ${exercises.length} (${passed} passed). Their progress is cleared, ` +
      `and their folders in practice/ (${folders}) move to .ai-practice/backups/. [y/N] `;
    if (!(await confirmed(context, question, 'Resetting every exercise', 'ai-practice reset --all --yes'))) return 0;
  }
  const result = await practice.resetAll();
  context.out(`${plural(result.exercises.length, 'exercise')} ${result.exercises.length === 1 ? 'starts' : 'start'} over: ${result.exercises.join(', ')}.`);
  context.out(`Your previous files and progress are in ${relativeToCwd(context, result.backup)}`);
  return 0;
}

/** Asks on the terminal; says so and returns false when the answer is no. */
async function confirmed(context: CommandContext, question: string, what: string, withYes: string): Promise<boolean> {
  const answer = await context.confirm(question);
  if (answer === undefined) throw new UserError(`${what} needs confirmation, and there is no terminal to ask on.`, `Run again with --yes: ${withYes}`);
  if (!answer) context.out('Nothing was changed.');
  return answer;
}

const check: CliCommand = {
  name: 'check',
  usage: 'ai-practice check <exercise-id> [--json] [--provider anthropic|compatible|replay] [--base-url URL] [--model ID] [--budget USD] [--no-cache] [--record]',
  summary: 'check your work on an exercise',
  details:
    'Runs the exercise\'s harness on practice/<exercise-id>/ and says what passed, what failed and why.\n' +
    'Exit code: 0 when it passes, 1 when it does not yet, 2 when the check could not run.\n' +
    'With --json it prints the report (Exercism results.json v3 shape, plus locations).\n\n' +
    'Prompt-debugging exercises send your prompt to a model. The Anthropic API needs ANTHROPIC_API_KEY;\n' +
    '--provider compatible --base-url URL talks to any endpoint with the same API (a local Ollama, a\n' +
    'LiteLLM proxy); --provider replay answers from the recordings the pack ships, offline and free.\n' +
    'Answers are cached in .ai-practice/cache/, so an unchanged re-check costs nothing.',
  options: ['json', 'workspace', 'pack', 'provider', 'base-url', 'model', 'budget', 'no-cache', 'record'],
  arguments: ['exercise-id'],
  async run(context) {
    const id = context.positionals[0] as string;
    let result;
    try {
      const practice = await openPractice(context);
      result = await practice.check(id, {
        model: modelSettingsFrom(context.flags),
        onProgress: (event) => {
          if (event.type !== 'estimate') return;
          const stored = event.stored > 0 ? `, ${event.stored} already stored` : '';
          const bound = event.maxCostUsd === null ? '' : `; at most ${formatDollars(event.maxCostUsd)} (budget ${formatDollars(event.budgetUsd)})`;
          context.err(context.style.dim(event.live ? `Asking ${event.model}: up to ${plural(event.calls, 'call')}${stored}${bound}…` : `Replaying recorded answers for ${plural(event.calls, 'call')}…`));
        },
      });
    } catch (error) {
      // The check could not run: that is exit 2 for `check`, as scripts and CI expect.
      if (!(error instanceof UserError)) throw error;
      context.err(`${context.style.red('error:')} ${error.message}`);
      if (error.fix) context.err(context.style.dim(error.fix));
      return 2;
    }
    warn(context, result.warning);
    const { report } = result;
    if (context.flags.json) context.out(JSON.stringify(report, null, 2));
    else {
      context.out(renderReport(report, context.style));
      if (result.firstPass) context.out(context.style.green(`\nPassed on attempt ${result.attempts}. Well done!`));
      else if (report.status === 'fail') context.out(context.style.dim(`\nStuck? ai-practice hint ${id}`));
    }
    return report.status === 'pass' ? 0 : report.status === 'fail' ? 1 : 2;
  },
};

/** The model settings the flags and the environment give; the key only ever from the environment. */
export function modelSettingsFrom(flags: Flags, env: NodeJS.ProcessEnv = process.env): ModelSettings {
  const given = flags.provider ?? (flags['base-url'] ? 'compatible' : DEFAULT_MODEL_SETTINGS.provider);
  if (!(PROVIDERS as readonly string[]).includes(given)) {
    throw new UserError(`Unknown provider "${given}"${didYouMean(given, PROVIDERS)}.`, `Use one of: ${PROVIDERS.join(', ')}.`);
  }
  const budget = flags.budget === undefined ? DEFAULT_MODEL_SETTINGS.budgetUsd : Number(flags.budget);
  if (!Number.isFinite(budget) || budget <= 0) throw new UserError(`--budget must be a positive number of dollars, not "${flags.budget}".`, 'For example --budget 0.25.');
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

const hint: CliCommand = {
  name: 'hint',
  usage: 'ai-practice hint <exercise-id>',
  summary: 'reveal the next hint for an exercise',
  details: 'Hints come one at a time; how many you used is kept in your progress. Once all are out, it shows them all again.',
  options: ['json', 'workspace', 'pack'],
  arguments: ['exercise-id'],
  async run(context) {
    const id = context.positionals[0] as string;
    const practice = await openPractice(context);
    const result = await practice.nextHint(id);
    if (context.flags.json) {
      context.out(JSON.stringify(result, null, 2));
      return 0;
    }
    const { style } = context;
    if (result.revealedNew) {
      const index = result.revealed.length;
      context.out(`${style.bold(`Hint ${index} of ${result.total}`)} ${style.dim(`(${id})`)}\n${result.revealed[index - 1] ?? ''}`);
      if (index < result.total) context.out(style.dim(`\nAnother one: ai-practice hint ${id}`));
    } else {
      context.out(style.bold(`You have seen all ${result.total} hints for ${id}:`));
      result.revealed.forEach((text, i) => context.out(`${style.dim(`${i + 1}.`)} ${text}`));
    }
    return 0;
  },
};

const simulator: CliCommand = {
  name: 'simulator',
  usage: 'ai-practice simulator [--port N] [--scenario FILE]',
  summary: 'run the local Messages API simulator, to point your own code at',
  details:
    'Serves POST /v1/messages (JSON and streaming), /v1/messages/count_tokens and /v1/models on\n' +
    '127.0.0.1, as the Anthropic API does, offline. Any API key is accepted. Each request is logged;\n' +
    'a body over 32 MB gets the API\'s 413, and its memory stays flat however long it runs.\n' +
    'A scenario file (JSON) scripts the answers, errors and faults, or a module (.ts) exporting\n' +
    'respond(request, facts) answers each request as code; without one it echoes.',
  options: ['port', 'scenario'],
  arguments: [],
  async run(context) {
    const port = context.flags.port === undefined ? 0 : Number(context.flags.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new UserError(`--port must be a port number from 0 to 65535, not "${context.flags.port}".`, 'Leave it out to use a free port.');
    }
    const scenarioFile = context.flags.scenario ? path.resolve(context.cwd, context.flags.scenario) : undefined;
    const simulated = scenarioFile ? await loadSimulatedModel(scenarioFile) : undefined;
    const { style } = context;
    let server;
    try {
      server = await startSimulator({
        ...(simulated && scenarioFile ? { ...simulated, scenarioName: path.basename(scenarioFile) } : {}),
        port,
        onRequest: (entry) => {
          const status = entry.status === 0 ? style.yellow(entry.fault ?? 'no answer') : entry.status < 400 ? style.green(String(entry.status)) : style.red(String(entry.status));
          const rule = entry.rule ? style.dim(` rule "${entry.rule}"`) : '';
          context.out(`${style.dim(`#${entry.index + 1} +${entry.at} ms`)} ${entry.method} ${entry.path} ${status}${entry.stream ? ' (stream)' : ''}${rule}`);
        },
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UserError(`Port ${port} is already in use.`, 'Pick another with --port, or leave it out to use a free one.');
      throw error;
    }
    context.out(`${style.bold('Local Messages API simulator')} on ${style.cyan(server.url)}`);
    context.out(`  scenario: ${scenarioFile ? `${relativeToCwd(context, scenarioFile)} (${simulated?.respond ? `a model written as code${simulated.scenario?.rules.length ? ` and ${simulated.scenario.rules.length} rules` : ''}` : `${simulated?.scenario?.rules.length} rules`})` : 'echo (answers "You said: …")'}`);
    context.out(`  point the SDK at it: new Anthropic({ baseURL: '${server.url}', apiKey: 'any-key' })`);
    context.out(`  or in a shell: export ANTHROPIC_BASE_URL=${server.url} ANTHROPIC_API_KEY=any-key`);
    context.out(style.dim('Requests are logged below. Ctrl+C stops it.'));
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.close();
    context.out(`Stopped after ${plural(server.received, 'request')}.`);
    return 0;
  },
};

const packValidate: CliCommand = {
  name: 'pack validate',
  usage: 'ai-practice pack validate [DIR|ZIP|GIT-URL] [--json]',
  summary: 'check an exercise pack\'s manifest and files',
  details:
    'Checks the schema, ids, references between skills and exercises, and that every file exists inside the pack.\n' +
    'Prints the pack\'s content hash, which `report --pack-sha256` pins. The pack may be a folder, a .zip or a git URL.',
  options: ['json'],
  arguments: ['DIR?'],
  async run(context) {
    const authored = await authoredPack(context);
    try {
      const { pack, problems: found } = await validatePack(authored.dir);
      const problems = found.map((problem) => ({ ...problem, file: authored.shown(problem.file) }));
      // The hash a grader pins with `report --pack-sha256`.
      const sha256 = pack ? await packContentHash(pack.root) : undefined;
      if (context.flags.json) {
        context.out(JSON.stringify({ valid: problems.length === 0, problems, ...(sha256 ? { sha256 } : {}) }, null, 2));
      } else if (pack) {
        const { manifest } = pack;
        context.out(`${context.style.green('✓')} ${manifest.title} v${manifest.version}: ${plural(manifest.areas.length, 'area')}, ${plural(pack.skills.size, 'skill')}, ${plural(pack.exercises.length, 'exercise')}. No problems.`);
        context.out(context.style.dim(`content sha256 ${sha256 ?? ''} (pin it with report --pack-sha256)`));
      } else {
        context.err(renderProblems(problems, context.style));
        context.err(`\n${plural(problems.length, 'problem')} in ${context.positionals[0] ?? authored.dir}`);
      }
      return problems.length === 0 ? 0 : 1;
    } finally {
      await authored.done();
    }
  },
};

const packNew: CliCommand = {
  name: 'pack new',
  usage: 'ai-practice pack new <DIR>',
  summary: 'start an exercise pack: a commented manifest and one example exercise of each kind',
  details:
    'Writes DIR/ai-practice-pack.json and one working example exercise of each kind this version checks,\n' +
    `with their starters, references, known-wrong solutions and checks:\n  ${checkableKinds().map((definition) => definition.kind).join(', ')}.\n` +
    'DIR must be new or empty. Then: edit, `pack validate`, `pack verify`, and hand it out.',
  options: [],
  arguments: ['DIR'],
  async run(context) {
    const builtin = await loadPack(builtinPackDir(context.distDir));
    const created = await createPack(path.resolve(context.cwd, context.positionals[0] as string), builtin);
    const { style } = context;
    context.out(`${style.green('✓')} created ${relativeToCwd(context, created.manifestPath)} with ${created.exercises.length} example exercises: ${created.exercises.join(', ')}`);
    context.out(style.dim(`next: ai-practice pack validate ${relativeToCwd(context, created.dir)} && ai-practice pack verify ${relativeToCwd(context, created.dir)}`));
    return 0;
  },
};

const packVerify: CliCommand = {
  name: 'pack verify',
  usage: 'ai-practice pack verify [DIR|ZIP|GIT-URL] [--json] [--exercise ID]...\n       ai-practice pack verify [DIR] --mutate [--exercise ID]... [--sample N] [--seed S] [--min-score P] [--json]',
  summary: 'check that a pack\'s checks are honest',
  details:
    'For every exercise: the reference solution must pass, the starter must fail, and every known-wrong\n' +
    'solution must fail with a message that says why, failing a check of each requirement it names in "breaks".\n' +
    'For exercises that declare requirements, it prints the requirement × check matrix and fails on a gap:\n' +
    'a requirement no check checks, a check that checks no requirement, a requirement no known-wrong breaks.\n' +
    'Each runs in a fresh temporary workspace through the same checks learners get; prompt-debugging\n' +
    'exercises verify offline from their recordings.\n' +
    'Exit code: 0 when every row holds and no matrix has a gap, 1 otherwise (also when the pack is not valid).\n\n' +
    'With --mutate it checks mutants of each reference instead: the code with one small change (a < made\n' +
    '<=, && made ||, a number plus one, a return made undefined…), or for an eval dataset one case\'s\n' +
    'expectation changed or the case dropped. It lists those the check still passes (file:line:column and\n' +
    'the change) and a score per exercise, killed / checked. Mutants that behave exactly as the reference\n' +
    'are marked in the manifest\'s "equivalentMutants". Exit code 1 when a reference does not pass or a\n' +
    'score is under --min-score.',
  options: ['json', 'exercise', 'mutate', 'sample', 'seed', 'min-score'],
  arguments: ['DIR?'],
  async run(context) {
    const authored = await authoredPack(context);
    try {
      const pack = await loadPack(authored.dir);
      if (context.flags.mutate) return await runPackMutate(context, pack);
      for (const option of ['sample', 'seed', 'min-score'] as const) {
        if (context.flags[option] !== undefined) throw new UserError(`--${option} goes with --mutate.`, `Add --mutate to mutation-test the checks.`);
      }
      refuseUnknownExercises(pack, context.flags.exercise);
      const { style } = context;
      const widths = [Math.max(8, ...pack.exercises.map((exercise) => exercise.id.length)), Math.max(9, ...pack.exercises.flatMap((exercise) => exercise.knownWrongDirs.map((wrong) => path.basename(wrong.path).length)))];
      if (!context.flags.json) context.out(style.bold(`${'exercise'.padEnd(widths[0] ?? 8)}  ${'solution'.padEnd(widths[1] ?? 9)}  expected  got`));
      const result = await verifyPack(pack, {
        runnerScript: checkRunnerScript(context.distDir),
        ...(context.flags.exercise ? { only: context.flags.exercise } : {}),
        onRow: (row) => {
          if (context.flags.json) return;
          const mark = row.got === 'skipped' ? style.dim('–') : row.ok ? style.green('✓') : style.red('✗');
          const got = row.got === 'skipped' ? style.dim('skipped') : row.ok ? row.got : style.red(row.got);
          const line = `${row.exercise.padEnd(widths[0] ?? 8)}  ${row.solution.padEnd(widths[1] ?? 9)}  ${row.got === 'skipped' ? '        ' : row.expected.padEnd(8)}  ${got.padEnd(row.ok ? 5 : 5 + got.length - row.got.length)} ${mark} ${style.dim(`${(row.durationMs / 1000).toFixed(1)} s`)}`;
          context.out(line);
          if (!row.ok) context.out(`    ${style.red(row.problem ?? '')}\n    ${style.dim(row.message)}`);
          else if (row.got === 'skipped') context.out(`    ${style.dim(row.message)}`);
        },
      });
      const checked = result.rows.filter((row) => row.got !== 'skipped');
      const bad = checked.filter((row) => !row.ok);
      if (context.flags.json) {
        context.out(JSON.stringify({ ok: result.ok, rows: result.rows.map(({ report: _report, ...row }) => row), requirements: result.requirements }, null, 2));
      } else {
        const exercises = new Set(checked.map((row) => row.exercise));
        for (const matrix of result.requirements) context.out(['', ...renderRequirementMatrix(matrix, style)].join('\n'));
        const untraced = [...exercises].filter((id) => !result.requirements.some((matrix) => matrix.exercise === id));
        if (untraced.length > 0) context.out(`\n${style.yellow(`${untraced.join(', ')} ${untraced.length === 1 ? 'declares' : 'declare'} no requirements: nothing proves every rule ${untraced.length === 1 ? 'its' : 'their'} README states is checked.`)}`);
        const gaps = result.requirements.reduce((sum, matrix) => sum + matrix.gaps.length, 0);
        context.out('');
        context.out(
          bad.length === 0
            ? style.green(`All ${checked.length} solutions of ${exercises.size} exercises behave: every reference passes, every starter and known-wrong solution fails.`)
            : style.red(`${bad.length} of ${checked.length} solutions do not behave as they should.`),
        );
        if (result.requirements.length > 0) {
          const count = result.requirements.reduce((sum, matrix) => sum + matrix.requirements.length, 0);
          context.out(
            gaps === 0
              ? style.green(`All ${count} requirements of ${result.requirements.length} exercises are checked, every check traces to one, and a known-wrong solution breaks each.`)
              : style.red(`${gaps} ${gaps === 1 ? 'gap' : 'gaps'} in the requirement matrices (marked ✗ above).`),
          );
        }
      }
      return result.ok ? 0 : 1;
    } finally {
      await authored.done();
    }
  },
};

const FORMATS = ['markdown', 'json', 'classroom'] as const;

const report: CliCommand = {
  name: 'report',
  usage: 'ai-practice report [--format markdown|json|classroom] [--recheck] [--pack SOURCE --pack-sha256 H] [--output FILE] [--points N] [model options]',
  summary: 'grade this workspace: each exercise\'s status and score',
  details:
    'One row per checkable exercise: status, partial credit (1 for a pass; otherwise the share of buggy\n' +
    'implementations exposed, of cases or scenarios passing), attempts, hints and the last check.\n' +
    'Graders should pass --recheck: it checks every exercise whose folder exists again, since the progress\n' +
    'file is the learner\'s to edit. It runs only where learner code is confined (--allow-unconfined to\n' +
    'override), takes a zip pack freshly extracted, and with --pack-sha256 refuses a pack whose content\n' +
    'hash differs, checked again before every exercise. --output FILE writes the result to FILE: trust\n' +
    'that file, not stdout. --format classroom prints GitHub Classroom\'s autograding result (one test per\n' +
    'exercise, scored out of --points; the service is retired). Prompt exercises need a model to re-check:\n' +
    'the model options are those of `check`. Exit code: 0 when every exercise passes, 1 otherwise.',
  options: ['workspace', 'pack', 'pack-sha256', 'format', 'recheck', 'output', 'allow-unconfined', 'points', 'provider', 'base-url', 'model', 'budget', 'no-cache'],
  arguments: [],
  async run(context) {
    const format = context.flags.format ?? 'markdown';
    if (!(FORMATS as readonly string[]).includes(format)) {
      throw new UserError(`Unknown format "${format}"${didYouMean(format, FORMATS)}.`, `Use one of: ${FORMATS.join(', ')}.`);
    }
    const points = context.flags.points === undefined ? 10 : Number(context.flags.points);
    if (!Number.isFinite(points) || points <= 0) throw new UserError(`--points must be a positive number, not "${context.flags.points}".`, 'For example --points 10.');
    const pinned = context.flags['pack-sha256']?.toLowerCase();
    if (pinned !== undefined && !/^[0-9a-f]{64}$/.test(pinned)) throw new UserError(`--pack-sha256 must be 64 hex digits, not "${context.flags['pack-sha256'] ?? ''}".`, 'Copy the hash that `ai-practice pack validate DIR` prints.');
    if (pinned !== undefined && !context.flags.pack) throw new UserError('--pack-sha256 pins the pack given with --pack, and there is none.', 'Add --pack SOURCE: the pack as you, the instructor, keep it.');
    const recheck = context.flags.recheck === true;
    if (recheck && !context.flags['allow-unconfined']) {
      const confinement = await confinementHere(context.distDir);
      if (!confinement.confined) {
        throw new UserError(
          `Learner code cannot be fully confined on this machine: ${confinement.missing.join('; ')}. A student's code could then reach the grader.`,
          'Grade on Linux with user namespaces enabled and Node 20 or later, or pass --allow-unconfined to grade anyway.',
        );
      }
    }
    const scratch = recheck ? await mkdtemp(path.join(tmpdir(), 'ai-practice-grade-')) : undefined;
    try {
      const practice = await openPractice(context, scratch);
      const hash = pinned === undefined ? undefined : await packContentHash(practice.pack.root);
      if (pinned !== undefined && hash !== pinned) {
        throw new UserError(`The pack's content hash is ${hash ?? '?'}, not the pinned ${pinned}: this is not the pack you pinned.`, 'Grade with the pack you pinned, or pin this one if you changed it yourself.');
      }
      const grade = await gradeWorkspace(practice, {
        recheck,
        model: modelSettingsFrom(context.flags),
        beforeCheck: hash === undefined ? undefined : async () => {
          const now = await packContentHash(practice.pack.root);
          if (now !== hash) throw new UserError('The pack changed during grading; no result is written.', 'Grade again from a pack no one else can write to.');
        },
        onRow: (row) => {
          if (!recheck) return;
          context.err(context.style.dim(row.check?.rechecked ? `checked ${row.id}: ${row.status}, ${Math.round(row.score * 100)} %` : `skipped ${row.id}: not started`));
        },
      });
      const text = format === 'json' ? JSON.stringify(grade, null, 2) : format === 'classroom' ? JSON.stringify(gradeClassroom(grade, points)) : gradeMarkdown(grade).trimEnd();
      if (context.flags.output) {
        const file = path.resolve(context.cwd, context.flags.output);
        await writeFileAtomic(file, `${text}\n`);
        context.err(context.style.dim(`wrote ${relativeToCwd(context, file)}`));
      } else context.out(text);
      return grade.rows.length > 0 && grade.rows.every((row) => row.status === 'passed') ? 0 : 1;
    } finally {
      if (scratch) await rm(scratch, { recursive: true, force: true });
    }
  },
};

export const COMMANDS: readonly CliCommand[] = [list, start, check, hint, progress, reset, simulator, report, packNew, packValidate, packVerify];

/** Asks on the terminal; undefined when stdin is not one (CI, pipes). */
export async function confirmOnTerminal(question: string): Promise<boolean | undefined> {
  if (!process.stdin.isTTY) return undefined;
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await terminal.question(question)).trim());
  } finally {
    terminal.close();
  }
}
