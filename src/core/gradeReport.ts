import { existsSync } from 'node:fs';
import type { CheckReport } from './check/report';
import type { ModelSettings } from './model/modelSettings';
import type { Practice } from './practiceService';
import type { RoadmapExercise } from './roadmap';
import { UserError } from './userError';
import { exerciseFolder } from './workspaceLayout';

/** One graded exercise: where the learner stands and the credit earned. */
export interface GradeRow {
  id: string;
  title: string;
  kind: string;
  /** not-started, in-progress, passed, failed; `error` when a re-check could not run. */
  status: RoadmapExercise['status'] | 'error';
  /** Partial credit, 0 to 1. */
  score: number;
  attempts: number;
  hintsUsed: number;
  firstPassedAt?: string | undefined;
  /** The check this row is graded on: run now (`--recheck`) or the last one in progress. */
  check?: { status: CheckReport['status']; at: string; message: string; rechecked: boolean } | undefined;
}

export interface GradeReport {
  pack: { id: string; title: string; version: string };
  generatedAt: string;
  rechecked: boolean;
  rows: GradeRow[];
  /** Sum of the rows' scores, out of the number of rows. */
  score: number;
  maxScore: number;
}

/**
 * The grade of a workspace: every checkable exercise of the pack, with its status and
 * partial credit. With `recheck`, every exercise whose folder exists is checked again now,
 * because a progress file is the learner's to edit and a grader must not trust it.
 */
export async function gradeWorkspace(
  practice: Practice,
  options: {
    recheck: boolean;
    model?: ModelSettings | undefined;
    onRow?: ((row: GradeRow) => void) | undefined;
    clock?: () => Date;
    /** Runs before each recheck; throws to stop the grading (a pack that changed, say). */
    beforeCheck?: (() => Promise<void>) | undefined;
  },
): Promise<GradeReport> {
  const { roadmap } = await practice.roadmap();
  const exercises = roadmap.areas.flatMap((area) => area.skills.flatMap((skill) => skill.exercises)).filter((exercise) => exercise.checkable);
  const rows: GradeRow[] = [];
  for (const exercise of exercises) {
    if (options.recheck) await options.beforeCheck?.();
    const row = options.recheck ? await recheck(practice, exercise, options.model) : fromProgress(exercise);
    rows.push(row);
    options.onRow?.(row);
  }
  const { manifest } = practice.pack;
  return {
    pack: { id: manifest.id, title: manifest.title, version: manifest.version },
    generatedAt: (options.clock ?? (() => new Date()))().toISOString(),
    rechecked: options.recheck,
    rows,
    score: rows.reduce((sum, row) => sum + row.score, 0),
    maxScore: rows.length,
  };
}

function base(exercise: RoadmapExercise): GradeRow {
  return {
    id: exercise.id,
    title: exercise.title,
    kind: exercise.kind,
    status: exercise.status,
    score: 0,
    attempts: exercise.attempts,
    hintsUsed: exercise.hintsUsed,
  };
}

function fromProgress(exercise: RoadmapExercise): GradeRow {
  const last = exercise.lastCheck;
  const row = base(exercise);
  if (!last) return row;
  return {
    ...row,
    score: last.status === 'pass' ? 1 : (last.score ?? 0),
    check: { status: last.status, at: last.at, message: last.message, rechecked: false },
  };
}

async function recheck(practice: Practice, exercise: RoadmapExercise, model: ModelSettings | undefined): Promise<GradeRow> {
  const row = base(exercise);
  if (!existsSync(exerciseFolder(practice.workspace, exercise.id))) return { ...row, status: 'not-started' };
  try {
    const { report } = await practice.check(exercise.id, model ? { model } : {});
    const status = report.status === 'pass' ? 'passed' : report.status === 'fail' ? 'failed' : 'error';
    const progress = exercise.attempts + (report.status === 'error' ? 0 : 1);
    return {
      ...row,
      status,
      score: report.score ?? 0,
      attempts: progress,
      check: { status: report.status, at: new Date().toISOString(), message: report.message, rechecked: true },
    };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { ...row, status: 'error', check: { status: 'error', at: new Date().toISOString(), message: error.describe().replace('\n', ' '), rechecked: true } };
  }
}

/** A Markdown table, for a pull request comment or a job summary. */
export function gradeMarkdown(report: GradeReport): string {
  const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [
    `## ${cell(report.pack.title)} v${report.pack.version}`,
    '',
    `**Score: ${report.score.toFixed(2)} / ${report.maxScore}**${report.rechecked ? ' (every started exercise checked again)' : ' (from the progress file; use --recheck to check again)'}`,
    '',
    '| Exercise | Kind | Status | Score | Attempts | Hints | Last check |',
    '| --- | --- | --- | ---: | ---: | ---: | --- |',
    ...report.rows.map(
      (row) =>
        `| ${cell(row.title)} (\`${row.id}\`) | ${row.kind} | ${row.status} | ${Math.round(row.score * 100)} % | ${row.attempts} | ${row.hintsUsed} | ${row.check ? cell(row.check.message) : '–'} |`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * GitHub Classroom's autograding result (the shape its grading reporter reads, base64-encoded,
 * from `<RUNNER>_RESULTS`): one test per exercise, scored out of `points`.
 */
export function gradeClassroom(report: GradeReport, points: number): Record<string, unknown> {
  const tests = report.rows.map((row) => ({
    name: `${row.title} (${row.id})`,
    status: row.status === 'passed' ? 'pass' : row.status === 'error' ? 'error' : 'fail',
    score: Math.round(row.score * points * 100) / 100,
    max_score: points,
    message: row.check ? row.check.message : 'not started',
  }));
  const status = tests.some((test) => test.status === 'error') ? 'error' : tests.every((test) => test.status === 'pass') ? 'pass' : 'fail';
  return { version: 1, status, max_score: points * tests.length, tests };
}
