import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { loadPack } from '../../src/core/packLoader';
import { BUILTIN_PACK, REPO_ROOT } from './helpers';

// The built-in exercises must be real work against the real SDK: every TypeScript file a
// learner or the check will see must compile against the installed @anthropic-ai/sdk.
describe('built-in exercise content', () => {
  it('type-checks the agent-loop starter, solution and every known-wrong solution against the real SDK', async () => {
    const pack = await loadPack(BUILTIN_PACK);
    const files: string[] = [];
    for (const exercise of pack.exercises) {
      for (const dir of [exercise.starterDir, exercise.solutionDir, ...exercise.knownWrongDirs.map((wrong) => wrong.path)]) {
        for (const name of await fs.readdir(dir)) if (name.endsWith('.ts')) files.push(path.join(dir, name));
      }
    }
    assert.ok(files.length >= 7, `found ${files.length} TypeScript files`);
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
      skipLibCheck: true,
      types: [],
      typeRoots: [path.join(REPO_ROOT, 'node_modules', '@types')],
      baseUrl: REPO_ROOT,
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const where = diagnostic.file ? `${path.relative(REPO_ROOT, diagnostic.file.fileName)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}` : '';
      return `${where} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    });
    assert.deepEqual(diagnostics, []);
  });

  it('ships eval datasets whose every line is a well-formed case', async () => {
    const root = path.join(BUILTIN_PACK, 'exercises', 'triage-eval-dataset');
    for (const relative of ['starter/dataset.jsonl', 'solution/dataset.jsonl', 'wrong/wrong-expectation/dataset.jsonl', 'wrong/happy-path-only/dataset.jsonl']) {
      const lines = (await fs.readFile(path.join(root, relative), 'utf8')).trimEnd().split('\n');
      const ids = new Set<string>();
      lines.forEach((line, index) => {
        const testCase = JSON.parse(line);
        const where = `${relative}:${index + 1}`;
        assert.match(testCase.id, /^[a-z0-9]+(-[a-z0-9]+)*$/, where);
        assert.ok(!ids.has(testCase.id), `${where} duplicate id`);
        ids.add(testCase.id);
        assert.equal(typeof testCase.input.message, 'string', where);
        assert.ok(['free', 'pro', 'enterprise'].includes(testCase.input.plan), where);
        assert.ok(Number.isInteger(testCase.input.openTickets), where);
        assert.ok(testCase.expected.categories.length > 0, where);
        assert.ok(['low', 'high'].includes(testCase.expected.urgency), where);
        assert.equal(typeof testCase.expected.needsHuman, 'boolean', where);
      });
    }
  });

  it('has a reference dataset that covers every tag the instructions require', async () => {
    const root = path.join(BUILTIN_PACK, 'exercises', 'triage-eval-dataset');
    const cases = (await fs.readFile(path.join(root, 'solution/dataset.jsonl'), 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line));
    const tags = new Set(cases.flatMap((testCase) => testCase.tags));
    const instructions = await fs.readFile(path.join(root, 'README.md'), 'utf8');
    for (const tag of ['billing', 'technical', 'account', 'other', 'urgent', 'capitals', 'non-english', 'multi-issue', 'negation', 'threshold', 'plan']) {
      assert.ok(instructions.includes(`\`${tag}\``) || ['billing', 'technical', 'account', 'other', 'urgent'].includes(tag), `README names ${tag}`);
      assert.ok(tags.has(tag), `the reference covers ${tag}`);
    }
    const needsHuman = cases.filter((testCase) => testCase.expected.needsHuman).length;
    assert.ok(needsHuman / cases.length <= 0.8 && needsHuman / cases.length >= 0.2, 'labels are balanced');
  });

  it('gives prompt-debugging templates the placeholders the check fills in', async () => {
    const root = path.join(BUILTIN_PACK, 'exercises', 'triage-prompt-debugging');
    for (const dir of ['starter', 'solution', 'wrong/obeys-the-ticket']) {
      const template = await fs.readFile(path.join(root, dir, 'user.md'), 'utf8');
      for (const placeholder of ['{{message}}', '{{plan}}', '{{openTickets}}']) assert.ok(template.includes(placeholder), `${dir}/user.md has ${placeholder}`);
    }
    const cases = (await fs.readFile(path.join(root, 'starter/cases.jsonl'), 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line));
    const failures = await fs.readFile(path.join(root, 'starter/failures.md'), 'utf8');
    for (const testCase of cases) assert.ok(failures.includes(testCase.input.message.slice(0, 30)), `failures.md shows ${testCase.id}`);
  });
});
