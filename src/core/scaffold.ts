import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { PackExercise } from './packLoader';
import { fileSystemError, UserError } from './userError';
import { backupsFolder, exerciseFolder, fileTimestamp } from './workspaceLayout';

export interface ScaffoldResult {
  folder: string;
  /** The instructions as copied into the workspace. */
  instructions: string;
  /** Paths relative to `folder`, forward slashes. */
  created: string[];
  /** Already there with the starter's content. */
  unchanged: string[];
  /** Already there and changed by the learner: left exactly as they were. */
  kept: string[];
}

/** One file the scaffold lays down: its place in the exercise folder and where it comes from. */
interface ScaffoldFile {
  relative: string;
  source: string;
}

function scaffoldFiles(exercise: PackExercise): ScaffoldFile[] {
  return [
    { relative: path.basename(exercise.instructionsPath), source: exercise.instructionsPath },
    ...exercise.starterFiles.map((relative) => ({ relative, source: path.join(exercise.starterDir, ...relative.split('/')) })),
  ];
}

export async function assertWorkspace(workspace: string): Promise<void> {
  let stat;
  try {
    stat = await fs.stat(workspace);
  } catch {
    throw new UserError(`The workspace folder ${workspace} does not exist.`, 'Create it, or pass an existing folder with --workspace.');
  }
  if (!stat.isDirectory()) throw new UserError(`The workspace ${workspace} is a file, not a folder.`, 'Pass a folder with --workspace.');
}

/**
 * Lays the exercise's instructions and starter files into `practice/<id>/`. A file that is
 * already there is never written: if the learner changed it, it is reported as kept. The
 * exclusive-create flag makes that hold even if the file appears while we work.
 */
export async function scaffoldExercise(exercise: PackExercise, workspace: string): Promise<ScaffoldResult> {
  await assertWorkspace(workspace);
  const folder = exerciseFolder(workspace, exercise.folderId);
  const result: ScaffoldResult = {
    folder,
    instructions: path.join(folder, path.basename(exercise.instructionsPath)),
    created: [],
    unchanged: [],
    kept: [],
  };
  for (const file of scaffoldFiles(exercise)) {
    const target = path.join(folder, ...file.relative.split('/'));
    const content = await fs.readFile(file.source);
    // A file where the exercise's folder belongs is in the way, not a file the learner kept.
    await fs.mkdir(path.dirname(target), { recursive: true }).catch((error: unknown) => {
      throw fileSystemError('create the folder', path.dirname(target), error);
    });
    try {
      await fs.writeFile(target, content, { flag: 'wx' });
      result.created.push(file.relative);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw fileSystemError('create', target, error);
      (await sameContent(target, content) ? result.unchanged : result.kept).push(file.relative);
    }
  }
  return result;
}

async function sameContent(file: string, expected: Buffer): Promise<boolean> {
  try {
    return (await fs.readFile(file)).equals(expected);
  } catch {
    return false;
  }
}

export interface ResetPlan {
  folder: string;
  /** Files now in the exercise folder; `changed` when they differ from what the scaffold would lay down. */
  files: { path: string; changed: boolean }[];
}

/** What a reset would move to the backup folder; nothing is touched. */
export async function planReset(exercise: PackExercise, workspace: string): Promise<ResetPlan> {
  const folder = exerciseFolder(workspace, exercise.folderId);
  const originals = new Map(scaffoldFiles(exercise).map((file) => [file.relative, file.source]));
  const files: ResetPlan['files'] = [];
  for (const relative of await listWorkspaceFiles(folder)) {
    const source = originals.get(relative);
    const changed = !source || !(await sameContent(path.join(folder, relative), await fs.readFile(source)));
    files.push({ path: relative, changed });
  }
  return { folder, files };
}

async function listWorkspaceFiles(folder: string): Promise<string[]> {
  const entries = await fs.readdir(folder, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw fileSystemError('read', folder, error);
  });
  return entries
    .filter((entry) => !entry.isDirectory())
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

/**
 * Moves the exercise folder, whole, into `.ai-practice/backups/<id>-<time>/` and returns
 * where it went (undefined when there was no folder). Nothing is deleted.
 */
export async function backUpExerciseFolder(exercise: PackExercise, workspace: string, now: Date): Promise<string | undefined> {
  const folder = exerciseFolder(workspace, exercise.folderId);
  try {
    await fs.access(folder);
  } catch {
    return undefined;
  }
  const backup = await freeBackupPath(workspace, exercise.id, now);
  try {
    await fs.rename(folder, backup);
  } catch (error) {
    throw fileSystemError('move to the backup folder', folder, error);
  }
  return backup;
}

/**
 * Moves the folders of `exercises` that exist into one new backup folder named after `name`,
 * each under its exercise id. Returns the backup folder, made even when no folder moved.
 */
export async function backUpExerciseFolders(exercises: PackExercise[], workspace: string, name: string, now: Date): Promise<string> {
  const backup = await freeBackupPath(workspace, name, now);
  await fs.mkdir(backup, { recursive: true }).catch((error: unknown) => {
    throw fileSystemError('create the backup folder', backup, error);
  });
  for (const exercise of exercises) {
    const folder = exerciseFolder(workspace, exercise.folderId);
    if (!(await exists(folder))) continue;
    try {
      await fs.rename(folder, path.join(backup, exercise.id));
    } catch (error) {
      throw fileSystemError('move to the backup folder', folder, error);
    }
  }
  return backup;
}

/** `.ai-practice/backups/<name>-<time>`, with `-2`, `-3`… when taken; its parent exists. */
async function freeBackupPath(workspace: string, name: string, now: Date): Promise<string> {
  const backups = backupsFolder(workspace);
  try {
    await fs.mkdir(backups, { recursive: true });
  } catch (error) {
    throw fileSystemError('create the backup folder', backups, error);
  }
  let backup = path.join(backups, `${name}-${fileTimestamp(now)}`);
  for (let n = 2; await exists(backup); n++) backup = path.join(backups, `${name}-${fileTimestamp(now)}-${n}`);
  return backup;
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}
