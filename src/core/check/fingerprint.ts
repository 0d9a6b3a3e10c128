import type { CheckReport, Resemblance } from './report';

/**
 * A check report's behavioural fingerprint: which tests do not pass, and how: `fail` (the work
 * is wrong) or `error` (the test could not run), and what the message says is wrong. One
 * `"<status> · <test> · <what>"` entry per test, sorted and without repeats. Two solutions with
 * the same fingerprint fail the same way.
 *
 * Only what stays the same from one learner to the next goes in: not the values a message
 * shows, which are the learner's own (messageShape), nor the parts of a test's name that come
 * from the learner's files (stableTestName).
 */
export type Fingerprint = readonly string[];

export function fingerprintOf(report: Pick<CheckReport, 'tests'>): string[] {
  return [...new Set(report.tests.filter((test) => test.status !== 'pass').map(entryOf))].sort();
}

/**
 * One test's entry: its status, its name (stableTestName) and what its message says is wrong
 * (messageShape), e.g. "fail · answers a follow-up · The API refused the request (#)".
 */
function entryOf(test: CheckReport['tests'][number]): string {
  const shape = messageShape(test.message ?? '');
  return `${test.status} · ${stableTestName(test.name)}${shape ? ` · ${shape}` : ''}`;
}

/**
 * What a failure message says is wrong, without the values it shows: its first clause (up to
 * the first ":", ";", "(", full stop or line break), with quoted text made "…", a placeholder
 * "{{*}}", an id the learner's code made (eight or more hex digits, letters and digits mixed) and
 * every number "#". "It reported 126 input and 25 output tokens; the response's usage says 138…" and "It
 * reported 90 input and 12 output tokens; …" both become "It reported # input and # output
 * tokens": two learners' code, one mistake.
 */
export function messageShape(message: string): string {
  const masked = message
    .replace(/"[^"\n]*"|“[^”\n]*”|`[^`\n]*`/g, '"…"')
    .replace(/\{\{[^}]*\}\}/g, '{{*}}')
    // An id the learner's code made (a trace id, a request id): hex digits, letters and digits mixed.
    .replace(/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi, '#')
    .replace(/\d+(?:[.,]\d+)*/g, '#');
  return (masked.split(/[:;(\n]|\.(?:\s|$)/)[0] ?? '').trim();
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
