import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PracticeSet } from '../core/practiceService';
import type { RoadmapExercise } from '../core/roadmap';
import { exerciseFolder } from '../core/workspaceLayout';
import type { PracticeSession } from './practiceSession';
import { type RoadmapNode, type RoadmapProvider, STATUS_ICON } from './roadmapView';
import { showCommandError } from './userFacingError';

/** A command gets an exercise id (command links, tests), a tree node (menus), or nothing (palette). */
export type ExerciseArgument = string | RoadmapNode | undefined;

export function exerciseIdOf(argument: ExerciseArgument): string | undefined {
  if (typeof argument === 'string') return argument;
  if (argument?.type === 'exercise') return argument.exercise.id;
  return undefined;
}

/** The practice for this window; with no folder open, says so and offers to open one. */
export async function requirePractice(session: PracticeSession): Promise<PracticeSet | undefined> {
  const practice = await session.get();
  if (practice) return practice;
  const openFolder = vscode.l10n.t('Open Folder');
  void vscode.window
    .showErrorMessage(vscode.l10n.t('Exercises are scaffolded into a workspace folder, and no folder is open.'), openFolder)
    .then((choice) => (choice === openFolder ? vscode.commands.executeCommand('vscode.openFolder') : undefined));
  return undefined;
}

export async function pickExercise(
  practice: PracticeSet,
  placeHolder: string,
  filter: (exercise: RoadmapExercise) => boolean = () => true,
): Promise<string | undefined> {
  const { roadmaps } = await practice.roadmaps();
  const items: (vscode.QuickPickItem & { id?: string })[] = [];
  // A project's stages are not under their skills (roadmap.ts): they follow, grouped by project.
  const groups = [...roadmaps.flatMap((roadmap) => roadmap.areas.flatMap((area) => area.skills)), ...roadmaps.flatMap((roadmap) => roadmap.projects.map((project) => ({ title: project.title, exercises: project.stages })))];
  for (const skill of groups) {
    const exercises = skill.exercises.filter(filter);
    if (exercises.length === 0) continue;
    items.push({ label: skill.title, kind: vscode.QuickPickItemKind.Separator });
    for (const exercise of exercises) {
      items.push({
        id: exercise.id,
        label: `$(${STATUS_ICON[exercise.status].id}) ${exercise.title}`,
        detail: `${exercise.summary} · ${exercise.difficulty}, ${vscode.l10n.t('{0} min', exercise.minutes)} · ${exercise.id}`,
      });
    }
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('There is no exercise to choose here yet.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, { placeHolder, matchOnDetail: true });
  return picked?.id;
}

async function showInstructions(file: string): Promise<void> {
  await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.file(file));
}

async function startExercise(session: PracticeSession, argument: ExerciseArgument): Promise<void> {
  const practice = await requirePractice(session);
  if (!practice) return;
  const id = exerciseIdOf(argument) ?? (await pickExercise(practice, vscode.l10n.t('Choose an exercise to start')));
  if (!id) return;
  const result = await practice.start(id);
  session.log.info(`Started ${id}: created ${result.created.length}, unchanged ${result.unchanged.length}, kept ${result.kept.length}`);
  if (result.warning) void vscode.window.showWarningMessage(result.warning);
  session.progressChanged();
  await showInstructions(result.instructions);
  const folder = path.relative(practice.workspace, result.folder);
  if (result.kept.length > 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Your changes were kept: {0} in {1} were left exactly as they were. Use Reset Exercise to start over.',
        result.kept.join(', '),
        folder,
      ),
    );
  } else if (!result.firstStart && result.created.length > 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Restored missing files in {0}: {1}', folder, result.created.join(', ')));
  } else {
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Scaffolded {0} into {1}', result.exercise.title, folder), 5000);
  }
}

async function openInstructions(session: PracticeSession, argument: ExerciseArgument): Promise<void> {
  const practice = await requirePractice(session);
  if (!practice) return;
  const id = exerciseIdOf(argument) ?? (await pickExercise(practice, vscode.l10n.t('Open the instructions of…')));
  if (!id) return;
  const exercise = practice.exercise(id);
  const scaffolded = vscode.Uri.file(path.join(exerciseFolder(practice.workspace, exercise.folderId), path.basename(exercise.instructionsPath)));
  try {
    await vscode.workspace.fs.stat(scaffolded);
    await showInstructions(scaffolded.fsPath);
  } catch {
    // Not started yet: preview the pack's copy, which the learner cannot edit by accident.
    await showInstructions(exercise.instructionsPath);
  }
}

async function resetExercise(session: PracticeSession, argument: ExerciseArgument): Promise<void> {
  const practice = await requirePractice(session);
  if (!practice) return;
  const id = exerciseIdOf(argument) ?? (await pickExercise(practice, vscode.l10n.t('Choose an exercise to reset'), (exercise) => exercise.status !== 'not-started'));
  if (!id) return;
  const exercise = practice.exercise(id);
  const plan = await practice.planReset(id);
  const changed = plan.files.filter((file) => file.changed).length;
  const reset = vscode.l10n.t('Reset');
  const detail =
    plan.files.length === 0
      ? vscode.l10n.t('The starter files will be laid down again and its progress starts over.')
      : plan.files.length === 1
        ? vscode.l10n.t('Its 1 file ({0} changed by you) will be moved to .ai-practice/backups/, the starter files laid down again, and its progress starts over.', changed)
        : vscode.l10n.t(
            '{0} files ({1} changed by you) will be moved to .ai-practice/backups/, the starter files laid down again, and its progress starts over.',
            plan.files.length,
            changed,
          );
  const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Reset "{0}"?', exercise.title), { modal: true, detail }, reset);
  if (choice !== reset) return;
  const result = await practice.reset(id);
  session.log.info(`Reset ${id}; previous files in ${result.backup ?? '(none)'}`);
  session.progressChanged();
  await showInstructions(result.start.instructions);
  if (result.backup) {
    const reveal = vscode.l10n.t('Show Backup');
    const backup = result.backup;
    void vscode.window
      .showInformationMessage(vscode.l10n.t('"{0}" starts over. Your previous files are in {1}.', exercise.title, path.relative(practice.workspace, backup)), reveal)
      .then((picked) => (picked === reveal ? vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(backup)) : undefined));
  }
}

/** Starts every exercise of every pack over, after asking; files and progress go to backups. */
async function resetAllProgress(session: PracticeSession): Promise<void> {
  const practice = await requirePractice(session);
  if (!practice) return;
  const plans = await practice.planResetAll();
  const exercises = plans.flatMap(({ plan }) => plan.exercises);
  if (exercises.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No exercise has been started yet, so there is no progress to reset.'));
    return;
  }
  const passed = exercises.filter((exercise) => exercise.status === 'passed').length;
  const folders = exercises.filter((exercise) => exercise.hasFolder).length;
  const resetAll = vscode.l10n.t('Reset All');
  const detail = vscode.l10n.t(
    'Started: {0} ({1} passed). Their progress is cleared; their folders in practice/ ({2}) and a copy of progress.json move to .ai-practice/backups/. Nothing is deleted.',
    exercises.length,
    passed,
    folders,
  );
  const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Start every exercise over?'), { modal: true, detail }, resetAll);
  if (choice !== resetAll) return;
  const results = await practice.resetAll();
  for (const result of results) session.log.info(`Reset all of ${result.exercises.join(', ')}; previous files and progress in ${result.backup}`);
  session.progressChanged();
  await closeEditorsUnder(results.flatMap((result) => result.exercises.map((id) => exerciseFolder(practice.workspace, practice.exercise(id).folderId))));
  const backup = results[0]?.backup;
  if (!backup) return;
  const reveal = vscode.l10n.t('Show Backup');
  void vscode.window
    .showInformationMessage(vscode.l10n.t('Every exercise starts over. Your previous files and progress are in {0}.', results.map((result) => path.relative(practice.workspace, result.backup)).join(', ')), reveal)
    .then((picked) => (picked === reveal ? vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(backup)) : undefined));
}

/** Closes the tabs of files that were in `folders` and have moved away; a tab with unsaved changes stays open. */
async function closeEditorsUnder(folders: string[]): Promise<void> {
  const inside = (file: string): boolean => folders.some((folder) => file.startsWith(folder + path.sep));
  const gone = vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => !tab.isDirty && tab.input instanceof vscode.TabInputText && inside(tab.input.uri.fsPath));
  if (gone.length > 0) await vscode.window.tabGroups.close(gone);
}

/** Wraps a command so that every error it throws is reported the same way. */
export function guardedCommand(session: PracticeSession) {
  return <T>(run: (argument: ExerciseArgument) => Promise<T>) =>
    async (argument: ExerciseArgument): Promise<T | undefined> => {
      try {
        return await run(argument);
      } catch (error) {
        showCommandError(error, session.log);
      }
    };
}

/** Start, Open Instructions, Reset and Refresh, each reporting its errors the same way. */
export function registerExerciseCommands(session: PracticeSession, provider: RoadmapProvider): vscode.Disposable[] {
  const guarded = guardedCommand(session);
  return [
    vscode.commands.registerCommand('aiPractice.startExercise', guarded((argument) => startExercise(session, argument))),
    vscode.commands.registerCommand('aiPractice.openInstructions', guarded((argument) => openInstructions(session, argument))),
    vscode.commands.registerCommand('aiPractice.resetExercise', guarded((argument) => resetExercise(session, argument))),
    vscode.commands.registerCommand('aiPractice.resetAllProgress', guarded(() => resetAllProgress(session))),
    vscode.commands.registerCommand('aiPractice.refreshRoadmap', () => {
      session.reload();
      provider.refresh();
    }),
  ];
}
