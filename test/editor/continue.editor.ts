import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ContinueResult } from '../../src/vscode/continuePractising';
import { activateExtension, openTabLabels, runCli, waitFor, workspaceDir } from './editorHelpers';

const progressFile = () => path.join(workspaceDir(), '.ai-practice', 'progress.json');

describe('Continue Practising', () => {
  before(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('is in the roadmap view\'s title bar and the palette', async () => {
    const extension = vscode.extensions.all.find((candidate) => candidate.packageJSON.contributes?.commands?.some((command: { command: string }) => command.command === 'aiPractice.continuePractising'));
    assert.ok(extension, 'contributed');
    const titleBar = extension.packageJSON.contributes.menus['view/title'] as { command: string; when: string; group: string }[];
    assert.ok(titleBar.some((entry) => entry.command === 'aiPractice.continuePractising' && entry.when === 'view == aiPractice.roadmap' && entry.group.startsWith('navigation')));
    assert.ok((await vscode.commands.getCommands(true)).includes('aiPractice.continuePractising'));
  });

  it('opens the exercise `ai-practice next` names: its instructions and the file to work in, scaffolded and under way', async function () {
    // Starting it opens the Markdown preview, which loads the Markdown extension: slow on a busy machine.
    this.timeout(60_000);
    await activateExtension();
    const result = await vscode.commands.executeCommand<ContinueResult>('aiPractice.continuePractising');
    assert.ok(result && 'exercise' in result, `opened an exercise: ${JSON.stringify(result)}`);
    // The CLI, a separate process reading the same workspace, names the same exercise: now under way.
    const cli = await runCli(['next', '--json', '--workspace', workspaceDir()]);
    assert.equal(cli.code, 0, cli.stderr);
    const next = JSON.parse(cli.stdout);
    assert.equal(next.exercise, result.exercise);
    assert.equal(next.reason, 'in-progress', 'Continue Practising started it');
    assert.deepEqual(next.created, [], 'every file was already there: the command scaffolded them');
    const instructions = `Preview ${path.basename(next.instructions)}`;
    const mainFile = path.basename(next.mainFile);
    await waitFor(`${instructions} and ${mainFile} open`, () => openTabLabels().includes(instructions) && openTabLabels().includes(mainFile), 20_000);
    // The file to work in is shown beside the instructions. (Which of the two ends with the focus
    // depends on when the Markdown preview finishes loading: not asserted.)
    await waitFor('the file to work in shown in an editor', () => vscode.window.visibleTextEditors.some((editor) => editor.document.uri.fsPath === next.mainFile), 20_000);
    const progress = JSON.parse(await fs.readFile(progressFile(), 'utf8'));
    assert.notEqual(progress.packs['ai-engineering-core'].exercises[result.exercise]?.status, 'passed');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('says every exercise has passed when they all have, and opens nothing', async () => {
    await activateExtension();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const before = await fs.readFile(progressFile(), 'utf8');
    try {
      const listed = JSON.parse((await runCli(['progress', '--json', '--workspace', workspaceDir()])).stdout) as { exercises: { id: string }[] };
      const stamp = '2026-01-01T00:00:00.000Z';
      const passed = Object.fromEntries(listed.exercises.map(({ id }) => [id, { status: 'passed', startedAt: stamp, updatedAt: stamp, firstPassedAt: stamp }]));
      await fs.writeFile(progressFile(), JSON.stringify({ version: 1, packs: { 'ai-engineering-core': { exercises: passed } } }));
      const result = await vscode.commands.executeCommand<ContinueResult>('aiPractice.continuePractising');
      assert.deepEqual(result, { allPassed: true });
      assert.deepEqual(openTabLabels(), []);
    } finally {
      await fs.writeFile(progressFile(), before);
    }
  });
});
