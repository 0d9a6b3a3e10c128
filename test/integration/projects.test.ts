import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { verifyPack } from '../../src/core/packVerify';
import { checkRunnerScript, Practice } from '../../src/core/practiceService';
import { UserError } from '../../src/core/userError';
import { REPO_ROOT, runCli, temporaryDir } from '../support/helpers';
import { STAGE_1_SOLUTION, STAGE_2_SOLUTION, writeProjectPack } from '../support/projectPack';

describe('a project built in stages', () => {
  it('opens stage by stage in one folder, checks every stage before the current one, and resets as a whole', async () => {
    const packDir = await writeProjectPack();
    const workspace = await temporaryDir();
    const practice = await Practice.open({ packDir, workspace });
    const folder = path.join(workspace, 'practice', 'grades');

    await assert.rejects(practice.start('grades-2'), (error: unknown) => error instanceof UserError && /Stage 2 of A grading service \("grades-2"\) opens once stage 1 \("grades-1"\) passes/.test(error.message));
    const first = await practice.start('grades-1');
    assert.equal(first.folder, folder);
    assert.deepEqual(first.created.sort(), ['STAGE-1.md', 'dataset.jsonl']);

    await fs.writeFile(path.join(folder, 'dataset.jsonl'), STAGE_1_SOLUTION);
    const passed = await practice.check('grades-1');
    assert.equal(passed.report.status, 'pass');
    assert.match(passed.report.message, /^Stage 1 of 2 passes, and every stage before it still does\. Stage 2 is open: start grades-2\.$/);
    assert.deepEqual(passed.report.stage, { project: 'grades', number: 1, of: 2, next: 'grades-2' });

    const second = await practice.start('grades-2');
    assert.deepEqual(second.created.sort(), ['STAGE-2.md', 'letters.jsonl']);
    assert.equal(await fs.readFile(path.join(folder, 'dataset.jsonl'), 'utf8'), STAGE_1_SOLUTION, "stage 1's work is left as it is");

    const starter = await practice.check('grades-2');
    assert.equal(starter.report.status, 'fail');
    assert.ok(starter.report.tests.some((test) => test.name.startsWith('stage 1 · ')) && starter.report.tests.some((test) => test.name.startsWith('stage 2 · ')));
    assert.ok(starter.report.tests.filter((test) => test.name.startsWith('stage 1 · ')).every((test) => test.status === 'pass'));
    assert.match(starter.report.message, /^Stage 2 of 2: /);

    await fs.writeFile(path.join(folder, 'letters.jsonl'), STAGE_2_SOLUTION);
    const done = await practice.check('grades-2');
    assert.equal(done.report.status, 'pass', done.report.message);
    assert.equal(done.report.message, 'All 2 stages of A grading service pass: the project is done.');

    // Breaking what stage 1 built fails stage 2's check, naming stage 1.
    await fs.writeFile(path.join(folder, 'dataset.jsonl'), STAGE_1_SOLUTION.split('\n')[0] as string);
    const regressed = await practice.check('grades-2');
    assert.equal(regressed.report.status, 'fail');
    assert.match(regressed.report.message, /^stage 1 \(Pass or fail\) no longer passes: this stage builds on it, so fix that first\. Stage 2 itself passes\.$/);

    const { roadmap } = await practice.roadmap();
    assert.deepEqual(
      roadmap.projects.map((project) => [project.id, project.current, project.passed, project.total, project.stages.map((stage) => [stage.id, stage.status, stage.stage?.open])]),
      [['grades', 2, 1, 2, [['grades-1', 'passed', true], ['grades-2', 'failed', true]]]],
    );
    assert.ok(!roadmap.areas.some((area) => area.skills.some((skill) => skill.exercises.some((exercise) => exercise.stage))), 'stages are shown with their project only');
    assert.equal(roadmap.total, 3);

    const reset = await practice.reset('grades-2');
    assert.ok(reset.backup && (await fs.readFile(path.join(reset.backup, 'letters.jsonl'), 'utf8')) === STAGE_2_SOLUTION, 'the whole folder went to the backup');
    assert.deepEqual(reset.start.created.sort(), ['STAGE-1.md', 'dataset.jsonl']);
    const after = await practice.roadmap();
    assert.deepEqual(after.roadmap.projects[0]?.stages.map((stage) => stage.status), ['in-progress', 'not-started']);
  });

  it('pack verify lays each stage over the references before it', async () => {
    const pack = await Practice.open({ packDir: await writeProjectPack(), workspace: await temporaryDir() });
    const result = await verifyPack(pack.pack, { runnerScript: checkRunnerScript(path.join(REPO_ROOT, 'out', 'src', 'core')) });
    const rows = result.rows.filter((row) => row.exercise.startsWith('grades')).map((row) => [row.exercise, row.solution, row.got, row.ok]);
    assert.deepEqual(rows, [
      ['grades-1', 'reference', 'pass', true],
      ['grades-1', 'starter', 'fail', true],
      ['grades-2', 'reference', 'pass', true],
      ['grades-2', 'starter', 'fail', true],
      ['grades-2', 'no-c', 'fail', true],
    ]);
  });

  it('ai-practice list shows the project with its stages, locked until the one before passes', async () => {
    const packDir = await writeProjectPack();
    const workspace = await temporaryDir();
    const listed = await runCli(['list', '--pack', packDir, '--workspace', workspace]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /^Projects · built in stages/m);
    assert.match(listed.stdout, /^ {2}A grading service · stage 1 of 2$/m);
    assert.match(listed.stdout, /^ {4}1\. ○ grades-1 +Pass or fail/m);
    assert.match(listed.stdout, /^ {4}2\. ○ grades-2 +Letter grades .* \(locked\)$/m);
  });
});
