// The judge's entry point (dist/checkRunner.js). It runs in a child process with a scrubbed
// environment and a time limit (see core/check/isolatedProcess.ts), receives one job over
// IPC, runs the judge of the job's kind (core/check/kinds/), answers over IPC and exits. It
// loads the pack's harness, never the learner's code: that runs in a confined learner
// process of its own (core/check/learner/), which has no way to this process's IPC channel.
//
// Started ahead of a check (core/check/warmPool.ts), it may first get a `warm` message: it
// then loads its own runtime and starts the learner process it will use, confined as ever and
// with no learner file in it yet, and waits; the job, the exercise and its files come later.
import * as path from 'node:path';
import type { CheckAnswer, CheckJob, ControlMessage, WarmUp } from '../core/check/job';
import { describeHarnessError } from '../core/check/harnessError';
import { codeCacheDir, configureCodeCache, writeCodeCache } from '../core/check/learner/codeCache';
import { dropPrestarted, prestartProcess } from '../core/check/learner/confinement';
import { type LearnerCodeJob, openLearnerCodeEarly } from '../core/check/learner/learnerCode';
import { installModuleLoader } from './moduleLoader';

// Before anything that imports zod (the kinds' settings): the bundled libraries resolve only
// through this loader, as no node_modules ships with the extension.
installModuleLoader(path.join(__dirname, 'lib'));

// A loop the check stopped waiting for keeps running until its next call fails; that
// rejection has no one left to hear it, and must not end the process.
process.on('unhandledRejection', () => undefined);
// When the CLI or the editor goes away, so does the check (and, on exit, its learner process).
process.on('disconnect', () => process.exit(1));

let jobTaken = false;
let cacheConfigured = false;
let warmedUp = false;
process.on('message', (message: CheckJob | WarmUp) => {
  if (jobTaken) return; // one job per process; nothing after it
  if ((message as WarmUp).t === 'warm') {
    warmUp(message as WarmUp);
    return;
  }
  jobTaken = true;
  const job = message as CheckJob;
  // Started ahead: says it has its job, so that a pool can tell a process that died while it
  // waited (start cold instead) from a check that ended it.
  if (warmedUp) process.send?.({ t: 'started' } satisfies ControlMessage);
  // Where the exercise is: a process started ahead did not know it yet.
  if (typeof job.cwd === 'string') process.chdir(job.cwd);
  // The learner process first: it boots while this process loads zod, the kind and the harness.
  if (job.runsLearnerCode) openLearnerCodeEarly(job as unknown as LearnerCodeJob);
  else dropPrestarted();
  // This process is trusted: it writes its own cache of the libraries' code, when it had none.
  if (job.codeCacheRoot && !cacheConfigured) configureCodeCache({ dir: codeCacheDir(job.codeCacheRoot, 'judge'), make: true });
  void runJob(job)
    .catch((error: unknown): CheckAnswer => ({ ok: false, errorIn: 'harness', message: 'The check itself failed.', detail: describeHarnessError(error) }))
    .then((answer) => {
      process.send?.(answer, () => {
        try {
          writeCodeCache();
        } catch {
          // a cache is an optimisation: without it the next check compiles again
        }
        process.exit(0);
      });
    });
});

/** Gets ready for a job to come: the learner process booting, then this process's own libraries. */
function warmUp(warm: WarmUp): void {
  warmedUp = true;
  const learner = warm.learner ? prestartProcess(warm.learner) : Promise.resolve(false);
  if (warm.codeCacheRoot) {
    configureCodeCache({ dir: codeCacheDir(warm.codeCacheRoot, 'judge'), make: true });
    cacheConfigured = true;
  }
  setImmediate(() => {
    if (jobTaken) return;
    // What every judge loads: the kinds (zod with them), and sucrase for a harness in TypeScript.
    kinds();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { transform } = require(path.join(__dirname, 'lib', 'sucrase.js')) as typeof import('sucrase');
    transform('export const a: number = 1;\n', { transforms: ['typescript', 'imports'], disableESTransforms: true });
    // Ready: said to the pool (a state its tests and the bench wait for), never taken for an answer.
    void learner.then((started) => process.send?.({ t: 'warmed', learner: started } satisfies ControlMessage));
  });
}

function kinds(): typeof import('../core/check/kinds/registry') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../core/check/kinds/registry') as typeof import('../core/check/kinds/registry');
}

async function runJob(job: CheckJob): Promise<CheckAnswer> {
  const check = kinds().kindDefinition(job.kind)?.check;
  if (check?.where !== 'check-process') throw new Error(`the check process has no judge for ${job.kind} exercises`);
  return check.judge(job);
}
