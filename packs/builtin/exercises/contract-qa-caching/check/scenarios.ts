// The harness of the contract-qa-caching exercise. A lawyer asks a series of questions about one
// contract (sometimes amended halfway); the simulated model (contractModel.ts) answers each from
// the contract text its request carries, and the simulator bills prompt caching as the API does
// (a prefix up to a cache_control breakpoint is written once and read by later requests that
// start with the very same bytes, if it is long enough for the model). The checks judge what
// the learner's answerQuestions did: the answers it returned, what each request read from and
// wrote to the cache, the usage it reported, and what the workload cost.
// This file stays in the pack; learners never see it.
import { type ContractDocument, MSA, MSA_AMENDED, MSA_RENEGOTIATED, NDA } from './contract';
import { answer, type ContractRequest, NO_CONTRACT, NO_QUESTION, NOT_COVERED, questionIn } from './contractModel';

interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number | null;
  cache_read_input_tokens: number | null;
  cache_creation?: { ephemeral_1h_input_tokens?: number };
}
interface TraceEntry {
  at: number;
  status: number;
  body: unknown;
  response?: unknown;
}
interface Outcome {
  result?: unknown;
  error?: string;
  timedOut: boolean;
  requests: TraceEntry[];
}
interface Report {
  answers: unknown[];
  usage: Record<string, unknown>;
}

/** One question of a workload, the contract it comes with, and a phrase the right answer quotes. */
interface Asked {
  contract: ContractDocument[];
  /** Which version of the contract ("as signed", "as amended"): a new one must be cached anew. */
  version: string;
  question: string;
  expect: string;
}

interface Workload {
  model: string;
  asked: Asked[];
  /** The requests (1 = the first the simulator receives) answered with a 429 and retry-after: 1. */
  rateLimited?: number[];
  /** True when the contract is below the model's minimum: nothing can be cached. */
  tooShort?: boolean;
}

/** Dollars per million tokens; a cache write costs 1.25 × input (2 × for an hour-long entry), a read 0.1 ×. */
const PRICES: Record<string, { input: number; output: number }> = {
  'claude-sonnet-4-6': { input: 3, output: 15 },
  'claude-haiku-4-5': { input: 1, output: 5 },
};
/** The shortest prefix each model caches, in tokens. */
const MINIMUM: Record<string, number> = { 'claude-sonnet-4-6': 2048, 'claude-haiku-4-5': 4096 };
/** A workload must cost at most this share of what the same calls would cost uncached. */
const MAX_COST_SHARE = 0.5;
/** Of each call's input, at least this share must come from the cache (read or, first, written). */
const CACHED_SHARE = 0.9;
/** At most this many input tokens of a call may be outside the cache (usage.input_tokens): the question and little else. */
const UNCACHED_LIMIT = 200;

const SIGNED = 'as signed';
const AMENDED = 'as amended';
const ask = (contract: ContractDocument[], version: string) => (question: string, expect: string): Asked => ({ contract, version, question, expect });
const msa = ask(MSA, SIGNED);
const amendedMsa = ask(MSA_AMENDED, AMENDED);

const EIGHT_QUESTIONS: Workload = {
  model: 'claude-sonnet-4-6',
  asked: [
    msa('How much notice does the customer need to give to terminate for convenience?', "ninety (90) days' written notice"),
    msa('Within how many days must the customer pay an invoice?', 'forty-five (45) days'),
    msa("What is the cap on each party's total liability?", 'one hundred and fifty per cent (150%)'),
    msa('What monthly availability does the supplier commit to?', '(99.9%)'),
    msa('Where may personal data be stored and processed?', 'European Economic Area'),
    msa('How long is the initial term of the agreement, and when does it start?', 'three (3) years'),
    msa('How quickly must the supplier report a personal data breach?', 'forty-eight (48) hours'),
    msa('Which law governs the agreement?', 'laws of Ireland'),
  ],
};

const RATE_LIMITED: Workload = {
  model: 'claude-sonnet-4-6',
  // The first tries of the second and fifth questions: the SDK waits a second and sends them again.
  rateLimited: [2, 6],
  asked: [
    msa('How long do the confidentiality obligations last after termination?', 'five (5) years'),
    msa('What insurance must the supplier maintain?', 'EUR 5,000,000'),
    msa('How long can the exit period last after termination?', 'six (6) months'),
    msa('By how much can the charges go up each year?', 'three per cent (3%)'),
    msa('How much notice must the supplier give before engaging a new subprocessor?', "thirty (30) days' prior written notice"),
    msa('What is the early termination fee?', 'fifty per cent (50%)'),
  ],
};

const AMENDMENT: Workload = {
  model: 'claude-sonnet-4-6',
  asked: [
    msa('How much notice does the customer need to give to terminate for convenience?', "ninety (90) days' written notice"),
    msa('What service credits apply when availability falls short?', 'five per cent (5%)'),
    msa('Does the supplier have to back up the data, and for how long are backups kept?', 'thirty-five (35) days'),
    msa('What are the support hours?', '07:00 to 19:00'),
    msa('Within how many days must the customer pay an invoice?', 'forty-five (45) days'),
    amendedMsa('How much notice does the customer need to give to terminate for convenience?', "thirty (30) days' written notice"),
    amendedMsa('Within how many days must the customer pay an invoice?', 'within thirty (30) days'),
    amendedMsa('What happens if an invoice is paid late?', 'four per cent (4%)'),
    amendedMsa('How fast must the supplier respond to a Severity 1 incident?', 'thirty (30) minutes'),
    amendedMsa('What recovery time objective must the disaster recovery plan meet?', 'four (4) hours'),
  ],
};

const SHORT_NDA: Workload = {
  model: 'claude-sonnet-4-6',
  tooShort: true,
  asked: [
    ask(NDA, SIGNED)('How long do the confidentiality obligations survive?', 'three (3) years'),
    ask(NDA, SIGNED)('Within how many days must confidential information be returned?', 'fourteen (14) days'),
    ask(NDA, SIGNED)('Which courts have jurisdiction?', 'courts of Cork'),
  ],
};

const NO_QUESTIONS: Workload = { model: 'claude-sonnet-4-6', asked: [] };

const HIDDEN: Workload = {
  model: 'claude-haiku-4-5',
  rateLimited: [3],
  asked: [
    msa('What monthly availability does the supplier commit to?', '(99.9%)'),
    msa('How many days of knowledge transfer workshops does the supplier provide?', 'twenty (20) days'),
    msa('How much does each additional named user cost?', 'EUR 750'),
    msa('How long can the exit period last after termination?', 'six (6) months'),
    ask(MSA_RENEGOTIATED, AMENDED)('What monthly availability does the supplier commit to?', '(99.95%)'),
    ask(MSA_RENEGOTIATED, AMENDED)('How long can the exit period last after termination?', 'twelve (12) months'),
    ask(MSA_RENEGOTIATED, AMENDED)('Within how many days must personal data be deleted at the end of the services?', 'ninety (90) days'),
    ask(MSA_RENEGOTIATED, AMENDED)('How much notice is needed to avoid automatic renewal?', 'six (6) months'),
  ],
};

/**
 * The simulated model for a workload: it answers each request from the contract and question
 * the request carries (contractModel.ts), after a short think (so requests sent together before
 * the first answer starts cannot read each other's cache writes, as with the API). The requests
 * listed in `rateLimited` get a 429 with retry-after: 1 instead; the SDK retries them.
 */
function modelFor(workload: Workload) {
  let received = 0;
  return (request: unknown) => {
    const invalid = invalidDocument(request as ContractRequest);
    if (invalid) return { name: 'invalid document', error: { status: 400, message: invalid } };
    received++;
    if (workload.rateLimited?.includes(received)) {
      return { name: 'rate limited', error: { status: 429, retryAfter: 1, message: 'Number of request tokens has exceeded your per-minute rate limit. Please wait and try again.' } };
    }
    const answered = answer(request as ContractRequest);
    return { name: answered.clause ? `clause ${answered.clause.number}` : answered.text, delayMs: 15, reply: { content: [{ type: 'text' as const, text: answered.text }] } };
  };
}

/** The API's refusal of a document block whose text source is not plain text, as the API words it. */
function invalidDocument(request: ContractRequest): string | undefined {
  for (const [i, message] of request.messages.entries()) {
    if (typeof message.content === 'string') continue;
    for (const [j, block] of message.content.entries()) {
      const source = block.type === 'document' ? block.source : undefined;
      if (source?.type === 'text' && source.media_type !== 'text/plain') return `messages.${i}.content.${j}.source.text.media_type: Input should be 'text/plain'`;
    }
  }
  return undefined;
}

const options = (workload: Workload) => ({ model: workload.model, questions: workload.asked.map(({ contract, question }) => ({ contract, question })) });

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const number = (n: number): string => n.toLocaleString('en-US');
const quote = (text: string, max = 90): string => JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
const dollars = (amount: number): string => `$${amount.toFixed(4)}`;

/** That answerQuestions returned { answers, usage }; else why not, in words. */
function finished(outcome: Outcome): { report?: Report; problems: string[] } {
  if (outcome.timedOut) return { problems: [`answerQuestions did not return (after ${plural(outcome.requests.length, 'model call')}).`] };
  if (outcome.error !== undefined) {
    const tooMany = /A maximum of 4 blocks with cache_control/.test(outcome.error);
    return {
      problems: [
        `answerQuestions threw ${outcome.error.replace(/\.?$/, '.')}` +
          (tooMany ? ' A request may carry at most 4 cache breakpoints; one after the last document caches everything before it, the other documents included.' : ''),
      ],
    };
  }
  const result = outcome.result as Partial<Report> | undefined;
  if (!result || !Array.isArray(result.answers) || typeof result.usage !== 'object' || result.usage === null) {
    return { problems: ['answerQuestions must return { answers, usage }: the answers in the order of the questions, and the usage report.'] };
  }
  return { report: result as Report, problems: [] };
}

const answered = (outcome: Outcome): TraceEntry[] => outcome.requests.filter((entry) => entry.status === 200);
const usageOf = (entry: TraceEntry): Usage => (entry.response as { usage: Usage }).usage;
const bodyOf = (entry: TraceEntry): ContractRequest => entry.body as ContractRequest;
/** All the input a call carried: plain, written to the cache and read from it. */
const totalInput = (usage: Usage): number => usage.input_tokens + (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0);
const lastUserText = (body: ContractRequest): string => {
  const last = [...body.messages].reverse().find((message) => message.role === 'user');
  const content = last?.content ?? '';
  return typeof content === 'string' ? content : content.map((block) => (block.type === 'text' ? (block.text ?? '') : '')).join('\n');
};

/** For each question, the answered request that asked it (its question in the last user turn), in order. */
function callsByQuestion(outcome: Outcome, workload: Workload): (TraceEntry | undefined)[] {
  const calls = answered(outcome);
  const used = new Set<TraceEntry>();
  return workload.asked.map(({ question }) => {
    const call = calls.find((entry) => !used.has(entry) && lastUserText(bodyOf(entry)).includes(question));
    if (call) used.add(call);
    return call;
  });
}

/** One model call per question, to the model it is given. */
function callsMade(outcome: Outcome, workload: Workload): string[] {
  const calls = answered(outcome);
  const problems: string[] = [];
  if (calls.length !== workload.asked.length) {
    problems.push(`It made ${plural(calls.length, 'model call')} that got an answer for ${plural(workload.asked.length, 'question')}; make one call per question.`);
  }
  const models = [...new Set(calls.map((entry) => bodyOf(entry).model))].filter((model) => model !== workload.model);
  if (models.length > 0) problems.push(`It called ${models.join(', ')}; options.model is "${workload.model}".`);
  return problems;
}

/** Each answer is the model's answer about the contract its question came with. */
function answersRight(outcome: Outcome, workload: Workload, report: Report): string[] {
  const problems: string[] = [];
  if (report.answers.length !== workload.asked.length) {
    return [`It returned ${plural(report.answers.length, 'answer')} for ${plural(workload.asked.length, 'question')}; give one per question, in order.`];
  }
  const calls = callsByQuestion(outcome, workload);
  workload.asked.forEach((asked, i) => {
    const given = report.answers[i];
    if (typeof given === 'string' && given.includes(asked.expect)) return;
    const what = typeof given === 'string' ? quote(given) : String(given);
    const call = calls[i];
    let why = '';
    if (given === NO_CONTRACT) why = ' The request carried no contract: every call must send the whole contract (the cache only makes it cheaper to send again).';
    else if (given === NO_QUESTION) why = ' The request had no question in its last user turn.';
    else if (given === NOT_COVERED) why = ' The model found no clause that answers it in the request.';
    else if (!call) why = ` No model call asked this question${typeof given === 'string' ? ': the answer came from somewhere else' : ''}.`;
    else if (asked.version === AMENDED && typeof given === 'string' && !answer(bodyOf(call)).text.includes(asked.expect)) {
      why = ` The contract was amended before this question; the request still carried the text as signed. Send each question with the contract it comes with.`;
    } else if (typeof given === 'string' && given !== answer(bodyOf(call)).text) why = ` The model answered ${quote(answer(bodyOf(call)).text)}: return its answer as it came.`;
    problems.push(`Answer ${i + 1} (${quote(asked.question, 70)}) is ${what}; the contract ${asked.version} says ${quote(asked.expect)}.${why}`);
  });
  return problems;
}

/** A block of the request as the cache sees it: tools, then system blocks, then message blocks. */
interface Piece {
  path: string;
  text: string;
  marked: boolean;
}

function piecesOf(body: ContractRequest & { tools?: unknown[]; cache_control?: unknown }): Piece[] {
  const pieces: Piece[] = [];
  const add = (block: unknown, path: string, role = ''): void => {
    const { cache_control: marker, ...rest } = (typeof block === 'object' && block !== null ? block : { text: String(block) }) as Record<string, unknown>;
    pieces.push({ path, text: role + JSON.stringify(rest), marked: marker !== undefined });
  };
  (body.tools ?? []).forEach((tool, index) => add(tool, `tools.${index}`));
  if (typeof body.system === 'string') add({ type: 'text', text: body.system }, 'system');
  else (body.system ?? []).forEach((block, index) => add(block, `system.${index}`));
  body.messages.forEach((message, at) => {
    if (typeof message.content === 'string') add({ type: 'text', text: message.content }, `messages.${at}.content`, message.role);
    else message.content.forEach((block, index) => add(block, `messages.${at}.content.${index}`, message.role));
  });
  // A top-level cache_control marks the last block, as the API reads it.
  const last = pieces.at(-1);
  if (body.cache_control !== undefined && last) last.marked = true;
  return pieces;
}

const tokensOf = (pieces: Piece[]): number => pieces.reduce((sum, piece) => sum + Math.max(1, Math.ceil(piece.text.length / 4)), 0);

/** Where two texts first differ, with a little of each around it (as written, not JSON-escaped). */
function firstDifference(before: string, after: string): string {
  let at = 0;
  while (at < before.length && at < after.length && before[at] === after[at]) at++;
  const around = (text: string): string => `“${at > 30 ? '…' : ''}${text.slice(Math.max(0, at - 30), at + 40).replace(/\\"/g, '"').replace(/\\n/g, ' ')}…”`;
  return `the call before had ${around(before)}, this one ${around(after)}`;
}

/** Why call `index` (of `calls`, the answered calls in order) cached less than it should, in words. */
function whyNotCached(calls: TraceEntry[], index: number, workload: Workload, shouldRead: boolean): string {
  const call = calls[index] as TraceEntry;
  const pieces = piecesOf(bodyOf(call));
  const lastMark = pieces.map((piece) => piece.marked).lastIndexOf(true);
  if (lastMark < 0) return 'It marks no cache breakpoint: put cache_control: { type: "ephemeral" } on the last block before the question.';
  const minimum = MINIMUM[workload.model] ?? 1024;
  const marked = tokensOf(pieces.slice(0, lastMark + 1));
  const tooShort = `the prefix up to it is about ${number(marked)} tokens, and ${workload.model} caches nothing shorter than ${number(minimum)}`;
  const contractAfter = pieces.slice(lastMark + 1).some((piece) => workload.asked.some(({ contract }) => contract.some((doc) => piece.text.includes(JSON.stringify(doc.text.slice(-60)).slice(1, -1)))));
  if (contractAfter) {
    return `Part of the contract comes after its last breakpoint (at ${pieces[lastMark]?.path}), so it is sent at full price every time${marked < minimum ? `; and ${tooShort}, so nothing at all was cached` : ''}. Put the breakpoint after the last document.`;
  }
  const question = questionIn(bodyOf(call));
  const markedQuestion = question !== undefined && (pieces[lastMark]?.text.includes(JSON.stringify(question).slice(1, -1)) ?? false);
  const topLevel = (bodyOf(call) as { cache_control?: unknown }).cache_control !== undefined;
  if (markedQuestion) return `Its breakpoint (at ${pieces[lastMark]?.path}) is on the block that holds the question,${topLevel ? ' set by its top-level cache_control (which marks the last block of the request),' : ''} which changes every call, so each call writes a new prefix and none is read: mark the last block before the question instead.`;
  if (marked < minimum) return `Its breakpoint is at ${pieces[lastMark]?.path}: ${tooShort}, so nothing was written. The breakpoint must come after the contract.`;
  const uncached = usageOf(call).input_tokens;
  if (uncached > UNCACHED_LIMIT) {
    return `${number(uncached)} of its input tokens came after its last breakpoint (at ${pieces[lastMark]?.path}), outside the cache; at most ${UNCACHED_LIMIT} may: the question and little else. Put the breakpoint after everything that stays the same.`;
  }
  if (!shouldRead) return 'Everything up to the question should be cached.';
  const previous = calls[index - 1];
  if (previous) {
    const before = piecesOf(bodyOf(previous));
    for (let i = 0; i <= lastMark; i++) {
      const now = pieces[i] as Piece;
      const then = before[i];
      if (!then || then.text !== now.text) {
        if (question !== undefined && now.text.includes(JSON.stringify(question).slice(1, -1))) {
          return `The question is in ${now.path}, before the breakpoint (at ${pieces[lastMark]?.path}), so it is part of the cached prefix, and that prefix changes with every question: put the question after the last breakpoint.`;
        }
        return (
          `Before its breakpoint, its request differs from the call before, at ${now.path}: ${then ? firstDifference(then.text, now.text) : 'the call before had no such block'}. ` +
          'Everything up to the breakpoint must be byte-identical from call to call: nothing that changes with the question or the time (a timestamp, a counter, documents in another order) may come before it.'
        );
      }
    }
    if (!before.some((piece) => piece.marked)) return 'The call before it marked no breakpoint there, so it wrote nothing to read.';
  }
  return 'It was sent before the answer to the call before it had started, so that call\'s cache write could not be read yet: send the first question alone and wait for its answer before sending more.';
}

/** The first call about each contract caches (writes) everything but the question; each later call reads it all. */
function readsTheCache(outcome: Outcome, workload: Workload): string[] {
  const calls = answered(outcome);
  const byQuestion = callsByQuestion(outcome, workload);
  const problems: string[] = [];
  /** The last question about each version of the contract that a call asked. */
  const lastAsked = new Map<string, number>();
  workload.asked.forEach((asked, i) => {
    const call = byQuestion[i];
    // A question no call asked is the answers' and the call count's business.
    if (!call) return;
    const usage = usageOf(call);
    const total = totalInput(usage);
    const read = usage.cache_read_input_tokens ?? 0;
    const written = usage.cache_creation_input_tokens ?? 0;
    const before = lastAsked.get(asked.version);
    lastAsked.set(asked.version, i);
    const index = calls.indexOf(call);
    const outside = usage.input_tokens > UNCACHED_LIMIT;
    if (before === undefined && (outside || read + written < CACHED_SHARE * total)) {
      problems.push(
        `The call for question ${i + 1}, the first about the contract ${asked.version}, wrote ${number(written)} of its ${number(total)} input tokens to the cache; the whole prefix (all but the question) should be. ${whyNotCached(calls, index, workload, false)}`,
      );
    } else if (before !== undefined && (outside || read < CACHED_SHARE * total)) {
      problems.push(
        `The call for question ${i + 1} read ${number(read)} of its ${number(total)} input tokens from the cache${written > 0 ? ` and wrote ${number(written)} anew` : ''}; the contract was the same as for question ${before + 1}, so all but the question should be read. ${whyNotCached(calls, index, workload, true)}`,
      );
    }
  });
  // One problem per cause is enough to read: the rest are usually the same one again.
  return problems.length > 3 ? [...problems.slice(0, 3), `… and ${problems.length - 3} more calls like these.`] : problems;
}

/** The usage report: the responses' usage, summed, and the share of the input read from the cache. */
function reportAddsUp(outcome: Outcome, _workload: Workload, report: Report): string[] {
  const calls = answered(outcome);
  const sum = (field: Exclude<keyof Usage, 'cache_creation'>): number => calls.reduce((total, entry) => total + (usageOf(entry)[field] ?? 0), 0);
  const expected = {
    inputTokens: sum('input_tokens'),
    cacheWriteTokens: sum('cache_creation_input_tokens'),
    cacheReadTokens: sum('cache_read_input_tokens'),
    outputTokens: sum('output_tokens'),
  };
  const from: Record<keyof typeof expected, string> = {
    inputTokens: 'input_tokens',
    cacheWriteTokens: 'cache_creation_input_tokens',
    cacheReadTokens: 'cache_read_input_tokens',
    outputTokens: 'output_tokens',
  };
  const problems: string[] = [];
  for (const key of Object.keys(expected) as (keyof typeof expected)[]) {
    const given = report.usage[key];
    if (given === expected[key]) continue;
    let why = '';
    if (key === 'inputTokens' && given === expected.inputTokens + expected.cacheWriteTokens + expected.cacheReadTokens) {
      why = ' That is all the input; input_tokens counts only the input that was neither read from nor written to the cache.';
    }
    problems.push(`usage.${key} is ${typeof given === 'number' ? number(given) : JSON.stringify(given)}; the responses' usage.${from[key]} add up to ${number(expected[key])}.${why}`);
  }
  const all = expected.inputTokens + expected.cacheWriteTokens + expected.cacheReadTokens;
  const share = all === 0 ? 0 : expected.cacheReadTokens / all;
  const given = report.usage.cachedShare;
  if (typeof given !== 'number' || !(Math.abs(given - share) <= 0.001)) {
    problems.push(
      `usage.cachedShare is ${JSON.stringify(given)}; it is the share of all input tokens (input_tokens + cache_creation_input_tokens + cache_read_input_tokens) that was read from the cache: ${number(expected.cacheReadTokens)} of ${number(all)}, ${share.toFixed(3)}.`,
    );
  }
  return problems;
}

/** What the calls cost, and what the same calls would have cost with every input token at the input price. */
function costs(outcome: Outcome): { cost: number; uncached: number; unknown: string[] } {
  let cost = 0;
  let uncached = 0;
  const unknown = new Set<string>();
  for (const entry of answered(outcome)) {
    const model = bodyOf(entry).model;
    const price = PRICES[model];
    if (!price) {
      unknown.add(model);
      continue;
    }
    const usage = usageOf(entry);
    const write = usage.cache_creation_input_tokens ?? 0;
    const read = usage.cache_read_input_tokens ?? 0;
    // An hour-long entry costs 2 × the input price to write, a five-minute one 1.25 ×.
    const hour = usage.cache_creation?.ephemeral_1h_input_tokens ?? 0;
    cost += (usage.input_tokens * price.input + (write - hour) * price.input * 1.25 + hour * price.input * 2 + read * price.input * 0.1 + usage.output_tokens * price.output) / 1e6;
    uncached += (totalInput(usage) * price.input + usage.output_tokens * price.output) / 1e6;
  }
  return { cost, uncached, unknown: [...unknown] };
}

function costsAtMostHalf(outcome: Outcome, workload: Workload): string[] {
  const { cost, uncached, unknown } = costs(outcome);
  if (unknown.length > 0) return [`It called ${unknown.join(', ')}, which this workload does not price; options.model is "${workload.model}".`];
  if (uncached === 0) return ['It made no model call that got an answer.'];
  const share = cost / uncached;
  if (share <= MAX_COST_SHARE) return [];
  const hourLong = answered(outcome).some((entry) => (usageOf(entry).cache_creation?.ephemeral_1h_input_tokens ?? 0) > 0);
  return [
    `The ${plural(answered(outcome).length, 'call')} cost ${dollars(cost)}; without caching they would cost ${dollars(uncached)}. That is ${Math.round(share * 100)} %; it must be at most ${MAX_COST_SHARE * 100} %. ` +
      (hourLong
        ? 'It writes hour-long cache entries (ttl: "1h"), at 2 × the input price; these calls come seconds apart, well within the default five minutes, which cost 1.25 ×.'
        : 'A cache write costs 1.25 × the input price and a read 0.1 ×: the contract should be written once and read by every later call.'),
  ];
}

type Check = (outcome: Outcome, workload: Workload, report: Report) => string[];

function scenario(name: string, workload: Workload, checks: Check[], hidden = false) {
  return {
    name,
    ...(hidden ? { hidden } : {}),
    respond: modelFor(workload),
    options: options(workload),
    check(outcome: Outcome): string[] {
      const { report, problems } = finished(outcome);
      if (!report) return problems;
      return checks.flatMap((check) => check(outcome, workload, report));
    },
  };
}

export const scenarios = [
  scenario('answers each question from the contract it comes with', EIGHT_QUESTIONS, [callsMade, answersRight]),
  scenario('the second and later calls read the contract from the cache', EIGHT_QUESTIONS, [callsMade, readsTheCache]),
  scenario('the cached prefix stays the same when a rate limit makes the client wait', RATE_LIMITED, [answersRight, readsTheCache]),
  scenario('an amended contract is cached anew, and its answers come from the new text', AMENDMENT, [callsMade, answersRight, readsTheCache]),
  scenario('the usage report adds up what every response says', AMENDMENT, [reportAddsUp]),
  scenario('ten questions and an amendment cost at most half of what they would uncached', AMENDMENT, [costsAtMostHalf]),
  scenario('a contract too short to cache: nothing is cached, and the report says so', SHORT_NDA, [callsMade, answersRight, reportAddsUp]),
  scenario('no questions: no calls, and a report of zeros', NO_QUESTIONS, [callsMade, answersRight, reportAddsUp]),
  scenario('another contract workload on claude-haiku-4-5', HIDDEN, [callsMade, answersRight, readsTheCache, reportAddsUp, costsAtMostHalf], true),
];
