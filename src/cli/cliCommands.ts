import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { loadPack, validatePack } from '../core/packLoader';
import { verifyPack } from '../core/packVerify';
import { renderRequirementMatrix } from './requirementMatrixText';
import { checkableKinds } from '../core/check/kinds/registry';
import { createPack } from '../core/packNew';
import { parsePackSource, resolvePackSource } from '../core/packSources';
import { plural } from '../core/plural';
import { packContentHash } from '../core/packHash';
import { builtinPackDir, checkRunnerScript, formatDollars, Practice } from '../core/practiceService';
import { loadSimulatedModel } from '../core/simulator/loadSimulatedModel';
import { startSimulator } from '../core/simulator/server';
import { UserError } from '../core/userError';
import { type CliCommand, type CommandContext, modelSettingsFrom, openPractice, relativeToCwd, warn } from './commandSupport';
import { refuseUnknownExercises, runPackMutate } from './packMutate';
import { verifyFingerprints } from './packFingerprintsText';
import { roadmapExercisesOf } from '../core/roadmap';
import { renderProblems, renderProgress, renderReport, renderRoadmap } from './render';
import { grade } from './gradeCommand';
import { report } from './reportCommand';
import { solution } from './solutionCommand';
import { next } from './nextCommand';
import { watch } from './watchCommand';

export { type CliCommand, type CommandContext, type Flags, optionHelp, OPTIONS } from './commandSupport';

/** Opens the practice and reads the roadmap once, passing any progress-file warning on. */
async function openRoadmap(context: CommandContext): Promise<{ practice: Practice } & Awaited<ReturnType<Practice['roadmap']>>> {
  const practice = await openPractice(context);
  const read = await practice.roadmap();
  warn(context, read.warning);
  return { practice, ...read };
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
    const stage = result.exercise.stage;
    context.out(`${style.bold(result.exercise.title)} ${style.dim(`(${result.exercise.id})`)}${stage ? ` · stage ${stage.number} of ${stage.of} of ${stage.project.title}, in ${folder}` : ''}`);
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
      const exercises = roadmapExercisesOf(roadmap).map((exercise) => ({ id: exercise.id, status: exercise.status, ...records[exercise.id] }));
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
      else context.out(style.dim('\nThat was the last one.'));
    } else {
      context.out(style.bold(`No more hints for ${id}: you have seen its ${plural(result.total, 'hint')}:`));
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
    'score is under --min-score.\n\n' +
    'fingerprints.json, beside the manifest, records how each known-wrong fails (which tests fail or err, and what\n' +
    'their messages say is wrong, without the values they show),\n' +
    'so a learner whose check fails the same way is told the mistake and its "mentor" note. Verify fails when\n' +
    'it is missing or stale; --write-fingerprints writes it (for the exercises verified, with --exercise).\n' +
    'Known-wrongs that fail alike are a warning: learners cannot be told which of them they made.',
  options: ['json', 'exercise', 'mutate', 'sample', 'seed', 'min-score', 'write-fingerprints'],
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
      const fingerprints = await verifyFingerprints(context, pack, result);
      const checked = result.rows.filter((row) => row.got !== 'skipped');
      const bad = checked.filter((row) => !row.ok);
      if (context.flags.json) {
        const { lines: _lines, ...outcome } = fingerprints;
        context.out(JSON.stringify({ ok: result.ok && fingerprints.current, rows: result.rows.map(({ report: _report, ...row }) => row), requirements: result.requirements, fingerprints: outcome }, null, 2));
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
        for (const line of fingerprints.lines) context.out(line);
      }
      return result.ok && fingerprints.current ? 0 : 1;
    } finally {
      await authored.done();
    }
  },
};

export async function confirmOnTerminal(question: string): Promise<boolean | undefined> {
  if (!process.stdin.isTTY) return undefined;
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await terminal.question(question)).trim());
  } finally {
    terminal.close();
  }
}

export const COMMANDS: readonly CliCommand[] = [list, start, check, hint, progress, reset, simulator, report, grade, packNew, packValidate, packVerify, solution, next, watch];
