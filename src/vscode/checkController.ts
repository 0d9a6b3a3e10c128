import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CheckReport, CheckTest } from '../core/check/report';
import type { PracticeSet } from '../core/practiceService';
import type { RoadmapExercise } from '../core/roadmap';
import { exerciseFolder, exerciseOfFolder, folderIdOfFile, progressFile } from '../core/workspaceLayout';
import { loadCore } from './lazyCore';
import { changedSince, type ReplayedExercise, type ReplayedRun, replayRunName, reportSummary, reportTests } from './testResults';
import { explainModelUnavailable, type ModelAccess } from './modelAccess';
import type { PracticeSession } from './practiceSession';

export const TEST_CONTROLLER_ID = 'aiPractice.checks';

/**
 * Checks in the editor: every started exercise is a test in Test Explorer, and each test of
 * its last report a child. A check, run from Test Explorer, a command, the status bar or on
 * save, goes through one run handler, which reports to Test Explorer, puts located problems
 * in the Problems panel, and records the result in progress (the roadmap and status bar
 * follow). Checks run exercise code, so they run only in a trusted workspace.
 */
export class CheckController implements vscode.Disposable {
  readonly controller = vscode.tests.createTestController(TEST_CONTROLLER_ID, vscode.l10n.t('AI Practice'));
  readonly diagnostics = vscode.languages.createDiagnosticCollection('ai-practice');
  private readonly reports = new Map<string, CheckReport>();
  private readonly inFlight = new Set<string>();
  /** Per exercise, when the check whose results Test Explorer shows ran (progress's `lastCheck.at`). */
  private readonly shownAt = new Map<string, string>();
  private replayed: ReplayedRun | undefined;
  /** The refresh running now, if any: the next waits for it (inTurn). */
  private refreshing: Promise<void> = Promise.resolve();
  private readonly checked = new vscode.EventEmitter<{ id: string; running: boolean }>();
  private readonly disposables: vscode.Disposable[] = [this.controller, this.diagnostics, this.checked];

  /** Fires when a check of an exercise starts and when it ends. */
  readonly onDidCheck = this.checked.event;

  /** Check processes started ahead of the next check (core/check/warmPool.ts); made with the first check. */
  private warmPool: InstanceType<ReturnType<typeof loadCore>['WarmPool']> | undefined;

  constructor(
    private readonly session: PracticeSession,
    private readonly models: ModelAccess,
  ) {
    this.controller.createRunProfile(vscode.l10n.t('Check'), vscode.TestRunProfileKind.Run, (request, token) => this.runRequest(request, token), true);
    this.controller.refreshHandler = () => this.refreshItems();
    // Test Explorer asks for the top-level items when it is first shown; until then the core
    // stays unloaded, so activation stays cheap.
    this.controller.resolveHandler = async (item) => {
      if (!item) await this.refreshItems();
    };
    this.disposables.push(
      session.onDidChange(() => void this.refreshItems()),
      vscode.workspace.onDidSaveTextDocument((document) => this.checkOnSave(document)),
    );
    // The last checks' results, from progress, are in Test Explorer again after a reload. Only
    // in a practice workspace: elsewhere the core stays unloaded.
    const workspace = session.folder?.uri.fsPath;
    if (workspace) {
      void vscode.workspace.fs.stat(vscode.Uri.file(progressFile(workspace))).then(
        () => this.refreshItems(),
        () => undefined,
      );
    }
  }

  /** The results last replayed from progress into Test Explorer (for tests: what the TestRun was given). */
  lastReplayed(): ReplayedRun | undefined {
    return this.replayed;
  }

  /**
   * Forgets the items and results of this window and builds Test Explorer again from
   * progress, as a window reload does; resolves with what was replayed.
   */
  rebuildFromProgress(): Promise<ReplayedRun | undefined> {
    return this.inTurn(async () => {
      this.controller.items.replace([]);
      this.reports.clear();
      this.shownAt.clear();
      this.replayed = undefined;
      await this.refreshNow();
      return this.replayed;
    });
  }

  /**
   * Runs `task` once every refresh before it has ended: a refresh (a file saved, progress
   * changed) never interleaves with another, so no replay is half-claimed by one and reported
   * by the other.
   */
  private inTurn<T>(task: () => Promise<T>): Promise<T> {
    const result = this.refreshing.then(task, task);
    this.refreshing = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** The last report of `id` in this window. */
  lastReport(id: string): CheckReport | undefined {
    return this.reports.get(id);
  }

  isRunning(id: string): boolean {
    return this.inFlight.has(id);
  }

  /** One item per started exercise this version can check, in roadmap order. */
  refreshItems(): Promise<void> {
    return this.inTurn(() => this.refreshNow());
  }

  private async refreshNow(): Promise<void> {
    let practice: PracticeSet | undefined;
    try {
      practice = await this.session.get();
    } catch {
      practice = undefined; // the roadmap view reports a broken pack
    }
    if (!practice) {
      this.controller.items.replace([]);
      return;
    }
    const exercises = await practice.roadmapExercises();
    const items = exercises
      .filter((exercise) => exercise.checkable && exercise.status !== 'not-started')
      .map((exercise, index) => {
        const item = this.controller.items.get(exercise.id) ?? this.controller.createTestItem(exercise.id, exercise.title, this.mainFile(practice, exercise.id));
        item.description = exercise.kind;
        item.sortText = String(index).padStart(4, '0');
        return item;
      });
    this.controller.items.replace(items);
    await this.replayLastChecks(practice, exercises);
    // An exercise started over (reset, or all of them) has no check result, so no problems.
    const checked = new Set(exercises.filter((exercise) => exercise.lastCheck).map((exercise) => exercise.folderId));
    this.diagnostics.forEach((uri) => {
      const folder = folderIdOfFile(practice.workspace, uri.fsPath);
      if (folder !== undefined && !checked.has(folder)) this.diagnostics.delete(uri);
    });
  }

  /** The file a learner works in: the dataset, the prompt or the code. */
  private mainFile(practice: PracticeSet, id: string): vscode.Uri {
    const relative = practice.mainFile(id);
    return vscode.Uri.file(path.join(exerciseFolder(practice.workspace, practice.exercise(id).folderId), ...relative.split('/')));
  }

  /**
   * Shows, as one completed run, the last check of each listed exercise that progress records
   * and Test Explorer does not show yet: after a reload, or a check run by the CLI. Nothing is
   * run again. A check older than a file of its exercise still shows (it is the last result),
   * marked outdated, as VS Code marks results once the code changed.
   */
  private async replayLastChecks(practice: PracticeSet, exercises: readonly RoadmapExercise[]): Promise<void> {
    const due = exercises.flatMap((exercise) => {
      const item = this.controller.items.get(exercise.id);
      const last = exercise.lastCheck;
      if (!item || !last || this.inFlight.has(exercise.id) || this.shownAt.get(exercise.id) === last.at) return [];
      // Claimed at once: a refresh that comes in meanwhile does not replay it twice.
      this.shownAt.set(exercise.id, last.at);
      return [{ exercise, item, last }];
    });
    if (due.length === 0) return;
    const core = loadCore();
    const outdated = await Promise.all(due.map(({ exercise, last }) => changedSince(exerciseFolder(practice.workspace, exercise.folderId), last.at)));
    const name = replayRunName(due.map(({ last }) => last.at));
    const run = this.controller.createTestRun(new vscode.TestRunRequest(due.map(({ item }) => item)), name, true);
    const replayed: ReplayedExercise[] = [];
    try {
      due.forEach(({ exercise, item, last }, index) => {
        const recorded = core.recordedTestsOf(last);
        // No recorded tests (an older version checked): no children, rather than another check's.
        const tests = reportTests(this.controller, practice.workspace, item, recorded?.tests ?? [], run);
        const omitted = recorded?.testsOmitted ?? 0;
        const when = new Date(last.at).toLocaleString(vscode.env.language, { dateStyle: 'medium', timeStyle: 'short' });
        const lines = [
          vscode.l10n.t('The last check of {0}, at {1}, as progress recorded it: nothing was run now.', exercise.title, when),
          ...(omitted > 0 ? [vscode.l10n.t('{0} more tests are not kept in progress; check again to see them all.', omitted)] : []),
          ...(outdated[index] ? [vscode.l10n.t('A file of the exercise changed since: these results are outdated.')] : []),
          last.message,
        ];
        run.appendOutput(lines.join('\r\n') + '\r\n', undefined, item);
        const summary = reportSummary(item, last.status, last.message, run);
        replayed.push({ ...summary, at: last.at, tests, testsOmitted: omitted, outdated: outdated[index] ?? false });
        if (recorded && !outdated[index]) void this.showDiagnostics(practice, exercise.id, { tests: recorded.tests });
      });
    } finally {
      run.end();
    }
    // Outdated results stay the last results, shown as outdated (greyed) until the next check.
    const stale = due.filter((_, index) => outdated[index]).map(({ item }) => item);
    if (stale.length > 0) this.controller.invalidateTestResults(stale);
    this.replayed = { name, exercises: replayed };
    this.session.log.info(`${name}: replayed ${replayed.map((exercise) => `${exercise.id} (${exercise.status}${exercise.outdated ? ', outdated' : ''})`).join(', ')} from progress`);
  }

  /** Checks one exercise as a Test Explorer run; resolves with its report (undefined if it could not run). */
  async check(id: string, token?: vscode.CancellationToken): Promise<CheckReport | undefined> {
    if (!explainIfRestricted()) return undefined;
    await this.refreshItems();
    const item = this.controller.items.get(id);
    if (!item) {
      // Not started, or not checkable: let the core say which, in its words.
      const practice = await this.session.get();
      if (practice) await practice.check(id, { model: await this.models.settings() });
      return undefined;
    }
    await this.runRequest(new vscode.TestRunRequest([item]), token ?? new vscode.CancellationTokenSource().token);
    return this.reports.get(id);
  }

  private async runRequest(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    if (!explainIfRestricted()) return;
    const practice = await this.session.get();
    if (!practice) return;
    const excluded = new Set((request.exclude ?? []).map((item) => item.id));
    const wanted = new Set<string>();
    const requested = request.include ?? topLevelItems(this.controller.items);
    // A test inside an exercise is checked by checking its exercise.
    for (const item of requested) wanted.add(item.parent?.id ?? item.id);
    const run = this.controller.createTestRun(request);
    try {
      for (const id of wanted) {
        const item = this.controller.items.get(id);
        if (!item || excluded.has(id) || token.isCancellationRequested) continue;
        await this.checkItem(practice, item, run, token);
      }
    } finally {
      run.end();
      this.session.progressChanged();
    }
  }

  private async checkItem(practice: PracticeSet, item: vscode.TestItem, run: vscode.TestRun, token: vscode.CancellationToken): Promise<void> {
    const id = item.id;
    this.inFlight.add(id);
    this.checked.fire({ id, running: true });
    run.started(item);
    const abort = new AbortController();
    const cancel = token.onCancellationRequested(() => abort.abort());
    try {
      const result = await this.runCheck(practice, id, abort, run, item);
      if (result.warning) void vscode.window.showWarningMessage(result.warning);
      this.reports.set(id, result.report);
      this.shownAt.set(id, result.checkedAt);
      this.session.log.info(`Checked ${id}: ${result.report.status} in ${result.report.durationMs} ms (${result.report.message})`);
      this.showReport(practice, item, result.report, run);
    } catch (error) {
      const core = loadCore();
      const named = error as { name?: string; message?: string; fix?: string };
      if (error instanceof core.CheckCancelled) run.skipped(item);
      else if (error instanceof core.ModelUnavailableError) {
        run.errored(item, new vscode.TestMessage(error.message));
        explainModelUnavailable(error, () => void vscode.commands.executeCommand('aiPractice.checkExercise', id));
      } else if (named.name === 'UserError') run.errored(item, new vscode.TestMessage(`${named.message ?? ''} ${named.fix ?? ''}`.trim()));
      else {
        this.session.log.error(error instanceof Error ? error : String(error));
        run.errored(item, new vscode.TestMessage(vscode.l10n.t('The check hit an internal error: {0}', named.message ?? String(error))));
      }
    } finally {
      cancel.dispose();
      this.inFlight.delete(id);
      this.checked.fire({ id, running: false });
    }
  }

  /**
   * Runs the check; a prompt check, which calls a model, shows what it is doing and may cost
   * (calls, the bound on dollars) in a cancellable notification while it runs.
   */
  private async runCheck(practice: PracticeSet, id: string, abort: AbortController, run: vscode.TestRun, item: vscode.TestItem): ReturnType<PracticeSet['check']> {
    const model = await this.models.settings();
    const exercise = practice.exercise(id);
    const core = loadCore();
    this.warmPool ??= new core.WarmPool();
    if (exercise.kind !== 'prompt-debugging') return practice.check(id, { signal: abort.signal, model, warm: this.warmPool });
    core.validateModelSettings(model); // no model, no progress notification: say why at once
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking “{0}”', exercise.title), cancellable: true },
      (progress, token) => {
        token.onCancellationRequested(() => abort.abort());
        let total = 0;
        return practice.check(id, {
          signal: abort.signal,
          model,
          onProgress: (event) => {
            if (event.type === 'estimate') {
              total = event.calls;
              const line = event.live
                ? vscode.l10n.t('Asking {0}: up to {1} calls, {2} already stored{3}', event.model, event.calls, event.stored, event.maxCostUsd === null ? '' : vscode.l10n.t('; at most {0} (budget {1})', core.formatDollars(event.maxCostUsd), core.formatDollars(event.budgetUsd)))
                : vscode.l10n.t('Replaying recorded answers for {0} calls', event.calls);
              run.appendOutput(`${line}\r\n`, undefined, item);
              this.session.log.info(`${id}: ${line}`);
              progress.report({ message: line });
            } else progress.report({ message: vscode.l10n.t('{0} of {1} samples judged', event.done, event.total), increment: total > 0 ? 100 / total : 0 });
          },
        });
      },
    );
  }

  private showReport(practice: PracticeSet, item: vscode.TestItem, report: CheckReport, run: vscode.TestRun): void {
    reportTests(this.controller, practice.workspace, item, report.tests, run);
    run.appendOutput(loadCore().renderReport(report).replace(/\r?\n/g, '\r\n') + '\r\n', undefined, item);
    // A failing check that behaves like a known mistake says which, with the author's mentor note.
    reportSummary(item, report.status, report.resembles?.length ? `${report.message}\n\n${loadCore().renderResemblance(report.resembles)}` : report.message, run, report.durationMs);
    void this.showDiagnostics(practice, item.id, report);
  }

  /** Located failures go to the Problems panel; the exercise's previous ones are cleared. */
  private async showDiagnostics(practice: PracticeSet, id: string, report: { tests: readonly Pick<CheckTest, 'name' | 'status' | 'message' | 'location'>[]; advice?: CheckReport['advice'] }): Promise<void> {
    const { folderId } = practice.exercise(id);
    const folder = exerciseFolder(practice.workspace, folderId);
    this.diagnostics.forEach((uri) => {
      if (folderIdOfFile(practice.workspace, uri.fsPath) === folderId) this.diagnostics.delete(uri);
    });
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const test of report.tests) {
      if (test.status === 'pass' || !test.location) continue;
      const file = path.join(practice.workspace, ...test.location.file.split('/'));
      if (!file.startsWith(folder)) continue;
      const line = test.location.line - 1;
      const start = (test.location.column ?? 1) - 1;
      const lineLength = await lineLengthOf(file, line);
      const range = new vscode.Range(line, Math.min(start, lineLength), line, Math.max(lineLength, start + 1));
      const diagnostic = new vscode.Diagnostic(range, `${test.name}: ${test.message ?? ''}`.trim(), vscode.DiagnosticSeverity.Error);
      diagnostic.source = 'AI Practice';
      byFile.set(file, [...(byFile.get(file) ?? []), diagnostic]);
    }
    // The offline review's advice never decides the result: it shows as information.
    for (const advice of report.advice ?? []) {
      if (!advice.location) continue;
      const file = path.join(practice.workspace, ...advice.location.file.split('/'));
      const line = advice.location.line - 1;
      const diagnostic = new vscode.Diagnostic(new vscode.Range(line, 0, line, await lineLengthOf(file, line)), advice.message, vscode.DiagnosticSeverity.Information);
      diagnostic.source = 'AI Practice review';
      diagnostic.code = advice.rule;
      byFile.set(file, [...(byFile.get(file) ?? []), diagnostic]);
    }
    for (const [file, list] of byFile) this.diagnostics.set(vscode.Uri.file(file), list);
  }

  private checkOnSave(document: vscode.TextDocument): void {
    if (!vscode.workspace.getConfiguration('aiPractice').get<boolean>('checkOnSave', false)) return;
    if (!vscode.workspace.isTrusted || document.uri.scheme !== 'file') return;
    const workspace = this.session.folder?.uri.fsPath;
    const folder = workspace ? folderIdOfFile(workspace, document.uri.fsPath) : undefined;
    if (folder === undefined) return;
    void this.session
      .get()
      .then(async (practice) => {
        const id = practice ? exerciseOfFolder(await practice.roadmapExercises(), folder)?.id : undefined;
        if (!id || this.inFlight.has(id) || !this.controller.items.get(id)) return;
        await this.check(id);
      })
      .catch((error: unknown) => this.session.log.warn(`Check on save: ${String(error)}`));
  }

  dispose(): void {
    // Kills the processes started ahead (and any check still running in one of them).
    void this.warmPool?.dispose();
    this.warmPool = undefined;
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/** False (after saying why) when this window is in Restricted Mode. */
export function explainIfRestricted(): boolean {
  if (vscode.workspace.isTrusted) return true;
  const manage = vscode.l10n.t('Manage Workspace Trust');
  void vscode.window
    .showWarningMessage(
      vscode.l10n.t('Checks run the exercise\'s code, so they are disabled in Restricted Mode. Trust this folder to check your work; the roadmap, instructions and hints work without it.'),
      manage,
    )
    .then((choice) => (choice === manage ? vscode.commands.executeCommand('workbench.trust.manage') : undefined));
  return false;
}

function topLevelItems(collection: vscode.TestItemCollection): vscode.TestItem[] {
  const items: vscode.TestItem[] = [];
  collection.forEach((item) => items.push(item));
  return items;
}

async function lineLengthOf(file: string, line: number): Promise<number> {
  try {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(file)));
    return text.split(/\r?\n/)[line]?.length ?? 0;
  } catch {
    return 0;
  }
}
