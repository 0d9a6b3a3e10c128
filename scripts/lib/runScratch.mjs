// One scratch folder per test run. TMPDIR points into it, so every temporary file of the run
// lands there: the tests' own folders, and the sockets and caches that code-server, VS Code's
// extension host, TypeScript and Chromium put in the temp dir. When the run ends (passed,
// failed, thrown, or stopped with Ctrl+C, TERM or HUP), the processes it started are ended and
// the folder is removed, so nothing piles up in /tmp and nothing is left running.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

/**
 * Ends `child` when the run ends, if it is still running: TERM, so that it can clean up after
 * itself (a nested run removes its own scratch folder and ends its own servers), then, once it
 * is gone or 10 s have passed, KILL. With `group`, the signals go to its whole process group
 * (it must have been started detached). Returns a function that forgets it (call it once the
 * child has ended by itself).
 */
export function endWithRun(child, { group = false } = {}) {
  const target = group ? -child.pid : child.pid;
  const signal = (name) => {
    try {
      process.kill(target, name);
      return true;
    } catch {
      return false; // already gone
    }
  };
  return onRunEnd(() => {
    if (!signal('SIGTERM')) return;
    // The run is ending: no event loop is left to wait with, so wait synchronously.
    const pause = new Int32Array(new SharedArrayBuffer(4));
    const deadline = Date.now() + 10_000;
    while (running(child.pid) && Date.now() < deadline) Atomics.wait(pause, 0, 0, 50);
    signal('SIGKILL');
  });
}

/** Whether `pid` is a live process (an exited child not yet reaped counts as gone). */
function running(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true; // no /proc: alive as far as we can tell
  }
}
