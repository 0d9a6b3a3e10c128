/**
 * A unified diff (as `diff -u` writes it) of two texts, line by line, with `context` lines
 * around each change; '' when they are the same. Exercise files are small, so a longest common
 * subsequence table over the lines between the common head and tail is cheap; past
 * MAX_CELLS it falls back to showing the differing middle as removed, then added.
 */
export function unifiedDiff(before: string, after: string, names: { before: string; after: string }, context = 3): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  const operations = diffLines(a, b);
  const hunks = groupHunks(operations, context);
  if (hunks.length === 0) return '';
  const out = [`--- ${names.before}`, `+++ ${names.after}`];
  for (const hunk of hunks) {
    const first = hunk[0] as Operation;
    const beforeCount = hunk.filter((op) => op.kind !== '+').length;
    const afterCount = hunk.filter((op) => op.kind !== '-').length;
    // diff -u numbers an empty range by the line before it.
    const beforeStart = beforeCount === 0 ? first.beforeLine - 1 : first.beforeLine;
    const afterStart = afterCount === 0 ? first.afterLine - 1 : first.afterLine;
    out.push(`@@ -${range(beforeStart, beforeCount)} +${range(afterStart, afterCount)} @@`);
    for (const op of hunk) out.push(`${op.kind === '=' ? ' ' : op.kind}${op.text}`);
  }
  return out.join('\n') + '\n';
}

interface Operation {
  kind: '=' | '-' | '+';
  text: string;
  /** 1-based: the line in `before` this is, or (for '+') comes after. */
  beforeLine: number;
  afterLine: number;
}

const MAX_CELLS = 4_000_000;

function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

function range(start: number, count: number): string {
  return count === 1 ? String(start) : `${start},${count}`;
}

function diffLines(a: string[], b: string[]): Operation[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const middleA = a.slice(head, a.length - tail);
  const middleB = b.slice(head, b.length - tail);
  const ops: Operation[] = [];
  let i = 0;
  let j = 0;
  const push = (kind: Operation['kind'], text: string): void => {
    ops.push({ kind, text, beforeLine: i + 1, afterLine: j + 1 });
    if (kind !== '+') i++;
    if (kind !== '-') j++;
  };
  for (let k = 0; k < head; k++) push('=', a[k] as string);
  for (const [kind, text] of middleOperations(middleA, middleB)) push(kind, text);
  for (let k = a.length - tail; k < a.length; k++) push('=', a[k] as string);
  return ops;
}

/** The edit script of the differing middle, from a longest-common-subsequence table. */
function middleOperations(a: string[], b: string[]): [Operation['kind'], string][] {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_CELLS) return [...a.map((text): [Operation['kind'], string] => ['-', text]), ...b.map((text): [Operation['kind'], string] => ['+', text])];
  // lcs[i * (m + 1) + j]: the common subsequence length of a[i..] and b[j..].
  const lcs = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * (m + 1) + j] = a[i] === b[j] ? (lcs[(i + 1) * (m + 1) + j + 1] as number) + 1 : Math.max(lcs[(i + 1) * (m + 1) + j] as number, lcs[i * (m + 1) + j + 1] as number);
    }
  }
  const ops: [Operation['kind'], string][] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push(['=', a[i++] as string]);
      j++;
    } else if (j < m && (i === n || (lcs[i * (m + 1) + j + 1] as number) >= (lcs[(i + 1) * (m + 1) + j] as number))) ops.push(['+', b[j++] as string]);
    else ops.push(['-', a[i++] as string]);
  }
  // Removals before additions within each change, as diff -u prints them.
  return reorderChanges(ops);
}

function reorderChanges(ops: [Operation['kind'], string][]): [Operation['kind'], string][] {
  const out: [Operation['kind'], string][] = [];
  let k = 0;
  while (k < ops.length) {
    if ((ops[k] as [Operation['kind'], string])[0] === '=') {
      out.push(ops[k++] as [Operation['kind'], string]);
      continue;
    }
    const run: [Operation['kind'], string][] = [];
    while (k < ops.length && (ops[k] as [Operation['kind'], string])[0] !== '=') run.push(ops[k++] as [Operation['kind'], string]);
    out.push(...run.filter(([kind]) => kind === '-'), ...run.filter(([kind]) => kind === '+'));
  }
  return out;
}

/** Changes with `context` unchanged lines either side; changes closer than twice that share a hunk. */
function groupHunks(ops: Operation[], context: number): Operation[][] {
  const changed = ops.map((op, index) => (op.kind === '=' ? -1 : index)).filter((index) => index >= 0);
  const hunks: Operation[][] = [];
  let start = -1;
  let end = -1;
  for (const index of changed) {
    if (start >= 0 && index - end <= 2 * context) {
      end = index;
      continue;
    }
    if (start >= 0) hunks.push(ops.slice(Math.max(0, start - context), Math.min(ops.length, end + context + 1)));
    start = index;
    end = index;
  }
  if (start >= 0) hunks.push(ops.slice(Math.max(0, start - context), Math.min(ops.length, end + context + 1)));
  return hunks;
}
