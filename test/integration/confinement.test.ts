import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { BUILTIN_PACK, CLI, processesWith, runCli, temporaryDir } from '../support/helpers';

const ID = 'agent-loop-basics';

it('without unshare a check still runs, and says it is not confined; grading then refuses unless told otherwise', async () => {
  // A PATH with node and nothing else: `unshare` cannot be found, as on a machine without util-linux.
  const bin = await temporaryDir('ai-practice-bare-path-');
  await fs.symlink(process.execPath, path.join(bin, 'node'));
  const env = { PATH: bin };
  const workspace = await temporaryDir('ai-practice-unconfined-');
  assert.equal((await runCli(['start', ID, '--workspace', workspace], { env })).code, 0);
  await fs.copyFile(path.join(BUILTIN_PACK, 'exercises', ID, 'solution', 'agent.ts'), path.join(workspace, 'practice', ID, 'agent.ts'));

  const check = await runCli(['check', ID, '--workspace', workspace, '--json'], { env });
  const report = JSON.parse(check.stdout) as { status: string; confined: boolean; confinement: { layers: string[]; missing: string[] } };
  assert.equal(report.status, 'pass');
  assert.equal(report.confined, false);
  assert.deepEqual(report.confinement.layers, ['permission']);
  assert.match(report.confinement.missing.join('\n'), /not in its own process namespaces: it can see and signal your other processes \(the check's too\) \(could not start: spawn setpriv ENOENT\)/);

  const refused = await runCli(['report', '--workspace', workspace, '--recheck'], { env });
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /Learner code cannot be fully confined on this machine: not in its own process namespaces/);
  assert.match(refused.stderr, /--allow-unconfined/);
  assert.equal(refused.stdout, '', 'nothing is graded');

  const allowed = await runCli(['report', '--workspace', workspace, '--recheck', '--allow-unconfined', '--format', 'json'], { env });
  const grade = JSON.parse(allowed.stdout) as { rows: { id: string; status: string }[] };
  assert.equal(grade.rows.find((row) => row.id === ID)?.status, 'passed');
});

it('Ctrl-C, TERM or HUP to `ai-practice check` takes the running check down with it, learner process included', async () => {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const workspace = await temporaryDir('ai-practice-signal-');
    const tmp = await temporaryDir('ai-practice-signal-tmp-');
    assert.equal((await runCli(['start', ID, '--workspace', workspace])).code, 0);
    await fs.writeFile(path.join(workspace, 'practice', ID, 'agent.ts'), 'export async function runAgent() { for (;;) {} }\n');
    const cli = spawn(process.execPath, [CLI, 'check', ID, '--workspace', workspace], { env: { ...process.env, TMPDIR: tmp }, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => cli.on('exit', (code) => resolve(code)));
    // The state to wait for: the learner process runs (its command line names the check's scratch folder).
    await until(async () => (await processesWith(tmp)).some((line) => line.includes('learnerHost.js')));
    cli.kill(signal);
    assert.equal(await exited, 128 + { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 }[signal]);
    await until(async () => (await processesWith(tmp)).length === 0, `the check's processes are gone after ${signal}`);
  }
});


/** Polls `condition` until it holds; fails with `what` after 20 s. */
async function until(condition: () => Promise<boolean>, what = 'the condition'): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
