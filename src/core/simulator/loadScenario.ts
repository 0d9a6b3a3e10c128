import { promises as fs } from 'node:fs';
import { JsonDocument } from '../jsonDocument';
import { fieldName, formatPackProblem, type PackProblem } from '../packProblem';
import { UserError } from '../userError';
import { type Scenario, scenarioSchema } from './scenario';

/** A scenario file that cannot be used: every problem with its line, column and field. */
export class ScenarioInvalidError extends UserError {
  constructor(
    readonly file: string,
    readonly problems: PackProblem[],
  ) {
    super(
      `The scenario ${file} has ${problems.length === 1 ? '1 problem' : `${problems.length} problems`}:\n` +
        problems.map((problem) => `  ${formatPackProblem(problem)}`).join('\n'),
      'Fix the file; the README describes the scenario format.',
    );
    this.name = 'ScenarioInvalidError';
  }
}

/** Reads a scenario (JSON with comments) and validates it, pinning each problem to its place. */
export async function loadScenario(file: string): Promise<Scenario> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`Cannot read the scenario ${file}${code === 'ENOENT' ? ': there is no such file' : `: ${code ?? String(error)}`}.`, 'Give the path of a scenario JSON file.');
  }
  const parsed = JsonDocument.parse(text);
  if ('syntaxErrors' in parsed) {
    throw new ScenarioInvalidError(file, parsed.syntaxErrors.map((error) => ({ file, ...error.position, field: '', message: error.message })));
  }
  const result = scenarioSchema.safeParse(parsed.document.value);
  if (result.success) return result.data;
  throw new ScenarioInvalidError(
    file,
    result.error.issues.map((issue) => {
      const issuePath = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
      return { file, ...parsed.document.positionOf(issuePath), field: fieldName(issuePath), message: issue.message };
    }),
  );
}
