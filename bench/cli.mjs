// Wall-clock time of whole `ai-practice` commands, each a fresh process, against the floor
// every Node CLI pays: starting `node` with an empty script, measured in the same run.
//   node bench/cli.mjs [--runs N]      (build first: npm run build)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'bin', 'ai-practice.js');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } });
const runs = Number(values.runs);
const workspace = mkdtempSync(path.join(tmpdir(), 'bench-cli-'));

function time(args) {
  const start = process.hrtime.bigint();
  execFileSync(process.execPath, args, { stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(args) {
  time(args);
  const samples = Array.from({ length: runs }, () => time(args)).sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

const floor = median(['-e', '']);
const rows = [
  ['node -e "" (baseline)', floor],
  ['ai-practice --help', median([cli, '--help'])],
  ['ai-practice list', median([cli, 'list', '--workspace', workspace])],
  ['ai-practice progress --json', median([cli, 'progress', '--json', '--workspace', workspace])],
  ['ai-practice pack validate (built-in)', median([cli, 'pack', 'validate', path.join(root, 'packs', 'builtin')])],
];
execFileSync(process.execPath, [cli, 'start', 'agent-loop-basics', '--workspace', workspace], { stdio: 'ignore' });
rows.push(['ai-practice start (already started)', median([cli, 'start', 'agent-loop-basics', '--workspace', workspace])]);
rmSync(workspace, { recursive: true, force: true });

console.log(`CLI wall-clock, median of ${runs} fresh processes, node ${process.version}\n`);
console.log('command                                    median ms   × node startup');
for (const [name, ms] of rows) console.log(`${name.padEnd(42)} ${ms.toFixed(1).padStart(8)}   ${(ms / floor).toFixed(2).padStart(6)}`);
