import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { PackExercise } from './packLoader';
import type { ExerciseProgress } from './progressStore';
import { listFilesSafely } from './safePaths';
import { fileSystemError, UserError } from './userError';
import { exerciseFolder } from './workspaceLayout';

/** One file of a reference solution and the learner's file it corresponds to. */
export interface ReferenceFile {
  /** Relative to the solution folder and to the learner's folder alike, forward slashes. */
  relative: string;
  /** The pack's file. */
  reference: string;
  /** practice/<folder>/<relative> in the workspace. */
  learner: string;
  /** False when the learner has no such file (a file the reference adds, or one they deleted). */
  learnerExists: boolean;
}

/** What a learner who passed may compare their work with: the reference files and the author's notes on them. */
export interface Reference {
  exercise: PackExercise;
  /** The notes (`referenceNotes`), as Markdown; absent when the exercise has none. */
  notes?: { path: string; text: string };
  files: ReferenceFile[];
}

/** Why a reference is refused: `opted-out` by the pack, or `not-passed` by the learner yet. */
export class ReferenceRefused extends UserError {
  constructor(
    readonly reason: 'opted-out' | 'not-passed',
    message: string,
    fix: string,
  ) {
    super(message, fix);
  }
}

/** Whether the learner has passed: once passed, a later failing check does not take it back. */
export function hasPassed(record: ExerciseProgress | undefined): boolean {
  return record?.firstPassedAt !== undefined || record?.status === 'passed';
}

/**
 * The reference of `exercise` for a learner whose progress on it is `record`: refused unless
 * the pack shows it and the learner has passed. A stage's reference is its own solution
 * files, paired with the files of the project's shared folder.
 */
export async function exerciseReference(exercise: PackExercise, workspace: string, record: ExerciseProgress | undefined, packTitle: string): Promise<Reference> {
  if (exercise.showReference === false) {
    throw new ReferenceRefused(
      'opted-out',
      `"${exercise.title}" does not show its reference solution: the pack "${packTitle}" keeps it back ("showReference": false).`,
      'Your passing check is the verdict on your solution; ask the pack\'s author if you want to discuss theirs.',
    );
  }
  if (!hasPassed(record)) {
    throw new ReferenceRefused(
      'not-passed',
      `The reference solution of "${exercise.title}" opens once your own solution passes, so that you compare it with yours rather than copy it.`,
      `Check it first: ai-practice check ${exercise.id}`,
    );
  }
  const listing = await listFilesSafely(exercise.solutionDir).catch((error: unknown) => {
    throw fileSystemError('read', exercise.solutionDir, error);
  });
  if ('refused' in listing) throw new UserError(`The reference solution of "${exercise.id}" cannot be shown: ${listing.refused}.`, 'Tell the pack\'s author.');
  const folder = exerciseFolder(workspace, exercise.folderId);
  const files: ReferenceFile[] = [];
  for (const relative of listing.files) {
    const learner = path.join(folder, ...relative.split('/'));
    files.push({ relative, reference: path.join(exercise.solutionDir, ...relative.split('/')), learner, learnerExists: await isFile(learner) });
  }
  const notesPath = exercise.referenceNotesPath;
  const notes = notesPath ? { path: notesPath, text: await fs.readFile(notesPath, 'utf8').catch((error: unknown) => Promise.reject(fileSystemError('read', notesPath, error))) } : undefined;
  return { exercise, ...(notes ? { notes } : {}), files };
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}
