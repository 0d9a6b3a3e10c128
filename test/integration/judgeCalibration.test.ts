import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { CheckReport } from '../../src/core/check/report';
import type { ModelSettings } from '../../src/core/model/modelSettings';
import { Practice } from '../../src/core/practiceService';
import { loadSimulatedModel } from '../../src/core/simulator/loadSimulatedModel';
import { type Simulator, startSimulator } from '../../src/core/simulator/server';
import { BUILTIN_PACK, temporaryDir } from '../support/helpers';

const ID = 'refund-promise-judge';
const EXERCISE_DIR = path.join(BUILTIN_PACK, 'exercises', ID);
const SECRET = 'sk-ant-api03-THIS-IS-A-TEST-SECRET-77aa01';

const running: Simulator[] = [];
after(async () => {
  for (const simulator of running) await simulator.close();
});

/** A workspace with the exercise started and, when given, the files of a solution folder laid over it. */
async function workspaceWith(solution?: string, overrides: Record<string, string> = {}): Promise<{ practice: Practice; workspace: string }> {
  const workspace = await temporaryDir('ai-practice-judge-');
  const practice = await Practice.open({ packDir: BUILTIN_PACK, workspace });
  await practice.start(ID);
  const folder = path.join(workspace, 'practice', ID);
  if (solution) for (const file of await fs.readdir(path.join(EXERCISE_DIR, solution))) await fs.copyFile(path.join(EXERCISE_DIR, solution, file), path.join(folder, file));
  for (const [file, text] of Object.entries(overrides)) await fs.writeFile(path.join(folder, file), text);
  return { practice, workspace };
}

/** An endpoint that answers every request with `verdict`: a "live" judge that is sure of itself. */
async function alwaysSays(verdict: 'pass' | 'fail'): Promise<Simulator> {
  const simulator = await startSimulator({ respond: () => ({ reply: { content: [{ type: 'text', text: JSON.stringify({ verdict }) }] } }) });
  running.push(simulator);
  return simulator;
}

function live(simulator: Simulator): ModelSettings {
  return { provider: 'compatible', baseUrl: simulator.url, model: 'claude-haiku-4-5', budgetUsd: 1, cache: false, record: false, apiKey: SECRET };
}

const testNamed = (report: CheckReport, start: string) => report.tests.find((test) => test.name.startsWith(start));

describe('judge-calibration checks', () => {
  it('offline, the simulated judge plays the model: the reference passes, and no held-out trace is named', async () => {
    const { practice } = await workspaceWith('solution');
    const { report } = await practice.check(ID);
    assert.equal(report.status, 'pass', JSON.stringify(report.tests, null, 1));
    assert.equal(report.usage?.provider, 'simulated');
    assert.equal(report.usage?.calls, 40);
    assert.match(report.message ?? '', /catches 12 of 12 \(100 %, 95 % CI 76–100 %\) failures and passes 12 of 12/);
    assert.doesNotMatch(JSON.stringify(report), /"h\d\d"|\bh\d\d\b|Order #52\d\d/, 'held-out traces stay unnamed');
  });

  it('names each visible disagreement with its line and note, and gives the held-out rates with their intervals', async () => {
    const { practice } = await workspaceWith('wrong/credit-counts-as-refund');
    const { report } = await practice.check(ID);
    assert.equal(report.status, 'fail');
    const visible = testNamed(report, 'agrees with the labels');
    assert.equal(visible?.status, 'fail');
    assert.match(visible?.output ?? '', /^v05 \(practice\/refund-promise-judge\/traces\.jsonl:5\): labelled pass, the judge said fail · the label's note: Offers store credit/m);
    assert.equal(testNamed(report, 'hidden · catches the failures')?.status, 'pass');
    assert.match(testNamed(report, 'hidden · passes the good traces')?.message ?? '', /^It passed 9 of 12 \(75 %, 95 % CI 47–91 %\); at least 90 % is needed\.$/);
  });

  it('fails a placeholder no trace fills, at its line', async () => {
    const { practice } = await workspaceWith('solution', { 'judge-user.md': 'Reply:\n{{reply}}\nOrder: {{order_line}}\n' });
    const { report } = await practice.check(ID);
    assert.equal(report.status, 'fail');
    assert.equal(report.tests[0]?.name, 'placeholder {{order_line}}');
    assert.deepEqual(report.tests[0]?.location, { file: 'practice/refund-promise-judge/judge-user.md', line: 3, column: 8 });
    assert.match(report.tests[0]?.message ?? '', /they have customer, order, reply/);
  });

  it("a learner's check may run live; a grader's re-check always uses the simulated judge", async () => {
    const yes = await alwaysSays('pass');
    const { practice } = await workspaceWith('solution');
    const { report } = await practice.check(ID, { model: live(yes) });
    assert.equal(report.usage?.provider, 'compatible', 'a compatible endpoint is used when the learner sets one');
    assert.equal(yes.trace.length, 40);
    assert.equal(testNamed(report, 'hidden · catches the failures')?.status, 'fail', 'a judge that passes everything catches nothing');
    assert.doesNotMatch(JSON.stringify(report), new RegExp(SECRET));

    const { report: regraded } = await practice.check(ID, { model: live(yes), answers: { recordingDirs: [] } });
    assert.equal(regraded.status, 'pass');
    assert.equal(regraded.usage?.provider, 'simulated');
    assert.equal(yes.trace.length, 40, "the re-check asked the learner's endpoint nothing");
  });

  it('an Anthropic provider without a key judges offline', async () => {
    const { practice } = await workspaceWith('solution');
    const { report } = await practice.check(ID, { model: { provider: 'anthropic', model: 'claude-haiku-4-5', budgetUsd: 0.25, cache: true, record: false } });
    assert.equal(report.status, 'pass');
    assert.equal(report.usage?.provider, 'simulated');
  });

  it('the simulated judge loads as a model module and answers over HTTP like any endpoint', async () => {
    const simulated = await loadSimulatedModel(path.join(EXERCISE_DIR, 'check', 'judge-model.ts'));
    assert.ok(simulated.respond);
    const server = await startSimulator(simulated);
    running.push(server);
    const { practice } = await workspaceWith('solution');
    const { report } = await practice.check(ID, { model: live(server) });
    assert.equal(report.status, 'pass', 'the simulated judge, reached as a live endpoint, agrees with the labels too');
    assert.equal(report.usage?.provider, 'compatible');
  });
});
