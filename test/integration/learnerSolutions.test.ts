import assert from 'node:assert/strict';
import { promises as fs, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Practice } from '../../src/core/practiceService';
import { loadSimulatedModel } from '../../src/core/simulator/loadSimulatedModel';
import { startSimulator } from '../../src/core/simulator/server';
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
  const practice = await Practice.open({ packDir: BUILTIN_PACK, workspace });
  await practice.start(exercise);
  const from = path.join(SOLUTIONS, exercise, solution);
  for (const file of await fs.readdir(from)) {
    if (file !== 'REASON.txt') await fs.cp(path.join(from, file), path.join(workspace, 'practice', exercise, file), { recursive: true });
  }
  // A prompt is checked against a model: here the exercise's simulated model, served over real
  // HTTP by the simulator and reached through the SDK as a compatible endpoint.
  const settings = practice.pack.exercises.find((item) => item.id === exercise)?.promptDebugging;
  const simulator = settings?.simulatorScenario ? await startSimulator(await loadSimulatedModel(path.join(BUILTIN_PACK, 'exercises', exercise, settings.simulatorScenario))) : undefined;
  const { report } = await practice
    .check(exercise, simulator ? { model: { provider: 'compatible', baseUrl: simulator.url, model: 'claude-haiku-4-5', budgetUsd: 1, cache: false, record: false, apiKey: 'simulator' } } : {})
    .finally(() => simulator?.close());
  await fs.rm(workspace, { recursive: true, force: true });
  return { status: report.status, failing: report.tests.filter((test) => test.status !== 'pass').map((test) => `${test.name}: ${test.message ?? ''}`).join('\n') || report.message };
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
