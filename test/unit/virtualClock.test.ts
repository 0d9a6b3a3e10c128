import assert from 'node:assert/strict';
import { it } from 'node:test';
import { VIRTUAL_TIME_LIMIT_MS, VirtualClock } from '../../src/core/check/learner/virtualClock';

it('moves only when asked to sleep and nothing is on its way, to the time asked, never back', () => {
  let busy = false;
  const clock = new VirtualClock(undefined, () => busy);
  assert.equal(clock.now, 0);
  const first = clock.proof;
  assert.deepEqual(clock.sleep(1400), { now: 1400, proof: clock.proof });
  assert.notEqual(clock.proof, first, 'each move comes with a new proof');
  busy = true;
  assert.deepEqual(clock.sleep(2000), { now: 1400, proof: clock.proof }, 'a request being answered holds the clock');
  busy = false;
  assert.deepEqual(clock.sleep(2000, true), { now: 1400, proof: clock.proof }, 'so does a lent function running');
  const proof = clock.proof;
  assert.deepEqual(clock.sleep(500), { now: 1400, proof }, 'a time already past moves nothing');
});

it('stamps a request with the time of the proof it carries; an old proof keeps its old time, an unknown or missing one the start', () => {
  const clock = new VirtualClock();
  const atStart = clock.proof;
  clock.sleep(250);
  const later = clock.proof;
  clock.sleep(1650);
  assert.equal(clock.stamp(clock.proof), 1650);
  assert.equal(clock.stamp(later), 250);
  assert.equal(clock.stamp(atStart), 0);
  assert.equal(clock.stamp('0123456789abcdef01234567'), 0);
  assert.equal(clock.stamp(undefined), 0);
});

it('refuses to sleep past its limit, and remembers that it was reached', () => {
  const clock = new VirtualClock(60_000);
  assert.deepEqual(clock.sleep(60_000), { now: 60_000, proof: clock.proof });
  assert.equal(clock.limitReached, false);
  assert.equal(clock.sleep(60_001), 'limit');
  assert.equal(clock.limitReached, true);
  assert.equal(clock.now, 60_000);
  assert.equal(new VirtualClock().limitMs, VIRTUAL_TIME_LIMIT_MS);
});
