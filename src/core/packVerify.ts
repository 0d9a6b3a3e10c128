import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCheck } from './check/checkEngine';
import { isCheckable } from './check/kinds/registry';
import type { CheckReport } from './check/report';
import { stageTestPrefix } from './check/stagedCheck';
import type { ModelSettings } from './model/modelSettings';
import type { LoadedPack, PackExercise } from './packLoader';
import type { VerifiedExercise } from './packFingerprints';
import { scaffoldExercise } from './scaffold';
import { exerciseFolder } from './workspaceLayout';
import { type RequirementMatrix, requirementMatrix, unprovenBreaks, type WrongRun } from './requirements/matrix';

/** One solution of one exercise, checked, against what the check should say about it. */
export interface VerifyRow {
  exercise: string;
  kind: string;
  /** `reference`, `starter`, or the known-wrong folder's name. */
  solution: string;
  expected: 'pass' | 'fail';
  /** What the check said; `skipped` when this version cannot check the kind. */
  got: CheckReport['status'] | 'skipped';
  ok: boolean;
  /** Why the row is not ok, in a sentence; absent when it is. */
  problem?: string;
  message: string;
  durationMs: number;
  report?: CheckReport;
}

export interface VerifyResult {
  ok: boolean;
  rows: VerifyRow[];
  /** One per checked exercise that declares requirements. */
  requirements: RequirementMatrix[];
  /** Per checked exercise: its starter's and known-wrongs' reports, for their fingerprints (packFingerprints.ts). */
  verified: VerifiedExercise[];
}

/** Prompt checks verify offline, from the pack's recordings. */
const REPLAY: ModelSettings = { provider: 'replay', model: 'recorded', budgetUsd: 1, cache: false, record: false };

/**
 * Checks that a pack's checks are honest: for every exercise, the reference solution passes,
 * the starter fails, and every known-wrong solution fails with a message that says why. Each
 * solution is laid over a fresh copy of the starter in a temporary workspace, exactly as a
 * learner's files would be, and checked by the same engine learners use.
 */
export async function verifyPack(
  pack: LoadedPack,
  options: { runnerScript: string; only?: readonly string[]; onRow?: (row: VerifyRow) => void },
): Promise<VerifyResult> {
  const rows: VerifyRow[] = [];
  const matrices: RequirementMatrix[] = [];
  const verified: VerifiedExercise[] = [];
  const add = (row: VerifyRow): void => {
    rows.push(row);
    options.onRow?.(row);
  };
  for (const exercise of pack.exercises) {
    if (options.only && !options.only.includes(exercise.id)) continue;
    if (!isCheckable(exercise.kind)) {
      add({ exercise: exercise.id, kind: exercise.kind, solution: '(all)', expected: 'pass', got: 'skipped', ok: true, message: `this version cannot check ${exercise.kind} exercises yet`, durationMs: 0 });
      continue;
    }
    const reference = await verifyOne(exercise, { name: 'reference', dir: exercise.solutionDir, expected: 'pass' }, options.runnerScript);
    add(reference);
    const starter = await verifyOne(exercise, { name: 'starter', dir: undefined, expected: 'fail' }, options.runnerScript);
    add(starter);
    const wrongs: WrongRun[] = [];
    const known: VerifiedExercise['knownWrong'] = [];
    const firstRow = rows.length - 2;
    for (const wrong of exercise.knownWrongDirs) {
      const name = path.basename(wrong.path);
      const row = await verifyOne(exercise, { name, dir: wrong.path, expected: 'fail' }, options.runnerScript);
      const run = { name, breaks: wrong.breaks, report: ownTests(exercise, row.report) };
      const unproven = row.ok ? unprovenBreaks(run) : [];
      add(unproven.length === 0 ? row : { ...row, ok: false, problem: `it fails, but not because of ${unproven.join(', ')}: no failing test is traced to ${unproven.length === 1 ? 'it' : 'them'}` });
      wrongs.push(run);
      known.push({ dir: wrong.dir, report: row.report });
    }
    verified.push({ exercise, starter: starter.report, knownWrong: known, ok: rows.slice(firstRow).every((row) => row.ok) });
    if (exercise.requirements.length > 0) matrices.push(requirementMatrix(exercise.id, exercise.requirements, [ownTests(exercise, reference.report), ownTests(exercise, starter.report)], wrongs));
  }
  return { ok: rows.every((row) => row.ok) && matrices.every((matrix) => matrix.gaps.length === 0), rows, requirements: matrices, verified };
}

/**
 * The tests a matrix traces: an exercise's own. A project's stage is checked with every stage
 * before it, its tests named "stage N · …" (stagedCheck.ts); its requirements name its own tests
 * as its check names them, and the stages before it trace theirs in their own matrices.
 */
export function ownTests(exercise: Pick<PackExercise, 'stage'>, report: CheckReport | undefined): CheckReport | undefined {
  const number = exercise.stage?.number;
  if (report === undefined || number === undefined) return report;
  const prefix = stageTestPrefix(number);
  return { ...report, tests: report.tests.filter((test) => test.name.startsWith(prefix)).map((test) => ({ ...test, name: test.name.slice(prefix.length) })) };
}

async function verifyOne(exercise: PackExercise, solution: { name: string; dir: string | undefined; expected: 'pass' | 'fail' }, runnerScript: string): Promise<VerifyRow> {
  const report = await checkLaidOver(exercise, solution.dir, runnerScript);
  const base = { exercise: exercise.id, kind: exercise.kind, solution: solution.name, expected: solution.expected, got: report.status, message: report.message, durationMs: report.durationMs, report };
  if (report.status !== solution.expected) {
    const problem =
      report.status === 'error'
        ? `the check could not run: ${report.message}`
        : solution.expected === 'pass'
          ? 'the reference solution does not pass'
          : `the ${solution.name === 'starter' ? 'starter' : 'known-wrong solution'} passes: the check does not catch it`;
    return { ...base, ok: false, problem };
  }
  if (solution.expected === 'fail' && !report.tests.some((test) => test.status === 'fail' && (test.message ?? '').trim() !== '')) {
    return { ...base, ok: false, problem: 'it fails, but no failing test says why' };
  }
  return { ...base, ok: true };
}

/**
 * Checks `dir`'s files laid over a fresh scaffold of the starter in a temporary workspace, as
 * a learner's would be, then `replace`'s (path relative to the exercise folder → content):
 * mutation testing (mutate/mutationRun.ts) lays one mutated file so.
 */
export async function checkLaidOver(exercise: PackExercise, dir: string | undefined, runnerScript: string, replace: ReadonlyMap<string, string> = new Map(), model: ModelSettings = REPLAY): Promise<CheckReport> {
  const workspace = await fs.mkdtemp(path.join(tmpdir(), 'ai-practice-verify-'));
  try {
    const folder = exerciseFolder(workspace, exercise.folderId);
    // A project's stage starts from what the stages before it built: their starters, each
    // overlaid with its reference, in order.
    for (const earlier of exercise.stage?.earlier ?? []) {
      await scaffoldExercise(earlier, workspace);
      await layOver(folder, earlier.solutionDir);
    }
    await scaffoldExercise(exercise, workspace);
    if (dir) await layOver(folder, dir);
    for (const [file, content] of replace) await fs.writeFile(path.join(folder, ...file.split('/')), content);
    return await runCheck(exercise, workspace, { runnerScript, model });
  } finally {
    await fs.rm(workspace, { recursive: true, force: true });
  }
}

/** Copies every file of `dir` into `folder`, replacing what is there. */
async function layOver(folder: string, dir: string): Promise<void> {
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const from = path.join(entry.parentPath, entry.name);
    const to = path.join(folder, path.relative(dir, from));
    await fs.mkdir(path.dirname(to), { recursive: true });
    await fs.copyFile(from, to);
  }
}
