import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CheckReport } from '../../src/core/check/report';
import { validatePack } from '../../src/core/packLoader';
import { failedRequirements, ownStageTests, requirementMatrix, unprovenBreaks } from '../../src/core/requirements/matrix';
import { patternMatches, requirementsOfTest, traceReport, type Requirement } from '../../src/core/requirements/trace';
import { minimalManifest, writePack } from '../support/helpers';

const REQUIREMENTS: Requirement[] = [
  { id: 'waits', text: 'Waits as retry-after says.', checkedBy: ['waits before retrying a 429'] },
  { id: 'cases-valid', text: 'Every case is valid.', checkedBy: ['line *'] },
  { id: 'hidden-too', text: 'Holds on hidden cases.', checkedBy: ['hidden · *', 'waits before retrying a 429'] },
];

function report(tests: [name: string, status: 'pass' | 'fail'][]): CheckReport {
  return {
    version: 3,
    exercise: 'x',
    kind: 'agent-loop',
    status: tests.some(([, status]) => status === 'fail') ? 'fail' : 'pass',
    message: '',
    durationMs: 1,
    tests: tests.map(([name, status]) => ({ name, status, ...(status === 'fail' ? { message: 'why' } : {}) })),
  } as CheckReport;
}

describe('tracing tests to requirements', () => {
  it('matches a test by its exact name, or by a pattern where * is any text (and only that)', () => {
    assert.ok(patternMatches('line *', 'line 12 · double-charge'));
    assert.ok(patternMatches('line *', 'line '));
    assert.ok(!patternMatches('line *', 'a line 12'));
    assert.ok(patternMatches('waits (1.4 s)', 'waits (1.4 s)'), 'without * the name is taken literally, brackets and dots included');
    assert.ok(!patternMatches('waits (1.4 s)', 'waits (1x4 s)'));
    assert.ok(patternMatches('a*b*c', 'a-b-c') && !patternMatches('a*b*c', 'a-c'));
    assert.ok(patternMatches('hidden · *', 'hidden · a recipient\nover two lines'));
  });

  it('tags each test with the requirements naming it, in the exercise\'s order, and leaves untraced tests alone', () => {
    assert.deepEqual(requirementsOfTest('waits before retrying a 429', REQUIREMENTS), ['waits', 'hidden-too']);
    const traced = traceReport(report([['waits before retrying a 429', 'pass'], ['line 1 · a', 'fail'], ['something else', 'pass']]), REQUIREMENTS);
    assert.deepEqual(traced.tests.map((test) => test.requirements), [['waits', 'hidden-too'], ['cases-valid'], undefined]);
    const untouched = report([['line 1 · a', 'pass']]);
    assert.equal(traceReport(untouched, []), untouched, 'an exercise without requirements keeps its report as it was');
  });
});

describe('the requirement × check matrix', () => {
  const reference = traceReport(report([['waits before retrying a 429', 'pass'], ['line 1 · a', 'pass'], ['hidden · b', 'pass']]), REQUIREMENTS);

  it('is complete when every requirement has a check, every check a requirement, and a known-wrong breaks each', () => {
    const wrongs = [
      { name: 'no-wait', breaks: ['waits', 'hidden-too'], report: traceReport(report([['waits before retrying a 429', 'fail']]), REQUIREMENTS) },
      { name: 'bad-line', breaks: ['cases-valid'], report: traceReport(report([['line 1 · a', 'fail']]), REQUIREMENTS) },
    ];
    const matrix = requirementMatrix('x', REQUIREMENTS, [reference], wrongs);
    assert.deepEqual(matrix.gaps, []);
    assert.deepEqual(matrix.checks.map((check) => [check.pattern, check.tests]), [
      ['waits before retrying a 429', ['waits before retrying a 429']],
      ['line *', ['line 1 · a']],
      ['hidden · *', ['hidden · b']],
    ]);
    assert.deepEqual(matrix.requirements.map((row) => [row.id, row.checks, row.brokenBy]), [
      ['waits', [0], ['no-wait']],
      ['cases-valid', [1], ['bad-line']],
      ['hidden-too', [2, 0], ['no-wait']],
    ]);
  });

  it('names every gap: a pattern that names no test, a requirement without a check or a known-wrong, a test without a requirement', () => {
    const requirements: Requirement[] = [...REQUIREMENTS, { id: 'renamed', text: 'A check that was renamed.', checkedBy: ['old name'] }];
    const withExtra = traceReport(report([['waits before retrying a 429', 'pass'], ['line 1 · a', 'pass'], ['a new scenario', 'pass']]), requirements);
    // This known-wrong names "waits" but fails only a line: it does not prove "waits".
    const wrongs = [{ name: 'bad-line', breaks: ['waits'], report: traceReport(report([['line 1 · a', 'fail']]), requirements) }];
    const matrix = requirementMatrix('x', requirements, [withExtra], wrongs);
    assert.deepEqual(matrix.untraced, ['a new scenario']);
    assert.deepEqual(matrix.gaps, [
      'requirement waits is broken by no known-wrong solution: add one that fails a check of it, and name it in "breaks"',
      'requirement cases-valid is broken by no known-wrong solution: add one that fails a check of it, and name it in "breaks"',
      '"hidden · *" (checking hidden-too) names no test any solution\'s check reported: a renamed or removed test?',
      'requirement hidden-too is broken by no known-wrong solution: add one that fails a check of it, and name it in "breaks"',
      '"old name" (checking renamed) names no test any solution\'s check reported: a renamed or removed test?',
      'requirement renamed has no check: no test any solution\'s check reported checks it',
      'requirement renamed is broken by no known-wrong solution: add one that fails a check of it, and name it in "breaks"',
      'the test "a new scenario" checks no requirement: name it in a requirement\'s "checkedBy"',
    ]);
    assert.deepEqual(unprovenBreaks(wrongs[0] ?? { name: '', breaks: [], report: undefined }), ['waits']);
  });

  it('counts a test only a failing solution meets (a shape check, say) as a check', () => {
    const requirements: Requirement[] = [{ id: 'shape', text: 'Returns chunks.', checkedBy: ['returns chunks'] }, { id: 'fits', text: 'Fits.', checkedBy: ['fits'] }];
    const passing = traceReport(report([['fits', 'pass']]), requirements);
    const wrongs = [
      { name: 'bad-shape', breaks: ['shape'], report: traceReport(report([['returns chunks', 'fail']]), requirements) },
      { name: 'too-big', breaks: ['fits'], report: traceReport(report([['fits', 'fail']]), requirements) },
    ];
    assert.deepEqual(requirementMatrix('x', requirements, [passing], wrongs).gaps, []);
  });

  it("traces a project stage on its own tests, named without the stage's prefix", () => {
    // A stage's report carries the stages before it too, each test named "stage N · …".
    const requirements: Requirement[] = [{ id: 'letters', text: 'Gives letters.', checkedBy: ['ninety is an A', 'hidden · *'] }];
    // Each stage's tests are traced before they are named with their stage (see checkEngine.ts).
    const staged = (status: 'pass' | 'fail'): CheckReport => {
      const own = traceReport(report([['ninety is an A', status], ['hidden · ten is a C', 'pass']]), requirements);
      const earlier = report([['fifty passes', 'pass']]).tests.map((test) => ({ ...test, name: `stage 1 · ${test.name}` }));
      return ownStageTests({ ...own, tests: [...earlier, ...own.tests.map((test) => ({ ...test, name: `stage 2 · ${test.name}` }))] }, 2) as CheckReport;
    };
    assert.deepEqual(staged('pass').tests.map((test) => test.name), ['ninety is an A', 'hidden · ten is a C']);
    const matrix = requirementMatrix('x', requirements, [staged('pass')], [{ name: 'no-a', breaks: ['letters'], report: staged('fail') }]);
    assert.deepEqual(matrix.gaps, []);
    assert.deepEqual(matrix.requirements.map((row) => row.brokenBy), [['no-a']]);
    const plain = report([['stage 1 · fifty passes', 'pass']]);
    assert.equal(ownStageTests(plain, undefined), plain, 'an exercise that is not a stage keeps its report');
  });

  it('reads only failing tests as broken requirements', () => {
    const traced = traceReport(report([['waits before retrying a 429', 'pass'], ['line 1 · a', 'fail']]), REQUIREMENTS);
    assert.deepEqual([...failedRequirements(traced)], ['cases-valid']);
    assert.deepEqual([...failedRequirements(undefined)], []);
  });
});

describe('requirements in the manifest', () => {
  function withRequirements(knownWrong: unknown[], requirements: unknown[]): Record<string, unknown> {
    const manifest = minimalManifest();
    manifest.exercises[0].requirements = requirements;
    manifest.exercises[0].knownWrong = knownWrong;
    return manifest;
  }
  const files = { 'exercises/first-dataset/wrong/a/dataset.jsonl': '{}\n', 'exercises/first-dataset/wrong/b/dataset.jsonl': '{}\n' };
  const requirement = { id: 'fails-below-fifty', text: 'A score under 50 fails.', checkedBy: ['line *'] };

  it('loads requirements and what each known-wrong breaks', async () => {
    const dir = await writePack(withRequirements([{ dir: 'wrong/a', reason: 'Passes 49.', breaks: ['fails-below-fifty'] }], [requirement]), files);
    const result = await validatePack(dir);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.pack?.exercises[0]?.requirements, [requirement]);
    assert.deepEqual(result.pack?.exercises[0]?.knownWrongDirs.map((wrong) => wrong.breaks), [['fails-below-fifty']]);
  });

  it('refuses a duplicate requirement id, an unknown one in "breaks", and a known-wrong that names none', async () => {
    const dir = await writePack(
      withRequirements(
        [
          { dir: 'wrong/a', reason: 'Passes 49.', breaks: ['fails-below-fifti'] },
          { dir: 'wrong/b', reason: 'Fails 50.' },
        ],
        [requirement, { ...requirement, text: 'Again.' }],
      ),
      files,
    );
    const result = await validatePack(dir);
    assert.deepEqual(
      result.problems.map((problem) => [problem.field, problem.message]),
      [
        ['exercises[0].requirements[1].id', `duplicate requirement id "fails-below-fifty" (first used on line ${result.problems[0]?.message.match(/line (\d+)/)?.[1] ?? '?'})`],
        ['exercises[0].knownWrong[0].breaks[0]', 'unknown requirement "fails-below-fifti" (did you mean "fails-below-fifty"?)'],
        ['exercises[0].knownWrong[1]', 'the known-wrong solution "wrong/b" names no requirement it breaks'],
      ],
    );
    assert.match(result.problems[2]?.fix ?? '', /"breaks": \["<requirement id>"\], one of: fails-below-fifty/);
  });

  it('refuses a requirement without checks and "breaks" without requirements', async () => {
    const noChecks = await validatePack(await writePack(withRequirements([], [{ ...requirement, checkedBy: [] }]), files));
    assert.deepEqual(noChecks.problems.map((problem) => [problem.field, problem.message]), [['exercises[0].requirements[0].checkedBy', 'name the check (test) that checks this requirement']]);
    const noRequirements = await validatePack(await writePack(withRequirements([{ dir: 'wrong/a', reason: 'Passes 49.', breaks: ['fails-below-fifty'] }], []), files));
    assert.equal(noRequirements.problems[0]?.field, 'exercises[0].knownWrong[0].breaks[0]');
    assert.match(noRequirements.problems[0]?.fix ?? '', /declare the exercise's requirements/);
  });
});
