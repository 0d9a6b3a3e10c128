import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * Copies the learner's exercise folder for the learner process to read: regular files only,
 * so that a symbolic link cannot lend it a file from elsewhere (Node 20's permission model
 * follows links out of an allowed folder). A link whose target stays inside the folder is
 * copied as what it points to; a link that leaves it refuses the check with the link's name.
 * Dependencies the learner installed beside the exercise are not copied: exercise code gets
 * the libraries the product provides.
 */
export const COPY_LIMITS = { files: 2000, bytes: 50 * 1024 * 1024 } as const;
const SKIPPED = new Set(['node_modules', '.git']);

export class LearnerFilesRefused extends Error {}

export async function copyLearnerFiles(folder: string, destination: string, shownAs: string): Promise<void> {
  const realFolder = await fs.realpath(folder);
  let files = 0;
  let bytes = 0;
  const copyDir = async (from: string, to: string, shown: string): Promise<void> => {
    await fs.mkdir(to, { recursive: true });
    for (const entry of await fs.readdir(from, { withFileTypes: true })) {
      if (SKIPPED.has(entry.name)) continue;
      const source = path.join(from, entry.name);
      const target = path.join(to, entry.name);
      const name = `${shown}/${entry.name}`;
      let real = source;
      if (entry.isSymbolicLink()) {
        real = await fs.realpath(source).catch(() => '');
        if (real === '') throw new LearnerFilesRefused(`${name} is a symbolic link to nothing. Remove it.`);
        if (real !== realFolder && !real.startsWith(realFolder + path.sep)) {
          throw new LearnerFilesRefused(`${name} is a symbolic link to ${real}, outside the exercise folder; checks read only the exercise's own files. Replace the link with a copy of what you need.`);
        }
      }
      const stat = await fs.stat(real);
      if (stat.isDirectory()) {
        if (entry.isSymbolicLink()) throw new LearnerFilesRefused(`${name} is a symbolic link to a folder; checks do not follow those. Replace it with a real folder.`);
        await copyDir(real, target, name);
      } else if (stat.isFile()) {
        files += 1;
        bytes += stat.size;
        if (files > COPY_LIMITS.files || bytes > COPY_LIMITS.bytes) {
          throw new LearnerFilesRefused(`${shown} holds more than ${COPY_LIMITS.files} files or ${COPY_LIMITS.bytes / 1024 / 1024} MB; a check copies the exercise folder, so keep large data elsewhere.`);
        }
        await fs.copyFile(real, target);
      }
    }
  };
  await copyDir(realFolder, destination, shownAs);
}
