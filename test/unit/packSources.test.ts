import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { extractZip, parsePackSource } from '../../src/core/packSources';
import { UserError } from '../../src/core/userError';
import { exists, temporaryDir } from '../support/helpers';
import { makeZip, tinyPackEntries } from '../support/zipWriter';

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
});
