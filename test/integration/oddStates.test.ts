import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runCli, temporaryDir } from '../support/helpers';

// Workspaces go wrong in ordinary ways: a file where a folder belongs, a folder where a file
// does. Each gets exit 1 (or 2 for a check that cannot run) with what is wrong, where, and
// how to fix it: never a stack trace, never "kept your files".
const ID = 'retry-policy-eval-dataset';

describe('odd workspace states', () => {
  it('.ai-practice is a file: start names it and says to move it', async () => {
    const workspace = await temporaryDir();
    await fs.writeFile(path.join(workspace, '.ai-practice'), 'notes');
    const run = await runCli(['start', ID, '--workspace', workspace]);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stderr, `error: Cannot create the folder ${path.join(workspace, '.ai-practice')}: a file stands where a folder is needed.\nMove or rename that file, then try again.\n`);
    assert.equal(await fs.readFile(path.join(workspace, '.ai-practice'), 'utf8'), 'notes', 'the file is left as it was');
  });

  it('.ai-practice/backups is a file: reset refuses before moving anything', async () => {
    const workspace = await temporaryDir();
    assert.equal((await runCli(['start', ID, '--workspace', workspace])).code, 0);
    await fs.writeFile(path.join(workspace, '.ai-practice', 'backups'), '');
    const run = await runCli(['reset', ID, '--yes', '--workspace', workspace]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /^error: Cannot create the backup folder .*\.ai-practice\/backups: a file stands where a folder is needed\.\nMove or rename that file/);
    assert.ok((await fs.stat(path.join(workspace, 'practice', ID, 'dataset.jsonl'))).isFile(), 'the learner\'s files are still in place');
  });

  it('progress.json is a folder: progress says so', async () => {
    const workspace = await temporaryDir();
    await fs.mkdir(path.join(workspace, '.ai-practice', 'progress.json'), { recursive: true });
    const run = await runCli(['progress', '--workspace', workspace]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /^error: Cannot read .*progress\.json: it is a folder, where a file is needed\.\nMove or rename that folder, then try again\.\n$/);
  });

  it('practice/<id> is a file: start does not claim to have kept files, check does not spawn into it', async () => {
    const workspace = await temporaryDir();
    await fs.mkdir(path.join(workspace, 'practice'));
    await fs.writeFile(path.join(workspace, 'practice', ID), '');
    const start = await runCli(['start', ID, '--workspace', workspace]);
    assert.equal(start.code, 1, start.stdout);
    assert.doesNotMatch(start.stdout, /kept/);
    assert.match(start.stderr, new RegExp(`^error: Cannot create the folder .*practice/${ID}: a file stands where a folder is needed\\.`));
    const check = await runCli(['check', ID, '--workspace', workspace]);
    assert.equal(check.code, 2, check.stderr);
    assert.equal(check.stderr, `error: practice/${ID} is a file, where the exercise's folder belongs.\nMove or rename it, then run \`ai-practice start ${ID}\` to lay the exercise out again.\n`);
  });

  it('a parent of the exercise folder is a file: the message names that file', async () => {
    const workspace = await temporaryDir();
    await fs.writeFile(path.join(workspace, 'practice'), '');
    const start = await runCli(['start', ID, '--workspace', workspace]);
    assert.equal(start.code, 1);
    assert.match(start.stderr, new RegExp(`the file ${path.join(workspace, 'practice').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} stands where a folder is needed`));
  });

  it('ai-practice-pack.json is a folder: pack validate reports it as a problem of the pack', async () => {
    const pack = await temporaryDir();
    await fs.mkdir(path.join(pack, 'ai-practice-pack.json'));
    const run = await runCli(['pack', 'validate', pack]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /ai-practice-pack\.json:1:1 ai-practice-pack\.json is a folder, not the manifest\n +fix: move or rename that folder/);
  });
});
