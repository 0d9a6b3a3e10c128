import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Copies the learner's exercise folder for the learner process to read: regular files only,
 * so that a symbolic link cannot lend it a file from elsewhere (Node 20's permission model
 * follows links out of an allowed folder). A link whose target stays inside the folder is
 * copied as what it points to; a link that leaves it refuses the check with the link's name.
 * Dependencies the learner installed beside the exercise are not copied: exercise code gets
 * the libraries the product provides. Synchronous: an exercise folder is small, and the
 * learner process then starts before the judge turns to loading the harness.
 */
export const COPY_LIMITS = { files: 2000, bytes: 50 * 1024 * 1024 } as const;
const SKIPPED = new Set(['node_modules', '.git']);

export class LearnerFilesRefused extends Error {}

export function copyLearnerFiles(folder: string, destination: string, shownAs: string): void {
  const realFolder = fs.realpathSync(folder);
  let files = 0;
  let bytes = 0;
  const copyDir = (from: string, to: string, shown: string): void => {
    fs.mkdirSync(to, { recursive: true });
    for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
      if (SKIPPED.has(entry.name)) continue;
      const source = path.join(from, entry.name);
      const target = path.join(to, entry.name);
      const name = `${shown}/${entry.name}`;
      let real = source;
      if (entry.isSymbolicLink()) {
        try {
          real = fs.realpathSync(source);
        } catch {
          real = '';
        }
        if (real === '') throw new LearnerFilesRefused(`${name} is a symbolic link to nothing. Remove it.`);
        if (real !== realFolder && !real.startsWith(realFolder + path.sep)) {
          throw new LearnerFilesRefused(`${name} is a symbolic link to ${real}, outside the exercise folder; checks read only the exercise's own files. Replace the link with a copy of what you need.`);
        }
      }
      const stat = fs.statSync(real);
      if (stat.isDirectory()) {
        if (entry.isSymbolicLink()) throw new LearnerFilesRefused(`${name} is a symbolic link to a folder; checks do not follow those. Replace it with a real folder.`);
        copyDir(real, target, name);
      } else if (stat.isFile()) {
        files += 1;
        bytes += stat.size;
        if (files > COPY_LIMITS.files || bytes > COPY_LIMITS.bytes) {
          throw new LearnerFilesRefused(`${shown} holds more than ${COPY_LIMITS.files} files or ${COPY_LIMITS.bytes / 1024 / 1024} MB; a check copies the exercise folder, so keep large data elsewhere.`);
        }
        fs.copyFileSync(real, target);
      }
    }
  };
  copyDir(realFolder, destination, shownAs);
}
