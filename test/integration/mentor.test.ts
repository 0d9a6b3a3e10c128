import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { CheckReport } from '../../src/core/check/report';
import { Practice } from '../../src/core/practiceService';
import { minimalManifest, runCli, temporaryDir, writePack } from '../support/helpers';
import { projectManifest, STAGE_1_SOLUTION, STAGE_2_SOLUTION, writeProjectPack } from '../support/projectPack';

const line = (id: string, score: number, grade: 'pass' | 'fail'): string => JSON.stringify({ id, input: { score }, expected: { grade } });
const REFERENCE = [line('fifty-passes', 50, 'pass'), line('forty-nine-fails', 49, 'fail')].join('\n');

/** The tiny pack with three known-wrongs: two that fail alike (only the passing side), one with a wrong expectation. */
async function mentorPack(): Promise<{ dir: string; manifest: Record<string, any> }> {
  const manifest = minimalManifest();
  manifest.exercises[0].knownWrong = [
    { dir: 'wrong/wrong-expectation', reason: 'Expects a score of 49 to pass.', mentor: 'Read the threshold rule again: which side of it is 49 on?' },
    { dir: 'wrong/only-passing', reason: 'Tests only scores that pass.', mentor: 'A dataset that never expects a fail cannot catch a grader that always passes.' },
    { dir: 'wrong/only-fifty', reason: 'Tests only the score of 50.' },
  ];
  const dir = await writePack(manifest, {
    'exercises/first-dataset/wrong/wrong-expectation/dataset.jsonl': [line('fifty-passes', 50, 'pass'), line('forty-nine-passes', 49, 'pass'), line('ten-fails', 10, 'fail')].join('\n'),
    'exercises/first-dataset/wrong/only-passing/dataset.jsonl': [line('fifty-passes', 50, 'pass'), line('ninety-passes', 90, 'pass')].join('\n'),
    'exercises/first-dataset/wrong/only-fifty/dataset.jsonl': line('fifty', 50, 'pass'),
  });
  return { dir, manifest };
}

async function learnerCheck(packDir: string, dataset: string): Promise<{ text: string; report: CheckReport; code: number | null }> {
  const workspace = await temporaryDir();
  const at = ['--pack', packDir, '--workspace', workspace];
  assert.equal((await runCli(['start', 'first-dataset', ...at])).code, 0);
  await fs.writeFile(path.join(workspace, 'practice', 'first-dataset', 'dataset.jsonl'), dataset);
  const text = await runCli(['check', 'first-dataset', ...at]);
  const json = await runCli(['check', 'first-dataset', ...at, '--json']);
  return { text: text.stdout, report: JSON.parse(json.stdout) as CheckReport, code: text.code };
}

describe('mentor feedback from known-wrong fingerprints', () => {
  it('pack verify writes fingerprints.json, names the known-wrongs that fail alike, and fails while it is missing or stale', async () => {
    const { dir } = await mentorPack();
    const missing = await runCli(['pack', 'verify', dir]);
    assert.equal(missing.code, 1, missing.stdout);
    assert.match(missing.stdout, /All 5 solutions of 1 exercises behave/);
    assert.match(missing.stdout, /✗ fingerprints\.json is not current[^\n]*\n {4}first-dataset: no fingerprints\.json[^\n]*\n {4}Write it again: ai-practice pack verify \S+ --write-fingerprints\n/);
    // Known-wrongs that fail the same tests the same way: a warning, not a failure.
    assert.match(missing.stdout, /! first-dataset: wrong\/only-passing and wrong\/only-fifty fail the same tests the same way: a learner's check cannot tell them apart/);

    const written = await runCli(['pack', 'verify', dir, '--write-fingerprints']);
    assert.equal(written.code, 0, written.stdout);
    assert.match(written.stdout, /✓ wrote \S+fingerprints\.json: the fingerprints of 1 exercise/);
    const file = JSON.parse(await fs.readFile(path.join(dir, 'fingerprints.json'), 'utf8'));
    assert.deepEqual(Object.keys(file.exercises['first-dataset'].knownWrong), ['wrong/wrong-expectation', 'wrong/only-passing', 'wrong/only-fifty']);
    assert.deepEqual(file.exercises['first-dataset'].knownWrong['wrong/wrong-expectation'], ['fail · line * · Wrong expectation']);
    const current = await runCli(['pack', 'verify', dir, '--json']);
    assert.equal(current.code, 0, current.stdout);
    const json = JSON.parse(current.stdout) as { ok: boolean; fingerprints: { current: boolean; stale: string[]; shared: { exercise: string; names: string[] }[] } };
    assert.deepEqual(json.fingerprints, { current: true, stale: [], shared: [{ exercise: 'first-dataset', names: ['wrong/only-passing', 'wrong/only-fifty'] }] });

    // A known-wrong changed after the file was written: stale, with the fix named.
    await fs.appendFile(path.join(dir, 'exercises/first-dataset/wrong/only-fifty/dataset.jsonl'), `\n${line('seventy', 70, 'pass')}`);
    const stale = await runCli(['pack', 'verify', dir]);
    assert.equal(stale.code, 1, stale.stdout);
    assert.match(stale.stdout, /All 5 solutions of 1 exercises behave/);
    assert.match(stale.stdout, /first-dataset: its files or check settings changed since fingerprints\.json was written, so learners get no match from it\n {4}Write it again: ai-practice pack verify \S+ --write-fingerprints/);
  });

  it('tells a learner whose check fails like a known mistake which one, with its mentor note; another failure and a pass get nothing extra', async () => {
    const { dir } = await mentorPack();
    assert.equal((await runCli(['pack', 'verify', dir, '--write-fingerprints'])).code, 0);

    // The learner's own dataset: other ids, other lines, the same mistake.
    const same = await learnerCheck(dir, [line('ten-fails', 10, 'fail'), line('sixty-passes', 60, 'pass'), line('fifty-passes', 50, 'pass'), line('forty-nine', 49, 'pass')].join('\n'));
    assert.equal(same.report.status, 'fail');
    assert.match(same.text, /\nYour solution behaves like a known mistake:\n {2}• Expects a score of 49 to pass\.\n {4}Mentor: Read the threshold rule again: which side of it is 49 on\?\n/);
    assert.deepEqual(same.report.resembles, [{ mistake: 'Expects a score of 49 to pass.', mentor: 'Read the threshold rule again: which side of it is 49 on?' }]);

    // Mistakes that fail alike: both are named.
    const alike = await learnerCheck(dir, [line('eighty', 80, 'pass'), line('seventy', 70, 'pass')].join('\n'));
    assert.deepEqual(alike.report.resembles?.map((item) => item.mistake), ['Tests only scores that pass.', 'Tests only the score of 50.']);
    assert.match(alike.text, /Your solution behaves like one of 2 known mistakes, which fail the same way:/);

    // A mistake no known-wrong makes (a duplicate case): nothing extra.
    const other = await learnerCheck(dir, `${REFERENCE}\n${line('fifty-again', 50, 'pass')}`);
    assert.equal(other.report.status, 'fail');
    assert.equal(other.report.resembles, undefined);
    assert.doesNotMatch(other.text, /known mistake|Mentor:/);

    const pass = await learnerCheck(dir, REFERENCE);
    assert.equal(pass.report.status, 'pass');
    assert.equal(pass.report.resembles, undefined);
    assert.doesNotMatch(pass.text, /known mistake/);

    // The untouched starter resembles nothing: nothing tells it from work not begun.
    const starter = await learnerCheck(dir, '{"id": "a"}\n');
    assert.equal(starter.report.resembles, undefined);
  });

  it('matches nothing from a stale entry, and a malformed fingerprints.json is a problem with its place, not a crash', async () => {
    const { dir } = await mentorPack();
    assert.equal((await runCli(['pack', 'verify', dir, '--write-fingerprints'])).code, 0);
    const dataset = [line('ten-fails', 10, 'fail'), line('fifty-passes', 50, 'pass'), line('forty-nine', 49, 'pass')].join('\n');
    assert.ok((await learnerCheck(dir, dataset)).report.resembles);
    await fs.writeFile(path.join(dir, 'exercises/first-dataset/check/harness.ts'), `${await fs.readFile(path.join(dir, 'exercises/first-dataset/check/harness.ts'), 'utf8')}\n// changed\n`);
    assert.equal((await learnerCheck(dir, dataset)).report.resembles, undefined);

    await fs.writeFile(path.join(dir, 'fingerprints.json'), '{ "formatVersion": 1, "exercises": { "first-dataset": { "inputs": 7 } } }');
    const workspace = await temporaryDir();
    const broken = await runCli(['start', 'first-dataset', '--pack', dir, '--workspace', workspace]);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /fingerprints\.json:1:\d+ exercises\.first-dataset\.inputs: [^\n]*expected string[^\n]*\n {4}fix: it is written by `ai-practice pack verify --write-fingerprints`: write it again rather than edit it/);
    assert.doesNotMatch(broken.stderr, /at .*\.js:\d+/);
  });

  it('fingerprints a project stage as the learner’s check reports it, the earlier stages’ tests included', async () => {
    const manifest = projectManifest();
    manifest.exercises[2].knownWrong[0].mentor = 'Which letter does a low score get, and which case of yours shows it?';
    // A stage-2 starter that fails otherwise than the known-wrong (an unfinished case), so the two can be told apart.
    const dir = await writeProjectPack(manifest, { 'projects/grades/stage-2/starter/letters.jsonl': '{"id": "todo"}\n' });
    const verified = await runCli(['pack', 'verify', dir, '--write-fingerprints', '--exercise', 'grades-2']);
    assert.equal(verified.code, 0, verified.stdout);
    const file = JSON.parse(await fs.readFile(path.join(dir, 'fingerprints.json'), 'utf8'));
    assert.ok(file.exercises['grades-2'].knownWrong['wrong/no-c'].every((entry: string) => entry.includes('stage 2 · ')));

    const practice = await Practice.open({ packDir: dir, workspace: await temporaryDir() });
    await practice.start('grades-1');
    await fs.writeFile(path.join(practice.workspace, 'practice', 'grades', 'dataset.jsonl'), STAGE_1_SOLUTION);
    assert.equal((await practice.check('grades-1')).report.status, 'pass');
    await practice.start('grades-2');
    // The learner's own letters, without a low score.
    await fs.writeFile(path.join(practice.workspace, 'practice', 'grades', 'letters.jsonl'), [STAGE_2_SOLUTION.split('\n')[1], '{"id": "ninety-five", "input": {"score": 95}, "expected": {"letter": "A"}}'].join('\n'));
    const { report } = await practice.check('grades-2');
    assert.equal(report.status, 'fail');
    assert.deepEqual(report.resembles, [{ mistake: 'Never tests a low score.', mentor: 'Which letter does a low score get, and which case of yours shows it?' }]);
    // The same mistake with stage 1 broken too is another behaviour: nothing is claimed.
    await fs.writeFile(path.join(practice.workspace, 'practice', 'grades', 'dataset.jsonl'), line('fifty-passes', 50, 'pass'));
    assert.equal((await practice.check('grades-2')).report.resembles, undefined);
  });
});
