import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { fileSystemError } from './userError';

/**
 * Writes `data` to `file` so that a reader (or a crash) only ever sees the old content or
 * the new, never a half-written file: write a temporary file beside it, flush it to disk,
 * then rename it over the target, which is atomic on one file system.
 */
export async function writeFileAtomic(file: string, data: string): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true });
  const temporary = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await fs.open(temporary, 'wx');
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
  await removeOrphanedTemporaries(file);
}

/**
 * Temporary files of `file` that a writer killed mid-write left behind (its pid is in the
 * name): removed once that process is gone and the file is a second old (a write takes
 * milliseconds; the age guards a writer on another machine sharing the folder, whose pid
 * means nothing here), and any that is an hour old.
 */
async function removeOrphanedTemporaries(file: string): Promise<void> {
  const dir = path.dirname(file);
  const prefix = `.${path.basename(file)}.`;
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const pid = name.startsWith(prefix) && name.endsWith('.tmp') ? Number(/^(\d+)\./.exec(name.slice(prefix.length))?.[1]) : NaN;
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    const orphan = path.join(dir, name);
    const age = await fs.stat(orphan).then((stat) => Date.now() - stat.mtimeMs, () => 0);
    if ((age > 1_000 && !isAlive(pid)) || age > 3_600_000) await fs.rm(orphan, { force: true }).catch(() => undefined);
  }
}

export interface FileLockOptions {
  /** A lock whose owner cannot be told to be alive is broken once it is this old. */
  staleMs?: number;
  /** How long to wait for a live lock before giving up. */
  timeoutMs?: number;
}

/**
 * Runs `action` while holding an exclusive lock on `file`, shared by every process (the
 * editor, the CLI, a grader): the file `<file>.lock`, created with O_EXCL so that only one
 * process can, and naming its owner. Waiters poll with a growing pause. A lock whose owner
 * died on this machine (a CLI killed mid-write) is broken at once; one whose owner cannot be
 * checked (another machine, or not yet written) once it is older than `staleMs`, since the
 * actions it guards take milliseconds.
 */
export async function withFileLock<T>(file: string, action: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  // Holders in this process queue here, so that only one of them at a time polls the file.
  const lock = `${file}.lock`;
  const before = waiting.get(lock) ?? Promise.resolve();
  let done!: () => void;
  const turn = new Promise<void>((resolve) => (done = resolve));
  const mine = before.then(() => turn);
  waiting.set(lock, mine);
  await before;
  try {
    return await withLockFile(lock, action, options);
  } finally {
    done();
    if (waiting.get(lock) === mine) waiting.delete(lock);
  }
}

/** Per lock file, the promise that settles when the last holder queued in this process is done. */
const waiting = new Map<string, Promise<void>>();

async function withLockFile<T>(lock: string, action: () => Promise<T>, { staleMs = 10_000, timeoutMs = 15_000 }: FileLockOptions): Promise<T> {
  await fs.mkdir(path.dirname(lock), { recursive: true }).catch((error: unknown) => {
    throw fileSystemError('create the folder', path.dirname(lock), error);
  });
  const deadline = Date.now() + timeoutMs;
  for (let pause = 2; ; pause = Math.min(pause * 2, 100)) {
    if (await tryLock(lock)) break;
    const holder = await lockHolder(lock);
    if (holder === undefined) continue; // released meanwhile: try again at once
    if (isStale(holder, staleMs)) {
      // Several waiters may find the same dead lock: only one breaks it (see breakStaleLock).
      if (await breakStaleLock(lock, staleMs)) continue;
    }
    if (Date.now() > deadline) throw new FileLockTimeout(lock, holder.heldMs);
    await new Promise((resolve) => setTimeout(resolve, pause * (0.5 + Math.random())));
  }
  try {
    return await action();
  } finally {
    await fs.rm(lock, { force: true });
  }
}

export class FileLockTimeout extends Error {
  constructor(
    readonly lock: string,
    readonly heldMs: number,
  ) {
    super(`${lock} has been held by another process for ${(heldMs / 1000).toFixed(1)} s`);
    this.name = 'FileLockTimeout';
  }
}

async function tryLock(lock: string): Promise<boolean> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(lock, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(JSON.stringify({ pid: process.pid, host: hostname() }));
  } catch (error) {
    await handle.close();
    await fs.rm(lock, { force: true }); // not held after all: leave no lock behind
    throw error;
  }
  await handle.close();
  return true;
}

/** A lock left by its creator before it wrote its owner is broken once it is this old: writing takes microseconds. */
const UNWRITTEN_LOCK_MS = 500;
/** A breaker's claim older than this belongs to a breaker that died: breaking takes milliseconds. */
const BREAKER_STALE_MS = 2_000;

interface LockHolder {
  heldMs: number;
  /** Its owner is a process of this machine that has died. */
  dead: boolean;
  /** No owner written (yet, or ever: its creator was killed in between). */
  unwritten: boolean;
}

function isStale(holder: LockHolder, staleMs: number): boolean {
  return holder.dead || holder.heldMs > staleMs || (holder.unwritten && holder.heldMs > UNWRITTEN_LOCK_MS);
}

/**
 * Removes a stale lock so that exactly one of the processes that found it stale does, and
 * none removes a lock taken since. Judging stale and removing are two steps, so two waiters
 * that judged the same dead lock could otherwise both remove "it": the second would remove
 * the lock the first took meanwhile. So breaking needs a claim of its own (`<lock>.break`,
 * created with O_EXCL), and the claimant judges the lock again before removing it: under the
 * claim nothing else removes locks, so a lock that is stale now is the one to remove. Returns
 * false when another process is breaking it: the caller waits and looks again.
 */
async function breakStaleLock(lock: string, staleMs: number): Promise<boolean> {
  const claim = `${lock}.break`;
  if (!(await tryLock(claim))) {
    // A breaker killed in the milliseconds it held its claim leaves it behind: clear it.
    const breaker = await lockHolder(claim);
    if (breaker && (breaker.dead || breaker.heldMs > BREAKER_STALE_MS)) await fs.rm(claim, { force: true });
    return false;
  }
  try {
    const holder = await lockHolder(lock);
    if (holder && isStale(holder, staleMs)) await fs.rm(lock, { force: true });
    return true;
  } finally {
    await fs.rm(claim, { force: true });
  }
}

/** Who holds the lock: how long for, and whether it is a process of this machine that has died. */
async function lockHolder(lock: string): Promise<LockHolder | undefined> {
  let modified: number;
  let text: string;
  try {
    modified = (await fs.stat(lock)).mtimeMs;
    text = await fs.readFile(lock, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const heldMs = Math.max(0, Date.now() - modified);
  let owner: { pid?: unknown; host?: unknown } | null;
  try {
    owner = JSON.parse(text) as typeof owner;
  } catch {
    return { heldMs, dead: false, unwritten: true }; // created, its owner not yet written
  }
  return { heldMs, dead: owner?.host === hostname() && typeof owner.pid === 'number' && !isAlive(owner.pid), unwritten: false };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, but not ours to signal
  }
}
