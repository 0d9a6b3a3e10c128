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

const starterText = (relative: string) => fs.readFile(path.join(BUILTIN_PACK, 'exercises', ID, 'starter', relative), 'utf8');

describe('starting an exercise', () => {
  it('scaffolds the instructions and starter files into practice/<id>/ and records it as started', async () => {
    const { practice, workspace } = await openBuiltin();
    const result = await practice.start(ID);
    const folder = path.join(workspace, 'practice', ID);
    assert.equal(result.folder, folder);
    assert.deepEqual(result.created.sort(), ['README.md', 'agent.ts']);
    assert.equal(result.firstStart, true);
    assert.equal(result.instructions, path.join(folder, 'README.md'));
    assert.equal(await fs.readFile(path.join(folder, 'agent.ts'), 'utf8'), await starterText('agent.ts'));
    assert.equal(await exists(path.join(folder, 'solution')), false, 'the reference solution stays in the pack');
    const { roadmap } = await practice.roadmap();
    const exercise = roadmap.areas.flatMap((a) => a.skills).flatMap((s) => s.exercises).find((e) => e.id === ID);
    assert.equal(exercise?.status, 'in-progress');
    assert.equal(roadmap.inProgress, 1);
  });

  it('never overwrites a file the learner changed, and says so', async () => {
    const { practice, workspace } = await openBuiltin();
    await practice.start(ID);
    const agent = path.join(workspace, 'practice', ID, 'agent.ts');
    await fs.writeFile(agent, '// my own loop\n');
    const again = await practice.start(ID);
    assert.deepEqual(again.kept, ['agent.ts']);
    assert.deepEqual(again.unchanged, ['README.md']);
    assert.deepEqual(again.created, []);
    assert.equal(again.firstStart, false);
    assert.equal(await fs.readFile(agent, 'utf8'), '// my own loop\n');
  });

  it('restores only files that went missing, leaving the learner\'s extra files alone', async () => {
    const { practice, workspace } = await openBuiltin();
    await practice.start(ID);
    const folder = path.join(workspace, 'practice', ID);
    await fs.rm(path.join(folder, 'README.md'));
    await fs.writeFile(path.join(folder, 'notes.md'), 'my notes');
    const again = await practice.start(ID);
    assert.deepEqual(again.created, ['README.md']);
    assert.deepEqual(again.unchanged, ['agent.ts']);
    assert.equal(await fs.readFile(path.join(folder, 'notes.md'), 'utf8'), 'my notes');
  });

  it('does not write through a symbolic link standing where a starter file goes', async () => {
    const { practice, workspace } = await openBuiltin();
    const outside = path.join(await temporaryDir(), 'precious.txt');
    await fs.writeFile(outside, 'precious');
    await fs.mkdir(path.join(workspace, 'practice', ID), { recursive: true });
    await fs.symlink(outside, path.join(workspace, 'practice', ID, 'agent.ts'));
    const result = await practice.start(ID);
    assert.deepEqual(result.kept, ['agent.ts']);
    assert.equal(await fs.readFile(outside, 'utf8'), 'precious');
  });

  it('explains when a file stands where the practice folder should be', async () => {
    const { practice, workspace } = await openBuiltin();
    await fs.writeFile(path.join(workspace, 'practice'), 'a file, not a folder');
    await assert.rejects(practice.start(ID), (error: unknown) => error instanceof UserError && error.message.includes(`the file ${path.join(workspace, 'practice')} stands where a folder is needed`));
  });

  it('refuses an exercise that does not exist, suggesting the closest id', async () => {
    const { practice } = await openBuiltin();
    await assert.rejects(practice.start('agent-loop-basic'), (error: unknown) => {
      assert.ok(error instanceof UserError);
      assert.match(error.message, /There is no exercise "agent-loop-basic" .*\(did you mean "agent-loop-basics"\?\)/);
      assert.match(error.fix ?? '', /ai-practice list/);
      return true;
    });
  });

  it('refuses a workspace folder that does not exist', async () => {
    const practice = await Practice.open({ packDir: BUILTIN_PACK, workspace: '/nonexistent/workspace' });
    await assert.rejects(practice.start(ID), (error: unknown) => error instanceof UserError && /does not exist/.test(error.message));
  });
});

describe('resetting an exercise', () => {
  it('plans the reset without touching anything, counting the files the learner changed', async () => {
    const { practice, workspace } = await openBuiltin();
    await practice.start(ID);
    const folder = path.join(workspace, 'practice', ID);
    await fs.writeFile(path.join(folder, 'agent.ts'), '// changed');
    await fs.mkdir(path.join(folder, 'lib'));
    await fs.writeFile(path.join(folder, 'lib', 'extra.ts'), '// mine');
    const plan = await practice.planReset(ID);
    assert.deepEqual(plan.files, [
      { path: 'README.md', changed: false },
      { path: 'agent.ts', changed: true },
      { path: 'lib/extra.ts', changed: true },
    ]);
    assert.equal(await fs.readFile(path.join(folder, 'agent.ts'), 'utf8'), '// changed');
  });

  it('moves every old file to a backup, scaffolds afresh and starts the progress over', async () => {
    const { practice, workspace } = await openBuiltin();
    await practice.start(ID);
    const folder = path.join(workspace, 'practice', ID);
    await fs.writeFile(path.join(folder, 'agent.ts'), '// my attempt');
    await fs.writeFile(path.join(folder, 'notes.md'), 'notes');
    const result = await practice.reset(ID);
    assert.equal(result.backup, path.join(workspace, '.ai-practice', 'backups', `${ID}-2026-11-25T10-00-00Z`));
    assert.equal(await fs.readFile(path.join(result.backup as string, 'agent.ts'), 'utf8'), '// my attempt');
    assert.equal(await fs.readFile(path.join(result.backup as string, 'notes.md'), 'utf8'), 'notes');
    assert.equal(await fs.readFile(path.join(folder, 'agent.ts'), 'utf8'), await starterText('agent.ts'));
    assert.equal(await exists(path.join(folder, 'notes.md')), false);
    assert.equal(result.start.firstStart, true, 'progress started over');

    const second = await practice.reset(ID);
    assert.equal(second.backup, `${result.backup}-2`, 'a second reset in the same second gets its own backup');
  });

  it('refuses to reset an exercise that was never started', async () => {
    const { practice, workspace } = await openBuiltin();
    await assert.rejects(practice.reset(ID), (error: unknown) => error instanceof UserError && /has not been started/.test(error.message));
    assert.equal(await exists(path.join(workspace, 'practice')), false);
  });
});
