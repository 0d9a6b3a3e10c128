// Drives the code-server workbench in Debian's Chromium through playwright-core: either to
// run an extension test suite inside the real extension host (the @vscode/test-electron
// `run()` contract, as VS Code's own browser integration tests do), or to click through the
// UI and take screenshots.
import { chromium } from 'playwright-core';
import { ensureChromium, log } from './devEnvironment.mjs';

export async function launchBrowser() {
  return chromium.launch({
    executablePath: ensureChromium(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** The workbench URL for `folder` (or an empty window), with an optional test payload. */
export function workbenchUrl(server, { folder, payload } = {}) {
  const query = new URLSearchParams();
  if (folder) query.set('folder', folder);
  else query.set('ew', 'true');
  if (payload) query.set('payload', JSON.stringify(payload));
  return `${server.url}/?${query}`;
}

/**
 * Loads the extension in `extensionPath` in development mode and runs the test module at
 * `testsPath` in the extension host. Resolves with the exit code the workbench reports.
 */
export async function runExtensionTests({ server, browser, extensionPath, testsPath, folder, timeoutMs = 180_000, screenshotOnFailure }) {
  const remote = (file) => `vscode-remote://127.0.0.1:${server.port}${file}`;
  const payload = [
    ['extensionDevelopmentPath', remote(extensionPath)],
    ['extensionTestsPath', remote(testsPath)],
  ];
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  let settle;
  const exited = new Promise((resolve) => (settle = resolve));
  await page.exposeFunction('codeAutomationExit', (code) => settle(code));
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = (Array.isArray(args) ? args : [args]).map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' ');
    // The extension host's console: the mocha reporter and any logging of the tests.
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  });
  await page.goto(workbenchUrl(server, { folder, payload }));
  const timer = new Promise((resolve) => setTimeout(() => resolve('timeout'), timeoutMs));
  const code = await Promise.race([exited, timer]);
  if (code !== 0 && screenshotOnFailure) {
    await page.screenshot({ path: screenshotOnFailure }).catch(() => undefined);
    log(`screenshot of the failing workbench: ${screenshotOnFailure}`);
  }
  await page.close();
  if (code === 'timeout') {
    log(`the extension tests did not finish within ${timeoutMs / 1000} s`);
    return 1;
  }
  return code;
}
