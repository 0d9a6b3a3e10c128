import type { CheckReport, Resemblance } from './report';

/**
 * A check report's behavioural fingerprint: which tests do not pass, and how (`fail`: the
 * work is wrong; `error`: the test could not run), one `"<status> · <test>"` entry per test,
 * sorted and without repeats. Two solutions with the same fingerprint fail the same way.
 *
 * Only what stays the same from one learner to the next goes in. The messages do not: they
 * carry the learner's own values. Nor do the parts of a test's name that come from the
 * learner's files (stableTestName).
 */
export type Fingerprint = readonly string[];

export function fingerprintOf(report: Pick<CheckReport, 'tests'>): string[] {
  return [...new Set(report.tests.filter((test) => test.status !== 'pass').map(entryOf))].sort();
}

/**
 * One test's entry. A test named after the learner's own case ("line 7 · …", which becomes
 * "line *") also says what is wrong with the case: its message's first words, up to the first
 * ":", "(", ";" or ".", which name the problem and not the values ("Wrong expectation", "The
 * correct implementation fails on this input", or the field a malformed case gets wrong:
 * "input.attempt").
 */
function entryOf(test: CheckReport['tests'][number]): string {
  const name = stableTestName(test.name);
  if (!name.endsWith('line *')) return `${test.status} · ${name}`;
  const what = (test.message ?? '').split(/[:(;.\n]/)[0]?.trim().replace(/\d+/g, '#');
  return `${test.status} · ${name}${what ? ` · ${what}` : ''}`;
}

/**
 * A test's name without what the learner's files put in it: an eval dataset names a case by its
 * line and id ("line 7 · refund-late"), so any case becomes "line *"; a prompt's placeholder
 * ("placeholder {{ticket}}") becomes "{{*}}". A project stage's prefix ("stage 2 · ") is kept: it
 * says which stage fails.
 */
export function stableTestName(name: string): string {
  const stage = /^stage \d+ · /.exec(name)?.[0] ?? '';
  const own = name.slice(stage.length);
  return stage + own.replace(/^line \d+(?: · [\s\S]*)?$/, 'line *').replace(/\{\{[^}]*\}\}/g, '{{*}}');
}

export function sameFingerprint(a: Fingerprint, b: Fingerprint): boolean {
  return a.length === b.length && a.every((entry, index) => entry === b[index]);
}

/** A known-wrong solution of an exercise, as the pack describes it, with the fingerprint its check had. */
export interface KnownMistake {
  dir: string;
  reason: string;
  mentor?: string | undefined;
  /** The requirements it breaks, as the README states them. */
  requirements: string[];
  fingerprint: Fingerprint;
}

/**
 * The known mistakes a failing report behaves like: those whose fingerprint is the report's.
 * A pass, an error (the check could not run) or a report that fails no test resembles nothing;
 * nor does one that behaves like the untouched starter (`starter`): nothing tells it from work
 * not yet begun. Several known-wrongs may share a fingerprint: each is returned.
 */
export function resemblances(report: CheckReport, mistakes: readonly KnownMistake[], starter?: Fingerprint): Resemblance[] {
  if (report.status !== 'fail') return [];
  const fingerprint = fingerprintOf(report);
  if (fingerprint.length === 0) return [];
  if (starter && sameFingerprint(fingerprint, starter)) return [];
  return mistakes
    .filter((mistake) => sameFingerprint(mistake.fingerprint, fingerprint))
    .map((mistake) => ({ mistake: mistake.reason, ...(mistake.mentor ? { mentor: mistake.mentor } : {}), ...(mistake.requirements.length > 0 ? { requirements: mistake.requirements } : {}) }));
}

/** Groups of solutions (by name) that share a fingerprint, two or more each, in the order given. */
export function sharedFingerprints(named: readonly { name: string; fingerprint: Fingerprint }[]): string[][] {
  const groups = new Map<string, string[]>();
  for (const { name, fingerprint } of named) {
    if (fingerprint.length === 0) continue;
    const key = fingerprint.join('\n');
    groups.set(key, [...(groups.get(key) ?? []), name]);
  }
  return [...groups.values()].filter((names) => names.length > 1);
}
