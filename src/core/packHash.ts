import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * A pack's content hash: SHA-256 over every file's relative path and content, in path order
 * (`.git` left out), so the same pack hashes the same from a folder, a zip or a clone. An
 * instructor pins it with `report --pack-sha256`, and a grading run checks it before every
 * exercise, so a pack changed under the grader (by anyone) is refused, not used.
 */
export async function packContentHash(dir: string): Promise<string> {
  const files: string[] = [];
  const walk = async (current: string): Promise<void> => {
    for (const entry of await fs.readdir(current, { withFileTypes: true })) {
      if (entry.name === '.git') continue;
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() || entry.isSymbolicLink()) files.push(full);
    }
  };
  await walk(dir);
  const lines = await Promise.all(
    files.map(async (file) => `${path.relative(dir, file).split(path.sep).join('/')}\0${createHash('sha256').update(await fs.readFile(file)).digest('hex')}`),
  );
  return createHash('sha256').update(lines.sort().join('\n')).digest('hex');
}
