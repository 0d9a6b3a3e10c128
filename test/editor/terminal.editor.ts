import assert from 'node:assert/strict';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, EXTENSION_ID, waitFor, workspaceDir } from './editorHelpers';

interface ListedExercise {
  id: string;
  status: string;
}
interface Listing {
  packId: string;
  total: number;
  areas: { skills: { exercises: ListedExercise[] }[] }[];
  projects?: { stages: ListedExercise[] }[];
}

/** Every exercise `ai-practice list --json` printed, in the areas' skills and the projects' stages. */
function listedExercises(listing: Listing): ListedExercise[] {
  return [...listing.areas.flatMap((area) => area.skills.flatMap((skill) => skill.exercises)), ...(listing.projects ?? []).flatMap((project) => project.stages)];
}

/** Single quotes for a POSIX shell. */
const quoted = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

describe('ai-practice in the integrated terminal', function () {
  // The shell starts on the server; the CLI runs twice in it.
  this.timeout(90_000);
  let terminal: vscode.Terminal | undefined;
  let scratch: string | undefined;

  afterEach(async () => {
    terminal?.dispose();
    if (scratch) await fs.rm(scratch, { recursive: true, force: true });
  });

  it('runs the CLI shipped in the extension, in the workspace, with no setup', async function () {
    if (process.platform === 'win32') this.skip(); // the command line below is for a POSIX shell
    await activateExtension();
    const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath;
    assert.ok(extensionPath);
    const workspace = workspaceDir();
    scratch = await fs.mkdtemp(path.join(workspace, '.terminal-test-'));
    const out = (name: string): string => path.join(scratch as string, name);
    const exercise = 'front-desk-messages-api';
    // The file appears complete or not at all: the shell writes it under another name first, and
    // renames it whether the CLI passed or failed (its stderr is kept, for the message).
    const line = [
      `command -v ai-practice > ${quoted(out('which.txt'))}`,
      `ai-practice start ${exercise} > ${quoted(out('start.txt'))} 2>&1`,
      `ai-practice list --json > ${quoted(out('list.part'))} 2> ${quoted(out('list.err'))}`,
      `mv ${quoted(out('list.part'))} ${quoted(out('list.json'))}`,
    ].join('; ');
    terminal = vscode.window.createTerminal({ name: 'ai-practice test' });
    terminal.show(true);
    terminal.sendText(line);
    await waitFor('list.json, written by ai-practice in the terminal', () => existsSync(out('list.json')), 75_000);

    const read = (name: string): string => readFileSync(out(name), 'utf8');
    assert.equal(read('which.txt').trim(), path.join(extensionPath, 'dist', 'bin', 'ai-practice'), "the terminal's ai-practice is the extension's launcher");
    assert.equal(read('list.err'), '', 'nothing on stderr');
    const listing = JSON.parse(read('list.json')) as Listing;
    assert.equal(listing.packId, 'ai-engineering-core', 'the built-in pack shipped in the extension');
    const manifest = JSON.parse(readFileSync(path.join(extensionPath, 'packs', 'builtin', 'ai-practice-pack.json'), 'utf8')) as { exercises: { id: string }[] };
    const listed = listedExercises(listing);
    assert.equal(listing.total, manifest.exercises.length);
    assert.deepEqual(listed.map((entry) => entry.id).sort(), manifest.exercises.map((entry) => entry.id).sort(), 'every exercise of the pack, once');
    // The CLI found the workspace from the terminal's folder: the exercise started there is in progress.
    assert.ok(existsSync(path.join(workspace, 'practice', exercise, 'README.md')), `started in the workspace: ${read('start.txt')}`);
    assert.equal(listed.find((entry) => entry.id === exercise)?.status, 'in-progress');
  });
});
