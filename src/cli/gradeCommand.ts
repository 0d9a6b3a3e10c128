import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from '../core/atomicFile';
import { classSummary, gradeClass, type StudentOutcome, studentsFrom } from '../core/grading/classGrade';
import { classReportData, classReportHtml } from '../core/grading/classReport';
import { UserError } from '../core/userError';
import { type CliCommand, modelSettingsFrom, packDirOf, relativeToCwd } from './commandSupport';
import { outputOptions, packGuard, pinnedHash, refuseUnconfined, rendered } from './reportCommand';

/** A progress line: a bar, the count, and the time left at the pace so far. */
function progressLine(done: number, of: number, startedAt: number, now: number): string {
  const width = 20;
  const filled = Math.round((done / of) * width);
  const elapsed = (now - startedAt) / 1000;
  const left = done === 0 ? undefined : (elapsed / done) * (of - done);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${of} students${left === undefined || done === of ? '' : ` · about ${formatSeconds(left)} left`}`;
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

function describeOutcome(outcome: StudentOutcome): string {
  if ('problem' in outcome) return `${outcome.student.name}: not graded: ${outcome.problem}`;
  const passed = outcome.grade.rows.filter((row) => row.status === 'passed').length;
  return `${outcome.student.name}: ${passed}/${outcome.grade.rows.length} passed, score ${outcome.grade.score.toFixed(2)}${outcome.resumed ? ' (kept from an earlier run)' : ''}`;
}

export const grade: CliCommand = {
  name: 'grade',
  usage: 'ai-practice grade <FOLDER|LIST> --pack SOURCE [--pack-sha256 H] --out DIR [--format F] [--jobs N] [--force] [model options]',
  summary: 'grade a whole class: every student workspace checked again, a summary for the class',
  details:
    'FOLDER holds one workspace per student (each sub-folder, named after the student); LIST is a text\n' +
    'file naming workspace folders, one a line. Every student is checked again as `report --recheck` does\n' +
    '(confined; --allow-unconfined to override), --jobs at a time (default: the cores), against the pack\n' +
    'given with --pack (pinned with --pack-sha256, checked again before every exercise). Each student\'s\n' +
    'result goes to DIR/students/NAME.json (and in --format classroom50, gradescope or markdown beside\n' +
    'it) as soon as it is made; a run stopped half-way picks up where it stopped (--force grades everyone\n' +
    'again). DIR/class.csv and DIR/class.json sum the class up: student × exercise → status, score,\n' +
    'attempts, hints used, first pass; DIR/class.html shows it (charts and a sortable table; opens\n' +
    'offline). Exit code: 0 when every student was graded, 1 otherwise.',
  options: ['pack', 'pack-sha256', 'out', 'format', 'points', 'hidden-visibility', 'jobs', 'force', 'allow-unconfined', 'provider', 'base-url', 'model', 'budget', 'no-cache'],
  arguments: ['FOLDER|LIST'],
  async run(context) {
    const source = context.positionals[0];
    if (!source) throw new UserError('Which students? Give a folder of their workspaces, or a file listing them.', 'For example: ai-practice grade submissions/ --pack my-course --out grades/');
    if (!context.flags.out) throw new UserError('Where should the results go? --out DIR is required.', 'For example --out grades/ (it is created; results already there are kept and reused).');
    if (!context.flags.pack) throw new UserError('Grade with your own pack: --pack SOURCE is required.', 'Add --pack SOURCE (a folder, .zip or git URL you control), and pin it with --pack-sha256.');
    if (context.flags.format === 'classroom50' || context.flags.format === 'classroom') {
      throw new UserError(`--format ${context.flags.format} results are made per submission, by the platform's own runner.`, 'Grade the class with --format json, markdown or gradescope; docs/instructors.md shows the per-submission recipes.');
    }
    const options = outputOptions(context);
    const jobs = context.flags.jobs === undefined ? availableParallelism() : Number(context.flags.jobs);
    if (!Number.isInteger(jobs) || jobs < 1) throw new UserError(`--jobs must be a whole number of at least 1, not "${context.flags.jobs}".`, 'For example --jobs 2.');
    const pinned = pinnedHash(context);
    await refuseUnconfined(context);
    const students = await studentsFrom(path.resolve(context.cwd, source));
    const outDir = path.resolve(context.cwd, context.flags.out);
    const scratch = await mkdtemp(path.join(tmpdir(), 'ai-practice-grade-'));
    try {
      const packDir = await packDirOf(context, scratch);
      const guard = await packGuard(packDir, pinned);
      const startedAt = Date.now();
      const live = process.stderr.isTTY === true;
      context.err(context.style.dim(`Grading ${students.length} students, ${Math.min(jobs, students.length)} at a time, into ${relativeToCwd(context, outDir)}`));
      const outcomes = await gradeClass(students, {
        packDir,
        outDir,
        jobs,
        model: modelSettingsFrom(context.flags),
        force: context.flags.force === true,
        beforeCheck: guard,
        render: options.format === 'json' ? undefined : (result, student) => ({ file: `${student.name}.${options.format === 'markdown' ? 'md' : `${options.format}.json`}`, text: `${rendered(options.format, result, options)}\n` }),
        onStudent: (outcome, done, of) => {
          const line = progressLine(done, of, startedAt, Date.now());
          if (live) process.stderr.write(`\r\x1b[2K${line}${done === of ? '\n' : ''}`);
          else context.err(`${line} · ${describeOutcome(outcome)}`);
        },
      });
      const summary = classSummary(outcomes);
      const script = await readFile(path.join(context.distDir, 'report', 'classReport.js'), 'utf8');
      await writeFileAtomic(path.join(outDir, 'class.html'), classReportHtml(classReportData(outcomes), script));
      await writeFileAtomic(path.join(outDir, 'class.csv'), summary.csv);
      await writeFileAtomic(path.join(outDir, 'class.json'), `${JSON.stringify({ students: outcomes.map(studentEntry), rows: summary.rows }, null, 2)}\n`);
      for (const outcome of outcomes) context.out(describeOutcome(outcome));
      context.err(context.style.dim(`wrote ${relativeToCwd(context, path.join(outDir, 'class.html'))}, class.csv and class.json`));
      return outcomes.every((outcome) => !('problem' in outcome)) ? 0 : 1;
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  },
};

function studentEntry(outcome: StudentOutcome): Record<string, unknown> {
  if ('problem' in outcome) return { student: outcome.student.name, graded: false, problem: outcome.problem };
  return { student: outcome.student.name, graded: true, score: outcome.grade.score, maxScore: outcome.grade.maxScore, resumed: outcome.resumed };
}
