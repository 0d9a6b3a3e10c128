import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { regularFilesIn } from '../core/folderFiles';
import type { RecordedTest } from '../core/lastResults';
import type { CheckStatus } from '../core/check/report';

/** A test's result as it was given to a TestRun: what Test Explorer shows of it. */
export interface ShownResult {
  id: string;
  status: CheckStatus;
  /** The message of a failure or an error. */
  message?: string;
}

/** An exercise's last check as it was replayed into Test Explorer. */
export interface ReplayedExercise extends ShownResult {
  /** When the check ran (ISO time, from progress). */
  at: string;
  tests: ShownResult[];
  /** Tests of the check progress did not keep (it keeps a bounded number). */
  testsOmitted: number;
  /** A file of the exercise was saved after the check: the results are shown as outdated. */
  outdated: boolean;
}

/** A run that replayed recorded results: its name and what it reported. */
export interface ReplayedRun {
  name: string;
  exercises: ReplayedExercise[];
}

/**
 * Reports `tests` (a live report's, or the ones progress recorded) as the children of `item`
 * in `run`; returns what was reported.
 */
export function reportTests(controller: vscode.TestController, workspace: string, item: vscode.TestItem, tests: readonly RecordedTest[], run: vscode.TestRun): ShownResult[] {
  const children = tests.map((test) => {
    const location = locationOf(workspace, test);
    const child = controller.createTestItem(`${item.id}::${test.name}`, test.name, location?.uri);
    if (location) child.range = new vscode.Range(location.range.start, location.range.start);
    // The exercise's requirements it checks: shown beside it, and a tag to filter by (@ai-practice:<id>).
    if (test.requirements?.length) {
      child.description = vscode.l10n.t('checks {0}', test.requirements.join(', '));
      child.tags = test.requirements.map((id) => new vscode.TestTag(id));
    }
    return { child, test, location };
  });
  item.children.replace(children.map(({ child }) => child));
  return children.map(({ child, test, location }): ShownResult => {
    if (test.status === 'pass') {
      run.passed(child);
      return { id: child.id, status: 'pass' };
    }
    const text = test.message ?? test.name;
    const message = test.expected !== undefined && test.actual !== undefined ? vscode.TestMessage.diff(text, test.expected, test.actual) : new vscode.TestMessage(text);
    if (location) message.location = location;
    if (test.status === 'fail') run.failed(child, message);
    else run.errored(child, message);
    return { id: child.id, status: test.status, message: text };
  });
}

/** The exercise's own result: passed, or failed or errored with the check's one-line message. */
export function reportSummary(item: vscode.TestItem, status: CheckStatus, message: string, run: vscode.TestRun, durationMs?: number): ShownResult {
  if (status === 'pass') run.passed(item, durationMs);
  else if (status === 'fail') run.failed(item, new vscode.TestMessage(message), durationMs);
  else run.errored(item, new vscode.TestMessage(message), durationMs);
  return { id: item.id, status, ...(status === 'pass' ? {} : { message }) };
}

function locationOf(workspace: string, test: RecordedTest): vscode.Location | undefined {
  return test.location
    ? new vscode.Location(vscode.Uri.file(path.join(workspace, ...test.location.file.split('/'))), new vscode.Position(test.location.line - 1, (test.location.column ?? 1) - 1))
    : undefined;
}

/** The name of a run that replays checks done at `times` (ISO): "Last check, <time>". */
export function replayRunName(times: readonly string[]): string {
  const sorted = [...times].sort();
  const format = (time: string): string => new Date(time).toLocaleString(vscode.env.language, { dateStyle: 'medium', timeStyle: 'short' });
  const first = sorted[0] ?? '';
  const last = sorted[sorted.length - 1] ?? '';
  return format(first) === format(last) ? vscode.l10n.t('Last check, {0}', format(last)) : vscode.l10n.t('Last checks, {0} to {1}', format(first), format(last));
}

/** Whether a file in `folder` was changed after `at` (ISO): the check's results no longer describe the files. */
export async function changedSince(folder: string, at: string): Promise<boolean> {
  const checked = Date.parse(at);
  if (Number.isNaN(checked)) return false;
  let files: string[];
  try {
    files = await regularFilesIn(folder);
  } catch {
    return false; // the folder is gone: the roadmap says so
  }
  for (const file of files) {
    const modified = await fs.stat(path.join(folder, file)).then(
      (stat) => stat.mtimeMs,
      () => 0,
    );
    if (modified > checked) return true;
  }
  return false;
}
