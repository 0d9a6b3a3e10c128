import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { minimalManifest, runCli, writePack } from '../support/helpers';

interface MutationJson {
  ok: boolean;
  exercises: {
    exercise: string;
    mutated: string;
    total: number;
    run: number;
    killed: number;
    survived: number;
    equivalent: number;
    score?: number;
    stale: { change: string }[];
    mutants: { id: string; file: string; line: number; column: number; change: string; status: string; lineText: string }[];
  }[];
}

// The tiny pack's dataset with a third case that no rule needs: the two cases at the
// threshold already expose both buggy variants, so dropping the third still passes.
const DATASET = [
  '{"id": "fifty-passes", "input": {"score": 50}, "expected": {"grade": "pass"}}',
  '{"id": "forty-nine-fails", "input": {"score": 49}, "expected": {"grade": "fail"}}',
  '{"id": "ninety-passes", "input": {"score": 90}, "expected": {"grade": "pass"}}',
].join('\n');

async function tinyPack(equivalentMutants?: unknown[]): Promise<{ dir: string; manifest: Record<string, any> }> {
  const manifest = minimalManifest();
  if (equivalentMutants) manifest.exercises[0].equivalentMutants = equivalentMutants;
  const dir = await writePack(manifest, { 'exercises/first-dataset/solution/dataset.jsonl': DATASET });
  return { dir, manifest };
}

describe('pack verify --mutate', () => {
  it('lists the one surviving mutant of a tiny pack with its place and change, scores the rest as killed, and puts every mutant in --json', async () => {
    const { dir } = await tinyPack();
    const run = await runCli(['pack', 'verify', dir, '--mutate']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /first-dataset \(eval-dataset\)\n {2}6 mutants of the dataset\n {2}score 83 %: 5 of 6 killed, 1 survived/);
    assert.match(run.stdout, /survived \(the check passed with this change\):\n {4}dataset\.jsonl:3:1 {2}drop case "ninety-passes" {2}\{"id": "ninety-passes"/);
    assert.match(run.stdout, /"equivalentMutants":\n {4}\{"file":"dataset\.jsonl","line":3,"text":"\{\\"id\\": \\"ninety-passes\\"/);
    assert.match(run.stderr, /first-dataset \[6\/6\] (killed|survived)/, 'progress goes to stderr');

    const json = JSON.parse((await runCli(['pack', 'verify', dir, '--mutate', '--json'])).stdout) as MutationJson;
    const [result] = json.exercises;
    assert.equal(json.ok, true);
    assert.deepEqual([result?.total, result?.run, result?.killed, result?.survived], [6, 6, 5, 1]);
    assert.equal(result?.score, 5 / 6);
    assert.deepEqual(
      result?.mutants.map((mutant) => [mutant.line, mutant.change, mutant.status]),
      [
        [1, 'case "fifty-passes" expected.grade: "pass" → "fail"', 'killed'],
        [1, 'drop case "fifty-passes"', 'killed'],
        [2, 'case "forty-nine-fails" expected.grade: "fail" → "pass"', 'killed'],
        [2, 'drop case "forty-nine-fails"', 'killed'],
        [3, 'case "ninety-passes" expected.grade: "pass" → "fail"', 'killed'],
        [3, 'drop case "ninety-passes"', 'survived'],
      ],
    );
  });

  it('leaves a mutant the manifest marks equivalent out of the score, reports an entry that matches nothing as stale, and fails under --min-score', async () => {
    const ninety = DATASET.split('\n')[2] as string;
    const { dir } = await tinyPack([
      { file: 'dataset.jsonl', line: 7, text: ninety, change: 'drop case "ninety-passes"', why: 'The two threshold cases expose every variant; this one only shows a clear pass.' },
      { file: 'dataset.jsonl', text: '{"id": "gone"}', change: 'drop case "gone"', why: 'A case that was removed since.' },
    ]);
    const run = await runCli(['pack', 'verify', dir, '--mutate', '--json', '--min-score', '100']);
    assert.equal(run.code, 0, run.stdout);
    const [result] = (JSON.parse(run.stdout) as MutationJson).exercises;
    assert.deepEqual([result?.run, result?.killed, result?.survived, result?.equivalent, result?.score], [5, 5, 0, 1, 1]);
    assert.equal(result?.mutants.find((mutant) => mutant.change === 'drop case "ninety-passes"')?.status, 'equivalent');
    assert.deepEqual(result?.stale.map((entry) => entry.change), ['drop case "gone"']);
    const text = await runCli(['pack', 'verify', dir, '--mutate']);
    assert.match(text.stdout, /stale equivalentMutants entry dataset\.jsonl "drop case "gone"" matches no mutant/);

    const { dir: unmarked } = await tinyPack();
    const low = await runCli(['pack', 'verify', unmarked, '--mutate', '--min-score', '90']);
    assert.equal(low.code, 1, low.stdout);
    assert.match(low.stdout, /first-dataset +5\/6 +0 +1 +83 %/);
    assert.match(low.stdout, /1 exercise does not hold: first-dataset\./);
  });

  it('refuses bad options, and a reference that does not pass is a failure, not a perfect score', async () => {
    const { dir } = await tinyPack();
    for (const [args, message] of [
      [['--mutate', '--sample', '0'], /--sample must be a whole number of at least 1, not "0"/],
      [['--mutate', '--min-score', '120'], /--min-score must be a percentage from 0 to 100/],
      [['--mutate', '--exercise', 'first-datasets'], /No exercise "first-datasets" in Tiny pack \(did you mean "first-dataset"\?\)/],
      [['--seed', '2'], /--seed goes with --mutate/],
    ] as const) {
      const run = await runCli(['pack', 'verify', dir, ...args]);
      assert.equal(run.code, 1, `${args.join(' ')}: ${run.stdout}`);
      assert.match(run.stderr, message);
    }
    await fs.writeFile(path.join(dir, 'exercises/first-dataset/solution/dataset.jsonl'), DATASET.replace('"grade": "fail"', '"grade": "pass"'));
    const broken = await runCli(['pack', 'verify', dir, '--mutate', '--json']);
    assert.equal(broken.code, 1);
    const [result] = (JSON.parse(broken.stdout) as MutationJson & { exercises: { problem?: string }[] }).exercises as ({ problem?: string; run: number } | undefined)[];
    assert.match(result?.problem ?? '', /the reference solution does not pass \(fail: .*\), so its mutants say nothing/);
    assert.equal(result?.run, 0);
  });

  it('the built-in pack\'s checks kill every sampled mutant of every exercise, and no equivalent entry is stale', async () => {
    // A sample per exercise keeps this within CI's budget; the seed makes it the same every run.
    // The full run is `pack verify packs/builtin --mutate` (all of them, about five minutes here).
    const run = await runCli(['pack', 'verify', 'packs/builtin', '--mutate', '--sample', '8', '--seed', '2026', '--min-score', '100', '--json']);
    const result = JSON.parse(run.stdout) as MutationJson & { exercises: { exercise: string; mutated: string; score: number | null; survived: number; stale: unknown[] }[] };
    const mutated = result.exercises.filter((exercise) => exercise.mutated !== 'none');
    assert.equal(mutated.length, result.exercises.length, 'every exercise is mutated: code, data or prompt');
    assert.deepEqual(mutated.filter((exercise) => exercise.survived > 0).map((exercise) => exercise.exercise), [], 'no mutant survives');
    assert.deepEqual(result.exercises.flatMap((exercise) => exercise.stale.map(() => exercise.exercise)), [], 'no equivalent entry is stale');
    assert.equal(run.code, 0, run.stderr);
  });

  it('mutates a built-in exercise\'s code, and a prompt exercise\'s prompt against its simulated model: a sample is the same for the same seed', async () => {
    const args = ['pack', 'verify', 'packs/builtin', '--mutate', '--exercise', 'handbook-chunking', '--exercise', 'triage-prompt-debugging', '--sample', '3', '--seed', '7', '--json'];
    const first = JSON.parse((await runCli(args)).stdout) as MutationJson & { exercises: { note?: string }[] };
    const [chunking, prompt] = first.exercises;
    assert.equal(chunking?.mutated, 'code');
    assert.equal(chunking?.run, 3);
    const ran = (mutants: MutationJson['exercises'][number]['mutants'] = []) => mutants.filter((mutant) => /^(killed|survived|error|timeout)$/.test(mutant.status));
    const checked = ran(chunking?.mutants);
    assert.equal(checked.length, 3);
    for (const mutant of checked) assert.equal(mutant.file, 'chunker.ts');
    // The built-in manifest marks some of its mutants equivalent: they are listed, never sampled.
    assert.ok(chunking?.mutants.some((mutant) => mutant.status === 'equivalent'));
    assert.equal(chunking?.mutants.length, chunking?.total);
    // A prompt's mutants drop one statement each; the honest simulated model fails a prompt that lacks a rule it needs.
    assert.deepEqual([prompt?.exercise, prompt?.mutated, prompt?.run], ['triage-prompt-debugging', 'prompt', 3]);
    for (const mutant of ran(prompt?.mutants)) assert.match(mutant.change, /^drop (the (bullet|paragraph) )?"/);
    const dropsNegation = prompt?.mutants.find((mutant) => mutant.change.startsWith('drop "When they say it is not urgent'));
    assert.ok(dropsNegation, 'the sentence that states the negation rule is a mutant');
    const again = JSON.parse((await runCli(args)).stdout) as MutationJson;
    assert.deepEqual(ran(again.exercises[0]?.mutants).map((mutant) => mutant.id), checked.map((mutant) => mutant.id));
  });
});
