import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RenderedCounts } from '../../src/progressPage/messages';
import { activateExtension } from './editorHelpers';

describe('the progress page with no folder open', () => {
  it('says that progress is kept in a folder, and draws no progress', async () => {
    const api = await activateExtension();
    const drawn = new Promise<RenderedCounts>((resolve) => {
      const subscription = api.progressPage.onDidRender((counts) => {
        subscription.dispose();
        resolve(counts);
      });
    });
    await vscode.commands.executeCommand('aiPractice.showProgress');
    const counts = await drawn;
    assert.match(counts.problem ?? '', /Open a folder to practise in/);
    assert.deepEqual([counts.skills, counts.exerciseRows, counts.total], [0, 0, 0]);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
