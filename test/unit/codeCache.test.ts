import assert from 'node:assert/strict';
import { promises as fs, utimesSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { cacheFileOf, codeCacheDir, compileWithCodeCache, configureCodeCache, writeCodeCache } from '../../src/core/check/learner/codeCache';
import { temporaryDir } from '../support/helpers';

/** A module object as Node's loader hands one to a compile function. */
function moduleFor(): { exports: Record<string, unknown>; require(id: string): unknown } {
  return { exports: {}, require: (id: string) => require(id) };
}

async function library(dir: string, name: string, body: string): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, `const path = require('node:path');\n${body}\nexports.base = path.basename(__filename);\n`);
  return file;
}

describe('cached library code', () => {
  it('compiles as Node would until configured, then writes the cache once and loads from it', async () => {
    const dir = await temporaryDir();
    const file = await library(dir, 'lib.js', 'exports.sum = (a, b) => a + b;');
    const unconfigured = moduleFor();
    assert.equal(compileWithCodeCache(unconfigured, file), false, 'no cache configured: the caller compiles');
    assert.deepEqual(unconfigured.exports, {}, 'and nothing ran');

    const cacheDir = codeCacheDir(path.join(dir, 'cache'), 'heap1024');
    assert.ok(cacheDir.includes(process.versions.v8), "V8's version names the folder");
    configureCodeCache({ dir: cacheDir, make: true });
    const first = moduleFor();
    assert.equal(compileWithCodeCache(first, file), 'compiled');
    assert.equal((first.exports.sum as (a: number, b: number) => number)(2, 3), 5);
    assert.equal(first.exports.base, 'lib.js', '__filename, require and exports are the module\'s');
    writeCodeCache();
    const cacheFile = cacheFileOf(cacheDir, file);
    assert.ok((await fs.stat(cacheFile)).size > 0, 'the cache is written after the code ran');

    const second = moduleFor();
    assert.equal(compileWithCodeCache(second, file), 'cached');
    assert.equal((second.exports.sum as (a: number, b: number) => number)(4, 5), 9);
  });

  it("ignores a corrupted or another build's cache, and a reader that may not make one writes nothing", async () => {
    const dir = await temporaryDir();
    const file = await library(dir, 'lib.js', 'exports.twice = (a) => 2 * a;');
    const cacheDir = path.join(dir, 'cache');
    await fs.mkdir(cacheDir);
    await fs.writeFile(cacheFileOf(cacheDir, file), Buffer.alloc(4096, 7));
    configureCodeCache({ dir: cacheDir, make: false });
    const loaded = moduleFor();
    assert.equal(compileWithCodeCache(loaded, file), 'compiled', 'V8 refuses the garbage; the library still loads');
    assert.equal((loaded.exports.twice as (a: number) => number)(21), 42);
    writeCodeCache();
    assert.deepEqual(await fs.readFile(cacheFileOf(cacheDir, file)), Buffer.alloc(4096, 7), 'a reader never writes');

    // The library rebuilt: its size and time name a new file; the old one stays until unused for a week.
    await fs.appendFile(file, '// rebuilt\n');
    const rebuilt = cacheFileOf(cacheDir, file);
    const stale = path.join(cacheDir, 'lib-1-1.bin');
    const recent = path.join(cacheDir, 'lib-2-2.bin');
    const otherLibrary = path.join(cacheDir, 'lib-extra-1-1.bin');
    for (const old of [stale, recent, otherLibrary]) await fs.writeFile(old, 'x');
    const longAgo = new Date(Date.now() - 30 * 24 * 3600 * 1000);
    for (const old of [stale, otherLibrary]) utimesSync(old, longAgo, longAgo);
    configureCodeCache({ dir: cacheDir, make: true });
    assert.equal(compileWithCodeCache(moduleFor(), file), 'compiled');
    writeCodeCache();
    const left = await fs.readdir(cacheDir);
    assert.ok(left.includes(path.basename(rebuilt)));
    assert.ok(!left.includes('lib-1-1.bin'), "another build's cache unused for a month goes");
    assert.ok(left.includes('lib-2-2.bin'), 'one used this week stays');
    assert.ok(left.includes('lib-extra-1-1.bin'), "another library's cache is not this one's to prune");
  });
});
