import { formatDollars } from '../model/prices';
import type { CheckReport, ModelUsage, Resemblance } from './report';
import { plural } from '../plural';

/** The styling a caller may apply: ANSI colours in a terminal, none in the editor's output. */
export interface TextStyle {
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const same = (text: string): string => text;
const PLAIN: TextStyle = { bold: same, dim: same, green: same, red: same, yellow: same, cyan: same };

const TEST_MARK = { pass: '✓', fail: '✗', error: '!' } as const;

/** A check report: each test with its mark, and for failures why and where. */
export function renderReport(report: CheckReport, style: TextStyle = PLAIN): string {
  const colour = report.status === 'pass' ? style.green : report.status === 'fail' ? style.red : style.yellow;
  const label = report.status === 'pass' ? 'PASS' : report.status === 'fail' ? 'FAIL' : 'ERROR';
  const lines = [`${colour(style.bold(label))} ${style.bold(report.exercise)} ${style.dim(`· ${plural(report.tests.length, 'test')} · ${(report.durationMs / 1000).toFixed(2)} s`)}`, ''];
  for (const test of report.tests) {
    const testColour = test.status === 'pass' ? style.green : test.status === 'fail' ? style.red : style.yellow;
    if (test.status === 'pass') {
      lines.push(`  ${testColour(TEST_MARK.pass)} ${style.dim(test.name)}${test.message ? style.dim(` · ${test.message}`) : ''}`);
      continue;
    }
    lines.push(`  ${testColour(TEST_MARK[test.status])} ${test.name}${test.requirements?.length ? style.dim(` · checks ${test.requirements.join(', ')}`) : ''}`);
    if (test.location) lines.push(`      ${style.cyan(`${test.location.file}:${test.location.line}${test.location.column ? `:${test.location.column}` : ''}`)}`);
    for (const line of (test.message ?? '').split('\n')) if (line) lines.push(`      ${line}`);
    const indent = (text: string): string => text.split('\n').join('\n                ');
    if (test.expected !== undefined) lines.push(`      ${style.green('expected:')} ${indent(test.expected)}`);
    if (test.actual !== undefined) lines.push(`      ${style.red('actual:  ')} ${indent(test.actual)}`);
    if (test.output) lines.push(...test.output.split('\n').map((line) => `      ${style.dim(line)}`));
  }
  if (report.status === 'error' && report.tests.length === 0) lines.push(`  ${style.yellow('!')} the check could not run`);
  if (report.advice?.length) {
    lines.push('', style.bold('Review of the prompt (offline advice; the model run decides):'));
    for (const item of report.advice) {
      const where = item.location ? `${style.cyan(`${item.location.file}:${item.location.line}`)} ` : '';
      lines.push(`  ${style.yellow('•')} ${where}${item.message}`);
    }
  }
  if (report.usage) lines.push('', ...usageLines(report.usage, style));
  const source = report.errorIn === 'harness' ? ' This is a problem in the exercise pack, not in your work.' : '';
  lines.push('', `${colour(report.message)}${source}`);
  if (report.resembles?.length) lines.push('', ...renderResemblance(report.resembles, style).split('\n'));
  return lines.join('\n');
}

/**
 * The known mistakes a failing check behaves like, with the author's mentor notes: what a
 * learner reads under the result, in a terminal and in Test Explorer.
 */
export function renderResemblance(resembles: readonly Resemblance[], style: TextStyle = PLAIN): string {
  const lines = [style.bold(resembles.length === 1 ? 'Your solution behaves like a known mistake:' : `Your solution behaves like one of ${resembles.length} known mistakes, which fail the same way:`)];
  for (const item of resembles) {
    lines.push(`  ${style.yellow('•')} ${item.mistake}`);
    if (item.requirements?.length) lines.push(`    ${style.dim(`It breaks: ${item.requirements.join(' ')}`)}`);
    if (item.mentor) lines.push(`    ${style.cyan('Mentor:')} ${item.mentor}`);
  }
  return lines.join('\n');
}

/** What the model calls cost and where their answers came from. */
export function usageLines(usage: ModelUsage, style: TextStyle = PLAIN): string[] {
  const stored = usage.fromCache > 0 ? ` (${usage.fromCache} stored, free)` : '';
  const retries = usage.retries > 0 ? ` · ${usage.retries} retr${usage.retries === 1 ? 'y' : 'ies'}` : '';
  const cacheTokens = usage.cacheCreationInputTokens + usage.cacheReadInputTokens > 0 ? ` · cache ${usage.cacheCreationInputTokens} written${usage.cacheCreation1hInputTokens ? ` (${usage.cacheCreation1hInputTokens} for 1 h)` : ''} / ${usage.cacheReadInputTokens} read` : '';
  const offline = usage.provider === 'replay' || usage.provider === 'simulated';
  const cost = offline ? `no cost (${usage.provider})` : usage.costUsd === null ? `no price known for ${usage.model}` : `${formatDollars(usage.costUsd)} of a ${formatDollars(usage.budgetUsd)} budget`;
  return [
    `${style.bold('Model')} ${usage.provider === 'replay' ? 'replay of recorded answers' : usage.provider === 'simulated' ? usage.model : `${usage.model} (${usage.provider})`} · ${plural(usage.calls, 'call')}${stored}${retries}`,
    usage.inputTokens + usage.outputTokens === 0
      ? `${style.bold('Tokens')} none spent${usage.calls > 0 && usage.fromCache === usage.calls ? ': every answer was stored' : ''} · ${cost}`
      : `${style.bold('Tokens')} ${usage.inputTokens} in / ${usage.outputTokens} out${cacheTokens} · ${cost}`,
    ...usage.sources.map((source) => style.dim(`Answers from ${source}`)),
    ...(usage.recordedTo ? [style.dim(`Recorded to ${usage.recordedTo}`)] : []),
  ];
}
