import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { resolvePackSource } from '../../src/core/packSources';
import { minimalManifest, runCli, temporaryDir, TINY_HARNESS, writePack } from '../support/helpers';
import { makeZip, tinyPackEntries } from '../support/zipWriter';

describe('pack sources', () => {
  it('uses a pack from a zip (a folder inside it), and re-extracts it cleanly', async () => {
    const dir = await temporaryDir();
    const zip = path.join(dir, 'course.zip');
    await fs.writeFile(zip, makeZip(await tinyPackEntries('course-pack')));
    const workspace = await temporaryDir();
    const env = { AI_PRACTICE_CACHE_DIR: path.join(dir, 'cache') };
    const listed = await runCli(['list', '--pack', zip, '--workspace', workspace], { env });
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /First dataset/);
    const again = await runCli(['start', 'first-dataset', '--pack', zip, '--workspace', workspace], { env });
    assert.equal(again.code, 0, again.stderr);
    const extracted = await resolvePackSource({ kind: 'zip', path: zip }, { builtinDir: '', storageDir: env.AI_PRACTICE_CACHE_DIR });
    assert.equal(path.basename(extracted), 'course-pack');
    assert.equal(await fs.readFile(path.join(extracted, 'exercises/first-dataset/check/harness.ts'), 'utf8'), TINY_HARNESS);
  });

  it('validates a pack from a zip as from a folder, naming problems by the archive, and leaves nothing extracted behind', async () => {
    const dir = await temporaryDir();
    const zip = path.join(dir, 'course.zip');
    const entries = await tinyPackEntries('course-pack');
    await fs.writeFile(zip, makeZip(entries));
    const valid = await runCli(['pack', 'validate', zip], { env: { TMPDIR: dir } });
    assert.equal(valid.code, 0, valid.stderr);
    assert.match(valid.stdout, /^✓ Tiny pack v1\.0\.0: 1 area, 2 skills, 1 exercise\. No problems\.\ncontent sha256 [0-9a-f]{64}/);
    const broken = entries.map((entry) => (entry.name.endsWith('ai-practice-pack.json') ? { ...entry, data: entry.data.replace('"minutes": 10', '"minutes": 0') } : entry));
    await fs.writeFile(zip, makeZip(broken));
    const invalid = await runCli(['pack', 'validate', zip], { env: { TMPDIR: dir } });
    assert.equal(invalid.code, 1);
    assert.match(invalid.stderr, new RegExp(`${zip.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} › ai-practice-pack\\.json:\\d+:\\d+ exercises\\[0\\]\\.minutes`));
    assert.deepEqual((await fs.readdir(dir)).sort(), ['course.zip'], 'the temporary extraction is removed');
  });

  it('clones a pack from a git repository (shallow, with the git command) and says why a clone fails', async () => {
    const repo = await writePack(minimalManifest());
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
    git('init', '--quiet');
    git('add', '.');
    git('commit', '--quiet', '-m', 'pack');
    const cache = await temporaryDir();
    const workspace = await temporaryDir();
    const listed = await runCli(['list', '--pack', `file://${repo}`, '--workspace', workspace], { env: { AI_PRACTICE_CACHE_DIR: cache } });
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /First dataset/);
    const clones = await fs.readdir(path.join(cache, 'packs'));
    assert.equal(clones.length, 1);
    assert.equal(execFileSync('git', ['rev-list', '--count', 'HEAD'], { cwd: path.join(cache, 'packs', clones[0] ?? '') }).toString().trim(), '1');
    const missing = await runCli(['list', '--pack', `file://${repo}-missing`, '--workspace', workspace], { env: { AI_PRACTICE_CACHE_DIR: cache } });
    assert.equal(missing.code, 1);
    // git's own reason, not the advice it prints after it.
    assert.match(missing.stderr, /^error: Cannot clone file:\/\/.*-missing: '[^']*-missing' does not appear to be a git repository\n/);
  });
});
