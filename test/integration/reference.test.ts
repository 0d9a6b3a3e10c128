import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { minimalManifest, runCli, temporaryDir, writePack } from '../support/helpers';

const ID = 'first-dataset';
const NOTES = '# Why the reference is so\n\nOne case on each side of the threshold: 50 passes, 49 fails.\n';
const GOOD = ['{"id": "fifty-passes", "input": {"score": 50}, "expected": {"grade": "pass"}}', '{"id": "forty-nine-fails", "input": {"score": 49}, "expected": {"grade": "fail"}}'].join('\n');

async function packWith(fields: Record<string, unknown>): Promise<string> {
  const manifest = minimalManifest();
  Object.assign(manifest.exercises[0], fields);
  return writePack(manifest, { 'exercises/first-dataset/REFERENCE.md': NOTES });
}

describe('ai-practice solution', () => {
  it('refuses before a pass with the command to run; once passed prints the notes and each file, and --diff what yours does differently', async () => {
    const pack = await packWith({ referenceNotes: 'REFERENCE.md' });
    const workspace = await temporaryDir('ai-practice-ws-');
    const cli = (...args: string[]) => runCli([...args, '--pack', pack], { cwd: workspace });
    assert.equal((await cli('start', ID)).code, 0);

    const before = await cli('solution', ID);
    assert.equal(before.code, 1, before.stderr);
    assert.equal(before.stdout, '', 'nothing of the reference is printed');
    assert.match(before.stderr, /error: The reference solution of "First dataset" opens once your own solution passes/);
    assert.match(before.stderr, /Check it first: ai-practice check first-dataset/);
    assert.equal((await cli('check', ID)).code, 1, 'the starter fails');
    assert.equal((await cli('solution', ID)).code, 1, 'a failing check opens nothing');

    // Solved the learner's own way: the same two cases, in the other order, with ids of their own.
    const mine = ['{"id": "below", "input": {"score": 49}, "expected": {"grade": "fail"}}', '{"id": "at", "input": {"score": 50}, "expected": {"grade": "pass"}}'].join('\n') + '\n';
    await fs.writeFile(path.join(workspace, 'practice', ID, 'dataset.jsonl'), mine);
    const check = await cli('check', ID);
    assert.equal(check.code, 0, check.stdout + check.stderr);

    const shown = await cli('solution', ID);
    assert.equal(shown.code, 0, shown.stderr);
    assert.equal(shown.stderr, '');
    const expected = [
      'The reference solution of First dataset (first-dataset)',
      '',
      NOTES.trimEnd(),
      '',
      `── reference/dataset.jsonl (yours: ${path.join('practice', ID, 'dataset.jsonl')})`,
      GOOD,
      '',
      `What yours does differently: ai-practice solution ${ID} --diff`,
      '',
    ].join('\n');
    assert.equal(shown.stdout, expected);

    const diff = await cli('solution', ID, '--diff');
    assert.equal(diff.code, 0, diff.stderr);
    assert.match(
      diff.stdout,
      new RegExp(
        [
          '--- reference/dataset.jsonl',
          `\\+\\+\\+ practice/${ID}/dataset.jsonl`,
          '@@ -1,2 \\+1,2 @@',
          '-\\{"id": "fifty-passes".*',
          '-\\{"id": "forty-nine-fails".*',
          '\\+\\{"id": "below".*',
          '\\+\\{"id": "at".*',
        ].join('\n'),
      ),
    );
    assert.doesNotMatch(diff.stdout, /What yours does differently/);

    // A later failing check does not close it again; a file the same as the reference says so.
    await fs.writeFile(path.join(workspace, 'practice', ID, 'dataset.jsonl'), '{"id": "a"}\n');
    assert.equal((await cli('check', ID)).code, 1);
    await fs.writeFile(path.join(workspace, 'practice', ID, 'dataset.jsonl'), GOOD);
    const same = await cli('solution', ID, '--diff');
    assert.equal(same.code, 0, same.stderr);
    assert.match(same.stdout, /Your file is the same as the reference\./);

    const json = JSON.parse((await cli('solution', ID, '--json')).stdout);
    assert.equal(json.exercise, ID);
    assert.equal(json.notes, NOTES);
    assert.deepEqual(json.files.map((file: { relative: string; text: string; learnerExists: boolean }) => [file.relative, file.text, file.learnerExists]), [['dataset.jsonl', GOOD, true]]);
  });

  it('refuses, passed or not, an exercise whose pack keeps its reference back', async () => {
    const pack = await packWith({ showReference: false });
    const workspace = await temporaryDir('ai-practice-ws-');
    const cli = (...args: string[]) => runCli([...args, '--pack', pack], { cwd: workspace });
    assert.equal((await cli('start', ID)).code, 0);
    await fs.writeFile(path.join(workspace, 'practice', ID, 'dataset.jsonl'), GOOD);
    assert.equal((await cli('check', ID)).code, 0);
    const refused = await cli('solution', ID, '--diff');
    assert.equal(refused.code, 1);
    assert.equal(refused.stdout, '');
    assert.match(refused.stderr, /error: "First dataset" does not show its reference solution: the pack "Tiny pack" keeps it back \("showReference": false\)\./);
  });

  it('shows a built-in exercise\'s notes from the pack', async () => {
    const workspace = await temporaryDir('ai-practice-ws-');
    const exercise = 'retry-policy-eval-dataset';
    assert.equal((await runCli(['start', exercise], { cwd: workspace })).code, 0);
    const reference = path.join(__dirname, '..', '..', '..', 'packs', 'builtin', 'exercises', exercise);
    await fs.copyFile(path.join(reference, 'solution', 'dataset.jsonl'), path.join(workspace, 'practice', exercise, 'dataset.jsonl'));
    assert.equal((await runCli(['check', exercise], { cwd: workspace })).code, 0);
    const shown = await runCli(['solution', exercise], { cwd: workspace });
    assert.equal(shown.code, 0, shown.stderr);
    assert.ok(shown.stdout.includes((await fs.readFile(path.join(reference, 'REFERENCE.md'), 'utf8')).trimEnd()), shown.stdout);
  });
});
