// `npm test`: every test, in tiers.
//   1. build (esbuild) and type-check + compile the tests (tsc),
//   2. unit tests of the core and the CLI (node --test, real folders and processes),
//   3. in-editor tests in a real VS Code (code-server's extension host, driven by Chromium),
//      once with a practice folder open and once with no folder,
//   4. end to end: the packaged .vsix installed into VS Code and clicked through (e2e.mjs).
// `npm test -- --unit` stops after tier 2; `npm test -- --no-e2e` after tier 3.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { ensureCodeServer, log, startCodeServer, temporaryDir, writeUserSettings } from './lib/devEnvironment.mjs';
import { launchBrowser, runExtensionTests } from './lib/workbenchBrowser.mjs';

const root = path.resolve(import.meta.dirname, '..');
const unitOnly = process.argv.includes('--unit');
const skipEndToEnd = process.argv.includes('--no-e2e');
const started = Date.now();
const step = (name) => log(`── ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    log(`failed: ${command} ${args.join(' ')}`);
    process.exit(result.status ?? 1);
  }
}

step('build and type-check');
rmSync(path.join(root, 'out'), { recursive: true, force: true });
run(process.execPath, ['esbuild.mjs']);
run(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.']);

step('unit tests');
run(process.execPath, ['--test', '--test-reporter=spec', 'out/test/unit/']);
if (unitOnly) process.exit(0);

step('in-editor tests (code-server)');
ensureCodeServer();
const results = path.join(root, 'out', 'test-results');
mkdirSync(results, { recursive: true });
const browser = await launchBrowser();
let failed = false;
try {
  // Two servers: one with workspace trust off (folders are trusted, as on a learner's own
  // machine), one with it on, where a folder opens in Restricted Mode.
  for (const { workspaceTrust, suites } of [
    {
      workspaceTrust: false,
      suites: [
        ['folderSuite.js', temporaryDir('ai-practice-editor-ws-')],
        ['emptyWindowSuite.js', undefined],
      ],
    },
    { workspaceTrust: true, suites: [['restrictedSuite.js', temporaryDir('ai-practice-editor-untrusted-')]] },
  ]) {
    const userDataDir = temporaryDir('ai-practice-editor-user-');
    writeUserSettings(userDataDir, workspaceTrust ? { 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' } : {});
    const server = await startCodeServer({
      userDataDir,
      extensionsDir: temporaryDir('ai-practice-editor-ext-'),
      workspaceTrust,
      logFile: path.join(results, `code-server-editor${workspaceTrust ? '-trust' : ''}.log`),
    });
    try {
      for (const [suite, folder] of suites) {
        log(`suite ${suite}${folder ? ` on ${folder}` : ' in an empty window'}`);
        const code = await runExtensionTests({
          server,
          browser,
          extensionPath: root,
          testsPath: path.join(root, 'out', 'test', 'editor', suite),
          folder,
          screenshotOnFailure: path.join(results, `${suite}.failure.png`),
          consoleLog: path.join(results, `${suite}.console.log`),
        });
        if (code !== 0) {
          log(`${suite} failed (exit ${code})`);
          failed = true;
        }
      }
    } finally {
      server.stop();
    }
  }
} finally {
  await browser.close();
}
if (failed) process.exit(1);
if (skipEndToEnd) process.exit(0);

step('end to end: the packaged extension, clicked through');
run(process.execPath, ['scripts/e2e.mjs']);
step('all tests passed');
