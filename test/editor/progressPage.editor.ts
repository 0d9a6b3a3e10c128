import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { progressPageData } from '../../src/core/progressPage';
import { clearExercise, ProgressStore, recordCheck } from '../../src/core/progressStore';
import type { AiPracticeApi } from '../../src/extension';
import type { RenderedCounts } from '../../src/progressPage/messages';
import { activateExtension, REPO_ROOT, waitFor, workspaceDir } from './editorHelpers';

const PACK_ID = 'ai-engineering-core';
const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'packs', 'builtin', 'ai-practice-pack.json'), 'utf8')) as {
  areas: { skills: { id: string; prerequisites?: string[] }[] }[];
  exercises: { id: string; skill: string }[];
  projects: { stages: string[] }[];
};
const skills = manifest.areas.flatMap((area) => area.skills);

/** The next drawing of the page that satisfies `wanted`, after `action` runs; the page's own count of what it drew. */
function nextRender(api: AiPracticeApi, action: () => Thenable<unknown> | void, wanted: (counts: RenderedCounts) => boolean = () => true, timeoutMs = 60_000): Promise<RenderedCounts> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`the progress page did not draw what was wanted; last drawn: ${JSON.stringify(api.progressPage.lastRendered)}`));
    }, timeoutMs);
    const subscription = api.progressPage.onDidRender((counts) => {
      if (!wanted(counts)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(counts);
    });
    Promise.resolve(action()).catch((error: unknown) => {
      clearTimeout(timer);
      subscription.dispose();
      reject(error instanceof Error ? error : new Error(String(error)));
    });
  });
}

const progressTabs = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('aiPractice.progress'));

/** What the page should show now, from the core the extension uses. */
async function expected(api: AiPracticeApi) {
  const practice = await api.session.get();
  assert.ok(practice, 'a folder is open');
  return progressPageData((await practice.roadmaps()).roadmaps);
}

describe('the progress page', () => {
  before(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Show Progress opens the page, which draws every skill, prerequisite, exercise and project stage of the pack', async () => {
    const api = await activateExtension();
    const counts = await nextRender(api, () => vscode.commands.executeCommand('aiPractice.showProgress'));
    const data = await expected(api);
    assert.equal(counts.packs, 1);
    assert.equal(counts.skills, skills.length);
    assert.equal(counts.edges, skills.reduce((sum, skill) => sum + (skill.prerequisites?.length ?? 0), 0));
    assert.equal(counts.exerciseRows, manifest.exercises.length);
    assert.equal(counts.total, manifest.exercises.length);
    assert.equal(counts.projects, manifest.projects.length);
    assert.equal(counts.stages, manifest.projects.reduce((sum, project) => sum + project.stages.length, 0));
    assert.equal(counts.passed, data.passed, 'the passed exercises the roadmap counts');
    assert.equal(counts.timelineDays, data.timeline.length);
    assert.equal(counts.next, data.next?.id);
    assert.equal(progressTabs().length, 1);
  });

  it('a second Show Progress shows the same page, not another', async () => {
    const api = await activateExtension();
    await vscode.commands.executeCommand('workbench.action.files.newUntitledFile');
    await waitFor('another editor to be in front', () => progressTabs()[0]?.isActive === false);
    await vscode.commands.executeCommand('aiPractice.showProgress');
    // reveal() tells the workbench, which tells the tabs' state afterwards: wait for it.
    await waitFor('the page to be in front again', () => progressTabs()[0]?.isActive);
    assert.equal(progressTabs().length, 1);
    assert.ok(api.progressPage.lastRendered);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor').then(undefined, () => undefined);
  });

  it('draws afresh when progress changes on disk: a pass shows in the counts, the timeline and the next exercise', async () => {
    const api = await activateExtension();
    await vscode.commands.executeCommand('aiPractice.showProgress');
    const before = await expected(api);
    const next = before.next;
    assert.ok(next, 'an exercise is left to do');
    const store = new ProgressStore(workspaceDir());
    const now = new Date();
    try {
      // As a check in the CLI would: another process's write to progress.json.
      const counts = await nextRender(
        api,
        () => store.update((progress) => void recordCheck(progress, PACK_ID, next.id, { status: 'pass', message: 'passed', passed: 1, failed: 0 }, now)),
        (drawn) => drawn.passed === before.passed + 1,
      );
      const after = await expected(api);
      assert.equal(counts.next, after.next?.id);
      assert.notEqual(counts.next, next.id, 'the passed exercise is no longer suggested');
      assert.equal(counts.timelineDays, after.timeline.length);
      assert.ok(after.timeline.some((point) => point.day === now.toISOString().slice(0, 10)), 'today is on the timeline');
    } finally {
      await nextRender(api, () => store.update((progress) => clearExercise(progress, PACK_ID, next.id)), (drawn) => drawn.passed === before.passed);
    }
  });

  it('is closed and opened again as a new page', async () => {
    const api = await activateExtension();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.equal(progressTabs().length, 0);
    await waitFor('the closed page to be forgotten', () => api.progressPage.lastRendered === undefined);
    const counts = await nextRender(api, () => vscode.commands.executeCommand('aiPractice.showProgress'));
    assert.equal(counts.skills, skills.length);
  });
});
