import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fingerprintOf, type KnownMistake, messageShape, resemblances, sharedFingerprints, stableTestName } from '../../src/core/check/fingerprint';
import { type CheckReport, checkReportSchema, REPORT_VERSION } from '../../src/core/check/report';
import { renderReport } from '../../src/core/check/reportText';
import { exerciseInputsHash, FINGERPRINTS_FILE, knownMistakesOf } from '../../src/core/packFingerprints';
import { validatePack } from '../../src/core/packLoader';
import { minimalManifest, writePack } from '../support/helpers';

function report(tests: CheckReport['tests'], status: CheckReport['status'] = tests.every((test) => test.status === 'pass') ? 'pass' : 'fail'): CheckReport {
  return { version: REPORT_VERSION, exercise: 'x', kind: 'llm-function', status, message: 'Not yet.', durationMs: 1, tests };
}

const mistake = (dir: string, fingerprint: string[], mentor?: string): KnownMistake => ({ dir, reason: `the ${dir} mistake`, ...(mentor ? { mentor } : {}), requirements: [`requirement of ${dir}`], fingerprint });

describe('a check report’s fingerprint', () => {
  it('is the sorted set of the non-passing tests with how each fails, without the values their messages show', () => {
    const a = report([
      { name: 'b retries', status: 'fail', message: 'It returned "hello" after 3 calls; it should wait 1.5 s first.' },
      { name: 'a answers', status: 'pass' },
      { name: 'c loads', status: 'error', message: 'The check could not run' },
      { name: 'd counts', status: 'fail', message: 'It reported 126 input and 25 output tokens (the usage says 138).\nMore.' },
    ]);
    assert.deepEqual(fingerprintOf(a), ['error · c loads · The check could not run', 'fail · b retries · It returned "…" after # calls', 'fail · d counts · It reported # input and # output tokens']);
    // Another learner, the same mistake, other values in the messages: the same fingerprint.
    const b = report([
      { name: 'd counts', status: 'fail', message: 'It reported 90 input and 12 output tokens (the usage says 100).' },
      { name: 'c loads', status: 'error', message: 'The check could not run: a time-out.' },
      { name: 'b retries', status: 'fail', message: 'It returned "hi, there: 2" after 7 calls.' },
      { name: 'a answers', status: 'pass' },
      { name: 'b retries', status: 'fail', message: 'It returned "again" after 2 calls.' },
    ]);
    assert.deepEqual(fingerprintOf(b), fingerprintOf(a));
    // Failing where the other errs, or failing the same test for another reason, is another behaviour.
    assert.notDeepEqual(fingerprintOf({ tests: a.tests.map((test) => (test.status === 'error' ? { ...test, status: 'fail' as const } : test)) }), fingerprintOf(a));
    assert.notDeepEqual(fingerprintOf({ tests: a.tests.map((test) => (test.name === 'b retries' ? { ...test, message: 'It threw TypeError' } : test)) }), fingerprintOf(a));
    assert.deepEqual(fingerprintOf(report([{ name: 'a', status: 'pass' }])), []);
    assert.deepEqual(fingerprintOf(report([{ name: 'a', status: 'fail' }])), ['fail · a']);
  });

  it('masks the ids a learner’s code makes (a random trace id differs on every run), and leaves words alone', () => {
    const shape = (id: string) => messageShape(`traceId ${id} was already used for another ticket`);
    assert.equal(shape('4a1e9d3d7daeea0cc5f2a'), 'traceId # was already used for another ticket');
    assert.equal(shape('9ca0a1df3a7a5b2aebb'), shape('4a1e9d3d7daeea0cc5f2a'));
    assert.equal(messageShape('The facade and a deadbeef stay words; 12 becomes a number'), 'The facade and a deadbeef stay words');
  });

  it('leaves out what the learner’s files put in a test’s name, and keeps a stage’s prefix', () => {
    assert.equal(stableTestName('line 7 · refund-late'), 'line *');
    assert.equal(stableTestName('line 12'), 'line *');
    assert.equal(stableTestName('placeholder {{ticket_text}}'), 'placeholder {{*}}');
    assert.deepEqual(fingerprintOf(report([{ name: 'placeholder {{ticket}}', status: 'fail', message: '{{ticket}} is not a field of the traces; they have a, b.' }])), ['fail · placeholder {{*}} · {{*}} is not a field of the traces']);
    assert.equal(stableTestName('stage 2 · answers from two passages'), 'stage 2 · answers from two passages');
    assert.equal(stableTestName('stage 1 · line 3 · x'), 'stage 1 · line *');
    assert.equal(stableTestName('recall@3 is at least 80 %'), 'recall@3 is at least 80 %');
    // Two learners' datasets, each with a different case wrong in the same way: one fingerprint.
    const one = report([{ name: 'line 3 · late', status: 'fail', message: 'Wrong expectation: a correct implementation returns a different retryAfterMs.' }]);
    const two = report([
      { name: 'line 9 · slow', status: 'fail', message: 'Wrong expectation: a correct implementation returns a different delay.' },
      { name: 'line 11 · other', status: 'fail', message: 'Wrong expectation: a correct implementation returns a different retryAfterMs.' },
    ]);
    assert.deepEqual(fingerprintOf(one), ['fail · line * · Wrong expectation']);
    assert.deepEqual(fingerprintOf(two), fingerprintOf(one));
    // A malformed case is another mistake than a wrong expectation: the field it gets wrong says so.
    assert.deepEqual(fingerprintOf(report([{ name: 'line 4 · x', status: 'fail', message: 'input.attempt: expected number, received string' }])), ['fail · line * · input.attempt']);
  });
});

describe('matching a failing check to known mistakes', () => {
  const mistakes = [mistake('wrong/a', ['fail · b retries'], 'Look at what happens on the second call.'), mistake('wrong/b', ['fail · c loads'])];

  it('names the mistake whose fingerprint is the report’s, with its mentor note and requirements', () => {
    const found = resemblances(report([{ name: 'a', status: 'pass' }, { name: 'b retries', status: 'fail' }]), mistakes);
    assert.deepEqual(found, [{ mistake: 'the wrong/a mistake', mentor: 'Look at what happens on the second call.', requirements: ['requirement of wrong/a'] }]);
    const withoutNote = resemblances(report([{ name: 'c loads', status: 'fail' }]), mistakes);
    assert.deepEqual(withoutNote, [{ mistake: 'the wrong/b mistake', requirements: ['requirement of wrong/b'] }]);
  });

  it('says nothing for another failure, a pass, an error, or a failure like the untouched starter', () => {
    assert.deepEqual(resemblances(report([{ name: 'b retries', status: 'fail' }, { name: 'c loads', status: 'fail' }]), mistakes), []);
    assert.deepEqual(resemblances(report([{ name: 'b retries', status: 'pass' }]), [mistake('wrong/none', [])]), []);
    assert.deepEqual(resemblances(report([{ name: 'b retries', status: 'fail' }], 'error'), mistakes), []);
    assert.deepEqual(resemblances(report([], 'fail'), [mistake('wrong/empty', [])]), []);
    assert.deepEqual(resemblances(report([{ name: 'b retries', status: 'fail' }]), mistakes, ['fail · b retries']), []);
  });

  it('names every known mistake that fails alike, and groups them for the author', () => {
    const twins = [...mistakes, mistake('wrong/twin', ['fail · b retries'])];
    assert.deepEqual(resemblances(report([{ name: 'b retries', status: 'fail' }]), twins).map((item) => item.mistake), ['the wrong/a mistake', 'the wrong/twin mistake']);
    assert.deepEqual(sharedFingerprints(twins.map((item) => ({ name: item.dir, fingerprint: item.fingerprint }))), [['wrong/a', 'wrong/twin']]);
    assert.deepEqual(sharedFingerprints(mistakes.map((item) => ({ name: item.dir, fingerprint: item.fingerprint }))), []);
  });

  it('is part of the report’s schema and of its text', () => {
    const failing = { ...report([{ name: 'b retries', status: 'fail' }]), resembles: [{ mistake: 'Retries at once.', mentor: 'What does the server ask you to wait?', requirements: ['Waits as told.'] }] };
    assert.ok(checkReportSchema.safeParse(failing).success);
    assert.equal(checkReportSchema.safeParse({ ...failing, resembles: [] }).success, false);
    const text = renderReport(failing);
    assert.match(text, /Not yet\.\n\nYour solution behaves like a known mistake:\n {2}• Retries at once\.\n {4}It breaks: Waits as told\.\n {4}Mentor: What does the server ask you to wait\?$/);
    assert.doesNotMatch(renderReport(report([{ name: 'b retries', status: 'fail' }])), /known mistake/);
  });
});

describe('fingerprints.json', () => {
  async function packWithWrong(): Promise<string> {
    const manifest = minimalManifest();
    manifest.exercises[0].knownWrong = [{ dir: 'wrong/one-side', reason: 'Only the passing side.', mentor: 'Which grade does your dataset never expect?' }];
    return writePack(manifest, { 'exercises/first-dataset/wrong/one-side/dataset.jsonl': '{"id": "fifty", "input": {"score": 50}, "expected": {"grade": "pass"}}\n' });
  }

  it('refuses a file that is not JSON or not of its shape, naming the file, line and field, instead of loading the pack', async () => {
    const dir = await packWithWrong();
    await fs.writeFile(path.join(dir, FINGERPRINTS_FILE), '{ "formatVersion": 1, "exercises": { "first-dataset": ');
    const broken = await validatePack(dir);
    assert.equal(broken.pack, undefined);
    assert.equal(broken.problems[0]?.file, path.join(dir, FINGERPRINTS_FILE));
    assert.match(broken.problems[0]?.fix ?? '', /pack verify --write-fingerprints/);

    await fs.writeFile(path.join(dir, FINGERPRINTS_FILE), '{\n  "formatVersion": 1,\n  "exercises": {\n    "first-dataset": { "inputs": "abc", "starter": [], "knownWrong": {} }\n  }\n}\n');
    const shape = await validatePack(dir);
    assert.equal(shape.pack, undefined);
    assert.equal(shape.problems[0]?.field, 'exercises.first-dataset.inputs');
    assert.equal(shape.problems[0]?.line, 4);
    assert.match(shape.problems[0]?.message ?? '', /^must be the 64-hex-digit hash/);

    await fs.writeFile(path.join(dir, FINGERPRINTS_FILE), JSON.stringify({ formatVersion: 1, exercises: {}, extra: true }));
    assert.equal((await validatePack(dir)).problems[0]?.field, 'extra');
  });

  it('matches from a current entry only: a changed starter or known-wrong makes it stale, a mentor note or README edit does not', async () => {
    const dir = await packWithWrong();
    const loaded = async () => {
      const { pack } = await validatePack(dir);
      assert.ok(pack);
      return pack.exercises[0] as NonNullable<typeof pack>['exercises'][number];
    };
    const exercise = await loaded();
    const entry = { inputs: await exerciseInputsHash(exercise), starter: ['fail · Covers every required label and tag'], knownWrong: { 'wrong/one-side': ['fail · Exposes at least 2 of 2 buggy implementations'] } };
    await fs.writeFile(path.join(dir, FINGERPRINTS_FILE), JSON.stringify({ formatVersion: 1, exercises: { 'first-dataset': entry } }));
    const known = await knownMistakesOf(await loaded(), entry);
    assert.deepEqual(known?.mistakes.map((item) => [item.dir, item.mentor, item.fingerprint]), [['wrong/one-side', 'Which grade does your dataset never expect?', entry.knownWrong['wrong/one-side']]]);

    const manifest = JSON.parse(await fs.readFile(path.join(dir, 'ai-practice-pack.json'), 'utf8'));
    manifest.exercises[0].knownWrong[0].mentor = 'Another note.';
    manifest.exercises[0].hints.push('A third hint.');
    await fs.writeFile(path.join(dir, 'ai-practice-pack.json'), JSON.stringify(manifest));
    await fs.appendFile(path.join(dir, 'exercises/first-dataset/README.md'), 'More words.\n');
    assert.equal((await knownMistakesOf(await loaded(), entry))?.mistakes[0]?.mentor, 'Another note.');

    await fs.appendFile(path.join(dir, 'exercises/first-dataset/wrong/one-side/dataset.jsonl'), '{"id": "sixty", "input": {"score": 60}, "expected": {"grade": "pass"}}\n');
    assert.equal(await knownMistakesOf(await loaded(), entry), undefined);
  });
});
