// The simulated model of the code-review-workflow exercise, written as code. It answers each
// request from what the request carries. Offered tools, it acts as the agent the starter is. With
// no tools, it does the one step the request's words ask for (format, else review, else
// summarise), on the material the request carries: a diff to summarise or review, review notes
// to lay out as a comment. The README states every rule below. This file stays in the pack.
import type { PullRequest } from './pullRequests';

type Block = { type: string; text?: string; name?: string; input?: Record<string, unknown>; id?: string; tool_use_id?: string; content?: unknown };
export interface Request {
  model: string;
  max_tokens: number;
  system?: string | Block[];
  messages: { role: string; content: string | Block[] }[];
  tools?: { name: string; input_schema?: { properties?: Record<string, unknown> } }[];
  tool_choice?: { type: string };
}

export type Step = 'summary' | 'review' | 'format';

/** The words that ask for each step, in the order the model looks for them: the first found decides. */
export const STEP_WORDS: [Step, RegExp][] = [
  ['format', /\b(format|formats|formatted|formatting|markdown|rewrite|pr comment|pull request comment|comment (for|on) the (pr|pull request)|comment to post)\b/i],
  ['review', /\b(review|reviews|bugs?|issues?|problems?|mistakes?|defects?|flaws?|errors?|critique)\b/i],
  ['summary', /\b(summar(y|ies|ise|ize|ised|ized|ising|izing)|sum up|describe|overview|outline|explain)\b/i],
];

/** The step a request's words ask for, if any, and the word that asked. */
export function stepAskedFor(text: string): { step: Step; word: string } | undefined {
  for (const [step, words] of STEP_WORDS) {
    const found = words.exec(text);
    if (found) return { step, word: found[0] };
  }
  return undefined;
}

/** Every piece of text the request carries: the system prompt and the text of every message. */
export function requestText(request: Request): string {
  const parts = (content: string | Block[] | undefined): string =>
    typeof content === 'string'
      ? content
      : (content ?? [])
          .map((block) => (block.type === 'text' ? (block.text ?? '') : block.type === 'tool_result' ? parts(block.content as string | Block[]) : ''))
          .join('\n');
  return [parts(request.system), ...request.messages.map((message) => parts(message.content))].join('\n');
}

interface ChangedFile {
  path: string;
  added: { line: number; text: string }[];
  removed: number;
}

/** The files of a unified diff, with the lines each adds (and their line numbers in the new file). */
export function changedFiles(diff: string): ChangedFile[] {
  const files: ChangedFile[] = [];
  let current: ChangedFile | undefined;
  let line = 0;
  for (const raw of diff.split('\n')) {
    const header = /^\+\+\+ b\/(.+)$/.exec(raw);
    if (header) {
      current = { path: header[1] ?? '', added: [], removed: 0 };
      files.push(current);
      continue;
    }
    if (/^(diff --git|--- |new file mode|index )/.test(raw)) continue;
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(raw);
    if (hunk) {
      line = Number(hunk[1]);
      continue;
    }
    if (!current) continue;
    if (raw.startsWith('+')) current.added.push({ line: line++, text: raw.slice(1) });
    else if (raw.startsWith('-')) current.removed++;
    else line++;
  }
  return files;
}

/** The areas a summary names, in this order. */
export const AREAS = ['migrations', 'secrets', 'config', 'code', 'tests', 'docs'] as const;
type Area = (typeof AREAS)[number];

const SECRET = /\b\w*(secret|api[_-]?key|password|passwd|token|private[_-]?key)\w*\s*[:=]\s*['"][^'"]{8,}['"]/i;

function areaOf(path: string): Area {
  if (/(^|\/)migrations?\//i.test(path) || /\.sql$/i.test(path)) return 'migrations';
  if (/(^|\/)(tests?|__tests__)\//i.test(path) || /\.(test|spec)\.[cm]?[jt]sx?$/i.test(path)) return 'tests';
  if (/\.md$/i.test(path) || /(^|\/)docs?\//i.test(path)) return 'docs';
  if (/(^|\/)config\//i.test(path) || /\.(json|ya?ml|toml)$/i.test(path) || /(^|\/)\.env/i.test(path)) return 'config';
  return 'code';
}

/** The summary the model writes of a diff: a line per file, then the areas it touches. */
export function summaryOf(diff: string): string {
  const files = changedFiles(diff);
  const touched = new Set<Area>(files.map((file) => areaOf(file.path)));
  if (files.some((file) => file.added.some((added) => SECRET.test(added.text)))) touched.add('secrets');
  const counted = (n: number, what: string): string => `${n} line${n === 1 ? '' : 's'} ${what}`;
  return [
    `Changes ${files.length} file${files.length === 1 ? '' : 's'}:`,
    ...files.map((file) => `- ${file.path}: ${[counted(file.added.length, 'added'), ...(file.removed > 0 ? [counted(file.removed, 'removed')] : [])].join(', ')}`),
    `Touches: ${AREAS.filter((area) => touched.has(area)).join(', ')}`,
  ].join('\n');
}

/** What the model notes on an added line of code. */
const NOTES: [RegExp, string][] = [
  [/[^=!<>]==[^=]/, 'compares with ==; === is safer'],
  [/console\.log\(/, 'a console.log is left in'],
  [/catch\s*\(\w*\)\s*\{\s*\}/, 'an empty catch hides every failure'],
  [/\/\/\s*TODO/, 'a TODO is left in'],
];

/** The review notes the model writes on a diff: one line per note, or that there is nothing to change. */
export function reviewOf(diff: string): string {
  const notes: string[] = [];
  for (const file of changedFiles(diff)) {
    if (areaOf(file.path) === 'docs') continue;
    for (const added of file.added) for (const [pattern, note] of NOTES) if (pattern.test(added.text)) notes.push(`- ${file.path}:${added.line}: ${note}`);
  }
  return notes.length > 0 ? notes.join('\n') : 'Nothing to change.';
}

/** The comment the model lays out from review notes. */
export function commentOf(review: string): string {
  const notes = review.split('\n').filter((line) => line.startsWith('- '));
  if (notes.length === 0) return '**Automated notes on this pull request**\n\nNothing to change here.';
  const items = notes.map((line) => {
    const [, path, at, note] = /^- (.+?):(\d+): (.+)$/.exec(line) ?? [];
    return `- \`${path}\` line ${at}: ${note}`;
  });
  return `**Automated notes on this pull request**\n\n${items.join('\n')}\n\n${notes.length} note${notes.length === 1 ? '' : 's'}.`;
}

const text = (value: string) => ({ type: 'text' as const, text: value });

/** Whether the request carries every line of `material` (blank lines aside). */
export function carries(requestWords: string, material: string): boolean {
  const lines = material.split('\n').map((line) => line.trim()).filter(Boolean);
  return lines.every((line) => requestWords.includes(line));
}

/** The agent the starter is: read every changed file, then hand over or comment, then stop. */
function agentTurn(request: Request, pullRequest: PullRequest) {
  const tools = request.tools ?? [];
  const withInput = (property: string) => tools.find((tool) => Object.hasOwn(tool.input_schema?.properties ?? {}, property));
  const reader = withInput('path');
  const commenter = withInput('body');
  const escalator = withInput('reason');
  const calls = request.messages.flatMap((message) => (message.role === 'assistant' && Array.isArray(message.content) ? message.content.filter((block) => block.type === 'tool_use') : []));
  if (!requestText(request).includes(pullRequest.diff.trim())) return { name: 'agent: no diff', reply: { content: [text('I see no diff to look at.')] } };
  const read = new Set(calls.filter((call) => call.name === reader?.name).map((call) => String(call.input?.path)));
  const next = reader ? changedFiles(pullRequest.diff).find((file) => !read.has(file.path)) : undefined;
  if (reader && next) return { name: `agent: reads ${next.path}`, reply: { content: [{ type: 'tool_use' as const, name: reader.name, input: { path: next.path } }] } };
  if (calls.some((call) => call.name === commenter?.name || call.name === escalator?.name)) return { name: 'agent: done', reply: { content: [text('Done.')] } };
  const summary = summaryOf(pullRequest.diff);
  const risky = AREAS.slice(0, 2).filter((area) => summary.split('\n').at(-1)?.includes(area));
  if (risky.length > 0 && escalator) {
    return { name: 'agent: hands over', reply: { content: [{ type: 'tool_use' as const, name: escalator.name, input: { reason: `The change touches ${risky.join(' and ')}.`, summary } }] } };
  }
  const comment = commentOf(reviewOf(pullRequest.diff));
  if (commenter) return { name: 'agent: comments', reply: { content: [{ type: 'tool_use' as const, name: commenter.name, input: { body: comment } }] } };
  return { name: 'agent: answers', reply: { content: [text(comment)] } };
}

/** The model for one pull request. */
export function reviewModel(pullRequest: PullRequest) {
  const summary = summaryOf(pullRequest.diff);
  const review = reviewOf(pullRequest.diff);
  return (raw: unknown) => {
    const request = raw as Request;
    if ((request.tools ?? []).length > 0) return agentTurn(request, pullRequest);
    const words = requestText(request);
    const step = stepAskedFor(words)?.step;
    const hasDiff = words.includes(pullRequest.diff.trim());
    switch (step) {
      case 'summary':
        return hasDiff ? { name: 'summary', reply: { content: [text(summary)] } } : { name: 'summary of nothing', reply: { content: [text('I see no diff to sum up.')] } };
      case 'review':
        return hasDiff ? { name: 'review', reply: { content: [text(review)] } } : { name: 'review of nothing', reply: { content: [text('I see no code here to go through.')] } };
      case 'format':
        return carries(words, review)
          ? { name: 'comment', reply: { content: [text(commentOf(review))] } }
          : { name: 'comment on nothing', reply: { content: [text('There are no notes here to lay out.')] } };
      default:
        return { name: 'no step asked for', reply: { content: [text('What would you like me to do with this?')] } };
    }
  };
}
