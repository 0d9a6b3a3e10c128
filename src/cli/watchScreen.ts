import type { CheckReport } from '../core/check/report';
import type { NextChoice } from '../core/nextExercise';
import { plural } from '../core/plural';
import type { Style } from './terminalStyle';

// What the watch mode shows, drawn afresh after each change: pure, so that it reads as a
// function of the state.

export interface WatchView {
  passed: number;
  total: number;
  exercise: { id: string; title: string; mainFile: string; stage?: string | undefined };
  /** `checking` while a check runs; `idle` before the first. */
  phase: 'idle' | 'checking' | 'checked';
  report?: CheckReport | undefined;
  /** Why the check could not run (a problem with the exercise's files), instead of a report. */
  problem?: { message: string; fix?: string | undefined } | undefined;
  hint?: { number: number; total: number; text: string; allSeen: boolean } | undefined;
  /** After a pass: what `n` would start. */
  next?: NextChoice | undefined;
  /** A one-off line: files restored, a key not understood, … */
  notice?: string | undefined;
  /** Keys work as single presses (a terminal in raw mode), or as a letter and Enter. */
  keys: 'raw' | 'line';
}

/** How many failing tests, and lines of each message, the compact status shows. */
const MAX_TESTS = 4;
const MAX_MESSAGE_LINES = 3;

/** Text from a check can quote the learner's output: nothing in it may move the cursor, clear the screen or colour a verdict. */
export function printable(text: string): string {
  return text.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

export function progressBar(passed: number, total: number, width: number): string {
  const done = total === 0 ? 0 : Math.round((passed / total) * width);
  return `[${'#'.repeat(done)}${done < width ? '>' : ''}${'-'.repeat(Math.max(0, width - done - 1))}]`;
}

function clip(line: string, width: number): string {
  return line.length > width ? `${line.slice(0, Math.max(1, width - 1))}…` : line;
}

export function renderWatch(view: WatchView, style: Style, columns = 80): string {
  const width = Math.max(40, columns);
  const lines: string[] = [];
  const barWidth = Math.max(10, Math.min(40, width - 30));
  lines.push(`Progress: ${progressBar(view.passed, view.total, barWidth)} ${view.passed}/${view.total} exercises passed`);
  lines.push(`${style.bold('Exercise:')} ${view.exercise.title} ${style.dim(`(${view.exercise.id})`)}${view.exercise.stage ? style.dim(` · ${view.exercise.stage}`) : ''}`);
  lines.push(`${style.bold('Edit:')}     ${view.exercise.mainFile}`);
  lines.push('');
  if (view.phase === 'checking') lines.push(style.yellow(`Checking ${view.exercise.id}…`));
  else if (view.problem) {
    lines.push(`${style.yellow('The check could not run:')} ${printable(view.problem.message)}`);
    if (view.problem.fix) lines.push(style.dim(printable(view.problem.fix)));
  } else if (view.report) lines.push(...reportLines(view.report, style, width));
  else lines.push(style.dim('Waiting for the first check…'));
  if (view.hint) {
    const label = view.hint.allSeen ? `All ${view.hint.total} hints seen; the last:` : `Hint ${view.hint.number} of ${view.hint.total}:`;
    lines.push('', `${style.cyan(label)} ${view.hint.text}`);
  }
  if (view.phase === 'checked' && view.report?.status === 'pass' && view.next) {
    lines.push('');
    if (view.next.kind === 'all-passed') lines.push(style.green(`Every exercise has passed (${view.next.passed} of ${view.next.total}). Well done!`));
    else lines.push(`${style.bold('Next:')} ${view.next.exercise.title} ${style.dim(`(${view.next.exercise.id})`)}: press n to start it`);
  }
  if (view.notice) lines.push('', style.dim(printable(view.notice)));
  lines.push('', keyLine(view, style));
  return lines.join('\n');
}

function reportLines(report: CheckReport, style: Style, width: number): string[] {
  const lines: string[] = [];
  const failing = report.tests.filter((test) => test.status !== 'pass');
  const passing = report.tests.length - failing.length;
  if (report.status === 'pass') {
    lines.push(style.green(`✓ Passed: ${plural(report.tests.length, 'test')}, all green.`));
    return lines;
  }
  const head = report.status === 'error' ? style.yellow('! The check could not run') : style.red(`✗ Not yet: ${failing.length} of ${plural(report.tests.length, 'test')} failing`);
  lines.push(`${head}${passing > 0 ? style.dim(` (${passing} passing)`) : ''}`);
  for (const test of failing.slice(0, MAX_TESTS)) {
    const where = test.location ? style.dim(` ${test.location.file}:${test.location.line}`) : '';
    lines.push(`  ${style.red(test.status === 'error' ? '!' : '✗')} ${printable(test.name)}${where}`);
    const message = printable(test.message ?? '').split('\n').filter(Boolean);
    for (const line of message.slice(0, MAX_MESSAGE_LINES)) lines.push(`      ${clip(line, width - 6)}`);
    if (message.length > MAX_MESSAGE_LINES) lines.push(style.dim(`      … (${plural(message.length - MAX_MESSAGE_LINES, 'more line', 'more lines')}: ai-practice check ${report.exercise})`));
  }
  if (failing.length > MAX_TESTS) lines.push(style.dim(`  … and ${failing.length - MAX_TESTS} more failing`));
  lines.push(style.dim(clip(printable(report.message), width)));
  return lines;
}

function keyLine(view: WatchView, style: Style): string {
  const passed = view.phase === 'checked' && view.report?.status === 'pass';
  const keys = [
    ['h', 'hint'],
    ...(passed && view.next?.kind === 'exercise' ? [['n', 'next exercise']] : []),
    ['l', 'list'],
    ['c', 'check now'],
    ['q', 'quit'],
  ];
  const line = keys.map(([key, what]) => `${style.bold(key as string)}:${what}`).join(' / ');
  return view.keys === 'raw' ? line : `${line}  ${style.dim('(type the letter, then Enter)')}`;
}
