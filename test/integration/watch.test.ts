import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { CLI, minimalManifest, runCli, temporaryDir, writePack } from '../support/helpers';
import { STAGE_1_SOLUTION, STAGE_2_SOLUTION, writeProjectPack } from '../support/projectPack';

// `ai-practice next` and `ai-practice watch`, as a learner runs them: the real CLI, a real
// workspace, real checks, and for watch a real pseudo-terminal (util-linux `script`) whose
// keys are pressed one at a time. Every wait is for what the screen shows, never for time.

const SOLUTION = ['{"id": "fifty-passes", "input": {"score": 50}, "expected": {"grade": "pass"}}', '{"id": "forty-nine-fails", "input": {"score": 49}, "expected": {"grade": "fail"}}'].join('\n');

/** The tiny pack and a second exercise whose skill needs the first's: the roadmap's next after it. */
async function twoExercisePack(): Promise<string> {
  const manifest = minimalManifest();
  const base = manifest.exercises[0];
  manifest.exercises.push({ ...base, id: 'judge-it', title: 'Judge it', skill: 'llm-as-judge' });
  return writePack(manifest);
}

const plain = (text: string): string => text.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/\r/g, '');

/** Every command started, killed at the end whatever happened (a test that timed out leaves its own). */
const screens: Screen[] = [];
after(() => screens.forEach((screen) => screen.kill()));

/** A running command whose output is read as it comes, with waits for what it shows. */
class Screen {
  output = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcessWithoutNullStreams;
  private waiters: (() => void)[] = [];

  constructor(command: string, args: string[], cwd: string) {
    this.child = spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: '1', TERM: 'xterm' }, stdio: ['pipe', 'pipe', 'pipe'] });
    screens.push(this);
    const take = (chunk: Buffer): void => {
      this.output += chunk.toString();
      for (const waiter of this.waiters) waiter();
    };
    this.child.stdout.on('data', take);
    this.child.stderr.on('data', take);
    this.exited = new Promise((resolve) => this.child.on('close', (code) => {
      resolve(code);
      for (const waiter of this.waiters) waiter();
    }));
  }

  /** Where the output is now: a wait from here sees only what comes after. */
  mark(): number {
    return this.output.length;
  }

  /**
   * Waits until the output after `from` matches; fails, with what it showed, if the command ends
   * first or nothing matches for a minute (a guard against hanging, not a pace: checks take seconds).
   */
  waitFor(pattern: RegExp, from = 0): Promise<string> {
    return new Promise((resolve, reject) => {
      const guard = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== look);
        reject(new Error(`did not show ${pattern} within a minute:\n${plain(this.output.slice(from))}`));
      }, 60_000);
      const look = (): void => {
        const seen = plain(this.output.slice(from));
        const match = pattern.exec(seen);
        if (match) {
          clearTimeout(guard);
          this.waiters = this.waiters.filter((waiter) => waiter !== look);
          resolve(seen);
        } else if (this.child.exitCode !== null || this.child.signalCode !== null) {
          clearTimeout(guard);
          this.waiters = this.waiters.filter((waiter) => waiter !== look);
          reject(new Error(`ended (${this.child.exitCode ?? this.child.signalCode}) before showing ${pattern}:\n${plain(this.output)}`));
        }
      };
      this.waiters.push(look);
      look();
    });
  }

  press(keys: string): void {
    this.child.stdin.write(keys);
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

/** `ai-practice watch …` in a pseudo-terminal: keys are single presses in raw mode, as a learner's. */
function watchInTerminal(args: string[], cwd: string): Screen {
  const quoted = [process.execPath, CLI, 'watch', ...args].map((word) => `'${word.replace(/'/g, `'\\''`)}'`).join(' ');
  return new Screen('/usr/bin/script', ['-qfec', quoted, '/dev/null'], cwd);
}

/** The processes whose working folder is in `folder` (a check runs in the exercise's folder). */
async function processesIn(folder: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of (await fs.readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const cwd = await fs.readlink(`/proc/${pid}/cwd`).catch(() => '');
    if (cwd === folder || cwd.startsWith(folder + path.sep)) found.push(pid);
  }
  return found;
}

async function readProgress(workspace: string): Promise<any> {
  return JSON.parse(await fs.readFile(path.join(workspace, '.ai-practice', 'progress.json'), 'utf8'));
}

describe('ai-practice next', () => {
  it('starts the first exercise of the roadmap, then keeps to it while it is under way, never overwriting the learner\'s file', async () => {
    const workspace = await temporaryDir();
    const first = await runCli(['next', '--workspace', workspace]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^Next: .* \(front-desk-messages-api\)\n/);
    assert.match(first.stdout, /the next one on the roadmap, started now/);
    assert.match(first.stdout, /Files in .*practice\/front-desk-messages-api\/: README\.md \(created\), desk\.ts \(created\)/);
    assert.match(first.stdout, /Work in: +.*practice\/front-desk-messages-api\/desk\.ts/);
    assert.match(first.stdout, new RegExp(`Check it: +ai-practice check front-desk-messages-api --workspace ${workspace.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const desk = path.join(workspace, 'practice', 'front-desk-messages-api', 'desk.ts');
    await fs.writeFile(desk, '// my own work\n');
    const again = await runCli(['next', '--json', '--workspace', workspace]);
    assert.equal(again.code, 0, again.stderr);
    const json = JSON.parse(again.stdout);
    assert.equal(json.status, 'exercise');
    assert.equal(json.exercise, 'front-desk-messages-api');
    assert.equal(json.reason, 'in-progress');
    assert.equal(json.mainFile, desk);
    assert.deepEqual(json.kept, ['desk.ts']);
    assert.equal(await fs.readFile(desk, 'utf8'), '// my own work\n', 'the learner\'s file is left as it was');
    assert.equal((await readProgress(workspace)).packs['ai-engineering-core']?.exercises['front-desk-messages-api']?.status, 'in-progress');
  });

  it('goes on past a passed exercise to the next the prerequisites allow, and says when everything has passed', async () => {
    const pack = await twoExercisePack();
    const workspace = await temporaryDir();
    const progress = (passed: string[]) => ({
      version: 1,
      packs: { 'tiny-pack': { exercises: Object.fromEntries(passed.map((id) => [id, { status: 'passed', startedAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' }])) } },
    });
    await fs.mkdir(path.join(workspace, '.ai-practice'));
    await fs.writeFile(path.join(workspace, '.ai-practice', 'progress.json'), JSON.stringify(progress(['first-dataset'])));
    const next = JSON.parse((await runCli(['next', '--json', '--pack', pack, '--workspace', workspace])).stdout);
    assert.equal(next.exercise, 'judge-it');
    assert.equal(next.reason, 'next');
    assert.deepEqual(next.created, ['README.md', 'dataset.jsonl']);
    await fs.writeFile(path.join(workspace, '.ai-practice', 'progress.json'), JSON.stringify(progress(['first-dataset', 'judge-it'])));
    const done = await runCli(['next', '--pack', pack, '--workspace', workspace]);
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stdout, /^Every exercise of Tiny pack has passed \(2 of 2\)\. Well done!/);
    assert.deepEqual(JSON.parse((await runCli(['next', '--json', '--pack', pack, '--workspace', workspace])).stdout), { status: 'all-passed', passed: 2, total: 2, unchecked: [] });
  });
});

describe('ai-practice watch', () => {
  it('re-checks on save in a terminal: the failing tests, then the pass and the next exercise; h shows a hint, q quits with 0', { timeout: 120_000 }, async () => {
    const pack = await twoExercisePack();
    const workspace = await temporaryDir();
    assert.equal((await runCli(['start', 'first-dataset', '--pack', pack, '--workspace', workspace])).code, 0);
    const screen = watchInTerminal(['first-dataset', '--pack', pack, '--workspace', workspace], workspace);
    try {
      const first = await screen.waitFor(/Not yet: \d+ of \d+ tests failing[\s\S]*h:hint \/ l:list \/ c:check now \/ q:quit/);
      assert.match(first, /Progress: \[>-+\] 0\/2 exercises passed/);
      assert.match(first, /Exercise: First dataset \(first-dataset\)/);
      assert.match(first, /Edit: +practice\/first-dataset\/dataset\.jsonl/);
      assert.doesNotMatch(first, /n:next/, 'n is offered only once the exercise passes');
      let from = screen.mark();
      await fs.writeFile(path.join(workspace, 'practice', 'first-dataset', 'dataset.jsonl'), SOLUTION);
      const passed = await screen.waitFor(/Passed: \d+ tests?, all green\.[\s\S]*Next: Judge it \(judge-it\): press n to start it[\s\S]*n:next exercise/, from);
      assert.match(passed, /Progress: \[#+>?-*\] 1\/2 exercises passed/);
      from = screen.mark();
      screen.press('h');
      await screen.waitFor(/Hint 1 of 2: Start with one case per category\./, from);
      from = screen.mark();
      screen.press('q');
      assert.equal(await screen.exited, 0);
      assert.match(plain(screen.output.slice(from)), /Stopped watching first-dataset\./);
    } finally {
      screen.kill();
    }
    const record = (await readProgress(workspace)).packs['tiny-pack'].exercises['first-dataset'];
    assert.equal(record.status, 'passed');
    assert.equal(record.hintsUsed, 1, 'the hint is recorded as hint does');
  });

  it('shows a failing save\'s failing test, offers no next before a pass, starts the next on n after one, and Ctrl+C ends it cleanly', { timeout: 120_000 }, async () => {
    const pack = await twoExercisePack();
    const workspace = await temporaryDir();
    // No id and nothing under way: it starts the roadmap's next exercise itself.
    const screen = watchInTerminal(['--pack', pack, '--workspace', workspace], workspace);
    try {
      await screen.waitFor(/Created README\.md, dataset\.jsonl in practice\/first-dataset\.[\s\S]*q:quit/);
      await screen.waitFor(/Not yet: /);
      let from = screen.mark();
      // Both cases say 50 passes: the threshold's other side is never pinned down.
      await fs.writeFile(path.join(workspace, 'practice', 'first-dataset', 'dataset.jsonl'), SOLUTION.split('\n')[0] as string);
      const failing = await screen.waitFor(/Not yet: \d+ of \d+ tests? failing[\s\S]*✗ [^\n]+\n {6}\S[\s\S]*q:quit/, from);
      assert.doesNotMatch(failing.slice(failing.lastIndexOf('Not yet')), /Passed/);
      from = screen.mark();
      screen.press('n');
      await screen.waitFor(/n starts the next exercise once this one passes\./, from);
      from = screen.mark();
      await fs.writeFile(path.join(workspace, 'practice', 'first-dataset', 'dataset.jsonl'), SOLUTION);
      await screen.waitFor(/Next: Judge it \(judge-it\): press n to start it/, from);
      from = screen.mark();
      screen.press('n');
      const next = await screen.waitFor(/Exercise: Judge it \(judge-it\)[\s\S]*Not yet: [\s\S]*q:quit/, from);
      assert.match(next, /Created README\.md, dataset\.jsonl in practice\/judge-it\./);
      from = screen.mark();
      screen.press('\u0003');
      assert.equal(await screen.exited, 130);
      assert.match(plain(screen.output.slice(from)), /Stopped watching judge-it\./);
    } finally {
      screen.kill();
    }
  });

  it('goes from a project\'s stage to the next in the same folder, which n scaffolds there beside the learner\'s files', { timeout: 120_000 }, async () => {
    const pack = await writeProjectPack();
    const workspace = await temporaryDir();
    const folder = path.join(workspace, 'practice', 'grades');
    // The area's exercise passed: the project comes next on the roadmap, stage by stage.
    const stamp = '2026-01-01T00:00:00.000Z';
    await fs.mkdir(path.join(workspace, '.ai-practice'));
    await fs.writeFile(path.join(workspace, '.ai-practice', 'progress.json'), JSON.stringify({ version: 1, packs: { 'tiny-pack': { exercises: { 'first-dataset': { status: 'passed', startedAt: stamp, updatedAt: stamp } } } } }));
    const screen = watchInTerminal(['grades-1', '--pack', pack, '--workspace', workspace], workspace);
    try {
      await screen.waitFor(/Exercise: Pass or fail \(grades-1\) · stage 1 of 2 of A grading service[\s\S]*Not yet: /);
      let from = screen.mark();
      await fs.writeFile(path.join(folder, 'dataset.jsonl'), STAGE_1_SOLUTION);
      await screen.waitFor(/Passed: [\s\S]*Next: Letter grades \(grades-2\): press n to start it/, from);
      from = screen.mark();
      screen.press('n');
      await screen.waitFor(/Exercise: Letter grades \(grades-2\) · stage 2 of 2[\s\S]*Created STAGE-2\.md, letters\.jsonl in practice\/grades\.[\s\S]*Not yet: /, from);
      assert.equal(await fs.readFile(path.join(folder, 'dataset.jsonl'), 'utf8'), STAGE_1_SOLUTION, 'stage 1\'s work is left as it is');
      from = screen.mark();
      await fs.writeFile(path.join(folder, 'letters.jsonl'), STAGE_2_SOLUTION);
      await screen.waitFor(/Passed: [\s\S]*Every exercise has passed \(3 of 3\)\. Well done![\s\S]*h:hint \/ l:list/, from);
      screen.press('q');
      assert.equal(await screen.exited, 0);
    } finally {
      screen.kill();
    }
  });

  it('Ctrl+C during a check stops the check\'s processes too', { timeout: 120_000 }, async () => {
    const workspace = await temporaryDir();
    const folder = path.join(workspace, 'practice', 'front-desk-messages-api');
    // Its check runs five scenarios through the learner's code: seconds, long enough to be caught running.
    const screen = watchInTerminal(['front-desk-messages-api', '--workspace', workspace], workspace);
    try {
      await screen.waitFor(/Checking front-desk-messages-api…/);
      let running: string[] = [];
      for (let seen = 0; running.length === 0; seen++) {
        running = await processesIn(folder);
        if (running.length === 0) await new Promise((resolve) => setImmediate(resolve));
        assert.ok(seen < 1_000_000 && !/Not yet/.test(plain(screen.output)), 'the check ended before a process of it was seen');
      }
      screen.press('\u0003');
      assert.equal(await screen.exited, 130);
      assert.deepEqual(await processesIn(folder), [], 'no process of the check is left');
    } finally {
      screen.kill();
    }
  });

  it('works without a terminal: re-checks on save and prints plainly; q and Enter quits', { timeout: 120_000 }, async () => {
    const pack = await twoExercisePack();
    const workspace = await temporaryDir();
    const screen = new Screen(process.execPath, [CLI, 'watch', 'first-dataset', '--pack', pack, '--workspace', workspace], workspace);
    try {
      await screen.waitFor(/Not yet: [\s\S]*\(type the letter, then Enter\)/);
      assert.doesNotMatch(screen.output, /\u001b/, 'no screen clearing or colour in a pipe');
      const from = screen.mark();
      await fs.writeFile(path.join(workspace, 'practice', 'first-dataset', 'dataset.jsonl'), SOLUTION);
      await screen.waitFor(/Passed: [\s\S]*Next: Judge it/, from);
      screen.press('q\n');
      assert.equal(await screen.exited, 0);
    } finally {
      screen.kill();
    }
  });
});
