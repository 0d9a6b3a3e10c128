import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CheckReport } from '../../src/core/check/report';
import { printable, progressBar, renderWatch, type WatchView } from '../../src/cli/watchScreen';
import { terminalStyle } from '../../src/cli/terminalStyle';

const plain = terminalStyle(false);

function report(status: CheckReport['status'], tests: CheckReport['tests']): CheckReport {
  return { version: 3, exercise: 'first-dataset', kind: 'eval-dataset', status, message: status === 'pass' ? 'All good.' : 'Not yet.', durationMs: 10, tests };
}

function view(extra: Partial<WatchView>): WatchView {
  return { passed: 1, total: 4, exercise: { id: 'first-dataset', title: 'First dataset', mainFile: 'practice/first-dataset/dataset.jsonl' }, phase: 'checked', keys: 'raw', ...extra };
}

describe('the watch screen', () => {
  it('draws a progress bar of passed over total', () => {
    assert.equal(progressBar(0, 4, 8), '[>-------]');
    assert.equal(progressBar(2, 4, 8), '[####>---]');
    assert.equal(progressBar(4, 4, 8), '[########]');
  });

  it('lists the failing tests with their messages, cut short, and offers n only after a pass', () => {
    const tests = [
      { name: 'passes', status: 'pass' as const },
      ...[1, 2, 3, 4, 5].map((n) => ({ name: `case ${n}`, status: 'fail' as const, message: `why ${n}\nline 2\nline 3\nline 4` })),
    ];
    const failing = renderWatch(view({ report: report('fail', tests) }), plain);
    assert.match(failing, /✗ Not yet: 5 of 6 tests failing \(1 passing\)\n {2}✗ case 1\n {6}why 1\n {6}line 2\n {6}line 3\n {6}… \(1 more line: ai-practice check first-dataset\)/);
    assert.match(failing, /✗ case 4/);
    assert.doesNotMatch(failing, /✗ case 5/);
    assert.match(failing, /… and 1 more failing/);
    assert.match(failing, /h:hint \/ l:list \/ c:check now \/ q:quit$/);
    const passed = renderWatch(
      view({ report: report('pass', [{ name: 'passes', status: 'pass' }]), next: { kind: 'exercise', exercise: { id: 'judge-it', title: 'Judge it' } as never, reason: 'next' } }),
      plain,
    );
    assert.match(passed, /✓ Passed: 1 test, all green\.\n\nNext: Judge it \(judge-it\): press n to start it\n\nh:hint \/ n:next exercise \/ l:list/);
    const piped = renderWatch(view({ keys: 'line', report: report('pass', []), next: { kind: 'all-passed', passed: 4, total: 4, unchecked: [] } }), plain);
    assert.match(piped, /Every exercise has passed \(4 of 4\)\. Well done!\n\nh:hint \/ l:list \/ c:check now \/ q:quit {2}\(type the letter, then Enter\)$/);
  });

  it('prints nothing from a check that moves the cursor, clears the screen or colours text', () => {
    const sneaky = '\u001b[2J\u001b[H\u001b[32m✓ Passed\u001b[0m\u0007\u009b';
    const screen = renderWatch(view({ report: report('fail', [{ name: `bad${sneaky}`, status: 'fail', message: sneaky }]), notice: sneaky }), plain);
    assert.doesNotMatch(screen, /[\u001b\u0007\u009b]/);
    assert.equal(printable(sneaky), '✓ Passed');
    assert.equal(printable('two\nlines\tand a tab\r'), 'two\nlines\tand a tab', 'new lines and tabs stay');
  });
});
