import { readFileSync } from 'node:fs';
import type { EvalDatasetConfig } from '../kinds/evalDataset';
import type { CheckAnswer } from '../job';
import { describeHarnessError } from '../harnessError';
import { evaluateDataset } from './evaluate';
import { type EvalDatasetHarness, harnessProblem } from './harness';

export interface EvalDatasetJob {
  harnessPath: string;
  datasetPath: string;
  /** The dataset's path relative to the workspace, for locations in the report. */
  datasetFile: string;
  config: EvalDatasetConfig;
}

/** Runs the learner's dataset against the harness's feature and its buggy variants. */
export function runEvalDatasetCheck(job: EvalDatasetJob): CheckAnswer {
  let text: string;
  try {
    text = readFileSync(job.datasetPath, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return {
      ok: false,
      errorIn: 'exercise',
      message: missing ? `${job.datasetFile} is missing.` : `${job.datasetFile} cannot be read: ${describeHarnessError(error)}`,
    };
  }
  let harness: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    harness = require(job.harnessPath);
  } catch (error) {
    return { ok: false, errorIn: 'harness', message: `The exercise's harness ${job.harnessPath} does not load.`, detail: describeHarnessError(error) };
  }
  const problem = harnessProblem(harness);
  if (problem) return { ok: false, errorIn: 'harness', message: `The exercise's harness ${job.harnessPath} is not usable: ${problem}.` };
  return { ok: true, ...evaluateDataset(text, harness as EvalDatasetHarness, job.config, job.datasetFile) };
}
