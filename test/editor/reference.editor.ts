import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CompareOutcome } from '../../src/vscode/referenceCommands';
import { activateExtension, EXTENSION_ID, exerciseItem, openTabLabels, REPO_ROOT, waitFor, workspaceDir } from './editorHelpers';

const ID = 'front-desk-messages-api';
const exerciseDir = path.join(REPO_ROOT, 'packs', 'builtin', 'exercises', ID);
const learnerFile = () => path.join(workspaceDir(), 'practice', ID, 'desk.ts');

function diffTabs(): vscode.TabInputTextDiff[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs.map((tab) => tab.input)).filter((input): input is vscode.TabInputTextDiff => input instanceof vscode.TabInputTextDiff);
}

describe('comparing with the reference', () => {
  before(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('refuses before a pass: a message, no diff', async () => {
    await activateExtension();
    await vscode.commands.executeCommand('aiPractice.startExercise', ID);
    const outcome = await vscode.commands.executeCommand<CompareOutcome>('aiPractice.compareWithReference', ID);
    assert.deepEqual(outcome, { refused: 'not-passed' });
    assert.deepEqual(diffTabs(), []);
    // Nor can the reference be read through its document before a pass.
    await assert.rejects(Promise.resolve(vscode.workspace.openTextDocument(vscode.Uri.parse(`ai-practice-reference:/${ID}/desk.ts`))));
  });

  it('after a pass opens the diff: the reference read-only on the left, the learner\'s file on the right, the notes beside', async () => {
    const api = await activateExtension();
    await fs.copyFile(path.join(exerciseDir, 'solution', 'desk.ts'), learnerFile());
    await fs.appendFile(learnerFile(), '// my own touch\n');
    await vscode.commands.executeCommand('aiPractice.checkExercise', ID);
    assert.equal(api.checks.lastReport(ID)?.status, 'pass', api.checks.lastReport(ID)?.message);

    // The roadmap item of a passed exercise offers it in its context menu.
    const { item } = await waitFor('the roadmap to show the pass', async () => {
      const found = await exerciseItem(api, ID);
      return found.item.contextValue?.startsWith('exercise.passed') ? found : undefined;
    });
    const menus = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.contributes.menus['view/item/context'] as { command: string; when: string }[];
    const entry = menus.find((menu) => menu.command === 'aiPractice.compareWithReference');
    const pattern = /viewItem =~ \/(.*)\/$/.exec(entry?.when ?? '')?.[1] ?? '(?!)';
    assert.match(item.contextValue ?? '', new RegExp(pattern), 'the menu entry applies to the passed item');

    const outcome = await vscode.commands.executeCommand<CompareOutcome>('aiPractice.compareWithReference', ID);
    assert.ok(outcome && 'opened' in outcome, JSON.stringify(outcome));
    const diff = await waitFor('the diff editor', () => diffTabs()[0]);
    assert.equal(diff.original.toString(), `ai-practice-reference:/${ID}/desk.ts`);
    assert.equal(diff.modified.scheme, 'file');
    assert.equal(diff.modified.fsPath, learnerFile());
    const reference = await vscode.workspace.openTextDocument(diff.original);
    assert.equal(reference.getText(), await fs.readFile(path.join(exerciseDir, 'solution', 'desk.ts'), 'utf8'));
    await waitFor('the notes beside', () => openTabLabels().some((label) => label.includes('REFERENCE.md')));
  });

  it('stays open after a later failing check', async () => {
    const api = await activateExtension();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await fs.writeFile(learnerFile(), await fs.readFile(path.join(exerciseDir, 'starter', 'desk.ts')));
    await vscode.commands.executeCommand('aiPractice.checkExercise', ID);
    assert.equal(api.checks.lastReport(ID)?.status, 'fail');
    const outcome = await vscode.commands.executeCommand<CompareOutcome>('aiPractice.compareWithReference', ID);
    assert.ok(outcome && 'opened' in outcome, JSON.stringify(outcome));
    await waitFor('the diff editor', () => diffTabs().find((tab) => tab.modified.fsPath === learnerFile()));
  });
});
