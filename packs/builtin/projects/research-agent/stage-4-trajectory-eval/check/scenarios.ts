// The harness of stage 4 of the research-agent project: evaluating trajectories. No model answers
// here (the evaluator is code): each scenario hands evaluateRun a recorded run of the research agent
// (the question, the trace stage 1 defined, the answer, why it stopped) and compares what it
// reports with what STAGE-4.md's rules give, worked out below by the harness's own evaluator. The
// runs are good ones and bad ones, each bad one with a known flaw; the hidden ones hold the rules'
// edges. Every message explains the rule from the run itself. This file stays in the pack.
import { PAGES, sameValue, statusJson } from '../../stage-1-loop/check/world';

interface Step {
  step: number;
  thought: string;
  tool: string;
  input: Record<string, unknown>;
  result: string;
  isError: boolean;
}

interface Run {
  question: string;
  answer: string;
  stoppedBecause: 'done' | 'max-steps' | 'api-error';
  steps: number;
  trace: Step[];
}

type Failure = 'stopped-early' | 'no-evidence' | 'unrecovered-error' | 'wasteful';
const FAILURES: Failure[] = ['stopped-early', 'no-evidence', 'unrecovered-error', 'wasteful'];

interface Evaluation {
  wasted: { index: number; why: 'repeat' | 'unused' }[];
  errors: number;
  recovered: number;
  usedEvidence: boolean;
  pass: boolean;
  failures: Failure[];
}

interface Outcome {
  result?: unknown;
  error?: string;
  timedOut: boolean;
  requests: unknown[];
}

// ---------------------------------------------------------------------------------------------
// The rules of STAGE-4.md, with the reason for each finding in words, for the messages.

const READ_ONLY = ['search_docs', 'read_page', 'service_status'];

function citationsOf(answer: string): string[] {
  return [...answer.matchAll(/\[([A-Za-z0-9-]+)\]/g)].map((match) => match[1] as string);
}

function hitsOf(result: string): string[] {
  try {
    const hits = JSON.parse(result) as unknown;
    return Array.isArray(hits) ? hits.flatMap((hit) => (hit && typeof hit === 'object' && typeof (hit as { id?: unknown }).id === 'string' ? [(hit as { id: string }).id] : [])) : [];
  } catch {
    return [];
  }
}

function statusOf(result: string): string | undefined {
  try {
    const status = (JSON.parse(result) as { status?: unknown } | null)?.status;
    return typeof status === 'string' ? status : undefined;
  } catch {
    return undefined;
  }
}

const call = (step: Step, index: number): string => `trace[${index}] (${step.tool} ${JSON.stringify(step.input)})`;

/** What the rules give for a run, with a sentence per call and per verdict saying why. */
export function judge(run: Run, maxWasted = 1): Evaluation & { why: Map<number, string>; evidenceWhy: string; recoveryWhy: string[] } {
  const cited = citationsOf(run.answer);
  const answer = run.answer.toLowerCase();
  const readOk = new Set(run.trace.filter((step) => step.tool === 'read_page' && !step.isError).map((step) => String(step.input.id)));
  const why = new Map<number, string>();
  const wasted: Evaluation['wasted'] = [];
  /** Whether the answer uses this call's result, and how (rule 2). */
  const usedBy = (step: Step, index: number): string | undefined => {
    if (step.tool === 'read_page') return cited.includes(String(step.input.id)) ? `the answer cites [${String(step.input.id)}]` : undefined;
    if (step.tool === 'service_status') {
      const status = statusOf(step.result);
      const service = String(step.input.service);
      return status !== undefined && answer.includes(service.toLowerCase()) && answer.includes(status.toLowerCase()) ? `the answer states that ${service} is ${status}` : undefined;
    }
    const hits = hitsOf(step.result);
    const read = run.trace.slice(index + 1).find((later) => later.tool === 'read_page' && hits.includes(String(later.input.id)));
    if (read) return `a later read_page reads ${String(read.input.id)}, one of its hits`;
    const hit = hits.find((id) => cited.includes(id));
    return hit ? `the answer cites [${hit}], one of its hits` : undefined;
  };
  run.trace.forEach((step, index) => {
    const earlier = run.trace.slice(0, index).findIndex((before) => !before.isError && before.tool === step.tool && sameValue(before.input, step.input));
    if (earlier >= 0) {
      wasted.push({ index, why: 'repeat' });
      why.set(index, `${call(step, index)} makes the same call as trace[${earlier}], which worked: a repeat`);
      return;
    }
    if (step.isError) return why.set(index, `${call(step, index)} failed, so it is an error, not a wasted call`);
    if (!READ_ONLY.includes(step.tool)) return why.set(index, `${call(step, index)} is not a read-only tool: its effect is its use`);
    const used = usedBy(step, index);
    if (used) return why.set(index, `${call(step, index)} was used: ${used}`);
    wasted.push({ index, why: 'unused' });
    why.set(
      index,
      `${call(step, index)} was never used: ${
        step.tool === 'read_page' ? `the answer does not cite [${String(step.input.id)}]` : step.tool === 'service_status' ? `the answer does not state that ${String(step.input.service)} is ${statusOf(step.result) ?? '(no status)'}` : 'no later read_page reads one of its hits, and the answer cites none of them'
      }`,
    );
  });

  const fabricated = cited.filter((id) => !readOk.has(id));
  const grounded = run.trace.some((step, index) => !step.isError && (step.tool === 'read_page' || step.tool === 'service_status') && usedBy(step, index) !== undefined);
  const usedEvidence = fabricated.length === 0 && grounded;
  const evidenceWhy =
    fabricated.length > 0
      ? `the answer cites ${fabricated.map((id) => `[${id}]`).join(', ')}, which the run never read successfully`
      : grounded
        ? 'the answer rests on what the run found (a page it read and cites, or a status it states), and cites nothing else'
        : 'the answer cites no page the run read and states no status the run got';

  const recoveryWhy: string[] = [];
  let errors = 0;
  let recovered = 0;
  run.trace.forEach((step, index) => {
    if (!step.isError) return;
    errors++;
    const again = run.trace.slice(index + 1).findIndex((later) => later.tool === step.tool && sameValue(later.input, step.input));
    if (again >= 0) recoveryWhy.push(`${call(step, index)} failed and trace[${index + 1 + again}] makes the same call again, unchanged: not recovered`);
    else if (run.stoppedBecause !== 'done') recoveryWhy.push(`${call(step, index)} failed and the run never reached an answer (it stopped: ${run.stoppedBecause}): not recovered`);
    else {
      recovered++;
      recoveryWhy.push(`${call(step, index)} failed, the run did not repeat it and still reached an answer: recovered`);
    }
  });

  const failures: Failure[] = [];
  if (run.stoppedBecause !== 'done') failures.push('stopped-early');
  if (!usedEvidence) failures.push('no-evidence');
  if (recovered < errors) failures.push('unrecovered-error');
  if (wasted.length > maxWasted) failures.push('wasteful');
  return { wasted, errors, recovered, usedEvidence, pass: failures.length === 0, failures, why, evidenceWhy, recoveryWhy };
}

// ---------------------------------------------------------------------------------------------
// Recorded runs.

const titleOf = (id: string): string => PAGES.find((page) => page.id === id)?.title ?? id;
const textOf = (id: string): string => PAGES.find((page) => page.id === id)?.text ?? `The ${id} page.`;
/** A call of a recorded run; its step is set when the run is put together. */
const entry = (tool: string, input: Record<string, unknown>, result: string, isError = false, thought = `Thought: next I use ${tool}.`): Step => ({ step: 0, thought, tool, input, result, isError });
const status = (service: string, value: 'up' | 'degraded' | 'down'): Step => entry('service_status', { service }, statusJson(service, value));
const search = (query: string, ids: string[], input: Record<string, unknown> = { query }): Step => entry('search_docs', input, JSON.stringify(ids.map((id) => ({ id, title: titleOf(id) }))));
const read = (id: string): Step => entry('read_page', { id }, textOf(id));
const failed = (tool: string, input: Record<string, unknown>, message: string): Step => entry(tool, input, `The tool failed: ${message}`, true);

function run(question: string, trace: Step[], answer: string, stoppedBecause: Run['stoppedBecause'] = 'done'): Run {
  const numbered = trace.map((step, i) => ({ ...step, step: i + 1 }));
  return { question, trace: numbered, answer, stoppedBecause, steps: stoppedBecause === 'done' ? numbered.length + 1 : numbered.length };
}

const BILLING_Q = 'Is billing-api up, and what does its runbook say to do when it is down?';
const RUNBOOK_ANSWER = 'billing-api is down (since 09:12). When billing-api is down, restart it once from the deploy console. [billing-runbook]';

// ---------------------------------------------------------------------------------------------
// The checks: the learner's evaluation against the rules', field by field.

const show = (value: unknown): string => JSON.stringify(value) ?? String(value);

/** The run, as a visible case's message shows it. */
function described(runToShow: Run): string {
  const lines = runToShow.trace.map((step, i) => `  trace[${i}] ${step.tool} ${show(step.input)} → ${step.isError ? 'error: ' : ''}${step.result.length > 70 ? `${step.result.slice(0, 69)}…` : step.result}`);
  return [`The run (stoppedBecause "${runToShow.stoppedBecause}"):`, ...lines, `  answer: ${show(runToShow.answer)}`].join('\n');
}

function compare(got: unknown, runToCheck: Run, maxWasted: number | undefined, hidden: boolean): string[] {
  const want = judge(runToCheck, maxWasted ?? 1);
  const result = got as Partial<Evaluation> | undefined;
  const shapeProblems = [
    !Array.isArray(result?.wasted) ? 'wasted (a list)' : '',
    typeof result?.errors !== 'number' ? 'errors (a number)' : '',
    typeof result?.recovered !== 'number' ? 'recovered (a number)' : '',
    typeof result?.usedEvidence !== 'boolean' ? 'usedEvidence (true or false)' : '',
    typeof result?.pass !== 'boolean' ? 'pass (true or false)' : '',
    !Array.isArray(result?.failures) ? 'failures (a list)' : '',
  ].filter(Boolean);
  if (shapeProblems.length > 0) return [`evaluateRun must return { wasted, errors, recovered, usedEvidence, pass, failures }; ${shapeProblems.join(', ')} ${shapeProblems.length === 1 ? 'is' : 'are'} missing.`];
  const evaluation = result as Evaluation;
  const problems: string[] = [];
  const context = hidden ? '' : `\n${described(runToCheck)}`;

  // Wasted calls: compared call by call, each difference with the rule that decides it.
  const listedWhy = new Map<number, unknown>();
  for (const item of evaluation.wasted) listedWhy.set(Number((item as { index?: unknown })?.index), (item as { why?: unknown })?.why);
  const indices = [...new Set([...listedWhy.keys(), ...want.wasted.map((item) => item.index)])].sort((a, b) => a - b);
  const wasteProblems: string[] = [];
  for (const index of indices) {
    const wanted = want.wasted.find((item) => item.index === index);
    const listed = listedWhy.has(index);
    const reason = want.why.get(index) ?? `trace[${index}] is not a call of this run`;
    if (wanted && !listed) wasteProblems.push(hidden ? `A wasted call is missing from wasted (${wanted.why === 'repeat' ? 'the same call as an earlier one that worked' : 'a read-only call whose result nothing used'}).` : `wasted leaves out trace[${index}]: ${reason}.`);
    else if (!wanted && listed) wasteProblems.push(hidden ? 'wasted lists a call that is not wasted by the rules (one that failed, one that is not read-only, or one whose result was used).' : `wasted lists trace[${index}], but ${reason}.`);
    else if (wanted && listedWhy.get(index) !== wanted.why) wasteProblems.push(hidden ? 'wasted gives a call the wrong why: a call that is the same as an earlier one that worked is wasted for that reason alone (listed once, never also as a call whose result nothing used).' : `wasted gives trace[${index}] why ${show(listedWhy.get(index))}; ${reason}, so "${wanted.why}".`);
  }
  if (wasteProblems.length === 0 && evaluation.wasted.some((item, i) => i > 0 && Number(item.index) < Number(evaluation.wasted[i - 1]?.index))) wasteProblems.push('wasted must be in the order of the trace (by index).');
  if (wasteProblems.length === 0 && evaluation.wasted.length !== want.wasted.length) wasteProblems.push('wasted lists a call more than once.');
  problems.push(...wasteProblems);

  if (evaluation.errors !== want.errors) problems.push(`errors is ${show(evaluation.errors)}; ${want.errors} ${want.errors === 1 ? 'call' : 'calls'} of the trace had isError: true.`);
  else if (evaluation.recovered !== want.recovered) problems.push(`recovered is ${show(evaluation.recovered)}; by the rules it is ${want.recovered}${hidden ? '' : `: ${want.recoveryWhy.join('; ')}`}.`);
  if (evaluation.usedEvidence !== want.usedEvidence) problems.push(`usedEvidence is ${show(evaluation.usedEvidence)}; it should be ${show(want.usedEvidence)}${hidden ? '' : `: ${want.evidenceWhy}`}.`);

  const failures = evaluation.failures.map(String);
  if (show(failures) !== show(want.failures)) {
    const named = (list: string[]): string => (list.length === 0 ? 'none' : list.map((item) => `"${item}"`).join(', '));
    if (hidden) {
      const missing = want.failures.filter((item) => !failures.includes(item)).length;
      const extra = failures.filter((item) => !(want.failures as string[]).includes(item)).length;
      problems.push(`failures is not what the rules give: ${missing} missing, ${extra} not called for${missing + extra === 0 ? ' (the order is wrong: it follows the list in STAGE-4.md)' : ''}.`);
    } else problems.push(`failures is [${named(failures)}]; by the rules it is [${named(want.failures)}], in this order: ${FAILURES.join(', ')}.`);
  }
  if (evaluation.pass !== want.pass) problems.push(`pass is ${show(evaluation.pass)}; a run passes exactly when it has no failures, so ${show(want.pass)}.`);
  return problems.length > 0 ? [...problems.slice(0, -1), `${problems.at(-1) as string}${context}`] : [];
}

interface Spec {
  name: string;
  hidden?: boolean;
  run: Run;
  maxWasted?: number;
}

const respond = () => ({ reply: { content: [{ type: 'text' as const, text: 'The evaluator is code: no model call is needed.' }] } });

function scenario(spec: Spec) {
  return {
    name: spec.name,
    hidden: spec.hidden,
    respond,
    options: { run: spec.run, ...(spec.maxWasted === undefined ? {} : { maxWasted: spec.maxWasted }) },
    check(outcome: Outcome): string[] {
      if (outcome.timedOut) return ['evaluateRun did not return in time.'];
      if (outcome.error !== undefined) return [`evaluateRun threw: ${outcome.error.replace(/\.?$/, '.')}`];
      return compare(outcome.result, spec.run, spec.maxWasted, spec.hidden === true);
    },
  };
}

export const scenarios = [
  scenario({
    name: 'a clean run: status, search, read, and a cited answer',
    run: run(BILLING_Q, [status('billing-api', 'down'), search('billing-api runbook down', ['billing-runbook', 'billing-faq']), read('billing-runbook')], RUNBOOK_ANSWER),
  }),
  scenario({
    name: 'the same search twice: one repeat, still within the limit',
    run: run(BILLING_Q, [status('billing-api', 'down'), search('billing-api runbook', ['billing-runbook']), search('billing-api runbook', ['billing-runbook']), read('billing-runbook')], RUNBOOK_ANSWER),
  }),
  scenario({
    name: 'a page read but never cited, and a status never stated',
    run: run(
      'Is mail-relay healthy, and what does the billing runbook say?',
      [status('mail-relay', 'degraded'), search('billing runbook', ['billing-runbook', 'billing-faq']), read('billing-faq'), read('billing-runbook')],
      'When billing-api is down, restart it once from the deploy console. [billing-runbook]',
    ),
  }),
  scenario({
    name: 'an answer that cites a page the run never read',
    run: run(BILLING_Q, [status('billing-api', 'down'), search('billing-api runbook', ['billing-runbook', 'oncall-rota'])], 'billing-api is down (since 09:12). Restart it once; Priya is on call. [billing-runbook] [oncall-rota]'),
  }),
  scenario({
    name: 'a page that failed, then the next result: recovered',
    run: run(
      'What does the billing runbook say about restarts?',
      [search('billing runbook restarts', ['billing-runbook', 'billing-faq']), failed('read_page', { id: 'billing-runbook' }, 'the page store answered 503 Service Unavailable'), read('billing-faq')],
      'Invoices are generated every night at 02:00 UTC for billing-api customers. [billing-faq]',
    ),
  }),
  scenario({
    name: 'the same failing call again and again',
    run: run(
      'Is billing-api up?',
      [failed('service_status', { service: 'billing-api' }, 'service_status did not answer within 10 s'), failed('service_status', { service: 'billing-api' }, 'service_status did not answer within 10 s'), status('billing-api', 'up')],
      'billing-api is up (since 09:12).',
    ),
  }),
  scenario({
    name: 'a run stopped by the step limit',
    run: run('What does the billing FAQ say about invoices?', [search('billing faq invoices', ['billing-faq']), search('billing faq invoices attempt 2', ['billing-faq'])], 'The research stopped after 3 model calls, before the model gave an answer.', 'max-steps'),
  }),
  scenario({
    name: 'a refused restart, then an honest answer',
    run: run(
      'billing-api is throwing errors. Check its status and restart it if it is down.',
      [status('billing-api', 'up'), failed('restart_service', { service: 'billing-api' }, 'Refused: service_status has not reported billing-api down in this run.')],
      'billing-api is up (since 09:12). I did not restart billing-api: it is not down.',
    ),
  }),
  scenario({
    name: 'the same input with its keys in another order',
    hidden: true,
    run: run(BILLING_Q, [status('billing-api', 'down'), search('', ['billing-runbook'], { query: 'billing-api runbook', limit: 3 }), search('', ['billing-runbook'], { limit: 3, query: 'billing-api runbook' }), read('billing-runbook')], RUNBOOK_ANSWER),
  }),
  scenario({
    name: 'a search whose hits the answer cites, read before the search',
    hidden: true,
    run: run('What does the billing-runbook page say, and is there more on billing?', [read('billing-runbook'), search('billing restart', ['billing-runbook'])], 'When billing-api is down, restart it once from the deploy console. [billing-runbook]'),
  }),
  scenario({
    name: 'a status stated in other letter case',
    hidden: true,
    run: run('Is mail-relay healthy?', [status('mail-relay', 'degraded')], 'Mail-Relay is DEGRADED since 06:30.'),
    maxWasted: 0,
  }),
  scenario({
    name: 'a status the answer gets wrong, with no waste allowed',
    hidden: true,
    run: run(BILLING_Q, [status('billing-api', 'down'), search('billing-api runbook', ['billing-runbook']), read('billing-runbook')], 'billing-api is up (since 09:12). Restart it once from the deploy console if it fails. [billing-runbook]'),
    maxWasted: 0,
  }),
  scenario({
    name: 'wasted calls exactly at a limit of 2 pass',
    hidden: true,
    run: run(BILLING_Q, [status('billing-api', 'down'), search('billing-api runbook', ['billing-runbook', 'billing-faq']), read('billing-faq'), read('billing-runbook'), read('billing-runbook')], RUNBOOK_ANSWER),
    maxWasted: 2,
  }),
  scenario({
    name: 'an error recovered by another call to the same tool',
    hidden: true,
    run: run(
      'What does the billing runbook say about restarts?',
      [search('billing runbook', ['billing-runbook', 'billing-faq']), failed('read_page', { id: 'billing-runbook' }, 'the page store answered 503'), failed('read_page', { id: 'billing-faq' }, 'the page store answered 503'), read('oncall-rota')],
      "This week's on-call for billing is Priya. [oncall-rota]",
    ),
  }),
  scenario({
    name: 'an error, then the run stopped before an answer',
    hidden: true,
    run: run(BILLING_Q, [status('billing-api', 'down'), failed('search_docs', { query: 'billing-api runbook' }, 'the search index is being rebuilt')], 'The research stopped after 2 model calls: the model API failed (Overloaded).', 'api-error'),
  }),
  scenario({
    name: 'an e-mail that went out is never a wasted call',
    hidden: true,
    run: run('Check mail-relay and e-mail its status to oncall@kestrel.example.', [status('mail-relay', 'up'), entry('send_email', { to: ['oncall@kestrel.example'], subject: 'What I found', body: 'mail-relay is up.' }, 'send_email done.')], 'mail-relay is up (since 06:30).'),
    maxWasted: 0,
  }),
  scenario({
    name: 'a repeat of the first call, whose result nothing used, is listed once',
    hidden: true,
    run: run('Is mail-relay up, and what does the billing runbook say?', [status('mail-relay', 'up'), status('mail-relay', 'up'), search('billing runbook', ['billing-runbook']), read('billing-runbook')], 'When billing-api is down, restart it once from the deploy console. [billing-runbook]'),
  }),
  scenario({
    name: 'a search used only by the read right after it',
    hidden: true,
    run: run(BILLING_Q, [status('billing-api', 'down'), search('billing-api faq', ['billing-faq']), read('billing-faq')], 'billing-api is down (since 09:12).'),
  }),
  scenario({
    name: 'an answer that cites the page that failed to load',
    hidden: true,
    run: run(BILLING_Q, [status('billing-api', 'down'), search('billing-api runbook', ['billing-runbook']), failed('read_page', { id: 'billing-runbook' }, 'the page store answered 503')], 'billing-api is down (since 09:12). Restart it once from the deploy console. [billing-runbook]'),
  }),
  scenario({
    name: 'a search whose hit was only acted on, never read or cited',
    hidden: true,
    run: run(
      'The billing-faq page is outdated. Delete it.',
      [search('billing-faq outdated', ['billing-faq']), failed('delete_page', { id: 'billing-faq' }, 'Refused: delete_page is not a tool this research agent may use.')],
      'I did not delete billing-faq: this agent may not delete pages.',
    ),
  }),
  scenario({
    name: 'a page that failed to load, and an answer with nothing to stand on',
    hidden: true,
    run: run('What does the billing runbook say about restarts?', [search('billing runbook', ['billing-runbook']), failed('read_page', { id: 'billing-runbook' }, 'the page store answered 503')], 'I could not read the billing runbook, so I cannot say.'),
  }),
  scenario({
    name: 'two e-mails to different people are not a repeat',
    hidden: true,
    run: run(
      'Check mail-relay and e-mail its status to priya@kestrel.example and sam@kestrel.example.',
      [
        status('mail-relay', 'up'),
        entry('send_email', { to: ['priya@kestrel.example'], subject: 'mail-relay', body: 'mail-relay is up.' }, 'send_email done.'),
        entry('send_email', { to: ['sam@kestrel.example'], subject: 'mail-relay', body: 'mail-relay is up.' }, 'send_email done.'),
      ],
      'mail-relay is up (since 06:30). I e-mailed Priya and Sam.',
    ),
    maxWasted: 0,
  }),
  scenario({
    name: 'a status answer that is not JSON is never used',
    hidden: true,
    run: run('Is billing-api up?', [entry('service_status', { service: 'billing-api' }, 'billing-api: up')], 'billing-api is up.'),
  }),
];
