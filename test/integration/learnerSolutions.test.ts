import assert from 'node:assert/strict';
import { promises as fs, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { CheckReport } from '../../src/core/check/report';
import { Practice } from '../../src/core/practiceService';
import { loadSimulatedModel } from '../../src/core/simulator/loadSimulatedModel';
import { startSimulator } from '../../src/core/simulator/server';
import { exerciseFolder } from '../../src/core/workspaceLayout';
import { BUILTIN_PACK, REPO_ROOT, temporaryDir } from '../support/helpers';

/**
 * Solutions written by independent learners from each exercise's README and starter alone
 * (never the reference or the harness): test/fixtures/learner-solutions/<exercise>/. Every
 * `correct-*` must pass, in whatever style it is written; every `wrong-*` (its REASON.txt says
 * which rule it breaks) must fail. A correct solution that fails is a judge that demands more
 * than the README says; a wrong one that passes is a rule the judge does not check.
 */
const SOLUTIONS = path.join(REPO_ROOT, 'test', 'fixtures', 'learner-solutions');

async function solutionsOf(exercise: string): Promise<string[]> {
  return (await fs.readdir(path.join(SOLUTIONS, exercise))).sort();
}

async function checkSolution(exercise: string, solution: string): Promise<{ status: string; failing: string }> {
  const workspace = await temporaryDir('ai-practice-learner-');
  try {
    const practice = await Practice.open({ packDir: BUILTIN_PACK, workspace });
    const target = practice.pack.exercises.find((item) => item.id === exercise);
    assert.ok(target, `${exercise} is in the built-in pack`);
    const from = path.join(SOLUTIONS, exercise, solution);
    const folder = exerciseFolder(workspace, target.folderId);
    // A project's stage is reached as a learner reaches it: stage by stage in one folder, each
    // stage started, then checked on the learner's own code (their folder as it is at the end of
    // this stage), so a later stage opens. Earlier stages are the learner's work, not the reference.
    for (const stage of [...(target.stage?.earlier ?? []), target]) {
      await practice.start(stage.id);
      for (const file of await fs.readdir(from)) {
        if (file !== 'REASON.txt') await fs.cp(path.join(from, file), path.join(folder, file), { recursive: true });
      }
      if (stage === target) break;
      const { report } = await practice.check(stage.id);
      if (report.status !== 'pass') return { status: report.status, failing: `stage ${stage.stage?.number ?? '?'} (${stage.id}) does not pass: ${failingTests(report)}` };
    }
    // A prompt is checked against a model: here the exercise's simulated model, served over real
    // HTTP by the simulator and reached through the SDK as a compatible endpoint.
    const settings = target.promptDebugging;
    const simulator = settings?.simulatorScenario ? await startSimulator(await loadSimulatedModel(path.join(target.dirPath, settings.simulatorScenario))) : undefined;
    const { report } = await practice
      .check(exercise, simulator ? { model: { provider: 'compatible', baseUrl: simulator.url, model: 'claude-haiku-4-5', budgetUsd: 1, cache: false, record: false, apiKey: 'simulator' } } : {})
      .finally(() => simulator?.close());
    return { status: report.status, failing: failingTests(report) };
  } finally {
    await fs.rm(workspace, { recursive: true, force: true });
  }
}

function failingTests(report: CheckReport): string {
  return report.tests.filter((test) => test.status !== 'pass').map((test) => `${test.name}: ${test.message ?? ''}`).join('\n') || report.message;
}

describe("learners' own solutions", { concurrency: 2 }, () => {
  for (const exercise of readdirSync(SOLUTIONS).sort()) {
    it(`${exercise}: every correct solution passes, every wrong one fails`, async () => {
      const solutions = await solutionsOf(exercise);
      assert.ok(solutions.filter((name) => name.startsWith('correct-')).length >= 5, 'five correct solutions at least');
      for (const solution of solutions) {
        const { status, failing } = await checkSolution(exercise, solution);
        if (solution.startsWith('correct-')) assert.equal(status, 'pass', `${exercise}/${solution} is correct by the README, and the check says:\n${failing}`);
        else {
          const reason = await fs.readFile(path.join(SOLUTIONS, exercise, solution, 'REASON.txt'), 'utf8');
          assert.equal(status, 'fail', `${exercise}/${solution} breaks a rule (${reason.trim()}), and the check passed it`);
        }
      }
    });
  }
});
