import * as path from 'node:path';

/**
 * Mutants of a reference solution: each is the reference with one small change, for
 * `pack verify --mutate` to check. A check that still passes on a mutant cannot tell that
 * change apart from the reference.
 *
 * Code mutants come from sucrase's tokenizer, not from an AST. Measured on the built-in
 * references (six files, 3,900 tokens, on the 2-core machine): sucrase loads in 30 ms and
 * tokenizes them all in 30 ms, and it ships already (dist/lib/sucrase.js strips types in
 * checks; exporting its tokenizer adds 45 bytes minified). The TypeScript compiler API loads
 * in 250 ms and parses them in 50 ms, but it is a devDependency (23 MB, 3.4 MiB minified if
 * bundled), so the shipped CLI could not mutate without it; Stryker's instrumenter brings
 * babel and instruments for its own runtime switching rather than writing plain files. Each
 * mutant here replaces or removes whole tokens, so it stays valid code; what tokens cannot
 * see (the condition of a `?:`) is not mutated.
 */

export const MUTATION_OPERATORS = [
  'relational',
  'equality',
  'logical',
  'negation',
  'arithmetic',
  'update',
  'boolean',
  'number',
  'string',
  'condition',
  'return',
  'await',
  'case-value',
  'case-drop',
  'statement-drop',
] as const;
export type MutationOperator = (typeof MUTATION_OPERATORS)[number];

export interface Mutant {
  /** Stable within one generation: `file:line:column#n`. */
  id: string;
  /** Relative to the solution folder, forward slashes. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  operator: MutationOperator;
  /** What changes, `before → after`, e.g. `< → <=`. */
  change: string;
  /** The line's text in the reference, trimmed: what equivalent-mutant entries match on. */
  lineText: string;
  /** The replaced span of the file, [start, end), and what replaces it. */
  start: number;
  end: number;
  replacement: string;
}

/** The file with the mutant's change made. */
export function applyMutant(source: string, mutant: Pick<Mutant, 'start' | 'end' | 'replacement'>): string {
  return source.slice(0, mutant.start) + mutant.replacement + source.slice(mutant.end);
}

/** What the tokenizer gives: the part of sucrase's `parse` result this module reads. */
export interface SucraseToken {
  type: number;
  start: number;
  end: number;
  isType: boolean;
}
export interface SucraseTokenizer {
  parse(code: string, isJSXEnabled: boolean, isTypeScriptEnabled: boolean, isFlowEnabled: boolean): { tokens: SucraseToken[] };
  TokenType: Record<string, number | string>;
}

/** Sucrase's tokenizer from the shipped library folder (dist/lib). */
export function loadTokenizer(libDir: string): SucraseTokenizer {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib = require(path.join(libDir, 'sucrase.js')) as Partial<SucraseTokenizer>;
  if (typeof lib.parse !== 'function' || typeof lib.TokenType !== 'object') throw new Error(`${path.join(libDir, 'sucrase.js')} exports no tokenizer; rebuild with node esbuild.mjs`);
  return lib as SucraseTokenizer;
}

/** Whether mutants of `file` are code mutants (the tokenizer reads JavaScript and TypeScript). */
export function isCodeFile(file: string): boolean {
  return /\.(?:[cm]?ts|[cm]?js)$/.test(file);
}

const RELATIONAL: Record<string, readonly string[]> = { '<': ['<=', '>='], '<=': ['<', '>'], '>': ['>=', '<='], '>=': ['>', '<'] };
const EQUALITY: Record<string, string> = { '===': '!==', '!==': '===', '==': '!=', '!=': '==' };
const LOGICAL: Record<string, string> = { '&&': '||', '||': '&&', '??': '&&' };
const ARITHMETIC: Record<string, string> = { '+': '-', '-': '+', '*': '/', '/': '*', '%': '*', '+=': '-=', '-=': '+=', '*=': '/=', '/=': '*=' };
const UPDATE: Record<string, string> = { '++': '--', '--': '++' };
const SHORT = 40;

/** Every single-change mutant of one code file, in source order. */
export function codeMutants(file: string, source: string, tokenizer: SucraseTokenizer): Mutant[] {
  const tt = tokenizer.TokenType as Record<string, number>;
  const typescript = /\.[cm]?ts$/.test(file);
  const tokens = tokenizer.parse(source, false, typescript, false).tokens;
  const lines = lineStarts(source);
  const found: Found[] = [];
  const add = (operator: MutationOperator, start: number, end: number, replacement: string, change?: string): void => {
    found.push({ file, operator, start, end, replacement, change: change ?? `${source.slice(start, end)} → ${replacement}` });
  };
  const text = (index: number): string => {
    const token = tokens[index];
    return token ? source.slice(token.start, token.end) : '';
  };
  const is = (index: number, ...names: string[]): boolean => {
    const token = tokens[index];
    return token !== undefined && names.some((name) => token.type === tt[name]);
  };
  const skip = moduleSpecifierTokens(tokens, tt, source);

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as SucraseToken;
    if (token.isType || skip.has(i)) continue;
    const word = text(i);
    if (is(i, 'lessThan', 'greaterThan', 'relationalOrEqual')) {
      for (const other of RELATIONAL[word] ?? []) add('relational', token.start, token.end, other);
    } else if (is(i, 'equality')) {
      const other = EQUALITY[word];
      if (other) add('equality', token.start, token.end, other);
    } else if (is(i, 'logicalAND', 'logicalOR', 'nullishCoalescing')) {
      const other = LOGICAL[word];
      if (other) add('logical', token.start, token.end, other);
    } else if (is(i, 'bang')) {
      // A `!` straight after an expression is TypeScript's non-null assertion: removing it changes nothing at run time.
      const before = tokens[i - 1];
      const postfix = before !== undefined && before.end === token.start && is(i - 1, 'name', 'parenR', 'bracketR');
      if (!postfix) add('negation', token.start, token.end, '', `remove ${word}`);
    } else if (is(i, 'plus', 'minus', 'star', 'slash', 'modulo', 'assign')) {
      const other = ARITHMETIC[word];
      if (other) add('arithmetic', token.start, token.end, other);
    } else if (is(i, 'preIncDec', 'postIncDec')) {
      const other = UPDATE[word];
      if (other) add('update', token.start, token.end, other);
    } else if (is(i, '_true', '_false')) {
      add('boolean', token.start, token.end, word === 'true' ? 'false' : 'true');
    } else if (is(i, 'num')) {
      const value = Number(word.replace(/_/g, ''));
      if (!Number.isFinite(value)) continue;
      add('number', token.start, token.end, String(value + 1));
      if (value !== 0) add('number', token.start, token.end, '0');
    } else if (is(i, 'string')) {
      if (word.length <= 2) continue;
      // An object key ({ 'a': 1 }) names a property, it is not a value.
      if (is(i + 1, 'colon') && is(i - 1, 'braceL', 'comma')) continue;
      add('string', token.start, token.end, `${word[0]}${word[0]}`, `${shorten(word)} → ${word[0]}${word[0]}`);
    } else if (is(i, '_if', '_while') && is(i + 1, 'parenL')) {
      const close = matching(tokens, tt, i + 1);
      if (close === undefined) continue;
      const from = (tokens[i + 1] as SucraseToken).end;
      const to = (tokens[close] as SucraseToken).start;
      const condition = source.slice(from, to);
      // A loop whose condition is always true runs until the time limit: it says nothing.
      const values = word === 'while' ? ['false'] : ['true', 'false'];
      for (const value of values) add('condition', from, to, value, `${word} (${shorten(condition)}) → ${word} (${value})`);
    } else if (is(i, '_return') && !is(i + 1, 'semi', 'braceR', 'eof')) {
      const end = expressionEnd(tokens, tt, i + 1);
      if (end === undefined) continue;
      const from = (tokens[i + 1] as SucraseToken).start;
      const to = (tokens[end - 1] as SucraseToken).end;
      const value = source.slice(from, to);
      if (value === 'undefined') continue;
      add('return', from, to, 'undefined', `return ${shorten(value)} → return undefined`);
    } else if (is(i, 'name') && word === 'await' && tokens[i + 1] !== undefined && !is(i + 1, 'semi', 'parenR', 'comma', 'eof')) {
      add('await', token.start, (tokens[i + 1] as SucraseToken).start, '', 'remove await');
    }
  }
  return withPositions(found, source, lines);
}

/**
 * Tokens of `import … from '…'`, `export … from '…'` and `require('…')` that name modules:
 * a module that is not there is no question for the check.
 */
function moduleSpecifierTokens(tokens: readonly SucraseToken[], tt: Record<string, number>, source: string): Set<number> {
  const skip = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as SucraseToken;
    if (token.type !== tt.string) continue;
    const before = tokens[i - 1];
    const beforeText = before ? source.slice(before.start, before.end) : '';
    const twoBefore = tokens[i - 2];
    const isRequire = before?.type === tt.parenL && twoBefore !== undefined && source.slice(twoBefore.start, twoBefore.end) === 'require';
    if (beforeText === 'from' || before?.type === tt._import || isRequire || (before?.type === tt.parenL && twoBefore?.type === tt._import)) skip.add(i);
  }
  return skip;
}

const OPENERS = ['parenL', 'bracketL', 'braceL', 'braceBarL', 'dollarBraceL'];
const CLOSERS = ['parenR', 'bracketR', 'braceR', 'braceBarR'];

/** The index of the token that closes the bracket at `open`. */
function matching(tokens: readonly SucraseToken[], tt: Record<string, number>, open: number): number | undefined {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const type = (tokens[i] as SucraseToken).type;
    if (OPENERS.some((name) => tt[name] === type)) depth++;
    else if (CLOSERS.some((name) => tt[name] === type)) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return undefined;
}

/**
 * The index just past a `return`'s expression that starts at `from`: the `;` or the `}` that
 * ends it at its own bracket depth. Undefined when neither does (code that leaves the
 * semicolon to ASI before another statement), so no mutant is made of a guess.
 */
function expressionEnd(tokens: readonly SucraseToken[], tt: Record<string, number>, from: number): number | undefined {
  let depth = 0;
  for (let i = from; i < tokens.length; i++) {
    const type = (tokens[i] as SucraseToken).type;
    if (OPENERS.some((name) => tt[name] === type)) depth++;
    else if (CLOSERS.some((name) => tt[name] === type)) {
      if (depth === 0) return i;
      depth--;
    } else if (depth === 0 && (type === tt.semi || type === tt.eof)) return i;
  }
  return undefined;
}

function shorten(code: string): string {
  const flat = code.replace(/\s+/g, ' ').trim();
  return flat.length <= SHORT ? flat : `${flat.slice(0, SHORT - 1)}…`;
}

function lineStarts(source: string): number[] {
  const starts = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === '\n') starts.push(i + 1);
  return starts;
}

/** A mutant before its position is worked out; `at`, when given, is where it is shown (else `start`). */
type Found = Omit<Mutant, 'id' | 'line' | 'column' | 'lineText'> & { at?: number };

function withPositions(found: readonly Found[], source: string, starts: readonly number[]): Mutant[] {
  const seen = new Map<string, number>();
  return found.map(({ at, ...mutant }) => {
    const position = at ?? mutant.start;
    let line = 0;
    while (line + 1 < starts.length && (starts[line + 1] as number) <= position) line++;
    const lineStart = starts[line] as number;
    const lineEnd = source.indexOf('\n', lineStart);
    const lineText = source.slice(lineStart, lineEnd === -1 ? source.length : lineEnd).trim();
    const column = position - lineStart + 1;
    const where = `${mutant.file}:${line + 1}:${column}`;
    const n = (seen.get(where) ?? 0) + 1;
    seen.set(where, n);
    return { id: `${where}#${n}`, line: line + 1, column, lineText, ...mutant };
  });
}

/** What an eval dataset's data mutants need from its settings. */
export interface DatasetMutationSettings {
  /** For a field path such as `expected.urgency`, the values a case may have there. */
  requiredValues: Record<string, readonly (string | number | boolean)[]>;
}

/**
 * Data mutants of an eval dataset (JSONL, one case a line): for each case, each field under
 * `expected` changed to another value it may take (the other values the settings list for
 * it; the other boolean; a number plus one, and zero; an empty string; for a list, one item
 * swapped for another listed value), and the case dropped. A good check fails on each: the
 * wrong expectation fails against the correct implementation, and a dropped case should be
 * one the dataset needs.
 */
export function datasetMutants(file: string, source: string, settings: DatasetMutationSettings): Mutant[] {
  const found: Found[] = [];
  const starts = lineStarts(source);
  starts.forEach((start, index) => {
    const next = starts[index + 1];
    const end = next === undefined ? source.length : next - 1;
    const line = source.slice(start, end);
    if (line.trim() === '') return;
    let kase: unknown;
    try {
      kase = JSON.parse(line);
    } catch {
      return;
    }
    if (typeof kase !== 'object' || kase === null || Array.isArray(kase)) return;
    const record = kase as Record<string, unknown>;
    const name = typeof record.id === 'string' ? `case "${record.id}"` : `case on line ${index + 1}`;
    const expected = record.expected;
    if (typeof expected === 'object' && expected !== null && !Array.isArray(expected)) {
      for (const [key, value] of Object.entries(expected as Record<string, unknown>)) {
        const fieldPath = `expected.${key}`;
        for (const other of otherValues(value, settings.requiredValues[fieldPath])) {
          const mutated = { ...record, expected: { ...(expected as Record<string, unknown>), [key]: other } };
          const at = line.indexOf(`"${key}"`);
          // Shown at the changed field's key; the whole line is rewritten.
          found.push({ file, operator: 'case-value', start, end, at: at === -1 ? start : start + at, replacement: JSON.stringify(mutated), change: `${name} ${fieldPath}: ${JSON.stringify(value)} → ${JSON.stringify(other)}` });
        }
      }
    }
    const dropEnd = next === undefined ? source.length : next;
    found.push({ file, operator: 'case-drop', start, end: dropEnd, replacement: '', change: `drop ${name}` });
  });
  return withPositions(found, source, starts);
}

function otherValues(value: unknown, allowed: readonly (string | number | boolean)[] | undefined): unknown[] {
  if (Array.isArray(value)) {
    // One item swapped for another listed value the list lacks.
    if (!allowed) return [];
    const swaps: unknown[] = [];
    value.forEach((item, i) => {
      for (const other of allowed) if (!value.includes(other)) swaps.push(value.map((each, j) => (j === i ? other : each)));
    });
    return swaps;
  }
  if (allowed && allowed.some((each) => each === value)) return allowed.filter((each) => each !== value);
  if (typeof value === 'boolean') return [!value];
  if (typeof value === 'number') return value === 0 ? [1] : [value + 1, 0];
  if (typeof value === 'string') return value === '' ? [] : [''];
  return [];
}

/** Whether mutants of `file` are prompt mutants (a prompt template, Markdown or text). */
export function isPromptFile(file: string): boolean {
  return /\.(?:md|txt)$/i.test(file);
}

/**
 * Prompt mutants: the prompt with one statement dropped. A statement is a sentence (ending in
 * . ! ? or ;), a whole bullet item or paragraph, or a line that holds a {{placeholder}} or a
 * lone tag such as <ticket>. A check whose model applies only the rules a
 * prompt states (an honest simulated model) fails on each statement the task needs; one that
 * still passes names a statement the check does not need, or a rule it does not check.
 */
export function promptMutants(file: string, source: string): Mutant[] {
  const starts = lineStarts(source);
  const found: Found[] = [];
  for (const [start, end, whole] of statementSpans(source)) {
    // Dropping a statement takes the white space after it too, or the line break when it ends one.
    let cut = end;
    while (cut < source.length && (source[cut] === ' ' || source[cut] === '\t')) cut++;
    const wholeLine = (start === 0 || source[start - 1] === '\n') && (cut === source.length || source[cut] === '\n');
    if (wholeLine && cut < source.length) cut++;
    found.push({ file, operator: 'statement-drop', start, end: cut, replacement: '', change: `drop ${whole ? `the ${/^(?:[-*•]|\d+[.)])\s/.test(source.slice(start, end)) ? 'bullet' : 'paragraph'} ` : ''}"${shorten(source.slice(start, end))}"` });
  }
  return withPositions(found, source, starts);
}

/** [start, end) of each statement of a prompt, in order, and whether it is a whole paragraph or bullet of several. */
function statementSpans(source: string): [number, number, boolean][] {
  const spans: [number, number, boolean][] = [];
  // Units: paragraphs split at blank lines, bullet items, and lines of their own (placeholders, tags).
  const units: [number, number][] = [];
  let unitStart = -1;
  let unitEnd = -1;
  const close = (): void => {
    if (unitStart !== -1) units.push([unitStart, unitEnd]);
    unitStart = -1;
  };
  for (const lineStart of lineStarts(source)) {
    const newline = source.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? source.length : newline;
    const line = source.slice(lineStart, lineEnd);
    const text = line.trim();
    if (text === '') {
      close();
      continue;
    }
    const textStart = lineStart + line.indexOf(text);
    const ownLine = /\{\{[^}]*\}\}/.test(text) || /^<\/?[\w-]+>$/.test(text);
    if (ownLine || /^(?:[-*•]|\d+[.)])\s/.test(text)) close();
    if (unitStart === -1) unitStart = textStart;
    unitEnd = textStart + text.length;
    if (ownLine) close();
  }
  close();
  for (const [start, end] of units) {
    const text = source.slice(start, end);
    const before = spans.length;
    const sentence = /[.!?;](?=\s)/g;
    let from = 0;
    for (let match = sentence.exec(text); match; match = sentence.exec(text)) {
      const to = match.index + 1;
      if (text.slice(from, to).trim() !== '') spans.push([start + from, start + to, false]);
      from = to;
      while (from < text.length && /\s/.test(text[from] as string)) from++;
    }
    if (text.slice(from).trim() !== '') spans.push([start + from, end, false]);
    // A paragraph or bullet of several sentences may state one rule twice: dropped whole too.
    if (spans.length - before > 1) spans.splice(before, 0, [start, end, true]);
  }
  return spans;
}
