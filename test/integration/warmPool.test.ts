import assert from 'node:assert/strict';
import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { CheckReport } from '../../src/core/check/report';
import { prestartProcess, startProcess } from '../../src/core/check/learner/confinement';
import { WarmPool, type WarmSpec } from '../../src/core/check/warmPool';
import { checkRunnerScript, Practice } from '../../src/core/practiceService';
import { BUILTIN_PACK, isRunning, REPO_ROOT, temporaryDir } from '../support/helpers';

/**
 * The editor's warm check processes (core/check/warmPool.ts), with real processes: a warm one
 * serves one check and is replaced; one that died, or was started for other settings, gives
 * way to a cold start; dispose leaves no process; the verdicts are the cold path's; and what a
 * learner's code did in one check's process cannot reach the next check's.
 */

const RUNNER = checkRunnerScript(path.join(REPO_ROOT, 'dist'));
const manifest = JSON.parse(readFileSync(path.join(BUILTIN_PACK, 'ai-practice-pack.json'), 'utf8')) as { exercises: Record<string, any>[] };
const pools: WarmPool[] = [];
after(async () => {
  await Promise.all(pools.map((pool) => pool.dispose()));
});

function newPool(): WarmPool {
  const pool = new WarmPool({ lowPriority: false });
  pools.push(pool);
  return pool;
}

/** When `pid` started (in clock ticks since boot), or undefined when there is no such process. */
async function startTime(pid: number): Promise<string | undefined> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  return stat?.replace(/^.*\) /s, '').split(' ')[19];
}

/** Waits until `pid` has ended, checking its state (never a fixed time); fails after 10 s. */
async function ended(pid: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (await isRunning(pid)) {
    if (Date.now() > deadline) assert.fail(`process ${pid} is still running`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Every process below `pid` (Linux: from /proc), children first. */
async function descendants(pid: number): Promise<number[]> {
  const found: number[] = [];
  const visit = async (id: number): Promise<void> => {
    const children = await fs.readFile(`/proc/${id}/task/${id}/children`, 'utf8').catch(() => '');
    for (const child of children.split(' ').filter((text) => text.trim())) {
      found.push(Number(child));
      await visit(Number(child));
    }
  };
  await visit(pid);
  return found;
}

/** Waits until the warm check process below `pid` has started its learner process (the node at the bottom), and returns its pid. */
async function learnerOf(pid: number): Promise<number> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    for (const child of await descendants(pid)) {
      const args = await fs.readFile(`/proc/${child}/cmdline`, 'utf8').catch(() => '');
      if (args.split('\0')[0] === process.execPath && args.includes('learnerHost.js')) return child;
    }
    if (Date.now() > deadline) assert.fail(`no learner process below ${pid}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** `id` started in a fresh workspace, with the files of `solution` (a folder of the exercise's) laid over the starter. */
async function started(id: string, solution?: string): Promise<{ practice: Practice; folder: string }> {
  const workspace = await temporaryDir('ai-practice-warm-');
  const practice = await Practice.open({ packDir: BUILTIN_PACK, workspace });
  await practice.start(id);
  const folder = path.join(workspace, 'practice', id);
  if (solution) await lay(path.join(BUILTIN_PACK, manifest.exercises.find((exercise) => exercise.id === id)?.dir as string, solution), folder);
  return { practice, folder };
}

async function lay(from: string, to: string): Promise<void> {
  for (const name of await fs.readdir(from)) await fs.copyFile(path.join(from, name), path.join(to, name));
}

function passes(report: CheckReport): void {
  assert.equal(report.status, 'pass', `${report.message} ${JSON.stringify(report.tests.filter((test) => test.status !== 'pass'))}`);
}

/** What a verdict says, without how long it took. */
function verdict(report: CheckReport): unknown {
  return { status: report.status, message: report.message, score: report.score, confined: report.confined, tests: report.tests.map((test) => ({ name: test.name, status: test.status, message: test.message })) };
}

describe('the warm pool of check processes', { timeout: 180_000 }, () => {
  it('uses a warm process for one check only, and starts the next one after it', async () => {
    const pool = newPool();
    const { practice } = await started('handbook-chunking', 'solution');
    assert.equal(pool.warmPid, undefined, 'nothing is started before the first check');
    const first = await practice.check('handbook-chunking', { warm: pool });
    passes(first.report);
    const warm = pool.warmPid;
    assert.ok(warm !== undefined, 'a warm process waits after the first check');
    assert.equal(await pool.ready(), true, 'it gets ready: runtime loaded, learner process started');
    const learner = await learnerOf(warm);
    assert.ok(await isRunning(learner), 'with its learner process started');

    const second = await practice.check('handbook-chunking', { warm: pool });
    passes(second.report);
    assert.equal(second.report.confined, first.report.confined);
    // The warm one served that check and ended with it: a new one waits now.
    await ended(warm);
    await ended(learner);
    const next = pool.warmPid;
    assert.ok(next !== undefined && next !== warm, 'another warm process replaced the one used');
  });

  it('gives the cold path\'s verdicts, passing and failing, for learner code with and without an SDK client', async () => {
    for (const [id, wrong] of [
      ['handbook-chunking', 'wrong/heading-chunks'],
      ['order-extraction-tool-schema', 'wrong/no-tool-choice'],
    ] as const) {
      for (const solution of ['solution', wrong]) {
        const { practice } = await started(id, solution);
        const cold = await practice.check(id);
        const pool = newPool();
        await practice.check(id, { warm: pool }); // as the editor after its first check
        const warmPid = pool.warmPid;
        assert.ok(warmPid !== undefined);
        const warm = await practice.check(id, { warm: pool });
        await ended(warmPid); // it was this check's process
        assert.equal(cold.report.status, solution === 'solution' ? 'pass' : 'fail', `${id} ${solution}: ${cold.report.message}`);
        assert.deepEqual(verdict(warm.report), verdict(cold.report), `${id} ${solution}`);
        await pool.dispose();
      }
    }
  });

  it('falls back to a cold start when the warm check process or its learner process died', async () => {
    const pool = newPool();
    const { practice } = await started('handbook-chunking', 'solution');
    await practice.check('handbook-chunking', { warm: pool });
    const judge = pool.warmPid as number;
    assert.equal(await pool.ready(), true);
    process.kill(-judge, 'SIGKILL');
    await ended(judge);
    const afterJudge = await practice.check('handbook-chunking', { warm: pool });
    passes(afterJudge.report);

    // The check process is warm, its learner process is gone: the check starts a learner process of its own.
    const next = pool.warmPid as number;
    assert.equal(await pool.ready(), true, 'the next warm process and its learner process started');
    const learner = await learnerOf(next);
    process.kill(learner, 'SIGKILL');
    await ended(learner);
    const afterLearner = await practice.check('handbook-chunking', { warm: pool });
    passes(afterLearner.report);
    assert.equal(afterLearner.report.confined, afterJudge.report.confined, JSON.stringify([afterLearner.report.confinement, afterJudge.report.confinement]));
    await ended(next);
  });

  it('does not use a warm process started with other settings (another runner script): the check starts cold', async () => {
    const pool = newPool();
    const runtime = { hostScript: path.join(path.dirname(RUNNER), 'learnerHost.js'), libDir: path.join(path.dirname(RUNNER), 'lib') };
    const spec: WarmSpec = { runnerScript: RUNNER, learner: { ...runtime, memoryMiB: 1024, preloadSdk: false } };
    pool.refill(spec);
    const first = pool.warmPid as number;
    const copy = path.join(await temporaryDir('ai-practice-runner-'), 'checkRunner.js');
    await fs.copyFile(RUNNER, copy);
    assert.equal(pool.take({ ...spec, runnerScript: copy }), undefined, 'another runner script: cold');
    await ended(first);
    assert.equal(pool.warmPid, undefined);
  });

  it('a learner process started ahead serves only a job with the very options it was started with (the memory limit, the folders…)', async () => {
    const scratch = await temporaryDir('ai-practice-prestart-');
    for (const dir of ['code', 'tmp']) await fs.mkdir(path.join(scratch, dir));
    await fs.writeFile(path.join(scratch, 'code', 'm.js'), 'exports.f = () => 1;');
    const options = { hostScript: path.join(path.dirname(RUNNER), 'learnerHost.js'), libDir: path.join(path.dirname(RUNNER), 'lib'), codeDir: path.join(scratch, 'code'), tmpDir: path.join(scratch, 'tmp'), memoryMiB: 1024 };
    const learners = async (): Promise<number[]> => {
      const found: number[] = [];
      for (const pid of await descendants(process.pid)) {
        const args = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
        if (args.startsWith(`${process.execPath}\0`) && args.includes(scratch)) found.push(pid);
      }
      return found;
    };
    assert.equal(await prestartProcess(options), true);
    const [ahead] = await learners();
    assert.ok(ahead !== undefined);
    // The same options: the one started ahead, loading the module; no other starts.
    const same = await startProcess({ ...options, entry: path.join(scratch, 'code', 'm.js') });
    assert.deepEqual(await learners(), [ahead]);
    assert.equal((await same.loading)?.t, 'loaded');
    same.process.kill();
    await ended(ahead);

    // Another memory limit: the one started ahead is killed, and one with the job's limit starts.
    assert.equal(await prestartProcess(options), true);
    const [second] = await learners();
    assert.ok(second !== undefined);
    const other = await startProcess({ ...options, memoryMiB: 2048 });
    await ended(second);
    const [fresh] = await learners();
    assert.ok(fresh !== undefined && fresh !== second);
    assert.match(await fs.readFile(`/proc/${fresh}/cmdline`, 'utf8'), /--max-old-space-size=2048/);
    other.process.kill();
    await ended(fresh);
  });

  it('dispose leaves no process behind: the warm check process, its learner process, their folder', async () => {
    const pool = newPool();
    const { practice } = await started('handbook-chunking', 'solution');
    await practice.check('handbook-chunking', { warm: pool });
    const judge = pool.warmPid as number;
    const learner = await learnerOf(judge);
    const all = [judge, ...(await descendants(judge))];
    assert.ok(all.includes(learner));
    // A pid with its start time: on a busy machine the number alone may soon be another process's.
    const identities = await Promise.all(all.map(async (pid) => [pid, await startTime(pid)] as const));
    const scratch = (await fs.readlink(`/proc/${learner}/cwd`).catch(() => undefined)) ?? '';
    await pool.dispose();
    for (const [pid, started] of identities) assert.equal(await isRunning(pid) && (await startTime(pid)) === started, false, `process ${pid} is gone`);
    if (scratch) assert.equal(await fs.stat(path.dirname(scratch)).then(() => true, () => false), false, 'its scratch folder is removed');
    // A disposed pool starts nothing more; a check with it runs cold.
    const after = await practice.check('handbook-chunking', { warm: pool });
    assert.equal(after.report.status, 'pass');
    assert.equal(pool.warmPid, undefined);
  });

  it("hostile code in check N cannot reach check N+1 through the warm process: a global, a file, a process it leaves", async () => {
    const pool = newPool();
    const { practice, folder } = await started('handbook-chunking', 'solution');
    await practice.check('handbook-chunking', { warm: pool });
    const entry = path.join(folder, 'chunker.ts');
    const solution = await fs.readFile(entry, 'utf8');
    // Check N: marks its process (a global, an environment variable, a patched built-in), its
    // temp folder and its copy, and leaves a timer running; its chunks are the solution's.
    await fs.writeFile(
      entry,
      `import * as plantedFs from 'node:fs';
import * as plantedOs from 'node:os';
(globalThis as any).__planted = 'check N was here';
process.env.PLANTED = '1';
Math.random = () => 4;
for (const dir of [plantedOs.tmpdir(), process.cwd()]) { try { plantedFs.writeFileSync(dir + '/planted.txt', 'check N'); } catch {} }
setInterval(() => undefined, 1000);
${solution}`,
    );
    const planted = await practice.check('handbook-chunking', { warm: pool });
    passes(planted.report);
    await pool.ready();
    // Check N+1: its module refuses to load if it sees anything of check N.
    await fs.writeFile(
      entry,
      `import * as seenFs from 'node:fs';
import * as seenOs from 'node:os';
const seen = [(globalThis as any).__planted && 'global', process.env.PLANTED && 'env', Math.random() === 4 && 'patched Math.random'].filter(Boolean);
// Its temp folder is write-only: a file there is found by failing to create it anew.
for (const dir of [seenOs.tmpdir(), process.cwd()]) { try { seenFs.writeFileSync(dir + '/planted.txt', 'N+1', { flag: 'wx' }); } catch (error) { if ((error as any).code === 'EEXIST') seen.push('file in ' + dir); } }
if (seen.length > 0) throw new Error('LEAKED: ' + seen.join(', '));
${solution}`,
    );
    const next = await practice.check('handbook-chunking', { warm: pool });
    assert.doesNotMatch(JSON.stringify(next.report), /LEAKED/);
    passes(next.report);

  });
});
