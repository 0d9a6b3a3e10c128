import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { hostname } from 'node:os';
import { FileLockTimeout, withFileLock } from '../../src/core/atomicFile';
import { emptyProgress, exerciseStatus, markStarted, ProgressStore } from '../../src/core/progressStore';
import { UserError } from '../../src/core/userError';
import { temporaryDir } from '../support/helpers';

const NOW = new Date('2026-11-25T10:00:00Z');

describe('ProgressStore', () => {
  it('reads an absent file as empty progress', async () => {
    const store = new ProgressStore(await temporaryDir());
    assert.deepEqual(await store.read(), { progress: emptyProgress() });
  });

  it('writes .ai-practice/progress.json and reads it back', async () => {
    const workspace = await temporaryDir();
    const store = new ProgressStore(workspace);
    await store.update((progress) => markStarted(progress, 'pack', 'ex', NOW));
    assert.equal(store.file, path.join(workspace, '.ai-practice', 'progress.json'));
    const { progress } = await new ProgressStore(workspace).read();
    assert.equal(exerciseStatus(progress, 'pack', 'ex'), 'in-progress');
    assert.equal(progress.packs.pack?.exercises.ex?.startedAt, NOW.toISOString());
    assert.deepEqual(await fs.readdir(path.dirname(store.file)), ['progress.json'], 'no temporary files are left behind');
  });

  it('never downgrades a passed exercise when it is started again', async () => {
    const progress = emptyProgress();
    progress.packs.pack = { exercises: { ex: { status: 'passed', startedAt: 'a', updatedAt: 'b' } } };
    markStarted(progress, 'pack', 'ex', NOW);
    assert.equal(exerciseStatus(progress, 'pack', 'ex'), 'passed');
  });

  it('keeps fields it does not know (written by a newer version) through an update', async () => {
    const workspace = await temporaryDir();
    const store = new ProgressStore(workspace);
    await fs.mkdir(path.dirname(store.file), { recursive: true });
    const future = { version: 1, learner: 'sam', packs: { pack: { exercises: { ex: { status: 'passed', startedAt: 'a', updatedAt: 'b', attempts: 3 } } } } };
    await fs.writeFile(store.file, JSON.stringify(future));
    await store.update((progress) => markStarted(progress, 'pack', 'other', NOW));
    const written = JSON.parse(await fs.readFile(store.file, 'utf8'));
    assert.equal(written.learner, 'sam');
    assert.equal(written.packs.pack.exercises.ex.attempts, 3);
    assert.equal(written.packs.pack.exercises.other.status, 'in-progress');
  });

  for (const [label, content, reason] of [
    ['not JSON', '{"version": 1, "packs": {', /JSON/],
    ['JSON of the wrong shape', '{"version": 1, "packs": {"p": {"exercises": {"e": {"status": "done"}}}}}', /packs\.p\.exercises\.e\.status/],
    ['empty', '', /JSON/],
    // Parses, but a field nested 100,000 deep would overflow whatever walks it (and did, on every check).
    ['nested 100,000 levels deep in a field', `{"version": 1, "packs": {}, "extra": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`, /nested more than 64 levels deep/],
    // Refused by its size, before it is read: garbage this big took gigabytes to parse.
    ['larger than 8 MB', `{"version": 1, "packs": {}, "junk": "${'x'.repeat(9 * 1024 * 1024)}"}`, /it is 9\.0 MB, where progress takes kilobytes/],
  ] as const) {
    it(`keeps a corrupted file aside and starts afresh when it is ${label}`, async () => {
      const workspace = await temporaryDir();
      const store = new ProgressStore(workspace);
      await fs.mkdir(path.dirname(store.file), { recursive: true });
      await fs.writeFile(store.file, content);
      const read = await store.read();
      assert.deepEqual(read.progress, emptyProgress());
      const aside = (await fs.readdir(path.dirname(store.file))).filter((name) => name.startsWith('progress.json.corrupt-'));
      assert.equal(aside.length, 1);
      assert.equal(await fs.readFile(path.join(path.dirname(store.file), aside[0] as string), 'utf8'), content, 'the bad file is kept byte for byte');
      assert.match(read.warning ?? '', reason);
      assert.ok(read.warning?.includes(aside[0] as string), 'the warning says where the file went');
    });
  }

  it('lets several readers of a corrupted file carry on: one moves it aside, the others read afresh', async () => {
    const workspace = await temporaryDir();
    const readers = [1, 2, 3, 4].map(() => new ProgressStore(workspace));
    await fs.mkdir(path.dirname(readers[0]!.file), { recursive: true });
    await fs.writeFile(readers[0]!.file, '{ not json');
    const reads = await Promise.all(readers.map((store) => store.read()));
    for (const read of reads) assert.deepEqual(read.progress, emptyProgress());
    assert.ok(reads.some((read) => read.warning), 'the one that moved it says so');
    const aside = (await fs.readdir(path.dirname(readers[0]!.file))).filter((name) => name.startsWith('progress.json.corrupt-'));
    assert.equal(aside.length, 1);
  });

  it('refuses a progress file from a newer version and leaves it alone', async () => {
    const workspace = await temporaryDir();
    const store = new ProgressStore(workspace);
    await fs.mkdir(path.dirname(store.file), { recursive: true });
    await fs.writeFile(store.file, '{"version": 2, "packs": {}}');
    await assert.rejects(store.read(), (error: unknown) => error instanceof UserError && /newer version/.test(error.message));
    assert.equal(await fs.readFile(store.file, 'utf8'), '{"version": 2, "packs": {}}');
  });

  it('waits for a live lock, one holder at a time, and says which file to delete when it never frees', async () => {
    const workspace = await temporaryDir();
    const file = path.join(workspace, 'shared.json');
    const events: string[] = [];
    const hold = (name: string, ms: number) =>
      withFileLock(file, async () => {
        events.push(`${name} in`);
        await new Promise((resolve) => setTimeout(resolve, ms));
        events.push(`${name} out`);
      });
    await Promise.all([hold('first', 150), hold('second', 10), hold('third', 10)]);
    assert.deepEqual(events.filter((_, index) => index % 2 === 0).map((event) => event.split(' ')[0]).sort(), ['first', 'second', 'third']);
    for (let index = 0; index < events.length; index += 2) assert.equal(events[index + 1], events[index]!.replace(' in', ' out'), `no overlap: ${events.join(', ')}`);

    const store = new ProgressStore(workspace, { timeoutMs: 300 });
    const lock = `${store.file}.lock`;
    await fs.mkdir(path.dirname(lock), { recursive: true });
    await fs.writeFile(lock, JSON.stringify({ pid: process.pid, host: hostname() })); // alive: this very process
    await assert.rejects(withFileLock(store.file, async () => undefined, { timeoutMs: 100 }), FileLockTimeout);
    await assert.rejects(
      store.update((progress) => markStarted(progress, 'pack', 'blocked', NOW)),
      (error: unknown) =>
        error instanceof UserError &&
        /^Could not save progress: .*progress\.json\.lock has been held by another process for \d+\.\d s\.$/.test(error.message) &&
        error.fix === `Wait for the other check or command to finish and try again; if none is running, delete ${lock}.`,
    );
    assert.equal((await store.read()).progress.packs.pack, undefined, 'nothing was written');
    assert.ok(await fs.readFile(lock, 'utf8'), 'and the live lock was left alone');
  });
});
