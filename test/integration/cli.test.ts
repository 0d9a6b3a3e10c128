import Anthropic from '@anthropic-ai/sdk';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runCli as runCliInProcess } from '../../src/cli/main';
import { loadSimulatedModel } from '../../src/core/simulator/loadSimulatedModel';
import { startSimulator } from '../../src/core/simulator/server';
import { BUILTIN_EXERCISE_COUNT, BUILTIN_PACK, CLI, exists, minimalManifest, runCli, temporaryDir, writePack } from '../support/helpers';


describe('ai-practice CLI', () => {
  it('prints help listing every command, and help for each command', async () => {
    const help = await runCli(['--help']);
    assert.equal(help.code, 0);
    for (const command of ['list', 'start', 'check', 'hint', 'progress', 'reset', 'simulator', 'pack validate']) assert.match(help.stdout, new RegExp(`\\n  ${command} +\\S`));
    for (const command of [['list'], ['start'], ['check'], ['hint'], ['progress'], ['reset'], ['pack', 'validate']]) {
      const result = await runCli([...command, '--help']);
      assert.equal(result.code, 0, command.join(' '));
      assert.match(result.stdout, new RegExp(`^Usage: ai-practice ${command.join(' ')}`));
    }
  });

  it('exits 1 with help when run without a command', async () => {
    const result = await runCli([]);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /Usage: ai-practice <command>/);
  });

  it('exits 1 on an unknown command, option or missing argument, saying what to do', async () => {
    const unknown = await runCli(['lst']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /Unknown command "lst"\.\nRun `ai-practice --help`/);
    const option = await runCli(['list', '--colour']);
    assert.equal(option.code, 1);
    assert.match(option.stderr, /Unknown option '--colour'/);
    const missing = await runCli(['start']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Missing argument <exercise-id>\.\nUsage: ai-practice start/);
  });

  it('lists the roadmap as text and as JSON', async () => {
    const workspace = await temporaryDir();
    const text = await runCli(['list', '--workspace', workspace]);
    assert.equal(text.code, 0);
    assert.match(text.stdout, new RegExp(`^AI Engineering: the core roadmap v0\\.1\\.0 · 0 of ${BUILTIN_EXERCISE_COUNT} exercises passed`));
    assert.match(text.stdout, /\n {4}○ agent-loop-basics +Build a tool-using agent loop +intermediate · 45 min · agent-loop/);
    const json = JSON.parse((await runCli(['list', '--json', '--workspace', workspace])).stdout);
    assert.equal(json.areas.length, 7);
    assert.equal(json.total, BUILTIN_EXERCISE_COUNT);
  });

  it('starts an exercise, shows progress, and refuses to reset without confirmation when there is no terminal', async () => {
    const workspace = await temporaryDir();
    const start = await runCli(['start', 'triage-eval-dataset', '--workspace', workspace]);
    assert.equal(start.code, 0, start.stderr);
    assert.match(start.stdout, /created +dataset\.jsonl/);
    assert.match(start.stdout, /Read the instructions: .*practice\/triage-eval-dataset\/README\.md/);
    assert.ok(await exists(path.join(workspace, 'practice', 'triage-eval-dataset', 'dataset.jsonl')));

    const again = await runCli(['start', 'triage-eval-dataset', '--workspace', workspace]);
    assert.match(again.stdout, /All files were already in .*; nothing was overwritten/);

    const progress = JSON.parse((await runCli(['progress', '--json', '--workspace', workspace])).stdout);
    assert.equal(progress.inProgress, 1);
    assert.equal(progress.exercises.find((e: { id: string }) => e.id === 'triage-eval-dataset').status, 'in-progress');
    const progressText = await runCli(['progress', '--workspace', workspace]);
    assert.match(progressText.stdout, new RegExp(`0 of ${BUILTIN_EXERCISE_COUNT} exercises passed, 1 in progress`));

    const reset = await runCli(['reset', 'triage-eval-dataset', '--workspace', workspace]);
    assert.equal(reset.code, 1);
    assert.match(reset.stderr, /needs confirmation, and there is no terminal to ask on\.\nRun again with --yes/);
    assert.ok(await exists(path.join(workspace, 'practice', 'triage-eval-dataset', 'dataset.jsonl')), 'nothing was moved');

    const confirmed = await runCli(['reset', 'triage-eval-dataset', '--yes', '--workspace', workspace]);
    assert.equal(confirmed.code, 0, confirmed.stderr);
    assert.match(confirmed.stdout, /Your previous files are in .*\.ai-practice\/backups\/triage-eval-dataset-/);
  });

  it('starts every exercise over with reset --all, after asking, and says what is wrong with the arguments', async () => {
    const workspace = await temporaryDir();
    for (const id of ['triage-eval-dataset', 'handbook-chunking']) assert.equal((await runCli(['start', id, '--workspace', workspace])).code, 0);

    const neither = await runCli(['reset', '--workspace', workspace]);
    assert.deepEqual([neither.code, neither.stderr], [1, 'error: Missing argument <exercise-id>.\nName the exercise to start over, or give --all to start every exercise over.\n']);
    const both = await runCli(['reset', 'handbook-chunking', '--all', '--workspace', workspace]);
    assert.match(both.stderr, /^error: Give an exercise id or --all, not both\./);
    const unconfirmed = await runCli(['reset', '--all', '--workspace', workspace]);
    assert.equal(unconfirmed.code, 1);
    assert.match(unconfirmed.stderr, /^error: Resetting every exercise needs confirmation, and there is no terminal to ask on\.\nRun again with --yes: ai-practice reset --all --yes/);
    assert.ok(await exists(path.join(workspace, 'practice', 'handbook-chunking')), 'nothing was moved');

    const confirmed = await runCli(['reset', '--all', '--yes', '--workspace', workspace]);
    assert.equal(confirmed.code, 0, confirmed.stderr);
    assert.match(confirmed.stdout, /^2 exercises start over: (handbook-chunking, triage-eval-dataset|triage-eval-dataset, handbook-chunking)\.\nYour previous files and progress are in .*\.ai-practice\/backups\/ai-engineering-core-all-/);
    assert.equal(await exists(path.join(workspace, 'practice', 'handbook-chunking')), false);
    const progress = JSON.parse((await runCli(['progress', '--json', '--workspace', workspace])).stdout);
    assert.equal(progress.inProgress, 0);

    const nothing = await runCli(['reset', '--all', '--yes', '--workspace', workspace]);
    assert.equal(nothing.code, 1);
    assert.match(nothing.stderr, /has been started, so there is nothing to reset\.\nStart one with `ai-practice start <exercise-id>`\./);
  });

  it('exits 1 for an exercise that does not exist', async () => {
    const result = await runCli(['start', 'no-such-exercise', '--workspace', await temporaryDir()]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^error: There is no exercise "no-such-exercise"/);
  });

  it('exits 1 with a clear message for a read-only workspace', async () => {
    const workspace = await temporaryDir();
    await fs.chmod(workspace, 0o555);
    const result = await runCli(['start', 'agent-loop-basics', '--workspace', workspace], { withoutRootPowers: true });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /Cannot (create|save progress to) .*: permission denied\.\nOpen a folder you can write to/);
    assert.deepEqual(await fs.readdir(workspace), []);
  });

  it('keeps a corrupted progress file aside and says so on stderr', async () => {
    const workspace = await temporaryDir();
    await fs.mkdir(path.join(workspace, '.ai-practice'));
    await fs.writeFile(path.join(workspace, '.ai-practice', 'progress.json'), '{ oops');
    const result = await runCli(['progress', '--workspace', workspace]);
    assert.equal(result.code, 0);
    assert.match(result.stderr, /warning: Your progress file could not be read .* It was kept as .*progress\.json\.corrupt-/);
  });

  it('validates packs: the built-in one passes, a broken one lists file:line problems and exits 1', async () => {
    const good = await runCli(['pack', 'validate', BUILTIN_PACK]);
    assert.equal(good.code, 0, good.stderr);
    assert.match(good.stdout, new RegExp(`✓ AI Engineering: the core roadmap v0\\.1\\.0: 7 areas, 28 skills, ${BUILTIN_EXERCISE_COUNT} exercises\\. No problems\\.`));

    const manifest = minimalManifest();
    manifest.exercises[0].kind = 'quiz';
    manifest.exercises[0].minutes = 0;
    const dir = await writePack(manifest);
    const bad = await runCli(['pack', 'validate', dir]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /ai-practice-pack\.json:\d+:\d+ exercises\[0\]\.kind: "quiz" is not allowed/);
    assert.match(bad.stderr, /2 problems in /);
    const json = JSON.parse((await runCli(['pack', 'validate', dir, '--json'])).stdout);
    assert.equal(json.valid, false);
    assert.equal(json.problems[0].field, 'exercises[0].kind');
  });

  it('verifies a pack: every row holds for a good pack; a known-wrong solution that passes is named, exit 1', async () => {
    const manifest = minimalManifest();
    manifest.exercises[0].knownWrong = [{ dir: 'wrong/only-one-side', reason: 'Tests only the passing side.' }, { dir: 'wrong/same-as-reference', reason: 'Oops: identical to the reference.' }];
    const packDir = await writePack(manifest, {
      'exercises/first-dataset/wrong/only-one-side/dataset.jsonl': '{"id": "fifty-passes", "input": {"score": 50}, "expected": {"grade": "pass"}}\n',
      'exercises/first-dataset/wrong/same-as-reference/dataset.jsonl': '{"id": "fifty-passes", "input": {"score": 50}, "expected": {"grade": "pass"}}\n{"id": "forty-nine-fails", "input": {"score": 49}, "expected": {"grade": "fail"}}\n',
    });
    const run = await runCli(['pack', 'verify', packDir]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /first-dataset +reference +pass +pass +✓/);
    assert.match(run.stdout, /first-dataset +only-one-side +fail +fail +✓/);
    assert.match(run.stdout, /first-dataset +same-as-reference +fail +pass +✗[^\n]*\n {4}the known-wrong solution passes: the check does not catch it/);
    assert.match(run.stdout, /1 of 4 solutions do not behave as they should\./);
    const json = JSON.parse((await runCli(['pack', 'verify', packDir, '--json'])).stdout) as { ok: boolean; rows: { solution: string; ok: boolean }[] };
    assert.equal(json.ok, false);
    assert.deepEqual(json.rows.map((row) => [row.solution, row.ok]), [['reference', true], ['starter', true], ['only-one-side', true], ['same-as-reference', false]]);
    manifest.exercises[0].knownWrong.pop();
    await fs.writeFile(path.join(packDir, 'ai-practice-pack.json'), JSON.stringify(manifest));
    // Every row holds, but learners are not told which known mistake theirs resembles until fingerprints.json is written.
    const unprinted = await runCli(['pack', 'verify', packDir]);
    assert.equal(unprinted.code, 1, unprinted.stdout);
    assert.match(unprinted.stdout, /All 3 solutions of 1 exercises behave/);
    assert.match(unprinted.stdout, /✗ fingerprints\.json is not current/);
    const good = await runCli(['pack', 'verify', packDir, '--write-fingerprints']);
    assert.equal(good.code, 0, good.stdout);
    assert.match(good.stdout, /All 3 solutions of 1 exercises behave/);
  });

  it('verifies requirements: prints the requirement × check matrix, names each gap, and exits 1 until none is left', async () => {
    const manifest = minimalManifest();
    manifest.exercises[0].requirements = [
      { id: 'both-sides', text: 'Cases on both sides of 50.', checkedBy: ['line *', 'Covers every required label and tag', 'Exposes at least *'] },
      { id: 'no-duplicates', text: 'No case twice.', checkedBy: ['No duplicate or near-duplicate cases'] },
    ];
    manifest.exercises[0].knownWrong = [{ dir: 'wrong/only-one-side', reason: 'Tests only the passing side.', breaks: ['both-sides', 'no-duplicates'] }];
    const packDir = await writePack(manifest, {
      'exercises/first-dataset/wrong/only-one-side/dataset.jsonl': '{"id": "fifty-passes", "input": {"score": 50}, "expected": {"grade": "pass"}}\n',
    });
    const run = await runCli(['pack', 'verify', packDir]);
    assert.equal(run.code, 1, run.stdout);
    // The known-wrong fails, but not a check of no-duplicates: its claim is not proven.
    assert.match(run.stdout, /first-dataset +only-one-side +fail +fail +✗[^\n]*\n {4}it fails, but not because of no-duplicates: no failing test is traced to it/);
    assert.match(run.stdout, /first-dataset: 2 requirements × 4 checks\n +requirement +1 2 3 4 +broken by\n +both-sides +● ● ● · +only-one-side\n +no-duplicates +· · · ● +none\n/);
    assert.match(run.stdout, /\n +1 +line \* \(3 tests\)\n/);
    assert.match(run.stdout, /✗ requirement no-duplicates is broken by no known-wrong solution/);
    assert.match(run.stdout, /✗ the test "No label holds more than 80 % of the cases" checks no requirement/);
    assert.match(run.stdout, /2 gaps in the requirement matrices/);
    const json = JSON.parse((await runCli(['pack', 'verify', packDir, '--json'])).stdout) as { ok: boolean; requirements: { exercise: string; gaps: string[] }[] };
    assert.equal(json.ok, false);
    assert.equal(json.requirements[0]?.gaps.length, 2);

    manifest.exercises[0].requirements[1].checkedBy.push('No label holds *');
    manifest.exercises[0].knownWrong.push({ dir: 'wrong/twice', reason: 'The same case twice.', breaks: ['no-duplicates'] });
    manifest.exercises[0].knownWrong[0].breaks = ['both-sides'];
    await fs.mkdir(path.join(packDir, 'exercises/first-dataset/wrong/twice'), { recursive: true });
    await fs.writeFile(
      path.join(packDir, 'exercises/first-dataset/wrong/twice/dataset.jsonl'),
      '{"id": "fifty-passes", "input": {"score": 50}, "expected": {"grade": "pass"}}\n{"id": "fifty-again", "input": {"score": 50}, "expected": {"grade": "pass"}}\n{"id": "forty-nine-fails", "input": {"score": 49}, "expected": {"grade": "fail"}}\n',
    );
    await fs.writeFile(path.join(packDir, 'ai-practice-pack.json'), JSON.stringify(manifest));
    const good = await runCli(['pack', 'verify', packDir, '--write-fingerprints']);
    assert.equal(good.code, 0, good.stdout);
    assert.match(good.stdout, /All 2 requirements of 1 exercises are checked, every check traces to one, and a known-wrong solution breaks each\./);
  });

  it('starts a new pack that validates and verifies as it is, and never writes over a folder', async () => {
    const parent = await temporaryDir();
    const created = await runCli(['pack', 'new', 'course-pack'], { cwd: parent });
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /^✓ created course-pack\/ai-practice-pack\.json with 9 example exercises: example-eval-dataset, example-agent-loop, example-structured-output, example-prompt-debugging, example-retrieval, example-cost-optimization, example-injection-defense, example-judge-calibration, example-llm-function\n/);
    const manifest = await fs.readFile(path.join(parent, 'course-pack', 'ai-practice-pack.json'), 'utf8');
    assert.match(manifest, /^ {2}\/\/ Progress is kept per pack id/m);
    assert.match(manifest, /"id": "course-pack"/);
    const validated = await runCli(['pack', 'validate', 'course-pack'], { cwd: parent });
    assert.equal(validated.code, 0, validated.stderr);
    assert.match(validated.stdout, /1 area, 8 skills, 9 exercises\. No problems\./);
    // The examples come with their fingerprints from the built-in pack, current as they are.
    const verified = await runCli(['pack', 'verify', 'course-pack', '--json'], { cwd: parent });
    assert.equal(verified.code, 0, verified.stdout);
    assert.deepEqual((JSON.parse(verified.stdout) as { fingerprints: { stale: string[] } }).fingerprints.stale, []);
    const rows = (JSON.parse(verified.stdout) as { rows: { exercise: string }[] }).rows;
    assert.deepEqual([...new Set(rows.map((row) => row.exercise))], ['example-eval-dataset', 'example-agent-loop', 'example-structured-output', 'example-prompt-debugging', 'example-retrieval', 'example-cost-optimization', 'example-injection-defense', 'example-judge-calibration', 'example-llm-function']);
    const again = await runCli(['pack', 'new', 'course-pack'], { cwd: parent });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /is not empty; a new pack is never written over existing files\./);
    assert.equal(await fs.readFile(path.join(parent, 'course-pack', 'ai-practice-pack.json'), 'utf8'), manifest);
  });

  it('grades a workspace: trusts progress only without --recheck, scores partial credit, and writes the Classroom format', async () => {
    const workspace = await temporaryDir();
    const at = ['--workspace', workspace];
    await runCli(['start', 'triage-eval-dataset', ...at]);
    await runCli(['start', 'retry-policy-eval-dataset', ...at]);
    await fs.copyFile(path.join(BUILTIN_PACK, 'exercises', 'triage-eval-dataset', 'solution', 'dataset.jsonl'), path.join(workspace, 'practice', 'triage-eval-dataset', 'dataset.jsonl'));
    await runCli(['check', 'triage-eval-dataset', ...at]);
    // A learner edits the progress file to claim a pass they never earned.
    const progressFile = path.join(workspace, '.ai-practice', 'progress.json');
    const progress = JSON.parse(await fs.readFile(progressFile, 'utf8'));
    progress.packs['ai-engineering-core'].exercises['retry-policy-eval-dataset'].lastCheck = { status: 'pass', at: new Date().toISOString(), passed: 1, failed: 0, message: 'trust me' };
    await fs.writeFile(progressFile, JSON.stringify(progress));

    const trusting = JSON.parse((await runCli(['report', '--format', 'json', ...at])).stdout) as { score: number; maxScore: number; rows: { id: string; score: number; status: string }[] };
    assert.equal(trusting.rows.find((row) => row.id === 'retry-policy-eval-dataset')?.score, 1);
    const graded = await runCli(['report', '--format', 'json', '--recheck', '--provider', 'replay', ...at]);
    assert.equal(graded.code, 1);
    const report = JSON.parse(graded.stdout) as typeof trusting & { rechecked: boolean };
    assert.equal(report.rechecked, true);
    const retry = report.rows.find((row) => row.id === 'retry-policy-eval-dataset');
    assert.equal(retry?.status, 'failed');
    assert.ok(retry && retry.score < 1, 'the re-check does not trust the edited progress file');
    assert.deepEqual(report.rows.find((row) => row.id === 'triage-eval-dataset'), { ...report.rows.find((row) => row.id === 'triage-eval-dataset'), status: 'passed', score: 1 });
    assert.equal(report.rows.find((row) => row.id === 'agent-loop-basics')?.status, 'not-started');
    assert.equal(report.maxScore, BUILTIN_EXERCISE_COUNT);
    assert.match(graded.stderr, /checked triage-eval-dataset: passed, 100 %\n/);

    const classroom = JSON.parse((await runCli(['report', '--format', 'classroom', '--recheck', '--points', '5', ...at])).stdout) as { version: number; status: string; max_score: number; tests: { name: string; status: string; score: number; max_score: number; message: string }[] };
    assert.equal(classroom.version, 1);
    assert.equal(classroom.status, 'fail');
    assert.equal(classroom.max_score, 5 * BUILTIN_EXERCISE_COUNT);
    assert.deepEqual(classroom.tests.find((test) => test.name.includes('(triage-eval-dataset)')), {
      name: 'Design an eval dataset for ticket triage (triage-eval-dataset)',
      status: 'pass',
      score: 5,
      max_score: 5,
      message: 'All 23 cases are correct, coverage is complete, and the dataset exposes 12 of 12 buggy implementations.',
    });
    const starterScore = classroom.tests.find((test) => test.name.includes('(retry-policy-eval-dataset)'))?.score ?? -1;
    assert.ok(starterScore >= 0 && starterScore < 5);
    const markdown = await runCli(['report', ...at]);
    assert.match(markdown.stdout, /\| Design an eval dataset for ticket triage \(`triage-eval-dataset`\) \| eval-dataset \| passed \| 100 % \| 3 \|/);
    assert.equal((await runCli(['report', '--format', 'xml', ...at])).code, 1);
  });

  it('refuses to list from a broken pack given with --pack', async () => {
    const dir = await writePack('{ "formatVersion": 1, ');
    const result = await runCli(['list', '--pack', dir]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /the exercise pack in .* is not valid:\n.*ai-practice-pack\.json:1:\d+ JSON syntax error/);
  });

  it('exits 2 and asks for a bug report when something unexpected breaks', async () => {
    const errors: string[] = [];
    const code = await runCliInProcess(['list', '--workspace', await temporaryDir()], {
      out: () => {
        throw new Error('stdout went away');
      },
      err: (text) => errors.push(text),
    });
    assert.equal(code, 2);
    assert.match(errors.join('\n'), /internal error: Error: stdout went away[\s\S]*This is a bug in ai-practice/);
  });

  it('checks an exercise: exit 1 and the failures while it fails, exit 0 once it passes, --json prints the report', async () => {
    const workspace = await temporaryDir();
    const id = 'retry-policy-eval-dataset';
    const notStarted = await runCli(['check', id, '--workspace', workspace]);
    assert.equal(notStarted.code, 2, 'a check that cannot run exits 2');
    assert.match(notStarted.stderr, /is not in this workspace[\s\S]*ai-practice start retry-policy-eval-dataset/);

    await runCli(['start', id, '--workspace', workspace]);
    const failing = await runCli(['check', id, '--workspace', workspace]);
    assert.equal(failing.code, 1, failing.stderr);
    assert.match(failing.stdout, /^FAIL retry-policy-eval-dataset · \d+ tests · \d+\.\d\d s/);
    // Each failing test names the requirements of the exercise it checks.
    assert.match(failing.stdout, /✗ Exposes at least 10 of 12 buggy implementations · checks exposes-bugs\n +Exposed \d+ of 12; 10 needed\. Missed bugs in: /);
    assert.match(failing.stdout, /Stuck\? ai-practice hint retry-policy-eval-dataset/);

    const dataset = path.join(workspace, 'practice', id, 'dataset.jsonl');
    const oops = '{"id": "oops", "input": {"status": 429, "attempt": 0}, "expected": {"retry": true, "delayMs": 1000}}';
    await fs.appendFile(dataset, `${oops}\n`);
    const json = await runCli(['check', id, '--workspace', workspace, '--json']);
    assert.equal(json.code, 1);
    const report = JSON.parse(json.stdout);
    assert.equal(report.version, 3);
    assert.equal(report.status, 'fail');
    const bad = report.tests.find((test: { name: string }) => test.name === 'line 3 · oops');
    assert.equal(bad.message, 'input.attempt: attempts are counted from 1');
    assert.deepEqual(bad.requirements, ['valid-cases', 'correct-expectations']);
    assert.deepEqual(bad.location, { file: 'practice/retry-policy-eval-dataset/dataset.jsonl', line: 3, column: oops.indexOf('"attempt": 0') + '"attempt": '.length + 1 });

    await fs.copyFile(path.join(BUILTIN_PACK, 'exercises', id, 'solution', 'dataset.jsonl'), dataset);
    const passing = await runCli(['check', id, '--workspace', workspace]);
    assert.equal(passing.code, 0, passing.stdout);
    assert.match(passing.stdout, /^PASS /);
    assert.match(passing.stdout, /Passed on attempt 3\. Well done!/);
    const progress = JSON.parse((await runCli(['progress', '--json', '--workspace', workspace])).stdout);
    const record = progress.exercises.find((exercise: { id: string }) => exercise.id === id);
    assert.equal(record.status, 'passed');
    assert.equal(record.attempts, 3);
  });

  it('checks a prompt against the model the flags choose: no key says what to do, replay is offline, a live run never prints the key', async () => {
    const workspace = await temporaryDir();
    await runCli(['start', 'triage-prompt-debugging', '--workspace', workspace]);
    const id = ['check', 'triage-prompt-debugging', '--workspace', workspace];
    const noKey = await runCli(id, { env: { ANTHROPIC_API_KEY: undefined } });
    assert.equal(noKey.code, 2);
    assert.equal(noKey.stderr, 'error: This check needs a model, and no Anthropic API key is set.\nSet ANTHROPIC_API_KEY, or use --provider replay to check against the recorded answers.\n');
    const typo = await runCli([...id, '--provider', 'replai']);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /Unknown provider "replai" \(did you mean "replay"\?\)/);

    const replay = await runCli([...id, '--provider', 'replay']);
    assert.equal(replay.code, 1, replay.stderr);
    assert.match(replay.stderr, /^Replaying recorded answers for 36 calls…/);
    assert.match(replay.stdout, /✗ case prose-around-json · checks json-only\n {6}practice\/triage-prompt-debugging\/cases\.jsonl:1\n {6}0 of 3 samples passed/);
    assert.match(replay.stdout, /Answers from the practice simulator \(scenario triage-prompt-debugging\/check\/model\.ts\), not a real model/);

    const secret = 'sk-ant-api03-CLI-TEST-SECRET-77aa';
    const simulatedModel = path.join(BUILTIN_PACK, 'exercises', 'triage-prompt-debugging', 'check', 'model.ts');
    const simulator = await startSimulator(await loadSimulatedModel(simulatedModel));
    try {
      const liveRun = await runCli([...id, '--base-url', simulator.url, '--budget', '0.5', '--record'], { env: { ANTHROPIC_API_KEY: secret } });
      assert.equal(liveRun.code, 1, liveRun.stderr);
      assert.match(liveRun.stderr, /^Asking claude-haiku-4-5 at http:\/\/127\.0\.0\.1:\d+: up to 36 calls; at most \$0\.\d+ \(budget \$0\.50\)…/);
      assert.match(liveRun.stdout, /Model claude-haiku-4-5 \(compatible\) · 36 calls\nTokens \d+ in \/ \d+ out · \$0\.\d+ of a \$0\.50 budget/);
      assert.match(liveRun.stdout, /Recorded to \.ai-practice\/recordings\/triage-prompt-debugging\//);
      const cached = await runCli([...id, '--base-url', simulator.url, '--json'], { env: { ANTHROPIC_API_KEY: secret } });
      const report = JSON.parse(cached.stdout) as { usage: { calls: number; fromCache: number } };
      assert.deepEqual([report.usage.calls, report.usage.fromCache], [36, 36]);
      for (const output of [liveRun.stdout, liveRun.stderr, cached.stdout, cached.stderr]) assert.ok(!output.includes(secret));
      assert.equal(simulator.trace.length, 36, 'the second run asked nothing');
    } finally {
      await simulator.close();
    }
  });

  it('reveals hints one at a time, records them, and repeats them all at the end', async () => {
    const workspace = await temporaryDir();
    const id = 'triage-eval-dataset';
    const manifest = JSON.parse(await fs.readFile(path.join(BUILTIN_PACK, 'ai-practice-pack.json'), 'utf8'));
    const hints: string[] = manifest.exercises.find((exercise: { id: string }) => exercise.id === id).hints;
    for (let i = 1; i <= hints.length; i++) {
      const result = await runCli(['hint', id, '--workspace', workspace]);
      assert.equal(result.code, 0);
      assert.ok(result.stdout.startsWith(`Hint ${i} of ${hints.length} (${id})\n${hints[i - 1]}`), result.stdout);
      // Each but the last points to the next; the last says so.
      if (i < hints.length) assert.match(result.stdout, new RegExp(`Another one: ai-practice hint ${id}\n$`));
      else assert.match(result.stdout, /\nThat was the last one\.\n$/);
    }
    const again = await runCli(['hint', id, '--workspace', workspace]);
    assert.ok(again.stdout.startsWith(`No more hints for ${id}: you have seen its ${hints.length} hints:\n1. ${hints[0]}\n`), again.stdout);
    assert.ok(again.stdout.includes(`${hints.length}. ${hints[hints.length - 1]}`));
    const progress = JSON.parse((await runCli(['progress', '--json', '--workspace', workspace])).stdout);
    assert.equal(progress.exercises.find((exercise: { id: string }) => exercise.id === id).hintsUsed, hints.length);
  });

  it('runs the simulator for your own code: prints the base URL, logs each request, stops cleanly on Ctrl+C', async () => {
    const dir = await temporaryDir();
    const scenario = path.join(dir, 'scenario.json');
    await fs.writeFile(scenario, JSON.stringify({ rules: [{ name: 'greet', reply: { content: [{ type: 'text', text: 'Hi from the scenario' }] } }] }));
    const child = spawn(process.execPath, [CLI, 'simulator', '--scenario', scenario], { env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${stdout}`)), 10_000);
      child.stdout.on('data', () => {
        // The banner ends with how to stop it; the URL is in its first line.
        const match = /simulator on (http:\/\/127\.0\.0\.1:\d+)[\s\S]*Ctrl\+C stops it/.exec(stdout);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    assert.match(stdout, /scenario: .*scenario\.json \(1 rules\)/);
    const client = new Anthropic({ apiKey: 'any-key', baseURL: url, maxRetries: 0 });
    const message = await client.messages.create({ model: 'claude-simulator-1', max_tokens: 50, messages: [{ role: 'user', content: 'hello' }] });
    assert.deepEqual(message.content, [{ type: 'text', text: 'Hi from the scenario' }]);
    // The request's log line, then Ctrl+C.
    await new Promise<void>((resolve) => {
      const logged = () => {
        if (!/#1 \+\d+ ms POST/.test(stdout)) return;
        child.stdout.off('data', logged);
        resolve();
      };
      child.stdout.on('data', logged);
      logged();
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGINT');
    assert.equal(await exited, 0);
    assert.match(stdout, /#1 \+\d+ ms POST \/v1\/messages 200 rule "greet"/);
    assert.match(stdout, /Stopped after 1 request\./);
  });

  it('refuses a broken scenario file, pointing at the line and field', async () => {
    const dir = await temporaryDir();
    const scenario = path.join(dir, 'broken.json');
    await fs.writeFile(scenario, '{\n  "rules": [\n    { "reply": { "content": [] }, "error": { "status": 429 } },\n    { "error": { "status": 418 } }\n  ]\n}\n');
    const result = await runCli(['simulator', '--scenario', scenario]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /broken\.json has 2 problems/);
    assert.match(result.stderr, /broken\.json:3:5 rules\[0\]: a rule needs exactly one of "reply", "error" or "fault"/);
    assert.match(result.stderr, /broken\.json:4:28 rules\[1\]\.error\.status: must be one of 400, 401, 403, 404, 408, 413, 429, 500, 502, 503, 504, 529/);
    const port = await runCli(['simulator', '--port', 'eighty']);
    assert.equal(port.code, 1);
    assert.match(port.stderr, /--port must be a port number/);
  });
});
