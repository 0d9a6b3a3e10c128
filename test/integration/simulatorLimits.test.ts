import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { Agent, request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { CLI } from '../support/helpers';

/**
 * The simulator holds its limits when left running (`ai-practice simulator`, a real child
 * process): bodies over the API's 32 MB limit get the API's 413 without being kept, and the
 * trace of a long run stays bounded, so its memory stays flat however many requests come.
 */

const HEADERS = { 'x-api-key': 'any-key', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' };
const agent = new Agent({ keepAlive: true, maxSockets: 8 });

/** The simulator process's memory after a full collection (see test/support/memoryOnRequest.ts). */
function memoryOf(child: ChildProcess): Promise<{ rssMiB: number; heapMiB: number }> {
  return new Promise((resolve) => {
    child.once('message', (memory) => resolve(memory as { rssMiB: number; heapMiB: number }));
    child.send('measure');
  });
}

/** POSTs `chunks` (written one after another: a large body is never held whole here); the status and body. */
function post(url: string, chunks: Iterable<Buffer | string>, headers: Record<string, string> = HEADERS): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const call = request(`${url}/v1/messages`, { method: 'POST', headers, agent }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    call.on('error', reject);
    const iterator = chunks[Symbol.iterator]();
    const writeMore = (): void => {
      for (let next = iterator.next(); !next.done; next = iterator.next()) {
        if (!call.write(next.value)) {
          call.once('drain', writeMore);
          return;
        }
      }
      call.end();
    };
    writeMore();
  });
}

/** A valid request whose one message is `bytes` long, its text varying with `seed`. */
function messageOf(bytes: number, seed: number): string {
  const text = `${seed} ${'the parcel is late and the customer wants a refund. '.repeat(Math.ceil(bytes / 52))}`.slice(0, bytes);
  return JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 16, messages: [{ role: 'user', content: text }] });
}

function* repeated(chunk: Buffer, times: number): Generator<Buffer> {
  for (let i = 0; i < times; i++) yield chunk;
}

/** Sends `count` requests, `parallel` at a time, of the sizes given in turn; every answer must be a 200. */
async function load(url: string, count: number, sizes: number[], parallel = 8): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      const answer = await post(url, [messageOf(sizes[i % sizes.length] as number, i)]);
      assert.equal(answer.status, 200, answer.body.slice(0, 300));
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

describe('the simulator left running holds its limits', () => {
  let child: ChildProcess;
  let url: string;

  before(async () => {
    // The real CLI, with a preload that answers with its memory after a full collection.
    const measure = path.join(__dirname, '..', 'support', 'memoryOnRequest.js');
    child = spawn(process.execPath, ['--expose-gc', '--require', measure, CLI, 'simulator'], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'], env: { ...process.env, NO_COLOR: '1' } });
    url = await new Promise<string>((resolve, reject) => {
      let printed = '';
      child.stdout?.setEncoding('utf8');
      child.stdout?.on('data', (chunk: string) => {
        printed += chunk;
        const found = /simulator on (http:\/\/127\.0\.0\.1:\d+)/.exec(printed);
        if (found) resolve(found[1] as string);
        // Past the banner, the request log is read and let go.
        if (printed.length > 4096) printed = printed.slice(-1024);
      });
      child.once('exit', (code) => reject(new Error(`the simulator exited (${String(code)})`)));
    });
  });
  after(() => {
    agent.destroy();
    child.kill();
  });

  it('5,000 requests of mixed sizes leave its memory where it was', async () => {
    const sizes = [200, 2_000, 20_000, 100_000];
    // Warm up first: the heap grows to its working size, then the trace fills to its bounds.
    await load(url, 600, sizes);
    const before = await memoryOf(child);
    await load(url, 5_000, sizes);
    const afterwards = await memoryOf(child);
    // Kept whole, the 5,000 bodies would hold about 300 MiB of heap.
    assert.ok(afterwards.rssMiB - before.rssMiB < 50, `resident memory grew from ${before.rssMiB.toFixed(0)} to ${afterwards.rssMiB.toFixed(0)} MiB over 5,000 requests`);
    assert.ok(afterwards.heapMiB - before.heapMiB < 10, `the heap grew from ${before.heapMiB.toFixed(0)} to ${afterwards.heapMiB.toFixed(0)} MiB over 5,000 requests`);
  });

  it('refuses 100 MB and 600 MB bodies with the API\'s 413, without keeping them', async () => {
    const before = await memoryOf(child);
    const megabyte = Buffer.alloc(1024 * 1024, 'a');
    for (const megabytes of [100, 600]) {
      const answer = await post(url, repeated(megabyte, megabytes), { ...HEADERS, 'content-length': String(megabytes * megabyte.length) });
      assert.equal(answer.status, 413, `${megabytes} MB: ${answer.body.slice(0, 300)}`);
      const body = JSON.parse(answer.body) as { type: string; error: { type: string; message: string }; request_id: string };
      assert.equal(body.type, 'error');
      assert.equal(body.error.type, 'request_too_large');
      assert.match(body.error.message, new RegExp(`maximum allowed number of bytes \\(32 MB\\); this one is ${megabytes * 1024 * 1024} bytes`));
      assert.match(body.request_id, /^req_sim_/);
    }
    // And with no length declared (chunked), counted as it streams.
    const chunked = await post(url, repeated(megabyte, 40), { ...HEADERS, 'transfer-encoding': 'chunked' });
    assert.equal(chunked.status, 413);
    const afterwards = await memoryOf(child);
    assert.ok(afterwards.rssMiB - before.rssMiB < 50, `resident memory grew from ${before.rssMiB.toFixed(0)} to ${afterwards.rssMiB.toFixed(0)} MiB for bodies it refused`);
    // Still serving.
    assert.equal((await post(url, [messageOf(100, 1)])).status, 200);
  });
});
