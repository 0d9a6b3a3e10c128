import assert from 'node:assert/strict';
import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RoadmapNode } from '../../src/vscode/roadmapView';
import { activateExtension, exerciseItem, exerciseNodes, REPO_ROOT, waitFor, workspaceDir } from './editorHelpers';

const ID = 'retry-policy-eval-dataset';
const datasetFile = () => path.join(workspaceDir(), 'practice', ID, 'dataset.jsonl');
const reference = path.join(REPO_ROOT, 'packs', 'builtin', 'exercises', ID, 'solution', 'dataset.jsonl');
const progressOf = async (id = ID) =>
  JSON.parse(await fs.readFile(path.join(workspaceDir(), '.ai-practice', 'progress.json'), 'utf8')).packs['ai-engineering-core'].exercises[id];

describe('checking exercises in the editor', () => {
  before(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('lists a started exercise in Test Explorer', async () => {
    const api = await activateExtension();
    await vscode.commands.executeCommand('aiPractice.startExercise', ID);
    await api.checks.refreshItems();
    const item = api.checks.controller.items.get(ID);
    assert.ok(item, 'the exercise is a test item');
    assert.equal(item.label, 'Design an eval dataset for an API retry policy');
    assert.equal(item.uri?.fsPath, datasetFile());
    assert.equal(api.checks.controller.items.get('triage-prompt-debugging'), undefined, 'exercises not started are not listed');
  });

  it('Check on the starter fails: each test in Test Explorer, the roadmap item turns red, progress counts the attempt', async () => {
    const api = await activateExtension();
    await vscode.commands.executeCommand('aiPractice.checkExercise', ID);
    const report = api.checks.lastReport(ID);
    assert.equal(report?.status, 'fail');
    const item = api.checks.controller.items.get(ID);
    assert.equal(item?.children.size, report?.tests.length);
    const exposes = item?.children.get(`${ID}::Exposes at least 10 of 12 buggy implementations`);
    assert.ok(exposes, 'the variant score is a test of its own');
    // It names the requirement it checks, and carries it as a tag to filter by.
    assert.equal(exposes.description, 'checks exposes-bugs');
    assert.deepEqual(exposes.tags.map((tag) => tag.id), ['exposes-bugs']);
    const { item: treeItem } = await waitFor('the roadmap to show the failure', async () => {
      const found = await exerciseItem(api, ID);
      return found.item.contextValue === 'exercise.failed.checkable' ? found : undefined;
    });
    assert.equal((treeItem.iconPath as vscode.ThemeIcon).id, 'error');
    const record = await progressOf();
    assert.equal(record.attempts, 1);
    assert.equal(record.lastCheck.status, 'fail');
  });

  it('puts a bad dataset line in the Problems panel, at its line and field', async () => {
    const api = await activateExtension();
    await fs.appendFile(datasetFile(), '{"id": "oops", "input": {"status": 429, "attempt": 0}, "expected": {"retry": true, "delayMs": 1000}}\n');
    await vscode.commands.executeCommand('aiPractice.checkExercise', ID);
    assert.equal(api.checks.lastReport(ID)?.status, 'fail');
    const diagnostics = await waitFor('a diagnostic', () => {
      const found = vscode.languages.getDiagnostics(vscode.Uri.file(datasetFile()));
      return found.length > 0 ? found : undefined;
    });
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]?.range.start.line, 2);
    assert.equal(diagnostics[0]?.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diagnostics[0]?.message ?? '', /line 3 · oops: input\.attempt: attempts are counted from 1/);
  });

  it('once fixed, Check passes: the Problems panel clears, the roadmap turns green, the first pass is recorded', async () => {
    const api = await activateExtension();
    await fs.copyFile(reference, datasetFile());
    await vscode.commands.executeCommand('aiPractice.checkExercise', ID);
    assert.equal(api.checks.lastReport(ID)?.status, 'pass', api.checks.lastReport(ID)?.message);
    assert.deepEqual(vscode.languages.getDiagnostics(vscode.Uri.file(datasetFile())), []);
    await waitFor('the roadmap to show the pass', async () => (await exerciseItem(api, ID)).item.contextValue === 'exercise.passed.checkable');
    const record = await progressOf();
    assert.equal(record.status, 'passed');
    assert.equal(record.attempts, 3);
    assert.equal(typeof record.firstPassedAt, 'string');
  });

  it('runs from Test Explorer\'s own Run command too', async () => {
    const api = await activateExtension();
    await fs.writeFile(datasetFile(), (await fs.readFile(reference, 'utf8')).split('\n').slice(0, 3).join('\n'));
    await vscode.commands.executeCommand('testing.runAll');
    await waitFor('the Test Explorer run to finish', () => api.checks.lastReport(ID)?.status === 'fail' && !api.checks.isRunning(ID));
    assert.equal((await progressOf()).attempts, 4);
  });

  it('checks on save when the setting is on', async () => {
    const api = await activateExtension();
    const settings = vscode.workspace.getConfiguration('aiPractice');
    await settings.update('checkOnSave', true, vscode.ConfigurationTarget.Workspace);
    try {
      const document = await vscode.workspace.openTextDocument(datasetFile());
      const editor = await vscode.window.showTextDocument(document);
      await editor.edit((edit) => edit.replace(new vscode.Range(0, 0, document.lineCount, 0), readFileSync(reference, 'utf8')));
      await document.save();
      await waitFor('the check on save', async () => (await progressOf()).attempts === 5 && !api.checks.isRunning(ID));
      assert.equal(api.checks.lastReport(ID)?.status, 'pass');
    } finally {
      await settings.update('checkOnSave', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('Show Next Hint reveals one hint at a time and records it', async () => {
    await activateExtension();
    const first = await vscode.commands.executeCommand<string>('aiPractice.showNextHint', ID);
    assert.match(first, /^Hint 1 of 4 for Design an eval dataset for an API retry policy: Take the specification one rule at a time/);
    const second = await vscode.commands.executeCommand<string>('aiPractice.showNextHint', ID);
    assert.match(second, /^Hint 2 of 4 for Design an eval dataset for an API retry policy: Lists of status codes/);
    assert.equal((await progressOf()).hintsUsed, 2);
    const hints = await vscode.workspace.openTextDocument(vscode.Uri.parse(`ai-practice-hints:/${ID}/Hints.md`));
    assert.match(hints.getText(), /^# Hints: Design an eval dataset for an API retry policy/);
    assert.match(hints.getText(), /\n1\. Take the specification one rule at a time/);
    assert.match(hints.getText(), /\n2\. Lists of status codes/);
    assert.doesNotMatch(hints.getText(), /\n3\. /, 'the third hint stays hidden');
    assert.match(hints.getText(), /2 of 4 hints revealed/);
  });

  it('a hint refreshes only its own roadmap row, so the other rows keep their handles', async () => {
    const api = await activateExtension();
    const before = await exerciseNodes(api);
    const events: (RoadmapNode | RoadmapNode[] | undefined)[] = [];
    const listener = api.roadmap.onDidChangeTreeData((event) => events.push(event));
    try {
      await vscode.commands.executeCommand('aiPractice.showNextHint', ID);
      const changed = await waitFor('the roadmap to hear of the hint', () => events.find((event) => event !== undefined) ?? (events.length > 0 ? 'whole tree' : undefined));
      assert.ok(Array.isArray(changed), `one row changed, not the whole tree (${String(changed)})`);
      assert.deepEqual(changed.map((node) => (node.type === 'exercise' ? node.exercise.id : node.type)), [ID]);
      assert.ok(events.every((event) => event !== undefined), 'no whole-tree refresh');
      const after = await exerciseNodes(api);
      assert.ok(before.every((node, index) => node === after[index]), 'the rows are the same objects');
      assert.equal(after.find((node) => node.exercise.id === ID)?.exercise.hintsUsed, 3);
    } finally {
      listener.dispose();
    }
  });

  it('the last hint says it is the last; after it, Show Next Hint says there are no more and how many there were', async () => {
    await activateExtension();
    const last = await vscode.commands.executeCommand<string>('aiPractice.showNextHint', ID);
    assert.match(last, /^Hint 4 of 4 for Design an eval dataset for an API retry policy, the last one: \S/);
    const more = await vscode.commands.executeCommand<string>('aiPractice.showNextHint', ID);
    assert.equal(more, 'No more hints for Design an eval dataset for an API retry policy: you have seen its 4 hints.');
    assert.equal((await progressOf()).hintsUsed, 4, 'asking again reveals nothing more');
  });

  it('refuses, without running anything, an exercise that is not started or that it cannot check', async () => {
    const api = await activateExtension();
    await vscode.commands.executeCommand('aiPractice.checkExercise', 'triage-prompt-debugging');
    assert.equal(api.checks.lastReport('triage-prompt-debugging'), undefined);
    const progress = JSON.parse(await fs.readFile(path.join(workspaceDir(), '.ai-practice', 'progress.json'), 'utf8'));
    assert.equal(progress.packs['ai-engineering-core'].exercises['triage-prompt-debugging'], undefined);
  });
});
