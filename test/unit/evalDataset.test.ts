import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateDataset } from '../../src/core/check/evalDataset/evaluate';
import type { EvalDatasetHarness, SchemaLike } from '../../src/core/check/evalDataset/harness';
import { harnessProblem } from '../../src/core/check/evalDataset/harness';
import { similarPairs, textSimilarity } from '../../src/core/check/evalDataset/similarity';
import type { EvalDatasetConfig } from '../../src/core/check/kinds/evalDataset';

// A hand-written schema (what a zod schema offers the evaluator): an object with a numeric
// `score` from 0 to 100, or a `grade` of "pass" / "fail".
function objectSchema(field: string, valid: (value: unknown) => string | undefined): SchemaLike {
  return {
    safeParse(value) {
      if (typeof value !== 'object' || value === null) return { success: false, error: { issues: [{ path: [], message: 'expected an object' }] } };
      const problem = valid((value as Record<string, unknown>)[field]);
      return problem ? { success: false, error: { issues: [{ path: [field], message: problem }] } } : { success: true, data: value };
    },
  };
}

const harness: EvalDatasetHarness = {
  inputSchema: objectSchema('score', (v) => (typeof v === 'number' && v >= 0 && v <= 100 ? undefined : 'must be a number from 0 to 100')),
  outputSchema: objectSchema('grade', (v) => (v === 'pass' || v === 'fail' ? undefined : 'must be "pass" or "fail"')),
  variants: { 'strictly-above': 'thresholds', 'always-pass': 'failing grades', 'crashes-on-zero': 'zero' },
  run(input, variant) {
    const { score } = input as { score: number };
    if (variant === 'crashes-on-zero' && score === 0) throw new Error('division by zero');
    if (variant === 'always-pass') return { grade: 'pass' };
    return { grade: (variant === 'strictly-above' ? score > 50 : score >= 50) ? 'pass' : 'fail' };
  },
};

const config = (overrides: Partial<EvalDatasetConfig> = {}): EvalDatasetConfig => ({
  harness: 'check/harness.ts',
  dataset: 'dataset.jsonl',
  minCases: 1,
  minVariantsExposed: 3,
  requiredTags: [],
  requiredValues: {},
  balancedFields: [],
  maxLabelShare: 0.8,
  nearDuplicateSimilarity: 0.9,
  ...overrides,
});

const line = (id: string, score: unknown, grade: unknown, tags: string[] = []): string =>
  JSON.stringify({ id, input: { score }, expected: { grade }, tags });

const FILE = 'practice/x/dataset.jsonl';
const test = (result: ReturnType<typeof evaluateDataset>, name: string) => {
  const found = result.tests.find((candidate) => candidate.name.startsWith(name));
  assert.ok(found, `no test named "${name}" in ${result.tests.map((t) => t.name).join(' | ')}`);
  return found;
};

describe('eval-dataset scoring', () => {
  it('passes a dataset that is valid, correct and exposes every variant', () => {
    const text = [line('fifty', 50, 'pass'), line('forty-nine', 49, 'fail'), line('zero', 0, 'fail')].join('\n');
    const result = evaluateDataset(text, harness, config(), FILE);
    assert.deepEqual(result.tests.filter((t) => t.status !== 'pass'), []);
    assert.match(result.message, /All 3 cases are correct.*exposes 3 of 3 buggy implementations/);
  });

  it('reports each bad line with its line number, column and field, and keeps checking the rest', () => {
    const text = [
      line('good', 50, 'pass'),
      '{"id": "broken", "input": {"score": 10}, "expected": {"grade": "fail"}', // unclosed
      '',
      JSON.stringify({ id: 'typo', input: { score: 10 }, expectd: { grade: 'fail' } }),
      line('out-of-range', 140, 'pass'),
      line('good', 60, 'pass'),
      '// a comment',
      line('Bad_Id', 60, 'pass'),
    ].join('\n');
    const result = evaluateDataset(text, harness, config(), FILE);
    const broken = test(result, 'line 2 · broken');
    assert.equal(broken.status, 'fail');
    assert.match(broken.message ?? '', /JSON syntax error: expected "}" to close the object/);
    assert.equal(broken.location?.line, 2);
    const typo = test(result, 'line 4 · typo');
    assert.match(typo.message ?? '', /unknown field "expectd" \(did you mean "expected"\?\)/);
    assert.match(typo.message ?? '', /expected: missing "expected"/);
    const typoLine = JSON.stringify({ id: 'typo', input: { score: 10 }, expectd: { grade: 'fail' } });
    assert.equal(typo.location?.column, typoLine.indexOf('"expectd"') + 1, 'points at the unknown key');
    const range = test(result, 'line 5 · out-of-range');
    assert.equal(range.message, 'input.score: must be a number from 0 to 100');
    assert.equal(range.location?.column, line('out-of-range', 140, 'pass').indexOf('140') + 1);
    assert.match(test(result, 'line 6 · good').message ?? '', /duplicate id "good" \(first used on line 1\)/);
    assert.match(test(result, 'line 7').message ?? '', /JSON syntax error/);
    assert.match(test(result, 'line 8').message ?? '', /id: must be lower-case words joined by hyphens/);
    assert.equal(test(result, 'line 1 · good').status, 'pass');
    assert.match(result.message, /^Not yet: 6 lines are not valid cases/);
  });

  it('names a wrong expectation and its field, without giving the right value away', () => {
    const text = [line('fifty', 50, 'fail'), line('forty-nine', 49, 'fail')].join('\n');
    const wrong = test(evaluateDataset(text, harness, config(), FILE), 'line 1 · fifty');
    assert.equal(wrong.status, 'fail');
    assert.match(wrong.message ?? '', /Wrong expectation: a correct implementation returns a different "grade"/);
    assert.equal(wrong.expected, undefined);
    assert.equal(wrong.actual, undefined);
    assert.doesNotMatch(wrong.message ?? '', /"pass"/);
  });

  it('scores by the variants the correct cases expose, naming only the kinds of bug missed', () => {
    // 60 → pass exposes nothing; 49 → fail exposes always-pass; a crash counts as exposed.
    const text = [line('sixty', 60, 'pass'), line('forty-nine', 49, 'fail')].join('\n');
    const exposure = test(evaluateDataset(text, harness, config(), FILE), 'Exposes at least 3 of 3');
    assert.equal(exposure.status, 'fail');
    assert.match(exposure.message ?? '', /^Exposed 1 of 3; 3 needed\. Missed bugs in: thresholds, zero\./);
    assert.doesNotMatch(exposure.message ?? '', /strictly-above|crashes-on-zero/);

    const enough = evaluateDataset(text + '\n' + line('zero', 0, 'fail'), harness, config({ minVariantsExposed: 2 }), FILE);
    const passed = test(enough, 'Exposes at least 2 of 3');
    assert.equal(passed.status, 'pass');
    assert.match(passed.message ?? '', /Still missed, if you want them all: bugs in thresholds/);
  });

  it('does not count cases with wrong expectations towards exposure', () => {
    // 50 → "fail" is wrong; were it counted, it would "expose" the correct implementation's variants.
    const text = [line('fifty', 50, 'fail')].join('\n');
    assert.match(test(evaluateDataset(text, harness, config(), FILE), 'Exposes').message ?? '', /^Exposed 0 of 3/);
  });

  it('checks coverage of required values and tags, the case count, duplicates and balance', () => {
    const text = [
      line('sixty', 60, 'pass', ['edge']),
      line('sixty-again', 60, 'pass'),
      line('seventy', 70, 'pass'),
      line('eighty', 80, 'pass'),
      line('ninety', 90, 'pass'),
    ].join('\n');
    const result = evaluateDataset(
      text,
      harness,
      config({
        minCases: 8,
        requiredTags: ['edge', 'threshold'],
        requiredValues: { 'expected.grade': ['pass', 'fail'] },
        balancedFields: ['expected.grade'],
      }),
      FILE,
    );
    assert.equal(test(result, 'Has at least 8 correct cases').message, 'It has 5; add more cases that test different rules.');
    assert.equal(test(result, 'Covers every required label and tag').message, 'No correct case covers: expected.grade = "fail"; tag "threshold".');
    const duplicates = test(result, 'No duplicate or near-duplicate cases');
    assert.match(duplicates.message ?? '', /lines 1 and 2 \(identical input\)/);
    assert.equal(duplicates.location?.line, 2);
    assert.match(test(result, 'No label holds more than 80 %').message ?? '', /expected\.grade is "pass" in 100 % of cases/);
  });

  it('finds near-duplicate texts but not cases that differ in a field or only in letter case', () => {
    const cases = [
      { line: 1, input: { message: 'I was charged twice for my subscription this month', plan: 'pro' } },
      { line: 2, input: { message: 'I was charged twice for my subscription this month!', plan: 'pro' } },
      { line: 3, input: { message: 'I was charged twice for my subscription this month', plan: 'free' } },
      { line: 4, input: { message: 'URGENT: the invoice is wrong', plan: 'pro' } },
      { line: 5, input: { message: 'urgent: the invoice is wrong', plan: 'pro' } },
    ];
    const pairs = similarPairs(cases, 0.85);
    assert.deepEqual(pairs.map((pair) => [pair.first, pair.second, pair.exact]), [[1, 2, false]]);
    assert.equal(textSimilarity('a b c d', 'a b c d'), 1);
    assert.ok(textSimilarity('the app crashes on start', 'the app crashes on save') < 0.85);
  });

  it('says what a harness module lacks', () => {
    assert.equal(harnessProblem(harness), undefined);
    assert.equal(harnessProblem({ run: () => 1 }), 'it must export inputSchema (a zod schema), outputSchema (a zod schema), variants (an object of variant id → kind of bug)');
    assert.equal(harnessProblem({ ...harness, variants: {} }), 'it must export at least one variant');
  });
});
