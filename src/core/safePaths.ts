import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * Why `relative` may not be used as a path inside a pack, or undefined when it may.
 * Pack paths are portable: forward slashes, relative, never climbing out with `..`.
 */
export function unsafePathReason(relative: string): string | undefined {
  if (relative.includes('\0')) return 'contains a NUL character';
  if (relative.includes('\\')) return 'uses a backslash; write paths with forward slashes';
  if (path.posix.isAbsolute(relative) || /^[A-Za-z]:/.test(relative)) return 'is absolute; give a path relative to the pack';
  if (relative.split('/').includes('..')) return 'climbs out with ".."; paths must stay inside the pack';
  return undefined;
}

/**
 * Resolves `relative` under `base` and proves that the result, with every symlink followed,
 * is still inside `root`. Returns the absolute path, or why it is refused. A path that does
 * not exist resolves (the caller decides whether that is a problem).
 */
export async function resolveInside(
  root: string,
  base: string,
  relative: string,
): Promise<{ path: string } | { refused: string }> {
  const reason = unsafePathReason(relative);
  if (reason) return { refused: `"${relative}" ${reason}` };
  const target = path.resolve(base, relative);
  const realRoot = await fs.realpath(root);
  let realTarget: string;
  try {
    realTarget = await fs.realpath(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { path: target };
    throw error;
  }
  if (!isInside(realRoot, realTarget)) {
    return { refused: `"${relative}" leads outside the pack (through a symbolic link to ${realTarget})` };
  }
  return { path: target };
}

export function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Every file under `dir`, as sorted forward-slash paths relative to it. Symbolic links are
 * refused rather than followed: a pack's files are copied into a learner's workspace, and a
 * link could carry anything from the author's machine along.
 */
export async function listFilesSafely(dir: string): Promise<{ files: string[] } | { refused: string }> {
  const files: string[] = [];
  const pending = [''];
  while (pending.length > 0) {
    const relativeDir = pending.pop() as string;
    const entries = await fs.readdir(path.join(dir, relativeDir), { withFileTypes: true });
    for (const entry of entries) {
      const relative = relativeDir ? `${relativeDir}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink()) return { refused: `"${relative}" is a symbolic link; packs may only hold plain files` };
      if (entry.isDirectory()) pending.push(relative);
      else if (entry.isFile()) files.push(relative);
    }
  }
  return { files: files.sort() };
}
