// Drives the code-server workbench in Debian's Chromium through playwright-core: either to
// run an extension test suite inside the real extension host (the @vscode/test-electron
// `run()` contract, as VS Code's own browser integration tests do), or to click through the
// UI and take screenshots.
import { appendFileSync } from 'node:fs';
import { format } from 'node:util';
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

const WORKBENCH_NOISE =
  /ENOTFOUND|ERR_NAME_NOT_RESOLVED|getaddrinfo|Resolving connection token|Resolved connection token|Creating a socket|\[Service Worker\]|ChatSessionStore|Updating additional builtin|\[lifecycle\]|Unable to read file|^\s+at /;

/**
 * Loads the extension in `extensionPath` in development mode and runs the test module at
 * `testsPath` in the extension host. Resolves with the exit code the workbench reports.
 */
export async function runExtensionTests({ server, browser, extensionPath, testsPath, folder, timeoutMs = 360_000, screenshotOnFailure, consoleLog }) {
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
    const text = format(...(Array.isArray(args) ? args : [args]));
    // The workbench relays every console here. The test reporter's lines go to the terminal;
    // the workbench's own chatter (the closed network, sockets) goes to the console log file.
    if (consoleLog) appendFileSync(consoleLog, `[${type}] ${text}\n`);
    if (!WORKBENCH_NOISE.test(text)) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  });
  await page.goto(workbenchUrl(server, { folder, payload }));
  let timer;
  const timedOut = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  const code = await Promise.race([exited, timedOut]);
  clearTimeout(timer); // a pending timer would keep the test process alive for minutes
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
