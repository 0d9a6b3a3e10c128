import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension } from './editorHelpers';

describe('with no folder open', () => {
  it('the roadmap is empty, so the view shows its welcome content', async () => {
    assert.equal(vscode.workspace.workspaceFolders, undefined);
    const api = await activateExtension();
    assert.deepEqual(await api.roadmap.getChildren(), []);
  });

  it('Start Exercise explains that a folder is needed instead of failing or hanging', async () => {
    await activateExtension();
    // Resolves (the message is shown without blocking the command) and writes nothing.
    await vscode.commands.executeCommand('aiPractice.startExercise', 'agent-loop-basics');
  });
});
