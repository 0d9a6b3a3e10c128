import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { packContentHash } from '../../src/core/packHash';
import { CLI, REPO_ROOT, temporaryDir } from '../support/helpers';
import { classroom50ResultSchema, gradescopeResultsSchema, stampedByClassroom50Runner } from '../support/platformSchemas';

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
    // Each result it wrote holds its platform's contract.
    const legacy = JSON.parse(await fs.readFile(path.join(dir, 'github-classroom.json'), 'utf8')) as { version: number; max_score: number; tests: unknown[] };
    assert.deepEqual([legacy.version, legacy.max_score, legacy.tests.length], [1, 90, 9]);
    const gradescope = gradescopeResultsSchema.safeParse(JSON.parse(await fs.readFile(path.join(dir, 'results.json'), 'utf8')));
    assert.ok(gradescope.success, JSON.stringify(gradescope.error?.issues));
    const classroom50 = JSON.parse(await fs.readFile(path.join(dir, 'result.json'), 'utf8')) as Record<string, unknown>;
    assert.ok(classroom50ResultSchema.safeParse(stampedByClassroom50Runner(classroom50, 'ada')).success, JSON.stringify(classroom50));
    assert.deepEqual([classroom50.submission, classroom50['max-score']], ['submit/try-1', 90]);
    assert.match(await fs.readFile(path.join(dir, 'release-body.md'), 'utf8'), /^## my-course exercises v0\.1\.0/);
    // The bundle it laid out for Classroom 50 holds the pack and the hash that pins it.
    assert.equal(await fs.readFile(path.join(dir, 'cs-ai/autograders/agents-1/pack.sha256'), 'utf8'), await packContentHash(path.join(dir, 'my-course')));
  });

  it('the Classroom 50 autograder, started as the runner starts it, writes a result.json the runner accepts', async () => {
    // A student's checkout, one exercise solved, one started; the assignment's bundle as the runner extracts it.
    const root = await temporaryDir('ai-practice-classroom50-');
    const checkout = path.join(root, 'checkout');
    const bundle = path.join(root, 'runtime', 'agents-1');
    await fs.mkdir(bundle, { recursive: true });
    execFileSync(process.execPath, [CLI, 'pack', 'new', path.join(bundle, 'pack')], { cwd: root });
    await fs.copyFile(path.join(REPO_ROOT, 'docs', 'classroom50-autograder.py'), path.join(bundle, 'autograder.py'));
    await fs.writeFile(path.join(bundle, 'pack.sha256'), `${await packContentHash(path.join(bundle, 'pack'))}\n`);
    await fs.mkdir(checkout);
    for (const id of ['example-eval-dataset', 'example-structured-output']) execFileSync(process.execPath, [CLI, 'start', id, '--pack', path.join(bundle, 'pack'), '--workspace', checkout]);
    await fs.copyFile(path.join(bundle, 'pack/exercises/example-eval-dataset/solution/dataset.jsonl'), path.join(checkout, 'practice/example-eval-dataset/dataset.jsonl'));
    const env = {
      ...process.env,
      CLASSROOM50_BUNDLE_DIR: bundle,
      CLASSROOM: 'cs-ai',
      ASSIGNMENT: 'agents-1',
      SUBMISSION_TAG: 'submit/2026-12-02T10-00-00Z-abc1234',
      USERNAME: 'ada',
      OWNER: 'ada',
      ASSIGNMENT_TYPE: 'individual',
      COMMIT_URL: 'https://github.com/cs-ai/cs-ai-agents-1-ada/commit/abc1234',
      RELEASE_URL: 'https://github.com/cs-ai/cs-ai-agents-1-ada/releases/tag/submit',
      REVIEW_URL: 'https://github.com/cs-ai/cs-ai-agents-1-ada/compare/000...abc1234',
      AI_PRACTICE_CLI: `${process.execPath} ${CLI}`,
      AI_PRACTICE_CACHE_DIR: path.join(root, 'cache'),
    };
    const run = spawnSync('python3', [path.join(bundle, 'autograder.py')], { cwd: checkout, env, encoding: 'utf8' });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    const result = JSON.parse(await fs.readFile(path.join(checkout, 'result.json'), 'utf8')) as Record<string, unknown> & { tests: { 'test-name': string; passed: boolean; score: number }[] };
    const parsed = classroom50ResultSchema.safeParse(result);
    assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
    assert.deepEqual([result.classroom, result.owner, result.review, result.score, result['max-score']], ['cs-ai', 'ada', env.REVIEW_URL, result.tests.reduce((sum, test) => sum + test.score, 0), 90]);
    assert.deepEqual(result.tests.filter((test) => test.passed).map((test) => test['test-name']), [result.tests.find((test) => test['test-name'].endsWith('(example-eval-dataset)'))?.['test-name']]);
    assert.match(await fs.readFile(path.join(checkout, 'release-body.md'), 'utf8'), /\| Design an eval dataset for an API retry policy \(`example-eval-dataset`\) \| eval-dataset \| passed \| 100 %/);
    // A pack that is not the pinned one is refused, and no result is written for it.
    await fs.writeFile(path.join(bundle, 'pack.sha256'), 'f'.repeat(64));
    await fs.rm(path.join(checkout, 'result.json'));
    const tampered = spawnSync('python3', [path.join(bundle, 'autograder.py')], { cwd: checkout, env, encoding: 'utf8' });
    assert.notEqual(tampered.status, 0);
    assert.match(tampered.stderr, /not the pinned f{64}/);
    assert.equal(await fs.access(path.join(checkout, 'result.json')).then(() => true, () => false), false);
  });

  it('the Gradescope autograder grades a submitted practice/ folder into results.json', async () => {
    const root = await temporaryDir('ai-practice-gradescope-');
    const source = path.join(root, 'source');
    await fs.mkdir(source);
    execFileSync(process.execPath, [CLI, 'pack', 'new', path.join(source, 'pack')], { cwd: root });
    await fs.writeFile(path.join(source, 'pack.sha256'), await packContentHash(path.join(source, 'pack')));
    // The student's workspace; they upload what is inside practice/.
    const workspace = path.join(root, 'student');
    await fs.mkdir(workspace);
    for (const id of ['example-eval-dataset', 'example-injection-defense']) execFileSync(process.execPath, [CLI, 'start', id, '--pack', path.join(source, 'pack'), '--workspace', workspace]);
    await fs.copyFile(path.join(source, 'pack/exercises/example-eval-dataset/solution/dataset.jsonl'), path.join(workspace, 'practice/example-eval-dataset/dataset.jsonl'));
    await fs.cp(path.join(workspace, 'practice'), path.join(root, 'submission'), { recursive: true });
    const env = { ...process.env, AUTOGRADER_ROOT: root, AI_PRACTICE_CLI: `${process.execPath} ${CLI}`, AI_PRACTICE_CACHE_DIR: path.join(root, 'cache') };
    const run = spawnSync('bash', [path.join(REPO_ROOT, 'docs', 'gradescope', 'run_autograder')], { cwd: root, env, encoding: 'utf8' });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    const results = JSON.parse(await fs.readFile(path.join(root, 'results', 'results.json'), 'utf8')) as { score: number; tests: { name: string; status: string; score?: number; visibility: string }[]; extra_data: { provenance: { pack: { sha256: string } } } };
    const parsed = gradescopeResultsSchema.safeParse(results);
    assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
    const scored = results.tests.filter((test) => test.score !== undefined);
    assert.equal(scored.length, 9);
    assert.deepEqual(scored.filter((test) => test.status === 'passed').map((test) => test.name.replace(/^.*\((.*)\)$/, '$1')), ['example-eval-dataset']);
    assert.ok(results.tests.some((test) => test.visibility === 'after_published' && test.name.startsWith('example-injection-defense: hidden')), 'the injection exercise\'s hidden cases are apart, shown after publishing');
    assert.equal(results.extra_data.provenance.pack.sha256, await fs.readFile(path.join(source, 'pack.sha256'), 'utf8'));
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
    assert.equal(classroom.max_score, 90);
    const byId = new Map(classroom.tests.map((test) => [test.name.replace(/^.*\((.*)\)$/, '$1'), test]));
    assert.deepEqual([...byId.keys()], ['example-eval-dataset', 'example-agent-loop', 'example-structured-output', 'example-prompt-debugging', 'example-retrieval', 'example-cost-optimization', 'example-injection-defense', 'example-judge-calibration', 'example-llm-function']);
    assert.deepEqual([byId.get('example-eval-dataset')?.status, byId.get('example-eval-dataset')?.score], ['pass', 10]);
    assert.deepEqual([byId.get('example-agent-loop')?.status, byId.get('example-agent-loop')?.score], ['fail', 0], 'not started: no credit');
    const started = byId.get('example-structured-output');
    assert.ok(started?.status === 'fail' && started.score < 10, 'the starter earns partial credit at most');
  });
});
