import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { promises as fs, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import * as yauzl from 'yauzl';
import { isCheckable } from '../../src/core/check/kinds/registry';
import { loadPack } from '../../src/core/packLoader';
import { BUILTIN_PACK, REPO_ROOT, temporaryDir } from '../support/helpers';

const VSCE = path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');

function packagedFiles(): string[] {
  return execFileSync(process.execPath, [VSCE, 'ls', '--no-dependencies'], { cwd: REPO_ROOT, encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

interface VsixEntry {
  /** The path inside the extension's folder (the archive's `extension/` taken off). */
  file: string;
  /** The Unix permissions the archive gives it. */
  mode: number;
  contents: Buffer;
}

let vsix: Promise<VsixEntry[]> | undefined;
/** The extension's files in a .vsix that vsce packages from the current build, made once for this file. */
function vsixEntries(): Promise<VsixEntry[]> {
  vsix ??= (async () => {
    const out = path.join(await temporaryDir('ai-practice-vsix-'), 'extension.vsix');
    execFileSync(process.execPath, [VSCE, 'package', '--no-dependencies', '--out', out], { cwd: REPO_ROOT, stdio: 'ignore' });
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.open(out, { lazyEntries: true }, (error, opened) => (error ? reject(error) : resolve(opened))));
    const entries: VsixEntry[] = [];
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!entry.fileName.startsWith('extension/') || entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, (error, stream) => {
          if (error) return reject(error);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', reject);
          stream.on('end', () => {
            entries.push({ file: entry.fileName.slice('extension/'.length), mode: (entry.externalFileAttributes >>> 16) & 0o777, contents: Buffer.concat(chunks) });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
    return entries;
  })();
  return vsix;
}

/**
 * The extension as VS Code installs the .vsix: every file with the permissions the archive gives
 * it (VS Code's unzip keeps them), in a folder whose path has a space, as many users' have.
 */
async function installedExtension(): Promise<string> {
  const dir = path.join(await temporaryDir('ai-practice-installed-'), 'VS Code extensions', 'ai-practice.ai-engineering-practice-0.1.0');
  for (const entry of await vsixEntries()) {
    const target = path.join(dir, entry.file);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, entry.contents, { mode: entry.mode || 0o644 });
  }
  return dir;
}

it('the .vsix holds every script the build makes: the extension loads them by path at run time', () => {
  const listed = new Set(packagedFiles());
  // The CLI among them (dist/cli.js, which VS Code's terminal runs through dist/bin/), with the
  // class report's page script that its `grade` inlines into class.html.
  const built = readdirSync(path.join(REPO_ROOT, 'dist'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.js'))
    .map((file) => `dist/${file.split(path.sep).join('/')}`);
  for (const needed of ['dist/extension.js', 'dist/checkRunner.js', 'dist/learnerHost.js', 'dist/lib/anthropic-sdk.js', 'dist/cli.js', 'dist/report/classReport.js']) assert.ok(built.includes(needed), `the build makes ${needed}`);
  assert.deepEqual(built.filter((file) => !listed.has(file)), [], 'built scripts missing from the package (see .vscodeignore)');
  assert.ok(listed.has('packs/builtin/ai-practice-pack.json'));
});

it("checks every kind from the packaged files alone: nothing they load at run time comes from the repository's node_modules", async () => {
  // The .vsix unpacked in a folder with no node_modules above it, as an installed extension has
  // it: a bundle that requires a package outside dist/lib fails here. The CLI runs as VS Code's
  // terminal runs it: its launcher, with the Node the extension names in AI_PRACTICE_NODE.
  const installed = await installedExtension();
  const workspace = await temporaryDir('ai-practice-installed-ws-');
  const [file, first] = process.platform === 'win32' ? [process.execPath, [path.join(installed, 'dist', 'cli.js')]] : [path.join(installed, 'dist', 'bin', 'ai-practice'), []];
  const cli = (args: string[]): string => execFileSync(file, [...first, ...args], { cwd: workspace, encoding: 'utf8', env: { ...process.env, ANTHROPIC_API_KEY: '', AI_PRACTICE_NODE: process.execPath } });
  const pack = await loadPack(BUILTIN_PACK);
  // Not a project's stage: a later stage will not start before the earlier ones pass.
  const kinds = new Map(pack.exercises.filter((exercise) => isCheckable(exercise.kind) && !exercise.stage).map((exercise) => [exercise.kind, exercise.id]));
  assert.ok(kinds.size >= 7, 'an exercise of each kind');
  for (const [kind, id] of kinds) {
    cli(['start', id]);
    let stdout: string;
    try {
      stdout = cli(['check', id, '--json', '--provider', 'replay']);
    } catch (error) {
      stdout = (error as { stdout: string }).stdout; // the starter fails: exit 1
    }
    const report = JSON.parse(stdout) as { status: string; message: string; detail?: string };
    assert.equal(report.status, 'fail', `${kind} (${id}): ${report.message}\n${report.detail ?? ''}`);
  }
});

it("holds the terminal's launchers: the shell one executable, the .cmd with CRLF line ends, both running dist/cli.js", async () => {
  const entries = await vsixEntries();
  const entry = (file: string): VsixEntry => {
    const found = entries.find((candidate) => candidate.file === file);
    assert.ok(found, `${file} is in the .vsix (see .vscodeignore)`);
    return found;
  };
  for (const file of ['dist/cli.js', 'dist/report/classReport.js']) entry(file);
  const shell = entry('dist/bin/ai-practice');
  assert.equal(shell.mode & 0o111, 0o111, `the shell launcher is executable for everyone (mode ${shell.mode.toString(8)})`);
  assert.match(shell.contents.toString('utf8'), /^#!\/bin\/sh\n/);
  const cmd = entry('dist/bin/ai-practice.cmd').contents.toString('utf8');
  assert.equal(cmd.replace(/\r\n/g, '').includes('\n'), false, 'every line of the .cmd ends in CRLF');
  // What cmd.exe needs and cannot be tried here: the paths quoted (they have spaces), every
  // argument passed on, and the CLI's exit code returned.
  assert.match(cmd, /^"%AI_PRACTICE_NODE%" "%~dp0\.\.\\cli\.js" %\*\r$/m);
  assert.match(cmd, /^node "%~dp0\.\.\\cli\.js" %\*\r$/m);
  assert.equal(cmd.match(/^exit \/b %ERRORLEVEL%\r$/gm)?.length, 2);
});

it('the shell launcher runs the CLI with AI_PRACTICE_NODE as Node, else node on PATH, else says what to do', async (t) => {
  if (process.platform === 'win32') return t.skip('a POSIX shell script');
  const launcher = path.join(await installedExtension(), 'dist', 'bin', 'ai-practice');
  const scratch = await temporaryDir('ai-practice-launcher-');
  // PATH holds only what the launcher needs besides Node (dirname), and node where a case wants it.
  const tools = path.join(scratch, 'tools');
  const withNode = path.join(scratch, 'with node');
  await fs.mkdir(tools);
  await fs.mkdir(withNode);
  const dirname = execFileSync('sh', ['-c', 'command -v dirname'], { encoding: 'utf8' }).trim();
  await fs.symlink(dirname, path.join(tools, 'dirname'));
  await fs.symlink(process.execPath, path.join(withNode, 'node'));
  // An editor's executable, as the extension names it: it records how it was run, then runs Node.
  const editor = path.join(scratch, 'Code Helper (Plugin)');
  const record = path.join(scratch, 'record.txt');
  await fs.writeFile(editor, `#!/bin/sh\nprintf '%s\\n' "ELECTRON_RUN_AS_NODE=$ELECTRON_RUN_AS_NODE" "$@" > '${record}'\nexec '${process.execPath}' "$@"\n`, { mode: 0o755 });
  const run = (env: Record<string, string>, args: string[]) => {
    const { AI_PRACTICE_NODE: _ignored, ...rest } = process.env;
    return spawnSync(launcher, args, { cwd: scratch, encoding: 'utf8', env: { ...rest, NO_COLOR: '1', ...env } });
  };

  const viaEditor = run({ PATH: tools, AI_PRACTICE_NODE: editor }, ['no-such-command', 'two words']);
  assert.equal(viaEditor.status, 1, viaEditor.stderr);
  assert.match(viaEditor.stderr, /Unknown command "no-such-command"/);
  const [electron, script, ...args] = (await fs.readFile(record, 'utf8')).trimEnd().split('\n');
  assert.equal(electron, 'ELECTRON_RUN_AS_NODE=1');
  assert.equal(path.resolve(script ?? ''), path.join(path.dirname(launcher), '..', 'cli.js'));
  assert.deepEqual(args, ['no-such-command', 'two words'], 'every argument, as one each');

  const nodeOnPath: Record<string, string>[] = [{ PATH: `${tools}:${withNode}` }, { PATH: `${tools}:${withNode}`, AI_PRACTICE_NODE: path.join(scratch, 'an editor since updated away') }];
  for (const env of nodeOnPath) {
    const viaPath = run(env, ['--version']);
    assert.equal(viaPath.status, 0, viaPath.stderr);
    assert.match(viaPath.stdout, /^\d+\.\d+\.\d+\n$/);
  }

  const none = run({ PATH: tools }, ['--version']);
  assert.equal(none.status, 2);
  assert.equal(none.stdout, '');
  assert.match(none.stderr, /no Node\.js to run it with\. Open a new terminal in VS Code .*or install Node\.js 20 or later/);
});

it("the walkthrough's steps each show a picture, in the light and the dark theme, all in the .vsix and small; its old Markdown pages are not shipped", async () => {
  const listed = new Set(packagedFiles());
  const manifest = JSON.parse(await fs.readFile(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const nls = JSON.parse(await fs.readFile(path.join(REPO_ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const steps = manifest.contributes.walkthroughs.flatMap((walkthrough: { steps: unknown[] }) => walkthrough.steps) as { id: string; media: { image?: Record<string, string>; altText?: string } }[];
  assert.equal(steps.length, 4);
  const images = new Set<string>();
  for (const step of steps) {
    const image = step.media.image;
    assert.ok(image, `${step.id} shows an image`);
    assert.deepEqual(Object.keys(image).sort(), ['dark', 'hc', 'hcLight', 'light'], step.id);
    assert.notEqual(image.light, image.dark, `${step.id}: a picture for each theme`);
    const alt = /^%(.+)%$/.exec(step.media.altText ?? '')?.[1];
    assert.ok(alt && (nls[alt]?.length ?? 0) > 20, `${step.id} describes its picture for a screen reader`);
    for (const file of Object.values(image)) {
      assert.ok(listed.has(file), `${file} is in the .vsix`);
      images.add(file);
    }
  }
  let total = 0;
  for (const file of images) {
    const bytes = await fs.readFile(path.join(REPO_ROOT, file));
    // A WebP file: "RIFF", its size, "WEBP"; its picture at the size the walkthrough pane shows.
    assert.equal(bytes.toString('latin1', 0, 4) + bytes.toString('latin1', 8, 12), 'RIFFWEBP', file);
    total += bytes.length;
  }
  assert.ok(total < 400 * 1024, `the walkthrough's pictures take ${Math.round(total / 1024)} KB`);
  assert.deepEqual([...listed].filter((file) => file.startsWith('media/walkthrough/') && !images.has(file)), [], 'nothing else of the walkthrough is shipped');
});
