import * as vscode from 'vscode';
import { plural } from '../core/plural';
import type { PracticeSet } from '../core/practiceService';
import type { RoadmapExercise } from '../core/roadmap';
import { exerciseOfFolder, folderIdOfFile } from '../core/workspaceLayout';
import { type CheckController, explainIfRestricted } from './checkController';
import { type ExerciseArgument, exerciseIdOf, guardedCommand, pickExercise, requirePractice } from './exerciseCommands';
import type { PracticeSession } from './practiceSession';

const HINTS_SCHEME = 'ai-practice-hints';

/** The exercise of the file in the active editor, if it is in practice/<folder>/ (for a project's folder, the stage being worked on). */
export async function activeExercise(session: PracticeSession, practice: PracticeSet): Promise<RoadmapExercise | undefined> {
  const workspace = session.folder?.uri.fsPath;
  const uri = vscode.window.activeTextEditor?.document.uri;
  if (!workspace || uri?.scheme !== 'file') return undefined;
  const folder = folderIdOfFile(workspace, uri.fsPath);
  return folder === undefined ? undefined : exerciseOfFolder(await practice.roadmapExercises(), folder);
}

/** The exercise a command is about: its argument, else the active editor's, else one the user picks. */
async function chooseExercise(
  session: PracticeSession,
  practice: PracticeSet,
  argument: ExerciseArgument,
  placeHolder: string,
  filter: Parameters<typeof pickExercise>[2],
): Promise<string | undefined> {
  const given = exerciseIdOf(argument) ?? (await activeExercise(session, practice))?.id;
  if (given && practice.exercises.some((exercise) => exercise.id === given)) return given;
  return pickExercise(practice, placeHolder, filter);
}

async function checkExercise(session: PracticeSession, checks: CheckController, argument: ExerciseArgument): Promise<void> {
  if (!explainIfRestricted()) return;
  const practice = await requirePractice(session);
  if (!practice) return;
  const id = await chooseExercise(session, practice, argument, vscode.l10n.t('Choose an exercise to check'), (exercise) => exercise.checkable && exercise.status !== 'not-started');
  if (!id) return;
  const title = practice.exercise(id).title;
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Checking {0}…', title) },
    () => checks.check(id),
  );
  if (!report) return;
  const results = vscode.l10n.t('Show Results');
  const hint = vscode.l10n.t('Show Next Hint');
  const compare = vscode.l10n.t('Compare with the Reference');
  const follow = (choice: string | undefined): void => {
    if (choice === results) void vscode.commands.executeCommand('testing.showMostRecentOutput');
    if (choice === hint) void vscode.commands.executeCommand('aiPractice.showNextHint', id);
    if (choice === compare) void vscode.commands.executeCommand('aiPractice.compareWithReference', id);
  };
  // A pack may keep its references back: then there is nothing to offer.
  const passButtons = practice.exercise(id).showReference === false ? [results] : [results, compare];
  if (report.status === 'pass') void vscode.window.showInformationMessage(vscode.l10n.t('{0} passes. {1}', title, report.message), ...passButtons).then(follow);
  else if (report.status === 'fail') void vscode.window.showWarningMessage(`${title}: ${report.message}`, results, hint).then(follow);
  else void vscode.window.showErrorMessage(vscode.l10n.t('{0} could not be checked: {1}', title, report.message), results).then(follow);
}

/** Shows the revealed hints of an exercise as a read-only Markdown document. */
class HintsDocuments implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly session: PracticeSession) {}

  static uri(id: string): vscode.Uri {
    return vscode.Uri.from({ scheme: HINTS_SCHEME, path: `/${id}/Hints.md` });
  }

  refresh(id: string): void {
    this.changed.fire(HintsDocuments.uri(id));
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const id = uri.path.split('/')[1] ?? '';
    const practice = await this.session.get();
    if (!practice) return '';
    const exercise = practice.exercise(id);
    const revealed = await practice.revealedHints(id);
    const lines = [`# ${vscode.l10n.t('Hints: {0}', exercise.title)}`, ''];
    if (revealed.length === 0) lines.push(vscode.l10n.t('No hints revealed yet.'));
    revealed.forEach((hint, i) => lines.push(`${i + 1}. ${hint}`, ''));
    lines.push('', `_${vscode.l10n.t('{0} of {1} hints revealed.', revealed.length, exercise.hints.length)}_`);
    return lines.join('\n');
  }
}

/** Reveals the next hint in a notification; resolves with the notification's text. */
async function showNextHint(session: PracticeSession, documents: HintsDocuments, argument: ExerciseArgument): Promise<string | undefined> {
  const practice = await requirePractice(session);
  if (!practice) return undefined;
  const id = await chooseExercise(session, practice, argument, vscode.l10n.t('Show a hint for…'), (exercise) => exercise.status !== 'not-started');
  if (!id) return undefined;
  const exercise = practice.exercise(id);
  const result = await practice.nextHint(id);
  session.log.info(`Hint for ${id}: ${result.revealed.length} of ${result.total} revealed`);
  session.progressChanged();
  documents.refresh(id);
  const next = vscode.l10n.t('Next Hint');
  const all = vscode.l10n.t('All Hints');
  const count = result.revealed.length;
  const text = !result.revealedNew
    ? vscode.l10n.t('No more hints for {0}: you have seen its {1}.', exercise.title, plural(result.total, vscode.l10n.t('hint'), vscode.l10n.t('hints')))
    : count < result.total
      ? vscode.l10n.t('Hint {0} of {1} for {2}: {3}', count, result.total, exercise.title, result.revealed[count - 1] ?? '')
      : vscode.l10n.t('Hint {0} of {1} for {2}, the last one: {3}', count, result.total, exercise.title, result.revealed[count - 1] ?? '');
  // Not awaited: the command is done once the hint is shown; the buttons act later, if pressed.
  void vscode.window.showInformationMessage(text, ...(result.revealedNew && count < result.total ? [next, all] : [all])).then(async (choice) => {
    if (choice === next) await vscode.commands.executeCommand('aiPractice.showNextHint', id);
    if (choice === all) await showAllHints(id);
  });
  return text;
}

async function showAllHints(id: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument(HintsDocuments.uri(id));
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
}

/** Check Exercise and Show Next Hint. */
export function registerCheckCommands(session: PracticeSession, checks: CheckController): vscode.Disposable[] {
  const guarded = guardedCommand(session);
  const documents = new HintsDocuments(session);
  return [
    vscode.workspace.registerTextDocumentContentProvider(HINTS_SCHEME, documents),
    vscode.commands.registerCommand('aiPractice.checkExercise', guarded((argument) => checkExercise(session, checks, argument))),
    vscode.commands.registerCommand('aiPractice.showNextHint', guarded((argument) => showNextHint(session, documents, argument))),
  ];
}
