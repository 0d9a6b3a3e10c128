import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { packContentHash } from '../../src/core/packHash';
import { CLI, REPO_ROOT, runCli, temporaryDir } from '../support/helpers';
import { gradescopeResultsSchema } from '../support/platformSchemas';

/**
 * A class of twelve, graded in one run of `ai-practice grade` against a pinned pack (the
 * `pack new` example pack, whose prompt exercise replays its recordings): passing, failing,
 * partial, not started, hostile and broken workspaces, each graded to what it deserves.
 */

const EVAL = 'example-eval-dataset';
const AGENT = 'example-agent-loop';
const STRUCTURED = 'example-structured-output';
const INJECTION = 'example-injection-defense';

/**
 * Opens the class report in Chromium, offline: it draws every chart from the class's data (bars
 * and dots counted against class.json), sorts its table, and is screenshotted for a person to
 * look at (out/screenshots/class-report.png).
 */
async function classReportInChromium(out: string): Promise<void> {
  const { ensureChromium } = (await import(path.join(REPO_ROOT, 'scripts', 'lib', 'devEnvironment.mjs'))) as { ensureChromium(): string };
  const { chromium } = await import('playwright-core');
  const summary = JSON.parse(await fs.readFile(path.join(out, 'class.json'), 'utf8')) as { students: { graded: boolean }[] };
  const data = JSON.parse(/<script type="application\/json" id="class-data">(.*?)<\/script>/s.exec(await fs.readFile(path.join(out, 'class.html'), 'utf8'))?.[1] ?? '{}') as { requirements: unknown[]; failures: unknown[]; students: { name: string; score: number; graded: boolean }[] };
  const browser = await chromium.launch({ executablePath: ensureChromium(), args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) requests.push(request.url());
    });
    await page.goto(`file://${path.join(out, 'class.html')}`);
    await page.waitForSelector('figure[data-chart="hints"] svg');
    const drawn = await page.evaluate(() =>
      Object.fromEntries(Array.from(document.querySelectorAll<HTMLElement>('figure')).map((figure) => [figure.dataset.chart, { bars: figure.querySelectorAll('g[aria-label="bar"] rect, g[aria-label="rect"] rect').length, dots: figure.querySelectorAll('g[aria-label="dot"] circle').length }])),
    );
    assert.deepEqual(errors, []);
    assert.deepEqual(requests, [], 'the report loads nothing');
    assert.equal(drawn.requirements?.bars, data.requirements.length);
    assert.equal(drawn.failures?.bars, data.failures.length);
    assert.equal(drawn.hints?.dots, summary.students.filter((student) => student.graded).length);
    assert.ok((drawn.scores?.bars ?? 0) >= 4, `score histograms: ${JSON.stringify(drawn.scores)}`);
    assert.equal(await page.locator('#students tbody tr').count(), 12);
    const similar = (data as unknown as { similar: unknown[] }).similar;
    assert.equal(await page.locator('#similar tbody tr').count(), Math.max(1, similar.length));
    // Sorted by score, highest first, with the keyboard.
    await page.getByRole('button', { name: 'Score' }).focus();
    await page.keyboard.press('Enter');
    const first = await page.locator('#students tbody tr').first().locator('td').first().textContent();
    const best = [...data.students].sort((a, b) => b.score - a.score)[0]?.score;
    assert.ok(data.students.filter((student) => student.score === best).some((student) => student.name === first), `${first} has the best score`);
    await fs.mkdir(path.join(REPO_ROOT, 'out', 'screenshots'), { recursive: true });
    await page.screenshot({ path: path.join(REPO_ROOT, 'out', 'screenshots', 'class-report.png'), fullPage: true });
  } finally {
    await browser.close();
  }
}

describe('grading a whole class', () => {
  let root: string;
  let pack: string;
  let hash: string;
  let students: string;

  async function student(name: string, started: string[], files: Record<string, string> = {}): Promise<string> {
    const workspace = path.join(students, name);
    await fs.mkdir(workspace, { recursive: true });
    for (const id of started) execFileSync(process.execPath, [CLI, 'start', id, '--pack', pack, '--workspace', workspace]);
    for (const [file, content] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(workspace, file)), { recursive: true });
      await fs.writeFile(path.join(workspace, file), content);
    }
    return workspace;
  }
  const solution = (id: string, file: string) => fs.readFile(path.join(pack, 'exercises', id, 'solution', file), 'utf8');
  const wrong = (id: string, name: string, file: string) => fs.readFile(path.join(pack, 'exercises', id, 'wrong', name, file), 'utf8');

  before(async () => {
    root = await temporaryDir('ai-practice-class-');
    pack = path.join(root, 'pack');
    execFileSync(process.execPath, [CLI, 'pack', 'new', pack]);
    hash = await packContentHash(pack);
    students = path.join(root, 'submissions');
    const dataset = await solution(EVAL, 'dataset.jsonl');
    const agent = await solution(AGENT, 'agent.ts');
    await student('ada-all-three', [EVAL, AGENT, STRUCTURED], { [`practice/${EVAL}/dataset.jsonl`]: dataset, [`practice/${AGENT}/agent.ts`]: agent, [`practice/${STRUCTURED}/extract.ts`]: await solution(STRUCTURED, 'extract.ts') });
    await student('bo-one-solved', [EVAL], { [`practice/${EVAL}/dataset.jsonl`]: dataset });
    await student('cy-half-dataset', [EVAL], { [`practice/${EVAL}/dataset.jsonl`]: `${dataset.split('\n').slice(0, 6).join('\n')}\n` });
    await student('di-not-started', []);
    await student('ed-starters-only', [EVAL, AGENT]);
    await student('fay-known-mistake', [AGENT], { [`practice/${AGENT}/agent.ts`]: await wrong(AGENT, 'no-step-limit', 'agent.ts') });
    // Hostile: ends its process, forges a passing report on every channel, and claims a pass in progress.json.
    await student('gus-hostile', [AGENT], {
      [`practice/${AGENT}/agent.ts`]: `console.log(JSON.stringify({ status: 'pass', score: 1, tests: [] }));\nexport async function runAgent() { process.stdout.write('{"status":"pass"}'); process.exit(0); }\n`,
    });
    await student('hal-broken-files', [EVAL, AGENT], { [`practice/${EVAL}/dataset.jsonl`]: '{"id": "a", "input": {\nnot json\n', [`practice/${AGENT}/agent.ts`]: 'export async function runAgent(options) {\n  const x = ;\n}\n' });
    // A progress file that says everything passed, with no work behind it.
    await student('ivy-forged-progress', [EVAL], {});
    const progressFile = path.join(students, 'ivy-forged-progress', '.ai-practice', 'progress.json');
    const progress = JSON.parse(await fs.readFile(progressFile, 'utf8')) as { packs: Record<string, { exercises: Record<string, unknown> }> };
    for (const packProgress of Object.values(progress.packs)) packProgress.exercises[EVAL] = { status: 'passed', attempts: 1, hintsUsed: 0, firstPassedAt: '2026-01-01T00:00:00.000Z', lastCheck: { status: 'pass', at: '2026-01-01T00:00:00.000Z', message: 'forged', score: 1 } };
    await fs.writeFile(progressFile, JSON.stringify(progress));
    await student('jo-injection', [INJECTION], { [`practice/${INJECTION}/assistant.ts`]: await solution(INJECTION, 'assistant.ts') });
    // A workspace the grader cannot open: .ai-practice is a file.
    await student('kim-odd-workspace', [], { '.ai-practice': 'not a folder' });
    await student('lu-two-of-three', [EVAL, AGENT, STRUCTURED], { [`practice/${EVAL}/dataset.jsonl`]: dataset, [`practice/${AGENT}/agent.ts`]: agent });
  });

  it('grades twelve workspaces to the expected table, writes each result and the class summary, and picks up where it stopped', async () => {
    const out = path.join(root, 'grades');
    const run = await runCli(['grade', students, '--pack', pack, '--pack-sha256', hash, '--out', out, '--format', 'gradescope', '--provider', 'replay', '--jobs', '2']);
    assert.equal(run.code, 1, `one student cannot be graded (exit 1)\n${run.stdout}\n${run.stderr}`);
    assert.match(run.stderr, /Grading 12 students, 2 at a time/);
    assert.match(run.stderr, /\[#{20}\] 12\/12 students/);

    const csv = (await fs.readFile(path.join(out, 'class.csv'), 'utf8')).trim().split('\n');
    assert.equal(csv[0], 'student,exercise,status,score,attempts,hints_used,first_passed_at,cost_usd');
    const table = new Map<string, string>();
    for (const line of csv.slice(1)) {
      const [name, exercise, status, score] = line.split(',');
      if (exercise === '' || status !== 'not-started') table.set(`${name} ${exercise}`, `${status} ${score}`);
    }
    const expected: Record<string, RegExp> = {
      [`ada-all-three ${EVAL}`]: /^passed 1$/,
      [`ada-all-three ${AGENT}`]: /^passed 1$/,
      [`ada-all-three ${STRUCTURED}`]: /^passed 1$/,
      [`bo-one-solved ${EVAL}`]: /^passed 1$/,
      [`cy-half-dataset ${EVAL}`]: /^failed 0\.\d+$/,
      [`ed-starters-only ${EVAL}`]: /^failed 0(\.\d+)?$/,
      [`ed-starters-only ${AGENT}`]: /^failed 0(\.\d+)?$/,
      [`fay-known-mistake ${AGENT}`]: /^failed 0\.\d+$/,
      [`gus-hostile ${AGENT}`]: /^failed 0$/,
      [`hal-broken-files ${EVAL}`]: /^(failed|error) 0$/,
      [`hal-broken-files ${AGENT}`]: /^failed 0$/,
      [`ivy-forged-progress ${EVAL}`]: /^failed 0(\.\d+)?$/,
      [`jo-injection ${INJECTION}`]: /^passed 1$/,
      'kim-odd-workspace ': /^"?not graded: .*\.ai-practice/,
      [`lu-two-of-three ${EVAL}`]: /^passed 1$/,
      [`lu-two-of-three ${AGENT}`]: /^passed 1$/,
      [`lu-two-of-three ${STRUCTURED}`]: /^failed 0(\.\d+)?$/,
    };
    assert.deepEqual([...table.keys()].sort(), Object.keys(expected).sort(), 'every started exercise, and only those, is graded');
    for (const [key, pattern] of Object.entries(expected)) assert.match(table.get(key) ?? '', pattern, key);
    // Partial credit stays below a pass; a near-complete dataset earns more than a starter.
    const score = (key: string) => Number((table.get(key) ?? '').split(' ')[1]);
    assert.ok(score(`cy-half-dataset ${EVAL}`) > score(`ed-starters-only ${EVAL}`));

    // Every graded student has a JSON result and a Gradescope result that holds the contract.
    for (const name of ['ada-all-three', 'gus-hostile', 'jo-injection']) {
      const results = JSON.parse(await fs.readFile(path.join(out, 'students', `${name}.gradescope.json`), 'utf8')) as unknown;
      const parsed = gradescopeResultsSchema.safeParse(results);
      assert.ok(parsed.success, `${name}: ${JSON.stringify(parsed.error?.issues)}`);
    }
    const ada = JSON.parse(await fs.readFile(path.join(out, 'students', 'ada-all-three.json'), 'utf8')) as { provenance: { pack: { sha256: string }; confined: boolean }; rows: { files?: Record<string, string> }[] };
    assert.equal(ada.provenance.pack.sha256, hash);
    assert.equal(ada.provenance.confined, true);
    assert.ok(Object.keys(ada.rows.find((row) => row.files)?.files ?? {}).some((file) => file.startsWith('practice/')), 'the graded files are hashed');
    await assert.rejects(fs.access(path.join(out, 'students', 'kim-odd-workspace.json')), 'no result for a student who was not graded');

    // Similar submissions: two who hand in the same loop are a lead; starters shared by all are not.
    const { similar } = JSON.parse(await fs.readFile(path.join(out, 'class.json'), 'utf8')) as { similar: { exercise: string; a: string; b: string; similarity: number; spans: unknown[] }[] };
    const agentPairs = similar.filter((pair) => pair.exercise === AGENT).map((pair) => `${pair.a} ${pair.b}`);
    assert.ok(agentPairs.includes('ada-all-three lu-two-of-three'), `the same agent loop twice is a lead: ${agentPairs.join('; ')}`);
    assert.ok(!similar.some((pair) => pair.a === 'ed-starters-only' || pair.b === 'ed-starters-only'), 'a starter left as it is matches no one');
    assert.ok(similar.every((pair) => pair.similarity >= 0.6 && pair.spans.length > 0));
    assert.match(run.stderr, /\d+ similar pairs? of submissions to read \(class\.html; a lead, not a verdict\)/);

    await classReportInChromium(out);

    // Interrupted and run again: graded students are kept, not checked again.
    await fs.rm(path.join(out, 'students', 'bo-one-solved.json'));
    const again = await runCli(['grade', students, '--pack', pack, '--pack-sha256', hash, '--out', out, '--provider', 'replay']);
    assert.equal(again.code, 1);
    assert.match(again.stdout, /ada-all-three: 3\/9 passed, score 3\.00 \(kept from an earlier run\)/);
    assert.match(again.stdout, /bo-one-solved: 1\/9 passed, score 1\.00\n/);
    assert.match(again.stdout, /kim-odd-workspace: not graded: /);
  });

  it('grade --verify says a result holds, and names each difference once a graded file or the pack changes', async () => {
    const result = path.join(root, 'grades', 'students', 'ada-all-three.json');
    const ada = path.join(students, 'ada-all-three');
    const holds = await runCli(['grade', '--verify', result, '--workspace', ada, '--pack', pack]);
    assert.equal(holds.code, 0, `${holds.stdout}\n${holds.stderr}`);
    assert.match(holds.stdout, /The result holds: the same pack, the same graded files, and the same verdict on all 9 exercises/);

    await fs.writeFile(path.join(ada, 'practice', EVAL, 'dataset.jsonl'), '{"id": "only-one"}\n');
    const changed = await runCli(['grade', '--verify', result, '--workspace', ada, '--pack', pack]);
    assert.equal(changed.code, 1);
    assert.match(changed.stdout, new RegExp(`${EVAL}: a graded file changed since: practice/${EVAL}/dataset\\.jsonl\\.`));
    assert.match(changed.stdout, new RegExp(`${EVAL}: graded passed \\(100 %\\) then, failed \\(0 %\\) now\\.`));
    await fs.copyFile(path.join(pack, 'exercises', EVAL, 'solution', 'dataset.jsonl'), path.join(ada, 'practice', EVAL, 'dataset.jsonl'));

    const otherPack = path.join(root, 'other-pack');
    await fs.cp(pack, otherPack, { recursive: true });
    await fs.appendFile(path.join(otherPack, 'exercises', EVAL, 'README.md'), '\nOne more line.\n');
    const repacked = await runCli(['grade', '--verify', result, '--workspace', ada, '--pack', otherPack]);
    assert.equal(repacked.code, 1);
    assert.match(repacked.stdout, /The pack is not the one graded with: its content hash is [0-9a-f]{64}, the result's [0-9a-f]{64}\./);

    const notResult = await runCli(['grade', '--verify', path.join(root, 'class.txt'), '--pack', pack]);
    assert.equal(notResult.code, 1);
    assert.match(notResult.stderr, /Cannot read .*class\.txt: (there is no such file|it is not JSON)/);
  });

  it('refuses a pack that is not the pinned one, a list naming a missing folder, and per-submission formats, before grading anyone', async () => {
    const out = path.join(root, 'refused');
    const wrongHash = await runCli(['grade', students, '--pack', pack, '--pack-sha256', 'f'.repeat(64), '--out', out]);
    assert.equal(wrongHash.code, 1);
    assert.match(wrongHash.stderr, /not the pinned f{64}/);
    const list = path.join(root, 'class.txt');
    await fs.writeFile(list, `# section A\nsubmissions/ada-all-three\nsubmissions/nobody-here\n`);
    const missing = await runCli(['grade', list, '--pack', pack, '--out', out]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /class\.txt:3: submissions\/nobody-here is not a folder/);
    const perSubmission = await runCli(['grade', students, '--pack', pack, '--out', out, '--format', 'classroom50']);
    assert.match(perSubmission.stderr, /--format classroom50 results are made per submission/);
    await assert.rejects(fs.access(path.join(out, 'class.csv')), 'nothing was written');
  });
});
