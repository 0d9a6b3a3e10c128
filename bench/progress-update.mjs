// What the progress file's lock costs, and what it buys. Every progress update (start, check,
// hint) reads .ai-practice/progress.json, changes it and writes it back atomically, holding
// the file's lock. The baseline, measured in the same run, is the same update without the lock.
//   node bench/progress-update.mjs [--updates N] [--processes P]
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { updates: { type: 'string', default: '300' }, processes: { type: 'string', default: '4' } } });
const updates = Number(values.updates);
const processes = Number(values.processes);

// Build the progress store from source, so the bench measures exactly what is checked in.
const scratch = mkdtempSync(path.join(tmpdir(), 'bench-progress-'));
const bundle = path.join(scratch, 'progress.cjs');
await build({
  stdin: {
    contents: "export { ProgressStore, markStarted } from './src/core/progressStore';\nexport { writeFileAtomic } from './src/core/atomicFile';\n",
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  outfile: bundle,
  logLevel: 'error',
});
const { ProgressStore, markStarted, writeFileAtomic } = createRequire(import.meta.url)(bundle);

/** The same read-change-write as ProgressStore.update, without the lock. */
async function unlockedUpdate(store, change) {
  const read = await store.read();
  change(read.progress);
  await writeFileAtomic(store.file, JSON.stringify(read.progress, null, 2) + '\n');
}

async function sequential(locked) {
  const store = new ProgressStore(mkdtempSync(path.join(scratch, 'ws-')));
  const start = performance.now();
  for (let i = 0; i < updates; i++) {
    const change = (progress) => markStarted(progress, 'pack', `ex-${i % 20}`, new Date());
    await (locked ? store.update(change) : unlockedUpdate(store, change));
  }
  return (performance.now() - start) / updates;
}

/** `processes` processes, each making `perProcess` updates at once: how long, and how many landed. */
async function contended(locked, perProcess = 50) {
  const workspace = mkdtempSync(path.join(scratch, 'ws-'));
  const worker = path.join(scratch, 'worker.cjs');
  writeFileSync(
    worker,
    `const { ProgressStore, markStarted, writeFileAtomic } = require(${JSON.stringify(bundle)});
     const [workspace, name, count, locked] = process.argv.slice(2);
     const store = new ProgressStore(workspace);
     const unlocked = async (change) => { const read = await store.read(); change(read.progress); await writeFileAtomic(store.file, JSON.stringify(read.progress, null, 2) + '\\n'); };
     Promise.all(Array.from({ length: Number(count) }, (_, i) => {
       const change = (p) => markStarted(p, 'pack', name + '-' + i, new Date());
       return locked === 'yes' ? store.update(change) : unlocked(change).catch(() => undefined);
     })).then(() => process.exit(0), (error) => { console.error(error); process.exit(1); });`,
  );
  const start = performance.now();
  const children = Array.from({ length: processes }, (_, index) =>
    spawn(process.execPath, [worker, workspace, `p${index}`, String(perProcess), locked ? 'yes' : 'no'], { stdio: 'inherit' }),
  );
  await Promise.all(children.map((child) => new Promise((resolve) => child.once('close', resolve))));
  const ms = performance.now() - start;
  const { progress } = await new ProgressStore(workspace).read();
  return { ms, landed: Object.keys(progress.packs.pack?.exercises ?? {}).length, total: processes * perProcess };
}

await sequential(true); // warm up
const unlockedMs = await sequential(false);
const lockedMs = await sequential(true);
console.log(`one update at a time (${updates} updates to a file of 20 exercises):`);
console.log(`  without the lock   ${unlockedMs.toFixed(2)} ms per update`);
console.log(`  with the lock      ${lockedMs.toFixed(2)} ms per update  (${(lockedMs / unlockedMs).toFixed(2)}×, +${(lockedMs - unlockedMs).toFixed(2)} ms)`);

const free = await contended(false);
const guarded = await contended(true);
console.log(`${processes} processes updating at once, ${guarded.total} updates in all:`);
console.log(`  without the lock   ${free.ms.toFixed(0)} ms, ${free.landed} of ${free.total} updates landed`);
console.log(`  with the lock      ${guarded.ms.toFixed(0)} ms, ${guarded.landed} of ${guarded.total} updates landed`);
