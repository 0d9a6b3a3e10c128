import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** The regular files under `dir`, at any depth, relative to it with forward slashes, sorted. */
export async function regularFilesIn(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}
