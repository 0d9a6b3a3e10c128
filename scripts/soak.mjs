// Runs a command again and again, optionally while CPU hogs compete for the cores, and prints
// each run's result and time: the way to show a test is not flaky (or to catch it being so).
//   node scripts/soak.mjs --runs 10 --hogs 2 -- node scripts/e2e.mjs
//   node scripts/soak.mjs --runs 3 --hogs 2 -- node scripts/test.mjs --only editor
// Each run's output goes to out/soak/<name>/run-<n>.log (--name, default "runs"). Exits 1 if
// any run failed.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const { values, positionals } = parseArgs({
  options: { runs: { type: 'string', default: '10' }, hogs: { type: 'string', default: '0' }, name: { type: 'string', default: 'runs' } },
  allowPositionals: true,
});
if (positionals.length === 0) {
  console.error('usage: node scripts/soak.mjs [--runs N] [--hogs K] -- <command> [args…]');
  process.exit(2);
}
const runs = Number(values.runs);
const logs = path.join(root, 'out', 'soak', values.name);
mkdirSync(logs, { recursive: true });

// Busy loops, one per hog, for as long as the soak lasts.
const hogs = Array.from({ length: Number(values.hogs) }, () => spawn(process.execPath, ['-e', 'for (;;);'], { stdio: 'ignore' }));
const stopHogs = () => hogs.forEach((hog) => hog.kill('SIGKILL'));
process.on('exit', stopHogs);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => process.exit(130));

const [command, ...args] = positionals;
const results = [];
for (let run = 1; run <= runs; run++) {
  const started = Date.now();
  const log = path.join(logs, `run-${run}.log`);
  const out = createWriteStream(log);
  const code = await new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    child.on('close', (exit, signal) => resolve(exit ?? signal));
  });
  out.end();
  const seconds = (Date.now() - started) / 1000;
  results.push({ run, passed: code === 0, seconds });
  console.log(`run ${run}/${runs}: ${code === 0 ? 'passed' : `FAILED (exit ${code}; see ${path.relative(root, log)})`} in ${seconds.toFixed(1)} s`);
}
const passed = results.filter((result) => result.passed).length;
const times = results.map((result) => result.seconds).sort((a, b) => a - b);
console.log(
  `${passed} of ${runs} passed with ${hogs.length} CPU hog${hogs.length === 1 ? '' : 's'}; ` +
    `time min ${times[0].toFixed(1)} s, median ${times[Math.floor(times.length / 2)].toFixed(1)} s, max ${times.at(-1).toFixed(1)} s`,
);
stopHogs(); // running children would keep this process alive
process.exitCode = passed === runs ? 0 : 1;
