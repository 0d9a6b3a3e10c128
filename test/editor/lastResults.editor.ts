import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CheckReport } from '../../src/core/check/report';
import { clip, LAST_RESULT_LIMITS } from '../../src/core/lastResults';
import { activateExtension, runCli, waitFor, workspaceDir } from './editorHelpers';

// Not used by the other suites of this window: its results here are this file's alone.
const ID = 'retrieval-metrics';
const progressFile = () => path.join(workspaceDir(), '.ai-practice', 'progress.json');
const readProgress = async () => JSON.parse(await fs.readFile(progressFile(), 'utf8'));
const lastCheckOf = async () => (await readProgress()).packs['ai-engineering-core'].exercises[ID].lastCheck;

/** What a report's tests look like in Test Explorer after a reload: each child's id, status and message (cut to the bound progress keeps). */
const shown = (report: CheckReport) =>
  report.tests.map((test) => ({ id: `${ID}::${test.name}`, status: test.status, ...(test.status === 'pass' ? {} : { message: clip(test.message ?? test.name, LAST_RESULT_LIMITS.message) }) }));

describe('the last results in Test Explorer survive a reload', () => {
  it('a check run by the CLI in a terminal shows in Test Explorer, as a completed run named "Last check, <time>"', async () => {
    const api = await activateExtension();
    assert.equal((await runCli(['start', ID, '--workspace', workspaceDir()])).code, 0);
    const checked = await runCli(['check', ID, '--json', '--workspace', workspaceDir()]);
    assert.equal(checked.code, 1, checked.stderr);
    const report = JSON.parse(checked.stdout) as CheckReport;
    const { at } = await lastCheckOf();
    // Progress changed outside the editor: the controller, which watches it, replays the check.
    const replayed = await waitFor('the CLI check replayed into Test Explorer', () => {
      const run = api.checks.lastReplayed();
      return run?.exercises.some((exercise) => exercise.id === ID && exercise.at === at) ? run : undefined;
    });
    assert.match(replayed.name, /^Last checks?, /);
    const exercise = replayed.exercises.find((candidate) => candidate.id === ID);
    assert.equal(exercise?.status, 'fail');
    assert.equal(exercise?.message, report.message);
    assert.deepEqual(exercise?.tests, shown(report));
    assert.equal(exercise?.outdated, false);
    const item = api.checks.controller.items.get(ID);
    assert.equal(item?.children.size, report.tests.length, 'each test is a child of the exercise');
  });

  it("a check in the editor: after the controller is rebuilt from progress, as after a reload, each test is there with its result and message", async () => {
    const api = await activateExtension();
    await vscode.commands.executeCommand('aiPractice.checkExercise', ID);
    const report = api.checks.lastReport(ID);
    assert.equal(report?.status, 'fail');
    const replayed = await api.checks.rebuildFromProgress();
    assert.equal(api.checks.lastReport(ID), undefined, 'nothing of the window is left: the results come from progress');
    const { at } = await lastCheckOf();
    assert.equal(replayed?.name, api.checks.lastReplayed()?.name);
    assert.match(replayed?.name ?? '', /^Last checks?, /);
    const exercise = replayed?.exercises.find((candidate) => candidate.id === ID);
    assert.ok(exercise, `the exercise is replayed (${JSON.stringify(replayed?.exercises.map((candidate) => candidate.id))})`);
    assert.equal(exercise.at, at);
    assert.deepEqual(exercise.tests, shown(report));
    // Every other started exercise of the pack with a check in progress is replayed in the same run.
    const progress = await readProgress();
    const withChecks = Object.entries(progress.packs['ai-engineering-core'].exercises as Record<string, { lastCheck?: unknown }>)
      .filter(([id, record]) => record.lastCheck && api.checks.controller.items.get(id))
      .map(([id]) => id);
    const ids = replayed?.exercises.map((candidate) => candidate.id) ?? [];
    assert.deepEqual(withChecks.filter((id) => !ids.includes(id)), []);
    // The items are rebuilt: each test a child, where the report located it.
    const item = api.checks.controller.items.get(ID);
    assert.equal(item?.children.size, report.tests.length);
    for (const test of report.tests) {
      const child: vscode.TestItem | undefined = item?.children.get(`${ID}::${test.name}`);
      assert.ok(child, `${test.name} is a test item`);
      if (test.location) assert.equal(child.uri?.fsPath, path.join(workspaceDir(), ...test.location.file.split('/')));
      if (test.requirements?.length) assert.equal(child.description, `checks ${test.requirements.join(', ')}`);
    }
    // Rebuilt again with nothing new: the same results, not a second copy of them.
    assert.deepEqual((await api.checks.rebuildFromProgress())?.exercises.find((candidate) => candidate.id === ID)?.tests, exercise.tests);
  });

  it('results older than a file saved since are still shown, as outdated', async () => {
    const api = await activateExtension();
    const { at } = await lastCheckOf();
    const file = path.join(workspaceDir(), 'practice', ID, (await fs.readdir(path.join(workspaceDir(), 'practice', ID))).find((name) => name.endsWith('.ts')) ?? 'missing');
    const later = new Date(Date.parse(at) + 5_000);
    await fs.utimes(file, later, later);
    try {
      const exercise = (await api.checks.rebuildFromProgress())?.exercises.find((candidate) => candidate.id === ID);
      assert.equal(exercise?.outdated, true);
      assert.equal(exercise?.status, 'fail', 'still the last result');
      assert.ok((exercise?.tests.length ?? 0) > 0);
    } finally {
      const before = new Date(Date.parse(at) - 5_000);
      await fs.utimes(file, before, before);
    }
    const current = (await api.checks.rebuildFromProgress())?.exercises.find((candidate) => candidate.id === ID);
    assert.equal(current?.outdated, false);
  });

  it('a progress an older version wrote (no tests kept) shows the exercise\'s result alone, with no stale children', async () => {
    const api = await activateExtension();
    const progress = await readProgress();
    const record = progress.packs['ai-engineering-core'].exercises[ID];
    delete record.lastCheck.tests;
    delete record.lastCheck.testsOmitted;
    await fs.writeFile(progressFile(), JSON.stringify(progress, null, 2));
    const exercise = (await api.checks.rebuildFromProgress())?.exercises.find((candidate) => candidate.id === ID);
    assert.equal(exercise?.status, 'fail');
    assert.equal(exercise?.message, record.lastCheck.message);
    assert.deepEqual(exercise?.tests, []);
    assert.equal(api.checks.controller.items.get(ID)?.children.size, 0);
  });
});
