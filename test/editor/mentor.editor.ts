import assert from 'node:assert/strict';
import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, REPO_ROOT, workspaceDir } from './editorHelpers';

const ID = 'front-desk-messages-api';
const WRONG = 'wrong/hard-codes-the-model';
const exerciseDir = path.join(REPO_ROOT, 'packs', 'builtin', 'exercises', ID);

/** The known-wrong as the built-in manifest describes it: its mistake and mentor note. */
function knownWrong(): { reason: string; mentor: string } {
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'packs', 'builtin', 'ai-practice-pack.json'), 'utf8')) as { exercises: { id: string; knownWrong: { dir: string; reason: string; mentor?: string }[] }[] };
  const wrong = manifest.exercises.find((exercise) => exercise.id === ID)?.knownWrong.find((each) => each.dir === WRONG);
  assert.ok(wrong?.mentor, `${ID}/${WRONG} has a mentor note`);
  return { reason: wrong.reason, mentor: wrong.mentor };
}

/** Every message Test Explorer is given for a failed item while `action` runs, by item id. */
async function failuresShown(controller: vscode.TestController, action: () => Thenable<unknown>): Promise<Map<string, string[]>> {
  const shown = new Map<string, string[]>();
  const createTestRun = controller.createTestRun;
  controller.createTestRun = (...args: Parameters<vscode.TestController['createTestRun']>) => {
    const run = createTestRun.apply(controller, args);
    const failed = run.failed.bind(run);
    run.failed = (item, message, duration) => {
      const texts = (Array.isArray(message) ? message : [message]).map((each) => (typeof each.message === 'string' ? each.message : each.message.value));
      shown.set(item.id, [...(shown.get(item.id) ?? []), ...texts]);
      failed(item, message, duration);
    };
    return run;
  };
  try {
    await action();
  } finally {
    controller.createTestRun = createTestRun;
  }
  return shown;
}

describe('mentor notes in Test Explorer', () => {
  it('a failing check that makes a known mistake shows the mistake and its mentor note in the exercise’s result', async () => {
    const api = await activateExtension();
    const { reason, mentor } = knownWrong();
    await vscode.commands.executeCommand('aiPractice.startExercise', ID);
    await api.checks.refreshItems();
    // The learner's file, laid in as they would have written it: the known mistake.
    await fs.copyFile(path.join(exerciseDir, WRONG, 'desk.ts'), path.join(workspaceDir(), 'practice', ID, 'desk.ts'));
    const shown = await failuresShown(api.checks.controller, () => vscode.commands.executeCommand('aiPractice.checkExercise', ID));
    const report = api.checks.lastReport(ID);
    assert.equal(report?.status, 'fail', report?.message);
    assert.deepEqual(report.resembles?.map((item) => [item.mistake, item.mentor]), [[reason, mentor]]);
    const message = shown.get(ID)?.join('\n') ?? '';
    assert.ok(message.startsWith(report.message), message);
    assert.ok(message.includes(`Your solution behaves like a known mistake:\n  • ${reason}`), message);
    assert.ok(message.includes(`Mentor: ${mentor}`), message);
  });

  it('a failure no known mistake makes shows no mentor note', async () => {
    const api = await activateExtension();
    // The reference that throws as it loads: failing, but not as any known-wrong does.
    const reference = await fs.readFile(path.join(exerciseDir, 'solution', 'desk.ts'), 'utf8');
    await fs.writeFile(path.join(workspaceDir(), 'practice', ID, 'desk.ts'), `${reference}\nthrow new Error('not finished');\n`);
    const shown = await failuresShown(api.checks.controller, () => vscode.commands.executeCommand('aiPractice.checkExercise', ID));
    const report = api.checks.lastReport(ID);
    assert.equal(report?.status, 'fail', report?.message);
    assert.equal(report.resembles, undefined);
    const message = shown.get(ID)?.join('\n') ?? '';
    assert.equal(message, report.message);
    assert.doesNotMatch(message, /known mistake|Mentor:/);
  });
});
