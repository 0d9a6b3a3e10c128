// The harness of the prompt-change-regression-gate exercise. The learner writes the CI gate for a
// prompt change: it reads two eval runs (the baseline and the candidate, k samples per case) and
// decides pass or block by the README's rules. No model answers here: the scenarios hand gate()
// result sets built to tell a careful gate from a careless one (noise that must not block, a
// regression an average hides, a slow decline no single case shows, a critical case that slips,
// cases added or lost) and check its decision and its report. The expected report is worked out
// below by the README's rules. This file stays in the pack; learners never see it.

interface CaseResult {
  id: string;
  tags: string[];
  samples: boolean[];
}

interface Outcome {
  result?: unknown;
  error?: string;
  timedOut: boolean;
  requests: { body: unknown }[];
}

type Rule = 'critical-regression' | 'regressed-cases' | 'mean-decline' | 'missing-cases';
const RULES: Rule[] = ['critical-regression', 'regressed-cases', 'mean-decline', 'missing-cases'];

interface Regression {
  id: string;
  baseline: number;
  candidate: number;
  change: number;
  critical: boolean;
}

interface Report {
  pass: boolean;
  blockedBy: Rule[];
  regressions: Regression[];
  missing: string[];
  added: string[];
  meanChange: number;
  interval: [number, number];
  /** For messages: every paired case's change, and how many there are. */
  changes: { id: string; baseline: number; candidate: number; change: number; critical: boolean }[];
}

// ---------------------------------------------------------------------------------------------
// The README's rules, worked out for the expected report.

const rate = (result: CaseResult): number => result.samples.filter(Boolean).length / result.samples.length;

function expectedReport(baseline: CaseResult[], candidate: CaseResult[]): Report {
  const after = new Map(candidate.map((result) => [result.id, result]));
  const before = new Set(baseline.map((result) => result.id));
  const changes = baseline.flatMap((base) => {
    const cand = after.get(base.id);
    if (!cand) return [];
    const critical = base.tags.includes('critical') || cand.tags.includes('critical');
    return [{ id: base.id, baseline: rate(base), candidate: rate(cand), change: rate(cand) - rate(base), critical }];
  });
  const regressions = changes.filter((c) => (c.critical ? c.change < 0 : c.change <= -0.5));
  const n = changes.length;
  const mean = changes.reduce((sum, c) => sum + c.change, 0) / n;
  const sd = Math.sqrt(changes.reduce((sum, c) => sum + (c.change - mean) ** 2, 0) / (n - 1));
  const margin = (1.96 * sd) / Math.sqrt(n);
  const missing = baseline.filter((result) => !after.has(result.id)).map((result) => result.id);
  const added = candidate.filter((result) => !before.has(result.id)).map((result) => result.id);
  const blockedBy = RULES.filter(
    (rule) =>
      (rule === 'critical-regression' && regressions.some((r) => r.critical)) ||
      (rule === 'regressed-cases' && regressions.length >= 2) ||
      (rule === 'mean-decline' && mean + margin < 0) ||
      (rule === 'missing-cases' && missing.length > 0),
  );
  return { pass: blockedBy.length === 0, blockedBy, regressions, missing, added, meanChange: mean, interval: [mean - margin, mean + margin], changes };
}

// ---------------------------------------------------------------------------------------------
// The result sets. A case is written id, baseline samples, candidate samples, tags: "11110" is
// five samples, four passed; undefined means the run does not have the case.

type Row = [id: string, baseline: string | undefined, candidate: string | undefined, tags?: string[]];

const samplesOf = (text: string): boolean[] => [...text].map((c) => c === '1');
function runs(rows: Row[], candidateTags: Record<string, string[]> = {}): { baseline: CaseResult[]; candidate: CaseResult[] } {
  const baseline = rows.filter((row) => row[1] !== undefined).map(([id, base, , tags]) => ({ id, tags: tags ?? [], samples: samplesOf(base as string) }));
  const candidate = rows.filter((row) => row[2] !== undefined).map(([id, , cand, tags]) => ({ id, tags: candidateTags[id] ?? tags ?? [], samples: samplesOf(cand as string) }));
  return { baseline, candidate };
}

const CRITICAL = ['critical'];

/** The support assistant's suite, baseline side: 16 cases, 5 samples each. */
const SUPPORT: [string, string, string[]?][] = [
  ['refund-window', '11111', CRITICAL],
  ['cancel-subscription', '11111'],
  ['change-billing-email', '11110'],
  ['invoice-copy', '11111', ['billing']],
  ['password-reset', '11111', CRITICAL],
  ['two-factor-lost-phone', '11011', ['account']],
  ['shipping-delay', '10110'],
  ['damaged-item', '11111'],
  ['wrong-size-exchange', '01101'],
  ['gift-card-balance', '11111'],
  ['angry-customer-tone', '10100', ['tone']],
  ['spanish-refund-request', '11100', ['non-english']],
  ['legal-threat-escalation', '11111', CRITICAL],
  ['data-deletion-request', '11111', CRITICAL],
  ['promo-code-stacking', '00100'],
  ['order-status-lookup', '11111'],
];

/** The suite with the candidate's samples changed where `changed` says, and cases added at the end. */
function support(changed: Record<string, string | undefined>, added: Row[] = []): { baseline: CaseResult[]; candidate: CaseResult[] } {
  const rows: Row[] = SUPPORT.map(([id, base, tags]) => [id, base, id in changed ? changed[id] : base, tags]);
  return runs([...rows, ...added]);
}

/** A SQL assistant's suite (hidden): 10 cases, 3 samples each. */
const SQL: [string, string, string[]?][] = [
  ['select-top-customers', '111'],
  ['join-orders-items', '110'],
  ['refuses-drop-table', '111', CRITICAL],
  ['date-range-filter', '011'],
  ['group-by-month', '111'],
  ['no-data-invented', '111', CRITICAL],
  ['window-function-rank', '001'],
  ['null-handling', '101'],
  ['explains-query', '111'],
  ['pagination-offset', '010'],
];

function sql(changed: Record<string, string | undefined>, candidateTags: Record<string, string[]> = {}, added: Row[] = []) {
  const rows: Row[] = SQL.map(([id, base, tags]) => [id, base, id in changed ? changed[id] : base, tags]);
  return runs([...rows, ...added], candidateTags);
}

// ---------------------------------------------------------------------------------------------
// The checks.

const fmt = (value: number): string => String(Number(value.toFixed(3)));
const span = ([low, high]: [number, number]): string => `[${fmt(low)}, ${fmt(high)}]`;
const list = (items: readonly string[]): string => (items.length === 0 ? 'none' : items.join(', '));
const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
const close = (a: unknown, b: number, tolerance: number): boolean => typeof a === 'number' && Math.abs(a - b) <= tolerance;
const shown = (value: unknown): string => (typeof value === 'number' ? fmt(value) : JSON.stringify(value) ?? 'undefined');
const changeOf = (c: { id: string; baseline: number; candidate: number }): string => `${c.id} ${fmt(c.baseline)} → ${fmt(c.candidate)}`;

/** Why each rule that should fire does, in words. */
function whyBlocked(rule: Rule, expected: Report): string {
  switch (rule) {
    case 'critical-regression':
      return `the critical case ${expected.regressions.filter((r) => r.critical).map(changeOf).join(', ')} dropped, and a critical case may not drop at all`;
    case 'regressed-cases':
      return `${expected.regressions.length} cases regressed (${expected.regressions.map(changeOf).join('; ')}), and two are enough to block`;
    case 'mean-decline':
      return `the mean paired change is ${fmt(expected.meanChange)} and its 95 % interval ${span(expected.interval)} lies entirely below 0`;
    case 'missing-cases':
      return `${list(expected.missing)} ${expected.missing.length === 1 ? 'is' : 'are'} in the baseline but not in the candidate run`;
  }
}

/** Why a rule does not hold, in words. */
function whyNot(rule: Rule, expected: Report): string {
  switch (rule) {
    case 'critical-regression':
      return 'no critical case dropped';
    case 'regressed-cases':
      return expected.regressions.length === 0 ? 'no case regressed' : `only one case regressed (${expected.regressions.map(changeOf).join('')}), and one alone may be noise`;
    case 'mean-decline':
      return `the 95 % interval of the mean paired change, ${span(expected.interval)}, reaches 0 or above`;
    case 'missing-cases':
      return 'every baseline case is in the candidate run';
  }
}

/** Why no rule fires, in words. */
function whyPasses(expected: Report): string {
  return (['regressed-cases', 'critical-regression', 'mean-decline', 'missing-cases'] as const).map((rule) => whyNot(rule, expected)).join('; ');
}

function judge(options: { baseline: CaseResult[]; candidate: CaseResult[] }) {
  const expected = expectedReport(options.baseline, options.candidate);
  return (outcome: Outcome): string[] => {
    if (outcome.timedOut) return ['gate did not return.'];
    if (outcome.error !== undefined) return [`gate threw ${outcome.error.replace(/\.?$/, '.')} It should return a report for every pair of runs.`];
    const report = outcome.result as Partial<Record<keyof Report, unknown>> | undefined;
    if (!report || typeof report !== 'object') return [`gate returned ${shown(report)}; it should return a report: { pass, blockedBy, regressions, missing, added, meanChange, interval }.`];
    const problems: string[] = [];

    // The decision and the rules behind it.
    const blockedBy = Array.isArray(report.blockedBy) ? (report.blockedBy as unknown[]).map(String) : undefined;
    if (report.pass !== expected.pass) {
      const why = expected.pass ? whyPasses(expected) : expected.blockedBy.map((rule) => whyBlocked(rule, expected)).join('; and ');
      const decided = report.pass === true ? 'passed the change' : report.pass === false ? 'blocked the change' : `returned pass ${shown(report.pass)}`;
      problems.push(`gate ${decided}; it should ${expected.pass ? 'pass it' : 'block it'}: ${why}.`);
    }
    if (!blockedBy) problems.push(`blockedBy is ${shown(report.blockedBy)}; it should list the rules that block (${list(expected.blockedBy)}), or be empty.`);
    else if (!sameSet(blockedBy, expected.blockedBy)) {
      const extra = blockedBy.filter((rule) => !expected.blockedBy.includes(rule as Rule));
      const lacking = expected.blockedBy.filter((rule) => !blockedBy.includes(rule));
      const notes = [
        ...lacking.map((rule) => `${rule} should be there: ${whyBlocked(rule, expected)}`),
        ...extra.map((rule) => (RULES.includes(rule as Rule) ? `${rule} should not be there: ${whyNot(rule as Rule, expected)}` : `"${rule}" is none of the four rules (${RULES.join(', ')})`)),
      ];
      problems.push(`blockedBy is [${blockedBy.join(', ')}]; it should be [${expected.blockedBy.join(', ')}]: ${notes.join('; ')}.`);
    }

    // Which cases regressed, by how much.
    if (!Array.isArray(report.regressions)) problems.push(`regressions is ${shown(report.regressions)}; it should list every regressed case (${list(expected.regressions.map((r) => r.id))}).`);
    else {
      const given = report.regressions as Partial<Regression>[];
      const ids = given.map((r) => String(r?.id));
      if (!sameSet(ids, expected.regressions.map((r) => r.id))) {
        const wrongly = ids.filter((id) => !expected.regressions.some((r) => r.id === id));
        const forgotten = expected.regressions.filter((r) => !ids.includes(r.id));
        const notes = [
          ...forgotten.map((r) => `${changeOf(r)} (change ${fmt(r.change)}) regressed: ${r.critical ? 'it is critical, and any drop counts' : 'it lost 0.5 or more of its pass rate'}`),
          ...wrongly.map((id) => {
            const paired = expected.changes.find((c) => c.id === id);
            if (!paired) return `${id} is not a case both runs have`;
            return `${changeOf(paired)} (change ${fmt(paired.change)}) did not: ${paired.critical ? 'it did not drop' : 'a case that is not critical regresses only when it loses 0.5 or more'}`;
          }),
        ];
        problems.push(`regressions lists ${list(ids)}; it should list ${list(expected.regressions.map((r) => r.id))}: ${notes.join('; ')}.`);
      } else {
        for (const want of expected.regressions) {
          const got = given.find((r) => r?.id === want.id) as Partial<Regression>;
          const wrong = (['baseline', 'candidate', 'change'] as const).filter((field) => !close(got[field], want[field], 1e-6));
          if (wrong.length > 0) problems.push(`The regression of ${want.id} says ${wrong.map((field) => `${field} ${shown(got[field])}`).join(', ')}; its pass rates are baseline ${fmt(want.baseline)}, candidate ${fmt(want.candidate)}, so its change is ${fmt(want.change)}.`);
          if (got.critical !== want.critical) problems.push(`The regression of ${want.id} says critical ${shown(got.critical)}; it ${want.critical ? 'is' : 'is not'} tagged "critical".`);
        }
      }
    }

    // Cases only one run has.
    for (const [field, want, what] of [
      ['missing', expected.missing, 'the baseline cases the candidate run lacks'],
      ['added', expected.added, 'the candidate cases the baseline lacks'],
    ] as const) {
      const got = report[field];
      if (!Array.isArray(got) || !sameSet(got.map(String), want)) problems.push(`${field} is ${Array.isArray(got) ? `[${got.join(', ')}]` : shown(got)}; it should list ${what}: [${want.join(', ')}].`);
    }

    // The statistics, over the paired cases only.
    const n = expected.changes.length;
    const over = `the ${n} cases both runs have${expected.added.length + expected.missing.length > 0 ? ' (cases only one run has take no part)' : ''}`;
    if (!close(report.meanChange, expected.meanChange, 1e-6)) problems.push(`meanChange is ${shown(report.meanChange)}; the mean of the paired changes over ${over} is ${fmt(expected.meanChange)}.`);
    const interval = report.interval;
    if (!Array.isArray(interval) || interval.length !== 2 || !close(interval[0], expected.interval[0], 1e-6) || !close(interval[1], expected.interval[1], 1e-6)) {
      problems.push(
        `interval is ${Array.isArray(interval) ? `[${interval.map(shown).join(', ')}]` : shown(interval)}; it should be ${span(expected.interval)}: mean ± 1.96 × sd / √n over ${over}, sd the sample standard deviation of the changes (divided by n − 1).`,
      );
    }
    return problems;
  };
}

/** No model is needed to compare two runs; this one only says so, should anything ask it. */
const respond = () => ({ reply: { content: [{ type: 'text', text: 'The gate is code: no model call is needed.' }] } });

const scenario = (name: string, sets: { baseline: CaseResult[]; candidate: CaseResult[] }, hidden = false) => ({
  name,
  ...(hidden ? { hidden: true } : {}),
  options: sets,
  respond,
  check: judge(sets),
});

export const scenarios = [
  scenario('the same results pass', support({})),
  scenario('noise does not block, though one case fell by 0.6', support({
    'change-billing-email': '11111',
    'two-factor-lost-phone': '10011',
    'shipping-delay': '11010',
    'wrong-size-exchange': '00100',
    'angry-customer-tone': '11100',
    'spanish-refund-request': '00000',
    'promo-code-stacking': '10100',
    'cancel-subscription': '11101',
  })),
  scenario('a regression hidden in a flat average blocks', support({
    'cancel-subscription': '00000',
    'damaged-item': '01000',
    'gift-card-balance': '00100',
    'shipping-delay': '11111',
    'wrong-size-exchange': '11111',
    'angry-customer-tone': '11111',
    'spanish-refund-request': '11111',
    'promo-code-stacking': '11111',
  })),
  scenario('a small decline across many cases blocks', support({
    'cancel-subscription': '11110',
    'change-billing-email': '11100',
    'invoice-copy': '10111',
    'two-factor-lost-phone': '10011',
    'shipping-delay': '10100',
    'damaged-item': '11011',
    'wrong-size-exchange': '01001',
    'gift-card-balance': '11101',
    'angry-customer-tone': '10000',
    'spanish-refund-request': '10100',
    'promo-code-stacking': '00000',
    'order-status-lookup': '01111',
  })),
  scenario('a critical case that slips once blocks', support({
    'refund-window': '11011',
    'change-billing-email': '11111',
    'two-factor-lost-phone': '10011',
  })),
  scenario('new cases are reported and never block', support(
    { 'shipping-delay': '11100', 'wrong-size-exchange': '01110', 'angry-customer-tone': '11100' },
    [
      ['refund-in-store', undefined, '00000', CRITICAL],
      ['loyalty-points', undefined, '11111'],
      ['address-change', undefined, '10101'],
    ],
  )),
  scenario('a case missing from the candidate blocks', support({ 'invoice-copy': undefined, 'angry-customer-tone': '11100' })),
  scenario('an improvement passes', support({
    'change-billing-email': '11111',
    'shipping-delay': '11110',
    'wrong-size-exchange': '11101',
    'angry-customer-tone': '11101',
    'spanish-refund-request': '11110',
    'promo-code-stacking': '01101',
  })),
  scenario('two cases down by exactly 0.5 block', runs(SUPPORT.map(([id, base, tags]): Row => {
    // The candidate was sampled 4 times a case: pass rates in quarters.
    const four: Record<string, string> = { 'order-status-lookup': '1100', 'gift-card-balance': '0101', 'change-billing-email': '1110', 'wrong-size-exchange': '1100', 'promo-code-stacking': '0100', 'angry-customer-tone': '1100', 'spanish-refund-request': '1101', 'two-factor-lost-phone': '1110', 'shipping-delay': '1010' };
    return [id, base, four[id] ?? '1111', tags];
  }))),
  scenario('a critical case tagged in the candidate only, and a better average', sql(
    { 'refuses-drop-table': '111', 'no-data-invented': '111', 'explains-query': '110', 'window-function-rank': '111', 'pagination-offset': '111', 'null-handling': '111', 'join-orders-items': '111' },
    { 'explains-query': CRITICAL },
  ), true),
  scenario('noise on another suite, with a new case', sql(
    { 'join-orders-items': '011', 'date-range-filter': '001', 'null-handling': '111', 'group-by-month': '100', 'window-function-rank': '011' },
    {},
    [['cte-recursive', undefined, '000']],
  ), true),
  scenario('a critical regression counts toward the two', sql({ 'no-data-invented': '011', 'group-by-month': '000', 'date-range-filter': '111' }), true),
  scenario('a flat average on another suite hides two regressions', sql({ 'select-top-customers': '001', 'explains-query': '000', 'window-function-rank': '111', 'pagination-offset': '111', 'null-handling': '111' }), true),
];
