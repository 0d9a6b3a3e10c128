// How long `ai-practice check` takes on each built-in exercise it can check, run on the
// exercise's reference solution (every case and variant, or every scenario, exercised: the
// most work a check does), each a fresh process. Beside it, the floor: a `node` that loads nothing.
// The "check process" column is the child alone (spawn, TypeScript loader, harness, scoring),
// as the report's durationMs gives it.
//   node bench/check-latency.mjs [--runs N]      (build first: npm run build)
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'bin', 'ai-practice.js');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '9' } } });
const runs = Number(values.runs);
const manifest = JSON.parse(readFileSync(path.join(root, 'packs', 'builtin', 'ai-practice-pack.json'), 'utf8'));
const { isCheckable } = createRequire(import.meta.url)(path.join(root, 'dist', 'core.js'));

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

function measure(args, parse) {
  time(args); // warm the file cache
  const samples = Array.from({ length: runs }, () => time(args));
  return { wall: median(samples.map((sample) => sample.ms)), inner: parse ? median(samples.map((sample) => parse(sample.stdout))) : undefined };
}

const floor = measure(['-e', '']).wall;
const rows = [['node -e "" (floor)', floor, undefined, '']];
for (const exercise of manifest.exercises.filter((candidate) => isCheckable(candidate.kind))) {
  const workspace = mkdtempSync(path.join(tmpdir(), 'bench-check-'));
  execFileSync(process.execPath, [cli, 'start', exercise.id, '--workspace', workspace], { stdio: 'ignore' });
  const solution = path.join(root, 'packs', 'builtin', exercise.dir, exercise.solution ?? 'solution');
  for (const name of readdirSync(solution)) copyFileSync(path.join(solution, name), path.join(workspace, 'practice', exercise.id, name));
  // Prompt checks answer from the pack's recordings here: the check's own cost, no model's latency.
  const args = [cli, 'check', exercise.id, '--workspace', workspace, '--json', ...(exercise.kind === 'prompt-debugging' ? ['--provider', 'replay'] : [])];
  const result = measure(args, (stdout) => JSON.parse(stdout).durationMs);
  const report = JSON.parse(time(args).stdout);
  rows.push([`check ${exercise.id}${exercise.kind === 'prompt-debugging' ? ' (replay)' : ''}`, result.wall, result.inner, `${report.status}, ${report.tests.length} tests`]);
  rmSync(workspace, { recursive: true, force: true });
}

console.log(`ai-practice check on reference solutions, median of ${runs} fresh processes, node ${process.version}\n`);
console.log('command                                   wall ms   × floor   check process ms   result');
for (const [name, wall, inner, note] of rows) {
  console.log(`${name.padEnd(40)} ${wall.toFixed(1).padStart(8)}   ${(wall / floor).toFixed(2).padStart(6)}   ${(inner === undefined ? '' : inner.toFixed(0)).padStart(16)}   ${note}`);
}
