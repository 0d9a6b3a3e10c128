import { statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A problem the user can fix (bad input, missing exercise, read-only folder). The CLI exits
 * with 1 and prints it; the editor shows it as a plain message. Anything else is a bug in
 * this tool and exits with 2.
 */
export class UserError extends Error {
  constructor(
    message: string,
    /** One sentence saying how to fix it, shown after the message. */
    readonly fix?: string,
  ) {
    super(message);
    this.name = 'UserError';
  }

  describe(): string {
    return this.fix ? `${this.message}\n${this.fix}` : this.message;
  }
}

/** The closest of `file` and its parents that exists and is not a folder; undefined when none is. */
function fileInTheWay(file: string): string | undefined {
  for (let current = file; ; current = dirname(current)) {
    try {
      if (!statSync(current).isDirectory()) return current;
    } catch {
      // Absent, or unreadable: look further up.
    }
    if (dirname(current) === current) return undefined;
  }
}

/** Turns a failed file-system call into a UserError that says what could not be done where. */
export function fileSystemError(action: string, path: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return new UserError(
        `Cannot ${action} ${path}: permission denied.`,
        'Open a folder you can write to, or change the folder\'s permissions.',
      );
    case 'EROFS':
      return new UserError(
        `Cannot ${action} ${path}: the file system is read-only.`,
        'Open a folder on a writable disk.',
      );
    case 'ENOSPC':
      return new UserError(`Cannot ${action} ${path}: the disk is full.`, 'Free some space and try again.');
    case 'ENOTDIR':
    case 'EEXIST': {
      // mkdir says EEXIST, and reading through a file says ENOTDIR: name the file in the way.
      const file = fileInTheWay(path);
      return new UserError(
        `Cannot ${action} ${path}: ${file === undefined || file === path ? 'a file' : `the file ${file}`} stands where a folder is needed.`,
        'Move or rename that file, then try again.',
      );
    }
    case 'EISDIR':
      return new UserError(`Cannot ${action} ${path}: it is a folder, where a file is needed.`, 'Move or rename that folder, then try again.');
    default:
      return error instanceof Error ? error : new Error(String(error));
  }
}
