import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { activateExtension, exerciseItem, exerciseNodes, REPO_ROOT } from './editorHelpers';

describe('the roadmap view', () => {
  it('registers every command under the AI Practice category', async () => {
    await activateExtension();
    const commands = await vscode.commands.getCommands(true);
    for (const command of ['aiPractice.startExercise', 'aiPractice.openInstructions', 'aiPractice.resetExercise', 'aiPractice.resetAllProgress', 'aiPractice.refreshRoadmap', 'aiPractice.showLog', 'aiPractice.checkExercise', 'aiPractice.showNextHint', 'aiPractice.startSimulator', 'aiPractice.stopSimulator']) {
      assert.ok(commands.includes(command), command);
    }
  });

  it('shows the seven skill areas of the roadmap, each with exercises and so expanded', async () => {
    const api = await activateExtension();
    // The areas, then the projects built in stages.
    const items = (await api.roadmap.getChildren()).filter((node) => node.type === 'area').map((node) => api.roadmap.getTreeItem(node));
    assert.deepEqual(
      items.map((item) => item.label),
      ['Model & API literacy', 'Prompting & prompt debugging', 'Structured output', 'Retrieval (RAG)', 'Tool use & agents', 'Evaluation', 'Production'],
    );
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'packs', 'builtin', 'ai-practice-pack.json'), 'utf8')) as {
      areas: { id: string; skills: { id: string }[] }[];
      exercises: { id: string; skill: string }[];
      projects?: { stages: string[] }[];
    };
    const staged = new Set((manifest.projects ?? []).flatMap((project) => project.stages));
    const evaluationSkills = new Set(manifest.areas.find((area) => area.id === 'evaluation')?.skills.map((skill) => skill.id));
    const evaluation = items[5];
    assert.equal(evaluation?.collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
    assert.equal(evaluation?.description, `0/${manifest.exercises.filter((exercise) => evaluationSkills.has(exercise.skill) && !staged.has(exercise.id)).length} passed`);
    assert.deepEqual(
      items.map((item) => item.collapsibleState),
      items.map(() => vscode.TreeItemCollapsibleState.Expanded),
      'every area has an exercise, so none is folded',
    );
  });

  it('says in a skill\'s tooltip which exercises practise it', async () => {
    const api = await activateExtension();
    const areas = await api.roadmap.getChildren();
    const retrieval = areas[3];
    assert.ok(retrieval);
    const skills = (await api.roadmap.getChildren(retrieval)).map((node) => api.roadmap.getTreeItem(node));
    const chunking = skills.find((item) => item.label === 'Chunking documents');
    assert.match((chunking?.tooltip as vscode.MarkdownString).value, /Exercises: Chunk a handbook so search finds the answers/);
  });

  it('describes each skill in a tooltip, and every skill has exercises', async () => {
    const api = await activateExtension();
    const areas = (await api.roadmap.getChildren()).filter((node) => node.type === 'area');
    const skills = (await Promise.all(areas.map((area) => api.roadmap.getChildren(area)))).flat().map((node) => api.roadmap.getTreeItem(node));
    assert.deepEqual(skills.filter((item) => item.description === 'no exercises yet').map((item) => item.label), []);
    const messages = skills.find((item) => item.label === 'Calling a model: the Messages API');
    assert.equal(messages?.description, '0/1 passed');
    assert.match((messages?.tooltip as vscode.MarkdownString).value, /stop reason/);
    assert.match((messages?.tooltip as vscode.MarkdownString).value, /\(https:\/\/docs\.anthropic\.com\/en\/api\/messages\)/);
  });

  it('shows each exercise with status icon, difficulty, time, tooltip, and a click that opens its instructions', async () => {
    const api = await activateExtension();
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'packs', 'builtin', 'ai-practice-pack.json'), 'utf8')) as { exercises: unknown[] };
    assert.equal((await exerciseNodes(api)).length, manifest.exercises.length);
    const { item } = await exerciseItem(api, 'triage-eval-dataset');
    assert.equal(item.label, 'Design an eval dataset for ticket triage');
    assert.equal(item.description, 'intermediate · 35 min');
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'circle-large-outline');
    assert.equal(item.contextValue, 'exercise.not-started');
    const tooltip = (item.tooltip as vscode.MarkdownString).value;
    assert.match(tooltip, /Write the JSONL cases that would catch a broken triage function/);
    assert.match(tooltip, /not started/);
    assert.match(tooltip, /`eval-dataset`/);
    assert.deepEqual(item.command?.arguments, ['triage-eval-dataset']);
    assert.equal(item.command?.command, 'aiPractice.openInstructions');
  });
});
