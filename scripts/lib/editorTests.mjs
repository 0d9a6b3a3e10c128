// The in-editor tier: mocha suites (test/editor/*Suite.ts, the @vscode/test-electron `run()`
// contract) loaded into a real VS Code's extension host. Two ways to get that VS Code:
//   - code-server (the default): the workbench in Debian's Chromium, driven by playwright-core.
//     It is installed from npm, so it works on machines that reach only the npm registry.
//   - desktop VS Code through @vscode/test-electron (`--electron`): downloads VS Code from
//     Microsoft (or uses AI_PRACTICE_VSCODE_EXECUTABLE), for laptops and public CI.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { cacheDir, ensureCodeServer, log, startCodeServer, temporaryDir, writeUserSettings } from './devEnvironment.mjs';
import { launchBrowser, runExtensionTests } from './workbenchBrowser.mjs';

/**
 * Every suite, with the window it needs: a practice folder or none, and workspace trust off
 * (folders are trusted, as on a learner's own machine) or on, where a fresh folder opens in
 * Restricted Mode.
 */
export const EDITOR_SUITES = [
  { suite: 'folderSuite.js', folder: 'ai-practice-editor-ws-', workspaceTrust: false },
  { suite: 'emptyWindowSuite.js', folder: undefined, workspaceTrust: false },
  { suite: 'restrictedSuite.js', folder: 'ai-practice-editor-untrusted-', workspaceTrust: true },
];

const TRUST_SETTINGS = { 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' };

/** Runs every suite in code-server; resolves with the names of the suites that failed. */
export async function runSuitesInCodeServer({ root, results }) {
  ensureCodeServer();
  const failed = [];
  const browser = await launchBrowser();
  try {
    // One server per trust setting, the suites that need it one after another.
    for (const workspaceTrust of [false, true]) {
      const userDataDir = temporaryDir('ai-practice-editor-user-');
      writeUserSettings(userDataDir, workspaceTrust ? TRUST_SETTINGS : {});
      const server = await startCodeServer({
        userDataDir,
        extensionsDir: temporaryDir('ai-practice-editor-ext-'),
        workspaceTrust,
        logFile: path.join(results, `code-server-editor${workspaceTrust ? '-trust' : ''}.log`),
      });
      try {
        for (const { suite, folder: prefix } of EDITOR_SUITES.filter((entry) => entry.workspaceTrust === workspaceTrust)) {
          const folder = prefix && temporaryDir(prefix);
          log(`suite ${suite}${folder ? ` on ${folder}` : ' in an empty window'} (code-server)`);
          const code = await runExtensionTests({
            server,
            browser,
            extensionPath: root,
            testsPath: path.join(root, 'out', 'test', 'editor', suite),
            folder,
            screenshotOnFailure: path.join(results, `${suite}.failure.png`),
            consoleLog: path.join(results, `${suite}.console.log`),
          });
          if (code !== 0) failed.push(`${suite} (exit ${code})`);
        }
      } finally {
        await server.stop();
      }
    }
  } finally {
    await browser.close();
  }
  return failed;
}

/**
 * The desktop VS Code to test in: AI_PRACTICE_VSCODE_EXECUTABLE if set, else the version in
 * AI_PRACTICE_VSCODE_VERSION (default: the latest stable), downloaded once into the cache.
 */
async function desktopVsCode() {
  if (process.env.AI_PRACTICE_VSCODE_EXECUTABLE) return process.env.AI_PRACTICE_VSCODE_EXECUTABLE;
  const { downloadAndUnzipVSCode } = await import('@vscode/test-electron');
  return downloadAndUnzipVSCode({ version: process.env.AI_PRACTICE_VSCODE_VERSION ?? 'stable', cachePath: path.join(cacheDir(), 'vscode-test') });
}

/**
 * Runs every suite in desktop VS Code through @vscode/test-electron's `runTests`; resolves
 * with the names of the suites that failed. Each suite gets its own profile (user data and
 * extensions folders in the run's scratch folder).
 *
 * `runTests` always adds `--disable-workspace-trust`, which would leave nothing for the
 * Restricted Mode suite to test, so that one suite is launched with the same arguments minus
 * that flag.
 */
export async function runSuitesInElectron({ root }) {
  const { runTests } = await import('@vscode/test-electron');
  const executable = await desktopVsCode();
  const failed = [];
  for (const { suite, folder: prefix, workspaceTrust } of EDITOR_SUITES) {
    const folder = prefix && temporaryDir(prefix);
    const userDataDir = temporaryDir('ai-practice-editor-user-');
    writeUserSettings(userDataDir, workspaceTrust ? TRUST_SETTINGS : {});
    const extensionTestsPath = path.join(root, 'out', 'test', 'editor', suite);
    const profile = ['--user-data-dir', userDataDir, '--extensions-dir', temporaryDir('ai-practice-editor-ext-')];
    log(`suite ${suite}${folder ? ` on ${folder}` : ' in an empty window'} (desktop VS Code)`);
    let code;
    if (workspaceTrust) {
      code = await runVsCode(executable, [
        ...(folder ? [folder] : []),
        ...profile,
        '--no-sandbox',
        '--disable-gpu-sandbox',
        '--disable-updates',
        '--skip-welcome',
        '--skip-release-notes',
        `--extensionDevelopmentPath=${root}`,
        `--extensionTestsPath=${extensionTestsPath}`,
      ]);
    } else {
      code = await runTests({
        vscodeExecutablePath: executable,
        extensionDevelopmentPath: root,
        extensionTestsPath,
        launchArgs: [...(folder ? [folder] : []), ...profile],
      }).then(
        () => 0,
        (error) => error.code ?? 1,
      );
    }
    if (code !== 0) failed.push(`${suite} (exit ${code})`);
  }
  return failed;
}

/** Runs VS Code with `args`, its output passed through; resolves with its exit code. */
function runVsCode(executable, args) {
  return new Promise((resolve) => {
    const child = spawn(executable, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', (error) => {
      log(`could not start ${executable}: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
