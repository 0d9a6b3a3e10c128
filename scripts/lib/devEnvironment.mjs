// Everything the dev scripts (npm start, npm test, e2e) need from the machine: Debian
// packages, a code-server (a real VS Code whose workbench runs in the browser) installed in a
// cache folder outside the repo, and a way to start it. See README.md, "Running VS Code here".
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import * as path from 'node:path';
import { endWithRun } from './runScratch.mjs';

export const CODE_SERVER_VERSION = '4.100.3'; // bundles VS Code 1.100.3 and runs on Node 20
const RIPGREP_CACHE = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_ARCHIVE = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

export function cacheDir() {
  return process.env.AI_PRACTICE_CACHE ?? path.join(homedir(), '.cache', 'ai-practice-dev');
}

export function log(message) {
  process.stderr.write(`[ai-practice dev] ${message}\n`);
}

export function commandExists(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function debPackageInstalled(name) {
  return spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' }).stdout?.includes('install ok installed');
}

/**
 * Installs missing Debian packages when we may (root with apt-get), otherwise says exactly
 * which command to run. `wanted` maps a package to a test that tells whether it is present.
 */
export function ensureDebianPackages(wanted) {
  const missing = Object.entries(wanted)
    .filter(([name, present]) => !(present ? present() : debPackageInstalled(name)))
    .map(([name]) => name);
  if (missing.length === 0) return;
  const command = `apt-get install -y ${missing.join(' ')}`;
  if (process.getuid?.() !== 0 || !commandExists('apt-get')) {
    throw new Error(`Missing system packages: ${missing.join(', ')}. Install them with: sudo ${command}`);
  }
  log(`installing ${missing.join(', ')} with apt-get`);
  // apt checks signatures as its unprivileged _apt user, in /tmp: a /tmp that is not
  // world-writable with the sticky bit fails every update (an earlier version of a unit test
  // left /tmp at 755).
  if ((statSync('/tmp').mode & 0o1777) !== 0o1777) chmodSync('/tmp', 0o1777);
  execFileSync('sh', ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive ${command} -qq`], { stdio: 'inherit' });
}

/**
 * The Chromium that drives the workbench: AI_PRACTICE_CHROMIUM if set, else Debian's
 * chromium, else an installed Google Chrome (GitHub's Ubuntu runners have one, and no
 * Chromium package), else Debian's chromium installed now.
 */
export function ensureChromium() {
  if (process.env.AI_PRACTICE_CHROMIUM) return process.env.AI_PRACTICE_CHROMIUM;
  const found = ['/usr/bin/chromium', '/usr/bin/google-chrome'].find((candidate) => existsSync(candidate));
  if (found) return found;
  ensureDebianPackages({ chromium: () => existsSync('/usr/bin/chromium') });
  return '/usr/bin/chromium';
}

export function codeServerBin() {
  return path.join(cacheDir(), `code-server-${CODE_SERVER_VERSION}`, 'node_modules', '.bin', 'code-server');
}

/** Installs code-server into the cache folder once; later calls reuse it. */
export function ensureCodeServer() {
  const prefix = path.join(cacheDir(), `code-server-${CODE_SERVER_VERSION}`);
  const marker = path.join(prefix, '.installed');
  if (existsSync(marker) && existsSync(codeServerBin())) return codeServerBin();

  ensureDebianPackages({ 'libkrb5-dev': undefined, ripgrep: () => commandExists('rg') });
  // code-server's nested @vscode/ripgrep downloads rg from GitHub, which is out of reach
  // here; it looks in this cache first, so give it Debian's rg.
  const ripgrepCache = path.join(process.env.TMPDIR ?? tmpdir(), RIPGREP_CACHE);
  mkdirSync(ripgrepCache, { recursive: true });
  const rg = execFileSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).trim();
  execFileSync('tar', ['czf', path.join(ripgrepCache, RIPGREP_ARCHIVE), '-C', path.dirname(rg), path.basename(rg)]);

  log(`installing code-server ${CODE_SERVER_VERSION} into ${prefix} (about 3 minutes, once)`);
  rmSync(prefix, { recursive: true, force: true });
  mkdirSync(prefix, { recursive: true });
  writeFileSync(path.join(prefix, 'package.json'), JSON.stringify({ name: 'code-server-cache', private: true }) + '\n');
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: prefix,
    stdio: 'inherit',
    env: {
      ...process.env,
      // code-server's postinstall refuses root without this, and runs nested npm installs.
      npm_config_unsafe_perm: 'true',
      npm_config_yes: 'true',
      // npm 11 skips dependency install scripts unless approved; code-server's postinstall
      // and the native modules of its nested installs must run. Scoped to this one install
      // of a pinned tool into a cache folder, never the project's own dependencies.
      npm_config_dangerously_allow_all_scripts: 'true',
    },
  });
  if (result.status !== 0) throw new Error(`Installing code-server failed (exit ${result.status}); see the npm output above.`);
  writeFileSync(marker, new Date().toISOString() + '\n');
  return codeServerBin();
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Builds for production and packages the extension; returns the path of the .vsix. */
export function packageExtension(root) {
  log('building and packaging the extension');
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  return path.join(root, 'dist', 'ai-engineering-practice.vsix');
}

/** Installs a packaged extension into an extensions folder, offline. */
export function installVsix(vsix, extensionsDir) {
  execFileSync(codeServerBin(), ['--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function portIsFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * Starts code-server and resolves once it answers HTTP. `stop()` ends it and its children.
 * Its own log goes to `logFile` (it complains about the closed network; that is harmless).
 * With `workspaceTrust`, folders open in Restricted Mode until trusted.
 * `detached` puts it in its own process group so that `stop()` reaches every child; leave it
 * attached for an interactive session, so that Ctrl+C in the terminal ends it too.
 */
export async function startCodeServer({ port, userDataDir, extensionsDir, workspace, logFile, detached = true, workspaceTrust = false }) {
  port ??= await freePort();
  if (!(await portIsFree(port))) throw new Error(`port ${port} is already in use`);
  const args = [
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    // Workspace trust is off unless a run is about Restricted Mode.
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
  ];
  if (workspace) args.push(workspace);
  logFile ??= path.join(userDataDir, 'code-server.log');
  const out = openSync(logFile, 'a');
  const child = spawn(codeServerBin(), args, { stdio: ['ignore', out, out], detached });
  const signalAll = (signal) => {
    try {
      if (detached) process.kill(-child.pid, signal);
      else child.kill(signal);
    } catch {
      // already gone
    }
  };
  // However the run ends, code-server and everything it started (extension hosts, language
  // servers) end with it.
  const forgetOnRunEnd = endWithRun(child, { group: detached });
  /** Ends code-server and its children; resolves once its process group is gone. */
  const stop = async () => {
    forgetOnRunEnd();
    signalAll('SIGTERM');
    const deadline = Date.now() + 10_000;
    while (groupAlive(child.pid)) {
      if (Date.now() > deadline) {
        signalAll('SIGKILL');
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited early with ${child.exitCode}; see ${logFile}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return { url, port, child, stop };
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error('code-server did not answer within 60 s');
}

/** Whether any process of the group led by `pid` is still alive. */
function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** User settings for a code-server profile: quiet, offline, and no prompts about the repo around it. */
export function writeUserSettings(userDataDir, extra = {}) {
  const settings = {
    'workbench.startupEditor': 'none',
    'git.openRepositoryInParentFolders': 'never',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'telemetry.telemetryLevel': 'off',
    'workbench.tips.enabled': false,
    'update.mode': 'none',
    // Nothing is saved unless a test or a person saves it.
    'files.autoSave': 'off',
    ...extra,
  };
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
}

export function temporaryDir(prefix) {
  return mkdtempSync(path.join(tmpdir(), prefix));
}
