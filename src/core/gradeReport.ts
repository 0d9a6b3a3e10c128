import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { asksModel } from './check/kinds/registry';
import type { CheckReport, CheckTest } from './check/report';
import { regularFilesIn } from './folderFiles';
import type { ModelSettings } from './model/modelSettings';
import { packContentHash } from './packHash';
import { PRODUCT_VERSION } from './productVersion';
import type { AnswerStore, Practice } from './practiceService';
import type { StudentSpending } from './grading/spending';
import { type RoadmapExercise, roadmapExercisesOf } from './roadmap';
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
  check?:
    | {
        status: CheckReport['status'];
        at: string;
        message: string;
        rechecked: boolean;
        /** A re-check's tests: name, status, the failure's message and the requirements each checks. */
        tests?: Pick<CheckTest, 'name' | 'status' | 'message' | 'requirements'>[];
        /** A re-check of code: whether the learner's code ran confined. */
        confined?: boolean;
        /** A re-check that asked a model: which, where its answers came from, and what it cost now (null: the price is not known). */
        model?: { provider: string; model: string; sources: string[]; calls?: number; fromCache?: number; costUsd?: number | null };
        /** A re-check a spending limit stopped (or kept from starting): which limit, and how to raise it. */
        stoppedBySpending?: { message: string; fix: string };
      }
    | undefined;
  /** A re-check's graded files, relative to the workspace, each with its SHA-256. */
  files?: Record<string, string>;
}

/** What a graded result was made from and how, so that it can be trusted and re-made. */
export interface GradeProvenance {
  product: { name: string; version: string };
  pack: { id: string; version: string; sha256: string };
  runtime: { node: string; platform: string };
  /** Every re-check of code ran confined; false when one did not, undefined when none ran code. */
  confined?: boolean;
}

export interface GradeReport {
  pack: { id: string; title: string; version: string };
  generatedAt: string;
  rechecked: boolean;
  rows: GradeRow[];
  /** Sum of the rows' scores, out of the number of rows. */
  score: number;
  maxScore: number;
  provenance?: GradeProvenance;
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
    /** The pack's content hash, when the caller has it already; otherwise it is computed. */
    packSha256?: string | undefined;
    /**
     * The judge's own store of model answers for an exercise (default: none but the pack's
     * recordings): never the workspace's cache or recordings, which the student could write.
     */
    answers?: ((exerciseId: string) => AnswerStore) | undefined;
    /** This student's purse, when live model calls are limited per student or per run. */
    spending?: StudentSpending | undefined;
  },
): Promise<GradeReport> {
  const { roadmap } = await practice.roadmap();
  const exercises = roadmapExercisesOf(roadmap).filter((exercise) => exercise.checkable);
  const rows: GradeRow[] = [];
  for (const exercise of exercises) {
    if (options.recheck) await options.beforeCheck?.();
    const row = options.recheck ? await recheck(practice, exercise, options) : fromProgress(exercise);
    rows.push(row);
    options.onRow?.(row);
  }
  const { manifest } = practice.pack;
  const confinedRows = rows.flatMap((row) => (row.check?.confined === undefined ? [] : [row.check.confined]));
  return {
    pack: { id: manifest.id, title: manifest.title, version: manifest.version },
    generatedAt: (options.clock ?? (() => new Date()))().toISOString(),
    rechecked: options.recheck,
    rows,
    score: rows.reduce((sum, row) => sum + row.score, 0),
    maxScore: rows.length,
    provenance: {
      product: { name: 'ai-engineering-practice', version: PRODUCT_VERSION },
      pack: { id: manifest.id, version: manifest.version, sha256: options.packSha256 ?? (await packContentHash(practice.pack.root)) },
      runtime: { node: process.version, platform: `${process.platform}-${process.arch}` },
      ...(confinedRows.length > 0 ? { confined: confinedRows.every(Boolean) } : {}),
    },
  };
}

/** Each regular file of an exercise folder, relative to the workspace, with its SHA-256. */
async function fileHashes(workspace: string, folder: string): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  const prefix = path.relative(workspace, folder).split(path.sep).join('/');
  for (const file of await regularFilesIn(folder).catch(() => [])) {
    hashes[`${prefix}/${file}`] = createHash('sha256').update(await fs.readFile(path.join(folder, ...file.split('/')))).digest('hex');
  }
  return hashes;
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
    ...(exercise.firstPassedAt ? { firstPassedAt: exercise.firstPassedAt } : {}),
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

async function recheck(
  practice: Practice,
  exercise: RoadmapExercise,
  options: { model?: ModelSettings | undefined; answers?: ((exerciseId: string) => AnswerStore) | undefined; spending?: StudentSpending | undefined },
): Promise<GradeRow> {
  const row = base(exercise);
  if (!existsSync(exerciseFolder(practice.workspace, exercise.folderId))) return { ...row, status: 'not-started' };
  const answers = options.answers?.(exercise.id) ?? { recordingDirs: [] };
  const model = options.model;
  // A limit on spending applies to the checks that may spend: those that ask a live model.
  const limited = options.spending && model && model.provider !== 'replay' && asksModel(exercise.kind);
  const allowance = limited ? options.spending?.reserve(model.budgetUsd) : undefined;
  const notGraded = (stoppedBySpending: { message: string; fix: string }, message: string): GradeRow => ({
    ...row,
    status: 'error',
    check: { status: 'error', at: new Date().toISOString(), message, rechecked: true, stoppedBySpending },
  });
  if (allowance && options.spending && model && allowance.usd <= 0) {
    const limit = options.spending.describeLimit(allowance, model.budgetUsd);
    return notGraded(limit, `Not checked: ${limit.message}.`);
  }
  let spent = 0;
  try {
    const files = await fileHashes(practice.workspace, exerciseFolder(practice.workspace, exercise.folderId));
    const checkModel = model && allowance ? { ...model, budgetUsd: allowance.usd } : model;
    const { report } = await practice.check(exercise.id, { ...(checkModel ? { model: checkModel } : {}), answers });
    spent = report.usage?.costUsd ?? 0;
    if (report.usage?.stoppedAtBudget && options.spending && model && allowance) {
      const limit = options.spending.describeLimit(allowance, model.budgetUsd);
      return notGraded(limit, `Stopped: ${limit.message}. ${report.message}`);
    }
    const status = report.status === 'pass' ? 'passed' : report.status === 'fail' ? 'failed' : 'error';
    const progress = exercise.attempts + (report.status === 'error' ? 0 : 1);
    const tests = report.tests.map(({ name, status: result, message, requirements }) => ({ name, status: result, ...(message === undefined ? {} : { message }), ...(requirements ? { requirements } : {}) }));
    const usage = report.usage;
    return {
      ...row,
      status,
      score: report.score ?? 0,
      attempts: progress,
      check: {
        status: report.status,
        at: new Date().toISOString(),
        message: report.message,
        rechecked: true,
        tests,
        ...(report.confined === undefined ? {} : { confined: report.confined }),
        ...(usage
          ? {
              model: {
                provider: usage.provider,
                model: usage.model,
                sources: usage.sources,
                calls: usage.calls,
                fromCache: usage.fromCache,
                costUsd: usage.costUsd,
              },
            }
          : {}),
      },
      files,
    };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { ...row, status: 'error', check: { status: 'error', at: new Date().toISOString(), message: error.describe().replace('\n', ' '), rechecked: true } };
  } finally {
    if (allowance && allowance.usd > 0) options.spending?.settle(allowance, spent);
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
