import * as path from 'node:path';
import * as vscode from 'vscode';
import { nextExercise, type NextChoice } from '../core/nextExercise';
import { exerciseFolder } from '../core/workspaceLayout';
import { requirePractice } from './exerciseCommands';
import type { PracticeSession } from './practiceSession';
import { showCommandError } from './userFacingError';

/** What Continue Practising did: the exercise it opened, or that every exercise has passed (tests read it). */
export type ContinueResult = { exercise: string } | { allPassed: true } | undefined;

/**
 * Continue Practising: the next exercise to practise (as `ai-practice next` chooses it) is
 * started as Start Exercise starts one (nothing overwritten, its instructions opened), with the
 * file to work in beside them. When every exercise has passed, it says so.
 */
async function continuePractising(session: PracticeSession): Promise<ContinueResult> {
  const practice = await requirePractice(session);
  if (!practice) return undefined;
  const { roadmaps, warning } = await practice.roadmaps();
  if (warning) void vscode.window.showWarningMessage(warning);
  const choices = roadmaps.map(nextExercise).filter((choice): choice is Extract<NextChoice, { kind: 'exercise' }> => choice.kind === 'exercise');
  // Of several packs: finish what is under way in any of them before opening something new.
  const choice = choices.find((candidate) => candidate.reason === 'in-progress') ?? choices[0];
  if (!choice) {
    const passed = roadmaps.reduce((sum, roadmap) => sum + roadmap.passed, 0);
    void vscode.window.showInformationMessage(vscode.l10n.t('Every exercise has passed ({0} of {0}). Well done!', passed));
    return { allPassed: true };
  }
  const { id } = choice.exercise;
  await vscode.commands.executeCommand('aiPractice.startExercise', id);
  const exercise = practice.exercise(id);
  const mainFile = vscode.Uri.file(path.join(exerciseFolder(practice.workspace, exercise.folderId), practice.mainFile(id)));
  try {
    await vscode.workspace.fs.stat(mainFile);
    await vscode.window.showTextDocument(mainFile, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  } catch (error) {
    // Start said why it could not scaffold; the instructions are what matters most.
    session.log.warn(`Continue Practising: could not open ${mainFile.fsPath}: ${(error as Error).message}`);
  }
  session.log.info(`Continue Practising: ${id} (${choice.reason})`);
  return { exercise: id };
}

export function registerContinuePractising(session: PracticeSession): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('aiPractice.continuePractising', async (): Promise<ContinueResult> => {
      try {
        return await continuePractising(session);
      } catch (error) {
        showCommandError(error, session.log);
        return undefined;
      }
    }),
  ];
}
