// The learner process's entry point (dist/learnerHost.js). It loads the learner's module and
// nothing of the judge's: the judge (dist/checkRunner.js) starts it confined (see
// core/check/learner/learnerProcess.ts), sends it frames on stdin and reads its frames on
// fd 3. It calls the learner's exported functions with plain data and answers with what they
// returned or threw; a call the judge runs on its virtual clock has virtual timers and clocks
// (virtualTime.ts). Everything here runs beside the learner's code and is no more trusted
// than it: the judge validates every frame, and no frame can say whether a check passed.
import * as net from 'node:net';
import * as path from 'node:path';
import { encodeFrame, errorAsData, FrameReader, FUNCTION_HANDLE, type JudgeMessage, ZOD_SCHEMA } from '../core/check/learner/protocol';
import { configureCodeCache, writeCodeCache } from '../core/check/learner/codeCache';
import { installModuleLoader } from './moduleLoader';
import { installVirtualTime } from './virtualTime';

const codeCacheDir = process.env.AI_PRACTICE_CODE_CACHE;
const makeCodeCache = process.env.AI_PRACTICE_MAKE_CODE_CACHE === '1';
installModuleLoader(path.join(__dirname, 'lib'));
if (codeCacheDir) configureCodeCache({ dir: codeCacheDir, make: makeCodeCache });

// A function the judge stopped waiting for may reject later, with no one left to hear it.
process.on('unhandledRejection', () => undefined);

let channel: net.Socket | undefined;
const send = (message: unknown): void => {
  channel ??= new net.Socket({ fd: 3, readable: false, writable: true });
  channel.write(encodeFrame(message));
};

let learnerModule: Record<string, unknown> = {};
const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
let nextInvocation = 0;

/** The call on the judge's clock now running, if any: its sleeps go to the judge under its id. */
let clockedCall: number | undefined;
let virtualTime: ReturnType<typeof installVirtualTime> | undefined;

const reader = new FrameReader();
function serve(): void {
  // Before any learner code loads: its timers and clocks are virtual while a call runs on the judge's clock.
  virtualTime = installVirtualTime({
    requestSleep: (until) => {
      if (clockedCall !== undefined) send({ t: 'sleep', call: clockedCall, until });
    },
    waiting: () => pending.size > 0,
  });
  process.stdin.on('data', (chunk: Buffer) => {
    for (const event of reader.push(chunk)) {
      if ('message' in event) handle(event.message as JudgeMessage);
    }
  });
  send({ t: 'ready' });
  // A learner function that gets an SDK client: load the SDK now, while the judge loads its harness.
  if (process.env.AI_PRACTICE_PRELOAD_SDK === '1') {
    setImmediate(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('@anthropic-ai/sdk');
      // Node loads its fetch (undici) on first use: use it once now, on no network, so the
      // first request of the learner's code does not pay for it.
      void fetch('data:,').then((response) => response.text()).catch(() => undefined);
    });
  }
}

function handle(message: JudgeMessage): void {
  switch (message.t) {
    case 'prepare':
      // Said when done, so the judge knows it is ready for its job.
      void prepare().finally(() => send({ t: 'ready' }));
      return;
    case 'ping':
      send({ t: 'ready' });
      return;
    case 'load':
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        learnerModule = require(message.entry) as Record<string, unknown>;
        send({ t: 'loaded', exports: Object.keys(learnerModule).filter((name) => typeof learnerModule[name] === 'function').slice(0, 1000) });
      } catch (error) {
        send({ t: 'loadFailed', error: errorAsData(error) });
      }
      return;
    case 'call':
      void call(message);
      return;
    case 'time':
      if (message.call === clockedCall) virtualTime?.answer(message.now, message.proof, message.stop === true);
      return;
    case 'settled': {
      const waiting = pending.get(message.invocation);
      pending.delete(message.invocation);
      if (!waiting) return;
      if (message.ok) waiting.resolve(message.value);
      else waiting.reject(Object.assign(new Error(message.error.message), { name: message.error.name }));
      // Said before the learner's code runs on: a result it sends later comes after this.
      if (message.ok && message.receipt !== undefined) send({ t: 'received', invocation: message.invocation, receipt: message.receipt });
      return;
    }
  }
}

/**
 * Started ahead of its job (a warm check process): loads what learner modules use, zod and
 * sucrase for TypeScript (compiling a line, so its code is ready), before any learner code.
 */
async function prepare(): Promise<void> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  require('zod');
  const { transform } = require(path.join(__dirname, 'lib', 'sucrase.js')) as typeof import('sucrase');
  /* eslint-enable @typescript-eslint/no-require-imports */
  transform('import { z } from "zod";\nexport async function f(input: { a: number }): Promise<number> { return input.a; }\n', { transforms: ['typescript', 'imports'], disableESTransforms: true });
  // A learner function that gets a client: have a client send a request as it will (to a fetch
  // that answers here, on no network), so the first of the learner's requests is not the SDK's first.
  if (process.env.AI_PRACTICE_PRELOAD_SDK === '1') await sendOneRequest().catch(() => undefined);
}

function sendOneRequest(): Promise<unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { default: Anthropic } = require('@anthropic-ai/sdk') as typeof import('@anthropic-ai/sdk');
  const reply = { id: 'msg_warm', type: 'message', role: 'assistant', model: 'claude-simulator-1', content: [{ type: 'text', text: 'ok' }], stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: 1, output_tokens: 1 } };
  const answer = async (): Promise<Response> => new Response(JSON.stringify(reply), { status: 200, headers: { 'content-type': 'application/json' } });
  return new Anthropic({ apiKey: 'sk-ant-simulator', baseURL: 'http://127.0.0.1:9', maxRetries: 0, fetch: answer }).messages.create({ model: 'claude-simulator-1', max_tokens: 1, messages: [{ role: 'user', content: 'hi' }] });
}

async function call(message: Extract<JudgeMessage, { t: 'call' }>): Promise<void> {
  if (message.clock) {
    clockedCall = message.call;
    virtualTime?.begin(message.clock.proof);
  }
  const done = (): void => {
    if (clockedCall !== message.call) return;
    clockedCall = undefined;
    virtualTime?.end();
  };
  try {
    const fn = learnerModule[message.name];
    if (typeof fn !== 'function') throw new TypeError(`${message.name} is not an exported function`);
    const args = borrow(message.args, message.call);
    if (message.client && args !== null && typeof args === 'object') {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { default: Anthropic } = require('@anthropic-ai/sdk') as typeof import('@anthropic-ai/sdk');
      (args as Record<string, unknown>).client = new Anthropic({ apiKey: 'sk-ant-simulator', baseURL: message.client.baseURL, maxRetries: message.client.maxRetries });
    }
    const value: unknown = await (fn as (input: unknown) => unknown)(args);
    let text: string | undefined;
    try {
      text = JSON.stringify(value);
    } catch (error) {
      throw new TypeError(`${message.name} returned a value that is not plain data (${(error as Error).message})`);
    }
    done();
    send(text === undefined ? { t: 'returned', call: message.call } : { t: 'returned', call: message.call, value: JSON.parse(text) as unknown });
  } catch (error) {
    done();
    send({ t: 'threw', call: message.call, error: errorAsData(error) });
  }
}

/** The judge's data with each lent function's handle turned into a function that calls it back. */
function borrow(data: unknown, callId: number): unknown {
  if (data === null || typeof data !== 'object') return data;
  if (Array.isArray(data)) return data.map((item) => borrow(item, callId));
  const schema = (data as Record<string, unknown>)[ZOD_SCHEMA];
  if (schema !== undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { z } = require('zod') as typeof import('zod');
    return z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
  }
  const handle = (data as Record<string, unknown>)[FUNCTION_HANDLE];
  if (typeof handle === 'number') {
    return (...args: unknown[]): Promise<unknown> =>
      new Promise((resolve, reject) => {
        const invocation = nextInvocation++;
        pending.set(invocation, { resolve, reject });
        send({ t: 'invoke', call: callId, invocation, fn: handle, args: JSON.parse(JSON.stringify(args) ?? '[]') as unknown[] });
      });
  }
  return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, borrow(value, callId)]));
}

if (codeCacheDir && makeCodeCache) makeTheCodeCache();
else serve();

/**
 * The judge's one-off maker (no channel, no learner code): loads the libraries, has the SDK's
 * client send a request as a learner's function would (to a fetch that answers here), and
 * writes what V8 compiled.
 */
function makeTheCodeCache(): void {
  /* eslint-disable @typescript-eslint/no-require-imports */
  require('zod');
  require('marked');
  // A TypeScript module, as a learner's: sucrase loads and strips its types.
  const { transform } = require(path.join(__dirname, 'lib', 'sucrase.js')) as typeof import('sucrase');
  transform('import { z } from "zod";\nexport async function f(input: { a: number }): Promise<number> { return input.a; }\n', { transforms: ['typescript', 'imports'], disableESTransforms: true });
  /* eslint-enable @typescript-eslint/no-require-imports */
  sendOneRequest()
    .catch(() => undefined)
    .finally(() => {
      writeCodeCache();
      process.exit(0);
    });
}
