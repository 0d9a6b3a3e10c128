// How long `ai-practice check` takes on each built-in exercise it can check, run on the
// exercise's reference solution (every case and variant, or every scenario, exercised: the
// most work a check does), each a fresh process. Beside it, the floor: a `node` that loads nothing.
// The "check process" column is the child alone (spawn, TypeScript loader, harness, scoring),
// as the report's durationMs gives it. The "editor ms" column is the editor's path: the same
// function the editor calls (Practice.check with a WarmPool), in this process, with warm check
// and learner processes ready as the editor has them after its first check. A kind whose
// checks wait in real time (a simulated delay: `delayMs` in its harness) is marked so. Beside
// them, `vitest run` of a one-test file (vitest installed into out/bench-vitest/ from the npm
// registry at bench time, never into package.json; skipped, saying why, when it cannot be).
//   node bench/check-latency.mjs [--runs N] [--baseline GIT-REF] [--only EXERCISE-ID,…] [--per-kind] [--no-vitest]   (build first: npm run build)
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '9' }, baseline: { type: 'string' }, only: { type: 'string' }, 'per-kind': { type: 'boolean' }, 'no-vitest': { type: 'boolean' } } });
const runs = Number(values.runs);
const manifest = JSON.parse(readFileSync(path.join(root, 'packs', 'builtin', 'ai-practice-pack.json'), 'utf8'));
const core = createRequire(import.meta.url)(path.join(root, 'dist', 'core.js'));
const { isCheckable } = core;

/**
 * With --baseline REF: the CLI built from REF (a git worktree in out/bench-baseline/), measured
 * in the same run, turn about with this one, so load on the machine weighs on both alike.
 */
function baselineCli(ref) {
  const dir = path.join(root, 'out', 'bench-baseline');
  if (existsSync(dir)) execFileSync('git', ['worktree', 'remove', '--force', dir], { cwd: root, stdio: 'ignore' });
  mkdirSync(path.dirname(dir), { recursive: true });
  execFileSync('git', ['worktree', 'add', '--detach', dir, ref], { cwd: root, stdio: 'ignore' });
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: dir, stdio: 'inherit' });
  return path.join(dir, 'bin', 'ai-practice.js');
}
const clis = [['now', path.join(root, 'bin', 'ai-practice.js')], ...(values.baseline ? [[values.baseline, baselineCli(values.baseline)]] : [])];
const cli = clis[0][1];

function time(args) {
  const start = process.hrtime.bigint();
  let stdout = '';
  try {
    stdout = execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, NO_COLOR: '1' } });
  } catch (error) {
    stdout = error.stdout; // a failing check exits 1
  }
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, stdout };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Each CLI's median wall time and check-process time, the CLIs taking turns sample by sample. */
function measureAll(argsFor, parse) {
  for (const [, file] of clis) time(argsFor(file)); // warm the file cache
  const samples = clis.map(() => []);
  for (let i = 0; i < runs; i++) clis.forEach(([, file], c) => samples[c].push(time(argsFor(file))));
  return samples.map((list) => ({ wall: median(list.map((sample) => sample.ms)), inner: parse ? median(list.map((sample) => parse(sample.stdout))) : undefined }));
}

const floor = measureAll(() => ['-e', ''])[0].wall;
const rows = [];
// --only: these exercises alone (comma-separated ids), to time one change without the rest.
const only = values.only?.split(',').map((id) => id.trim());
/** Whether the exercise's checks wait in real time: a simulated delay in its harness. */
function waitsInRealTime(exercise) {
  const dir = path.join(root, 'packs', 'builtin', exercise.dir, 'check');
  const files = existsSync(dir) ? readdirSync(dir, { recursive: true }).map((name) => path.join(dir, name)).filter((file) => /\.(ts|js)$/.test(file) && statSync(file).isFile()) : [];
  return files.some((file) => /delayMs\s*:/.test(readFileSync(file, 'utf8')));
}

/** The editor's path: Practice.check with a warm pool, in this process, each run with its warm processes ready. */
async function measureEditor(exercise, workspace) {
  const practice = await core.Practice.open({ packDir: path.join(root, 'packs', 'builtin'), workspace });
  const pool = new core.WarmPool();
  const options = { warm: pool, runnerScript: path.join(root, 'dist', 'checkRunner.js'), ...(exercise.kind === 'prompt-debugging' ? { model: { ...core.DEFAULT_MODEL_SETTINGS, provider: 'replay' } } : {}) };
  try {
    await practice.check(exercise.id, options); // the editor's first check: cold, and it warms the pool
    const samples = [];
    for (let i = 0; i < runs; i++) {
      await pool.ready(); // as after a learner's edit: the processes the last check left are up
      const start = process.hrtime.bigint();
      await practice.check(exercise.id, options);
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    return median(samples);
  } finally {
    await pool.dispose();
  }
}

const candidates = manifest.exercises.filter((candidate) => isCheckable(candidate.kind) && (!only || only.includes(candidate.id)));
// --per-kind: the first exercise of each kind without real-time waits (else its first).
const chosen = values['per-kind'] ? [...new Set(candidates.map((exercise) => exercise.kind))].map((kind) => candidates.find((exercise) => exercise.kind === kind && !waitsInRealTime(exercise)) ?? candidates.find((exercise) => exercise.kind === kind)) : candidates;
for (const exercise of chosen) {
  const workspace = mkdtempSync(path.join(tmpdir(), 'bench-check-'));
  execFileSync(process.execPath, [cli, 'start', exercise.id, '--workspace', workspace], { stdio: 'ignore' });
  const solution = path.join(root, 'packs', 'builtin', exercise.dir, exercise.solution ?? 'solution');
  for (const name of readdirSync(solution)) copyFileSync(path.join(solution, name), path.join(workspace, 'practice', exercise.id, name));
  // Prompt checks answer from the pack's recordings here: the check's own cost, no model's latency.
  const argsFor = (file) => [file, 'check', exercise.id, '--workspace', workspace, '--json', ...(exercise.kind === 'prompt-debugging' ? ['--provider', 'replay'] : [])];
  const results = measureAll(argsFor, (stdout) => JSON.parse(stdout).durationMs);
  const report = JSON.parse(time(argsFor(cli)).stdout);
  const realTime = waitsInRealTime(exercise);
  const editor = await measureEditor(exercise, workspace);
  rows.push({ name: `check ${exercise.id}${exercise.kind === 'prompt-debugging' ? ' (replay)' : ''}`, kind: exercise.kind, results, editor, realTime, note: `${report.status}, ${report.tests.length} tests${report.confined === undefined ? '' : report.confined ? ', confined' : ', NOT confined'}${realTime ? ', waits in real time' : ''}` });
  rmSync(workspace, { recursive: true, force: true });
}

/**
 * `vitest run` of a one-test file, median of `runs`: vitest installed into out/bench-vitest/
 * from the npm registry (not a dependency of this project); undefined, with why, when it cannot be.
 */
function measureVitest() {
  if (values['no-vitest']) return { skipped: 'skipped (--no-vitest)' };
  const dir = path.join(root, 'out', 'bench-vitest');
  const bin = path.join(dir, 'node_modules', 'vitest', 'vitest.mjs');
  if (!existsSync(bin)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), '{ "name": "bench-vitest", "private": true, "type": "module" }\n');
    try {
      execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', 'vitest@4'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 });
    } catch (error) {
      return { skipped: `skipped: vitest could not be installed from the npm registry (offline?): ${String(error.stderr ?? error.message).trim().split('\n')[0]}` };
    }
  }
  writeFileSync(path.join(dir, 'one.test.js'), "import { expect, test } from 'vitest';\ntest('adds', () => { expect(1 + 1).toBe(2); });\n");
  const args = [bin, 'run', 'one.test.js'];
  const once = () => {
    const start = process.hrtime.bigint();
    execFileSync(process.execPath, args, { cwd: dir, stdio: 'ignore', env: { ...process.env, CI: '1', NO_COLOR: '1' } });
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  once(); // warm the file cache, as for the checks
  return { ms: median(Array.from({ length: runs }, once)), version: JSON.parse(readFileSync(path.join(dir, 'node_modules', 'vitest', 'package.json'), 'utf8')).version };
}
const vitest = measureVitest();

console.log(`ai-practice check on reference solutions, median of ${runs} fresh processes, node ${process.version}; the floor, node -e "", is ${floor.toFixed(1)} ms`);
console.log(`editor ms: Practice.check with warm processes ready (the editor's path after its first check), in process, median of ${runs}\n`);
const heads = clis.map(([name]) => `${name} wall ms`.padStart(16)).join('') + (clis.length > 1 ? '   now/baseline' : '');
console.log(`${'command'.padEnd(40)}${heads}   check process ms   editor ms   result`);
for (const { name, results, editor, note } of rows) {
  const walls = results.map((result) => result.wall.toFixed(1).padStart(16)).join('');
  const ratio = results.length > 1 ? `   ${(results[0].wall / results[1].wall).toFixed(2).padStart(12)}` : '';
  console.log(`${name.padEnd(40)}${walls}${ratio}   ${results.map((result) => (result.inner ?? 0).toFixed(0)).join(' / ').padStart(16)}   ${editor.toFixed(1).padStart(9)}   ${note}`);
}
console.log(vitest.ms === undefined ? `${'vitest run (one test)'.padEnd(40)}${vitest.skipped}` : `${`vitest ${vitest.version} run (one test)`.padEnd(40)}${vitest.ms.toFixed(1).padStart(16)}`);
const editorRows = rows.filter((row) => !row.realTime);
if (editorRows.length > 0) {
  const over = editorRows.filter((row) => row.editor > 250);
  console.log(`\neditor path, kinds without real-time waits: ${over.length === 0 ? 'every one at or under 250 ms' : `over 250 ms: ${over.map((row) => `${row.name} (${row.editor.toFixed(0)} ms)`).join(', ')}`}`);
}
if (clis.length > 1) {
  const total = (c) => rows.reduce((sum, row) => sum + row.results[c].wall, 0);
  console.log(`\nall checks: ${total(0).toFixed(0)} ms now, ${total(1).toFixed(0)} ms at ${clis[1][0]}: ${((total(0) / total(1) - 1) * 100).toFixed(1)} %`);
}
