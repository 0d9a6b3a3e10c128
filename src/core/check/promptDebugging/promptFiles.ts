import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import type { PackExercise } from '../../packLoader';
import type { PromptDebuggingConfig } from '../kinds/promptDebugging';
import type { SchemaCheck } from './assertions';
import { CaseFileError, parseCases, type PromptCase } from './promptCases';
import type { PromptFiles } from './promptTemplate';

/** The learner's prompt files from the workspace, or which one is missing. */
export async function readPrompt(folder: string, config: Pick<PromptDebuggingConfig, 'system' | 'user'>, relative: (file: string) => string): Promise<PromptFiles | { missing: string }> {
  const read = async (name: string): Promise<{ file: string; text: string } | undefined> => {
    const file = path.join(folder, ...name.split('/'));
    try {
      return { file: relative(file), text: await fs.readFile(file, 'utf8') };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  };
  const system = await read(config.system);
  if (!system) return { missing: relative(path.join(folder, config.system)) };
  const user = await read(config.user);
  if (!user) return { missing: relative(path.join(folder, config.user)) };
  return { system, user };
}

/** A pack file a check needs is broken: the pack's author must fix it. */
export class HarnessFileError extends Error {}

/** The visible cases (from the pack's copy of the starter) and the hidden ones. */
export async function loadCases(exercise: PackExercise, config: PromptDebuggingConfig): Promise<PromptCase[]> {
  const visibleFile = path.join(exercise.starterDir, ...config.cases.split('/'));
  const shown = (file: string): string => path.relative(path.dirname(exercise.dirPath), file).split(path.sep).join('/');
  const visible = parseCases(await fs.readFile(visibleFile, 'utf8'), shown(visibleFile), false);
  if (!config.hiddenCases) return visible;
  const hiddenFile = path.join(exercise.dirPath, ...config.hiddenCases.split('/'));
  const hidden = parseCases(await fs.readFile(hiddenFile, 'utf8'), shown(hiddenFile), true);
  const clash = hidden.find((testCase) => visible.some((other) => other.id === testCase.id));
  if (clash) throw new CaseFileError(shown(hiddenFile), clash.line, `the id "${clash.id}" is also a visible case's`);
  return [...visible, ...hidden];
}

/** The exercise's JSON Schema as a check of parsed replies. */
export async function loadOutputSchema(file: string): Promise<SchemaCheck> {
  let schema: z.ZodType;
  try {
    schema = z.fromJSONSchema(JSON.parse(await fs.readFile(file, 'utf8')) as Parameters<typeof z.fromJSONSchema>[0]);
  } catch (error) {
    throw new HarnessFileError(`The output schema ${file} is not a usable JSON Schema: ${(error as Error).message}`);
  }
  return (value) => {
    const result = schema.safeParse(value);
    if (result.success) return undefined;
    const issue = result.error.issues[0];
    return `the reply does not match the output schema: ${issue?.path.length ? `${issue.path.join('.')}: ` : ''}${issue?.message ?? 'unexpected shape'}`;
  };
}
