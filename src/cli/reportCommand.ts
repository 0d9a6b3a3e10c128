import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from '../core/atomicFile';
import { type GradeReport, gradeMarkdown, gradeWorkspace } from '../core/gradeReport';
import { classroom50Identity, GRADESCOPE_VISIBILITIES, type GradescopeVisibility, gradeClassroom, gradeClassroom50, gradeGradescope } from '../core/grading/platforms';
import { packContentHash } from '../core/packHash';
import { confinementHere } from '../core/practiceService';
import { didYouMean } from '../core/suggest';
import { UserError } from '../core/userError';
import { type CliCommand, type CommandContext, modelSettingsFrom, openPractice, relativeToCwd } from './commandSupport';

export const FORMATS = ['markdown', 'json', 'classroom50', 'gradescope', 'classroom'] as const;
export type Format = (typeof FORMATS)[number];

/** What the command writes in each format. */
export function rendered(format: Format, grade: GradeReport, options: { points: number; hiddenVisibility: GradescopeVisibility }): string {
  switch (format) {
    case 'json':
      return JSON.stringify(grade, null, 2);
    case 'classroom50':
      return JSON.stringify(gradeClassroom50(grade, options.points, process.env), null, 2);
    case 'gradescope':
      return JSON.stringify(gradeGradescope(grade, options.points, options.hiddenVisibility), null, 2);
    case 'classroom':
      return JSON.stringify(gradeClassroom(grade, options.points));
    case 'markdown':
      return gradeMarkdown(grade).trimEnd();
  }
}

/** The options that say how to write the result, checked before any exercise is re-checked. */
export function outputOptions(context: CommandContext): { format: Format; points: number; hiddenVisibility: GradescopeVisibility } {
  const format = context.flags.format ?? 'markdown';
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UserError(`Unknown format "${format}"${didYouMean(format, FORMATS)}.`, `Use one of: ${FORMATS.join(', ')}.`);
  }
  const points = context.flags.points === undefined ? 10 : Number(context.flags.points);
  if (!Number.isFinite(points) || points <= 0) throw new UserError(`--points must be a positive number, not "${context.flags.points}".`, 'For example --points 10.');
  if (format === 'classroom50' && !Number.isInteger(points)) throw new UserError(`Classroom 50 scores are whole numbers: --points must be a whole number, not "${context.flags.points}".`, 'For example --points 10.');
  const hiddenVisibility = context.flags['hidden-visibility'] ?? 'after_published';
  if (!(GRADESCOPE_VISIBILITIES as readonly string[]).includes(hiddenVisibility)) {
    throw new UserError(`Unknown visibility "${hiddenVisibility}"${didYouMean(hiddenVisibility, GRADESCOPE_VISIBILITIES)}.`, `Use one of: ${GRADESCOPE_VISIBILITIES.join(', ')}.`);
  }
  if (context.flags['hidden-visibility'] !== undefined && format !== 'gradescope') throw new UserError('--hidden-visibility goes with --format gradescope.', 'Add --format gradescope, or leave it out.');
  // Fail before the checks run, not after: the identity comes from the environment.
  if (format === 'classroom50') classroom50Identity(process.env);
  return { format: format as Format, points, hiddenVisibility: hiddenVisibility as GradescopeVisibility };
}

export const report: CliCommand = {
  name: 'report',
  usage: 'ai-practice report [--format markdown|json|classroom50|gradescope|classroom] [--recheck] [--pack SOURCE --pack-sha256 H] [--output FILE] [--summary FILE] [--points N] [model options]',
  summary: 'grade this workspace: each exercise\'s status and score',
  details:
    'One row per checkable exercise: status, partial credit (1 for a pass; otherwise the share of buggy\n' +
    'implementations exposed, of cases or scenarios passing), attempts, hints and the last check.\n' +
    'Graders should pass --recheck: it checks every exercise whose folder exists again, since the progress\n' +
    'file is the learner\'s to edit. It runs only where learner code is confined (--allow-unconfined to\n' +
    'override), takes a zip pack freshly extracted, and with --pack-sha256 refuses a pack whose content\n' +
    'hash differs, checked again before every exercise. --output FILE writes the result to FILE: trust\n' +
    'that file, not stdout. --format classroom50 writes Classroom 50\'s result.json (identity from the\n' +
    'environment its runner sets; whole points out of --points per exercise); --format gradescope writes\n' +
    'Gradescope\'s results.json (hidden cases shown as --hidden-visibility says); --format classroom is the\n' +
    'retired GitHub Classroom\'s result. Every JSON result carries its provenance (product, pack and its\n' +
    'hash, graded files\' hashes, runtime, confinement, model). Prompt exercises need a model to re-check:\n' +
    'the model options are those of `check`. Exit code: 0 when every exercise passes, 1 otherwise.',
  options: ['workspace', 'pack', 'pack-sha256', 'format', 'recheck', 'output', 'summary', 'allow-unconfined', 'points', 'hidden-visibility', 'provider', 'base-url', 'model', 'budget', 'no-cache'],
  arguments: [],
  async run(context) {
    const options = outputOptions(context);
    const pinned = pinnedHash(context);
    const recheck = context.flags.recheck === true;
    if (recheck) await refuseUnconfined(context);
    const scratch = recheck ? await mkdtemp(path.join(tmpdir(), 'ai-practice-grade-')) : undefined;
    try {
      const practice = await openPractice(context, scratch);
      const { sha256, guard } = await packGuard(practice.pack.root, pinned);
      const grade = await gradeWorkspace(practice, {
        recheck,
        model: modelSettingsFrom(context.flags),
        beforeCheck: guard,
        packSha256: sha256,
        onRow: (row) => {
          if (!recheck) return;
          context.err(context.style.dim(row.check?.rechecked ? `checked ${row.id}: ${row.status}, ${Math.round(row.score * 100)} %` : `skipped ${row.id}: not started`));
        },
      });
      const text = rendered(options.format, grade, options);
      if (context.flags.summary) await written(context, context.flags.summary, gradeMarkdown(grade));
      if (context.flags.output) await written(context, context.flags.output, `${text}\n`);
      else context.out(text);
      return grade.rows.length > 0 && grade.rows.every((row) => row.status === 'passed') ? 0 : 1;
    } finally {
      if (scratch) await rm(scratch, { recursive: true, force: true });
    }
  },
};

/** `--pack-sha256`, checked: 64 hex digits, and only with `--pack`. */
export function pinnedHash(context: CommandContext): string | undefined {
  const pinned = context.flags['pack-sha256']?.toLowerCase();
  if (pinned !== undefined && !/^[0-9a-f]{64}$/.test(pinned)) throw new UserError(`--pack-sha256 must be 64 hex digits, not "${context.flags['pack-sha256'] ?? ''}".`, 'Copy the hash that `ai-practice pack validate DIR` prints.');
  if (pinned !== undefined && !context.flags.pack) throw new UserError('--pack-sha256 pins the pack given with --pack, and there is none.', 'Add --pack SOURCE: the pack as you, the instructor, keep it.');
  return pinned;
}

/** Grading runs learners' code: only where it is confined, unless --allow-unconfined. */
export async function refuseUnconfined(context: CommandContext): Promise<void> {
  if (context.flags['allow-unconfined']) return;
  const confinement = await confinementHere(context.distDir);
  if (!confinement.confined) {
    throw new UserError(
      `Learner code cannot be fully confined on this machine: ${confinement.missing.join('; ')}. A student's code could then reach the grader.`,
      'Grade on Linux with user namespaces enabled and Node 20 or later, or pass --allow-unconfined to grade anyway.',
    );
  }
}

/**
 * The pack's content hash (for the results' provenance) and, with a pinned hash, the guard: it
 * refuses a pack whose hash differs, now, and gives the check to run before every exercise, which
 * stops the grading if the pack changes under it.
 */
export async function packGuard(packRoot: string, pinned: string | undefined): Promise<{ sha256: string; guard: (() => Promise<void>) | undefined }> {
  const sha256 = await packContentHash(packRoot);
  if (pinned === undefined) return { sha256, guard: undefined };
  if (sha256 !== pinned) throw new UserError(`The pack's content hash is ${sha256}, not the pinned ${pinned}: this is not the pack you pinned.`, 'Grade with the pack you pinned, or pin this one if you changed it yourself.');
  const guard = async (): Promise<void> => {
    if ((await packContentHash(packRoot)) !== sha256) throw new UserError('The pack changed during grading; no result is written.', 'Grade again from a pack no one else can write to.');
  };
  return { sha256, guard };
}

export async function written(context: CommandContext, given: string, text: string): Promise<void> {
  const file = path.resolve(context.cwd, given);
  await writeFileAtomic(file, text);
  context.err(context.style.dim(`wrote ${relativeToCwd(context, file)}`));
}
