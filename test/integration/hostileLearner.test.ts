import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { BUILTIN_PACK, exists, processesWith, REPO_ROOT, runCli, temporaryDir } from '../support/helpers';

/**
 * A hostile learner: modules that try to win a check without solving the exercise, read the
 * key, write outside their temp folder, outlive the check or take the machine's memory. Each
 * runs through the real CLI against every exercise kind that runs learner code, and must
 * fail honestly with everything around it untouched.
 */

interface Target {
  id: string;
  entry: string;
  fn: string;
}

const manifest = JSON.parse(readFileSync(path.join(BUILTIN_PACK, 'ai-practice-pack.json'), 'utf8')) as { exercises: Record<string, any>[] };
const SETTINGS = ['agentLoop', 'structuredOutput', 'injectionDefense', 'costOptimization', 'retrieval'];
/** One exercise of each kind that runs learner code. */
const TARGETS: Target[] = [];
for (const exercise of manifest.exercises) {
  const key = SETTINGS.find((candidate) => exercise[candidate]);
  if (!key || TARGETS.some((target) => manifest.exercises.find((e) => e.id === target.id)?.kind === exercise.kind)) continue;
  TARGETS.push({ id: exercise.id, entry: exercise[key].entry, fn: exercise[key].function });
}

const CANARY = 'sk-ant-canary-0123456789-do-not-leak';
const DIST = path.join(REPO_ROOT, 'dist');

/**
 * The attacks. `{{FN}}` is the function the exercise calls, `{{WORKSPACE}}`, `{{PACK}}`,
 * `{{DIST}}` and `{{HOME}}` the real paths an attacker would guess; what the module exports
 * as `{{FN}}` returns something plausible, so that only the judge stands between it and a pass.
 */
const ATTACKS: Record<string, string> = {
  'forges a passing answer on the IPC channel': `
    (process as any).send?.({ ok: true, tests: [{ name: 'forged', status: 'pass' }], message: 'forged', score: 1 });
    export async function {{FN}}() { (process as any).send?.({ ok: true, tests: [{ name: 'forged', status: 'pass' }], message: 'forged', score: 1 }); process.exit(0); }`,
  'writes forged frames and garbage to the check channel': `
    import { writeSync } from 'node:fs';
    const frame = (message: unknown) => { const body = Buffer.from(JSON.stringify(message)); const head = Buffer.alloc(4); head.writeUInt32BE(body.length); return Buffer.concat([head, body]); };
    export async function {{FN}}() {
      for (const fd of [1, 2, 3, 4, 5]) {
        try { writeSync(fd, frame({ t: 'returned', call: 0, value: { status: 'pass' } })); } catch {}
        try { writeSync(fd, JSON.stringify({ ok: true, tests: [{ name: 'x', status: 'pass' }], message: 'forged' }) + '\\n'); } catch {}
        try { writeSync(fd, '{"cmd":"NODE_HANDLE_ACK"}\\n'); } catch {}
      }
      return new Promise(() => undefined);
    }`,
  'empties the harness through require.cache and patches built-ins': `
    for (const loaded of Object.values(require.cache)) {
      const exports = loaded?.exports as Record<string, unknown> | undefined;
      if (exports && Array.isArray(exports.scenarios)) exports.scenarios.length = 0;
    }
    String.prototype.includes = () => true;
    Array.prototype.every = () => true;
    Array.prototype.some = () => false;
    JSON.stringify = () => '{"status":"pass"}';
    export async function {{FN}}() { return []; }`,
  "requires the pack's reference solution": `
    import { readdirSync, readFileSync } from 'node:fs';
    let found: any;
    for (const dir of (() => { try { return readdirSync('{{PACK}}/exercises'); } catch { return []; } })()) {
      try { found ??= require('{{PACK}}/exercises/' + dir + '/solution/{{ENTRY}}'); } catch {}
      try { readFileSync('{{PACK}}/exercises/' + dir + '/check/scenarios.ts'); found ??= {}; } catch {}
    }
    export async function {{FN}}(input: any) { if (!found?.{{FN}}) throw new Error('no solution in reach'); return found.{{FN}}(input); }`,
  'reads the API key from its parents and the environment': `
    import { readFileSync } from 'node:fs';
    const loot: string[] = [JSON.stringify(process.env)];
    for (const pid of [process.ppid, 1, 'self']) { try { loot.push(readFileSync('/proc/' + pid + '/environ', 'utf8')); } catch {} }
    for (let pid = Math.max(2, process.ppid - 50); pid < process.ppid + 50; pid++) { try { loot.push(readFileSync('/proc/' + pid + '/environ', 'utf8')); } catch {} }
    export async function {{FN}}() { console.log(loot.join('\\n')); throw new Error(loot.join(' ')); }`,
  'writes to the workspace, progress, the pack, the extension, HOME and the cached library code': `
    import { appendFileSync, writeFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
    const targets = ['{{WORKSPACE}}/pwned.txt', '{{WORKSPACE}}/.ai-practice/progress.json', '{{WORKSPACE}}/practice/{{ID}}/pwned.txt', '{{PACK}}/ai-practice-pack.json', '{{DIST}}/checkRunner.js', '{{HOME}}/.bashrc', '/dev/shm/ai-practice-pwned', '/tmp/ai-practice-pwned'];
    // The compiled code the next learner process, and the next judge, would load: its folders
    // and file names follow from the runtime and the libraries' sizes and times.
    const caches = '{{HOME}}/.cache/ai-practice/code-cache/' + process.version + '-v8-' + process.versions.v8 + '-' + process.arch;
    for (const folder of [caches + '-heap1024', caches + '-judge']) {
      targets.push(folder + '/pwned.bin');
      try { for (const file of readdirSync(folder)) targets.push(folder + '/' + file); } catch {}
      for (const library of ['zod', 'anthropic-sdk', 'marked', 'sucrase']) {
        try { const stat = statSync('{{DIST}}/lib/' + library + '.js'); targets.push(folder + '/' + library + '-' + stat.size + '-' + Math.round(stat.mtimeMs) + '.bin'); } catch {}
      }
    }
    for (const file of targets) { try { appendFileSync(file, 'pwned'); } catch {} try { writeFileSync(file, '{"pwned":true}'); } catch {} }
    try { mkdirSync('{{WORKSPACE}}/pwned-dir'); } catch {}
    export async function {{FN}}() { return []; }`,
  'starts processes, workers and addons that would outlive the check': `
    const tries: (() => unknown)[] = [
      () => require('node:child_process').spawn('sleep', ['600', 'ai-practice-hostile-marker'], { detached: true, stdio: 'ignore' }).unref(),
      () => require('node:child_process').execSync('setsid sleep 600 ai-practice-hostile-marker &'),
      () => new (require('node:worker_threads').Worker)('setInterval(() => {}, 1000)', { eval: true }),
      () => (process as any).dlopen({ exports: {} }, '/usr/lib/x86_64-linux-gnu/libc.so.6'),
    ];
    for (const attempt of tries) { try { attempt(); } catch {} }
    export async function {{FN}}() { return []; }`,
  'signals its parents and reaches for their inspector': `
    import * as net from 'node:net';
    const parents = [process.ppid, process.ppid - 1, process.ppid - 2];
    for (const pid of parents) { try { process.kill(pid, 'SIGUSR1'); } catch {} }
    export async function {{FN}}() {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await new Promise((resolve) => { const socket = net.connect(9229, '127.0.0.1', () => { console.log('INSPECTOR-REACHED'); socket.end('GET /json/list HTTP/1.1\\r\\n\\r\\n'); resolve(undefined); }); socket.on('error', resolve); });
      for (const pid of parents) { try { process.kill(pid, 'SIGSTOP'); } catch {} }
      return [];
    }`,
  'returns and prints hundreds of megabytes': `
    export async function {{FN}}() { const big = 'x'.repeat(64 * 1024 * 1024); for (let i = 0; i < 4; i++) process.stdout.write(big); return [{ docId: 'a', text: big + big + big }]; }`,
  'allocates without bound, on and off the heap': `
    const kept: unknown[] = [];
    export async function {{FN}}() { for (;;) { kept.push(Buffer.alloc(64 * 1024 * 1024, 1)); kept.push(new Array(1e6).fill({ a: 1 })); await new Promise((resolve) => setImmediate(resolve)); } }`,
  'spins forever without yielding': `
    export async function {{FN}}() { for (;;) {} }`,
  'ends its own process': `
    export async function {{FN}}() { process.exit(0); }`,
  'says, prints and returns secrets-to-be in hidden cases': `
    export async function {{FN}}(input: any) {
      console.log('LEAKMARKER printed', JSON.stringify(input).slice(0, 200));
      if (typeof input?.request === 'string') return 'LEAKMARKER reply to: ' + input.request;
      throw new Error('LEAKMARKER thrown ' + JSON.stringify(input).slice(0, 200));
    }
    export function rewriteQuery(question: string) { throw new Error('LEAKMARKER ' + question); }`,
  'fills the temp folder': `
    import { writeFileSync } from 'node:fs';
    import * as os from 'node:os';
    export async function {{FN}}() { for (let i = 0; i < 4; i++) { try { writeFileSync(os.tmpdir() + '/fill-' + i, Buffer.alloc(32 * 1024 * 1024)); } catch {} } return []; }`,
};

/** Content hashes of every file under `dir`, by relative path. */
async function snapshot(dir: string, skip: (relative: string) => boolean = () => false): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (current: string): Promise<void> => {
    for (const entry of await fs.readdir(current, { withFileTypes: true }).catch(() => [])) {
      const full = path.join(current, entry.name);
      const relative = path.relative(dir, full);
      if (skip(relative)) continue;
      if (entry.isDirectory()) await walk(full);
      else files.set(relative, createHash('sha256').update(await fs.readFile(full).catch(() => Buffer.from('?'))).digest('hex'));
    }
  };
  await walk(dir);
  return files;
}

function changes(before: Map<string, string>, after: Map<string, string>): string[] {
  const changed: string[] = [];
  for (const [file, hash] of after) if (before.get(file) !== hash) changed.push(file);
  for (const file of before.keys()) if (!after.has(file)) changed.push(`${file} (removed)`);
  return changed;
}


const listening = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

interface Run {
  code: number | null;
  report: Record<string, any>;
  stdout: string;
  stderr: string;
}

async function checkIn(workspace: string, home: string, tmp: string, id: string): Promise<Run> {
  const run = await runCli(['check', id, '--workspace', workspace, '--json'], { env: { ANTHROPIC_API_KEY: CANARY, HOME: home, TMPDIR: tmp } });
  let report: Record<string, any>;
  try {
    report = JSON.parse(run.stdout) as Record<string, any>;
  } catch {
    throw new Error(`check ${id} printed no report (exit ${String(run.code)}):\n${run.stdout.slice(0, 500)}\n${run.stderr.slice(0, 2000)}`);
  }
  return { ...run, report };
}

/**
 * The cached library code that checks write into HOME (by the judge and by a learner process
 * of its own, never by the learner's code), from the starters' checks: every attack's HOME
 * starts with it, so any change there is the attack's.
 */
const codeCache = path.join('.cache', 'ai-practice');
let warmHome: string | undefined;

async function startedWorkspace(id: string): Promise<{ workspace: string; home: string; tmp: string }> {
  const workspace = await temporaryDir('ai-practice-hostile-');
  const home = await temporaryDir('ai-practice-hostile-home-');
  const tmp = await temporaryDir('ai-practice-hostile-tmp-');
  await fs.writeFile(path.join(home, '.bashrc'), '# the learner\'s own\n');
  if (warmHome && (await exists(path.join(warmHome, codeCache)))) await fs.cp(path.join(warmHome, codeCache), path.join(home, codeCache), { recursive: true });
  const started = await runCli(['start', id, '--workspace', workspace], { env: { HOME: home, TMPDIR: tmp } });
  assert.equal(started.code, 0, started.stderr);
  return { workspace, home, tmp };
}

describe('a hostile learner cannot fool the judge', { concurrency: 2 }, () => {
  const starterScores = new Map<string, number>();
  let packBefore: Map<string, string>;
  let distBefore: Map<string, string>;

  before(async () => {
    packBefore = await snapshot(BUILTIN_PACK);
    distBefore = await snapshot(DIST, (relative) => relative.endsWith('.vsix'));
    warmHome = await temporaryDir('ai-practice-hostile-warm-home-');
    for (const target of TARGETS) {
      const { workspace, home, tmp } = await startedWorkspace(target.id);
      const run = await checkIn(workspace, home, tmp, target.id);
      await fs.cp(path.join(home, codeCache), path.join(warmHome, codeCache), { recursive: true });
      assert.equal(run.report.status, 'fail', `${target.id}'s starter fails`);
      assert.equal(run.report.confined, true, `${target.id} runs confined on this machine: ${JSON.stringify(run.report.confinement)}`);
      starterScores.set(target.id, run.report.score as number);
    }
  });

  for (const [attack, source] of Object.entries(ATTACKS)) {
    it(attack, async () => {
      // The kinds side by side: most of an attack's time is spent waiting (time limits, restarts).
      await Promise.all(TARGETS.map(async (target) => {
        const { workspace, home, tmp } = await startedWorkspace(target.id);
        const folder = path.join(workspace, 'practice', target.id);
        const code = source
          .replaceAll('{{FN}}', target.fn)
          .replaceAll('{{ENTRY}}', target.entry)
          .replaceAll('{{ID}}', target.id)
          .replaceAll('{{WORKSPACE}}', workspace)
          .replaceAll('{{PACK}}', BUILTIN_PACK)
          .replaceAll('{{DIST}}', DIST)
          .replaceAll('{{HOME}}', home);
        await fs.writeFile(path.join(folder, target.entry), code);
        const workspaceBefore = await snapshot(workspace, (relative) => relative.startsWith('.ai-practice'));
        const homeBefore = await snapshot(home);
        assert.ok([...homeBefore.keys()].some((file) => file.includes('heap1024') && file.endsWith('.bin')), 'the learner processes\' cached code is there to attack');

        const run = await checkIn(workspace, home, tmp, target.id);
        const where = `${attack} against ${target.id}`;
        assert.notEqual(run.report.status, 'pass', `${where}: passed`);
        assert.equal(run.code, 1, `${where}: exit ${String(run.code)}\n${run.stderr}`);
        assert.ok((run.report.score as number) <= (starterScores.get(target.id) ?? 0), `${where}: scored ${String(run.report.score)}, above the starter's ${String(starterScores.get(target.id))}`);
        assert.ok(!run.report.tests.some((test: { name: string }) => test.name === 'forged' || test.name === 'x'), `${where}: a forged test shows`);
        assert.ok(!`${run.stdout}${run.stderr}`.includes(CANARY), `${where}: the key leaked`);
        assert.ok(!run.stdout.includes('INSPECTOR-REACHED'), `${where}: an inspector opened where the learner could reach it`);
        assert.ok(run.stdout.length < 1024 * 1024, `${where}: a report of ${run.stdout.length} bytes`);
        assert.notEqual(run.report.errorIn, 'harness', `${where}: blamed on the harness: ${String(run.report.message)}`);
        for (const test of run.report.tests as { name: string; message?: string; output?: string }[]) {
          if (!test.name.startsWith('hidden')) continue;
          assert.equal(test.output, undefined, `${where}: hidden case ${test.name} shows output`);
          assert.ok(!(test.message ?? '').includes('LEAKMARKER'), `${where}: hidden case ${test.name} quotes the code: ${test.message ?? ''}`);
        }
        assert.ok(!/LEAKMARKER \S+ .*hidden/i.test(String(run.report.message)), `${where}: the summary quotes the code`);

        assert.deepEqual(changes(workspaceBefore, await snapshot(workspace, (relative) => relative.startsWith('.ai-practice'))), [], `${where}: the workspace changed`);
        const progress = JSON.parse(await fs.readFile(path.join(workspace, '.ai-practice', 'progress.json'), 'utf8')) as Record<string, any>;
        const entries = Object.values(progress.packs as Record<string, { exercises: Record<string, { status: string }> }>).map((pack) => pack.exercises[target.id]);
        assert.ok(!JSON.stringify(progress).includes('pwned') && entries.every((entry) => entry?.status !== 'passed'), `${where}: progress was forged: ${JSON.stringify(progress)}`);
        assert.deepEqual(changes(homeBefore, await snapshot(home)), [], `${where}: HOME changed`);
        assert.deepEqual(await fs.readdir(tmp), [], `${where}: the temp folder kept files`);
        for (const outside of ['/dev/shm/ai-practice-pwned', '/tmp/ai-practice-pwned']) {
          assert.equal(await fs.access(outside).then(() => true, () => false), false, `${where}: wrote ${outside}`);
        }
        assert.deepEqual(await processesWith('ai-practice-hostile-marker'), [], `${where}: a process outlived the check`);
        assert.deepEqual(await processesWith(tmp), [], `${where}: a process of the check outlived it`);
        await Promise.all([workspace, home, tmp].map((dir) => fs.rm(dir, { recursive: true, force: true })));
      }));
      assert.equal(await listening(9229), false, 'an inspector is listening on 9229');
      assert.deepEqual(changes(packBefore, await snapshot(BUILTIN_PACK)), [], 'the pack changed');
      assert.deepEqual(changes(distBefore, await snapshot(DIST, (relative) => relative.endsWith('.vsix'))), [], 'dist/ changed');
    });
  }
});

it('a hostile learner cannot make a retry that does not wait look like one that does', async () => {
  // The reference loop, with every sleep replaced by a forgery: it tells the judge's channel it
  // sleeps (for any call id), makes Date.now and performance.now jump, and retries at once.
  const id = 'agent-loop-recovery';
  const solution = readFileSync(path.join(BUILTIN_PACK, 'exercises', id, 'solution', 'agent.ts'), 'utf8');
  const honestSleep = 'function sleep(ms: number): Promise<void> {\n  return new Promise((resolve) => setTimeout(resolve, ms));\n}';
  assert.ok(solution.includes(honestSleep), 'the reference sleeps as this test expects');
  const forgedSleep = `
import { writeSync } from 'node:fs';
let forgedUntil = 0;
const frame = (message: unknown) => { const body = Buffer.from(JSON.stringify(message)); const head = Buffer.alloc(4); head.writeUInt32BE(body.length); return Buffer.concat([head, body]); };
function sleep(ms: number): Promise<void> {
  forgedUntil += ms;
  for (let call = 0; call < 40; call++) {
    try { writeSync(3, frame({ t: 'sleep', call, until: forgedUntil })); } catch {}
  }
  const jumped = Date.now() + ms;
  Date.now = () => jumped;
  performance.now = () => jumped;
  return Promise.resolve();
}`;
  const { workspace, home, tmp } = await startedWorkspace(id);
  await fs.writeFile(path.join(workspace, 'practice', id, 'agent.ts'), solution.replace(honestSleep, forgedSleep));
  const run = await checkIn(workspace, home, tmp, id);
  const tests = run.report.tests as { name: string; status: string; message?: string }[];
  const test = (name: string) => tests.find((candidate) => candidate.name === name);
  assert.equal(run.report.status, 'fail', JSON.stringify(run.report).slice(0, 2000));
  assert.equal(test('waits as long as retry-after asks before retrying a 429')?.status, 'fail');
  assert.match(test('waits as long as retry-after asks before retrying a 429')?.message ?? '', /It retried 0 ms after the 429/);
  assert.equal(test('backs off, longer each time, when the API is overloaded (529)')?.status, 'fail');
  assert.match(test('backs off, longer each time, when the API is overloaded (529)')?.message ?? '', /It retried 0 ms after the first 529/);
  await Promise.all([workspace, home, tmp].map((dir) => fs.rm(dir, { recursive: true, force: true })));
});
