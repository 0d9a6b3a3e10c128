import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { STAGE_1_SOLUTION, writeProjectPack } from '../support/projectPack';
import { makeZip } from '../support/zipWriter';
import { activateExtension, exerciseNodes, waitFor, workspaceDir } from './editorHelpers';

const manifestOf = (dir: string) => path.join(workspaceDir(), dir, 'ai-practice-pack.json');
const packsSetting = () => vscode.workspace.getConfiguration('aiPractice').get<string[]>('packs', []);

async function packIds(): Promise<string[]> {
  const api = await activateExtension();
  return (await api.session.get())?.practices.map((practice) => practice.pack.manifest.id) ?? [];
}

describe('exercise packs in the editor', () => {
  after(async () => {
    await vscode.workspace.getConfiguration('aiPractice').update('packs', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('New Exercise Pack writes a pack with an example of each kind and opens its manifest', async () => {
    await activateExtension();
    await vscode.commands.executeCommand('aiPractice.newPack', 'course-pack');
    const manifest = manifestOf('course-pack');
    await waitFor('the manifest to open', () => (vscode.window.activeTextEditor?.document.uri.fsPath === manifest ? true : undefined));
    for (const id of ['example-eval-dataset', 'example-agent-loop', 'example-structured-output', 'example-prompt-debugging', 'example-cost-optimization', 'example-injection-defense', 'example-retrieval', 'example-judge-calibration', 'example-llm-function']) {
      await fs.access(path.join(workspaceDir(), 'course-pack', 'exercises', id, 'README.md'));
    }
  });

  it('shows a manifest\'s problems in the Problems panel as the author types, before saving', async () => {
    const manifest = manifestOf('course-pack');
    const onDisk = await fs.readFile(manifest, 'utf8');
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(manifest));
    try {
      const at = editor.document.getText().indexOf('"skill": "evaluation"');
      assert.ok(at >= 0);
      assert.ok(await editor.edit((edit) => edit.replace(new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + '"skill": "evaluation"'.length)), '"skill": "evaluaton"')));
      const problems = await waitFor('a problem for the unknown skill', () => {
        const found = vscode.languages.getDiagnostics(editor.document.uri).filter((diagnostic) => diagnostic.source === 'AI Practice pack');
        return found.length > 0 ? found : undefined;
      });
      assert.equal(problems.length, 1);
      assert.match(problems[0]?.message ?? '', /exercises\[0\]\.skill: unknown skill "evaluaton" \(did you mean "evaluation"\?\)/);
      assert.equal(problems[0]?.range.start.line, editor.document.positionAt(at).line);
      assert.equal(await fs.readFile(manifest, 'utf8'), onDisk, 'the problems come from the text being typed: nothing was saved');
    } finally {
      // The pack on disk stays valid for the tests after this one, whatever happened here.
      if (editor.document.getText() !== onDisk) await editor.edit((edit) => edit.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), onDisk));
      if (editor.document.isDirty) await editor.document.save();
      await fs.writeFile(manifest, onDisk);
    }
    await waitFor('the problem to clear', () => (vscode.languages.getDiagnostics(editor.document.uri).length === 0 ? true : undefined));
  });

  it('Add Exercise Pack adds a folder pack beside the built-in one: the roadmap groups by pack; Remove takes it out', async () => {
    const api = await activateExtension();
    const folder = path.join(workspaceDir(), 'course-pack');
    await vscode.commands.executeCommand('aiPractice.addPack', folder);
    assert.deepEqual(packsSetting(), [folder]);
    await waitFor('both packs', async () => ((await packIds()).join() === 'ai-engineering-core,course-pack' ? true : undefined));
    const roots = await api.roadmap.getChildren();
    assert.deepEqual(
      roots.map((node) => (node.type === 'pack' ? api.roadmap.getTreeItem(node).label : node.type)),
      ['AI Engineering: the core roadmap', 'course-pack exercises'],
    );
    const ids = (await exerciseNodes(api)).map((node) => node.exercise.id);
    assert.ok(ids.includes('triage-eval-dataset') && ids.includes('example-agent-loop'), ids.join());
    // An exercise of the added pack starts like any other, into practice/<id>/.
    await vscode.commands.executeCommand('aiPractice.startExercise', 'example-eval-dataset');
    await fs.access(path.join(workspaceDir(), 'practice', 'example-eval-dataset', 'dataset.jsonl'));
    const progress = JSON.parse(await fs.readFile(path.join(workspaceDir(), '.ai-practice', 'progress.json'), 'utf8'));
    assert.equal(progress.packs['course-pack'].exercises['example-eval-dataset'].status, 'in-progress', 'progress is kept per pack');

    await vscode.commands.executeCommand('aiPractice.removePack', folder);
    assert.deepEqual(packsSetting(), []);
    await waitFor('the built-in pack alone', async () => ((await packIds()).join() === 'ai-engineering-core' ? true : undefined));
  });

  it('Add Exercise Pack takes a zip, and refuses a broken pack or one whose exercise ids clash, changing nothing', async () => {
    const root = path.join(workspaceDir(), 'course-pack');
    const files = (await fs.readdir(root, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
    const zip = path.join(workspaceDir(), 'course-pack.zip');
    await fs.writeFile(zip, makeZip(await Promise.all(files.map(async (file) => ({ name: `course-pack/${path.relative(root, file).split(path.sep).join('/')}`, data: await fs.readFile(file, 'utf8') })))));
    await vscode.commands.executeCommand('aiPractice.addPack', zip);
    await waitFor('the zipped pack', async () => ((await packIds()).includes('course-pack') ? true : undefined));

    const broken = path.join(workspaceDir(), 'broken-pack');
    await fs.mkdir(broken, { recursive: true });
    await fs.writeFile(path.join(broken, 'ai-practice-pack.json'), '{ "formatVersion": 1 }');
    await vscode.commands.executeCommand('aiPractice.addPack', broken);
    assert.deepEqual(packsSetting(), [zip], 'a broken pack is not added');

    const clash = path.join(workspaceDir(), 'clash-pack');
    await fs.cp(root, clash, { recursive: true });
    const manifest = await fs.readFile(path.join(clash, 'ai-practice-pack.json'), 'utf8');
    await fs.writeFile(path.join(clash, 'ai-practice-pack.json'), manifest.replace('"id": "course-pack"', '"id": "clash-pack"').replace('"id": "example-eval-dataset"', '"id": "triage-eval-dataset"'));
    await vscode.commands.executeCommand('aiPractice.addPack', clash);
    assert.deepEqual(packsSetting(), [zip], 'a pack reusing an exercise id is not added');
    assert.deepEqual(await packIds(), ['ai-engineering-core', 'course-pack']);
    await vscode.commands.executeCommand('aiPractice.removePack', zip);
  });

  it('shows a project as one row with its stages in order: the current one, and the next locked until it opens', async () => {
    const api = await activateExtension();
    const source = await writeProjectPack();
    const folder = path.join(workspaceDir(), 'project-pack');
    await fs.cp(source, folder, { recursive: true });
    await vscode.commands.executeCommand('aiPractice.addPack', folder);
    await waitFor('the project pack', async () => ((await packIds()).includes('tiny-pack') ? true : undefined));
    const projectRow = async () => {
      const packs = await api.roadmap.getChildren();
      for (const pack of packs) {
        const project = (await api.roadmap.getChildren(pack)).find((node) => node.type === 'project' && node.project.id === 'grades');
        if (project) return { project, item: api.roadmap.getTreeItem(project), stages: (await api.roadmap.getChildren(project)).map((node) => api.roadmap.getTreeItem(node)) };
      }
      return undefined;
    };
    const before = await waitFor('the project row', projectRow);
    assert.equal(before.item.label, 'A grading service');
    assert.equal(before.item.description, 'stage 1 of 2 · 0/2 passed');
    assert.deepEqual(before.stages.map((item) => item.label), ['1. Pass or fail', '2. Letter grades']);
    assert.match(String(before.stages[1]?.description), /^locked · /);
    assert.equal((before.stages[1]?.iconPath as vscode.ThemeIcon).id, 'lock');

    await vscode.commands.executeCommand('aiPractice.startExercise', 'grades-1');
    await fs.writeFile(path.join(workspaceDir(), 'practice', 'grades', 'dataset.jsonl'), STAGE_1_SOLUTION);
    await vscode.commands.executeCommand('aiPractice.checkExercise', 'grades-1');
    const after = await waitFor('stage 2 to open', async () => {
      const row = await projectRow();
      return row?.item.description === 'stage 2 of 2 · 1/2 passed' ? row : undefined;
    });
    assert.doesNotMatch(String(after.stages[1]?.description), /locked/);
    await vscode.commands.executeCommand('aiPractice.removePack', folder);
  });
});
