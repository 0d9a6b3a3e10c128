import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from '../core/atomicFile';
import { classSummary, estimateClass, gradeClass, gradeCost, judgeAnswers, type StudentOutcome, studentsFrom } from '../core/grading/classGrade';
import { classReportData, classReportHtml } from '../core/grading/classReport';
import { classSimilarity } from '../core/grading/similarity';
import { verifyGrade } from '../core/grading/verifyGrade';
import { loadPack } from '../core/packLoader';
import type { GradeReport } from '../core/gradeReport';
import { UserError } from '../core/userError';
import { asksModel } from '../core/check/kinds/registry';
import { RunSpending, type SpendingLimits } from '../core/grading/spending';
import { describeModel, type ModelSettings, validateModelSettings } from '../core/model/modelSettings';
import { formatDollars } from '../core/model/prices';
import { type CliCommand, type CommandContext, dollarsFlag, modelSettingsFrom, openPractice, packDirOf, relativeToCwd } from './commandSupport';
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
  const cost = gradeCost(outcome.grade);
  const spent = cost === undefined ? '' : cost === null ? ', model cost unknown' : `, ${formatDollars(cost)} on the model`;
  return `${outcome.student.name}: ${passed}/${outcome.grade.rows.length} passed, score ${outcome.grade.score.toFixed(2)}${spent}${outcome.resumed ? ' (kept from an earlier run)' : ''}`;
}

/** "Live model …: 432 calls for 12 students (36 answered already), at most $1.84 …", and the limits. */
function describeEstimate(estimate: Awaited<ReturnType<typeof estimateClass>>, model: ModelSettings, limits: SpendingLimits): string {
  if (estimate.calls === 0) return `Live model ${describeModel(model)}: no prompt check to run (no student to grade has started one).`;
  const toPay = estimate.calls - estimate.stored;
  const bound = estimate.maxCostUsd === null ? 'at a price this version does not know' : `at most ${formatDollars(estimate.maxCostUsd)} (every answer as long as max_tokens allows; most are far shorter)`;
  const lines = [
    `Live model ${describeModel(model)}: up to ${estimate.calls} calls for ${estimate.students} ${estimate.students === 1 ? 'student' : 'students'}` +
      `${estimate.stored > 0 ? `, ${estimate.stored} answered already (cache or recordings)` : ''}; ${toPay === 0 ? 'nothing to pay' : bound}.`,
    `Limits: ${formatDollars(model.budgetUsd)} a check (--budget)` +
      `${limits.studentUsd === undefined ? '' : `, ${formatDollars(limits.studentUsd)} a student (--student-budget)`}` +
      `${limits.runUsd === undefined ? '' : `, ${formatDollars(limits.runUsd)} for the run (--run-budget)`}.`,
  ];
  return lines.join('\n');
}

export const grade: CliCommand = {
  name: 'grade',
  usage: 'ai-practice grade <FOLDER|LIST> --pack SOURCE [--pack-sha256 H] --out DIR [--format F] [--jobs N] [--force] [model options]\n       ai-practice grade --verify RESULT --pack SOURCE [--workspace DIR]',
  summary: 'grade a whole class: every student workspace checked again, a summary for the class',
  details:
    'FOLDER holds one workspace per student (each sub-folder, named after the student); LIST is a text\n' +
    'file naming workspace folders, one a line. Every student is checked again as `report --recheck` does\n' +
    '(confined; --allow-unconfined to override), --jobs at a time (default: the cores), against the pack\n' +
    'given with --pack (pinned with --pack-sha256, checked again before every exercise). Each student\'s\n' +
    'result goes to DIR/students/NAME.json (and in --format classroom50, gradescope or markdown beside\n' +
    'it) as soon as it is made; a run stopped half-way picks up where it stopped (--force grades everyone\n' +
    'again). DIR/class.csv and DIR/class.json sum the class up: student × exercise → status, score,\n' +
    'attempts, hints used, first pass, and the pairs of similar submissions (winnowing; a lead, not a\n' +
    'verdict); DIR/class.html shows it all (charts and sortable tables; opens offline). Exit code: 0\n' +
    'when every student was graded, 1 otherwise.\n' +
    'Prompt checks ask the model given (--provider; replay answers from the pack\'s recordings only). A live\n' +
    'run says first what it may cost (--estimate: only that), spends at most --budget a check,\n' +
    '--student-budget a student and --run-budget in all, and records each student\'s answers in\n' +
    'DIR/recordings/NAME/, so grading again with --provider replay (or --verify) replays the same answers.\n' +
    'A student a limit stopped is not graded (nothing written): raise it and run again.\n' +
    '--verify RESULT takes one student\'s JSON result (DIR/students/NAME.json, or `report --recheck --format\n' +
    'json`) and says whether it still holds for the workspace (--workspace, default: here): the same pack\n' +
    'by content hash, the same graded files by hash, the same verdict and score graded again now. Exit\n' +
    'code: 0 when it holds, 1 with each difference otherwise.',
  options: ['pack', 'pack-sha256', 'out', 'format', 'points', 'hidden-visibility', 'jobs', 'force', 'verify', 'workspace', 'allow-unconfined', 'provider', 'base-url', 'model', 'budget', 'student-budget', 'run-budget', 'estimate', 'no-cache'],
  arguments: ['FOLDER|LIST?'],
  async run(context) {
    if (context.flags.verify) return verify(context, context.flags.verify);
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
    const model = modelSettingsFrom(context.flags);
    const limits = { studentUsd: dollarsFlag(context.flags, 'student-budget'), runUsd: dollarsFlag(context.flags, 'run-budget') };
    await refuseUnconfined(context);
    const students = await studentsFrom(path.resolve(context.cwd, source));
    const outDir = path.resolve(context.cwd, context.flags.out);
    const scratch = await mkdtemp(path.join(tmpdir(), 'ai-practice-grade-'));
    try {
      const packDir = await packDirOf(context, scratch);
      const { sha256, guard } = await packGuard(packDir, pinned);
      const pack = await loadPack(packDir);
      const spending = new RunSpending(limits);
      const plan = { packDir, outDir, model, force: context.flags.force === true };
      if (model.provider !== 'replay' && pack.exercises.some((exercise) => asksModel(exercise.kind))) {
        const estimate = await estimateClass(students, plan);
        context.err(describeEstimate(estimate, model, limits));
        if (estimate.calls > estimate.stored && !context.flags.estimate) validateModelSettings(model); // no key: say so before grading anyone
        if (estimate.maxCostUsd === null && (limits.studentUsd !== undefined || limits.runUsd !== undefined)) {
          throw new UserError(`The price of ${model.model} is not known, so --student-budget and --run-budget cannot be held.`, 'Grade with a model the price table knows (e.g. claude-haiku-4-5), or without those limits.');
        }
      }
      if (context.flags.estimate) return 0;
      const startedAt = Date.now();
      const live = process.stderr.isTTY === true;
      context.err(context.style.dim(`Grading ${students.length} students, ${Math.min(jobs, students.length)} at a time, into ${relativeToCwd(context, outDir)}`));
      const outcomes = await gradeClass(students, {
        ...plan,
        jobs,
        spending,
        beforeCheck: guard,
        packSha256: sha256,
        render: options.format === 'json' ? undefined : (result, student) => ({ file: `${student.name}.${options.format === 'markdown' ? 'md' : `${options.format}.json`}`, text: `${rendered(options.format, result, options)}\n` }),
        onStudent: (outcome, done, of) => {
          const line = progressLine(done, of, startedAt, Date.now());
          if (live) process.stderr.write(`\r\x1b[2K${line}${done === of ? '\n' : ''}`);
          else context.err(`${line} · ${describeOutcome(outcome)}`);
        },
      });
      const summary = classSummary(outcomes);
      const similar = await classSimilarity(outcomes, pack);
      const script = await readFile(path.join(context.distDir, 'report', 'classReport.js'), 'utf8');
      await writeFileAtomic(path.join(outDir, 'class.html'), classReportHtml(classReportData(outcomes, similar), script));
      await writeFileAtomic(path.join(outDir, 'class.csv'), summary.csv);
      await writeFileAtomic(path.join(outDir, 'class.json'), `${JSON.stringify({ students: outcomes.map(studentEntry), rows: summary.rows, similar }, null, 2)}\n`);
      if (similar.length > 0) context.err(context.style.yellow(`${similar.length} similar ${similar.length === 1 ? 'pair' : 'pairs'} of submissions to read (class.html; a lead, not a verdict).`));
      for (const outcome of outcomes) context.out(describeOutcome(outcome));
      if (spending.spentUsd > 0) context.err(context.style.dim(`spent ${formatDollars(spending.spentUsd)} on the model in this run; dollars per student are in class.csv (cost_usd)`));
      context.err(context.style.dim(`wrote ${relativeToCwd(context, path.join(outDir, 'class.html'))}, class.csv and class.json`));
      return outcomes.every((outcome) => !('problem' in outcome)) ? 0 : 1;
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  },
};

/** `grade --verify RESULT`: re-grades the workspace and says whether the result still holds. */
async function verify(context: CommandContext, resultFile: string): Promise<number> {
  const file = path.resolve(context.cwd, resultFile);
  let result: GradeReport;
  try {
    result = JSON.parse(await readFile(file, 'utf8')) as GradeReport;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`Cannot read ${relativeToCwd(context, file)}${code === 'ENOENT' ? ': there is no such file' : code ? `: ${code}` : ': it is not JSON'}.`, 'Give a student\'s JSON result: grades/students/NAME.json, or what `report --recheck --format json` wrote.');
  }
  if (!Array.isArray(result?.rows)) throw new UserError(`${relativeToCwd(context, file)} is not a graded result: it has no "rows".`, 'Give a student\'s JSON result: grades/students/NAME.json.');
  await refuseUnconfined(context);
  const scratch = await mkdtemp(path.join(tmpdir(), 'ai-practice-verify-'));
  try {
    const practice = await openPractice(context, scratch);
    const model = modelSettingsFrom(context.flags);
    // A result graded by `grade` has the student's model answers recorded beside it: replayed, they give the same answers.
    const studentsDir = path.dirname(file);
    const answers = path.basename(studentsDir) === 'students' ? judgeAnswers(path.dirname(studentsDir), path.basename(file, '.json'), model) : undefined;
    const { differences } = await verifyGrade(result, practice, { model, answers });
    if (differences.length === 0) {
      context.out(context.style.green(`The result holds: the same pack, the same graded files, and the same verdict on all ${result.rows.length} exercises, graded again now.`));
      return 0;
    }
    context.out(context.style.red(`The result does not hold (${differences.length} ${differences.length === 1 ? 'difference' : 'differences'}):`));
    for (const difference of differences) context.out(`  ${difference}`);
    return 1;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function studentEntry(outcome: StudentOutcome): Record<string, unknown> {
  if ('problem' in outcome) return { student: outcome.student.name, graded: false, problem: outcome.problem };
  return { student: outcome.student.name, graded: true, score: outcome.grade.score, maxScore: outcome.grade.maxScore, resumed: outcome.resumed };
}
