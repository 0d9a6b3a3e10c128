// The verdict of every test of `ai-practice check` on an exercise's reference solution and on
// each of its known-wrong solutions, one line each. With --expect FILE, exits 1 unless the
// verdicts are the ones in FILE (written by the first run that finds it missing): with
// scripts/soak.mjs, the way to show a check gives the same verdicts run after run, under load.
//   node bench/verdicts.mjs agent-loop-recovery [--expect out/verdicts.txt]      (build first)
//   node scripts/soak.mjs --runs 20 --hogs 2 -- node bench/verdicts.mjs agent-loop-recovery --expect out/verdicts.txt
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'bin', 'ai-practice.js');
const { values, positionals } = parseArgs({ options: { expect: { type: 'string' } }, allowPositionals: true });
const manifest = JSON.parse(readFileSync(path.join(root, 'packs', 'builtin', 'ai-practice-pack.json'), 'utf8'));

const lines = [];
for (const id of positionals) {
  const exercise = manifest.exercises.find((candidate) => candidate.id === id);
  if (!exercise) throw new Error(`no exercise ${id}`);
  const dir = path.join(root, 'packs', 'builtin', exercise.dir);
  const wrong = path.join(dir, 'wrong');
  const solutions = [['reference', path.join(dir, exercise.solution ?? 'solution')], ...(existsSync(wrong) ? readdirSync(wrong).sort().map((name) => [name, path.join(wrong, name)]) : [])];
  for (const [name, folder] of solutions) {
    const workspace = mkdtempSync(path.join(tmpdir(), 'verdicts-'));
    try {
      execFileSync(process.execPath, [cli, 'start', id, '--workspace', workspace], { stdio: 'ignore' });
      for (const file of readdirSync(folder)) copyFileSync(path.join(folder, file), path.join(workspace, 'practice', id, file));
      let stdout;
      try {
        stdout = execFileSync(process.execPath, [cli, 'check', id, '--workspace', workspace, '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      } catch (error) {
        stdout = error.stdout; // a failing check exits 1
      }
      const report = JSON.parse(stdout);
      lines.push(`${id} ${name}: ${report.status}; ${report.tests.map((test) => `${test.status === 'pass' ? '✓' : '✗'} ${test.name}`).join('; ')}`);
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  }
}
const text = `${lines.join('\n')}\n`;
process.stdout.write(text);
if (values.expect) {
  if (!existsSync(values.expect)) writeFileSync(values.expect, text);
  else if (readFileSync(values.expect, 'utf8') !== text) {
    console.error(`The verdicts differ from ${values.expect}.`);
    process.exitCode = 1;
  }
}
