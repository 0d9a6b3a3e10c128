import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { hostname } from 'node:os';
import { FileLockTimeout, withFileLock } from '../../src/core/atomicFile';
import { emptyProgress, exerciseStatus, markStarted, ProgressStore } from '../../src/core/progressStore';
import { UserError } from '../../src/core/userError';
import { REPO_ROOT, temporaryDir } from './helpers';

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

  it('survives a process killed in the middle of writing', async () => {
    const workspace = await temporaryDir();
    const store = new ProgressStore(workspace);
    await store.update((progress) => markStarted(progress, 'pack', 'seed', NOW));
    // A child process writes progress in a tight loop; it is killed with SIGKILL at a
    // moment of its own choosing, many times. Each time the file must still be readable.
    const writer = `
      const { ProgressStore, markStarted } = require(${JSON.stringify(path.join(REPO_ROOT, 'out/src/core/progressStore.js'))});
      const store = new ProgressStore(${JSON.stringify(workspace)});
      (async () => { for (let i = 0; ; i++) await store.update((p) => markStarted(p, 'pack', 'ex-' + i, new Date())); })();
      setTimeout(() => process.stdout.write('ready'), 5);
    `;
    for (let round = 0; round < 15; round++) {
      const child = spawn(process.execPath, ['-e', writer], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise((resolve) => child.stdout.once('data', resolve));
      await new Promise((resolve) => setTimeout(resolve, 5 + ((round * 7) % 20)));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('close', resolve));
      const read = await store.read();
      assert.equal(read.warning, undefined, `round ${round}: the file was readable`);
      assert.equal(exerciseStatus(read.progress, 'pack', 'seed'), 'in-progress');
    }
  });

  it('lands every update when many run at once, in this process and in others', async () => {
    const workspace = await temporaryDir();
    const store = new ProgressStore(workspace);
    const writer = (name: string) => `
      const { ProgressStore, markStarted } = require(${JSON.stringify(path.join(REPO_ROOT, 'out/src/core/progressStore.js'))});
      const store = new ProgressStore(${JSON.stringify(workspace)});
      Promise.all(Array.from({ length: 15 }, (_, i) => store.update((p) => markStarted(p, 'pack', '${name}-' + i, new Date()))))
        .catch((error) => { console.error(error); process.exit(1); });
    `;
    // Listen for each child's end at once: a child can finish before this process's own updates.
    const exits = ['a', 'b', 'c'].map((name) => {
      const child = spawn(process.execPath, ['-e', writer(name)], { stdio: 'inherit' });
      return new Promise((resolve) => child.once('close', resolve));
    });
    await Promise.all(Array.from({ length: 15 }, (_, i) => store.update((progress) => markStarted(progress, 'pack', `here-${i}`, NOW))));
    const codes = await Promise.all(exits);
    assert.deepEqual(codes, [0, 0, 0]);
    const { progress } = await store.read();
    const started = Object.keys(progress.packs.pack?.exercises ?? {});
    assert.equal(started.length, 60, `every update landed; missing: ${['here', 'a', 'b', 'c'].flatMap((name) => Array.from({ length: 15 }, (_, i) => `${name}-${i}`)).filter((id) => !started.includes(id)).join(', ')}`);
    await assert.rejects(fs.access(`${store.file}.lock`), 'the lock is gone once all are done');
  });

  it('breaks a lock left by a process that died, or one too old to name its owner', async () => {
    const workspace = await temporaryDir();
    const store = new ProgressStore(workspace);
    const lock = `${store.file}.lock`;
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => dead.once('close', resolve));
    await fs.mkdir(path.dirname(lock), { recursive: true });
    await fs.writeFile(lock, JSON.stringify({ pid: dead.pid, host: hostname() }));
    const started = Date.now();
    await store.update((progress) => markStarted(progress, 'pack', 'after-a-crash', NOW));
    assert.ok(Date.now() - started < 2_000, `a dead owner's lock is broken at once, not after it goes stale (${Date.now() - started} ms)`);

    await fs.writeFile(lock, ''); // created, its owner never written: the process died in between
    const old = new Date(Date.now() - 60_000);
    await fs.utimes(lock, old, old);
    await store.update((progress) => markStarted(progress, 'pack', 'after-a-stale-lock', NOW));
    const { progress } = await store.read();
    assert.equal(exerciseStatus(progress, 'pack', 'after-a-crash'), 'in-progress');
    assert.equal(exerciseStatus(progress, 'pack', 'after-a-stale-lock'), 'in-progress');
    await assert.rejects(fs.access(lock));
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
