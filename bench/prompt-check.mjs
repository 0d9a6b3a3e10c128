// A prompt-debugging check at scale, live against the local simulator (through the real SDK
// over HTTP) with a fixed latency per call: 100 cases × 3 samples at concurrency 8. Prints
// the wall time against the ideal (cases × samples × latency / concurrency), then the same
// check again, answered from the on-disk cache.
//   node bench/prompt-check.mjs [--cases N] [--samples K] [--latency MS] [--concurrency C]   (build first)
import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const { Practice, startSimulator } = createRequire(import.meta.url)(path.join(root, 'dist', 'core.js'));
const { values } = parseArgs({
  options: { cases: { type: 'string', default: '100' }, samples: { type: 'string', default: '3' }, latency: { type: 'string', default: '200' }, concurrency: { type: 'string', default: '8' } },
});
const cases = Number(values.cases);
const samples = Number(values.samples);
const latency = Number(values.latency);
const concurrency = Number(values.concurrency);

// A one-exercise pack whose cases all expect {"ok": true}.
const packDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ai-practice-bench-pack-'));
const exerciseDir = path.join(packDir, 'exercises', 'bench');
const write = async (file, text) => {
  await fs.mkdir(path.dirname(path.join(packDir, file)), { recursive: true });
  await fs.writeFile(path.join(packDir, file), text);
};
await write(
  'ai-practice-pack.json',
  JSON.stringify({
    formatVersion: 1,
    id: 'bench-pack',
    title: 'Bench',
    version: '1.0.0',
    authors: ['bench'],
    areas: [{ id: 'prompting', title: 'Prompting', summary: 'Prompts.', skills: [{ id: 'prompt-debugging', title: 'Prompt debugging', summary: 'Debugging.' }] }],
    exercises: [
      {
        id: 'bench',
        title: 'Bench',
        summary: 'Bench.',
        skill: 'prompt-debugging',
        kind: 'prompt-debugging',
        difficulty: 'beginner',
        minutes: 1,
        dir: 'exercises/bench',
        hints: ['none'],
        promptDebugging: { samples, maxTokens: 50, concurrency },
      },
    ],
  }),
);
await write('exercises/bench/README.md', '# Bench\n');
await write('exercises/bench/starter/system.md', 'Reply with only the JSON object {"ok": true} and nothing else.\n');
await write('exercises/bench/starter/user.md', '<request>\n{{text}}\n</request>\n');
await write('exercises/bench/starter/cases.jsonl', Array.from({ length: cases }, (_, i) => JSON.stringify({ id: `case-${i + 1}`, input: { text: `Request number ${i + 1}` }, expected: { ok: true } })).join('\n') + '\n');
await write('exercises/bench/solution/system.md', 'Reply with only the JSON object {"ok": true} and nothing else.\n');
await fs.mkdir(path.join(exerciseDir, 'check', 'recordings'), { recursive: true });

const simulator = await startSimulator({ scenario: { model: 'claude-simulator-1', rules: [{ when: {}, delayMs: latency, reply: { content: [{ type: 'text', text: '{"ok": true}' }] } }] } });
const workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'ai-practice-bench-ws-'));
const practice = await Practice.open({ packDir, workspace });
await practice.start('bench');
const settings = { provider: 'compatible', baseUrl: simulator.url, model: 'claude-haiku-4-5', budgetUsd: 10, cache: true, record: false, apiKey: 'bench' };

const run = async () => {
  const started = performance.now();
  const { report } = await practice.check('bench', { model: settings });
  return { ms: performance.now() - started, report };
};
const live = await run();
const cached = await run();
await simulator.close();
await fs.rm(packDir, { recursive: true, force: true });
await fs.rm(workspace, { recursive: true, force: true });

const ideal = (cases * samples * latency) / concurrency;
const line = (label, result) =>
  `${label.padEnd(9)} ${String(Math.round(result.ms)).padStart(6)} ms  ${result.report.status}  calls ${result.report.usage.calls}, from cache ${result.report.usage.fromCache}, cost $${result.report.usage.costUsd.toFixed(4)}`;
console.log(`prompt check: ${cases} cases × ${samples} samples, ${latency} ms per call, concurrency ${concurrency}`);
console.log(`ideal     ${String(Math.round(ideal)).padStart(6)} ms  (cases × samples × latency / concurrency)`);
console.log(`${line('live', live)}   ${(live.ms / ideal).toFixed(2)}× ideal`);
console.log(`${line('cached', cached)}   ${(cached.ms / live.ms * 100).toFixed(1)} % of live`);
