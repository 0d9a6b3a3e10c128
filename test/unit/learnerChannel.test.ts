import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { copyLearnerFiles, LearnerFilesRefused } from '../../src/core/check/learner/learnerCopy';
import { learnerMessageSchema, lendFunctions } from '../../src/core/check/learner/messages';
import { encodeFrame, errorAsData, FrameReader, LIMITS } from '../../src/core/check/learner/protocol';
import { temporaryDir } from '../support/helpers';

describe("the learner process's channel", () => {
  it('reads frames split and joined anyhow', () => {
    const bytes = Buffer.concat([encodeFrame({ t: 'ready' }), encodeFrame({ t: 'returned', call: 0, value: 'é'.repeat(3) })]);
    const reader = new FrameReader();
    const messages = [];
    for (let at = 0; at < bytes.length; at += 3) for (const event of reader.push(bytes.subarray(at, at + 3))) messages.push(event);
    assert.deepEqual(messages, [{ message: { t: 'ready' } }, { message: { t: 'returned', call: 0, value: 'ééé' } }]);
    assert.equal(reader.pendingBytes, 0);
  });

  it('ends the stream with a problem, never a throw, on garbage, an oversized frame, or a line of IPC', () => {
    const garbage = new FrameReader().push(Buffer.concat([Buffer.from([0, 0, 0, 3]), Buffer.from('{x}')]));
    assert.match(String((garbage[0] as { problem: string }).problem), /not JSON/);
    const oversized = new FrameReader(1024).push(Buffer.from([0, 0, 16, 0]));
    assert.match(String((oversized[0] as { problem: string }).problem), /4096 bytes, over the limit of 1024/);
    const ipc = new FrameReader().push(Buffer.from('{"cmd":"NODE_HANDLE_ACK"}\n'));
    assert.equal(ipc.length, 1);
    assert.ok('problem' in (ipc[0] as object));
    const reader = new FrameReader();
    reader.push(Buffer.from('garbage!'));
    assert.deepEqual(reader.push(encodeFrame({ t: 'ready' })), [], 'nothing is read after a problem');
  });

  it('accepts only the messages a learner process may send: no verdict, no report', () => {
    assert.ok(learnerMessageSchema.safeParse({ t: 'returned', call: 2, value: { anything: [1] } }).success);
    assert.ok(learnerMessageSchema.safeParse({ t: 'threw', call: 2, error: { name: 'Error', message: 'boom' } }).success);
    for (const forged of [
      { ok: true, tests: [{ name: 'x', status: 'pass' }], message: 'forged' },
      { t: 'verdict', status: 'pass' },
      { t: 'returned', call: -1 },
      { t: 'threw', call: 0, error: { name: 'Error', message: 'x'.repeat(5000) } },
      { t: 'invoke', call: 0, invocation: 0, fn: 0, args: 'not a list' },
      { cmd: 'NODE_HANDLE_ACK' },
    ]) {
      assert.equal(learnerMessageSchema.safeParse(forged).success, false, JSON.stringify(forged).slice(0, 80));
    }
  });

  it("carries a thrown error's own plain fields (a typed error's reason and attempts), cut to size, and nothing else", () => {
    class TriageError extends Error {
      override name = 'TriageError';
      constructor(message: string, readonly reason: string, readonly attempts: number, readonly detail: unknown) {
        super(message);
      }
    }
    const data = errorAsData(Object.assign(new TriageError('no valid triage', 'invalid-output', 3, { nested: true }), { note: 'x'.repeat(2000), never: undefined, nan: Number.NaN, ok: false, none: null }));
    assert.deepEqual(data.fields, { name: 'TriageError', reason: 'invalid-output', attempts: 3, note: 'x'.repeat(LIMITS.fieldText), ok: false, none: null });
    const many = errorAsData(Object.assign(new Error('m'), Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`f${i}`, i]))));
    assert.equal(Object.keys(many.fields ?? {}).length, LIMITS.fields);
    assert.equal(errorAsData(new Error('plain')).fields, undefined);
    assert.equal(learnerMessageSchema.safeParse({ t: 'threw', call: 0, error: data }).success, true);
    const forged = { t: 'threw', call: 0, error: { name: 'E', message: 'm', fields: Object.fromEntries(Array.from({ length: LIMITS.fields + 1 }, (_, i) => [`f${i}`, i])) } };
    assert.equal(learnerMessageSchema.safeParse(forged).success, false, 'too many fields is not a message the learner process may send');
    assert.equal(learnerMessageSchema.safeParse({ t: 'threw', call: 0, error: { name: 'E', message: 'm', fields: { deep: { a: 1 } } } }).success, false, 'only plain values');
  });

  it('lends functions as handles and zod schemas as JSON Schema, and refuses arguments that refer to themselves', () => {
    const run = async () => 'ok';
    const shared = { name: 'lookup' };
    const { data, functions } = lendFunctions({ tools: [{ definition: shared, run, schema: z.strictObject({ id: z.string() }) }, { definition: shared, run }], n: 1 });
    assert.deepEqual(functions, [run, run]);
    assert.deepEqual(data, {
      tools: [
        { definition: { name: 'lookup' }, run: { $function: 0 }, schema: { $zodSchema: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { id: { type: 'string' } }, required: ['id'], additionalProperties: false } } },
        { definition: { name: 'lookup' }, run: { $function: 1 } },
      ],
      n: 1,
    });
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    assert.throws(() => lendFunctions(loop), /refer to themselves/);
  });
});

describe("the learner's files", () => {
  it('are copied as regular files; a link inside the folder is followed, a link out of it is refused by name', async () => {
    const root = await temporaryDir();
    const folder = path.join(root, 'practice', 'ex');
    await fs.mkdir(path.join(folder, 'lib'), { recursive: true });
    await fs.writeFile(path.join(folder, 'agent.ts'), 'export const a = 1;');
    await fs.writeFile(path.join(folder, 'lib', 'util.ts'), 'export const b = 2;');
    await fs.symlink(path.join(folder, 'lib', 'util.ts'), path.join(folder, 'alias.ts'));
    await fs.mkdir(path.join(folder, 'node_modules', 'x'), { recursive: true });
    await fs.writeFile(path.join(folder, 'node_modules', 'x', 'index.js'), '');
    const copy = path.join(root, 'copy');
    copyLearnerFiles(folder, copy, 'practice/ex');
    assert.deepEqual((await fs.readdir(copy, { recursive: true })).sort(), ['agent.ts', 'alias.ts', 'lib', 'lib/util.ts']);
    assert.equal((await fs.lstat(path.join(copy, 'alias.ts'))).isSymbolicLink(), false);

    await fs.writeFile(path.join(root, 'solution.ts'), 'export const answer = 42;');
    await fs.symlink(path.join(root, 'solution.ts'), path.join(folder, 'leak.ts'));
    assert.throws(() => copyLearnerFiles(folder, path.join(root, 'copy2'), 'practice/ex'), (error: unknown) => error instanceof LearnerFilesRefused && /practice\/ex\/leak\.ts is a symbolic link to .*solution\.ts, outside the exercise folder/.test(error.message));
  });
});
