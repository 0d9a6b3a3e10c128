import { execFile } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AiPracticeApi } from '../../src/extension';
import type { RoadmapExercise } from '../../src/core/roadmap';
import type { RoadmapNode } from '../../src/vscode/roadmapView';

export const EXTENSION_ID = 'ai-practice.ai-engineering-practice';
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export async function activateExtension(): Promise<AiPracticeApi> {
  const extension = vscode.extensions.getExtension<AiPracticeApi>(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not installed`);
  return extension.activate();
}

export function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('this suite needs a folder open');
  return folder.uri.fsPath;
}

/** Walks the real tree provider, as the view would, down to every exercise node. */
export async function exerciseNodes(api: AiPracticeApi): Promise<Extract<RoadmapNode, { type: 'exercise' }>[]> {
  const exercises: Extract<RoadmapNode, { type: 'exercise' }>[] = [];
  const walk = async (node?: RoadmapNode): Promise<void> => {
    for (const child of await api.roadmap.getChildren(node)) {
      if (child.type === 'exercise') exercises.push(child);
      else await walk(child);
    }
  };
  await walk();
  return exercises;
}

export async function exerciseItem(api: AiPracticeApi, id: string): Promise<{ item: vscode.TreeItem; exercise: RoadmapExercise }> {
  const node = (await exerciseNodes(api)).find((candidate) => candidate.exercise.id === id);
  if (!node) throw new Error(`no exercise ${id} in the tree`);
  return { item: api.roadmap.getTreeItem(node), exercise: node.exercise };
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Resolves on the tree's next change event (a refresh the view would show). */
export function nextTreeChange(api: AiPracticeApi, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error('the roadmap did not refresh'));
    }, timeoutMs);
    const subscription = api.roadmap.onDidChangeTreeData(() => {
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    });
  });
}

/** Runs the real CLI as a separate process, the way a learner would in a terminal. */
export function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(REPO_ROOT, 'bin', 'ai-practice.js'), ...args],
      { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', NO_COLOR: '1' } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

export function openTabLabels(): string[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs.map((tab) => tab.label));
}
