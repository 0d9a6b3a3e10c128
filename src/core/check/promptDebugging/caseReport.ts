import type { CheckTest } from '../report';
import type { SampleVerdict } from './assertions';
import type { PromptCase } from './promptCases';
import { plural } from '../../plural';

/** One sample of a case: the reply and its verdict. */
export interface SampleResult {
  sample: number;
  reply?: string;
  verdict?: SampleVerdict;
  fromCache?: boolean;
}

const OUTPUT_LIMIT = 600;

export function caseTest(
  testCase: PromptCase,
  results: SampleResult[],
  context: { samples: number; minPasses: number; casesFile: string },
): CheckTest {
  const name = testCase.hidden ? `hidden case: ${testCase.description ?? testCase.id}` : `case ${testCase.id}`;
  const location = testCase.hidden ? {} : { location: { file: context.casesFile, line: testCase.line } };
  const sorted = [...results].sort((a, b) => a.sample - b.sample);
  if (sorted.length < context.samples) {
    return { name, status: 'error', message: `Not finished: ${sorted.length} of ${context.samples} samples ran before the run stopped.`, ...location };
  }
  const passes = sorted.filter((result) => result.verdict?.pass).length;
  const needed = testCase.mustPass ? context.samples : context.minPasses;
  const rule = testCase.mustPass ? `must pass all ${context.samples}` : `needs ${needed} of ${context.samples}`;
  const output = groupSamples(sorted)
    .map(({ samples, result }) => {
      const which = samples.length === 1 ? `sample ${samples[0]}` : `samples ${samples.join(', ')}`;
      const verdict = result.verdict?.pass ? 'pass' : `fail, ${result.verdict?.failed?.assertion ?? ''}: ${result.verdict?.failed?.message ?? ''}`;
      if (testCase.hidden) return `${which}: ${verdict}`;
      const reply = result.reply ?? '';
      const same = samples.length > 1 ? ' (the same reply)' : '';
      return `── ${which}${same}: ${verdict}${result.fromCache ? ' · stored answer' : ''}\n${reply.length > OUTPUT_LIMIT ? `${reply.slice(0, OUTPUT_LIMIT)}…` : reply}`;
    })
    .join('\n');
  const tally = `${passes} of ${context.samples} samples passed (${rule})`;
  if (passes >= needed) return { name, status: 'pass', message: passes < context.samples ? `${tally}: flaky, but within the policy.` : `${tally}.`, output, ...location };
  const firstFailure = sorted.find((result) => !result.verdict?.pass);
  const expected = !testCase.hidden && testCase.expected !== undefined ? { expected: JSON.stringify(testCase.expected), actual: (firstFailure?.reply ?? '').trim() } : {};
  return {
    name,
    status: 'fail',
    message: `${tally}. Sample ${firstFailure?.sample ?? '?'}: ${firstFailure?.verdict?.failed?.message ?? 'failed'}.`,
    output,
    ...location,
    ...expected,
  };
}

/** Samples with the same reply and verdict, together: three identical failures read as one. */
function groupSamples(results: readonly SampleResult[]): { samples: number[]; result: SampleResult }[] {
  const groups: { samples: number[]; result: SampleResult }[] = [];
  for (const result of results) {
    const same = groups.find((group) => group.result.reply === result.reply && group.result.verdict?.pass === result.verdict?.pass && group.result.verdict?.failed?.message === result.verdict?.failed?.message);
    if (same) same.samples.push(result.sample);
    else groups.push({ samples: [result.sample], result });
  }
  return groups;
}

/** "prose-around-json, not-urgent and 2 hidden cases" */
export function failingNames(failing: readonly CheckTest[]): string {
  const visible = failing.filter((test) => test.name.startsWith('case ')).map((test) => test.name.slice('case '.length));
  const hidden = failing.length - visible.length;
  const parts = [...visible, ...(hidden > 0 ? [plural(hidden, 'hidden case')] : [])];
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1) ?? ''}` : (parts[0] ?? '');
}

