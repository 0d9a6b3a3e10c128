import assert from 'node:assert/strict';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, REPO_ROOT, waitFor, workspaceDir } from './editorHelpers';

const ID = 'triage-prompt-debugging';
const PACK_EXERCISE = path.join(REPO_ROOT, 'packs', 'builtin', 'exercises', ID);
const SECRET = 'sk-ant-api03-EDITOR-TEST-SECRET-9d1e';
const folder = () => path.join(workspaceDir(), 'practice', ID);
const model = () => vscode.workspace.getConfiguration('aiPractice.model');
const progressOf = async () => {
  const file = path.join(workspaceDir(), '.ai-practice', 'progress.json');
  return JSON.parse(await fs.readFile(file, 'utf8')).packs['ai-engineering-core'].exercises[ID];
};

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

describe('prompt-debugging checks in the editor', () => {
  after(async () => {
    for (const key of ['provider', 'baseUrl']) await model().update(key, undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('aiPractice.clearApiKey');
    await vscode.commands.executeCommand('aiPractice.stopSimulator');
  });

  it('with no API key, says so and runs nothing', async () => {
    const api = await activateExtension();
    await vscode.commands.executeCommand('aiPractice.clearApiKey');
    await model().update('provider', 'anthropic', vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('aiPractice.startExercise', ID);
    await vscode.commands.executeCommand('aiPractice.checkExercise', ID);
    assert.equal(api.checks.lastReport(ID), undefined);
    assert.equal((await progressOf()).attempts, undefined, 'nothing ran, so nothing counts as an attempt');
  });

  it('with recordings: the starter fails case by case, and the offline review shows in the Problems panel', async () => {
    const api = await activateExtension();
    await model().update('provider', 'replay', vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('aiPractice.checkExercise', ID);
    const report = api.checks.lastReport(ID);
    assert.equal(report?.status, 'fail', report?.message);
    const item = api.checks.controller.items.get(ID);
    assert.equal(item?.uri?.fsPath, path.join(folder(), 'system.md'));
    const prose = item?.children.get(`${ID}::case prose-around-json`);
    assert.equal(prose?.uri?.fsPath, path.join(folder(), 'cases.jsonl'));
    assert.equal(prose?.range?.start.line, 0);
    assert.ok(item?.children.get(`${ID}::hidden case: a German ticket`));
    const advice = await waitFor('the review in the Problems panel', () => {
      const found = vscode.languages.getDiagnostics(vscode.Uri.file(path.join(folder(), 'user.md')));
      return found.length > 0 ? found : undefined;
    });
    assert.ok(
      advice.every((diagnostic) => diagnostic.severity === vscode.DiagnosticSeverity.Information && diagnostic.source === 'AI Practice review'),
      JSON.stringify(advice.map((diagnostic) => [diagnostic.source, diagnostic.severity, diagnostic.message])),
    );
    assert.ok(advice.some((diagnostic) => diagnostic.code === 'undelimited-input' && diagnostic.range.start.line === 3));
    assert.equal(report?.usage?.provider, 'replay');
  });

  it('with recordings: the reference prompt passes', async () => {
    const api = await activateExtension();
    for (const name of ['system.md', 'user.md']) await fs.copyFile(path.join(PACK_EXERCISE, 'solution', name), path.join(folder(), name));
    await vscode.commands.executeCommand('aiPractice.checkExercise', ID);
    assert.equal(api.checks.lastReport(ID)?.status, 'pass', api.checks.lastReport(ID)?.message);
    assert.deepEqual(vscode.languages.getDiagnostics(vscode.Uri.file(path.join(folder(), 'user.md'))), []);
    assert.equal((await progressOf()).status, 'passed');
  });

  it('live against a compatible endpoint with the key from secret storage: tokens and cost, and the key written nowhere', async () => {
    const api = await activateExtension();
    await vscode.commands.executeCommand('aiPractice.startSimulator', { scenario: path.join(PACK_EXERCISE, 'check', 'model.ts') });
    const url = await vscode.commands.executeCommand<string>('aiPractice.simulatorUrl');
    await vscode.commands.executeCommand('aiPractice.setApiKey', SECRET);
    await model().update('provider', 'compatible', vscode.ConfigurationTarget.Global);
    await model().update('baseUrl', url, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('aiPractice.checkExercise', ID);
    const report = api.checks.lastReport(ID);
    assert.equal(report?.status, 'pass', report?.message);
    assert.equal(report?.usage?.calls, 36);
    assert.equal(report?.usage?.fromCache, 0);
    assert.ok((report?.usage?.costUsd ?? 0) > 0);

    // Search everything this run could have written: the workspace, the user settings, the logs.
    let userDir = api.logUri.fsPath;
    while (!existsSync(path.join(userDir, 'User', 'settings.json')) && path.dirname(userDir) !== userDir) userDir = path.dirname(userDir);
    const logsDir = path.join(userDir, 'logs');
    const files = [...(await filesUnder(workspaceDir())), path.join(userDir, 'User', 'settings.json'), ...(await filesUnder(logsDir))];
    assert.ok(files.some((file) => file.startsWith(logsDir)), `found the logs under ${logsDir}`);
    for (const file of files) {
      const text = await fs.readFile(file, 'utf8').catch(() => '');
      assert.ok(!text.includes(SECRET), `the key is in ${file}`);
    }
    assert.equal(JSON.stringify(report).includes(SECRET), false);
  });
});
