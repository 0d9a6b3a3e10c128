import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { isCheckable } from '../../src/core/check/kinds/registry';
import { requestKey } from '../../src/core/model/modelRequest';
import { parseRecording } from '../../src/core/model/recordings';
import { loadPack } from '../../src/core/packLoader';
import { checkRunnerScript } from '../../src/core/practiceService';
import { verifyPack } from '../../src/core/packVerify';
import { fingerprintDrift } from '../../src/core/packFingerprints';
import { BUILTIN_PACK, REPO_ROOT } from '../support/helpers';

/** Where each known-wrong agent loop must fail: the scenario that shows its mistake. */
const FAILS_IN: Record<string, RegExp> = {
  'agent-loop-basics/no-step-limit': /stops at maxSteps/,
  'agent-loop-basics/throws-on-tool-error': /reports a failing tool/,
  'agent-loop-basics/results-in-separate-turns': /parallel tool calls/,
  'agent-loop-basics/forgets-assistant-turn': /answers after looking up/,
  'agent-loop-basics/ignores-unknown-tool': /unknown tool/,
  'agent-loop-recovery/retries-immediately': /backs off/,
  'agent-loop-recovery/ignores-retry-after': /retry-after/,
  'agent-loop-recovery/retries-forever': /gives up cleanly/,
  'agent-loop-recovery/retries-client-errors': /401/,
  'agent-loop-recovery/runs-invalid-input': /schema/,
  'agent-loop-recovery/throws-when-retries-run-out': /gives up cleanly/,
  'triage-structured-output/no-validation': /missing field/,
  'triage-structured-output/no-retry': /repairs/,
  'triage-structured-output/retries-without-feedback': /feeding the validation error back/,
  'triage-structured-output/json-parse-only': /prose/,
  'triage-structured-output/unbounded-retries': /maxAttempts/,
  'triage-structured-output/throws-raw-error': /repairs a missing field/,
  'triage-prompt-debugging/format-only': /case not-urgent/,
  'triage-prompt-debugging/obeys-the-ticket': /case instructions-in-ticket/,
  'contact-extraction-prompt/guesses-from-the-domain': /case company-from-domain/,
  'contact-extraction-prompt/nulls-everything': /case placeholder-values/,
  'review-comment-examples/visible-cases-as-examples': /hidden case: a bug after a compliment/,
  'review-comment-examples/boundary-examples-only': /case plain-question/,
  'review-comment-examples/bare-label-replies': /case plain-bug/,
  'clinic-assistant-context/newest-version': /moves an appointment/,
  'clinic-assistant-context/last-four-turns': /a late cancellation, with every turn kept/,
  'clinic-assistant-context/drops-the-facts': /a refill question/,
  'clinic-assistant-context/question-first': /moves an appointment/,
  'support-routing-costs/cheap-model-only': /answers stay as accurate/,
  'support-routing-costs/caches-the-ticket': /costs at most/,
  'support-routing-costs/truncates-the-reasoning': /answers stay as accurate/,
  'support-routing-costs/caching-only': /costs at most/,
  'support-routing-costs/strong-model-only': /costs at most/,
  'support-routing-costs/drops-the-precedence-rules': /answers stay as accurate/,
  'support-routing-costs/heading-only-prompt': /answers stay as accurate/,
  'support-routing-costs/truncates-tickets': /answers stay as accurate/,
  'inbox-assistant-injection/prompt-only': /forward the reset code/,
  'inbox-assistant-injection/strips-inline-images-only': /hidden · raw HTML/,
  'inbox-assistant-injection/recipient-prefix-match': /hidden · a recipient that starts like a named one/,
  'inbox-assistant-injection/blocks-every-send': /replies to a colleague/,
  'inbox-assistant-injection/strips-every-link': /keeping the link to the agenda/,
  'handbook-chunking/whole-documents': /every chunk fits/,
  'handbook-chunking/small-windows': /recall@3/,
  'handbook-chunking/paragraphs-without-headings': /recall@3/,
  'handbook-chunking/heading-chunks': /every chunk holds text/,
  'inbox-assistant-injection/twenty-steps': /hidden · a hijacked model that never stops calling tools/,
  'faq-hybrid-search/vector-only': /a product code: "How do I upgrade the TR-9100\?"/,
  'faq-hybrid-search/adds-raw-scores': /get my money back/,
  'faq-hybrid-search/only-documents-in-both': /get my money back/,
  'faq-hybrid-search/dot-product': /won't switch on/,
  'faq-hybrid-search/ranks-from-zero': /get my money back/,
  'faq-hybrid-search/embeds-one-at-a-time': /embeds all the documents in one call/,
  'faq-hybrid-search/ignores-k': /the best five when k is 5/,
  'faq-hybrid-search/ties-by-id': /get my money back/,
  'faq-hybrid-search/keeps-zero-similarity': /nothing matches/,
  'retrieval-metrics/keeps-repeats': /a page that comes back twice/,
  'retrieval-metrics/dedupes-after-cutting': /a page that comes back twice/,
  'retrieval-metrics/shares-tied-ranks': /equal scores ranks of their own/,
  'retrieval-metrics/grade-zero-counts': /grade 0/,
  'retrieval-metrics/counts-skipped-as-zero': /skips the queries with nothing relevant/,
  'retrieval-metrics/precision-over-results': /fewer results come back/,
  'retrieval-metrics/reciprocal-rank-beyond-k': /only the top k when k is 3/,
  'retrieval-metrics/ideal-from-results': /ideal ranking from the judgments/,
  'retrieval-metrics/discount-off-by-one': /a plain run/,
  'retrieval-metrics/binary-gains': /a plain run/,
  'retrieval-metrics/searches-twice': /calls search once per query/,
  'retrieval-metrics/pools-recall': /a plain run/,
  'policy-answers-citations/citations-not-enabled': /answers from two passages/,
  'policy-answers-citations/maps-by-title': /hidden · two passages with the same title/,
  'policy-answers-citations/numbers-every-citation': /one sentence backs two claims/,
  'policy-answers-citations/one-source-per-passage': /hidden · two sentences of one passage/,
  'policy-answers-citations/markers-at-the-end': /answers from two passages/,
  'policy-answers-citations/passes-uncited-answers': /says it cannot answer/,
  'policy-answers-citations/asks-again-for-citations': /says it cannot answer/,
  'bank-chat-guardrails/substring-terms': /a city whose name contains a blocked term/,
  'bank-chat-guardrails/refuses-after-the-call': /refuses investment advice/,
  'bank-chat-guardrails/forgets-ibans': /redacts an IBAN and a phone number/,
  'bank-chat-guardrails/redacts-every-long-number': /a payment reference that fails the Luhn check/,
  'bank-chat-guardrails/input-guard-only': /a refund promise never reaches the customer/,
  'bank-chat-guardrails/output-checks-personal-data-only': /drifts into investment tips/,
  'bank-chat-guardrails/redacts-the-reply': /an invented phone number never reaches the customer/,
  'bank-chat-guardrails/asks-again-on-failure': /a refund promise never reaches the customer/,
  'bank-chat-guardrails/blocks-every-refund-mention': /hidden · a reply that mentions a refund/,
};

const RUNNER = checkRunnerScript(__dirname);

// The built-in exercises must be real work against the real SDK: every TypeScript file a
// learner or the check will see must compile against the installed @anthropic-ai/sdk.
describe('built-in exercise content', () => {
  it('type-checks every TypeScript starter, solution, known-wrong solution and harness against the real SDK and zod', async () => {
    const pack = await loadPack(BUILTIN_PACK);
    const files: string[] = [];
    // A solution or known-wrong holds only the files it changes: each is type-checked as a learner's
    // folder would hold it, laid over the starter (and, for a project's stage, over the stages
    // before it, each starter with its reference), in a scratch folder of its own. The scratch
    // folder is inside the repository, so that the SDK and zod resolve as they do for the pack.
    await fs.mkdir(path.join(REPO_ROOT, 'out'), { recursive: true });
    const laidOut = await fs.mkdtemp(path.join(REPO_ROOT, 'out', 'laid-out-types-'));
    try {
      const copyTs = async (from: string, to: string): Promise<void> => {
        for (const entry of await fs.readdir(from, { recursive: true, withFileTypes: true })) {
          if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
          const source = path.join(entry.parentPath, entry.name);
          const target = path.join(to, path.relative(from, source));
          await fs.mkdir(path.dirname(target), { recursive: true });
          await fs.copyFile(source, target);
        }
      };
      for (const exercise of pack.exercises) {
        for (const dir of [exercise.starterDir, exercise.solutionDir, ...exercise.knownWrongDirs.map((wrong) => wrong.path)]) {
          const folder = path.join(laidOut, exercise.id, path.relative(exercise.dirPath, dir));
          await fs.mkdir(folder, { recursive: true });
          for (const earlier of exercise.stage?.earlier ?? []) {
            await copyTs(earlier.starterDir, folder);
            await copyTs(earlier.solutionDir, folder);
          }
          await copyTs(exercise.starterDir, folder);
          await copyTs(dir, folder);
          for (const name of await fs.readdir(folder, { recursive: true })) if (name.endsWith('.ts')) files.push(path.join(folder, name));
        }
        if (exercise.harnessPath) files.push(exercise.harnessPath);
        // A prompt exercise's simulated model, when it is written as code.
        const simulated = exercise.promptDebugging?.simulatorScenario;
        if (simulated?.endsWith('.ts')) files.push(path.join(exercise.dirPath, simulated));
      }
      assert.ok(files.length >= 7, `found ${files.length} TypeScript files`);
      const program = ts.createProgram(files, {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        skipLibCheck: true,
        types: [],
        typeRoots: [path.join(REPO_ROOT, 'node_modules', '@types')],
        baseUrl: REPO_ROOT,
      });
      const diagnostics = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
        const file = diagnostic.file ? path.resolve(diagnostic.file.fileName) : '';
        const shown = file.startsWith(laidOut) ? `${path.relative(laidOut, file)} (laid out)` : path.relative(REPO_ROOT, file);
        const where = diagnostic.file ? `${shown}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}` : '';
        return `${where} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
      });
      assert.deepEqual(diagnostics, []);
    } finally {
      await fs.rm(laidOut, { recursive: true, force: true });
    }
  });

  it('checks every checkable exercise honestly (pack verify): the reference passes, the starter and each known-wrong solution fail where they should', async (t) => {
    const pack = await loadPack(BUILTIN_PACK);
    const exercises = pack.exercises.filter((exercise) => isCheckable(exercise.kind));
    assert.ok(exercises.filter((exercise) => exercise.kind === 'eval-dataset').length >= 2, 'at least two eval-dataset exercises');
    assert.ok(exercises.some((exercise) => exercise.kind === 'agent-loop'), 'an agent-loop exercise');
    assert.ok(exercises.filter((exercise) => exercise.kind === 'prompt-debugging').length >= 2, 'at least two prompt-debugging exercises');
    for (const kind of ['cost-optimization', 'injection-defense', 'retrieval']) assert.ok(exercises.some((exercise) => exercise.kind === kind), `a ${kind} exercise`);
    // Every skill area of the roadmap has something to practise.
    for (const area of pack.manifest.areas) {
      const skills = new Set(area.skills.map((skill) => skill.id));
      assert.ok(exercises.some((exercise) => skills.has(exercise.skill)), `area ${area.id} has an exercise`);
    }
    const { ok, rows, requirements, verified } = await verifyPack(pack, { runnerScript: RUNNER });
    assert.deepEqual(rows.filter((row) => !row.ok).map((row) => `${row.exercise}/${row.solution}: ${row.problem ?? ''} (${row.message})`), []);
    // The shipped fingerprints.json is what the checks do now: learners are matched to known mistakes by it.
    // A known-wrong whose requests race (a Promise.all against a rate limit) can fail a little
    // differently from one run to the next: a drift a second run does not reproduce is reported as
    // unstable, not failed; one that stays is a stale file.
    const drift = await fingerprintDrift(pack, verified);
    let lasting = drift;
    if (drift.length > 0) {
      const again = await verifyPack(pack, { runnerScript: RUNNER, only: drift.map((line) => line.slice(0, line.indexOf(':'))) });
      const reproduced = new Set(await fingerprintDrift(pack, again.verified));
      lasting = drift.filter((line) => reproduced.has(line));
      for (const line of drift.filter((line) => !reproduced.has(line))) t.diagnostic(`an unstable fingerprint, not reproduced by a second run: ${line}`);
    }
    assert.deepEqual(lasting, [], 'packs/builtin/fingerprints.json is stale: run `node bin/ai-practice.js pack verify packs/builtin --write-fingerprints` and commit it');
    // Every exercise traces its README's rules: each requirement checked and broken by a known-wrong, each check traced.
    assert.deepEqual(requirements.map((matrix) => matrix.exercise).sort(), exercises.map((exercise) => exercise.id).sort());
    assert.deepEqual(requirements.flatMap((matrix) => matrix.gaps.map((gap) => `${matrix.exercise}: ${gap}`)), []);
    for (const exercise of exercises) {
      for (const wrong of exercise.knownWrongDirs) assert.ok(wrong.breaks.length > 0, `${exercise.id}/${path.basename(wrong.path)} names the requirement it breaks`);
    }
    assert.ok(ok);
    const expectedRows = exercises.reduce((sum, exercise) => sum + 2 + exercise.knownWrongDirs.length, 0);
    assert.equal(rows.filter((row) => row.got !== 'skipped').length, expectedRows);

    for (const row of rows) {
      const failing = (row.report?.tests ?? []).filter((test) => test.status === 'fail').map((test) => test.name);
      const scenario = FAILS_IN[`${row.exercise}/${row.solution}`];
      if (scenario) assert.ok(failing.some((test) => scenario.test(test)), `${row.exercise}/${row.solution} fails where it shows its mistake; failing: ${failing.join(' | ')}`);
    }
    for (const exercise of exercises) {
      const reference = rows.find((row) => row.exercise === exercise.id && row.solution === 'reference')?.report;
      const starter = rows.find((row) => row.exercise === exercise.id && row.solution === 'starter')?.report;
      assert.ok(reference && starter);
      if (exercise.kind === 'prompt-debugging') {
        // Every sample of every case passes for the reference, and the answers say where they came from.
        assert.ok(reference.tests.every((test) => /^3 of 3 samples passed/.test(test.message ?? '')), `${exercise.id}: ${reference.tests.map((test) => test.message).join(' | ')}`);
        assert.ok(reference.tests.some((test) => test.name.startsWith('hidden case')), `${exercise.id} has hidden cases`);
        assert.equal(reference.usage?.fromCache, reference.usage?.calls);
        assert.deepEqual(reference.advice, [], `${exercise.id}: the offline review has nothing to say about the reference`);
        assert.ok(starter.advice && starter.advice.length >= 2, `${exercise.id}: the review finds the starter's defects`);
      }
      const settings = exercise.evalDataset;
      if (!settings) continue;
      const variants = /exposes (\d+) of (\d+) buggy implementations/.exec(reference.message);
      assert.ok(variants && variants[1] === variants[2], `${exercise.id}: the reference exposes every variant (${reference.message})`);
      assert.ok(Number(variants[2]) >= 8, `${exercise.id}: at least 8 buggy variants`);
      // The instructions state what the check enforces.
      const instructions = await fs.readFile(exercise.instructionsPath, 'utf8');
      for (const tag of settings.requiredTags) assert.ok(instructions.includes(`\`${tag}\``), `${exercise.id}: README names the tag ${tag}`);
      assert.ok(instructions.includes(`at least ${settings.minVariantsExposed} of the ${variants[2]} buggy implementations`), `${exercise.id}: README states the pass mark`);
    }
  });

  it('ships recordings that say where every answer came from, and never pass a simulator off as a model', async () => {
    const pack = await loadPack(BUILTIN_PACK);
    for (const exercise of pack.exercises.filter((item) => item.kind === 'prompt-debugging')) {
      const settings = exercise.promptDebugging;
      assert.ok(settings?.simulatorScenario, `${exercise.id} names the scenario its recordings come from`);
      const dir = path.join(exercise.dirPath, settings.recordings);
      const files = (await fs.readdir(dir)).filter((name) => name.endsWith('.json')).sort();
      const expected = ['reference.json', 'starter.json', ...exercise.knownWrongDirs.map((wrong) => `wrong-${path.basename(wrong.path)}.json`)].sort();
      assert.deepEqual(files, expected, `${exercise.id}: a recording per prompt`);
      for (const name of files) {
        const recording = parseRecording(await fs.readFile(path.join(dir, name), 'utf8'), name);
        assert.equal(recording.exercise, exercise.id);
        assert.ok(recording.entries.length > 0);
        for (const entry of recording.entries) {
          // Nothing here was produced by a real model, and every entry says so.
          assert.deepEqual([entry.provenance.source, 'scenario' in entry.provenance ? entry.provenance.scenario : ''], ['simulator', `${exercise.id}/${settings.simulatorScenario}`]);
          assert.equal(entry.key, requestKey(entry.request, entry.sample), `${name}: the key matches the request it records`);
        }
      }
    }
  });

  it('gives prompt-debugging templates the placeholders the check fills in', async () => {
    const root = path.join(BUILTIN_PACK, 'exercises', 'triage-prompt-debugging');
    for (const dir of ['starter', 'solution', 'wrong/obeys-the-ticket']) {
      const template = await fs.readFile(path.join(root, dir, 'user.md'), 'utf8');
      for (const placeholder of ['{{message}}', '{{plan}}', '{{openTickets}}']) assert.ok(template.includes(placeholder), `${dir}/user.md has ${placeholder}`);
    }
    const cases = (await fs.readFile(path.join(root, 'starter/cases.jsonl'), 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line));
    const failures = await fs.readFile(path.join(root, 'starter/failures.md'), 'utf8');
    for (const testCase of cases) assert.ok(failures.includes(testCase.input.message.slice(0, 30)), `failures.md shows ${testCase.id}`);
  });
});
