// The judge's entry point (dist/checkRunner.js). It runs in a child process with a scrubbed
// environment and a time limit (see core/check/isolatedProcess.ts), receives one job over
// IPC, runs the judge of the job's kind (core/check/kinds/), answers over IPC and exits. It
// loads the pack's harness, never the learner's code: that runs in a confined learner
// process of its own (core/check/learner/), which has no way to this process's IPC channel.
import * as path from 'node:path';
import type { CheckAnswer, CheckJob } from '../core/check/job';
import { describeHarnessError } from '../core/check/harnessError';
import { codeCacheDir, configureCodeCache, writeCodeCache } from '../core/check/learner/codeCache';
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

process.once('message', (job: CheckJob) => {
  // The learner process first: it boots while this process loads zod, the kind and the harness.
  if (job.runsLearnerCode) openLearnerCodeEarly(job as unknown as LearnerCodeJob);
  // This process is trusted: it writes its own cache of the libraries' code, when it had none.
  if (job.codeCacheRoot) configureCodeCache({ dir: codeCacheDir(job.codeCacheRoot, 'judge'), make: true });
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

async function runJob(job: CheckJob): Promise<CheckAnswer> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { kindDefinition } = require('../core/check/kinds/registry') as typeof import('../core/check/kinds/registry');
  const check = kindDefinition(job.kind)?.check;
  if (check?.where !== 'check-process') throw new Error(`the check process has no judge for ${job.kind} exercises`);
  return check.judge(job);
}
