import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { validatePack } from '../../src/core/packLoader';
import { Practice } from '../../src/core/practiceService';
import { ProgressStore, recordCheck } from '../../src/core/progressStore';
import { ReferenceRefused } from '../../src/core/reference';
import { unifiedDiff } from '../../src/core/unifiedDiff';
import { minimalManifest, temporaryDir, writePack } from '../support/helpers';
import { projectManifest, STAGE_2_SOLUTION, writeProjectPack } from '../support/projectPack';

const NOW = new Date('2026-12-03T10:00:00Z');
const ID = 'first-dataset';
const NOTES = '# Why the reference is so\n\nOne case on each side of the threshold.\n';

function manifestWith(fields: Record<string, unknown>): Record<string, any> {
  const manifest = minimalManifest();
  Object.assign(manifest.exercises[0], fields);
  return manifest;
}

async function open(packDir: string): Promise<{ practice: Practice; workspace: string }> {
  const workspace = await temporaryDir('ai-practice-ws-');
  return { practice: await Practice.open({ packDir, workspace, clock: () => NOW }), workspace };
}

/** Records a check result as the check would, without running one (the unit tier runs no processes). */
async function recordResult(practice: Practice, id: string, status: 'pass' | 'fail'): Promise<void> {
  await new ProgressStore(practice.workspace).update((progress) =>
    recordCheck(progress, practice.pack.manifest.id, id, { status, message: status, passed: status === 'pass' ? 1 : 0, failed: status === 'pass' ? 0 : 1 }, NOW),
  );
}

const refused = (reason: 'opted-out' | 'not-passed', text: RegExp) => (error: unknown) => {
  assert.ok(error instanceof ReferenceRefused, String(error));
  assert.equal(error.reason, reason);
  assert.match(error.describe(), text);
  return true;
};

describe('the reference solution, once an exercise passes', () => {
  it('is refused before a pass, started or not, with the command that checks it', async () => {
    const { practice } = await open(await writePack(manifestWith({ referenceNotes: 'REFERENCE.md' }), { 'exercises/first-dataset/REFERENCE.md': NOTES }));
    await assert.rejects(practice.reference(ID), refused('not-passed', /opens once your own solution passes[\s\S]*Check it first: ai-practice check first-dataset/));
    await practice.start(ID);
    await recordResult(practice, ID, 'fail');
    await assert.rejects(practice.reference(ID), refused('not-passed', /"First dataset"/));
  });

  it('after a pass pairs each reference file with the learner\'s, with the notes; a later failing check does not take it back', async () => {
    const { practice, workspace } = await open(await writePack(manifestWith({ referenceNotes: 'REFERENCE.md' }), { 'exercises/first-dataset/REFERENCE.md': NOTES }));
    await practice.start(ID);
    await recordResult(practice, ID, 'pass');
    const reference = await practice.reference(ID);
    assert.equal(reference.notes?.text, NOTES);
    assert.deepEqual(
      reference.files.map(({ relative, reference: file, learner, learnerExists }) => ({ relative, file: path.relative(practice.pack.root, file), learner, learnerExists })),
      [{ relative: 'dataset.jsonl', file: path.join('exercises', ID, 'solution', 'dataset.jsonl'), learner: path.join(workspace, 'practice', ID, 'dataset.jsonl'), learnerExists: true }],
    );
    await recordResult(practice, ID, 'fail');
    assert.equal((await practice.reference(ID)).files.length, 1, 'the pass is kept');
    // A learner who deleted their file still gets the reference, marked as having no counterpart.
    await fs.rm(path.join(workspace, 'practice', ID, 'dataset.jsonl'));
    assert.equal((await practice.reference(ID)).files[0]?.learnerExists, false);
  });

  it('comes without notes when the exercise has none', async () => {
    const { practice } = await open(await writePack(minimalManifest()));
    await recordResult(practice, ID, 'pass');
    const reference = await practice.reference(ID);
    assert.equal(reference.notes, undefined);
    assert.equal(reference.files.length, 1);
  });

  it('is refused when the pack keeps it back, passed or not, saying so', async () => {
    const { practice } = await open(await writePack(manifestWith({ showReference: false })));
    await assert.rejects(practice.reference(ID), refused('opted-out', /keeps it back \("showReference": false\)/));
    await recordResult(practice, ID, 'pass');
    await assert.rejects(practice.reference(ID), refused('opted-out', /"First dataset" does not show its reference solution: the pack "Tiny pack"/));
  });

  it('of a project stage is that stage\'s solution files, paired with the project\'s shared folder', async () => {
    const { practice, workspace } = await open(await writeProjectPack(projectManifest(), { 'projects/grades/stage-2/solution/README-extra.md': 'a file the starter does not have\n' }));
    await recordResult(practice, 'grades-1', 'pass');
    await assert.rejects(practice.reference('grades-2'), refused('not-passed', /Letter grades/));
    const first = await practice.reference('grades-1');
    assert.deepEqual(first.files.map((file) => [file.relative, file.learner]), [['dataset.jsonl', path.join(workspace, 'practice', 'grades', 'dataset.jsonl')]]);
    await practice.start('grades-2');
    await recordResult(practice, 'grades-2', 'pass');
    const second = await practice.reference('grades-2');
    assert.deepEqual(
      second.files.map((file) => [file.relative, file.learner, file.learnerExists]),
      [
        ['README-extra.md', path.join(workspace, 'practice', 'grades', 'README-extra.md'), false],
        ['letters.jsonl', path.join(workspace, 'practice', 'grades', 'letters.jsonl'), true],
      ],
    );
    assert.equal(await fs.readFile(second.files[1]?.reference ?? '', 'utf8'), STAGE_2_SOLUTION);
  });
});

describe('the reference notes in the manifest', () => {
  const problemsOf = async (fields: Record<string, unknown>, files: Record<string, string | null> = {}) => (await validatePack(await writePack(manifestWith(fields), files))).problems;

  it('must exist, as a file', async () => {
    const [problem, ...rest] = await problemsOf({ referenceNotes: 'REFERENCE.md' });
    assert.deepEqual(rest, []);
    assert.equal(problem?.field, 'exercises[0].referenceNotes');
    assert.match(problem?.message ?? '', /file "exercises\/first-dataset\/REFERENCE.md" does not exist in the pack/);
    assert.equal(problem?.fix, 'create it or correct the path');
  });

  it('stay out of the solution folder (pack verify lays it over the learner\'s files) and the starter (handed out before a pass)', async () => {
    const [inSolution] = await problemsOf({ referenceNotes: 'solution/WHY.md' }, { 'exercises/first-dataset/solution/WHY.md': NOTES });
    assert.equal(inSolution?.field, 'exercises[0].referenceNotes');
    assert.match(inSolution?.message ?? '', /inside the solution folder, whose files `pack verify` lays over the learner's/);
    assert.match(inSolution?.fix ?? '', /"referenceNotes": "REFERENCE.md"/);
    const [inStarter] = await problemsOf({ referenceNotes: 'starter/WHY.md' }, { 'exercises/first-dataset/starter/WHY.md': NOTES });
    assert.match(inStarter?.message ?? '', /inside the starter folder, so learners would get them before they solve/);
  });

  it('and showReference take only their types', async () => {
    const [problem] = await problemsOf({ showReference: 'no' });
    assert.equal(problem?.field, 'exercises[0].showReference');
    assert.match(problem?.message ?? '', /expected true or false/);
  });
});

describe('unified diff', () => {
  it('prints the changed lines with three lines of context, as diff -u does', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].join('\n') + '\n';
    const after = ['a', 'b', 'c', 'd', 'E', 'f', 'g', 'h', 'i', 'j', 'k'].join('\n') + '\n';
    assert.equal(
      unifiedDiff(before, after, { before: 'reference/x.ts', after: 'practice/x/x.ts' }),
      ['--- reference/x.ts', '+++ practice/x/x.ts', '@@ -2,9 +2,10 @@', ' b', ' c', ' d', '-e', '+E', ' f', ' g', ' h', ' i', ' j', '+k', ''].join('\n'),
    );
  });

  it('splits changes far apart into hunks, numbers an empty side by the line before it, and is empty for equal texts', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
    const changed = [...lines];
    changed[1] = 'two';
    changed[17] = 'eighteen';
    const diff = unifiedDiff(lines.join('\n'), changed.join('\n'), { before: 'a', after: 'b' });
    assert.deepEqual(diff.split('\n').filter((line) => line.startsWith('@@')), ['@@ -1,5 +1,5 @@', '@@ -15,6 +15,6 @@']);
    assert.equal(unifiedDiff('', 'new\n', { before: 'a', after: 'b' }), '--- a\n+++ b\n@@ -0,0 +1 @@\n+new\n');
    assert.equal(unifiedDiff('same\n', 'same\n', { before: 'a', after: 'b' }), '');
  });
});
