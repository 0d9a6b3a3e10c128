import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { type FileLockOptions, FileLockTimeout, withFileLock, writeFileAtomic } from './atomicFile';
import { firstTooDeep, MAX_JSON_DEPTH } from './jsonDocument';
import type { RecordedTests } from './lastResults';
import { fileSystemError, UserError } from './userError';
import { fileTimestamp, progressFile } from './workspaceLayout';

export const PROGRESS_VERSION = 1;

export const EXERCISE_STATUSES = ['not-started', 'in-progress', 'passed', 'failed'] as const;
export type ExerciseStatus = (typeof EXERCISE_STATUSES)[number];

// Unknown fields are kept (`looseObject`) so that a newer version's additions survive a
// round trip through this one.
const exerciseProgress = z.looseObject({
  status: z.enum(['in-progress', 'passed', 'failed']),
  startedAt: z.string(),
  updatedAt: z.string(),
  /** Checks run, counting each one that produced a result (pass or fail). */
  attempts: z.int().min(0).optional(),
  /** When a check first passed; kept even if a later check fails. */
  firstPassedAt: z.string().optional(),
  hintsUsed: z.int().min(0).optional(),
  lastCheck: z
    .looseObject({
      status: z.enum(['pass', 'fail', 'error']),
      at: z.string(),
      passed: z.int().min(0),
      failed: z.int().min(0),
      message: z.string(),
      /** Partial credit, 0 to 1. */
      score: z.number().min(0).max(1).optional(),
      // Also `tests` and `testsOmitted`: what Test Explorer shows of the check (lastResults.ts).
      // Not declared here, so that a record this version cannot read never makes the whole
      // file unreadable: recordedTestsOf reads them, test by test.
    })
    .optional(),
});

const progressSchema = z.looseObject({
  version: z.literal(PROGRESS_VERSION),
  packs: z.record(z.string(), z.looseObject({ exercises: z.record(z.string(), exerciseProgress) })),
});

export type ExerciseProgress = z.infer<typeof exerciseProgress>;
export type Progress = z.infer<typeof progressSchema>;

export interface ProgressRead {
  progress: Progress;
  /** Set when the file was unreadable and was moved aside; say it to the user. */
  warning?: string;
}

export function emptyProgress(): Progress {
  return { version: PROGRESS_VERSION, packs: {} };
}

/**
 * The learner's progress, in `.ai-practice/progress.json` of the workspace. Writes are
 * atomic; a file that cannot be read back is moved aside (never deleted) and reported.
 */
/** Progress of every pack a workspace uses takes kilobytes; a file above this is not ours to parse. */
const MAX_PROGRESS_BYTES = 8 * 1024 * 1024;

export class ProgressStore {
  readonly file: string;

  constructor(
    workspace: string,
    private readonly lockOptions: FileLockOptions = {},
  ) {
    this.file = progressFile(workspace);
  }

  async read(): Promise<ProgressRead> {
    let text: string | undefined;
    let size = 0;
    try {
      size = (await fs.stat(this.file)).size;
      // Refused before it is read: a huge file (garbage written over it, say) would take gigabytes to parse.
      if (size <= MAX_PROGRESS_BYTES) text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { progress: emptyProgress() };
      throw fileSystemError('read', this.file, error);
    }
    if (text === undefined) return this.moveAside(`it is ${(size / 1024 / 1024).toFixed(1)} MB, where progress takes kilobytes`);
    let reason: string;
    try {
      // Nesting that deep is no progress of ours, and would overflow the stack of what reads or writes it.
      if (firstTooDeep(text, MAX_JSON_DEPTH) !== undefined) throw new Error(`it is nested more than ${MAX_JSON_DEPTH} levels deep`);
      const json: unknown = JSON.parse(text);
      const version = (json as { version?: unknown } | null)?.version;
      if (typeof version === 'number' && version > PROGRESS_VERSION) {
        throw new UserError(
          `${this.file} was written by a newer version of AI Engineering Practice (progress format ${version}).`,
          'Update the extension or the ai-practice CLI; the file was left as it is.',
        );
      }
      const parsed = progressSchema.safeParse(json);
      if (parsed.success) return { progress: parsed.data };
      const issue = parsed.error.issues[0];
      reason = `${issue?.path.join('.') || 'the file'}: ${issue?.message ?? 'unexpected shape'}`;
    } catch (error) {
      if (error instanceof UserError) throw error;
      reason = error instanceof Error ? error.message : String(error);
    }
    return this.moveAside(reason);
  }

  /** Keeps the unreadable file aside, under a name of its own, and starts afresh. */
  private async moveAside(reason: string): Promise<ProgressRead> {
    const aside = `${this.file}.corrupt-${fileTimestamp(new Date())}`;
    try {
      await fs.rename(this.file, aside);
    } catch (error) {
      // Another reader (the roadmap, Test Explorer, the CLI) moved it aside first and says so.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return this.read();
      throw fileSystemError('move aside the unreadable progress file', this.file, error);
    }
    return {
      progress: emptyProgress(),
      warning: `Your progress file could not be read (${reason}). It was kept as ${aside} and progress starts afresh.`,
    };
  }

  /**
   * Reads, applies `change`, and writes back atomically, holding the file's lock throughout:
   * updates from this process, the editor and the CLI at once all land, none overwrites
   * another's. With `keepCopyIn`, the file as it was is copied there first. Returns what was
   * written.
   */
  async update(change: (progress: Progress) => void, { keepCopyIn }: { keepCopyIn?: string } = {}): Promise<ProgressRead> {
    try {
      const write = async (): Promise<ProgressRead> => {
        const read = await this.read();
        if (keepCopyIn) await fs.copyFile(this.file, keepCopyIn).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
        });
        change(read.progress);
        await writeFileAtomic(this.file, JSON.stringify(read.progress, null, 2) + '\n');
        return read;
      };
      return await withFileLock(this.file, write, this.lockOptions);
    } catch (error) {
      if (error instanceof UserError) throw error;
      if (error instanceof FileLockTimeout) {
        throw new UserError(
          `Could not save progress: ${error.message}.`,
          `Wait for the other check or command to finish and try again; if none is running, delete ${error.lock}.`,
        );
      }
      throw fileSystemError('save progress to', this.file, error);
    }
  }
}

export function exerciseStatus(progress: Progress, packId: string, exerciseId: string): ExerciseStatus {
  return progress.packs[packId]?.exercises[exerciseId]?.status ?? 'not-started';
}

/** Marks an exercise as started, unless it already has a status (a pass is never undone by starting again). */
export function markStarted(progress: Progress, packId: string, exerciseId: string, now: Date): ExerciseProgress {
  const pack = (progress.packs[packId] ??= { exercises: {} });
  const stamp = now.toISOString();
  return (pack.exercises[exerciseId] ??= { status: 'in-progress', startedAt: stamp, updatedAt: stamp });
}

/** Forgets an exercise's progress, so it starts over from "in progress" or "not started". */
export function clearExercise(progress: Progress, packId: string, exerciseId: string): void {
  delete progress.packs[packId]?.exercises[exerciseId];
}

/**
 * Records a check's result. A pass or a fail counts as an attempt and sets the status; an
 * error (the check could not run) is remembered as the last check but changes nothing else.
 */
export function recordCheck(
  progress: Progress,
  packId: string,
  exerciseId: string,
  result: { status: 'pass' | 'fail' | 'error'; message: string; passed: number; failed: number; score?: number | undefined; tests?: RecordedTests | undefined },
  now: Date,
): ExerciseProgress {
  const record = markStarted(progress, packId, exerciseId, now);
  const stamp = now.toISOString();
  const { score, tests, ...rest } = result;
  record.lastCheck = { ...rest, ...(score === undefined ? {} : { score }), ...tests, at: stamp };
  record.updatedAt = stamp;
  if (result.status === 'error') return record;
  record.attempts = (record.attempts ?? 0) + 1;
  record.status = result.status === 'pass' ? 'passed' : 'failed';
  if (result.status === 'pass') record.firstPassedAt ??= stamp;
  return record;
}

/** Counts one more hint as seen, up to `total`; returns how many are now revealed. */
export function recordHint(progress: Progress, packId: string, exerciseId: string, total: number, now: Date): number {
  const record = markStarted(progress, packId, exerciseId, now);
  record.hintsUsed = Math.min(total, (record.hintsUsed ?? 0) + 1);
  record.updatedAt = now.toISOString();
  return record.hintsUsed;
}

export function exerciseProgressOf(progress: Progress, packId: string, exerciseId: string): ExerciseProgress | undefined {
  return progress.packs[packId]?.exercises[exerciseId];
}
