import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, exerciseItem, nextTreeChange, openTabLabels, runCli, waitFor, workspaceDir } from './editorHelpers';

const progressFile = () => path.join(workspaceDir(), '.ai-practice', 'progress.json');

describe('starting, reopening and following exercises', () => {
  before(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens the pack\'s instructions for an exercise not started yet, writing nothing', async () => {
    await activateExtension();
    await vscode.commands.executeCommand('aiPractice.openInstructions', 'triage-prompt-debugging');
    await waitFor('the instructions preview', () => openTabLabels().includes('Preview README.md'));
    await assert.rejects(fs.access(path.join(workspaceDir(), 'practice')));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Start scaffolds into practice/<id>/, opens the instructions and marks it in progress', async () => {
    const api = await activateExtension();
    const refreshed = nextTreeChange(api);
    await vscode.commands.executeCommand('aiPractice.startExercise', 'agent-loop-basics');
    const folder = path.join(workspaceDir(), 'practice', 'agent-loop-basics');
    assert.deepEqual((await fs.readdir(folder)).sort(), ['README.md', 'agent.ts']);
    await waitFor('the instructions preview', () => openTabLabels().includes('Preview README.md'));
    await refreshed;
    const { item } = await exerciseItem(api, 'agent-loop-basics');
    assert.equal(item.contextValue, 'exercise.in-progress.checkable');
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'circle-large-filled');
    const progress = JSON.parse(await fs.readFile(progressFile(), 'utf8'));
    assert.equal(progress.packs['ai-engineering-core'].exercises['agent-loop-basics'].status, 'in-progress');
  });

  it('starting again keeps the learner\'s changes', async () => {
    await activateExtension();
    const agent = path.join(workspaceDir(), 'practice', 'agent-loop-basics', 'agent.ts');
    await fs.writeFile(agent, '// my loop\n');
    await vscode.commands.executeCommand('aiPractice.startExercise', 'agent-loop-basics');
    assert.equal(await fs.readFile(agent, 'utf8'), '// my loop\n');
  });

  it('an unknown exercise id gets an error message, and nothing is written', async () => {
    await activateExtension();
    await vscode.commands.executeCommand('aiPractice.startExercise', 'no-such-exercise');
    await assert.rejects(fs.access(path.join(workspaceDir(), 'practice', 'no-such-exercise')));
  });

  it('refreshes when the CLI changes progress on disk', async () => {
    const api = await activateExtension();
    const refreshed = nextTreeChange(api);
    const cli = await runCli(['start', 'triage-eval-dataset', '--workspace', workspaceDir()]);
    assert.equal(cli.code, 0, cli.stderr);
    await refreshed; // the file watcher fired: nobody in this window touched the tree
    const { item } = await exerciseItem(api, 'triage-eval-dataset');
    assert.equal(item.contextValue, 'exercise.in-progress.checkable', 'started, and Check applies');
  });

  it('keeps a corrupted progress file aside and carries on', async () => {
    const api = await activateExtension();
    const refreshed = nextTreeChange(api);
    await fs.writeFile(progressFile(), '{ this is not json');
    await refreshed;
    const areas = (await api.roadmap.getChildren()).filter((node) => node.type === 'area');
    assert.equal(areas.length, 7);
    const names = await fs.readdir(path.dirname(progressFile()));
    assert.ok(names.some((name) => name.startsWith('progress.json.corrupt-')), names.join(', '));
    const { item } = await exerciseItem(api, 'agent-loop-basics');
    assert.equal(item.contextValue, 'exercise.not-started', 'progress starts afresh');
  });
});
