import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';

/**
 * The transform that loads learners' and packs' TypeScript (dist/lib/sucrase.js: sucrase, with
 * `export const A = 1, B = 2;` split first), on a corpus of the TypeScript people write: each
 * file is transformed to CommonJS, run, and its exports compared with what the file means.
 */
// The built library (npm test builds dist/ first), as the check processes load it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { transform } = require(path.resolve(__dirname, '..', '..', '..', 'dist', 'lib', 'sucrase.js')) as typeof import('sucrase');

function load(source: string, file = 'corpus.ts'): Record<string, unknown> {
  const { code } = transform(source, { transforms: ['typescript', 'imports'], filePath: file, disableESTransforms: true });
  const module = { exports: {} as Record<string, unknown> };
  const provided: Record<string, unknown> = { 'node:path': path, './helper': { twice: (n: number) => n * 2, NAME: 'helper' } };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('exports', 'require', 'module', code)(module.exports, (name: string) => provided[name], module);
  return module.exports;
}

/** Own enumerable exports as plain data; functions and classes by what they do, in the cases below. */
const plain = (exports: Record<string, unknown>) => Object.fromEntries(Object.entries(exports).filter(([key]) => key !== '__esModule'));

const CORPUS: [string, string, Record<string, unknown>][] = [
  ['two constants in one export (the sucrase bug)', 'export const A = 8, B = 1024;', { A: 8, B: 1024 }],
  ['three, the last one using the first', 'export const KiB = 1024, MiB = KiB * KiB, label = `${MiB} bytes`;', { KiB: 1024, MiB: 1048576, label: '1048576 bytes' }],
  ['let without initializers, then assigned', 'export let a: number, b: string;\na = 1;\nb = "x";', { a: 1, b: 'x' }],
  ['var with a type holding commas', 'export var m: Map<string, number> = new Map([["k", 1]]), n: Record<string, [number, number]> = { p: [1, 2] };\nexport const size = m.size;', { m: new Map([['k', 1]]), n: { p: [1, 2] }, size: 1 }],
  ['a destructuring pattern, then a plain one', 'const source = { x: 1, y: [2, 3] };\nexport const { x, y: [first] } = source, z = x + first;', { x: 1, first: 2, z: 3 }],
  ['an array pattern with a default and a rest', 'export const [head = 0, ...rest] = [undefined, 2, 3], count = rest.length;', { head: 0, rest: [2, 3], count: 2 }],
  ['initializers holding commas: calls, objects, arrows, templates', 'const pick = (a: number, b: number) => Math.max(a, b);\nexport const big = pick(1, 2), obj = { a: 1, b: [1, 2] }, add = (p: number, q: number): number => p + q, text = `${pick(3, 4)},${[5, 6]}`;\nexport const sum = add(2, 3);', { big: 2, obj: { a: 1, b: [1, 2] }, text: '4,5,6', sum: 5 }],
  ['a generic arrow and satisfies / as const', 'export const id = <T,>(value: T): T => value, LIMITS = { steps: 8, retries: 3 } as const satisfies Record<string, number>, steps = id(LIMITS.steps);', { LIMITS: { steps: 8, retries: 3 }, steps: 8 }],
  ['ASI: declarations without semicolons, then a statement', 'export let one = 1, two = 2\nexport const three = one + two\none += 10', { one: 11, two: 2, three: 3 }],
  ['a regex and a division in the initializers', 'export const re = /a,b/g, half = 10 / 2, parts = "a,b".split(re);', { re: /a,b/g, half: 5, parts: ['', ''] }],
  ['an export of one variable keeps its inferred function name', 'export const greet = () => "hi";\nexport const name = greet.name;', { name: 'greet' }],
  ['declare and type-only exports vanish', 'export declare const ambient: number, other: string;\nexport type Pair = [number, number];\nexport interface Shape { a: number; b: number }\nexport const real = 1;', { real: 1 }],
  ['enums and const enums', 'export enum Level { Low, High = 5 }\nexport const enum Kind { A = "a", B = "b" }\nexport const pair = [Level.Low, Level.High, Kind.B];', { pair: [0, 5, 'b'] }],
  ['classes: parameter properties, private and static fields, accessors, abstract and override', `abstract class Base { abstract area(): number; describe() { return 'area ' + this.area(); } }
export class Rect extends Base {
  static count = 0;
  #secret = 1;
  constructor(private readonly w: number, public h: number) { super(); Rect.count++; }
  get size(): number { return this.w * this.h + this.#secret - 1; }
  override area(): number { return this.size; }
}
const r = new Rect(2, 3);
export const described = r.describe(), count = Rect.count, h = r.h;`, { described: 'area 6', count: 1, h: 3 }],
  ['overloads and optional, default and rest parameters', `export function fmt(value: number): string;
export function fmt(value: string, pad?: number): string;
export function fmt(value: number | string, pad = 2, ...rest: unknown[]): string { return String(value).padStart(pad, '0') + rest.length; }
export const out = [fmt(5), fmt('7', 3)];`, { out: ['050', '0070'] }],
  ['non-null assertions, definite assignment, optional chaining and nullish coalescing', 'let later!: number;\nlater = 4;\nconst maybe: { a?: { b?: number } } | undefined = { a: {} };\nexport const got = [later!, maybe?.a?.b ?? -1, maybe!.a!.b?.toFixed() ?? "none"];', { got: [4, -1, 'none'] }],
  ['type imports and re-exports, value imports', 'import type { Thing } from "./types";\nimport { twice, type Other } from "./helper";\nimport * as p from "node:path";\nexport { NAME as helperName } from "./helper";\nexport type { Thing };\nexport const doubled: number = twice(21), base = p.basename("/a/b.ts");', { doubled: 42, base: 'b.ts', helperName: 'helper' }],
  ['export lists with renames, and a default', 'const a = 1, b = 2;\nexport { a as first, b };\nexport default function main() { return a + b; }', { first: 1, b: 2 }],
  ['generators, async functions and for-await', 'export function* gen() { yield 1; yield 2; }\nexport async function* agen() { yield 3; }\nexport const fromGen = [...gen()];', { fromGen: [1, 2] }],
  ['keyof, typeof, mapped and conditional types, unique symbols', 'const TEAMS = { billing: 1, tech: 2 };\ntype Team = keyof typeof TEAMS;\ntype Flags<T> = { [K in keyof T]: T[K] extends number ? boolean : never };\nexport const teams: Team[] = Object.keys(TEAMS) as Team[], flags: Flags<typeof TEAMS> = { billing: true, tech: false };\ndeclare const tag: unique symbol;', { teams: ['billing', 'tech'], flags: { billing: true, tech: false } }],
  ['angle-bracket-free casts and generics with defaults', 'function box<T = string>(value: T): { value: T } { return { value }; }\nexport const boxed = box<number>(1), str = box("s").value as unknown as string;', { boxed: { value: 1 }, str: 's' }],
  ['a namespace of types only, and a label with a comma expression', 'export declare namespace Api { type Id = string }\nlet i = 0, j = 0;\nouter: for (; i < 3; i++, j += 2) { if (i === 2) break outer; }\nexport const ij = [i, j];', { ij: [2, 4] }],
  ['export let in a for statement does not exist: plain for with commas stays', 'export const loops: number[] = [];\nfor (let i = 0, n = 3; i < n; i++) loops.push(i);', { loops: [0, 1, 2] }],
  ['template literals with nested expressions and commas', 'const xs = [1, 2];\nexport const t = `${xs.map((x, i) => `${x},${i}`).join(";")}`, u = `a${"b,c"}`;', { t: '1,0;2,1', u: 'ab,c' }],
  ['a multi-line export with comments between declarators', 'export const alpha = 1, // the first\n  /* the second */ beta = { nested: [1, 2] },\n  gamma = alpha + beta.nested.length;', { alpha: 1, beta: { nested: [1, 2] }, gamma: 3 }],
];

describe('the TypeScript transform, on a corpus of real-world syntax', () => {
  for (const [name, source, expected] of CORPUS) {
    it(name, () => {
      const exports = load(source);
      for (const [key, value] of Object.entries(expected)) assert.deepEqual(exports[key], value, `${key} in:\n${source}`);
    });
  }

  it('keeps every line where it was, so stack traces point at the learner\'s lines', () => {
    const source = 'export const A = 8,\n  B = 1024;\nexport function where() { return new Error("here").stack; }\n';
    const { code } = transform(source, { transforms: ['typescript', 'imports'], filePath: 'x.ts', disableESTransforms: true });
    assert.equal(code.split('\n').length, source.split('\n').length);
    assert.match(code.split('\n')[2] ?? '', /function where/);
    assert.deepEqual(plain(load(source)).B, 1024);
  });

  it('leaves source it cannot parse to the transform, which says where the mistake is', () => {
    assert.throws(() => load('export const A = 8, B = ;\n'), /Unexpected token \(1:25\)/);
  });
});
