import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { makeZip } from '../unit/zipWriter';
import { activateExtension, exerciseNodes, waitFor, workspaceDir } from './editorHelpers';

const manifestOf = (dir: string) => path.join(workspaceDir(), dir, 'ai-practice-pack.json');
const packSetting = () => vscode.workspace.getConfiguration('aiPractice').get<string>('pack', '');

async function packId(): Promise<string | undefined> {
  const api = await activateExtension();
  const nodes = await exerciseNodes(api);
  return nodes.length > 0 ? (await api.session.get())?.pack.manifest.id : undefined;
}

describe('exercise packs in the editor', () => {
  after(async () => {
    await vscode.commands.executeCommand('aiPractice.addPack', 'builtin');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('New Exercise Pack writes a pack with an example of each kind and opens its manifest', async () => {
    await activateExtension();
    await vscode.commands.executeCommand('aiPractice.newPack', 'course-pack');
    const manifest = manifestOf('course-pack');
    await waitFor('the manifest to open', () => (vscode.window.activeTextEditor?.document.uri.fsPath === manifest ? true : undefined));
    for (const id of ['retry-policy-eval-dataset', 'agent-loop-basics', 'triage-structured-output', 'contact-extraction-prompt']) {
      await fs.access(path.join(workspaceDir(), 'course-pack', 'exercises', id, 'README.md'));
    }
  });

  it('shows a manifest\'s problems in the Problems panel as the author types, before saving', async () => {
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    const text = editor.document.getText();
    const at = text.indexOf('"skill": "evaluation"');
    await editor.edit((edit) => edit.replace(new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + '"skill": "evaluation"'.length)), '"skill": "evaluaton"'));
    const problems = await waitFor('a problem for the unknown skill', () => {
      const found = vscode.languages.getDiagnostics(editor.document.uri).filter((diagnostic) => diagnostic.source === 'AI Practice pack');
      return found.length > 0 ? found : undefined;
    });
    assert.equal(problems.length, 1);
    assert.match(problems[0]?.message ?? '', /exercises\[0\]\.skill: unknown skill "evaluaton" \(did you mean "evaluation"\?\)/);
    assert.equal(problems[0]?.range.start.line, editor.document.positionAt(at).line);
    assert.ok(editor.document.isDirty, 'nothing was saved');
    await vscode.commands.executeCommand('undo');
    await waitFor('the problem to clear', () => (vscode.languages.getDiagnostics(editor.document.uri).length === 0 ? true : undefined));
  });

  it('Add Exercise Pack uses a folder: the roadmap shows that pack, and the built-in one comes back', async () => {
    await vscode.commands.executeCommand('aiPractice.addPack', path.join(workspaceDir(), 'course-pack'));
    assert.equal(packSetting(), path.join(workspaceDir(), 'course-pack'));
    assert.equal(await waitFor('the course pack', async () => ((await packId()) === 'course-pack' ? true : undefined)), true);
    const api = await activateExtension();
    assert.equal((await exerciseNodes(api)).length, 4);
    await vscode.commands.executeCommand('aiPractice.addPack', 'builtin');
    assert.equal(packSetting(), '');
    await waitFor('the built-in pack', async () => ((await packId()) === 'ai-engineering-core' ? true : undefined));
  });

  it('Add Exercise Pack uses a zip, and refuses a broken pack without changing anything', async () => {
    const root = path.join(workspaceDir(), 'course-pack');
    const entries = (await fs.readdir(root, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name));
    const zip = path.join(workspaceDir(), 'course-pack.zip');
    await fs.writeFile(zip, makeZip(await Promise.all(entries.map(async (file) => ({ name: `course-pack/${path.relative(root, file).split(path.sep).join('/')}`, data: await fs.readFile(file, 'utf8') })))));
    await vscode.commands.executeCommand('aiPractice.addPack', zip);
    await waitFor('the zipped pack', async () => ((await packId()) === 'course-pack' ? true : undefined));

    const broken = path.join(workspaceDir(), 'broken-pack');
    await fs.mkdir(broken, { recursive: true });
    await fs.writeFile(path.join(broken, 'ai-practice-pack.json'), '{ "formatVersion": 1 }');
    await vscode.commands.executeCommand('aiPractice.addPack', broken);
    assert.equal(packSetting(), zip, 'a broken pack is not taken');
  });
});
