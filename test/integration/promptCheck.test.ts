import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { renderReport } from '../../src/core/check/reportText';
import type { ModelSettings } from '../../src/core/model/modelSettings';
import { gradeWorkspace } from '../../src/core/gradeReport';
import { cacheKey, type ModelRequest, requestKey } from '../../src/core/model/modelRequest';
import { parseRecording, type RecordingEntry, writeRecording } from '../../src/core/model/recordings';
import { CheckCancelled } from '../../src/core/practiceService';
import { loadSimulatedModel } from '../../src/core/simulator/loadSimulatedModel';
import { ruleMatches, scenarioSchema } from '../../src/core/simulator/scenario';
import { type Simulator, startSimulator } from '../../src/core/simulator/server';
import { EXERCISE, EXERCISE_DIR, REPLAY, workspaceWith } from '../support/promptExercise';

const SECRET = 'sk-ant-api03-THIS-IS-A-TEST-SECRET-4f9c2b';

const running: Simulator[] = [];
after(async () => {
  for (const simulator of running) await simulator.close();
});

/**
 * The "real" endpoint for these tests: the local simulator playing the exercise's simulated
 * model (check/model.ts: it answers from what each prompt states), optionally with rules in
 * front (errors, faults) and a delay on every answer.
 */
async function endpoint(options: { before?: unknown[]; delayMs?: number } = {}): Promise<Simulator> {
  const { respond } = await loadSimulatedModel(path.join(EXERCISE_DIR, 'check', 'model.ts'));
  assert.ok(respond);
  const before = options.before?.length ? scenarioSchema.parse({ rules: options.before }).rules : [];
  const fired = new Map<(typeof before)[number], number>();
  const simulator = await startSimulator({
    respond: (request, facts) => {
      const rule = before.find((candidate) => ruleMatches(candidate, facts) && (candidate.times === undefined || (fired.get(candidate) ?? 0) < candidate.times));
      if (rule) {
        fired.set(rule, (fired.get(rule) ?? 0) + 1);
        const { when: _when, times: _times, ...answer } = rule;
        return answer;
      }
      const answer = respond(request, facts);
      return answer && options.delayMs ? { ...answer, delayMs: options.delayMs } : answer;
    },
    scenarioName: 'test scenario',
  });
  running.push(simulator);
  return simulator;
}

function live(simulator: Simulator, overrides: Partial<ModelSettings> = {}): ModelSettings {
  return { provider: 'compatible', baseUrl: simulator.url, model: 'claude-haiku-4-5', budgetUsd: 1, cache: true, record: false, apiKey: SECRET, ...overrides };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

describe('prompt-debugging checks against a live endpoint (the simulator, through the SDK over HTTP)', () => {
  it('passes the reference prompt and fails the starter, with per-case samples, tokens and dollars', async () => {
    const simulator = await endpoint();
    const reference = await workspaceWith('solution');
    const events: string[] = [];
    const passed = (await reference.practice.check(EXERCISE, { model: live(simulator), onProgress: (event) => events.push(event.type) })).report;
    assert.equal(passed.status, 'pass', passed.message);
    assert.equal(passed.tests.length, 12);
    assert.equal(passed.usage?.calls, 36);
    assert.equal(passed.usage?.fromCache, 0);
    assert.ok((passed.usage?.inputTokens ?? 0) > 1000 && (passed.usage?.outputTokens ?? 0) > 100);
    // Priced from the table: claude-haiku-4-5 is $1 in / $5 out per million tokens.
    const usage = passed.usage;
    assert.ok(usage && usage.costUsd !== null && usage.maxCostUsd !== null);
    assert.ok(Math.abs(usage.costUsd - (usage.inputTokens * 1 + usage.outputTokens * 5) / 1e6) < 1e-9);
    assert.ok(usage.maxCostUsd >= usage.costUsd, 'the bound shown before the run holds');
    assert.deepEqual(usage.sources, [`the practice simulator (scenario test scenario), not a real model, on ${new Date().toISOString().slice(0, 10)}`]);
    assert.equal(events[0], 'estimate');
    assert.equal(events.filter((type) => type === 'call').length, 36);

    // The simulated model is deterministic; a rule in front makes one sample of one case differ,
    // as a real model's would: bare JSON once, then the model's prose around it.
    const flaky = await endpoint({
      before: [{ name: 'bare JSON once', times: 1, when: { userText: 'charged twice' }, reply: { content: [{ type: 'text', text: '{"categories":["billing"],"urgency":"high","needsHuman":true}' }] } }],
    });
    const starter = await workspaceWith('starter');
    const failed = (await starter.practice.check(EXERCISE, { model: live(flaky) })).report;
    assert.equal(failed.status, 'fail');
    const prose = failed.tests.find((test) => test.name === 'case prose-around-json');
    assert.match(prose?.message ?? '', /^1 of 3 samples passed \(needs 2 of 3\)\. Sample \d: the reply is not JSON/);
    assert.equal(prose?.location?.file, `practice/${EXERCISE}/cases.jsonl`);
    assert.equal(prose?.expected, '{"categories":["billing"],"urgency":"high","needsHuman":true}');
    const hidden = failed.tests.find((test) => test.name === 'hidden case: a billing question with no rush');
    assert.equal(hidden?.status, 'fail');
    assert.equal(hidden?.location, undefined);
    assert.doesNotMatch(`${hidden?.message ?? ''}${hidden?.output ?? ''}`, /service fee|"low"/, 'a hidden case shows neither its input nor its expected value');
    assert.ok(failed.advice?.some((item) => item.rule === 'undelimited-input' && item.location?.file === `practice/${EXERCISE}/user.md` && item.location.line === 4));
  });

  it('serves an unchanged re-check from the cache at no cost, and --no-cache asks again', async () => {
    const simulator = await endpoint();
    const { workspace, practice } = await workspaceWith('solution');
    await practice.check(EXERCISE, { model: live(simulator) });
    const requestsAfterFirst = simulator.trace.length;
    const again = (await practice.check(EXERCISE, { model: live(simulator) })).report;
    assert.equal(simulator.trace.length, requestsAfterFirst, 'no request reached the endpoint');
    assert.equal(again.status, 'pass');
    assert.deepEqual([again.usage?.calls, again.usage?.fromCache, again.usage?.inputTokens, again.usage?.costUsd], [36, 36, 0, 0]);
    assert.match(again.message, /36 of 36 answers from cache/);
    assert.equal((await filesUnder(path.join(workspace, '.ai-practice', 'cache', 'model'))).length, 36);

    // Another model's answers are other answers: not served from this cache.
    const otherModel = (await practice.check(EXERCISE, { model: live(simulator, { model: 'claude-opus-4-6' }) })).report;
    assert.equal(otherModel.usage?.fromCache, 0);
    const uncached = (await practice.check(EXERCISE, { model: live(simulator, { cache: false }) })).report;
    assert.equal(uncached.usage?.fromCache, 0);
    assert.equal(simulator.trace.length, requestsAfterFirst + 72);
  });

  it('retries 429 and 529 as the server\'s retry-after says, and counts the retries', async () => {
    const simulator = await endpoint({
      before: [
        { name: 'rate limited', times: 2, error: { status: 429, retryAfter: 0 } },
        { name: 'overloaded', times: 1, error: { status: 529, retryAfter: 0 } },
      ],
    });
    const { practice } = await workspaceWith('solution');
    const report = (await practice.check(EXERCISE, { model: live(simulator, { cache: false }), concurrency: 1 })).report;
    assert.equal(report.status, 'pass', report.message);
    assert.equal(report.usage?.retries, 3);
    assert.deepEqual(simulator.trace.slice(0, 4).map((entry) => entry.status), [429, 429, 529, 200]);
  });

  it('stops cleanly at the budget with what it measured, never spending past it', async () => {
    const simulator = await endpoint();
    const { practice } = await workspaceWith('solution');
    const budgetUsd = 0.01;
    const report = (await practice.check(EXERCISE, { model: live(simulator, { budgetUsd, cache: false }) })).report;
    assert.equal(report.status, 'error');
    assert.equal(report.errorIn, 'model');
    assert.match(report.message, /^Stopped at the budget of \$0\.01: the next call could have gone over it\. \d+ of 12 cases finished; \d+ calls so far/);
    const usage = report.usage;
    assert.ok(usage && usage.costUsd !== null);
    assert.ok(usage.calls > 0 && usage.calls < 36, `${usage.calls} calls`);
    assert.ok(usage.costUsd > 0 && usage.costUsd <= budgetUsd, `spent ${usage.costUsd}`);
    assert.ok(report.tests.some((test) => test.status === 'error' && /^Not finished/.test(test.message ?? '')));
    assert.equal(simulator.trace.length, usage.calls, 'no call was sent that was not measured');
  });

  it('stops on an error the model cannot retry, saying what and where, without the key', async () => {
    const simulator = await endpoint({ before: [{ name: 'bad key', error: { status: 401 } }] });
    const { practice } = await workspaceWith('solution');
    const report = (await practice.check(EXERCISE, { model: live(simulator, { cache: false }) })).report;
    assert.equal(report.status, 'error');
    assert.equal(report.errorIn, 'model');
    assert.match(report.message, new RegExp(`Stopped: ${simulator.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} refused the API key \\(401\\)`));
    assert.ok(!JSON.stringify(report).includes(SECRET));
  });

  it('never writes the API key anywhere: reports, text, cache, recordings, progress', async () => {
    const simulator = await endpoint();
    const { workspace, practice } = await workspaceWith('solution');
    const outputs: string[] = [];
    for (const cache of [true, true]) {
      const { report } = await practice.check(EXERCISE, { model: live(simulator, { cache, record: true }), onProgress: (event) => outputs.push(JSON.stringify(event)) });
      outputs.push(JSON.stringify(report), renderReport(report));
    }
    const files = await filesUnder(workspace);
    assert.ok(files.some((file) => file.includes(`${path.sep}recordings${path.sep}`)), 'a recording was written');
    for (const file of files) outputs.push(await fs.readFile(file, 'utf8'));
    assert.ok(outputs.length > 30);
    for (const output of outputs) assert.ok(!output.includes(SECRET) && !output.includes(SECRET.slice(-12)), 'the key leaked');
    // The simulator did receive it: it was sent where it belongs.
    assert.notEqual(simulator.trace[0]?.auth, 'none');
  });

  it('can be cancelled mid-run', async () => {
    const simulator = await endpoint({ delayMs: 200 });
    const { practice } = await workspaceWith('solution');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    await assert.rejects(practice.check(EXERCISE, { model: live(simulator, { cache: false }), signal: controller.signal }), CheckCancelled);
  });
});

describe('prompt-debugging checks: replay and recordings', () => {
  it('records a live run with its provenance, and replays the recording from the workspace', async () => {
    const simulator = await endpoint();
    const { workspace, practice, folder } = await workspaceWith('solution');
    // An edit no pack recording knows, answered live by the endpoint…
    const system = path.join(folder, 'system.md');
    await fs.writeFile(system, (await fs.readFile(system, 'utf8')).replace('Rules:', 'The rules:'));
    const recorded = (await practice.check(EXERCISE, { model: live(simulator, { record: true }) })).report;
    assert.equal(recorded.status, 'pass', recorded.message);
    assert.match(recorded.usage?.recordedTo ?? '', /^\.ai-practice\/recordings\/triage-prompt-debugging\/.+\.json$/);
    const recording = parseRecording(await fs.readFile(path.join(workspace, recorded.usage?.recordedTo ?? ''), 'utf8'), 'recording');
    assert.equal(recording.entries.length, 36);
    assert.ok(recording.entries.every((entry) => entry.provenance.source === 'simulator' && entry.request.system.includes('The rules:')));
    // …now replays offline.
    const replayed = (await practice.check(EXERCISE, { model: REPLAY })).report;
    assert.equal(replayed.status, 'pass', replayed.message);
  });
});

/**
 * A student's forgery: the pack's starter recording, its prompt edited a little (so that no
 * pack recording answers it) and every answer swapped for the reference's, which pass.
 */
async function forgedAnswers(folder: string): Promise<{ request: ModelRequest; sample: number; answer: RecordingEntry['answer']; provenance: RecordingEntry['provenance'] }[]> {
  const recordings = path.join(EXERCISE_DIR, 'check', 'recordings');
  const starter = parseRecording(await fs.readFile(path.join(recordings, 'starter.json'), 'utf8'), 'starter');
  const reference = parseRecording(await fs.readFile(path.join(recordings, 'reference.json'), 'utf8'), 'reference');
  const passing = new Map(reference.entries.map((entry) => [`${entry.label} ${entry.sample}`, entry]));
  const system = path.join(folder, 'system.md');
  await fs.writeFile(system, (await fs.readFile(system, 'utf8')).replace('You triage', 'You do triage'));
  return starter.entries.map((entry) => {
    const good = passing.get(`${entry.label} ${entry.sample}`);
    assert.ok(good, `the reference recording answers ${entry.label}`);
    return { request: { ...entry.request, system: entry.request.system.replace('You triage', 'You do triage') }, sample: entry.sample, answer: good.answer, provenance: good.provenance };
  });
}

describe("a judge's re-check takes no answer from the workspace", () => {
  it('a recording planted in the workspace passes the learner\'s own check, and not the judge\'s', async () => {
    const { workspace, practice, folder } = await workspaceWith('starter');
    const forged = await forgedAnswers(folder);
    await writeRecording(
      path.join(workspace, '.ai-practice', 'recordings', EXERCISE, 'forged.json'),
      EXERCISE,
      'forged',
      forged.map((item) => ({ ...item, key: requestKey(item.request, item.sample), label: 'forged' })),
    );
    const own = (await practice.check(EXERCISE, { model: REPLAY })).report;
    assert.equal(own.status, 'pass', 'the forgery is well made: it fools a check that trusts the workspace');
    const graded = await gradeWorkspace(practice, { recheck: true, model: REPLAY });
    const row = graded.rows.find((candidate) => candidate.id === EXERCISE);
    assert.equal(row?.status, 'error');
    assert.equal(row?.score, 0);
    assert.match(row?.check?.message ?? '', /No recording for this prompt/);
  });

  it('a cache entry planted in the workspace passes the learner\'s own check, and the judge asks the model instead', async () => {
    const simulator = await endpoint();
    const { workspace, practice, folder } = await workspaceWith('starter');
    const settings = live(simulator);
    for (const item of await forgedAnswers(folder)) {
      const key = cacheKey('compatible', simulator.url, settings.model, requestKey(item.request, item.sample));
      const file = path.join(workspace, '.ai-practice', 'cache', 'model', key.slice(0, 2), `${key}.json`);
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, JSON.stringify({ answer: item.answer, provenance: item.provenance }));
    }
    const own = (await practice.check(EXERCISE, { model: settings })).report;
    assert.equal(own.status, 'pass', 'the forgery is well made: it fools a check that trusts the workspace');
    assert.equal(simulator.received, 0, 'the learner\'s check took every answer from the planted cache');
    const graded = await gradeWorkspace(practice, { recheck: true, model: settings });
    const row = graded.rows.find((candidate) => candidate.id === EXERCISE);
    assert.equal(row?.status, 'failed', row?.check?.message);
    assert.equal(simulator.received, 36, 'the judge asked the model every call');
  });
});
