import * as path from 'node:path';
import { nextExercise } from '../core/nextExercise';
import { plural } from '../core/plural';
import { exerciseFolder } from '../core/workspaceLayout';
import { type CliCommand, type CommandContext, openPractice, relativeToCwd, warn } from './commandSupport';

/** The options a follow-up command needs to act on the same workspace and pack: " --workspace W --pack P". */
export function sameTarget(context: CommandContext): string {
  const quoted = (text: string): string => (/^[\w./:@-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);
  return `${context.flags.workspace ? ` --workspace ${quoted(context.flags.workspace)}` : ''}${context.flags.pack ? ` --pack ${quoted(context.flags.pack)}` : ''}`;
}

export const next: CliCommand = {
  name: 'next',
  usage: 'ai-practice next [--json] [--workspace DIR]',
  summary: 'start the next exercise to practise and say where it is and how to check it',
  details:
    'The next exercise is one you started and have not passed yet (the first in roadmap order), else the\n' +
    'first one not started, in roadmap order, whose skill\'s prerequisite skills have every exercise passed;\n' +
    'a project\'s stage once the stage before it passed. It is scaffolded as `start` does: nothing that is\n' +
    'already there is overwritten. When every exercise has passed, it says so.',
  options: ['json', 'workspace', 'pack'],
  arguments: [],
  async run(context) {
    const practice = await openPractice(context);
    const read = await practice.roadmap();
    warn(context, read.warning);
    const choice = nextExercise(read.roadmap);
    const { style } = context;
    if (choice.kind === 'all-passed') {
      if (context.flags.json) context.out(JSON.stringify({ status: 'all-passed', passed: choice.passed, total: choice.total, unchecked: choice.unchecked }, null, 2));
      else {
        context.out(style.green(`Every exercise of ${read.roadmap.packTitle} has passed (${choice.passed} of ${choice.total}). Well done!`));
        if (choice.unchecked.length > 0) context.out(style.dim(`This version cannot check ${choice.unchecked.join(', ')}; a newer one may.`));
      }
      return 0;
    }
    const result = await practice.start(choice.exercise.id);
    warn(context, result.warning);
    const { exercise } = result;
    const folder = exerciseFolder(practice.workspace, exercise.folderId);
    const mainFile = path.join(folder, practice.mainFile(exercise.id));
    const target = sameTarget(context);
    const commands = { check: `ai-practice check ${exercise.id}${target}`, watch: `ai-practice watch ${exercise.id}${target}` };
    if (context.flags.json) {
      const { created, unchanged, kept, firstStart, instructions } = result;
      context.out(JSON.stringify({ status: 'exercise', exercise: exercise.id, title: exercise.title, reason: choice.reason, folder, instructions, mainFile, firstStart, created, unchanged, kept, commands }, null, 2));
      return 0;
    }
    const stage = exercise.stage ? ` · stage ${exercise.stage.number} of ${exercise.stage.of} of ${exercise.stage.project.title}` : '';
    const why = choice.reason === 'in-progress' ? 'you started it and it has not passed yet' : result.firstStart ? 'the next one on the roadmap, started now' : 'the next one on the roadmap';
    context.out(`${style.bold('Next:')} ${style.bold(exercise.title)} ${style.dim(`(${exercise.id})`)}${stage}`);
    context.out(`  ${style.dim(`${choice.exercise.skillTitle} · ${exercise.difficulty} · ${exercise.minutes} min · ${why}`)}`);
    const files = [
      ...result.created.map((file) => `${file} ${style.green(result.firstStart ? '(created)' : '(restored)')}`),
      ...result.unchanged,
      ...result.kept.map((file) => `${file} ${style.dim('(yours, kept)')}`),
    ];
    context.out(`\n${style.bold('Files')} in ${relativeToCwd(context, folder)}${path.sep}: ${files.join(', ')}`);
    context.out(`${style.bold('Instructions:')} ${relativeToCwd(context, result.instructions)}`);
    context.out(`${style.bold('Work in:')}      ${relativeToCwd(context, mainFile)}`);
    context.out(`${style.bold('Check it:')}     ${commands.check}`);
    context.out(style.dim(`or re-check on every save: ${commands.watch}  (${plural(exercise.hints.length, 'hint')}: ai-practice hint ${exercise.id}${target})`));
    return 0;
  },
};
