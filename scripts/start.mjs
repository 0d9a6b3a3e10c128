// `npm start`: builds and packages the extension, then opens it in a real VS Code on a
// practice workspace. Desktop `code` when it is on PATH; otherwise the browser VS Code of
// code-server (installed once into a cache folder), whose URL is printed.
// Options: --browser (use code-server even where `code` exists), --port N,
// --workspace DIR (default: .sandbox/practice-workspace).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { commandExists, ensureCodeServer, installVsix, log, packageExtension, startCodeServer, writeUserSettings } from './lib/devEnvironment.mjs';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: { browser: { type: 'boolean' }, port: { type: 'string' }, workspace: { type: 'string' } },
});
const workspace = path.resolve(values.workspace ?? path.join(root, '.sandbox', 'practice-workspace'));
const sandbox = path.join(root, '.sandbox');

const vsix = packageExtension(root);

if (!existsSync(workspace)) {
  mkdirSync(workspace, { recursive: true });
  writeFileSync(
    path.join(workspace, 'README.md'),
    '# My AI engineering practice\n\nOpen the AI Practice view in the activity bar and start an exercise. ' +
      'Exercises land in `practice/`, your progress in `.ai-practice/`.\n',
  );
}

const desktop = !values.browser && commandExists('code');
if (desktop) {
  log(`opening ${workspace} in VS Code with the extension in development mode`);
  execFileSync('code', ['--new-window', `--extensionDevelopmentPath=${root}`, workspace], { stdio: 'inherit' });
} else {
  ensureCodeServer();
  const extensionsDir = path.join(sandbox, 'code-server', 'extensions');
  const userDataDir = path.join(sandbox, 'code-server', 'user-data');
  mkdirSync(extensionsDir, { recursive: true });
  mkdirSync(userDataDir, { recursive: true });
  installVsix(vsix, extensionsDir);
  writeUserSettings(userDataDir, { 'workbench.startupEditor': 'readme' });
  const port = values.port ? Number(values.port) : 8080;
  const options = { userDataDir, extensionsDir, workspace, logFile: path.join(sandbox, 'code-server', 'code-server.log'), detached: false };
  const server = await startCodeServer({ ...options, port }).catch(async (error) => {
    if (values.port) throw error;
    log(`${error.message}; using a free port instead`);
    return startCodeServer(options);
  });
  const url = `${server.url}/?folder=${encodeURIComponent(workspace)}`;
  console.log(`\nAI Engineering Practice is running in VS Code (code-server ${server.url}).\n\n  Open: ${url}\n\nPress Ctrl+C to stop.`);
  const stop = () => {
    server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await new Promise(() => {}); // keep serving until interrupted
}
