import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ensureEditorTypes } from '../../src/core/editorTypes';
import { editorTypesDir, Practice } from '../../src/core/practiceService';
import { BUILTIN_PACK, exists, REPO_ROOT, temporaryDir } from '../support/helpers';

const SHIPPED = path.join(REPO_ROOT, 'dist', 'types');

describe('types for the learner\'s editor', () => {
  it('gives a code exercise the libraries\' declarations and a tsconfig, so TypeScript resolves the imports', async () => {
    const workspace = await temporaryDir('ai-practice-types-');
    const practice = await Practice.open({ packDir: BUILTIN_PACK, workspace });
    const started = await practice.start('inbox-assistant-injection');
    assert.equal(started.warning, undefined);
    assert.equal(editorTypesDir(__dirname), SHIPPED);
    assert.ok(await exists(path.join(workspace, '.ai-practice', 'types', '@anthropic-ai', 'sdk', 'index.d.ts')));
    assert.equal(await fs.readFile(path.join(workspace, '.ai-practice', 'types', '.gitignore'), 'utf8'), '# Type declarations for the editor, copied by AI Engineering Practice.\n*\n');
    // The real compiler, on the learner's folder: imports resolve, and a type error is one.
    const folder = path.join(workspace, 'practice');
    await fs.writeFile(path.join(folder, 'inbox-assistant-injection', 'probe.ts'), "import Anthropic from '@anthropic-ai/sdk';\nimport { Lexer } from 'marked';\nimport { z } from 'zod';\nexport const m: Anthropic.Message = 1;\nexport const l = new Lexer();\nexport const s = z.string();\n");
    const tsc = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', folder], { encoding: 'utf8' });
    } catch (error) {
      output = (error as { stdout: string }).stdout;
    }
    assert.match(output, /probe\.ts\(4,14\): error TS2322: Type 'number' is not assignable to type 'Message'/);
    assert.equal(output.trim().split('\n').length, 1, `only the planted error: ${output}`);
  });

  it('never overwrites the learner\'s tsconfig, copies again only when the versions change, and leaves data exercises alone', async () => {
    const workspace = await temporaryDir('ai-practice-types-');
    const practice = await Practice.open({ packDir: BUILTIN_PACK, workspace });
    await practice.start('triage-eval-dataset');
    assert.equal(await exists(path.join(workspace, '.ai-practice', 'types')), false, 'a dataset exercise has no TypeScript to type');

    await fs.mkdir(path.join(workspace, 'practice'), { recursive: true });
    await fs.writeFile(path.join(workspace, 'practice', 'tsconfig.json'), '{ "mine": true }\n');
    await practice.start('handbook-chunking');
    assert.equal(await fs.readFile(path.join(workspace, 'practice', 'tsconfig.json'), 'utf8'), '{ "mine": true }\n');

    const marker = path.join(workspace, '.ai-practice', 'types', 'marked', 'lib', 'marked.d.ts');
    await fs.writeFile(marker, '// edited');
    await ensureEditorTypes(workspace, SHIPPED);
    assert.equal(await fs.readFile(marker, 'utf8'), '// edited', 'same versions: nothing is copied again');
    await fs.writeFile(path.join(workspace, '.ai-practice', 'types', 'versions.json'), '{"old": true}\n');
    await ensureEditorTypes(workspace, SHIPPED);
    assert.notEqual(await fs.readFile(marker, 'utf8'), '// edited', 'new versions: the copy is replaced');
  });

  it('starts the exercise anyway when the declarations cannot be copied, and says so', async () => {
    const workspace = await temporaryDir('ai-practice-types-');
    // Declarations that cannot be copied: a named pipe among them.
    const shipped = await temporaryDir('ai-practice-shipped-');
    await fs.writeFile(path.join(shipped, 'versions.json'), '{}\n');
    execFileSync('mkfifo', [path.join(shipped, 'pipe.d.ts')]);
    const practice = await Practice.open({ packDir: BUILTIN_PACK, workspace, editorTypes: shipped });
    const started = await practice.start('support-routing-costs');
    assert.ok(await exists(path.join(workspace, 'practice', 'support-routing-costs', 'pipeline.ts')));
    assert.match(started.warning ?? '', /^The editor's type declarations could not be copied into \.ai-practice[/\\]types \(.+\); the exercise works, but imports may show as missing in the editor\.$/);
  });
});
