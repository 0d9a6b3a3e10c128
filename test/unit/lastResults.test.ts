import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { CheckTest } from '../../src/core/check/report';
import { LAST_RESULT_LIMITS, recordedTestsOf, recordTests } from '../../src/core/lastResults';
import { emptyProgress, exerciseProgressOf, ProgressStore, recordCheck, recordHint } from '../../src/core/progressStore';
import { exists, temporaryDir } from '../support/helpers';

const NOW = new Date('2026-11-25T10:00:00Z');
const PACK = 'ai-engineering-core';

describe('the last check results kept in progress', () => {
  it('keeps what Test Explorer shows of each test, and not the long output', () => {
    const tests: CheckTest[] = [
      { name: 'line 1 · double-charge', status: 'pass', location: { file: 'practice/x/dataset.jsonl', line: 1 }, requirements: ['valid-cases'], output: 'printed' },
      {
        name: 'Has at least 12 correct cases',
        status: 'fail',
        message: 'It has 2.',
        output: 'a long trace',
        location: { file: 'practice/x/dataset.jsonl', line: 3, column: 2 },
        expected: '12',
        actual: '2',
        requirements: ['at-least-12-cases'],
      },
      { name: 'check', status: 'error', message: 'The harness broke.' },
    ];
    assert.deepEqual(recordTests(tests), {
      tests: [
        { name: 'line 1 · double-charge', status: 'pass', location: { file: 'practice/x/dataset.jsonl', line: 1 }, requirements: ['valid-cases'] },
        { name: 'Has at least 12 correct cases', status: 'fail', message: 'It has 2.', location: { file: 'practice/x/dataset.jsonl', line: 3, column: 2 }, expected: '12', actual: '2', requirements: ['at-least-12-cases'] },
        { name: 'check', status: 'error', message: 'The harness broke.' },
      ],
    });
  });

  it('is bounded: at most 30 tests, the failures first, in report order, and every text cut with an ellipsis', () => {
    const tests: CheckTest[] = Array.from({ length: 100 }, (_, index) =>
      index % 10 === 9
        ? { name: `case ${index} ${'n'.repeat(500)}`, status: 'fail', message: 'm'.repeat(5000), expected: 'e'.repeat(5000), actual: 'a'.repeat(5000) }
        : { name: `case ${index}`, status: 'pass' },
    );
    const { tests: kept, testsOmitted } = recordTests(tests);
    assert.equal(kept.length, LAST_RESULT_LIMITS.tests);
    assert.equal(testsOmitted, 70);
    assert.equal(kept.filter((test) => test.status === 'fail').length, 10, 'every failure is kept');
    const numbers = kept.map((test) => Number(/^case (\d+)/.exec(test.name)?.[1]));
    assert.deepEqual(numbers, [...numbers].sort((a, b) => a - b), 'in report order');
    assert.deepEqual(numbers.slice(0, 3), [0, 1, 2]);
    const failure = kept.find((test) => test.status === 'fail');
    assert.equal(failure?.name.length, LAST_RESULT_LIMITS.name);
    assert.equal(failure?.message?.length, LAST_RESULT_LIMITS.message);
    assert.ok(failure?.message?.endsWith('…'));
    assert.equal(failure?.expected?.length, LAST_RESULT_LIMITS.value);
    assert.equal(failure?.actual?.length, LAST_RESULT_LIMITS.value);
    // The worst case of one check stays a few tens of kilobytes.
    assert.ok(JSON.stringify(recordTests(tests)).length < 15_000);
    // With no more failures than room, the passes fill the rest.
    assert.equal(recordTests(tests.slice(0, 31)).tests.filter((test) => test.status === 'pass').length, 27);
  });

  it('reads a progress without recorded tests (an older version wrote it): no tests, nothing moved aside', async () => {
    const workspace = await temporaryDir();
    const store = new ProgressStore(workspace);
    await fs.mkdir(path.dirname(store.file), { recursive: true });
    const lastCheck = { status: 'fail', at: NOW.toISOString(), passed: 1, failed: 2, message: 'Not yet' };
    await fs.writeFile(store.file, JSON.stringify({ version: 1, packs: { [PACK]: { exercises: { ex: { status: 'failed', startedAt: 'a', updatedAt: 'b', lastCheck } } } } }));
    const read = await store.read();
    assert.equal(read.warning, undefined);
    assert.deepEqual(exerciseProgressOf(read.progress, PACK, 'ex')?.lastCheck, lastCheck);
    assert.equal(recordedTestsOf(exerciseProgressOf(read.progress, PACK, 'ex')?.lastCheck), undefined);
    assert.equal(recordedTestsOf(undefined), undefined);
  });

  it('reads tests of a shape it does not know (a newer version wrote them) test by test, never refusing the file', async () => {
    const workspace = await temporaryDir();
    const store = new ProgressStore(workspace);
    await fs.mkdir(path.dirname(store.file), { recursive: true });
    const tests = [{ name: 'kept', status: 'fail', message: 'why', newerField: 1 }, { name: 'unknown status', status: 'flaky' }, 'not a test'];
    const lastCheck = { status: 'fail', at: NOW.toISOString(), passed: 0, failed: 3, message: 'Not yet', tests, testsOmitted: 2 };
    await fs.writeFile(store.file, JSON.stringify({ version: 1, packs: { [PACK]: { exercises: { ex: { status: 'failed', startedAt: 'a', updatedAt: 'b', lastCheck } } } } }));
    const read = await store.read();
    assert.equal(read.warning, undefined);
    assert.deepEqual(recordedTestsOf(exerciseProgressOf(read.progress, PACK, 'ex')?.lastCheck), {
      tests: [{ name: 'kept', status: 'fail', message: 'why', newerField: 1 }],
      testsOmitted: 4,
    });
    // `tests` that is no list at all: no tests, and the file is still read.
    await fs.writeFile(store.file, JSON.stringify({ version: 1, packs: { [PACK]: { exercises: { ex: { status: 'failed', startedAt: 'a', updatedAt: 'b', lastCheck: { ...lastCheck, tests: { a: 1 } } } } } } }));
    const again = await store.read();
    assert.equal(again.warning, undefined);
    assert.equal(recordedTestsOf(exerciseProgressOf(again.progress, PACK, 'ex')?.lastCheck), undefined);
    assert.equal(await exists(`${store.file}.corrupt`), false);
  });

  it('a hint keeps the recorded tests; a check that records none (an older version) drops the stale ones', () => {
    const progress = emptyProgress();
    recordCheck(progress, PACK, 'ex', { status: 'fail', message: 'Not yet', passed: 0, failed: 1, tests: { tests: [{ name: 't', status: 'fail', message: 'why' }] } }, NOW);
    recordHint(progress, PACK, 'ex', 3, NOW);
    const round = JSON.parse(JSON.stringify(progress)) as typeof progress;
    assert.deepEqual(recordedTestsOf(exerciseProgressOf(round, PACK, 'ex')?.lastCheck)?.tests, [{ name: 't', status: 'fail', message: 'why' }]);
    recordCheck(progress, PACK, 'ex', { status: 'pass', message: 'Passed', passed: 1, failed: 0 }, NOW);
    assert.equal(recordedTestsOf(exerciseProgressOf(progress, PACK, 'ex')?.lastCheck), undefined);
  });
});
