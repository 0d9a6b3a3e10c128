import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { hostname } from 'node:os';
import { createInterface } from 'node:readline';
import { exerciseStatus, markStarted, ProgressStore } from '../../src/core/progressStore';
import { REPO_ROOT, temporaryDir } from '../support/helpers';

const NOW = new Date('2026-11-25T10:00:00Z');

describe('ProgressStore', () => {
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

  it('breaks an empty lock (its creator killed before naming itself) within a second, not after ten', async () => {
    const workspace = await temporaryDir();
    const store = new ProgressStore(workspace);
    const lock = `${store.file}.lock`;
    await fs.mkdir(path.dirname(lock), { recursive: true });
    await fs.writeFile(lock, '');
    const started = Date.now();
    await store.update((progress) => markStarted(progress, 'pack', 'after-an-empty-lock', NOW));
    const waited = Date.now() - started;
    assert.ok(waited < 3_000, `an unwritten lock is broken once it is half a second old (waited ${waited} ms)`);
    assert.equal(exerciseStatus((await store.read()).progress, 'pack', 'after-an-empty-lock'), 'in-progress');
  });

  it('lets exactly one of many waiters break a dead lock: round after round, no update is lost', async () => {
    // Each round plants the lock of a process that has died, then four processes update the
    // same file at the same moment: all four find the lock dead. Were breaking not exclusive,
    // a late breaker would remove the lock the first had taken since, and one update would be
    // written over. The counter must end at exactly 4 × rounds.
    const workspace = await temporaryDir();
    const store = new ProgressStore(workspace);
    const lock = `${store.file}.lock`;
    // Four long-lived workers: each round, on a "go" line, each makes one update and says "done".
    const worker = `
      const { ProgressStore } = require(${JSON.stringify(path.join(REPO_ROOT, 'out/src/core/progressStore.js'))});
      const store = new ProgressStore(${JSON.stringify(workspace)});
      require('node:readline').createInterface({ input: process.stdin }).on('line', () => {
        store.update((p) => { p.packs.counter = { exercises: {}, count: ((p.packs.counter && p.packs.counter.count) || 0) + 1 }; })
          .then(() => process.stdout.write('done\\n'), (error) => { console.error(error); process.exit(1); });
      });
    `;
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => dead.once('close', resolve));
    const workers = Array.from({ length: 4 }, () => spawn(process.execPath, ['-e', worker], { stdio: ['pipe', 'pipe', 'inherit'] }));
    const lines = workers.map((child) => createInterface({ input: child.stdout as NonNullable<typeof child.stdout> })[Symbol.asyncIterator]());
    const rounds = 12;
    try {
      for (let round = 0; round < rounds; round++) {
        await fs.mkdir(path.dirname(lock), { recursive: true });
        await fs.writeFile(lock, JSON.stringify({ pid: dead.pid, host: hostname() }));
        for (const child of workers) child.stdin?.write('go\n');
        const said = await Promise.all(lines.map((next) => next.next()));
        assert.deepEqual(said.map((line) => line.value), ['done', 'done', 'done', 'done'], `round ${round}: every worker saved`);
      }
    } finally {
      for (const child of workers) child.kill();
    }
    const text = await fs.readFile(store.file, 'utf8');
    assert.equal((JSON.parse(text) as { packs: { counter: { count: number } } }).packs.counter.count, 4 * rounds);
    await assert.rejects(fs.access(lock), 'no lock is left');
    await assert.rejects(fs.access(`${lock}.break`), 'no breaker\'s claim is left');
  });

  it('cleans up the temporary files a writer killed mid-write left behind, on the next write', async () => {
    const workspace = await temporaryDir();
    const store = new ProgressStore(workspace);
    await store.update((progress) => markStarted(progress, 'pack', 'first', NOW));
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => dead.once('close', resolve));
    const dir = path.dirname(store.file);
    const orphan = path.join(dir, `.progress.json.${dead.pid}.0badc0de.tmp`);
    const live = path.join(dir, `.progress.json.${process.pid}.feedface.tmp`);
    const unrelated = path.join(dir, '.notes.json.1.abcd.tmp');
    for (const file of [orphan, live, unrelated]) await fs.writeFile(file, '{"half": ');
    const old = new Date(Date.now() - 5_000);
    for (const file of [orphan, live, unrelated]) await fs.utimes(file, old, old);
    await store.update((progress) => markStarted(progress, 'pack', 'second', NOW));
    await assert.rejects(fs.access(orphan), 'the dead writer\'s temporary file is gone');
    await fs.access(live); // a live writer's (this process's) is left alone
    await fs.access(unrelated); // as is another file's
  });
});
