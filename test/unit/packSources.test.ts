import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { extractZip, parsePackSource, resolvePackSource } from '../../src/core/packSources';
import { UserError } from '../../src/core/userError';
import { exists, minimalManifest, runCli, temporaryDir, TINY_HARNESS, writePack } from './helpers';
import { makeZip } from './zipWriter';

/** The tiny pack's files, as zip entries under one top folder. */
async function tinyPackEntries(top: string): Promise<{ name: string; data: string }[]> {
  const dir = await writePack(minimalManifest());
  const files = (await fs.readdir(dir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
  return Promise.all(
    files.map(async (entry) => {
      const full = path.join(entry.parentPath, entry.name);
      return { name: `${top}/${path.relative(dir, full).split(path.sep).join('/')}`, data: await fs.readFile(full, 'utf8') };
    }),
  );
}

async function refused(entries: { name: string; data?: string; mode?: number }[], pattern: RegExp, limits?: { files: number; bytes: number }): Promise<void> {
  const dir = await temporaryDir();
  const zip = path.join(dir, 'hostile.zip');
  await fs.writeFile(zip, makeZip(entries));
  const target = path.join(dir, 'out', 'pack');
  await assert.rejects(extractZip(zip, target, limits), (error: unknown) => error instanceof UserError && pattern.test(error.message));
  assert.equal(await exists(target), false, 'nothing was extracted');
  assert.equal(await exists(path.join(dir, 'evil.txt')), false, 'nothing landed outside');
  assert.deepEqual(await fs.readdir(dir), ['hostile.zip'], 'not even a temporary folder is left');
}

describe('pack sources', () => {
  it('reads a source as written: builtin, a folder, a zip, a git URL', () => {
    assert.deepEqual(parsePackSource('builtin', '/w'), { kind: 'builtin' });
    assert.deepEqual(parsePackSource('', '/w'), { kind: 'builtin' });
    assert.deepEqual(parsePackSource('packs/course', '/w'), { kind: 'folder', path: path.resolve('/w/packs/course') });
    assert.deepEqual(parsePackSource('course.ZIP', '/w'), { kind: 'zip', path: path.resolve('/w/course.ZIP') });
    assert.deepEqual(parsePackSource('https://github.com/acme/course-pack.git', '/w'), { kind: 'git', url: 'https://github.com/acme/course-pack.git' });
    assert.deepEqual(parsePackSource('git@github.com:acme/course-pack.git', '/w'), { kind: 'git', url: 'git@github.com:acme/course-pack.git' });
  });

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

  it('refuses hostile archives before writing anything: zip-slip, absolute paths, backslashes, symlinks, size and count limits', async () => {
    await refused([{ name: 'pack/ok.txt', data: 'x' }, { name: 'pack/../../evil.txt', data: 'pwned' }], /refused/);
    await refused([{ name: '/tmp/evil.txt', data: 'pwned' }], /refused/);
    await refused([{ name: 'pack\\..\\evil.txt', data: 'pwned' }], /refused/);
    await refused([{ name: 'pack/link', data: '/etc/passwd', mode: 0o120777 }], /"pack\/link" is a symbolic link/);
    await refused([{ name: 'a.txt' }, { name: 'b.txt' }, { name: 'c.txt' }], /more than 2 files/, { files: 2, bytes: 1000 });
    await refused([{ name: 'big.txt', data: 'x'.repeat(2000) }], /more than 0 MB once extracted/, { files: 10, bytes: 1000 });
  });

  it('says a broken archive is broken', async () => {
    const dir = await temporaryDir();
    const zip = path.join(dir, 'broken.zip');
    await fs.writeFile(zip, 'this is not a zip file at all');
    await assert.rejects(extractZip(zip, path.join(dir, 'out')), /broken\.zip is not a readable zip archive/);
    const truncated = path.join(dir, 'truncated.zip');
    await fs.writeFile(truncated, makeZip(await tinyPackEntries('p')).subarray(0, 200));
    await assert.rejects(extractZip(truncated, path.join(dir, 'out')), /truncated\.zip is not a readable zip archive/);
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
    assert.match(missing.stderr, /^error: Cannot clone file:\/\/.*-missing: /);
  });
});
