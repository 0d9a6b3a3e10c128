import * as vscode from 'vscode';
import type { PracticeSet, Reference } from '../core/practiceService';
import { activeExercise } from './checkCommands';
import { type ExerciseArgument, exerciseIdOf, pickExercise, requirePractice } from './exerciseCommands';
import { loadCore } from './lazyCore';
import type { PracticeSession } from './practiceSession';
import { showCommandError } from './userFacingError';

/** Reference files are served read-only under this scheme: the learner cannot edit the pack's files. */
export const REFERENCE_SCHEME = 'ai-practice-reference';

/** What Compare with the Reference did: the diffs it opened (reference, yours), or why it opened none. */
export type CompareOutcome = { opened: { reference: vscode.Uri; yours: vscode.Uri }[] } | { refused: 'opted-out' | 'not-passed' } | undefined;

/**
 * The reference files of passed exercises, read-only: `ai-practice-reference:/<exercise-id>/<file>`.
 * With the query `absent`, an empty document stands for a file of the reference the learner does not have.
 */
class ReferenceDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly session: PracticeSession) {}

  static uri(id: string, relative: string, absent = false): vscode.Uri {
    return vscode.Uri.from({ scheme: REFERENCE_SCHEME, path: `/${id}/${relative}`, ...(absent ? { query: 'absent' } : {}) });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    if (uri.query === 'absent') return '';
    const [, id = '', ...rest] = uri.path.split('/');
    const practice = await this.session.get();
    if (!practice) return '';
    // Asked of the core each time, so the pass rule holds for a document reopened later too.
    const file = (await practice.reference(id)).files.find((candidate) => candidate.relative === rest.join('/'));
    return file ? new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(file.reference))) : '';
  }
}

/**
 * Opens the reference of a passed exercise beside the learner's work: a diff per file (one
 * file: the diff editor; several: the multi-file changes view), the reference on the left,
 * read-only, the learner's file on the right, editable; the author's notes in a preview beside.
 */
async function compareWithReference(session: PracticeSession, argument: ExerciseArgument): Promise<CompareOutcome> {
  const practice = await requirePractice(session);
  if (!practice) return undefined;
  const id =
    exerciseIdOf(argument) ??
    (await activeExercise(session, practice))?.id ??
    (await pickExercise(practice, vscode.l10n.t('Compare which passed exercise with its reference?'), (exercise) => exercise.firstPassedAt !== undefined));
  if (!id) return undefined;
  let reference: Reference;
  try {
    reference = await practice.reference(id);
  } catch (error) {
    if (!(error instanceof loadCore().ReferenceRefused)) throw error;
    session.log.info(`Reference of ${id} refused: ${error.reason}`);
    explainRefusal(error.message, error.reason, id);
    return { refused: error.reason };
  }
  const opened = await openDiffs(practice, reference);
  if (reference.notes) await vscode.commands.executeCommand('markdown.showPreviewToSide', vscode.Uri.file(reference.notes.path));
  session.log.info(`Compared ${id} with its reference: ${reference.files.length} file(s)${reference.notes ? ', with notes' : ''}`);
  return { opened };
}

async function openDiffs(practice: PracticeSet, reference: Reference): Promise<{ reference: vscode.Uri; yours: vscode.Uri }[]> {
  const id = reference.exercise.id;
  const pairs = reference.files.map((file) => ({
    relative: file.relative,
    reference: ReferenceDocuments.uri(id, file.relative),
    yours: file.learnerExists ? vscode.Uri.file(file.learner) : ReferenceDocuments.uri(id, file.relative, true),
  }));
  const [only] = pairs;
  if (pairs.length === 1 && only) {
    await vscode.commands.executeCommand('vscode.diff', only.reference, only.yours, vscode.l10n.t('{0} (reference ↔ yours)', only.relative), { preview: false });
  } else if (pairs.length > 1) {
    await vscode.commands.executeCommand(
      'vscode.changes',
      vscode.l10n.t('{0}: the reference ↔ yours', practice.exercise(id).title),
      pairs.map((pair) => [pair.yours, pair.reference, pair.yours]),
    );
  } else {
    void vscode.window.showInformationMessage(vscode.l10n.t('The reference of "{0}" has no files to compare.', reference.exercise.title));
  }
  return pairs.map(({ reference: left, yours }) => ({ reference: left, yours }));
}

function explainRefusal(message: string, reason: 'opted-out' | 'not-passed', id: string): void {
  if (reason === 'opted-out') {
    void vscode.window.showInformationMessage(message);
    return;
  }
  const check = vscode.l10n.t('Check Exercise');
  void vscode.window
    .showInformationMessage(vscode.l10n.t('{0} Check it first.', message), check)
    .then((choice) => (choice === check ? vscode.commands.executeCommand('aiPractice.checkExercise', id) : undefined));
}

/** Compare with the Reference and its read-only documents. */
export function registerReferenceCommands(session: PracticeSession): vscode.Disposable[] {
  return [
    vscode.workspace.registerTextDocumentContentProvider(REFERENCE_SCHEME, new ReferenceDocuments(session)),
    vscode.commands.registerCommand('aiPractice.compareWithReference', async (argument: ExerciseArgument): Promise<CompareOutcome> => {
      try {
        return await compareWithReference(session, argument);
      } catch (error) {
        showCommandError(error, session.log);
        return undefined;
      }
    }),
  ];
}
