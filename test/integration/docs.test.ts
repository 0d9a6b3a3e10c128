import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { packContentHash } from '../../src/core/packHash';
import { CLI, REPO_ROOT, temporaryDir } from '../support/helpers';

const GUIDE = path.join(REPO_ROOT, 'docs', 'instructors.md');
const WORKFLOW = path.join(REPO_ROOT, 'docs', 'classroom-workflow.yml');

/** Every command line of the guide's `sh` blocks, with the exit code its comment promises (0 unless "exits N"). */
function guideCommands(): { line: string; command: string; code: number }[] {
  const text = readFileSync(GUIDE, 'utf8');
  const blocks = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
  return blocks
    .flatMap((block) => block.split('\n'))
    .filter((line) => line.trim() !== '' && !line.trim().startsWith('#'))
    .map((line) => {
      const comment = line.indexOf(' # ');
      const command = (comment >= 0 ? line.slice(0, comment) : line).trim();
      const code = /exits (\d)/.exec(comment >= 0 ? line.slice(comment) : '')?.[1];
      return { line, command, code: code === undefined ? 0 : Number(code) };
    });
}

function run(command: string, cwd: string, env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const local = command.replaceAll('npx ai-practice', `node ${JSON.stringify(CLI)}`).replaceAll('npx --yes --package=github:ai-practice/ai-engineering-practice ai-practice', `node ${JSON.stringify(CLI)}`);
  const result = spawnSync('bash', ['-eo', 'pipefail', '-c', local], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the instructor\'s guide', () => {
  it('runs every command it shows, in order, with the exit codes it states', async () => {
    const commands = guideCommands();
    assert.ok(commands.length >= 10, `found ${commands.length} commands`);
    const dir = await temporaryDir('ai-practice-guide-');
    const env = { AI_PRACTICE_CACHE_DIR: path.join(dir, '.cache') };
    for (const { line, command, code } of commands) {
      const result = run(command, dir, env);
      assert.equal(result.status, code, `${line}\n${result.stdout}\n${result.stderr}`);
    }
    // The classroom result it wrote is the shape Classroom's reporter reads.
    const result = JSON.parse(await fs.readFile(path.join(dir, 'result.json'), 'utf8')) as { version: number; max_score: number; tests: unknown[] };
    assert.deepEqual([result.version, result.max_score, result.tests.length], [1, 70, 7]);
  });

  it('links a Classroom workflow that parses, and whose grading step runs and hands the reporter a result', async () => {
    const workflow = parse(readFileSync(WORKFLOW, 'utf8')) as {
      on: string[];
      permissions: Record<string, string>;
      jobs: Record<string, { steps: { id?: string; uses?: string; run?: string; env?: Record<string, string>; with?: Record<string, string> }[] }>;
    };
    assert.deepEqual(workflow.on, ['push', 'repository_dispatch']);
    assert.equal(workflow.permissions.checks, 'write');
    const steps = Object.values(workflow.jobs)[0]?.steps ?? [];
    const grade = steps.find((step) => step.id === 'ai-practice');
    const reporter = steps.find((step) => step.uses?.startsWith('classroom-resources/autograding-grading-reporter@'));
    assert.ok(grade?.run && reporter);
    // The reporter reads <RUNNER>_RESULTS for each runner it is given.
    assert.equal(reporter.with?.runners, 'ai-practice');
    assert.equal(reporter.env?.['AI-PRACTICE_RESULTS'], '${{ steps.ai-practice.outputs.result }}');

    // The pack comes from the instructor's repository, pinned by its hash; never from the student's.
    const packCheckout = steps.find((step) => step.uses?.startsWith('actions/checkout@') && step.with?.repository);
    assert.equal(packCheckout?.with?.repository, '${{ vars.AI_PRACTICE_PACK_REPOSITORY }}');
    assert.equal(packCheckout?.with?.path, '.grader/pack');
    assert.match(grade.run, /--pack \.grader\/pack --pack-sha256 "\$PACK_SHA256"/);
    assert.match(grade.run, /--output \.grader\/result\.json/);

    // A student repository, one exercise solved, one started; the instructor's pack checked out beside it.
    const repo = await temporaryDir('ai-practice-classroom-');
    execFileSync(process.execPath, [CLI, 'pack', 'new', '.grader/pack'], { cwd: repo });
    for (const id of ['example-eval-dataset', 'example-structured-output']) execFileSync(process.execPath, [CLI, 'start', id, '--pack', '.grader/pack'], { cwd: repo });
    await fs.copyFile(path.join(repo, '.grader/pack/exercises/example-eval-dataset/solution/dataset.jsonl'), path.join(repo, 'practice/example-eval-dataset/dataset.jsonl'));
    const output = path.join(repo, 'github-output');
    const result = run(grade.run, repo, { GITHUB_OUTPUT: output, ANTHROPIC_API_KEY: '', PACK_SHA256: await packContentHash(path.join(repo, '.grader/pack')) });
    assert.equal(result.status, 0, result.stderr);
    const encoded = /^result=(.+)$/m.exec(await fs.readFile(output, 'utf8'))?.[1] ?? '';
    const classroom = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as { status: string; max_score: number; tests: { name: string; status: string; score: number }[] };
    assert.equal(classroom.status, 'fail');
    assert.equal(classroom.max_score, 70);
    const byId = new Map(classroom.tests.map((test) => [test.name.replace(/^.*\((.*)\)$/, '$1'), test]));
    assert.deepEqual([...byId.keys()], ['example-eval-dataset', 'example-agent-loop', 'example-structured-output', 'example-prompt-debugging', 'example-retrieval', 'example-cost-optimization', 'example-injection-defense']);
    assert.deepEqual([byId.get('example-eval-dataset')?.status, byId.get('example-eval-dataset')?.score], ['pass', 10]);
    assert.deepEqual([byId.get('example-agent-loop')?.status, byId.get('example-agent-loop')?.score], ['fail', 0], 'not started: no credit');
    const started = byId.get('example-structured-output');
    assert.ok(started?.status === 'fail' && started.score < 10, 'the starter earns partial credit at most');
  });
});
