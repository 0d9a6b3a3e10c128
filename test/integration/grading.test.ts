import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { packContentHash } from '../../src/core/packHash';
import { BUILTIN_PACK, runCli, temporaryDir } from '../support/helpers';

const ID = 'agent-loop-basics';
const EXERCISE = path.join(BUILTIN_PACK, 'exercises', ID);

/** A student's code that attacks the grading run: it rewrites the pack's checks and writes a forged result where the grader's output goes. */
const HOSTILE = (pack: string, out: string) => `
import { writeFileSync } from 'node:fs';
const forged = JSON.stringify({ rows: [{ id: '${ID}', status: 'passed', score: 1 }], score: 1 });
for (const target of ['${pack}/exercises/${ID}/check/scenarios.ts', '${out}', '/proc/' + process.ppid + '/fd/1']) { try { writeFileSync(target, target.endsWith('.ts') ? 'export const scenarios = [];' : forged); } catch {} }
export async function runAgent() { return { answer: '', stoppedBecause: 'done', steps: 0, messages: [] }; }
`;

async function workspaceWith(files: Record<string, string> | undefined): Promise<string> {
  const workspace = await temporaryDir('ai-practice-student-');
  const started = await runCli(['start', ID, '--workspace', workspace]);
  assert.equal(started.code, 0, started.stderr);
  for (const [name, content] of Object.entries(files ?? {})) await fs.writeFile(path.join(workspace, 'practice', ID, name), content);
  return workspace;
}

async function grade(workspace: string, pack: string, hash: string, output: string): Promise<{ code: number | null; rows: { id: string; status: string; score: number }[]; stderr: string }> {
  const run = await runCli(['report', '--workspace', workspace, '--recheck', '--pack', pack, '--pack-sha256', hash, '--format', 'json', '--output', output]);
  const result = JSON.parse(await fs.readFile(output, 'utf8')) as { rows: { id: string; status: string; score: number }[] };
  return { code: run.code, rows: result.rows.filter((row) => row.status !== 'not-started').map(({ id, status, score }) => ({ id, status, score })), stderr: run.stderr };
}

describe('grading a class', () => {
  it('grades two students exactly as when graded alone though a third one attacks the run', async () => {
    const pack = await temporaryDir('ai-practice-instructor-pack-');
    await fs.cp(BUILTIN_PACK, pack, { recursive: true });
    const hash = await packContentHash(pack);
    const results = await temporaryDir('ai-practice-results-');
    const reference = await fs.readFile(path.join(EXERCISE, 'solution', 'agent.ts'), 'utf8');
    const passing = await workspaceWith({ 'agent.ts': reference });
    const starter = await workspaceWith(undefined);
    const hostileOut = path.join(results, 'hostile.json');
    const hostile = await workspaceWith({ 'agent.ts': HOSTILE(pack, path.join(results, 'passing.json')) });

    const alone = [await grade(passing, pack, hash, path.join(results, 'alone-passing.json')), await grade(starter, pack, hash, path.join(results, 'alone-starter.json'))];
    assert.deepEqual(alone[0]?.rows, [{ id: ID, status: 'passed', score: 1 }]);
    assert.equal(alone[1]?.rows[0]?.status, 'failed');

    const attacked = await grade(hostile, pack, hash, hostileOut);
    assert.equal(attacked.code, 1);
    assert.equal(attacked.rows[0]?.status, 'failed', JSON.stringify(attacked.rows));
    assert.equal(await packContentHash(pack), hash, "the student's code changed the pack");

    const after = [await grade(passing, pack, hash, path.join(results, 'passing.json')), await grade(starter, pack, hash, path.join(results, 'starter.json'))];
    assert.deepEqual(after.map((run) => run.rows), alone.map((run) => run.rows));
    assert.deepEqual(after.map((run) => run.code), alone.map((run) => run.code));
  });

  it('refuses a pack whose content is not the pinned one, and a hash that is not one', async () => {
    const pack = await temporaryDir('ai-practice-instructor-pack-');
    await fs.cp(BUILTIN_PACK, pack, { recursive: true });
    const hash = await packContentHash(pack);
    await fs.appendFile(path.join(pack, 'exercises', ID, 'check', 'scenarios.ts'), '\n// changed by someone\n');
    const workspace = await workspaceWith(undefined);
    const output = path.join(workspace, 'result.json');
    const changed = await runCli(['report', '--workspace', workspace, '--recheck', '--pack', pack, '--pack-sha256', hash, '--output', output]);
    assert.equal(changed.code, 1);
    assert.match(changed.stderr, new RegExp(`content hash is ${await packContentHash(pack)}, not the pinned ${hash}`));
    await assert.rejects(fs.access(output), 'no result is written');
    const malformed = await runCli(['report', '--workspace', workspace, '--recheck', '--pack', pack, '--pack-sha256', 'abc']);
    assert.equal(malformed.code, 1);
    assert.match(malformed.stderr, /--pack-sha256 must be 64 hex digits/);
    const unpinned = await runCli(['report', '--workspace', workspace, '--pack-sha256', hash]);
    assert.match(unpinned.stderr, /pins the pack given with --pack, and there is none/);
  });
});
