// How long `ai-practice check` takes on each built-in exercise it can check, run on the
// exercise's reference solution (every case and variant, or every scenario, exercised: the
// most work a check does), each a fresh process. Beside it, the floor: a `node` that loads nothing.
// The "check process" column is the child alone (spawn, TypeScript loader, harness, scoring),
// as the report's durationMs gives it.
//   node bench/check-latency.mjs [--runs N] [--baseline GIT-REF] [--only ID,ID…]      (build first: npm run build)
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '9' }, baseline: { type: 'string' }, only: { type: 'string' } } });
const runs = Number(values.runs);
const manifest = JSON.parse(readFileSync(path.join(root, 'packs', 'builtin', 'ai-practice-pack.json'), 'utf8'));
const { isCheckable } = createRequire(import.meta.url)(path.join(root, 'dist', 'core.js'));

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
const only = values.only?.split(',').map((id) => id.trim());
for (const exercise of manifest.exercises.filter((candidate) => isCheckable(candidate.kind) && (!only || only.includes(candidate.id)))) {
  const workspace = mkdtempSync(path.join(tmpdir(), 'bench-check-'));
  execFileSync(process.execPath, [cli, 'start', exercise.id, '--workspace', workspace], { stdio: 'ignore' });
  const solution = path.join(root, 'packs', 'builtin', exercise.dir, exercise.solution ?? 'solution');
  for (const name of readdirSync(solution)) copyFileSync(path.join(solution, name), path.join(workspace, 'practice', exercise.id, name));
  // Prompt checks answer from the pack's recordings here: the check's own cost, no model's latency.
  const argsFor = (file) => [file, 'check', exercise.id, '--workspace', workspace, '--json', ...(exercise.kind === 'prompt-debugging' ? ['--provider', 'replay'] : [])];
  const results = measureAll(argsFor, (stdout) => JSON.parse(stdout).durationMs);
  const report = JSON.parse(time(argsFor(cli)).stdout);
  rows.push({ name: `check ${exercise.id}${exercise.kind === 'prompt-debugging' ? ' (replay)' : ''}`, results, note: `${report.status}, ${report.tests.length} tests${report.confined === undefined ? '' : report.confined ? ', confined' : ', NOT confined'}` });
  rmSync(workspace, { recursive: true, force: true });
}

console.log(`ai-practice check on reference solutions, median of ${runs} fresh processes, node ${process.version}; the floor, node -e "", is ${floor.toFixed(1)} ms\n`);
const heads = clis.map(([name]) => `${name} wall ms`.padStart(16)).join('') + (clis.length > 1 ? '   now/baseline' : '');
console.log(`${'command'.padEnd(40)}${heads}   check process ms   result`);
for (const { name, results, note } of rows) {
  const walls = results.map((result) => result.wall.toFixed(1).padStart(16)).join('');
  const ratio = results.length > 1 ? `   ${(results[0].wall / results[1].wall).toFixed(2).padStart(12)}` : '';
  console.log(`${name.padEnd(40)}${walls}${ratio}   ${results.map((result) => (result.inner ?? 0).toFixed(0)).join(' / ').padStart(16)}   ${note}`);
}
if (clis.length > 1) {
  const total = (c) => rows.reduce((sum, row) => sum + row.results[c].wall, 0);
  console.log(`\nall checks: ${total(0).toFixed(0)} ms now, ${total(1).toFixed(0)} ms at ${clis[1][0]}: ${((total(0) / total(1) - 1) * 100).toFixed(1)} %`);
}
