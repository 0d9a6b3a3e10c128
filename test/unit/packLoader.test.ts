import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { loadPack, validatePack } from '../../src/core/packLoader';
import { formatPackProblem, PackInvalidError, type PackProblem } from '../../src/core/packProblem';
import { EXERCISE_KINDS } from '../../src/core/packSchema';
import { UserError } from '../../src/core/userError';
import { BUILTIN_PACK, lineOf, minimalManifest, REPO_ROOT, temporaryDir, writePack } from '../support/helpers';

async function problemsOf(dir: string): Promise<PackProblem[]> {
  const result = await validatePack(dir);
  assert.equal(result.pack, undefined, 'the pack should have been refused');
  assert.ok(result.problems.length > 0);
  return result.problems;
}

async function manifestText(dir: string): Promise<string> {
  return fs.readFile(path.join(dir, 'ai-practice-pack.json'), 'utf8');
}

describe('loading a valid pack', () => {
  it('resolves every exercise path and lists the starter files', async () => {
    const dir = await writePack(minimalManifest());
    const pack = await loadPack(dir);
    const [exercise] = pack.exercises;
    assert.ok(exercise);
    assert.equal(exercise.instructionsPath, path.join(dir, 'exercises/first-dataset/README.md'));
    assert.deepEqual(exercise.starterFiles, ['dataset.jsonl']);
    assert.equal(exercise.solutionDir, path.join(dir, 'exercises/first-dataset/solution'));
    assert.deepEqual(pack.skills.get('llm-as-judge')?.skill.prerequisites, ['eval-datasets']);
  });

  it('accepts comments and trailing commas (the manifest is JSON with comments)', async () => {
    const text = JSON.stringify(minimalManifest(), null, 2).replace('{\n', '{\n  // an instructor\'s note\n').replace(/\n}$/, ',\n}');
    const pack = await loadPack(await writePack(text));
    assert.equal(pack.manifest.id, 'tiny-pack');
  });
});

describe('a manifest saved with a byte-order mark', () => {
  it('loads as without one, and its problems keep the lines and columns an editor shows', async () => {
    const pack = await loadPack(await writePack(`\ufeff${JSON.stringify(minimalManifest(), null, 2)}`));
    assert.equal(pack.manifest.id, 'tiny-pack');
    const broken = `\ufeff${JSON.stringify(minimalManifest(), null, 2).replace('"title": "Tiny pack",', '"title": "Tiny pack"')}`;
    const [problem] = await problemsOf(await writePack(broken));
    assert.equal(problem?.line, lineOf(broken, '"version"'));
    assert.equal(problem?.column, 3);
  });
});

describe('refusing a broken manifest, with file, line and field', () => {
  it('reports a JSON syntax error at its line and column', async () => {
    const text = JSON.stringify(minimalManifest(), null, 2).replace('"title": "Tiny pack",', '"title": "Tiny pack"');
    const dir = await writePack(text);
    const [problem] = await problemsOf(dir);
    assert.equal(problem?.file, path.join(dir, 'ai-practice-pack.json'));
    assert.equal(problem?.line, lineOf(text, '"version"'));
    assert.match(problem?.message ?? '', /JSON syntax error: expected ","/);
  });

  it('reports an empty manifest file', async () => {
    const [problem] = await problemsOf(await writePack(''));
    assert.match(problem?.message ?? '', /JSON syntax error/);
  });

  it('reports a missing required field at the object that lacks it', async () => {
    const manifest = minimalManifest();
    delete manifest.exercises[0].title;
    const dir = await writePack(manifest);
    const [problem] = await problemsOf(dir);
    assert.equal(problem?.field, 'exercises[0].title');
    assert.equal(problem?.message, 'missing required field "title"');
    // The exercise object opens on the line after `"exercises": [`.
    assert.equal(problem?.line, lineOf(await manifestText(dir), '"exercises"') + 1);
  });

  it('reports a wrong type with the value it got', async () => {
    const manifest = minimalManifest();
    manifest.exercises[0].minutes = '10';
    const dir = await writePack(manifest);
    const [problem] = await problemsOf(dir);
    assert.equal(problem?.field, 'exercises[0].minutes');
    assert.equal(problem?.message, 'expected a number, got string "10"');
    assert.equal(problem?.line, lineOf(await manifestText(dir), '"minutes"'));
  });

  it('refuses a fractional number of minutes', async () => {
    const manifest = minimalManifest();
    manifest.exercises[0].minutes = 12.5;
    const [problem] = await problemsOf(await writePack(manifest));
    assert.equal(problem?.message, 'expected a whole number, got the fraction 12.5');
  });

  it('refuses an unknown exercise kind and lists the known ones', async () => {
    const manifest = minimalManifest();
    manifest.exercises[0].kind = 'eval-datasets';
    const [problem] = await problemsOf(await writePack(manifest));
    assert.equal(problem?.field, 'exercises[0].kind');
    assert.match(problem?.message ?? '', /^"eval-datasets" is not allowed; use one of /);
    for (const kind of EXERCISE_KINDS) assert.ok(problem?.message.includes(`"${kind}"`), kind);
    assert.match(problem?.message ?? '', /did you mean "eval-dataset"\?/);
  });

  it('points at an unknown field and suggests the intended one', async () => {
    const manifest = minimalManifest();
    manifest.exercises[0].hint = manifest.exercises[0].hints;
    delete manifest.exercises[0].hints;
    const dir = await writePack(manifest);
    const problems = await problemsOf(dir);
    const unknown = problems.find((problem) => problem.field === 'exercises[0].hint');
    assert.equal(unknown?.message, 'unknown field "hint" (did you mean "hints"?)');
    assert.equal(unknown?.line, lineOf(await manifestText(dir), '"hint"'));
    assert.ok(problems.some((problem) => problem.message === 'missing required field "hints"'));
  });

  it('says a value written as text is text, and suggests nothing when the suggestion would be the same text', async () => {
    const manifest = minimalManifest();
    manifest.formatVersion = '1';
    const [problem] = await problemsOf(await writePack(manifest));
    assert.equal(problem?.field, 'formatVersion');
    assert.equal(problem?.message, '"1" is text; write 1 without quotes');
  });

  it('names a "__proto__" field as the unknown field it is, without letting it set the prototype', async () => {
    const text = JSON.stringify(minimalManifest(), null, 2).replace('"formatVersion": 1,', '"formatVersion": 1, "__proto__": { "polluted": true },');
    const [problem] = await problemsOf(await writePack(text));
    assert.equal(problem?.field, '__proto__');
    assert.equal(problem?.message, 'unknown field "__proto__"');
    assert.equal(problem?.line, lineOf(text, '"__proto__"'));
    assert.equal(({} as { polluted?: unknown }).polluted, undefined);
  });

  it('follows a chain of 8,000 prerequisites without running out of stack, and shortens the cycle it closes', async () => {
    const manifest = minimalManifest();
    const count = 8_000;
    manifest.areas[0].skills = Array.from({ length: count }, (_, i) => ({ id: `s${i}`, title: `S${i}`, summary: 'x', prerequisites: i > 0 ? [`s${i - 1}`] : [] }));
    manifest.exercises[0].skill = `s${count - 1}`;
    const chain = await validatePack(await writePack(manifest));
    assert.deepEqual(chain.problems, []);
    manifest.areas[0].skills[0].prerequisites = [`s${count - 1}`];
    const [problem] = await problemsOf(await writePack(manifest));
    assert.equal(problem?.message, `prerequisites form a cycle: s0 → s7999 → s7998 → s7997 → s7996 → … ${count + 1 - 9} more … → s3 → s2 → s1 → s0`);
  });

  it('refuses a manifest nested 100,000 levels deep as a syntax problem at the first level too deep, without overflowing the stack', async () => {
    const text = JSON.stringify(minimalManifest(), null, 2).replace('"formatVersion": 1,', `"formatVersion": 1, "deep": ${'['.repeat(100_000)}${']'.repeat(100_000)},`);
    const [problem] = await problemsOf(await writePack(text));
    assert.equal(problem?.message, 'JSON syntax error: nested more than 64 levels deep');
    assert.equal(problem?.line, lineOf(text, '"deep"'));
    // Brackets inside strings and comments are not nesting.
    const quoted = JSON.stringify(minimalManifest(), null, 2).replace('"title": "Tiny pack",', `"title": "${'['.repeat(200)}", // ${'{'.repeat(200)}\n`);
    assert.equal((await validatePack(await writePack(quoted))).problems.length, 0);
  });

  it('requires at least one hint', async () => {
    const manifest = minimalManifest();
    manifest.exercises[0].hints = [];
    const [problem] = await problemsOf(await writePack(manifest));
    assert.equal(problem?.field, 'exercises[0].hints');
    assert.equal(problem?.message, 'give at least one hint');
  });

  it('names the second of two duplicate ids and where the first is', async () => {
    const manifest = minimalManifest();
    manifest.exercises.push({ ...manifest.exercises[0], title: 'Again' });
    const dir = await writePack(manifest);
    const text = await manifestText(dir);
    const [problem] = await problemsOf(dir);
    assert.equal(problem?.field, 'exercises[1].id');
    assert.equal(problem?.line, lineOf(text, '"id": "first-dataset"', 2));
    assert.equal(problem?.message, `duplicate exercise id "first-dataset" (first used on line ${lineOf(text, '"id": "first-dataset"')})`);
  });

  it('refuses an exercise whose skill does not exist, suggesting the closest', async () => {
    const manifest = minimalManifest();
    manifest.exercises[0].skill = 'eval-dataset';
    const [problem] = await problemsOf(await writePack(manifest));
    assert.equal(problem?.field, 'exercises[0].skill');
    assert.equal(problem?.message, 'unknown skill "eval-dataset" (did you mean "eval-datasets"?)');
    assert.match(problem?.fix ?? '', /areas\[\]\.skills\[\]/);
  });

  it('refuses unknown and circular prerequisites', async () => {
    const manifest = minimalManifest();
    manifest.areas[0].skills[0].prerequisites = ['llm-as-judge'];
    manifest.areas[0].skills[1].prerequisites = ['eval-datasets', 'prompting'];
    const problems = await problemsOf(await writePack(manifest));
    assert.ok(problems.some((p) => p.field === 'areas[0].skills[1].prerequisites[1]' && p.message === 'unknown skill "prompting"'));
    assert.ok(problems.some((p) => /prerequisites form a cycle: (eval-datasets → llm-as-judge → eval-datasets|llm-as-judge → eval-datasets → llm-as-judge)/.test(p.message)));
  });

  it('refuses an exercise pointing at a missing instructions file', async () => {
    const dir = await writePack(minimalManifest(), { 'exercises/first-dataset/README.md': null });
    const [problem] = await problemsOf(dir);
    assert.equal(problem?.field, 'exercises[0].instructions');
    assert.equal(problem?.message, 'file "exercises/first-dataset/README.md" does not exist in the pack');
  });

  it('refuses an empty starter folder and a missing solution folder', async () => {
    const dir = await writePack(minimalManifest(), {
      'exercises/first-dataset/starter/dataset.jsonl': null,
      'exercises/first-dataset/solution/dataset.jsonl': null,
    });
    await fs.mkdir(path.join(dir, 'exercises/first-dataset/starter'), { recursive: true });
    const problems = await problemsOf(dir);
    assert.ok(problems.some((p) => p.field === 'exercises[0].starter' && p.message === 'the starter folder is empty'));
    assert.ok(problems.some((p) => p.field === 'exercises[0].solution' && /does not exist/.test(p.message)));
  });

  for (const [label, dir, reason] of [
    ['climbs out with ..', '../outside', /climbs out with "\.\."/],
    ['is absolute', '/etc', /is absolute/],
    ['uses a Windows drive', 'C:/packs/x', /is absolute/],
    ['uses backslashes', 'exercises\\first-dataset', /backslash/],
  ] as const) {
    it(`refuses a path that ${label}`, async () => {
      const manifest = minimalManifest();
      manifest.exercises[0].dir = dir;
      const [problem] = await problemsOf(await writePack(manifest));
      assert.equal(problem?.field, 'exercises[0].dir');
      assert.match(problem?.message ?? '', reason);
    });
  }

  it('refuses a path that leads out of the pack through a symbolic link', async () => {
    const outside = await temporaryDir('ai-practice-outside-');
    await fs.writeFile(path.join(outside, 'secrets.md'), 'not yours');
    const manifest = minimalManifest();
    manifest.exercises[0].instructions = 'linked/secrets.md';
    const dir = await writePack(manifest);
    await fs.symlink(outside, path.join(dir, 'exercises/first-dataset/linked'));
    const [problem] = await problemsOf(dir);
    assert.equal(problem?.field, 'exercises[0].instructions');
    assert.match(problem?.message ?? '', /leads outside the pack \(through a symbolic link/);
  });

  it('refuses a symbolic link among the starter files', async () => {
    const dir = await writePack(minimalManifest());
    await fs.symlink('/etc/hostname', path.join(dir, 'exercises/first-dataset/starter/host'));
    const [problem] = await problemsOf(dir);
    assert.equal(problem?.field, 'exercises[0].starter');
    assert.match(problem?.message ?? '', /"host" is a symbolic link/);
  });

  it('says a pack needs a newer version when formatVersion is ahead', async () => {
    const manifest = minimalManifest();
    manifest.formatVersion = 2;
    manifest.somethingNew = true;
    const problems = await problemsOf(await writePack(manifest));
    assert.equal(problems.length, 1, 'only the version problem, not the unknown fields of the new format');
    assert.match(problems[0]?.message ?? '', /uses format 2, but this version .* reads format 1/);
  });

  it('reports a folder without a manifest', async () => {
    const dir = await temporaryDir();
    const [problem] = await problemsOf(dir);
    assert.match(problem?.message ?? '', /no ai-practice-pack\.json in this folder/);
  });

  it('throws a UserError for a pack folder that does not exist', async () => {
    await assert.rejects(validatePack('/nonexistent/pack'), (error: unknown) => error instanceof UserError && /does not exist/.test(error.message));
  });

  it('formats problems as file:line:column field: message — fix', async () => {
    const manifest = minimalManifest();
    manifest.exercises[0].skill = 'nope';
    const dir = await writePack(manifest);
    const error = await loadPack(dir).then(
      () => assert.fail('expected the pack to be refused'),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof PackInvalidError);
    const line = lineOf(await manifestText(dir), '"skill": "nope"');
    assert.match(formatPackProblem(error.problems[0] as PackProblem), new RegExp(`ai-practice-pack\\.json:${line}:\\d+ exercises\\[0\\]\\.skill: unknown skill "nope" — `));
    assert.match(error.message, /has 1 problem:/);
  });
});

describe('the built-in pack', () => {
  it('is valid', async () => {
    const result = await validatePack(BUILTIN_PACK);
    assert.deepEqual(result.problems.map(formatPackProblem), []);
  });

  it('carries every skill area of the product, each skill with a summary', async () => {
    const pack = await loadPack(BUILTIN_PACK);
    assert.deepEqual(
      pack.manifest.areas.map((area) => area.id),
      ['model-literacy', 'prompting', 'structured-output', 'retrieval', 'agents', 'evaluation', 'production'],
    );
    const skills = [...pack.skills.keys()];
    for (const expected of ['tokens-and-cost', 'prompt-debugging', 'json-output', 'chunking', 'retrieval-quality', 'agent-loop', 'eval-datasets', 'llm-as-judge', 'cost-and-latency', 'caching', 'guardrails', 'prompt-injection', 'observability']) {
      assert.ok(skills.includes(expected), `skill ${expected}`);
    }
    for (const { skill } of pack.skills.values()) assert.ok(skill.summary.length > 80, `${skill.id} has a real summary`);
  });

  it('has real exercises for the first three kinds, each with hints, a solution and known-wrong solutions', async () => {
    const pack = await loadPack(BUILTIN_PACK);
    const kinds = new Set(pack.exercises.map((exercise) => exercise.kind));
    for (const kind of ['eval-dataset', 'agent-loop', 'prompt-debugging'] as const) assert.ok(kinds.has(kind), kind);
    for (const exercise of pack.exercises) {
      assert.ok(exercise.hints.length >= 3, `${exercise.id} hints`);
      assert.ok(exercise.knownWrongDirs.length >= 2, `${exercise.id} known-wrong solutions`);
      const solutionFiles = await fs.readdir(exercise.solutionDir);
      // A project's stage may change a file an earlier stage laid out: what it replaces is the
      // latest version of it, the earlier stage's reference or its starter.
      const laidOver = [exercise.starterDir, ...[...(exercise.stage?.earlier ?? [])].reverse().flatMap((earlier) => [earlier.solutionDir, earlier.starterDir])];
      const starterFiles = [...exercise.starterFiles, ...(exercise.stage?.earlier ?? []).flatMap((earlier) => earlier.starterFiles)];
      for (const file of solutionFiles) {
        assert.ok(starterFiles.includes(file), `${exercise.id}: solution file ${file} replaces a starter file`);
        const replaced = (await Promise.all(laidOver.map((dir) => fs.stat(path.join(dir, file)).then(() => dir, () => undefined)))).find((dir) => dir !== undefined) ?? exercise.starterDir;
        const [starter, solution] = await Promise.all([
          fs.readFile(path.join(replaced, file), 'utf8'),
          fs.readFile(path.join(exercise.solutionDir, file), 'utf8'),
        ]);
        assert.notEqual(solution, starter, `${exercise.id}: the solution differs from the starter`);
      }
    }
  });
});

describe('the published JSON Schema', () => {
  it('is generated from the zod schema and contributed for ai-practice-pack.json', async () => {
    const manifest = JSON.parse(await fs.readFile(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    const [contribution] = manifest.contributes.jsonValidation;
    assert.equal(contribution.fileMatch, 'ai-practice-pack.json');
    const schema = JSON.parse(await fs.readFile(path.join(REPO_ROOT, contribution.url), 'utf8'));
    assert.deepEqual(schema.properties.exercises.items.properties.kind.enum, [...EXERCISE_KINDS]);
    assert.ok(schema.required.includes('formatVersion'));
    assert.ok(!schema.properties.exercises.items.required.includes('instructions'), 'fields with defaults are optional for authors');
    assert.equal(schema.properties.exercises.items.additionalProperties, false, 'typos are flagged in the editor too');
  });

  it('requires the settings section of a checkable kind, refuses it on other kinds, and checks its files', async () => {
    const missing = minimalManifest();
    delete missing.exercises[0].evalDataset;
    const { problems: noSection } = await validatePack(await writePack(missing));
    assert.match(noSection[0]?.message ?? '', /^an eval-dataset exercise needs a "evalDataset" section saying how it is checked$/);
    assert.equal(noSection[0]?.field, 'exercises[0].kind');

    const wrongKind = minimalManifest();
    wrongKind.exercises[0].kind = 'judge-calibration';
    const { problems: misplaced } = await validatePack(await writePack(wrongKind));
    const stray = misplaced.find((problem) => problem.field === 'exercises[0].evalDataset');
    assert.match(stray?.message ?? '', /"evalDataset" does not apply to a judge-calibration exercise/);
    assert.match(misplaced.find((problem) => problem.field === 'exercises[0].kind')?.message ?? '', /a judge-calibration exercise needs a "judgeCalibration" section/);

    const promptWithout = minimalManifest();
    promptWithout.exercises[0].kind = 'prompt-debugging';
    delete promptWithout.exercises[0].evalDataset;
    const { problems: noPromptSection } = await validatePack(await writePack(promptWithout));
    assert.match(noPromptSection[0]?.message ?? '', /^a prompt-debugging exercise needs a "promptDebugging" section/);

    const promptFiles = minimalManifest();
    promptFiles.exercises[0].kind = 'prompt-debugging';
    delete promptFiles.exercises[0].evalDataset;
    promptFiles.exercises[0].promptDebugging = { hiddenCases: 'check/hidden.jsonl', samples: 2, minPasses: 3 };
    const { problems: promptProblems } = await validatePack(await writePack(promptFiles));
    assert.deepEqual(promptProblems.map((problem) => problem.field), ['exercises[0].promptDebugging.minPasses']);
    promptFiles.exercises[0].promptDebugging = { hiddenCases: 'check/hidden.jsonl' };
    const { problems: promptFileProblems } = await validatePack(await writePack(promptFiles));
    assert.deepEqual(promptFileProblems.map((problem) => problem.field).sort(), [
      'exercises[0].promptDebugging.cases',
      'exercises[0].promptDebugging.hiddenCases',
      'exercises[0].promptDebugging.recordings',
      'exercises[0].promptDebugging.system',
      'exercises[0].promptDebugging.user',
    ]);

    const badFiles = minimalManifest();
    badFiles.exercises[0].evalDataset.dataset = 'datset.jsonl';
    badFiles.exercises[0].evalDataset.harness = 'check/missing.ts';
    const { problems: files } = await validatePack(await writePack(badFiles));
    assert.deepEqual(files.map((problem) => problem.field).sort(), ['exercises[0].evalDataset.dataset', 'exercises[0].evalDataset.harness']);
    assert.ok(files.some((problem) => /"datset\.jsonl" is not one of the starter files \(dataset\.jsonl\) \(did you mean "dataset\.jsonl"\?\)/.test(problem.message)));
    assert.ok(files.some((problem) => /file "exercises\/first-dataset\/check\/missing\.ts" does not exist in the pack/.test(problem.message)));
  });
});
