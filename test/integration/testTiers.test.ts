import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { REPO_ROOT, temporaryDir } from '../support/helpers';

/** The README's two set-up commands: its first code block. */
function readmeCommands(): { start: string; test: string } {
  const block = /```sh\n([\s\S]*?)```/.exec(readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8'))?.[1] ?? '';
  const commands = block.split('\n').map((line) => line.replace(/#.*$/, '').trim());
  return { start: commands.find((line) => line.endsWith('npm start')) ?? '', test: commands.find((line) => line.endsWith('npm test')) ?? '' };
}

describe('the test tiers themselves', () => {
  it('refuses, in the unit tier, a test that starts a process or opens a socket, and says where it belongs', async () => {
    const dir = await temporaryDir();
    const file = path.join(dir, 'impure.test.js');
    await fs.writeFile(
      file,
      [
        "const { it } = require('node:test');",
        "it('runs git', () => require('node:child_process').execFileSync('git', ['--version']));",
        "it('serves', () => new Promise((resolve, reject) => require('node:http').createServer().on('error', reject).listen(0, resolve)));",
        "it('connects', () => require('node:net').connect(8099, '127.0.0.1'));",
        "it('computes', () => require('node:assert').equal(1 + 1, 2));",
      ].join('\n'),
    );
    const guard = path.join(REPO_ROOT, 'out', 'test', 'support', 'unitTierGuard.js');
    // Without NODE_TEST_CONTEXT, which would make the inner run report to this test runner.
    const { NODE_TEST_CONTEXT: _, ...env } = process.env;
    const result = spawnSync(process.execPath, ['--require', guard, '--test', '--test-reporter=tap', file], { encoding: 'utf8', env });
    assert.equal(result.status, 1);
    assert.match(result.stdout, /this test started a process \(child_process\.execFileSync git\)\. Move it to test\/integration\//);
    assert.match(result.stdout, /this test opened a server \(listen\)/);
    assert.match(result.stdout, /this test opened a connection \(connect\)/);
    assert.match(result.stdout, /^# pass 1$/m, 'a pure test still passes');
  });

  it('runs the in-editor suites through @vscode/test-electron: each suite its own profile, Restricted Mode with workspace trust on, failures named', async () => {
    // Desktop VS Code cannot be downloaded here: a stand-in executable records how it was
    // started and exits as told, so what is tested is everything this project does around it.
    const dir = await temporaryDir();
    const record = path.join(dir, 'launches.jsonl');
    const standIn = path.join(dir, 'code');
    await fs.writeFile(
      standIn,
      `#!${process.execPath}\n` +
        `require('node:fs').appendFileSync(${JSON.stringify(record)}, JSON.stringify(process.argv.slice(2)) + '\\n');\n` +
        `process.exit(process.argv.some((arg) => arg.includes(process.env.STAND_IN_FAILS || '\\0')) ? 3 : 0);\n`,
      { mode: 0o755 },
    );
    const { runSuitesInElectron } = (await import(pathToFileURL(path.join(REPO_ROOT, 'scripts', 'lib', 'editorTests.mjs')).href)) as {
      runSuitesInElectron: (options: { root: string }) => Promise<string[]>;
    };
    process.env.AI_PRACTICE_VSCODE_EXECUTABLE = standIn;
    // The runner's folders (practice folders, profiles) go where TMPDIR says: into this test's.
    process.env.TMPDIR = await temporaryDir();
    assert.deepEqual(await runSuitesInElectron({ root: REPO_ROOT }), []);

    const launches = (await fs.readFile(record, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as string[]);
    const suiteOf = (args: string[]) => path.basename(args.find((arg) => arg.startsWith('--extensionTestsPath='))?.split('=')[1] ?? '');
    assert.deepEqual(launches.map(suiteOf), ['folderSuite.js', 'emptyWindowSuite.js', 'restrictedSuite.js']);
    const [folder, empty, restricted] = launches as [string[], string[], string[]];
    for (const args of launches) {
      assert.ok(args.includes(`--extensionDevelopmentPath=${REPO_ROOT}`), args.join(' '));
      assert.ok(args.includes(`--extensionTestsPath=${path.join(REPO_ROOT, 'out', 'test', 'editor', suiteOf(args))}`));
    }
    const valueOf = (args: string[], flag: string) => args[args.indexOf(flag) + 1] ?? '';
    // Each suite has a profile of its own, inside the run's temporary folder.
    const profiles = launches.map((args) => valueOf(args, '--user-data-dir'));
    assert.equal(new Set(profiles).size, 3);
    assert.ok(launches.every((args) => valueOf(args, '--extensions-dir') !== ''));
    // A practice folder for two suites, opened as the first argument; none for the empty window.
    for (const args of [folder, restricted]) assert.ok((await fs.stat(args[0] ?? '')).isDirectory(), args[0]);
    assert.ok(empty[0]?.startsWith('--'), `the empty window opens no folder: ${empty[0]}`);
    // Trust is off where folders are meant to be trusted, and on for Restricted Mode.
    assert.ok(folder.includes('--disable-workspace-trust') && empty.includes('--disable-workspace-trust'));
    assert.ok(!restricted.includes('--disable-workspace-trust'));
    const trustSettings = JSON.parse(await fs.readFile(path.join(valueOf(restricted, '--user-data-dir'), 'User', 'settings.json'), 'utf8'));
    assert.equal(trustSettings['security.workspace.trust.startupPrompt'], 'never');

    // A suite whose VS Code exits non-zero is named as failed, whichever way it was launched.
    for (const suite of ['folderSuite.js', 'restrictedSuite.js']) {
      process.env.STAND_IN_FAILS = suite;
      assert.deepEqual(await runSuitesInElectron({ root: REPO_ROOT }), [`${suite} (exit 3)`]);
    }
  });

  it('ships a GitHub Actions workflow that runs the README\'s test command with the in-editor tier in desktop VS Code, and CI here runs that same command', () => {
    const { test } = readmeCommands();
    assert.equal(test, 'npm install && npm test');
    const workflow = parse(readFileSync(path.join(REPO_ROOT, '.github', 'workflows', 'ci.yml'), 'utf8')) as {
      jobs: Record<string, { strategy: { matrix: { vscode: string[] } }; steps: { run?: string; env?: Record<string, string> }[] }>;
    };
    const job = Object.values(workflow.jobs)[0];
    const engines = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).engines.vscode as string;
    // The oldest VS Code engines.vscode allows, and the latest.
    const oldest = engines.replace(/^\^/, '').split('.').slice(0, 2).join('.');
    assert.ok(job?.strategy.matrix.vscode.some((version) => version.startsWith(`${oldest}.`)), `a ${oldest}.x in ${job?.strategy.matrix.vscode}`);
    assert.ok(job?.strategy.matrix.vscode.includes('stable'));
    const runs = job?.steps.map((step) => step.run ?? '') ?? [];
    assert.ok(runs.includes('npm ci'));
    assert.ok(runs.includes('xvfb-run -a npm test -- --electron'), runs.join('\n'));
    const ci = readFileSync(path.join(REPO_ROOT, '.ci', 'run'), 'utf8');
    assert.match(ci, new RegExp(`^${test.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'), '.ci/run calls the README\'s exact test command');
  });
});
