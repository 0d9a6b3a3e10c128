// The judge's entry point (dist/checkRunner.js). It runs in a child process with a scrubbed
// environment and a time limit (see core/check/isolatedProcess.ts), receives one job over
// IPC, runs it, answers over IPC and exits. It loads the pack's harness, never the learner's
// code: that runs in a confined learner process of its own (core/check/learner/), which has
// no way to this process's IPC channel.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CheckAnswer, CheckJob } from '../core/check/job';
import { evaluateDataset } from '../core/check/evalDataset/evaluate';
import { type EvalDatasetHarness, harnessProblem } from '../core/check/evalDataset/harness';
import { installModuleLoader } from './moduleLoader';

installModuleLoader(path.join(__dirname, 'lib'));

// A loop the check stopped waiting for keeps running until its next call fails; that
// rejection has no one left to hear it, and must not end the process.
process.on('unhandledRejection', () => undefined);
// When the CLI or the editor goes away, so does the check (and, on exit, its learner process).
process.on('disconnect', () => process.exit(1));

process.once('message', (job: CheckJob) => {
  void runJob(job)
    .catch((error: unknown): CheckAnswer => ({ ok: false, errorIn: 'harness', message: 'The check itself failed.', detail: describe(error) }))
    .then((answer) => process.send?.(answer, () => process.exit(0)));
});

async function runJob(job: CheckJob): Promise<CheckAnswer> {
  switch (job.kind) {
    case 'eval-dataset':
      return runEvalDataset(job);
    case 'simulated-function': {
      // Loaded only for this kind: it brings the SDK, zod and the simulator along.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { runSimulatedScenarios } = require('../core/check/simulatedFunction/runScenarios') as typeof import('../core/check/simulatedFunction/runScenarios');
      return runSimulatedScenarios(job);
    }
    case 'cost-optimization': {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { runCostCheck } = require('../core/check/costOptimization/runCostCheck') as typeof import('../core/check/costOptimization/runCostCheck');
      return runCostCheck(job);
    }
    case 'retrieval': {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { runRetrievalCheck } = require('../core/check/retrieval/runRetrievalCheck') as typeof import('../core/check/retrieval/runRetrievalCheck');
      return runRetrievalCheck(job);
    }
  }
}

function runEvalDataset(job: Extract<CheckJob, { kind: 'eval-dataset' }>): CheckAnswer {
  let text: string;
  try {
    text = readFileSync(job.datasetPath, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return {
      ok: false,
      errorIn: 'exercise',
      message: missing ? `${job.datasetFile} is missing.` : `${job.datasetFile} cannot be read: ${describe(error)}`,
    };
  }
  let harness: unknown;
  try {
    harness = require(job.harnessPath);
  } catch (error) {
    return { ok: false, errorIn: 'harness', message: `The exercise's harness ${job.harnessPath} does not load.`, detail: describe(error) };
  }
  const problem = harnessProblem(harness);
  if (problem) return { ok: false, errorIn: 'harness', message: `The exercise's harness ${job.harnessPath} is not usable: ${problem}.` };
  return { ok: true, ...evaluateDataset(text, harness as EvalDatasetHarness, job.config, job.datasetFile) };
}

/** The error's stack, without the runner's own frames; a syntax error is its message alone. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error instanceof SyntaxError) return `${error.name}: ${error.message}`;
  const frames = (error.stack ?? error.message).split('\n').filter((line) => !line.includes(__filename) && !line.includes('node:internal'));
  return frames.join('\n');
}
