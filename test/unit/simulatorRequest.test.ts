import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidRequest, validateMessagesRequest } from '../../src/core/simulator/messagesRequest';

const request = (extra: Record<string, unknown>) => ({ model: 'claude-simulator-1', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }], ...extra });

/** The API's message for a refused request, or undefined when it is accepted. */
function refusal(extra: Record<string, unknown>): string | undefined {
  try {
    validateMessagesRequest(request(extra));
    return undefined;
  } catch (error) {
    if (error instanceof InvalidRequest) return error.message;
    throw error;
  }
}

describe('the simulator checks sampling parameters as the API does', () => {
  it('refuses every sampling parameter, at any value, from API version 2026-10-21 (what SDK 1.x sends)', () => {
    for (const field of ['temperature', 'top_p', 'top_k']) {
      assert.throws(() => validateMessagesRequest(request({ [field]: 1 }), { apiVersion: '2026-10-21' }), new RegExp(`${field}: Extra inputs are not permitted$`));
      assert.doesNotThrow(() => validateMessagesRequest(request({ [field]: field === 'top_k' ? 5 : 1 }), { apiVersion: '2023-06-01' }));
    }
    assert.doesNotThrow(() => validateMessagesRequest(request({}), { apiVersion: '2026-10-21' }));
  });

  it('takes temperature and top_p from 0 to 1, ends included', () => {
    for (const value of [0, 0.5, 1]) {
      assert.equal(refusal({ temperature: value }), undefined, `temperature ${value}`);
      assert.equal(refusal({ top_p: value }), undefined, `top_p ${value}`);
    }
  });

  it('refuses a value above 1, below 0 or not a number, with the message for each', () => {
    assert.equal(refusal({ temperature: 1.5 }), 'temperature: Input should be less than or equal to 1');
    assert.equal(refusal({ temperature: -0.1 }), 'temperature: Input should be greater than or equal to 0');
    assert.equal(refusal({ temperature: '0.2' }), 'temperature: Input should be a valid number');
    assert.equal(refusal({ top_p: 2 }), 'top_p: Input should be less than or equal to 1');
    assert.equal(refusal({ top_p: -1 }), 'top_p: Input should be greater than or equal to 0');
  });
});

describe('the simulator checks stop sequences as the API does', () => {
  it('takes sequences with some text, whitespace around it included', () => {
    assert.equal(refusal({ stop_sequences: ['\n2.', 'END', ' ###'] }), undefined);
  });

  it('refuses an empty sequence and one of whitespace only, as a blank line', () => {
    assert.equal(refusal({ stop_sequences: ['END', ''] }), 'stop_sequences: each stop sequence must be non-empty');
    assert.equal(refusal({ stop_sequences: ['\n\n'] }), 'stop_sequences: each stop sequence must contain non-whitespace');
    assert.equal(refusal({ stop_sequences: ['END', ' \t\n'] }), 'stop_sequences: each stop sequence must contain non-whitespace');
  });
});
