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
  assert.ok(bundle.length < 200_000, `dist/extension.js is ${bundle.length} bytes`);
});
