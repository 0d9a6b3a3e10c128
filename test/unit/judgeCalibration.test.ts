import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { agreement, describeRate, wilson } from '../../src/core/check/judgeCalibration/agreement';
import { parseLabelledTraces, verdictOf } from '../../src/core/check/judgeCalibration/labelledTraces';
import { loadModelModule } from '../../src/core/simulator/loadSimulatedModel';
import { BUILTIN_PACK } from '../support/helpers';

describe('agreement with labels', () => {
  it('gives the Wilson interval: inside [0, 1], honest for small samples', () => {
    const all = wilson(12, 12);
    assert.equal(all.high, 1);
    assert.ok(Math.abs(all.low - 0.7575) < 0.001, `12 of 12 is known to be above about 76 %, not ${all.low}`);
    const none = wilson(0, 12);
    assert.equal(none.low, 0);
    assert.ok(Math.abs(none.high - 0.2425) < 0.001);
    const half = wilson(50, 100);
    assert.ok(Math.abs(half.low - 0.4038) < 0.001 && Math.abs(half.high - 0.5962) < 0.001);
    assert.deepEqual(wilson(0, 0), { low: 0, high: 1 });
  });

  it('counts failures caught and good traces passed; a missing verdict is wrong for its label', () => {
    const rates = agreement([
      { label: 'fail', verdict: 'fail' },
      { label: 'fail', verdict: 'pass' },
      { label: 'fail', verdict: undefined },
      { label: 'pass', verdict: 'pass' },
      { label: 'pass', verdict: undefined },
    ]);
    assert.equal(rates.truePositive.hits, 1);
    assert.equal(rates.truePositive.of, 3);
    assert.equal(rates.trueNegative.hits, 1);
    assert.equal(rates.trueNegative.of, 2);
    assert.match(describeRate(rates.truePositive), /^1 of 3 \(33 %, 95 % CI 6–79 %\)$/);
    assert.equal(describeRate(agreement([{ label: 'pass', verdict: 'pass' }]).truePositive), 'none to measure');
  });
});

describe("a judge's verdict", () => {
  it('is read from the JSON object in the reply', () => {
    assert.deepEqual(verdictOf('{"verdict": "fail"}'), { verdict: 'fail' });
    assert.deepEqual(verdictOf('Here you go:\n```json\n{"reasoning": "a {nested} brace", "verdict": "pass"}\n```'), { verdict: 'pass' });
  });

  it('is missing, with the reason, when the reply states none', () => {
    assert.deepEqual(verdictOf('FAIL: it promises a refund'), { none: 'the reply holds no JSON object' });
    assert.deepEqual(verdictOf('{"verdict": fail}'), { none: 'the JSON in the reply does not parse' });
    assert.deepEqual(verdictOf('{"decision": "fail"}'), { none: 'the JSON has no "verdict" field' });
    assert.deepEqual(verdictOf('{"verdict": "FAIL"}'), { none: 'its "verdict" is "FAIL", not "pass" or "fail"' });
    assert.deepEqual(verdictOf('{"verdict": ["fail"]}'), { none: 'its "verdict" is ["fail"], not "pass" or "fail"' });
  });
});

describe('labelled trace files', () => {
  it('name the line and field of a bad trace', () => {
    assert.throws(() => parseLabelledTraces('{"id":"a","input":{},"label":"pass"}\n{"id":"b","input":{},"label":"bad"}\n', 'traces.jsonl', false), /^CaseFileError: traces\.jsonl:2: label: /);
    assert.throws(() => parseLabelledTraces('{"id":"a","input":{},"label":"pass"}\n\n{"id":"a","input":{},"label":"fail"}', 'traces.jsonl', false), /traces\.jsonl:3: the id "a" is used twice/);
    assert.throws(() => parseLabelledTraces('{"id":"a",', 'x.jsonl', true), /x\.jsonl:1: not valid JSON/);
    const [trace] = parseLabelledTraces('\n{"id":"a-1","input":{"reply":"hi"},"label":"fail","note":"why"}\n', 'x.jsonl', true);
    assert.deepEqual(trace, { id: 'a-1', input: { reply: 'hi' }, label: 'fail', note: 'why', line: 2, heldOut: true });
  });
});

/** The refund-promise-judge exercise's simulated judge, asked directly. */
describe('the simulated refund judge', async () => {
  const dir = path.join(BUILTIN_PACK, 'exercises', 'refund-promise-judge');
  const model = (await loadModelModule(path.join(dir, 'check', 'judge-model.ts'))) as {
    respond(request: unknown): { reply: { content: { text: string }[] } };
    readInstructions(text: string): Record<string, unknown>;
  };
  const traces = [
    ...parseLabelledTraces(await fs.readFile(path.join(dir, 'starter', 'traces.jsonl'), 'utf8'), 'traces.jsonl', false),
    ...parseLabelledTraces(await fs.readFile(path.join(dir, 'check', 'held-out.jsonl'), 'utf8'), 'held-out.jsonl', true),
  ];
  const system = await fs.readFile(path.join(dir, 'solution', 'judge-system.md'), 'utf8');
  const ask = (systemText: string, user: string): string => model.respond({ system: systemText, messages: [{ role: 'user', content: user }] }).reply.content[0]?.text ?? '';
  const full = (trace: (typeof traces)[number]): string => `Customer: ${trace.input.customer}\nOrder: ${trace.input.order}\nReply: ${trace.input.reply}`;

  it('agrees with every label when told every rule the labellers used', () => {
    for (const trace of traces) assert.deepEqual(verdictOf(ask(system, full(trace))), { verdict: trace.label }, `${trace.id}: ${trace.input.reply}`);
  });

  it('finds each rule in other wordings', () => {
    const rules = model.readInstructions(
      [
        'Flag a response if it commits to giving the customer their money back via a refund that breaks policy.',
        'Items are only refundable up to 30 days after they arrive.',
        'Anything the customer has used cannot be returned for a refund.',
        'Clearance items can never be returned.',
        'An exchange or a gift card is fine; it is not a refund.',
        'If the agent says a refund could happen pending inspection, that does not count as a promise.',
        'Respond in JSON with a verdict key.',
      ].join(' '),
    );
    assert.deepEqual(rules, { failure: true, windowDays: 30, finalSale: true, opened: true, credit: true, hedged: true, json: true });
  });

  it('does not find a rule in a near miss', () => {
    const rules = model.readInstructions(
      [
        'Judge whether the reply is helpful and polite.',
        'We ship within 2 business days.',
        'Store credit is never offered.',
        'Refunds may be allowed.',
        'Answer with pass or fail.',
      ].join('\n'),
    );
    assert.deepEqual(rules, { failure: false, windowDays: undefined, finalSale: false, opened: false, credit: false, hedged: false, json: false });
  });

  it('sees the order only when the request carries it, and judges the last trace in the last user turn', () => {
    const late = traces.find((trace) => trace.id === 'v02');
    const allowed = traces.find((trace) => trace.id === 'v01');
    assert.ok(late && allowed);
    assert.deepEqual(verdictOf(ask(system, `Reply: ${late.input.reply}`)), { verdict: 'pass' }, 'without the order, a promise looks allowed');
    assert.equal((verdictOf(ask(system, `Example (fail): ${full(late)}\n\nNow judge:\n${full(allowed)}`)) as { verdict: string }).verdict, 'pass');
    assert.match(ask(system, 'Judge this reply: "Thanks for your order!"'), /I don't see a support reply to judge/);
  });

  it('does not take a rule from a trace the prompt quotes', () => {
    const opened = traces.find((trace) => trace.id === 'v03');
    assert.ok(opened);
    // v16's reply mentions "final-sale" and "past 30 days": quoted as an example, it states no rule.
    const quoted = traces.find((trace) => trace.id === 'v16');
    assert.ok(quoted);
    const prompt = `Fail a reply that promises a refund the policy does not allow. Reply with JSON: {"verdict": "pass" | "fail"}.\nExample: ${quoted.input.reply}`;
    const rules = model.readInstructions(prompt.split(String(quoted.input.reply)).join(' '));
    assert.equal(rules.finalSale, false);
    assert.equal(rules.windowDays, undefined);
    assert.deepEqual(verdictOf(ask(prompt, full(opened))), { verdict: 'fail' }, 'with no limit stated, every promise fails');
  });
});
