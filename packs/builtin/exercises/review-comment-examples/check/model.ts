// The simulated model of the review-comment-examples exercise: what answers the pack's prompts
// (and a learner's) when no real model is used (scripts/record-prompts.mjs, tests, mutation
// runs). It is a literal imitator. It reads the comment it is asked about for two things, its
// surface cue (how it is phrased) and its substance (what it asks for), and it labels by the
// surface unless the prompt carries an example with the same cue and the same substance, in
// which case it gives that example's label. Examples also set the labels it expects (a label no
// example shows is one it avoids once there are examples) and the exact form of its reply (it
// copies the examples' output). Prose rules name the labels; they do not move it at a boundary.
// Same request, same answer. Never copied to learners. The README's "The simulated model"
// states every rule here; keep the two in step.

/** The id /v1/models lists. */
export const model = 'claude-simulator-review-labels-1';

interface Request {
  system?: string | { type: string; text?: string }[];
  messages: { role: string; content: string | { type: string; text?: string }[] }[];
}
interface Answer {
  name: string;
  reply: { content: { type: 'text'; text: string }[] };
}

export const LABELS = ['blocking', 'nit', 'question', 'praise'] as const;
export type Label = (typeof LABELS)[number];
/** How a comment is phrased: the first of these that applies. */
export type Cue = 'nit-prefix' | 'compliment' | 'tentative' | 'directive' | 'plain';
/** What a comment asks for: the first of these that applies. */
export type Substance = 'defect' | 'change' | 'information' | 'praise' | 'remark';

// ---------------------------------------------------------------------------------------------
// Reading a comment

const NIT_PREFIX = /^\W{0,3}nit(?:pick)?\b\s*[:,)\]-]/i;
const PRAISE =
  /\b(nice|great|love|lovely|clean|cleaner|neat|neater|elegant|well done|thanks|thank you|good (?:call|catch|idea|job|work|stuff)|looks good|lgtm|awesome|excellent|beautiful|kudos|brilliant|i like|i love)\b|👍|🎉|👏|🙌|❤️/i;
const HEDGE = /\b(i might be wrong|i may be wrong|i could be wrong|not sure|i'?m not certain|i wonder|unless i'?m missing|maybe i'?m missing|correct me if)\b[^,.;:!?]*[,.;:]?/gi;
const DEFECT =
  /\b(bugs?|buggy|crash(?:es|ed|ing)?|null|undefined|nan|leaks?|leaked|leaking|never (?:closed|freed|released|ends|terminates|returns|stops|resolves|called)|races?|race condition|deadlocks?|infinite loop|loops? forever|hangs?|off[- ]by[- ]one|out of bounds|overflows?|injection|xss|vulnerab\w*|insecure|data loss|loses|drops|skips|swallows|swallowed|(?<!line )breaks|regressions?|regresses|corrupt\w*|throws|exceptions?|fails|failing|broken|wrong|incorrect|divides? by zero|division by zero)\b/i;
/** A request or suggestion: a polite form, a modal, or a sentence that starts with an imperative. */
const REQUEST =
  /\b(please|could (?:you|we)|can (?:you|we)|would (?:you|we)|let'?s|how about|maybe|perhaps|consider|should|must|need to|needs to|i'?d (?:suggest|prefer|rename|use|move|extract|drop|add)|instead)\b/i;
const IMPERATIVE =
  /^(?:\W*)(rename|use|add|remove|delete|drop|move|extract|pull|split|replace|inline|prefer|avoid|wrap|make|fix|simplify|reword|sort|keep|put|turn|change)\b/i;
const STYLE = /\b(typos?|spelling|misspel\w*|naming|whitespace|indentation|indent|formatting|trailing|semicolons?|import order|camel ?case|snake ?case|lint)\b/i;

/** A comment's sentences, split after . ! ? and at line breaks. */
export function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

const isRequest = (text: string): boolean => REQUEST.test(text) || sentencesOf(text.replace(NIT_PREFIX, '')).some((sentence) => IMPERATIVE.test(sentence));

/** How the comment is phrased and what it asks for: see the README's "How it reads a comment". */
export function readComment(text: string): { cue: Cue; substance: Substance } {
  const comment = text.trim();
  const hedged = HEDGE.test(comment);
  HEDGE.lastIndex = 0;
  const first = sentencesOf(comment)[0] ?? '';
  const cue: Cue = NIT_PREFIX.test(comment)
    ? 'nit-prefix'
    : PRAISE.test(first)
      ? 'compliment'
      : comment.includes('?') || hedged
        ? 'tentative'
        : isRequest(comment)
          ? 'directive'
          : 'plain';
  // A hedge's own words ("I might be wrong") are not what the comment is about.
  const body = comment.replace(HEDGE, ' ');
  const substance: Substance = DEFECT.test(body)
    ? 'defect'
    : isRequest(body) || STYLE.test(body)
      ? 'change'
      : body.includes('?') || hedged
        ? 'information'
        : PRAISE.test(body)
          ? 'praise'
          : 'remark';
  return { cue, substance };
}

/** The team's label: what the comment asks for decides. */
export function teamLabel(substance: Substance): Label {
  return ({ defect: 'blocking', change: 'nit', information: 'question', praise: 'praise', remark: 'nit' } as const)[substance];
}

/** The label the model reads from the surface, when nothing shows it otherwise. */
export function surfaceLabel(cue: Cue, substance: Substance): Label {
  if (cue === 'nit-prefix') return 'nit';
  if (cue === 'compliment') return 'praise';
  if (cue === 'tentative') return 'question';
  if (cue === 'directive') return 'blocking';
  return teamLabel(substance);
}

// ---------------------------------------------------------------------------------------------
// Reading the prompt's examples

export interface Example {
  input: string;
  /** The output as the example writes it, trimmed. */
  output: string;
  label: Label;
  /** How its input is phrased and what it asks for, read as a comment is. */
  cue: Cue;
  substance: Substance;
  /** The output with its label taken out: what the model copies. */
  format: string;
  /** Where it starts in the text it was found in: later examples are more recent. */
  at: number;
}

const INPUT_NAME = /^(?:comment|review[\s_-]?comment|code[\s_-]?review[\s_-]?comment|review|input|text|message|query|user|human|q)$/i;
const OUTPUT_NAME = /^(?:label|output|answer|reply|response|classification|category|result|assistant|expected(?:[\s_-]?(?:output|label|reply))?|a)$/i;
const LABEL_WORD = new RegExp(`\\b(${LABELS.join('|')})\\b`, 'i');

/** The output's label and its format, or nothing when it names no label. */
function outputOf(output: string): { label: Label; format: string } | undefined {
  const text = output.trim();
  const found = LABEL_WORD.exec(text);
  if (!found || found.index === undefined) return undefined;
  const word = found[1] ?? '';
  const caseOf = word === word.toUpperCase() ? 'UPPER' : word[0] === word[0]?.toUpperCase() ? 'Title' : 'lower';
  return { label: word.toLowerCase() as Label, format: `${text.slice(0, found.index)}\u0000${caseOf}\u0000${text.slice(found.index + word.length)}` };
}

function example(input: string, output: string, at: number): Example | undefined {
  const cleaned = input.trim().replace(/^["“”'`]+|["“”'`]+$/g, '').trim();
  const read = outputOf(output);
  if (!read || cleaned === '') return undefined;
  return { input: cleaned, output: output.trim(), ...read, ...readComment(cleaned), at };
}

/** Replaces [start, end) of `text` with spaces, so later passes skip it and positions hold. */
const blank = (text: string, start: number, end: number): string => text.slice(0, start) + ' '.repeat(end - start) + text.slice(end);

const TAGGED = /<([a-z][\w-]*)\b[^>]*>([\s\S]*?)<\/\1\s*>/gi;
/** A block tagged like an example, searched for on its own so a stray tag elsewhere (a `<label>` placeholder) cannot hide one. */
const EXAMPLE_TAGGED = /<([\w-]*(?:example|shot|sample)[\w-]*)\b[^>]*>([\s\S]*?)<\/\1\s*>/gi;

/** Examples inside one block: named inner tags, else first and last tag, else labelled lines, else an arrow. */
function examplesInBlock(content: string, at: number): Example[] {
  const tags = [...content.matchAll(TAGGED)];
  const input = tags.find((tag) => INPUT_NAME.test(tag[1] ?? ''));
  const output = tags.find((tag) => OUTPUT_NAME.test(tag[1] ?? ''));
  if (input && output) return [example(input[2] ?? '', output[2] ?? '', at)].filter((item): item is Example => item !== undefined);
  if (tags.length >= 2) return [example(tags[0]?.[2] ?? '', tags.at(-1)?.[2] ?? '', at)].filter((item): item is Example => item !== undefined);
  const lines = labelledLineExamples(content, at).examples;
  if (lines.length > 0) return lines;
  return arrowExamples(content, at).examples;
}

/** Blocks tagged like example (<example>, <example_2>, <shot>, <sample>), innermost first; the text without them. */
function taggedExamples(text: string, offset = 0): { examples: Example[]; rest: string } {
  const examples: Example[] = [];
  let rest = text;
  for (const match of text.matchAll(EXAMPLE_TAGGED)) {
    if (match.index === undefined) continue;
    const content = match[2] ?? '';
    const start = match.index + match[0].indexOf(content);
    // A block of blocks (<examples>…</examples>): read the blocks inside it.
    if (new RegExp(EXAMPLE_TAGGED.source, 'i').test(content)) {
      const nested = taggedExamples(content, offset + start);
      examples.push(...nested.examples);
      // What is left between the inner blocks (labelled lines, a table) is read by the later passes.
      rest = rest.slice(0, start) + nested.rest + rest.slice(start + content.length);
      continue;
    }
    examples.push(...examplesInBlock(content, offset + match.index));
    rest = blank(rest, match.index, match.index + match[0].length);
  }
  return { examples, rest };
}

const INPUT_LINE = /^[ \t]*(?:[-*•>][ \t]*|\d+[.)][ \t]*)?(?:\*\*|__)?(comment|review comment|code review comment|input|text|message|q|user|human)(?:[ \t]*#?\d+)?(?:\*\*|__)?[ \t]*:(?:\*\*|__)?[ \t]*(.*)$/i;
const OUTPUT_LINE = /^[ \t]*(?:[-*•>][ \t]*|\d+[.)][ \t]*)?(?:\*\*|__)?(label|output|answer|reply|response|classification|category|a|assistant|expected(?: output| label| reply)?)(?:\*\*|__)?[ \t]*:(?:\*\*|__)?[ \t]*(.*)$/i;

/** "Comment: …" (one or more lines) then "Label: …" pairs; the text without them. */
function labelledLineExamples(text: string, offset = 0): { examples: Example[]; rest: string } {
  const examples: Example[] = [];
  let rest = text;
  const lines = text.split('\n');
  const starts: number[] = [];
  lines.reduce((position, line) => (starts.push(position), position + line.length + 1), 0);
  for (let i = 0; i < lines.length; i++) {
    const opening = INPUT_LINE.exec(lines[i] ?? '');
    if (!opening) continue;
    const input = [opening[2] ?? ''];
    for (let j = i + 1; j < lines.length && j <= i + 12; j++) {
      const line = lines[j] ?? '';
      if (INPUT_LINE.test(line)) break;
      const closing = OUTPUT_LINE.exec(line);
      if (!closing) {
        input.push(line);
        continue;
      }
      // The output is the rest of its line, or the next line that is not empty.
      let output = closing[2] ?? '';
      let end = j;
      if (output.trim() === '' && j + 1 < lines.length) ((output = lines[j + 1] ?? ''), (end = j + 1));
      const found = example(input.join('\n'), output, offset + (starts[i] ?? 0));
      if (found) {
        examples.push(found);
        rest = blank(rest, starts[i] ?? 0, (starts[end] ?? 0) + (lines[end]?.length ?? 0));
        i = end;
      }
      break;
    }
  }
  return { examples, rest };
}

/** Rows of a Markdown table whose header names an input column and an output column. */
function tableExamples(text: string, offset = 0): { examples: Example[]; rest: string } {
  const examples: Example[] = [];
  let rest = text;
  const cells = (line: string): string[] =>
    line
      .trim()
      .replace(/^\||\|$/g, '')
      .split(/(?<!\\)\|/)
      .map((cell) => cell.replace(/\\\|/g, '|').replace(/\*\*|__/g, '').trim());
  const lines = text.split('\n');
  let position = 0;
  for (let i = 0; i < lines.length; i++) {
    const header = lines[i] ?? '';
    const lineStart = position;
    position += header.length + 1;
    if (!header.trim().startsWith('|') || !/^\s*\|?\s*:?-{2,}/.test(lines[i + 1] ?? '')) continue;
    const names = cells(header);
    const inputColumn = names.findIndex((name) => INPUT_NAME.test(name) || /comment|input/i.test(name));
    const outputColumn = names.findIndex((name) => OUTPUT_NAME.test(name) || /label|output|reply/i.test(name));
    if (inputColumn < 0 || outputColumn < 0) continue;
    let end = i + 1;
    let rowStart = position + (lines[i + 1]?.length ?? 0) + 1;
    for (let j = i + 2; j < lines.length && (lines[j] ?? '').trim().startsWith('|'); j++) {
      const row = cells(lines[j] ?? '');
      const found = example((row[inputColumn] ?? '').replace(/<br\s*\/?>/gi, '\n'), row[outputColumn] ?? '', offset + rowStart);
      if (found) examples.push(found);
      rowStart += (lines[j] ?? '').length + 1;
      end = j;
    }
    const tableEnd = lines.slice(0, end + 1).join('\n').length;
    rest = blank(rest, lineStart, tableEnd);
  }
  return { examples, rest };
}

const ARROW = /^[ \t]*(?:[-*•][ \t]*|\d+[.)][ \t]*)?(?:["“]([^"”\n]+)["”][ \t]*(?:→|->|=>|⇒|:|—|–|-)|(\S[^\n]*?)[ \t]*(?:→|->|=>|⇒))[ \t]*(\S.*)$/gm;

/** `"comment" → label` lines (or `comment -> label`). */
function arrowExamples(text: string, offset = 0): { examples: Example[]; rest: string } {
  const examples: Example[] = [];
  let rest = text;
  for (const match of text.matchAll(ARROW)) {
    if (match.index === undefined) continue;
    const found = example(match[1] ?? match[2] ?? '', match[3] ?? '', offset + match.index);
    if (!found) continue;
    examples.push(found);
    rest = blank(rest, match.index, match.index + match[0].length);
  }
  return { examples, rest };
}

/** One-line JSON objects with an input key and an output key: {"comment": "…", "label": "nit"}. */
function jsonLineExamples(text: string, offset = 0): { examples: Example[]; rest: string } {
  const examples: Example[] = [];
  let rest = text;
  for (const match of text.matchAll(/^[ \t]*(?:[-*•][ \t]*)?(\{.*\})[ \t]*,?[ \t]*$/gm)) {
    let value: unknown;
    try {
      value = JSON.parse(match[1] ?? '');
    } catch {
      continue;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value) || match.index === undefined) continue;
    const entries = Object.entries(value as Record<string, unknown>);
    const input = entries.find(([key, item]) => INPUT_NAME.test(key) && typeof item === 'string');
    const output = entries.find(([key, item]) => OUTPUT_NAME.test(key) && typeof item === 'string');
    if (!input || !output) continue;
    const found = example(String(input[1]), JSON.stringify({ [output[0]]: output[1] }), offset + match.index);
    if (!found) continue;
    examples.push(found);
    rest = blank(rest, match.index, match.index + match[0].length);
  }
  return { examples, rest };
}

/** Every example the text carries, in the order they appear, in any of the formats the README lists. */
export function readExamples(text: string): Example[] {
  const found: Example[] = [];
  let rest = text;
  for (const pass of [taggedExamples, labelledLineExamples, tableExamples, jsonLineExamples, arrowExamples]) {
    const result = pass(rest);
    found.push(...result.examples);
    rest = result.rest;
  }
  return found.sort((a, b) => a.at - b.at);
}

// ---------------------------------------------------------------------------------------------
// Reading the user turn: where the comment is

const COMMENT_TAGGED = /<(comment|review[_-]?comment|code[_-]?review[_-]?comment|review|input|text|message|content|body)\b[^>]*>([\s\S]*?)<\/\1\s*>/gi;

/** The comment to label and the rest of the user turn (instructions, examples). The last comment-like part wins. */
export function splitUserTurn(userText: string): { comment: string; rest: string } {
  // Example blocks are not the comment: blank them first (the rest keeps them for readExamples).
  let searchable = userText;
  for (const match of userText.matchAll(EXAMPLE_TAGGED)) {
    if (match.index !== undefined) searchable = blank(searchable, match.index, match.index + match[0].length);
  }
  const cut = (start: number, end: number, comment: string): { comment: string; rest: string } => ({ comment: comment.trim(), rest: userText.slice(0, start) + userText.slice(end) });
  const tagged = [...searchable.matchAll(COMMENT_TAGGED)].at(-1);
  if (tagged?.index !== undefined) return cut(tagged.index, tagged.index + tagged[0].length, tagged[2] ?? '');
  const fenced = [...searchable.matchAll(/(```|""")[^\n]*\n([\s\S]*?)\1/g)].at(-1);
  if (fenced?.index !== undefined) return cut(fenced.index, fenced.index + fenced[0].length, fenced[2] ?? '');
  const labelled = [...searchable.matchAll(new RegExp(INPUT_LINE.source, 'gim'))].at(-1);
  if (labelled?.index !== undefined) {
    // The comment runs from its label to an output label ("Label:") or the end.
    const after = userText.slice(labelled.index);
    const lines = after.split('\n');
    const body = [labelled[2] ?? ''];
    let length = (lines[0] ?? '').length;
    for (const line of lines.slice(1)) {
      if (OUTPUT_LINE.test(line)) break;
      body.push(line);
      length += line.length + 1;
    }
    return cut(labelled.index, labelled.index + length, body.join('\n'));
  }
  return { comment: userText.trim(), rest: '' };
}

// ---------------------------------------------------------------------------------------------
// Answering

/** The most common of `items` by `key`; a tie goes to the one seen last. */
function mostCommon<T>(items: readonly T[], key: (item: T) => string): T | undefined {
  const counts = new Map<string, { count: number; last: number; item: T }>();
  items.forEach((item, index) => {
    const seen = counts.get(key(item));
    counts.set(key(item), { count: (seen?.count ?? 0) + 1, last: index, item });
  });
  return [...counts.values()].sort((a, b) => b.count - a.count || b.last - a.last)[0]?.item;
}

function render(format: string, label: Label): string {
  const [before = '', caseOf = 'lower', after = ''] = format.split('\u0000');
  const word = caseOf === 'UPPER' ? label.toUpperCase() : caseOf === 'Title' ? label[0]?.toUpperCase() + label.slice(1) : label;
  return `${before}${word}${after}`;
}

export interface Decision {
  label: Label | 'unclear';
  reply: string;
  /** Why, in a few words: the recording's name. */
  how: string;
}

/** The label and the reply for `comment` under a prompt whose instructions (system prompt and template, comment left out) are `instructions`. */
export function decide(instructions: string, comment: string): Decision {
  const { cue, substance } = readComment(comment);
  const examples = readExamples(instructions);
  const surface = surfaceLabel(cue, substance);
  if (examples.length === 0) {
    const named = LABELS.filter((label) => new RegExp(`\\b${label}\\b`, 'i').test(instructions));
    const label = named.includes(surface) ? surface : undefined;
    const key = /\{\s*"(\w+)"\s*:/.exec(instructions)?.[1] ?? (/\bjson\b/i.test(instructions) ? 'label' : undefined);
    const word = label ?? 'unclear';
    return { label: word, reply: key ? JSON.stringify({ [key]: word }) : word, how: `no examples: read by its surface (${cue}, ${substance})` };
  }
  const format = mostCommon(examples, (item) => item.format)?.format ?? '\u0000lower\u0000';
  const shown = examples.filter((item) => item.cue === cue && item.substance === substance);
  let label: Label;
  let how: string;
  if (shown.length > 0) {
    label = mostCommon(shown, (item) => item.label)?.label ?? surface;
    how = `shown by ${shown.length === 1 ? 'an example' : `${shown.length} examples`} (${cue}, ${substance})`;
  } else if (examples.some((item) => item.label === surface)) {
    label = surface;
    how = `no example shows (${cue}, ${substance}): read by its surface`;
  } else {
    label = mostCommon(examples, (item) => item.label)?.label ?? surface;
    how = `no example shows "${surface}": leaned to the examples' most common label`;
  }
  return { label, reply: render(format, label), how };
}

/** Answers one Messages API request: the label of the comment it carries, as the prompt's examples taught it. */
export function respond(request: Request): Answer {
  const textOf = (content: Request['system'] | Request['messages'][number]['content']): string =>
    content === undefined ? '' : typeof content === 'string' ? content : content.map((block) => (block.type === 'text' ? (block.text ?? '') : '')).join('\n');
  const system = textOf(request.system);
  const lastUser = [...request.messages].reverse().find((message) => message.role === 'user');
  const { comment, rest } = splitUserTurn(textOf(lastUser?.content));
  const decision = decide(`${system}\n\n${rest}`, comment);
  return { name: `review-label model: ${decision.label}, ${decision.how}`, reply: { content: [{ type: 'text', text: decision.reply }] } };
}
