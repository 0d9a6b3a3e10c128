import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { REPO_ROOT } from '../support/helpers';

/**
 * Activation loads dist/extension.js alone; the core (zod, the SDK, the kinds) loads on first
 * use. A value imported into the editor layer from a core module that reaches the kind registry
 * drags all of it in (it happened once: 68 KB became 3.4 MB, and zod failed to load there).
 */
it('the eager bundle holds neither zod nor the SDK, and stays small', async () => {
  const bundle = await fs.readFile(path.join(REPO_ROOT, 'dist', 'extension.js'), 'utf8');
  assert.doesNotMatch(bundle, /node_modules\/zod\//, 'zod is in dist/extension.js: an import in src/vscode reaches a module that loads it');
  assert.doesNotMatch(bundle, /node_modules\/@anthropic-ai\/sdk\//, 'the SDK is in dist/extension.js');
  // The progress page's charts load in its webview, from dist/progressPage/, when it opens.
  assert.doesNotMatch(bundle, /node_modules\/(@observablehq\/plot|d3-[a-z-]+)\//, 'Observable Plot is in dist/extension.js: the progress page\'s script must stay in its own bundle');
  assert.ok(bundle.length < 200_000, `dist/extension.js is ${bundle.length} bytes`);
});

it('the progress page is a bundle of its own, with Observable Plot in it', async () => {
  const page = await fs.readFile(path.join(REPO_ROOT, 'dist', 'progressPage', 'progressPage.js'), 'utf8');
  assert.match(page, /aiPractice|acquireVsCodeApi/, 'the page script');
  assert.ok(page.length > 100_000, `dist/progressPage/progressPage.js is ${page.length} bytes: Plot is not in it`);
  await fs.access(path.join(REPO_ROOT, 'dist', 'progressPage', 'progressPage.css'));
});
