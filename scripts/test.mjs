// `npm test`: every tier, fastest first (times on a 2-core machine), stopping at the first
// that fails.
//   unit         pure tests of the core (node --test; no processes, no sockets: enforced)   8 s
//   types        tsc --noEmit over src/ and test/                                           10 s
//   editor       in-editor suites in a real VS Code (code-server; desktop VS Code with      79 s
//                --electron)
//   e2e          the packaged .vsix installed into VS Code and clicked through (e2e.mjs)    93 s
//   integration  the CLI, checks in child processes, the simulator over HTTP, pack         157 s
//                content, docs
// Options: --unit (the unit tier only: `npm run test:unit`), --only <tier>[,<tier>…],
// --no-e2e, --electron (the editor tier in desktop VS Code through @vscode/test-electron).
// Everything temporary lives in one scratch folder that goes when the run ends, however it
// ends; results, logs and screenshots stay in out/.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { compileTests } from './lib/compileTests.mjs';
import { log } from './lib/devEnvironment.mjs';
import { runSuitesInCodeServer, runSuitesInElectron } from './lib/editorTests.mjs';
import { endWithRun, useRunScratch } from './lib/runScratch.mjs';

const root = path.resolve(import.meta.dirname, '..');
const TIERS = ['unit', 'types', 'editor', 'e2e', 'integration'];
const { values } = parseArgs({
  options: { unit: { type: 'boolean' }, only: { type: 'string' }, 'no-e2e': { type: 'boolean' }, electron: { type: 'boolean' } },
});
const chosen = values.unit ? ['unit'] : values.only ? values.only.split(',').map((tier) => tier.trim()) : TIERS.filter((tier) => tier !== 'e2e' || !values['no-e2e']);
const unknown = chosen.filter((tier) => !TIERS.includes(tier));
if (unknown.length > 0) {
  log(`unknown tier ${unknown.join(', ')}; the tiers are ${TIERS.join(', ')}`);
  process.exit(2);
}

useRunScratch('test');
const results = path.join(root, 'out', 'test-results');
const started = Date.now();
const seconds = (since) => ((Date.now() - since) / 1000).toFixed(1);
const timings = [];

/**
 * Runs a command with the terminal's output; a non-zero exit fails the tier. If the run ends
 * first (Ctrl+C, TERM), the command is ended with it.
 */
async function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  const forget = endWithRun(child);
  const [code, signal] = await new Promise((resolve) => child.on('exit', (...outcome) => resolve(outcome)));
  forget();
  if (code !== 0) throw new Error(`${path.basename(command)} ${args.join(' ')} exited with ${code ?? signal}`);
}

// Test files run two at a time even on two cores: most of their time is spent waiting on
// files and child processes (unit 11 s → 7 s, integration 242 s → 157 s on a 2-core machine).
const nodeTest = ['--test', '--test-reporter=spec', `--test-concurrency=${Math.max(2, availableParallelism())}`];
const tiers = {
  unit: () => run(process.execPath, ['--require', './out/test/support/unitTierGuard.js', ...nodeTest, 'out/test/unit/']),
  types: () => run(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.', '--noEmit']),
  integration: () => run(process.execPath, [...nodeTest, 'out/test/integration/']),
  editor: async () => {
    const failed = values.electron ? await runSuitesInElectron({ root }) : await runSuitesInCodeServer({ root, results });
    if (failed.length > 0) throw new Error(`in-editor suites failed: ${failed.join(', ')}; see ${path.relative(root, results)}/`);
  },
  e2e: () => run(process.execPath, ['scripts/e2e.mjs']),
};

log(`── build (${chosen.join(', ')})`);
// A fresh build of the tests and fresh results; the rest of out/ (screenshots, soak logs) stays.
for (const stale of ['src', 'test', 'test-results']) rmSync(path.join(root, 'out', stale), { recursive: true, force: true });
mkdirSync(results, { recursive: true });
await run(process.execPath, ['esbuild.mjs']);
await compileTests(root);
timings.push(['build', seconds(started)]);

for (const tier of TIERS.filter((name) => chosen.includes(name))) {
  const tierStarted = Date.now();
  log(`── ${tier} (${seconds(started)} s)`);
  try {
    await tiers[tier]();
  } catch (error) {
    log(`✗ ${tier} failed after ${seconds(tierStarted)} s: ${error.message}`);
    process.exitCode = 1;
    break;
  }
  timings.push([tier, seconds(tierStarted)]);
}
log(`${process.exitCode ? 'failed' : 'passed'} in ${seconds(started)} s (${timings.map(([name, time]) => `${name} ${time} s`).join(', ')})`);
