import type { EvalDatasetConfig } from '../kinds/evalDataset';
import type { CheckLocation, CheckTest } from '../report';
import { type DatasetCase, type LineProblem, parseDataset } from './dataset';
import type { EvalDatasetHarness } from './harness';
import { similarPairs } from './similarity';
import { plural } from '../../plural';

export interface DatasetEvaluation {
  tests: CheckTest[];
  message: string;
  /** Partial credit: the share of buggy implementations the correct cases expose. */
  score: number;
}

/**
 * Scores a learner's eval dataset by mutation: every case must be valid and must pass on the
 * correct implementation; then the dataset runs against each buggy variant, and a variant is
 * exposed when at least one case fails on it. Coverage, duplicates and label balance are
 * checked alongside. `file` is the dataset's workspace-relative path, for locations.
 */
export function evaluateDataset(text: string, harness: EvalDatasetHarness, config: EvalDatasetConfig, file: string): DatasetEvaluation {
  const parsed = parseDataset(text, { input: harness.inputSchema, expected: harness.outputSchema });
  const at = (line: number, column?: number): CheckLocation => ({ file, line, ...(column ? { column } : {}) });
  const caseName = (line: number): string => {
    const id = parsed.ids.get(line);
    return id ? `line ${line} · ${id}` : `line ${line}`;
  };
  const caseTests = new Map<number, CheckTest>();
  const reasons: string[] = [];

  for (const [line, problems] of parsed.problems) caseTests.set(line, invalidLineTest(caseName(line), problems, at));

  // Step 2: every valid case must pass on the correct implementation.
  const correct: DatasetCase[] = [];
  for (const item of parsed.cases) {
    const outcome = runCase(harness, item.input);
    if ('threw' in outcome) {
      caseTests.set(item.line, {
        name: caseName(item.line),
        status: 'fail',
        message: `The correct implementation fails on this input (${outcome.threw}); make sure the input is one the specification allows.`,
        location: at(item.line),
      });
    } else if (!sameValue(outcome.value, item.expected)) {
      const fields = differingFields(item.expected, outcome.value);
      caseTests.set(item.line, {
        name: caseName(item.line),
        status: 'fail',
        // The right value is not shown: working it out from the specification is the exercise.
        message: `Wrong expectation: a correct implementation returns a different ${fields.length > 0 ? fields.join(', ') : 'result'}. Work out ${fields.length === 1 ? 'that field' : 'those fields'} again from the specification.`,
        location: at(item.line),
      });
    } else {
      correct.push(item);
      caseTests.set(item.line, { name: caseName(item.line), status: 'pass', location: at(item.line) });
    }
  }
  const invalid = parsed.problems.size;
  const wrong = parsed.cases.length - correct.length;
  if (invalid > 0) reasons.push(plural(invalid, 'line is not a valid case', 'lines are not valid cases'));
  if (wrong > 0) reasons.push(`${plural(wrong, 'case has a wrong expectation', 'cases have wrong expectations')}`);
  const total = parsed.cases.length + invalid;
  if (total === 0) reasons.push('the dataset is empty');

  const tests = [...caseTests.entries()].sort(([a], [b]) => a - b).map(([, test]) => test);
  const add = (test: CheckTest, reason: string): void => {
    tests.push(test);
    if (test.status === 'fail') reasons.push(reason);
  };

  if (config.minCases > 1) {
    add(
      {
        name: `Has at least ${config.minCases} correct cases`,
        status: correct.length >= config.minCases ? 'pass' : 'fail',
        message: correct.length >= config.minCases ? undefined : `It has ${correct.length}; add more cases that test different rules.`,
      },
      `only ${correct.length} correct cases (${config.minCases} needed)`,
    );
  }

  const missing = missingCoverage(correct, config);
  add(
    {
      name: 'Covers every required label and tag',
      status: missing.length === 0 ? 'pass' : 'fail',
      message: missing.length === 0 ? undefined : `No correct case covers: ${missing.join('; ')}.`,
    },
    `coverage is missing ${missing.join(', ')}`,
  );

  const pairs = similarPairs(correct, config.nearDuplicateSimilarity);
  add(
    {
      name: 'No duplicate or near-duplicate cases',
      status: pairs.length === 0 ? 'pass' : 'fail',
      message:
        pairs.length === 0
          ? undefined
          : `${plural(pairs.length, 'pair of cases tests', 'pairs of cases test')} the same thing; change or remove one of each: ` +
            pairs.map((pair) => `lines ${pair.first} and ${pair.second} (${pair.exact ? 'identical input' : `${Math.round(pair.similarity * 100)} % the same words`})`).join(', ') +
            '.',
      ...(pairs[0] ? { location: at(pairs[0].second) } : {}),
    },
    'some cases are duplicates',
  );

  const dominant = dominantLabels(correct, config);
  add(
    {
      name: `No label holds more than ${Math.round(config.maxLabelShare * 100)} % of the cases`,
      status: dominant.length === 0 ? 'pass' : 'fail',
      message: dominant.length === 0 ? undefined : `Unbalanced: ${dominant.join('; ')}. Add cases with the other values.`,
    },
    'one label dominates',
  );

  const exposure = exposeVariants(harness, correct);
  const variantCount = Object.keys(harness.variants).length;
  const exposedEnough = exposure.exposed >= config.minVariantsExposed;
  const missed = [...exposure.missedKinds.entries()].map(([kind, count]) => (count > 1 ? `${kind} (${count})` : kind));
  add(
    {
      name: `Exposes at least ${config.minVariantsExposed} of ${variantCount} buggy implementations`,
      status: exposedEnough ? 'pass' : 'fail',
      message: exposedEnough
        ? missed.length > 0
          ? `Exposed ${exposure.exposed} of ${variantCount}. Still missed, if you want them all: bugs in ${missed.join(', ')}.`
          : undefined
        : `Exposed ${exposure.exposed} of ${variantCount}; ${config.minVariantsExposed} needed. Missed bugs in: ${missed.join(', ')}. Add cases that would fail if those rules were implemented wrongly.`,
    },
    `it exposes ${exposure.exposed} of ${variantCount} buggy implementations (${config.minVariantsExposed} needed)`,
  );

  const passed = reasons.length === 0;
  const message = passed
    ? `All ${correct.length} cases are correct, coverage is complete, and the dataset exposes ${exposure.exposed} of ${variantCount} buggy implementations.`
    : `Not yet: ${reasons.join('; ')}.`;
  return { tests, message, score: variantCount === 0 ? 0 : exposure.exposed / variantCount };
}

function invalidLineTest(name: string, problems: LineProblem[], at: (line: number, column?: number) => CheckLocation): CheckTest {
  const first = problems[0];
  return {
    name,
    status: 'fail',
    message: problems.map((problem) => (problem.field ? `${problem.field}: ${problem.message}` : problem.message)).join('\n'),
    ...(first ? { location: at(first.line, first.column) } : {}),
  };
}

function runCase(harness: EvalDatasetHarness, input: unknown, variant?: string): { value: unknown } | { threw: string } {
  try {
    return { value: harness.run(structuredClone(input), variant) };
  } catch (error) {
    return { threw: error instanceof Error ? error.message : String(error) };
  }
}

function exposeVariants(harness: EvalDatasetHarness, cases: DatasetCase[]): { exposed: number; missedKinds: Map<string, number> } {
  let exposed = 0;
  const missedKinds = new Map<string, number>();
  for (const [variant, kind] of Object.entries(harness.variants)) {
    const caught = cases.some((item) => {
      const outcome = runCase(harness, item.input, variant);
      return 'threw' in outcome || !sameValue(outcome.value, item.expected);
    });
    if (caught) exposed++;
    else missedKinds.set(kind, (missedKinds.get(kind) ?? 0) + 1);
  }
  return { exposed, missedKinds };
}

function missingCoverage(cases: DatasetCase[], config: EvalDatasetConfig): string[] {
  const missing: string[] = [];
  for (const [field, values] of Object.entries(config.requiredValues)) {
    for (const wanted of values) {
      const covered = cases.some((item) => {
        const value = valueAtPath(item, field);
        return Array.isArray(value) ? value.includes(wanted) : value === wanted;
      });
      if (!covered) missing.push(`${field} = ${JSON.stringify(wanted)}`);
    }
  }
  const tags = new Set(cases.flatMap((item) => item.tags));
  for (const tag of config.requiredTags) if (!tags.has(tag)) missing.push(`tag "${tag}"`);
  return missing;
}

function dominantLabels(cases: DatasetCase[], config: EvalDatasetConfig): string[] {
  if (cases.length === 0) return [];
  const found: string[] = [];
  for (const field of config.balancedFields) {
    const counts = new Map<string, number>();
    for (const item of cases) {
      const key = JSON.stringify(valueAtPath(item, field) ?? null);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const [value, count] of counts) {
      const share = count / cases.length;
      if (share > config.maxLabelShare) found.push(`${field} is ${value} in ${Math.round(share * 100)} % of cases`);
    }
  }
  return found;
}

function valueAtPath(item: DatasetCase, dotted: string): unknown {
  let current: unknown = item;
  for (const key of dotted.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function differingFields(expected: unknown, actual: unknown): string[] {
  if (!isRecord(expected) || !isRecord(actual)) return [];
  const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  return [...keys].filter((key) => !sameValue(expected[key], actual[key])).map((key) => `"${key}"`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Deep equality of JSON values, ignoring key order. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const keysA = Object.keys(a).filter((key) => a[key] !== undefined);
    const keysB = Object.keys(b).filter((key) => b[key] !== undefined);
    return keysA.length === keysB.length && keysA.every((key) => sameValue(a[key], b[key]));
  }
  return false;
}

