import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, workspaceDir } from './editorHelpers';

// Runs in a window whose folder is not trusted (Restricted Mode).
describe('Restricted Mode', () => {
  it('is what this window is in', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('still scaffolds exercises, but Check runs nothing', async () => {
    const api = await activateExtension();
    const id = 'triage-eval-dataset';
    await vscode.commands.executeCommand('aiPractice.startExercise', id);
    assert.ok((await fs.readdir(path.join(workspaceDir(), 'practice', id))).includes('dataset.jsonl'));
    await vscode.commands.executeCommand('aiPractice.checkExercise', id);
    assert.equal(await api.checks.check(id), undefined);
    assert.equal(api.checks.lastReport(id), undefined);
    const progress = JSON.parse(await fs.readFile(path.join(workspaceDir(), '.ai-practice', 'progress.json'), 'utf8'));
    const record = progress.packs['ai-engineering-core'].exercises[id];
    assert.equal(record.status, 'in-progress');
    assert.equal(record.lastCheck, undefined, 'no check ran');
  });

  it('ignores a workspace\'s aiPractice.packs: a pack from outside the extension loads only once the folder is trusted', async () => {
    const api = await activateExtension();
    const packDir = path.join(workspaceDir(), 'their-pack');
    // Writing a pack runs no code, so New Exercise Pack works here too.
    await vscode.commands.executeCommand('aiPractice.newPack', 'their-pack');
    await fs.access(path.join(packDir, 'ai-practice-pack.json'));
    const packIds = async () => (await api.session.get())?.practices.map((practice) => practice.pack.manifest.id);
    await vscode.workspace.getConfiguration('aiPractice').update('packs', [packDir], vscode.ConfigurationTarget.Workspace);
    api.session.reload();
    assert.deepEqual(await packIds(), ['ai-engineering-core']);
    await vscode.commands.executeCommand('aiPractice.addPack', packDir);
    assert.deepEqual(await packIds(), ['ai-engineering-core'], 'Add Exercise Pack explains instead of loading it');
  });
});

