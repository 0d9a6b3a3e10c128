import * as path from 'node:path';
import type { RoadmapExercise } from './roadmap';

/**
 * Where things live in a learner's workspace. Kept free of heavy imports: the editor layer
 * uses these names at activation to watch the progress file.
 */
export const PRACTICE_DIR = 'practice';
export const STATE_DIR = '.ai-practice';
export const PROGRESS_FILE = 'progress.json';
export const BACKUPS_DIR = 'backups';

export function exerciseFolder(workspace: string, folderId: string): string {
  return path.join(workspace, PRACTICE_DIR, folderId);
}

export function progressFile(workspace: string): string {
  return path.join(workspace, STATE_DIR, PROGRESS_FILE);
}

export function backupsFolder(workspace: string): string {
  return path.join(workspace, STATE_DIR, BACKUPS_DIR);
}

/** A file's path relative to the workspace, with forward slashes, for reports. */
export function workspaceRelative(workspace: string, file: string): string {
  return path.relative(workspace, file).split(path.sep).join('/');
}

/** A timestamp that sorts, reads well and is safe in a file name on every platform. */
export function fileTimestamp(date: Date): string {
  return date.toISOString().replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
}

/** The folder id (practice/<folderId>/…) of the exercise or project whose folder holds `file`, or undefined. */
export function folderIdOfFile(workspace: string, file: string): string | undefined {
  const relative = path.relative(path.join(workspace, PRACTICE_DIR), file);
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep)[0];
}

/**
 * The exercise a file in practice/<folderId>/ belongs to: the exercise of that folder, or for a
 * project's folder the stage being worked on (the last one started, else the first).
 */
export function exerciseOfFolder(exercises: readonly RoadmapExercise[], folderId: string): RoadmapExercise | undefined {
  const inFolder = exercises.filter((exercise) => exercise.folderId === folderId).sort((a, b) => (a.stage?.number ?? 0) - (b.stage?.number ?? 0));
  return inFolder.filter((exercise) => exercise.status !== 'not-started').at(-1) ?? inFolder[0];
}
