import { minimalManifest, TINY_HARNESS, writePack } from './helpers';

/**
 * A pack with a project in two stages, on the tiny grading feature: stage 1 pins down the
 * pass/fail threshold (dataset.jsonl, like the tiny pack's exercise); stage 2 adds letter
 * grades (letters.jsonl) in the same folder, practice/grades/.
 */
export const LETTER_HARNESS = `import { z } from 'zod';
export const inputSchema = z.strictObject({ score: z.int().min(0).max(100) });
export const outputSchema = z.strictObject({ letter: z.enum(['A', 'B', 'C']) });
export const variants: Record<string, string> = { 'a-from-80': 'the A boundary', 'no-c': 'low scores' };
export function run(input: { score: number }, variant?: string): { letter: 'A' | 'B' | 'C' } {
  const a = variant === 'a-from-80' ? 80 : 90;
  if (input.score >= a) return { letter: 'A' };
  if (input.score >= 50 || variant === 'no-c') return { letter: 'B' };
  return { letter: 'C' };
}
`;

export const STAGE_1_SOLUTION = ['{"id": "fifty-passes", "input": {"score": 50}, "expected": {"grade": "pass"}}', '{"id": "forty-nine-fails", "input": {"score": 49}, "expected": {"grade": "fail"}}'].join('\n');
export const STAGE_2_SOLUTION = ['{"id": "ninety-is-a", "input": {"score": 90}, "expected": {"letter": "A"}}', '{"id": "eighty-five-is-b", "input": {"score": 85}, "expected": {"letter": "B"}}', '{"id": "ten-is-c", "input": {"score": 10}, "expected": {"letter": "C"}}'].join('\n');

export function projectManifest(): Record<string, any> {
  const manifest = minimalManifest();
  const stage = (n: number, extra: Record<string, unknown>) => ({
    id: `grades-${n}`,
    title: n === 1 ? 'Pass or fail' : 'Letter grades',
    summary: `Stage ${n}.`,
    skill: 'eval-datasets',
    kind: 'eval-dataset',
    difficulty: 'beginner',
    minutes: 10,
    dir: `projects/grades/stage-${n}`,
    instructions: `STAGE-${n}.md`,
    hints: ['One case per boundary.'],
    ...extra,
  });
  manifest.exercises.push(
    stage(1, { evalDataset: { harness: 'check/harness.ts', minVariantsExposed: 2 } }),
    stage(2, {
      evalDataset: { harness: 'check/letters.ts', dataset: 'letters.jsonl', minVariantsExposed: 2 },
      knownWrong: [{ dir: 'wrong/no-c', reason: 'Never tests a low score.' }],
    }),
  );
  manifest.projects = [{ id: 'grades', title: 'A grading service', summary: 'Pass/fail, then letters.', stages: ['grades-1', 'grades-2'] }];
  return manifest;
}

export function writeProjectPack(manifest: Record<string, unknown> = projectManifest(), files: Record<string, string | null> = {}): Promise<string> {
  return writePack(manifest, {
    'projects/grades/stage-1/STAGE-1.md': '# Stage 1\n',
    'projects/grades/stage-1/starter/dataset.jsonl': '{"id": "a"}\n',
    'projects/grades/stage-1/solution/dataset.jsonl': STAGE_1_SOLUTION,
    'projects/grades/stage-1/check/harness.ts': TINY_HARNESS,
    'projects/grades/stage-2/STAGE-2.md': '# Stage 2\n',
    'projects/grades/stage-2/starter/letters.jsonl': '',
    'projects/grades/stage-2/solution/letters.jsonl': STAGE_2_SOLUTION,
    'projects/grades/stage-2/wrong/no-c/letters.jsonl': STAGE_2_SOLUTION.split('\n').slice(0, 2).join('\n'),
    'projects/grades/stage-2/check/letters.ts': LETTER_HARNESS,
    ...files,
  });
}
