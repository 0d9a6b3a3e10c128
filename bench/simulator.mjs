// Throughput of the Messages API simulator through the real SDK: requests per second, plain
// and streamed, with a few clients in parallel. Beside it, the floor: a bare node:http server
// that answers every request with one fixed message, called by the same SDK in the same run,
// so the ratio shows what the simulator's validation, scenario and SSE cost on top of HTTP.
//   node bench/simulator.mjs [--seconds N] [--clients N]      (build first: npm run build)
import Anthropic from '@anthropic-ai/sdk';
import { createServer } from 'node:http';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';

const root = path.resolve(import.meta.dirname, '..');
const { startSimulator } = createRequire(import.meta.url)(path.join(root, 'dist', 'core.js'));
const { values } = parseArgs({ options: { seconds: { type: 'string', default: '3' }, clients: { type: 'string', default: '4' } } });
const seconds = Number(values.seconds);
const clients = Number(values.clients);

const request = {
  model: 'claude-simulator-1',
  max_tokens: 300,
  system: 'You are a support bot.',
  messages: [{ role: 'user', content: 'Where is my order A-17? It was due on Monday and I still have nothing.' }],
};
const reply = { content: [{ type: 'text', text: 'Your order A-17 left the warehouse on Monday and should arrive tomorrow. I am sorry for the wait.' }] };

async function measure(url, stream) {
  const client = new Anthropic({ apiKey: 'bench', baseURL: url, maxRetries: 0 });
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        if (stream) await client.messages.stream(request).finalMessage();
        else await client.messages.create(request);
        done++;
      }
    }),
  );
  return done / seconds;
}

// The floor: the same message, fixed, with no validation or scenario.
const fixed = JSON.stringify({
  id: 'msg_fixed', type: 'message', role: 'assistant', model: request.model, content: reply.content,
  stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: 30, output_tokens: 25 },
});
const floorServer = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(fixed);
  });
});
await new Promise((resolve) => floorServer.listen(0, '127.0.0.1', resolve));
const floorUrl = `http://127.0.0.1:${floorServer.address().port}`;
const simulator = await startSimulator({ scenario: { model: request.model, rules: [{ when: {}, reply }] } });

// Warm the SDK and both servers first; measure the floor before and after and take the mean,
// so that JIT warm-up and drift do not favour whichever runs later.
await measure(floorUrl, false);
await measure(simulator.url, true);
const floorBefore = await measure(floorUrl, false);
const plain = await measure(simulator.url, false);
const streamed = await measure(simulator.url, true);
const floor = (floorBefore + (await measure(floorUrl, false))) / 2;
floorServer.close();
await simulator.close();

console.log(`Messages API simulator through @anthropic-ai/sdk, ${clients} clients, ${seconds} s each, node ${process.version}\n`);
console.log('server                                   requests/s   × floor');
for (const [name, rate] of [
  ['bare node:http, fixed JSON (floor)', floor],
  ['simulator, messages.create', plain],
  ['simulator, messages.stream().finalMessage', streamed],
]) {
  console.log(`${name.padEnd(40)} ${rate.toFixed(0).padStart(10)}   ${(rate / floor).toFixed(2).padStart(6)}`);
}
