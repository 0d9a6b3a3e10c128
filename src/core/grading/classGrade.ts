import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../atomicFile';
import { type GradeReport, gradeWorkspace } from '../gradeReport';
import type { ModelSettings } from '../model/modelSettings';
import { runPool } from '../pool';
import { type AnswerStore, Practice } from '../practiceService';
import type { RunSpending } from './spending';
import { UserError } from '../userError';

/**
 * A class graded in one run: every student's workspace checked again (each check confined, as
 * `report --recheck` does), a few students at a time, each result written as soon as it is
 * made, so that a run stopped half-way picks up where it stopped.
 */

export interface Student {
  /** Their folder's name, or the name the list gives: what the results are filed under. */
  name: string;
  workspace: string;
}

/**
 * The students a source names: a folder of workspaces (each sub-folder a student, hidden ones
 * left out), or a text file listing workspace paths, one a line (`#` starts a comment; a path is
 * relative to the file). Names must be unique: they name the result files.
 */
export async function studentsFrom(source: string): Promise<Student[]> {
  const stat = await fs.stat(source).catch(() => undefined);
  if (!stat) throw new UserError(`${source} does not exist.`, 'Give a folder of student workspaces, or a file listing them, one a line.');
  let students: Student[];
  if (stat.isDirectory()) {
    const entries = await fs.readdir(source, { withFileTypes: true });
    students = entries
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
      .map((entry) => ({ name: entry.name, workspace: path.join(source, entry.name) }))
      .sort((a, b) => a.name.localeCompare(b.name));
  } else {
    const lines = (await fs.readFile(source, 'utf8')).split(/\r?\n/);
    students = [];
    for (const [index, line] of lines.entries()) {
      const text = line.replace(/#.*/, '').trim();
      if (text === '') continue;
      const workspace = path.resolve(path.dirname(source), text);
      if (!(await fs.stat(workspace).catch(() => undefined))?.isDirectory()) {
        throw new UserError(`${source}:${index + 1}: ${text} is not a folder.`, 'List one student workspace folder a line.');
      }
      students.push({ name: path.basename(workspace), workspace });
    }
  }
  if (students.length === 0) throw new UserError(`${source} names no student workspace.`, 'Give a folder with one sub-folder per student, or a file listing their folders.');
  const seen = new Map<string, string>();
  for (const student of students) {
    const before = seen.get(student.name);
    if (before) throw new UserError(`Two students are both named "${student.name}": ${before} and ${student.workspace}.`, 'Give each workspace folder a name of its own; it names the student\'s results.');
    seen.set(student.name, student.workspace);
  }
  return students;
}

/** One student's outcome: their grade, or why they could not be graded. */
export type StudentOutcome = { student: Student; grade: GradeReport; resumed: boolean } | { student: Student; problem: string; resumed: false };

export interface ClassGradeOptions {
  packDir: string;
  outDir: string;
  /** Students graded at once (default: 2, the cores a small machine has). */
  jobs?: number;
  model?: ModelSettings | undefined;
  /** Grade again even where a result is already written. */
  force?: boolean;
  /** Runs before each check; throws to stop (a pack that changed). */
  beforeCheck?: (() => Promise<void>) | undefined;
  /** The pack's content hash, hashed once for the class. */
  packSha256?: string | undefined;
  /** Limits on what live model calls may cost, per student and for the run. */
  spending?: RunSpending | undefined;
  /** Writes a student's result in the chosen format beside the JSON one; returns its file name. */
  render?: (grade: GradeReport, student: Student) => { file: string; text: string } | undefined;
  onStudent?: (outcome: StudentOutcome, done: number, of: number) => void;
}

/** Where a student's JSON result goes. */
export function resultFile(outDir: string, student: Student): string {
  return path.join(outDir, 'students', `${student.name}.json`);
}

/** Where a student's model answers are recorded, so that grading them again replays the same answers. */
export function recordingsDir(outDir: string, studentName: string): string {
  return path.join(outDir, 'recordings', studentName);
}

/**
 * The grader's own store of model answers for a student: a cache shared by the class (the
 * same request, the same answer, paid for once) and the student's recordings. Nothing in the
 * student's workspace answers for the model.
 */
export function judgeAnswers(outDir: string, studentName: string, model: ModelSettings | undefined): (exerciseId: string) => AnswerStore {
  return (exerciseId) => ({
    ...(model?.cache === false ? {} : { cacheDir: path.join(outDir, 'cache', 'model') }),
    recordingDirs: [recordingsDir(outDir, studentName)],
    recordTo: path.join(recordingsDir(outDir, studentName), `${exerciseId}.json`),
  });
}

/** A live model's answers are recorded as they come; replay records nothing new. */
function gradingModel(model: ModelSettings | undefined): ModelSettings | undefined {
  return model && model.provider !== 'replay' ? { ...model, record: true } : model;
}

/** What grading the class would ask of a live model: calls, those already answered, and the most they may cost (null: the price is not known). */
export async function estimateClass(students: readonly Student[], options: ClassGradeOptions): Promise<{ students: number; calls: number; stored: number; maxCostUsd: number | null }> {
  const total = { students: 0, calls: 0, stored: 0, maxCostUsd: 0 as number | null };
  for (const student of students) {
    if (!options.force && (await keptResult(options.outDir, student))) continue;
    // A workspace too broken to open or estimate is graded as such; the estimate leaves it out.
    const practice = await Practice.open({ packDir: options.packDir, workspace: student.workspace }).catch(unlessUserError);
    if (!practice) continue;
    const answers = judgeAnswers(options.outDir, student.name, options.model);
    let asked = false;
    for (const exercise of practice.pack.exercises) {
      const estimate = await practice.estimate(exercise.id, { model: options.model, answers: answers(exercise.id) }).catch(unlessUserError);
      if (!estimate || estimate.calls === 0) continue;
      asked = true;
      total.calls += estimate.calls;
      total.stored += estimate.stored;
      total.maxCostUsd = total.maxCostUsd === null || estimate.maxCostUsd === null ? null : total.maxCostUsd + estimate.maxCostUsd;
    }
    if (asked) total.students++;
  }
  return total;
}

/** A UserError (a workspace's own problem) becomes undefined; anything else is a bug, thrown on. */
function unlessUserError(error: unknown): undefined {
  if (error instanceof UserError) return undefined;
  throw error;
}

async function keptResult(outDir: string, student: Student): Promise<GradeReport | undefined> {
  const kept = await fs.readFile(resultFile(outDir, student), 'utf8').then((text) => JSON.parse(text) as GradeReport, () => undefined);
  return kept?.rows ? kept : undefined;
}

/** Grades every student, `jobs` at a time; a student already graded (its result written) is read back, unless `force`. */
export async function gradeClass(students: readonly Student[], options: ClassGradeOptions): Promise<StudentOutcome[]> {
  await fs.mkdir(path.join(options.outDir, 'students'), { recursive: true });
  const outcomes = new Map<Student, StudentOutcome>();
  await runPool(students, options.jobs ?? 2, async (student) => {
    const outcome = await gradeOne(student, options);
    outcomes.set(student, outcome);
    options.onStudent?.(outcome, outcomes.size, students.length);
  });
  return students.map((student) => outcomes.get(student) as StudentOutcome);
}

async function gradeOne(student: Student, options: ClassGradeOptions): Promise<StudentOutcome> {
  const file = resultFile(options.outDir, student);
  if (!options.force) {
    const kept = await keptResult(options.outDir, student);
    if (kept) return { student, grade: kept, resumed: true };
  }
  try {
    const practice = await Practice.open({ packDir: options.packDir, workspace: student.workspace });
    const grade = await gradeWorkspace(practice, {
      recheck: true,
      model: gradingModel(options.model),
      beforeCheck: options.beforeCheck,
      packSha256: options.packSha256,
      answers: judgeAnswers(options.outDir, student.name, options.model),
      spending: options.spending?.forStudent(),
    });
    // A check a spending limit stopped is not a grade: nothing is written, and the next run grades the student again.
    const stopped = grade.rows.find((row) => row.check?.stoppedBySpending);
    const limit = stopped?.check?.stoppedBySpending;
    if (stopped && limit) return { student, problem: `${stopped.id} was not checked in full: ${limit.message}; ${limit.fix}.`, resumed: false };
    const rendered = options.render?.(grade, student);
    if (rendered) await writeFileAtomic(path.join(options.outDir, 'students', rendered.file), rendered.text);
    // The JSON last: its presence says the student is done.
    await writeFileAtomic(file, `${JSON.stringify(grade, null, 2)}\n`);
    return { student, grade, resumed: false };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { student, problem: error.describe().replace(/\n/g, ' '), resumed: false };
  }
}

const SUMMARY_COLUMNS = ['student', 'exercise', 'status', 'score', 'attempts', 'hints_used', 'first_passed_at', 'cost_usd'] as const;

/** Dollars a row's check spent on a live model (null: its price was not known), or undefined when it asked none live. */
function rowCost(row: GradeReport['rows'][number]): number | null | undefined {
  const model = row.check?.model;
  return model && model.provider !== 'replay' ? model.costUsd : undefined;
}

/** A cost for the CSV: to the micro-dollar, or empty when there is none to say. */
function dollarsCell(cost: number | null | undefined): number | string {
  return typeof cost === 'number' ? Math.round(cost * 1e6) / 1e6 : '';
}

/** Dollars a grade's checks spent on a live model (null: some price was not known), or undefined when none asked one live. */
export function gradeCost(grade: GradeReport): number | null | undefined {
  const costs = grade.rows.flatMap((row) => {
    const cost = rowCost(row);
    return cost === undefined ? [] : [cost];
  });
  if (costs.length === 0) return undefined;
  return costs.some((cost) => cost === null) ? null : costs.reduce<number>((sum, cost) => sum + (cost ?? 0), 0);
}

/** The class summary: one row per student and exercise (a student who could not be graded: one row saying why). */
export function classSummary(outcomes: readonly StudentOutcome[]): { rows: Record<(typeof SUMMARY_COLUMNS)[number], string | number>[]; csv: string } {
  type Row = Record<(typeof SUMMARY_COLUMNS)[number], string | number>;
  const rows = outcomes.flatMap((outcome): Row[] =>
    'problem' in outcome
      ? [{ student: outcome.student.name, exercise: '', status: `not graded: ${outcome.problem}`, score: 0, attempts: 0, hints_used: 0, first_passed_at: '', cost_usd: '' }]
      : outcome.grade.rows.map((row): Row => ({
          student: outcome.student.name,
          exercise: row.id,
          status: row.status,
          score: Math.round(row.score * 1000) / 1000,
          attempts: row.attempts,
          hints_used: row.hintsUsed,
          first_passed_at: row.firstPassedAt ?? '',
          cost_usd: dollarsCell(rowCost(row)),
        })),
  );
  const cell = (value: string | number): string => {
    const text = String(value);
    // Quoted when needed, and a leading = + - @ defused so a spreadsheet does not run it.
    const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
    return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const csv = [SUMMARY_COLUMNS.join(','), ...rows.map((row) => SUMMARY_COLUMNS.map((column) => cell(row[column])).join(','))].join('\n');
  return { rows, csv: `${csv}\n` };
}
