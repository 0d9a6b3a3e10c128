import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Practice } from '../../src/core/practiceService';
import { UserError } from '../../src/core/userError';
import { BUILTIN_PACK, exists, temporaryDir } from '../support/helpers';

const NOW = new Date('2026-11-25T10:00:00Z');
const ID = 'agent-loop-basics';

async function openBuiltin(): Promise<{ practice: Practice; workspace: string }> {
  const workspace = await temporaryDir('ai-practice-ws-');
  return { practice: await Practice.open({ packDir: BUILTIN_PACK, workspace, clock: () => NOW }), workspace };
}

describe('starting the whole pack over', () => {
  it('moves every exercise folder and a copy of the progress into one backup, and clears only this pack\'s progress', async () => {
    const { practice, workspace } = await openBuiltin();
    await practice.start(ID);
    await practice.start('triage-eval-dataset');
    await fs.copyFile(path.join(BUILTIN_PACK, 'exercises', 'triage-eval-dataset', 'solution', 'dataset.jsonl'), path.join(workspace, 'practice', 'triage-eval-dataset', 'dataset.jsonl'));
    assert.equal((await practice.check('triage-eval-dataset')).report.status, 'pass');
    await fs.writeFile(path.join(workspace, 'practice', ID, 'agent.ts'), '// my attempt');
    // A folder the learner made for an exercise the progress does not know of yet counts too.
    await fs.mkdir(path.join(workspace, 'practice', 'handbook-chunking'));
    await fs.writeFile(path.join(workspace, 'practice', 'handbook-chunking', 'notes.md'), 'mine');
    // Another pack's progress in the same file.
    const progressPath = path.join(workspace, '.ai-practice', 'progress.json');
    const before = JSON.parse(await fs.readFile(progressPath, 'utf8'));
    const elsewhere = { status: 'passed', startedAt: NOW.toISOString(), updatedAt: NOW.toISOString() };
    before.packs['other-pack'] = { exercises: { elsewhere } };
    await fs.writeFile(progressPath, JSON.stringify(before));

    const plan = await practice.planResetAll();
    assert.deepEqual(
      plan.exercises.map(({ id, status, hasFolder }) => [id, status, hasFolder]).sort(),
      [[ID, 'in-progress', true], ['handbook-chunking', 'not-started', true], ['triage-eval-dataset', 'passed', true]].sort(),
    );
    assert.ok(await exists(path.join(workspace, 'practice', ID, 'agent.ts')), 'planning touches nothing');

    const result = await practice.resetAll();
    assert.equal(result.backup, path.join(workspace, '.ai-practice', 'backups', 'ai-engineering-core-all-2026-11-25T10-00-00Z'));
    assert.deepEqual(result.exercises.sort(), [ID, 'handbook-chunking', 'triage-eval-dataset'].sort());
    assert.equal(await fs.readFile(path.join(result.backup, ID, 'agent.ts'), 'utf8'), '// my attempt');
    assert.equal(await fs.readFile(path.join(result.backup, 'handbook-chunking', 'notes.md'), 'utf8'), 'mine');
    const kept = JSON.parse(await fs.readFile(path.join(result.backup, 'progress.json'), 'utf8'));
    assert.equal(kept.packs['ai-engineering-core'].exercises['triage-eval-dataset'].status, 'passed', 'the backup holds the progress as it was');
    for (const id of result.exercises) assert.equal(await exists(path.join(workspace, 'practice', id)), false, `${id} moved`);
    assert.ok(await exists(path.join(workspace, 'practice', 'tsconfig.json')), 'files beside the exercise folders stay');

    const after = JSON.parse(await fs.readFile(progressPath, 'utf8'));
    assert.equal(after.packs['ai-engineering-core'], undefined);
    assert.deepEqual(after.packs['other-pack'], { exercises: { elsewhere } }, 'other packs keep their progress');
    const { roadmap } = await practice.roadmap();
    assert.equal(roadmap.passed + roadmap.inProgress, 0);

    await assert.rejects(practice.resetAll(), (error: unknown) => error instanceof UserError && /has been started, so there is nothing to reset/.test(error.message));
    await practice.start(ID);
    const again = await practice.resetAll();
    assert.equal(again.backup, `${result.backup}-2`, 'a second reset in the same second gets its own backup');
  });
});
