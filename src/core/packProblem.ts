import { UserError } from './userError';

/** One thing wrong with a pack, pinned to the file, line and field where it is. */
export interface PackProblem {
  /** Absolute path of the file the problem is in. */
  file: string;
  /** 1-based line and column. */
  line: number;
  column: number;
  /** Where in the manifest, e.g. `exercises[2].skill`; empty for the file as a whole. */
  field: string;
  message: string;
  /** How to fix it, when that is not obvious from the message. */
  fix?: string;
}

/** `file:line:column field: message — fix`, the shape terminals and editors turn into links. */
export function formatPackProblem(problem: PackProblem): string {
  const where = `${problem.file}:${problem.line}:${problem.column}`;
  const field = problem.field ? ` ${problem.field}:` : '';
  const fix = problem.fix ? ` — ${problem.fix}` : '';
  return `${where}${field} ${problem.message}${fix}`;
}

/** `exercises[2].skill` from `['exercises', 2, 'skill']`. */
export function fieldName(path: readonly PropertyKey[]): string {
  let name = '';
  for (const segment of path) {
    if (typeof segment === 'number') name += `[${segment}]`;
    else name += name ? `.${String(segment)}` : String(segment);
  }
  return name;
}

export class PackInvalidError extends UserError {
  constructor(
    readonly packDir: string,
    readonly problems: readonly PackProblem[],
  ) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(
      `The exercise pack in ${packDir} has ${count}:\n` + problems.map((p) => '  ' + formatPackProblem(p)).join('\n'),
      'Fix the manifest and run `ai-practice pack validate` to check it again.',
    );
    this.name = 'PackInvalidError';
  }
}
