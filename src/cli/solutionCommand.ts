import { promises as fs } from 'node:fs';
import { fileSystemError } from '../core/userError';
import { unifiedDiff } from '../core/unifiedDiff';
import { type CliCommand, openPractice, relativeToCwd } from './commandSupport';

/** `ai-practice solution <id>`: the reference solution and its notes, once the exercise has passed. */
export const solution: CliCommand = {
  name: 'solution',
  usage: 'ai-practice solution <exercise-id> [--diff] [--json]',
  summary: 'once an exercise passes, show the reference solution and why it is written that way',
  details:
    'Prints the pack author\'s notes on the reference, then each reference file with the file of yours it\n' +
    'corresponds to in practice/<folder>/. With --diff, a unified diff from the reference to your file\n' +
    'instead of the whole file. It opens once the exercise has passed (a later failing check does not\n' +
    'close it again); a pack may keep its references back ("showReference": false).',
  options: ['diff', 'json', 'workspace', 'pack'],
  arguments: ['exercise-id'],
  async run(context) {
    const id = context.positionals[0] as string;
    const practice = await openPractice(context);
    const reference = await practice.reference(id);
    const read = (file: string): Promise<string> => fs.readFile(file, 'utf8').catch((error: unknown) => Promise.reject(fileSystemError('read', file, error)));
    const files = [];
    for (const file of reference.files) {
      const text = await read(file.reference);
      const yours = file.learnerExists ? await read(file.learner) : '';
      const names = { before: `reference/${file.relative}`, after: relativeToCwd(context, file.learner) };
      files.push({ ...file, text, ...(context.flags.diff ? { diff: unifiedDiff(text, yours, names) } : {}) });
    }
    if (context.flags.json) {
      const { exercise, notes } = reference;
      context.out(JSON.stringify({ exercise: exercise.id, ...(notes ? { notes: notes.text } : {}), files }, null, 2));
      return 0;
    }
    const { style } = context;
    const stage = reference.exercise.stage;
    context.out(style.bold(`The reference solution of ${reference.exercise.title}`) + style.dim(` (${id}${stage ? `, stage ${stage.number} of ${stage.of} of ${stage.project.title}` : ''})`));
    if (reference.notes) context.out(`\n${reference.notes.text.trimEnd()}`);
    for (const file of files) {
      const yours = relativeToCwd(context, file.learner);
      context.out(`\n${style.cyan(`── reference/${file.relative}`)} ${style.dim(`(yours: ${yours}${file.learnerExists ? '' : ', which you do not have'})`)}`);
      if (file.diff === undefined) context.out(file.text.trimEnd());
      else if (file.diff === '') context.out(style.green('Your file is the same as the reference.'));
      else context.out(colourDiff(file.diff, style).trimEnd());
    }
    if (!context.flags.diff && files.length > 0) context.out(style.dim(`\nWhat yours does differently: ai-practice solution ${id} --diff`));
    return 0;
  },
};

function colourDiff(diff: string, style: { red(text: string): string; green(text: string): string; dim(text: string): string }): string {
  return diff
    .split('\n')
    .map((line) => (line.startsWith('@@') ? style.dim(line) : line.startsWith('+') ? style.green(line) : line.startsWith('-') ? style.red(line) : line))
    .join('\n');
}
