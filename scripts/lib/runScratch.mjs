// One scratch folder per test run. TMPDIR points into it, so every temporary file of the run
// lands there: the tests' own folders, and the sockets and caches that code-server, VS Code's
// extension host, TypeScript and Chromium put in the temp dir. When the run ends (passed,
// failed, thrown, or stopped with Ctrl+C, TERM or HUP), the processes it started are ended and
// the folder is removed, so nothing piles up in /tmp and nothing is left running.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const cleanups = [];
let scratch;

function cleanUp() {
  // Last registered, first undone: processes end before their folders go.
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      cleanup();
    } catch {
      // keep cleaning up
    }
  }
  if (scratch) rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * Makes the run's scratch folder (once) and points TMPDIR at it, for this process and every
 * process it starts. Returns its path.
 */
export function useRunScratch(name) {
  if (scratch) return scratch;
  scratch = mkdtempSync(path.join(tmpdir(), `ai-practice-${name}-`));
  process.env.TMPDIR = scratch;
  process.on('exit', cleanUp);
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.on(signal, () => {
      process.stderr.write(`\n[ai-practice dev] ${signal}: stopping and cleaning up\n`);
      process.exit(code); // runs cleanUp through 'exit'
    });
  }
  return scratch;
}

/** Runs `cleanup` (synchronous) when the run ends, however it ends. */
export function onRunEnd(cleanup) {
  cleanups.push(cleanup);
  return () => {
    const index = cleanups.indexOf(cleanup);
    if (index >= 0) cleanups.splice(index, 1);
  };
}
