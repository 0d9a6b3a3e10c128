import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CheckCancelled } from '../../src/core/check/checkEngine';
import { runIsolated, scrubbedEnvironment } from '../../src/core/check/isolatedProcess';
import { checkReportSchema } from '../../src/core/check/report';
import { Practice } from '../../src/core/practiceService';
import { UserError } from '../../src/core/userError';
import { BUILTIN_PACK, isRunning, minimalManifest, temporaryDir, TINY_HARNESS, writePack } from '../support/helpers';

const ID = 'first-dataset';
const SOLUTION = [
  '{"id": "fifty-passes", "input": {"score": 50}, "expected": {"grade": "pass"}}',
  '{"id": "forty-nine-fails", "input": {"score": 49}, "expected": {"grade": "fail"}}',
].join('\n');

/** A tiny pack (optionally with another harness), started in a fresh workspace. */
async function startedTinyPack(options: { harness?: string; manifest?: Record<string, any> } = {}) {
  const packDir = await writePack(options.manifest ?? minimalManifest(), options.harness ? { 'exercises/first-dataset/check/harness.ts': options.harness } : {});
  const workspace = await temporaryDir('ai-practice-ws-');
  const practice = await Practice.open({ packDir, workspace });
  await practice.start(ID);
  const dataset = path.join(workspace, 'practice', ID, 'dataset.jsonl');
  return { practice, workspace, dataset };
}

async function progressRecord(workspace: string): Promise<Record<string, any>> {
  const progress = JSON.parse(await fs.readFile(path.join(workspace, '.ai-practice', 'progress.json'), 'utf8'));
  return progress.packs['tiny-pack'].exercises[ID];
}

describe('checking an exercise in a child process', () => {
  it('fails the starter, passes the solution, and records attempts and the first pass', async () => {
    const { practice, workspace, dataset } = await startedTinyPack();
    const first = await practice.check(ID);
    assert.equal(first.report.status, 'fail');
    assert.equal(first.firstPass, false);
    const badLine = first.report.tests.find((test) => test.name === 'line 1 · a');
    assert.equal(badLine?.status, 'fail');
    assert.deepEqual(badLine?.location, { file: 'practice/first-dataset/dataset.jsonl', line: 1, column: 1 });
    assert.match(badLine?.message ?? '', /input: missing "input"/);

    await fs.writeFile(dataset, SOLUTION);
    const second = await practice.check(ID);
    assert.equal(second.report.status, 'pass', second.report.message);
    assert.equal(second.firstPass, true);
    assert.equal(second.attempts, 2);
    assert.ok(checkReportSchema.safeParse(second.report).success, 'the report has the published shape');
    assert.equal(second.report.version, 3);
    assert.ok(second.report.durationMs > 0);

    const record = await progressRecord(workspace);
    assert.equal(record.status, 'passed');
    assert.equal(record.attempts, 2);
    assert.equal(typeof record.firstPassedAt, 'string');
    assert.equal(record.lastCheck.status, 'pass');

    // A later failure changes the status, never the first pass.
    await fs.writeFile(dataset, '{"id": "wrong", "input": {"score": 50}, "expected": {"grade": "fail"}}\n');
    const third = await practice.check(ID);
    assert.equal(third.report.status, 'fail');
    const after = await progressRecord(workspace);
    assert.equal(after.status, 'failed');
    assert.equal(after.firstPassedAt, record.firstPassedAt);
  });

  it('says the exercise files are broken when the dataset is missing, and does not count it as an attempt', async () => {
    const { practice, workspace, dataset } = await startedTinyPack();
    await fs.rm(dataset);
    const { report } = await practice.check(ID);
    assert.equal(report.status, 'error');
    assert.equal(report.errorIn, 'exercise');
    assert.equal(report.message, 'practice/first-dataset/dataset.jsonl is missing.');
    const record = await progressRecord(workspace);
    assert.equal(record.attempts, undefined);
    assert.equal(record.status, 'in-progress');
    assert.equal(record.lastCheck.status, 'error');
  });

  it('blames the harness, with file:line, when it does not compile', async () => {
    const { practice } = await startedTinyPack({ harness: 'export const x: number = ;\n' });
    const { report } = await practice.check(ID);
    assert.equal(report.status, 'error');
    assert.equal(report.errorIn, 'harness');
    assert.match(report.message, /harness .*harness\.ts does not load/);
    assert.match(report.tests[0]?.output ?? '', /harness\.ts:1:\d+: Unexpected token/);
  });

  it('gives TypeScript exercise code zod and the Anthropic SDK with nothing installed, and refuses other packages clearly', async () => {
    const withSdk = `import Anthropic from '@anthropic-ai/sdk';\nimport { z } from 'zod';\nif (typeof Anthropic !== 'function' || typeof z.object !== 'function') throw new Error('libraries missing');\n${TINY_HARNESS}`;
    const { practice, dataset } = await startedTinyPack({ harness: withSdk });
    await fs.writeFile(dataset, SOLUTION);
    assert.equal((await practice.check(ID)).report.status, 'pass');

    const other = await startedTinyPack({ harness: `import pad from 'left-pad';\nexport const padding = pad;\n${TINY_HARNESS}` });
    const { report } = await other.practice.check(ID);
    assert.equal(report.errorIn, 'harness');
    assert.match(report.tests[0]?.output ?? '', /Cannot import "left-pad"\. Exercise code can import Node's built-in modules and zod, @anthropic-ai\/sdk, marked/);
  });

  it('stops a check that runs past its time limit, with everything it started', async () => {
    const manifest = minimalManifest();
    manifest.exercises[0].timeoutSeconds = 1;
    const marker = path.join(await temporaryDir(), 'grandchild.pid');
    const stuck = `import { spawn } from 'node:child_process';\nimport { writeFileSync } from 'node:fs';\nconst child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });\nwriteFileSync(${JSON.stringify(marker)}, String(child.pid));\nwhile (true) {}\n`;
    const { practice } = await startedTinyPack({ manifest, harness: stuck });
    const started = Date.now();
    const { report } = await practice.check(ID);
    assert.ok(Date.now() - started < 10_000);
    assert.equal(report.status, 'error');
    assert.equal(report.errorIn, 'harness');
    assert.match(report.message, /did not finish within 1 s/);
    const pid = Number(await fs.readFile(marker, 'utf8'));
    // SIGKILL takes effect a moment after it is sent: wait for the process to be gone, for 5 s at most.
    const deadline = Date.now() + 5_000;
    while ((await isRunning(pid)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(await isRunning(pid), false, 'the harness\'s own child was killed too');
  });

  it('can be cancelled', async () => {
    const { practice } = await startedTinyPack({ harness: 'while (true) {}\n' });
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 300);
    await assert.rejects(practice.check(ID, { signal: abort.signal }), CheckCancelled);
  });

  it('refuses an exercise that was not started', async () => {
    const packDir = await writePack(minimalManifest());
    const practice = await Practice.open({ packDir, workspace: await temporaryDir() });
    await assert.rejects(practice.check(ID), (error: unknown) => error instanceof UserError && /not in this workspace/.test(error.message) && /ai-practice start first-dataset/.test(error.fix ?? ''));
  });
});

describe('the isolated child process', () => {
  const script = async (source: string): Promise<string> => {
    const file = path.join(await temporaryDir(), 'child.js');
    await fs.writeFile(file, source);
    return file;
  };

  it('keeps secrets out of the environment and runs as Node', async () => {
    process.env.ANTHROPIC_API_KEY = 'sk-ant-test-secret';
    try {
      const file = await script("process.once('message', () => process.send(process.env, () => process.exit(0)));");
      const run = await runIsolated({ script: file, job: {}, cwd: path.dirname(file), timeoutMs: 10_000, env: { SIMULATOR_URL: 'http://127.0.0.1:1' } });
      const env = run.answer as Record<string, string>;
      assert.equal(run.ended.kind, 'ok');
      assert.equal(env.ANTHROPIC_API_KEY, undefined);
      assert.equal(env.ELECTRON_RUN_AS_NODE, '1');
      assert.equal(env.SIMULATOR_URL, 'http://127.0.0.1:1');
      assert.equal(env.PATH, process.env.PATH);
      assert.deepEqual(Object.keys(scrubbedEnvironment({ GITHUB_TOKEN: 'x', NODE_OPTIONS: '--inspect', HOME: '/h' })).sort(), ['ELECTRON_RUN_AS_NODE', 'HOME', 'NO_COLOR']);
    } finally {
      delete process.env.ANTHROPIC_API_KEY;
    }
  });

  it('caps what the child prints and reports a crash with its exit code', async () => {
    const file = await script("process.stdout.write('x'.repeat(200000)); process.stderr.write('boom'); process.exitCode = 3;");
    const run = await runIsolated({ script: file, job: {}, cwd: path.dirname(file), timeoutMs: 10_000, outputLimit: 1000 });
    assert.deepEqual(run.ended, { kind: 'crashed', code: 3, signal: null });
    assert.equal(run.outputTruncated, true);
    assert.equal(run.answer, undefined);
    assert.match(run.output, /^x{1000}\n… output cut at 1 KiB$/);
  });
});

describe('checking an agent loop', () => {
  // The check looks at behaviour, not code shape: a loop written another way (streaming, a
  // while loop, recursion for the tools) passes as well as the reference.
  const STREAMING_LOOP = `
import Anthropic from '@anthropic-ai/sdk';
type Tool = { definition: Anthropic.Tool; run(input: unknown): Promise<string> };
export async function runAgent(options: { client: Anthropic; model: string; task: string; tools: Tool[]; system?: string; maxSteps?: number; maxTokens?: number }) {
  const messages: Anthropic.MessageParam[] = [{ role: 'user', content: options.task }];
  let steps = 0;
  while (steps < (options.maxSteps ?? 8)) {
    steps++;
    const response = await options.client.messages
      // The system prompt as a list of text blocks: another form the API takes.
      .stream({ model: options.model, max_tokens: options.maxTokens ?? 1024, ...(options.system ? { system: [{ type: 'text' as const, text: options.system }] } : {}), tools: options.tools.map((t) => t.definition), messages })
      .finalMessage();
    messages.push({ role: 'assistant', content: response.content });
    const answer = response.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
    if (response.stop_reason === 'max_tokens') return { answer, stoppedBecause: 'max-tokens', steps, messages };
    if (response.stop_reason !== 'tool_use') return { answer, stoppedBecause: 'done', steps, messages };
    const calls = response.content.filter((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
    const results = await Promise.all(calls.map(async (call): Promise<Anthropic.ToolResultBlockParam> => {
      const tool = options.tools.find((t) => t.definition.name === call.name);
      try {
        if (!tool) throw new Error('no tool named ' + call.name);
        return { type: 'tool_result', tool_use_id: call.id, content: await tool.run(call.input) };
      } catch (error) {
        return { type: 'tool_result', tool_use_id: call.id, content: String(error), is_error: true };
      }
    }));
    messages.push({ role: 'user', content: results });
  }
  return { answer: '', stoppedBecause: 'max-steps', steps, messages };
}
`;

  it('passes a correct loop written differently from the reference (streaming, parallel tools)', async () => {
    const workspace = await temporaryDir('ai-practice-ws-');
    const practice = await Practice.open({ packDir: BUILTIN_PACK, workspace });
    await practice.start('agent-loop-basics');
    await fs.writeFile(path.join(workspace, 'practice', 'agent-loop-basics', 'agent.ts'), STREAMING_LOOP);
    const { report } = await practice.check('agent-loop-basics');
    assert.equal(report.status, 'pass', report.tests.filter((test) => test.status === 'fail').map((test) => `${test.name}: ${test.message}`).join('\n'));
  });

  it('fails, with the place, a learner module that does not compile or lacks the function', async () => {
    const workspace = await temporaryDir('ai-practice-ws-');
    const practice = await Practice.open({ packDir: BUILTIN_PACK, workspace });
    await practice.start('agent-loop-basics');
    const agent = path.join(workspace, 'practice', 'agent-loop-basics', 'agent.ts');
    await fs.writeFile(agent, 'export async function runAgent(options) {\n  const x = ;\n}\n');
    const broken = (await practice.check('agent-loop-basics')).report;
    assert.equal(broken.status, 'fail', 'a learner\'s syntax error is a failure of their work, not a broken check');
    assert.equal(broken.tests[0]?.name, 'practice/agent-loop-basics/agent.ts loads');
    assert.deepEqual(broken.tests[0]?.location, { file: 'practice/agent-loop-basics/agent.ts', line: 2, column: 13 });
    await fs.writeFile(agent, 'export function runAgents() {}\n');
    const missing = (await practice.check('agent-loop-basics')).report;
    assert.match(missing.tests[0]?.message ?? '', /must export a function named runAgent; it exports runAgents/);
  });

  it('says what the learner\'s code did when it ended its own process, and blames it, not the harness; valid exports of several variables load', async () => {
    const workspace = await temporaryDir('ai-practice-ws-');
    const practice = await Practice.open({ packDir: BUILTIN_PACK, workspace });
    await practice.start('agent-loop-basics');
    const agent = path.join(workspace, 'practice', 'agent-loop-basics', 'agent.ts');
    // `export const A = 8, B = 1024;` once failed to load ("B is not defined"): a sucrase bug, worked around.
    await fs.writeFile(agent, STREAMING_LOOP.replace('export async function runAgent', 'export const STEPS = 8, TOKENS = 1024;\nexport async function runAgent').replace('const messages', 'if (STEPS + TOKENS !== 1032) throw new Error("constants");\n  if (options.task.length > 0) process.exit(0);\n  const messages'));
    const { report } = await practice.check('agent-loop-basics');
    assert.equal(report.status, 'fail');
    assert.equal(report.errorIn, undefined, report.message);
    assert.ok(report.tests.length > 1, 'the module loaded and every scenario ran');
    const [first, ...rest] = report.tests;
    assert.equal(first?.message, 'runAgent did not return: your code ended the process (exit code 0).');
    // After three restarts the rest are not run, and say so.
    for (const test of rest) assert.match(test.message ?? '', /^runAgent did not return: (your code ended the process \(exit code 0\)|it was not run, since your code's process had already ended 3 times in this check \(the last time: your code ended the process \(exit code 0\)\))\.$/, test.name);
  });
});

describe('checking a module of several functions against the simulator', () => {
  // A scenario may call another export of the learner's module than the exercise's function,
  // and sees the count_tokens requests the code made, with the counts the simulator answered.
  const HARNESS = `
const ok = () => ({ reply: { content: [{ type: 'text' as const, text: 'ok' }] } });
type Outcome = { result?: unknown; error?: string; requests: unknown[]; tokenCounts: { body: unknown; response?: { input_tokens?: number } }[] };
export const scenarios = [
  { name: 'calls the exercise function', respond: ok, check: (outcome: Outcome) => (outcome.result === 'ok' ? [] : ['answer returned ' + String(outcome.result)]) },
  {
    name: 'calls another export, which counts tokens',
    function: 'count',
    respond: ok,
    options: { text: 'How many tokens is this?' },
    check(outcome: Outcome) {
      const counted = outcome.tokenCounts.map((entry) => entry.response?.input_tokens);
      return counted.length === 1 && counted[0] === outcome.result && outcome.requests.length === 0 ? [] : ['counted ' + JSON.stringify(counted) + ', returned ' + String(outcome.result)];
    },
  },
  { name: 'calls an export the module lacks', function: 'missing', respond: ok, check: () => [] },
];
`;
  const MODULE = `
import type Anthropic from '@anthropic-ai/sdk';
export async function answer(options: { client: Anthropic; model: string }) {
  const response = await options.client.messages.create({ model: options.model, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
  return response.content[0]?.type === 'text' ? response.content[0].text : '';
}
export async function count(options: { client: Anthropic; model: string; text: string }) {
  return (await options.client.messages.countTokens({ model: options.model, messages: [{ role: 'user', content: options.text }] })).input_tokens;
}
`;

  it('calls the export each scenario names, shows it the token counts, and says when the module lacks one', async () => {
    const manifest = minimalManifest();
    manifest.exercises[0] = {
      ...manifest.exercises[0],
      kind: 'structured-output',
      structuredOutput: { harness: 'check/harness.ts', entry: 'module.ts', function: 'answer' },
    };
    delete manifest.exercises[0].evalDataset;
    const packDir = await writePack(manifest, {
      'exercises/first-dataset/check/harness.ts': HARNESS,
      'exercises/first-dataset/starter/module.ts': MODULE,
      'exercises/first-dataset/starter/dataset.jsonl': null,
      'exercises/first-dataset/solution/dataset.jsonl': null,
      'exercises/first-dataset/solution/module.ts': MODULE,
    });
    const practice = await Practice.open({ packDir, workspace: await temporaryDir('ai-practice-ws-') });
    await practice.start(ID);
    const { report } = await practice.check(ID);
    assert.deepEqual(
      report.tests.map((test) => [test.name, test.status, test.message]),
      [
        ['calls the exercise function', 'pass', undefined],
        ['calls another export, which counts tokens', 'pass', undefined],
        ['calls an export the module lacks', 'fail', `practice/${ID}/module.ts must export a function named missing; it exports answer, count.`],
      ],
    );
  });
});
