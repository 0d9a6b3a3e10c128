import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, waitFor, workspaceDir } from './editorHelpers';

describe('authoring a pack manifest', () => {
  it('VS Code checks ai-practice-pack.json against the contributed schema as the author types', async () => {
    await activateExtension();
    const file = path.join(workspaceDir(), 'my-pack', 'ai-practice-pack.json');
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(
      file,
      [
        '{',
        '  // comments are allowed in a pack manifest',
        '  "formatVersion": 1,',
        '  "id": "my-pack",',
        '  "title": "My pack",',
        '  "version": "1.0.0",',
        '  "authors": ["Me"],',
        '  "areas": [],',
        '  "exercises": [{ "id": "x", "kind": "quiz" }],',
        '}',
      ].join('\n'),
    );
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
    assert.equal(document.languageId, 'jsonc', 'the manifest opens as JSON with comments');
    const kindProblem = (found: readonly vscode.Diagnostic[]) =>
      found.find((diagnostic) => diagnostic.range.start.line === 8 && /eval-dataset/.test(diagnostic.message));
    const diagnostics = await waitFor('the schema to flag "quiz"', () => {
      const found = vscode.languages.getDiagnostics(document.uri);
      return kindProblem(found) ? found : undefined;
    }, 20_000);
    const messages = diagnostics.map((diagnostic) => `${diagnostic.range.start.line}: ${diagnostic.message}`);
    assert.ok(diagnostics.some((diagnostic) => /summary|title|skill/.test(diagnostic.message)), `missing fields are flagged: ${messages.join(' | ')}`);
    assert.ok(!diagnostics.some((diagnostic) => /comment|trailing comma/i.test(diagnostic.message)), `comments and trailing commas are allowed: ${messages.join(' | ')}`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
