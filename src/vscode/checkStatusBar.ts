import * as vscode from 'vscode';
import { activeExercise } from './checkCommands';
import type { CheckController } from './checkController';
import type { PracticeSession } from './practiceSession';

/**
 * A status bar item for the exercise of the active editor: its last check result, and a
 * click checks it again. The `aiPractice.inCheckableExercise` context key drives the
 * editor's title-bar Check button.
 */
export function registerCheckStatusBar(session: PracticeSession, checks: CheckController): vscode.Disposable[] {
  const item = vscode.window.createStatusBarItem('aiPractice.check', vscode.StatusBarAlignment.Left, 50);
  item.name = vscode.l10n.t('AI Practice Check');
  let generation = 0;
  /** The exercise the item's command checks. */
  let commandFor: string | undefined;

  const update = async (): Promise<void> => {
    const mine = ++generation;
    const practice = vscode.window.activeTextEditor ? await session.get().catch(() => undefined) : undefined;
    const exercise = practice ? await activeExercise(session, practice) : undefined;
    if (mine !== generation) return; // a newer update is under way
    const checkable = Boolean(exercise?.checkable && exercise.status !== 'not-started');
    void vscode.commands.executeCommand('setContext', 'aiPractice.inCheckableExercise', checkable);
    if (!exercise || !checkable) {
      item.hide();
      return;
    }
    const last = exercise.lastCheck;
    if (checks.isRunning(exercise.id)) {
      item.text = `$(sync~spin) ${vscode.l10n.t('Checking…')}`;
    } else if (!last) {
      item.text = `$(beaker) ${vscode.l10n.t('Check')}`;
    } else if (last.status === 'pass') {
      item.text = `$(pass-filled) ${vscode.l10n.t('Passed')}`;
    } else if (last.status === 'fail') {
      item.text = `$(error) ${vscode.l10n.t('{0} failing', last.failed)}`;
    } else {
      item.text = `$(warning) ${vscode.l10n.t('Check error')}`;
    }
    const tooltip = new vscode.MarkdownString(`**${exercise.title}**\n\n`);
    if (last) tooltip.appendText(`${vscode.l10n.t('Last check:')} ${last.message}\n\n`);
    tooltip.appendMarkdown(vscode.l10n.t('Click to check your work.'));
    item.tooltip = tooltip;
    // Set only when the exercise changes: each new command object replaces the one VS Code holds,
    // and a click that arrives in between (the item refreshes on every progress change) is lost.
    if (commandFor !== exercise.id) {
      item.command = { command: 'aiPractice.checkExercise', title: vscode.l10n.t('Check Exercise'), arguments: [exercise.id] };
      commandFor = exercise.id;
    }
    item.show();
  };
  const refresh = (): void => void update().catch((error: unknown) => session.log.warn(`Status bar: ${String(error)}`));
  refresh();
  return [
    item,
    vscode.window.onDidChangeActiveTextEditor(refresh),
    session.onDidChange(refresh),
    checks.onDidCheck(refresh),
  ];
}
