import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { REPO_ROOT } from '../support/helpers';

it('the .vsix holds every script the build makes: the extension loads them by path at run time', () => {
  const vsce = path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  const listed = new Set(execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: REPO_ROOT, encoding: 'utf8' }).split('\n').map((line) => line.trim()));
  const built = readdirSync(path.join(REPO_ROOT, 'dist'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.js'))
    // The CLI ships through npm (bin/ai-practice.js), not in the extension.
    .filter((file) => file !== 'cli.js')
    .map((file) => `dist/${file.split(path.sep).join('/')}`);
  for (const needed of ['dist/extension.js', 'dist/checkRunner.js', 'dist/learnerHost.js', 'dist/lib/anthropic-sdk.js']) assert.ok(built.includes(needed), `the build makes ${needed}`);
  assert.deepEqual(built.filter((file) => !listed.has(file)), [], 'built scripts missing from the package (see .vscodeignore)');
  assert.ok(listed.has('packs/builtin/ai-practice-pack.json'));
});
