import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { equivalentEntryFor, matchEquivalentMutants } from '../../src/core/mutate/equivalentMutants';
import { applyMutant, codeMutants, datasetMutants, loadTokenizer, type Mutant, promptMutants } from '../../src/core/mutate/mutants';
import { sample } from '../../src/core/mutate/mutationRun';
import { packManifestSchema } from '../../src/core/packSchema';
import { minimalManifest } from '../support/helpers';

// The tokenizer the CLI uses: the built library (npm test builds dist/ first).
const tokenizer = loadTokenizer(path.resolve(__dirname, '..', '..', '..', 'dist', 'lib'));

/** Each mutant as [operator, line, column, change, the mutated source]. */
function mutantsOf(source: string, file = 'agent.ts'): [string, number, number, string, string][] {
  return codeMutants(file, source, tokenizer).map((mutant) => [mutant.operator, mutant.line, mutant.column, mutant.change, applyMutant(source, mutant)]);
}

describe('code mutants', () => {
  it('relational: each comparison bounded and flipped, at its column', () => {
    assert.deepEqual(mutantsOf('ok = a < b;\nok = a >= b;'), [
      ['relational', 1, 8, '< → <=', 'ok = a <= b;\nok = a >= b;'],
      ['relational', 1, 8, '< → >=', 'ok = a >= b;\nok = a >= b;'],
      ['relational', 2, 8, '>= → >', 'ok = a < b;\nok = a > b;'],
      ['relational', 2, 8, '>= → <', 'ok = a < b;\nok = a < b;'],
    ]);
  });

  it('equality, logical and negation: === ↔ !==, && ↔ ||, ?? → &&, a prefix ! removed', () => {
    const source = 'ok = a === b && !c || d;\nv = d ?? e;';
    assert.deepEqual(mutantsOf(source), [
      ['equality', 1, 8, '=== → !==', source.replace('===', '!==')],
      ['logical', 1, 14, '&& → ||', source.replace('&&', '||')],
      ['negation', 1, 17, 'remove !', source.replace('!c', 'c')],
      ['logical', 1, 20, '|| → &&', source.replace('||', '&&')],
      ['logical', 2, 7, '?? → &&', source.replace('??', '&&')],
    ]);
  });

  it("leaves TypeScript's non-null assertion and type positions alone: removing them changes nothing at run time", () => {
    assert.deepEqual(mutantsOf('const x: Map<string, number> | undefined = m!;\ntype T = A extends B ? true : false;'), []);
  });

  it('arithmetic and update: + ↔ -, * ↔ /, += ↔ -=, ++ ↔ --', () => {
    assert.deepEqual(
      mutantsOf('n = a + b * c; n += d; n++;').map(([operator, , column, change]) => [operator, column, change]),
      [
        ['arithmetic', 7, '+ → -'],
        ['arithmetic', 11, '* → /'],
        ['arithmetic', 18, '+= → -='],
        ['update', 25, '++ → --'],
      ],
    );
  });

  it('literals: booleans flipped, a number to n+1 and to 0 (0 only to 1), a string to empty; module names and object keys kept', () => {
    assert.deepEqual(mutantsOf("import { z } from 'zod';\nconst o = { 'key': true, n: 0, m: 7, s: 'hi' };"), [
      ['boolean', 2, 20, 'true → false', "import { z } from 'zod';\nconst o = { 'key': false, n: 0, m: 7, s: 'hi' };"],
      ['number', 2, 29, '0 → 1', "import { z } from 'zod';\nconst o = { 'key': true, n: 1, m: 7, s: 'hi' };"],
      ['number', 2, 35, '7 → 8', "import { z } from 'zod';\nconst o = { 'key': true, n: 0, m: 8, s: 'hi' };"],
      ['number', 2, 35, '7 → 0', "import { z } from 'zod';\nconst o = { 'key': true, n: 0, m: 0, s: 'hi' };"],
      ['string', 2, 41, "'hi' → ''", "import { z } from 'zod';\nconst o = { 'key': true, n: 0, m: 7, s: '' };"],
    ]);
  });

  it('conditions: an if made true and false, a while made false (true would only loop), a return made undefined, an await removed', () => {
    const source = 'async function f() {\n  while (busy) wait();\n  if (x) {\n    return await g(x);\n  }\n  return;\n}';
    assert.deepEqual(mutantsOf(source), [
      ['condition', 2, 10, 'while (busy) → while (false)', source.replace('while (busy)', 'while (false)')],
      ['condition', 3, 7, 'if (x) → if (true)', source.replace('if (x)', 'if (true)')],
      ['condition', 3, 7, 'if (x) → if (false)', source.replace('if (x)', 'if (false)')],
      ['return', 4, 12, 'return await g(x) → return undefined', source.replace('return await g(x);', 'return undefined;')],
      ['await', 4, 12, 'remove await', source.replace('await g(x)', 'g(x)')],
    ]);
  });

  it('every mutant is one change that still parses, with the line text equivalent entries match on', () => {
    const source = 'export function pick(xs: number[], limit = 3): number[] {\n  return xs.filter((x) => x > 0 && x % 2 === 0).slice(0, limit);\n}\n';
    const mutants = codeMutants('pick.ts', source, tokenizer);
    assert.ok(mutants.length >= 8);
    for (const mutant of mutants) {
      const mutated = applyMutant(source, mutant);
      assert.doesNotThrow(() => tokenizer.parse(mutated, false, true, false), mutant.change);
      assert.equal(mutant.lineText, source.split('\n')[mutant.line - 1]?.trim());
    }
    assert.equal(new Set(mutants.map((mutant) => mutant.id)).size, mutants.length, 'ids are unique');
  });
});

describe('data mutants of an eval dataset', () => {
  const source = [
    '{"id": "fifty", "input": {"score": 50}, "expected": {"grade": "pass", "tags": ["a"]}}',
    '',
    '{"id": "zero", "input": {"score": 0}, "expected": {"grade": "fail", "retry": false, "delayMs": 0}}',
  ].join('\n');
  const settings = { requiredValues: { 'expected.grade': ['pass', 'fail', 'maybe'], 'expected.tags': ['a', 'b'] } };

  it('changes one expected value to each other allowed value, or drops the case, one line each', () => {
    const mutants = datasetMutants('dataset.jsonl', source, settings);
    assert.deepEqual(
      mutants.map((mutant) => [mutant.operator, mutant.line, mutant.change]),
      [
        ['case-value', 1, 'case "fifty" expected.grade: "pass" → "fail"'],
        ['case-value', 1, 'case "fifty" expected.grade: "pass" → "maybe"'],
        ['case-value', 1, 'case "fifty" expected.tags: ["a"] → ["b"]'],
        ['case-drop', 1, 'drop case "fifty"'],
        ['case-value', 3, 'case "zero" expected.grade: "fail" → "pass"'],
        ['case-value', 3, 'case "zero" expected.grade: "fail" → "maybe"'],
        ['case-value', 3, 'case "zero" expected.retry: false → true'],
        ['case-value', 3, 'case "zero" expected.delayMs: 0 → 1'],
        ['case-drop', 3, 'drop case "zero"'],
      ],
    );
    const flip = mutants[0] as Mutant;
    assert.equal(flip.column, source.indexOf('"grade"') + 1);
    const lines = applyMutant(source, flip).split('\n');
    assert.deepEqual(JSON.parse(lines[0] as string), { id: 'fifty', input: { score: 50 }, expected: { grade: 'fail', tags: ['a'] } });
    assert.equal(lines[2], source.split('\n')[2], 'other cases are untouched');
    const drop = mutants[3] as Mutant;
    assert.equal(applyMutant(source, drop), source.split('\n').slice(1).join('\n'));
  });

  it('skips lines that are not JSON objects: the check reports those, they are not mutants', () => {
    assert.deepEqual(datasetMutants('dataset.jsonl', 'not json\n[1, 2]\n', settings), []);
  });
});

describe('prompt mutants', () => {
  const source = [
    'You triage tickets. Reply with JSON only.',
    '',
    'Rules:',
    '- urgency: "high" when the customer asks; "low" when they say it is not urgent.',
    '- needsHuman: true with 3 or more open tickets',
    '  or two or more categories.',
    '',
    'Plan: {{plan}}',
    '<ticket>',
    '{{message}}',
    '</ticket>',
    '',
  ].join('\n');

  it('drops one statement each: a sentence, a whole paragraph or bullet of several, a placeholder or tag line', () => {
    const mutants = promptMutants('system.md', source);
    assert.deepEqual(
      mutants.map((mutant) => [mutant.line, mutant.change]),
      [
        [1, 'drop the paragraph "You triage tickets. Reply with JSON onl…"'],
        [1, 'drop "You triage tickets."'],
        [1, 'drop "Reply with JSON only."'],
        [3, 'drop "Rules:"'],
        [4, 'drop the bullet "- urgency: "high" when the customer ask…"'],
        [4, 'drop "- urgency: "high" when the customer ask…"'],
        [4, 'drop ""low" when they say it is not urgent."'],
        [5, 'drop "- needsHuman: true with 3 or more open …"'],
        [8, 'drop "Plan: {{plan}}"'],
        [9, 'drop "<ticket>"'],
        [10, 'drop "{{message}}"'],
        [11, 'drop "</ticket>"'],
      ],
    );
    const at = (change: string): Mutant => mutants.find((mutant) => mutant.change === change) as Mutant;
    assert.equal(applyMutant(source, at('drop "You triage tickets."')).split('\n')[0], 'Reply with JSON only.');
    // A statement on lines of its own goes with its line break; one of a two-line bullet takes both lines.
    assert.equal(applyMutant(source, at('drop "Plan: {{plan}}"')), source.replace('Plan: {{plan}}\n', ''));
    assert.equal(applyMutant(source, at('drop "- needsHuman: true with 3 or more open …"')), source.replace('- needsHuman: true with 3 or more open tickets\n  or two or more categories.\n', ''));
    assert.equal(new Set(mutants.map((mutant) => mutant.id)).size, mutants.length, 'ids are unique');
  });
});

describe('equivalent mutants', () => {
  const source = 'if (a < b) go();\nif (a < b) go();\nwhile (n < max) n++;\n';
  const mutants = codeMutants('agent.ts', source, tokenizer);
  const entry = (over: Record<string, unknown>) => ({ file: 'agent.ts', text: 'while (n < max) n++;', change: '< → <=', why: 'n only grows by one from 0', ...over });

  it('match by file, change and line text, wherever the line moved to', () => {
    const { equivalent, stale } = matchEquivalentMutants(mutants, [entry({ line: 40 })]);
    assert.deepEqual([...equivalent.keys()], ['agent.ts:3:10#1']);
    assert.deepEqual(stale, []);
  });

  it('take the nearest of lines with the same text when a line is given, and all of them without', () => {
    const near = matchEquivalentMutants(mutants, [entry({ text: 'if (a < b) go();', line: 2 })]);
    assert.deepEqual([...near.equivalent.keys()], ['agent.ts:2:7#1']);
    const all = matchEquivalentMutants(mutants, [entry({ text: 'if (a < b) go();', change: '< -> <=' })]);
    assert.deepEqual([...all.equivalent.keys()], ['agent.ts:1:7#1', 'agent.ts:2:7#1']);
  });

  it('report an entry whose line, change or file matches no mutant as stale', () => {
    const entries = [entry({ text: 'while (n <= max) n++;' }), entry({ change: '< → >' }), entry({ file: 'other.ts' })];
    const { equivalent, stale } = matchEquivalentMutants(mutants, entries);
    assert.equal(equivalent.size, 0);
    assert.deepEqual(stale, entries);
  });

  it('an entry printed for a survivor matches it again', () => {
    const survivor = mutants[4] as Mutant;
    const { equivalent } = matchEquivalentMutants(mutants, [{ ...equivalentEntryFor(survivor), why: 'same' }]);
    assert.deepEqual([...equivalent.keys()], [survivor.id]);
  });

  it('are declared in the manifest with a reason; an entry without one is refused', () => {
    const manifest = minimalManifest();
    manifest.exercises[0].equivalentMutants = [entry({ line: 3 })];
    assert.equal(packManifestSchema.safeParse(manifest).success, true);
    manifest.exercises[0].equivalentMutants = [{ file: 'agent.ts', text: 'x', change: '< → <=' }];
    const parsed = packManifestSchema.safeParse(manifest);
    assert.equal(parsed.success, false);
    assert.deepEqual(parsed.error?.issues[0]?.path, ['exercises', 0, 'equivalentMutants', 0, 'why']);
  });
});

describe('sampling', () => {
  it('takes n items, the same for the same seed, in their order', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const first = sample(items, 10, '1:x');
    assert.equal(first.length, 10);
    assert.deepEqual(sample(items, 10, '1:x'), first);
    assert.notDeepEqual(sample(items, 10, '2:x'), first);
    assert.deepEqual([...first].sort((a, b) => a - b), first);
    assert.deepEqual(sample(items, 80, '1:x'), items);
  });
});
