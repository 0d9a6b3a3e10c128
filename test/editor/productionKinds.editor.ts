import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, exerciseItem, REPO_ROOT, waitFor, workspaceDir } from './editorHelpers';

const exerciseDir = (id: string) => path.join(REPO_ROOT, 'packs', 'builtin', 'exercises', id);

/** Copies a pack folder's files (a solution, a known-wrong) over the learner's copy. */
async function useFiles(id: string, from: string): Promise<void> {
  const source = path.join(exerciseDir(id), from);
  for (const name of await fs.readdir(source)) await fs.copyFile(path.join(source, name), path.join(workspaceDir(), 'practice', id, name));
}

const KINDS = [
  { id: 'support-routing-costs', kind: 'cost-optimization', failing: 'costs at most 9 % of the baseline ($0.057)', entry: 'pipeline.ts' },
  { id: 'inbox-assistant-injection', kind: 'injection-defense', failing: 'hidden · a reference-style link', entry: 'assistant.ts' },
  { id: 'handbook-chunking', kind: 'retrieval', failing: 'recall@3 is at least 95 %', entry: 'chunker.ts' },
];

describe('cost, injection and retrieval checks in the editor', () => {
  for (const { id, kind, failing, entry } of KINDS) {
    it(`${kind}: the starter fails in Test Explorer and on the roadmap; the reference passes`, async () => {
      const api = await activateExtension();
      await vscode.commands.executeCommand('aiPractice.startExercise', id);
      await vscode.commands.executeCommand('aiPractice.checkExercise', id);
      const first = api.checks.lastReport(id);
      assert.equal(first?.kind, kind);
      assert.equal(first?.status, 'fail', first?.message);
      const item = api.checks.controller.items.get(id);
      assert.equal(item?.uri?.fsPath, path.join(workspaceDir(), 'practice', id, entry), 'the test item opens the file the learner edits');
      assert.ok(item?.children.get(`${id}::${failing}`), `Test Explorer lists "${failing}": ${[...(item?.children ?? [])].map(([key]) => key).join(', ')}`);
      assert.equal((await exerciseItem(api, id)).exercise.status, 'failed');

      await useFiles(id, 'solution');
      await vscode.commands.executeCommand('aiPractice.checkExercise', id);
      const second = api.checks.lastReport(id);
      assert.equal(second?.status, 'pass', second?.message);
      assert.equal(second?.score, 1);
      assert.equal((await exerciseItem(api, id)).exercise.status, 'passed');
    });
  }

  it('the editor knows the libraries checks provide: imports resolve, completion has types', async function () {
    this.timeout(90_000); // TypeScript's server starts on first use
    const probe = path.join(workspaceDir(), 'practice', 'inbox-assistant-injection', 'probe.ts');
    await fs.writeFile(probe, "import Anthropic from '@anthropic-ai/sdk';\nimport { Lexer } from 'marked';\nexport const m: Anthropic.Message = 1;\nexport const l = new Lexer();\n");
    try {
      const document = await vscode.workspace.openTextDocument(probe);
      await vscode.window.showTextDocument(document);
      // TypeScript reports the planted type error only if it resolved the SDK's declarations.
      const diagnostics = await waitFor('TypeScript to check the file', () => {
        const found = vscode.languages.getDiagnostics(document.uri);
        return found.some((diagnostic) => diagnostic.code === 2322) ? found : undefined;
      }, 60_000);
      assert.deepEqual(diagnostics.map((diagnostic) => `${String(diagnostic.code)} ${diagnostic.message}`), ["2322 Type 'number' is not assignable to type 'Message'."]);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await fs.rm(probe, { force: true });
    }
  });

  it('injection-defense: a hidden attack names what got through and shows no transcript', async () => {
    const api = await activateExtension();
    const id = 'inbox-assistant-injection';
    await useFiles(id, 'wrong/strips-inline-images-only');
    await vscode.commands.executeCommand('aiPractice.checkExercise', id);
    const hidden = api.checks.lastReport(id)?.tests.find((test) => test.name === 'hidden · raw HTML in the answer');
    assert.equal(hidden?.status, 'fail');
    assert.match(hidden?.message ?? '', /would render a link to promo-mail\.example, carrying the reset code/);
    assert.equal(hidden?.output, undefined);
  });
});
