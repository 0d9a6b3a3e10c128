import assert from 'node:assert/strict';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseRecording } from '../../src/core/model/recordings';
import { loadSimulatedModel } from '../../src/core/simulator/loadSimulatedModel';
import { type Simulator, startSimulator } from '../../src/core/simulator/server';
import { BUILTIN_EXERCISE_COUNT, BUILTIN_PACK, runCli, temporaryDir } from '../support/helpers';
import { EXERCISE, EXERCISE_DIR } from '../support/promptExercise';

/**
 * A class whose prompt exercise is graded live: the CLI asks the local simulator (playing the
 * exercise's simulated model, over HTTP through the SDK) and spends within the limits it is
 * given, records each student's answers, and grades again on those recordings at no cost.
 */

/** Each student's prompt: the reference, the reference reworded, and the starter. */
const CLASS = { ana: 'solution', ben: 'reworded', cy: 'starter' } as const;

type CsvRow = { student: string; exercise: string; status: string; score: string; cost_usd: string };

async function classCsv(out: string): Promise<CsvRow[]> {
  const [header, ...lines] = (await fs.readFile(path.join(out, 'class.csv'), 'utf8')).trim().split('\n');
  const columns = (header ?? '').split(',');
  return lines
    .map((line) => Object.fromEntries(line.split(',').map((cell, index) => [columns[index], cell])) as CsvRow)
    .filter((row) => row.exercise === EXERCISE || row.exercise === '');
}

describe('grading prompt exercises live, within spending limits', () => {
  let simulator: Simulator;
  let students: string;
  let root: string;

  before(async () => {
    const { respond } = await loadSimulatedModel(path.join(EXERCISE_DIR, 'check', 'model.ts'));
    assert.ok(respond);
    simulator = await startSimulator({ respond, scenarioName: 'triage model' });
    root = await temporaryDir('ai-practice-live-class-');
    students = path.join(root, 'class');
    for (const [name, prompt] of Object.entries(CLASS)) {
      const workspace = path.join(students, name);
      await fs.mkdir(workspace, { recursive: true });
      assert.equal((await runCli(['start', EXERCISE, '--workspace', workspace])).code, 0);
      const folder = path.join(workspace, 'practice', EXERCISE);
      if (prompt === 'starter') continue;
      for (const file of ['system.md', 'user.md']) await fs.copyFile(path.join(EXERCISE_DIR, 'solution', file), path.join(folder, file));
      if (prompt === 'reworded') await fs.writeFile(path.join(folder, 'system.md'), (await fs.readFile(path.join(folder, 'system.md'), 'utf8')).replace('Rules:', 'The rules:'));
    }
  });
  after(() => simulator.close());

  const grade = (out: string, ...flags: string[]) => runCli(['grade', students, '--pack', BUILTIN_PACK, '--out', out, '--provider', 'compatible', '--base-url', simulator.url, '--jobs', '1', ...flags]);

  it('--estimate says what the run may ask and cost, and asks nothing and writes nothing', async () => {
    const out = path.join(root, 'estimate');
    const run = await grade(out, '--estimate', '--student-budget', '0.05');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /up to 108 calls for 3 students; at most \$0\.\d+ \(every answer as long as max_tokens allows/);
    assert.match(run.stderr, /Limits: \$0\.25 a check \(--budget\), \$0\.05 a student \(--student-budget\)\./);
    assert.equal(simulator.received, 0);
    assert.equal(existsSync(out), false);
  });

  it('holds the student and run budgets, grades the rest when raised, and regrades on the recorded answers at no cost', async () => {
    // What each student costs, graded with no limit.
    const measured = path.join(root, 'measured');
    const free = await grade(measured);
    assert.equal(free.code, 0, free.stderr);
    const cost = Object.fromEntries((await classCsv(measured)).map((row) => [row.student, Number(row.cost_usd)])) as Record<keyof typeof CLASS, number>;
    assert.deepEqual(Object.keys(cost).sort(), ['ana', 'ben', 'cy']);
    assert.ok(Object.values(cost).every((usd) => usd > 0), JSON.stringify(cost));

    // A student budget below what anyone costs: no one is graded, and no result is written.
    const out = path.join(root, 'grades');
    const tight = await grade(out, '--student-budget', String(Math.min(...Object.values(cost)) / 2));
    assert.equal(tight.code, 1);
    for (const name of Object.keys(CLASS)) {
      assert.match(tight.stdout, new RegExp(`${name}: not graded: ${EXERCISE} was not checked in full: this student's budget of \\$[\\d.]+ ran out; raise --student-budget`));
      assert.equal(existsSync(path.join(out, 'students', `${name}.json`)), false);
    }

    // A run budget that covers ana and ben (checked first) but not cy: cy is left for later.
    const received = simulator.received;
    const runBudget = cost.ana + cost.ben + cost.cy / 4;
    const short = await grade(out, '--run-budget', String(runBudget));
    assert.equal(short.code, 1, short.stdout);
    assert.match(short.stdout, new RegExp(`^ana: 1/${BUILTIN_EXERCISE_COUNT} passed, score 1\\.00, \\$[\\d.]+ on the model$`, 'm'));
    assert.match(short.stdout, new RegExp(`^ben: 1/${BUILTIN_EXERCISE_COUNT} passed, score 1\\.00, \\$[\\d.]+ on the model$`, 'm'));
    assert.match(short.stdout, /^cy: not graded: triage-prompt-debugging was not checked in full: the run's budget of \$[\d.]+ ran out; raise --run-budget/m);
    const spent = Number(/spent \$([\d.]+) on the model in this run/.exec(short.stderr)?.[1]);
    assert.ok(spent > 0 && spent <= runBudget + 1e-9, `spent ${spent} of ${runBudget}`);
    assert.ok(simulator.received > received);

    // Raised: cy is graded; ana and ben are kept, not asked again.
    const rest = await grade(out, '--run-budget', '1');
    assert.equal(rest.code, 0, rest.stdout);
    assert.match(rest.stdout, /^ana: .*\(kept from an earlier run\)$/m);
    assert.match(rest.stdout, new RegExp(`^cy: 0/${BUILTIN_EXERCISE_COUNT} passed, score 0\\.00, \\$[\\d.]+ on the model$`, 'm'));
    const graded = await classCsv(out);
    assert.deepEqual(graded.map((row) => `${row.student} ${row.status}`), ['ana passed', 'ben passed', 'cy failed']);
    assert.ok(graded.every((row) => Number(row.cost_usd) > 0));

    // Each student's answers are recorded; graded again on them, offline, the grades are the same.
    for (const name of Object.keys(CLASS)) {
      const recording = parseRecording(await fs.readFile(path.join(out, 'recordings', name, `${EXERCISE}.json`), 'utf8'), name);
      assert.equal(recording.entries.length, 36);
    }
    const before = simulator.received;
    const replayed = await runCli(['grade', students, '--pack', BUILTIN_PACK, '--out', out, '--provider', 'replay', '--force']);
    assert.equal(replayed.code, 0, replayed.stdout);
    assert.deepEqual((await classCsv(out)).map((row) => `${row.student} ${row.status} ${row.score} ${row.cost_usd}`), ['ana passed 1 ', 'ben passed 1 ', 'cy failed 0 ']);
    assert.equal(simulator.received, before, 'a replayed regrade asks the model nothing');
    const verified = await runCli(['grade', '--verify', path.join(out, 'students', 'ben.json'), '--workspace', path.join(students, 'ben'), '--pack', BUILTIN_PACK, '--provider', 'replay']);
    assert.equal(verified.code, 0, verified.stdout);
    assert.match(verified.stdout, /The result holds/);
  });
});
