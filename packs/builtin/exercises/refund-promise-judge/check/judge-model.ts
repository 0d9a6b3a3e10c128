// The simulated judge of the refund-promise-judge exercise: a model written as code that judges
// the support reply a request carries by the rules the request's instructions state, and no
// others. It knows the traces' texts (the pack's files, read below) only to find which trace a
// request carries; what it may use of that trace depends on what the request holds (the order's
// facts are used only when the order line is in the request). The README states these rules.
// This file stays in the pack; learners never see it.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

interface Trace {
  id: string;
  input: { customer: string; order: string; reply: string };
}
type Promise_ = 'refund' | 'credit' | 'hedged' | 'none';

function readTraces(file: string): Trace[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Trace);
}

const TRACES = [...readTraces(path.join(__dirname, '..', 'starter', 'traces.jsonl')), ...readTraces(path.join(__dirname, 'held-out.jsonl'))];
/** What each reply does about money, as the people who labelled the traces read it. */
const PROMISES = JSON.parse(readFileSync(path.join(__dirname, 'promises.json'), 'utf8')) as Record<string, Promise_>;

interface Request {
  system?: string | { type: string; text?: string }[];
  messages: { role: string; content: string | { type: string; text?: string }[] }[];
}

const textOf = (content: Request['system'] | Request['messages'][number]['content'] | undefined): string =>
  typeof content === 'string' ? content : (content ?? []).map((block) => (block.type === 'text' ? (block.text ?? '') : '')).join('\n');

/** The order's facts, as its line states them. */
function orderFacts(order: string): { days: number; opened: boolean; finalSale: boolean } {
  return { days: Number(/delivered (\d+) days? ago/.exec(order)?.[1] ?? 0), opened: /· opened ·/.test(order), finalSale: /· final sale$/.test(order) };
}

/** What the instructions state, sentence by sentence: each rule is known only when a sentence states it. */
export function readInstructions(text: string) {
  const sentences = text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .split(/(?<=[.!?;:])\s+|\n+/)
    .map((sentence) => sentence.trim())
    .filter(Boolean);
  const some = (...patterns: RegExp[]): string | undefined => sentences.find((sentence) => patterns.every((pattern) => pattern.test(sentence)));
  const refund = /\brefund/;
  const windowSentence = some(/\b\d+[\s-]*(?:calendar\s+)?days?\b/, /\b(within|up to|window|no more than|at most|more than|older than|over|past|beyond|after|limit|longer than)\b/);
  const acceptance = /(not a refund|isn't a refund|is not a refund|not count|doesn't count|does not count|\bfine\b|allowed|acceptable|\bok\b|okay|\bpass|not a promise|isn't a promise|is not a promise|not a commitment|not a failure|is not one)/;
  return {
    /** What to look for: a reply that promises a refund. */
    failure: some(refund, /(promis|commit|guarantee|offer|grant|approv|assur)/) !== undefined,
    /** The refund window, in days. */
    windowDays: windowSentence ? Number(/\b(\d+)[\s-]*(?:calendar\s+)?days?\b/.exec(windowSentence)?.[1]) : undefined,
    finalSale: some(/final[\s-]?sale|clearance/, /(refund|return)/) !== undefined,
    opened: some(/\b(un)?opened\b|\b(un)?used\b|\bworn\b|\bunsealed\b/, /(refund|return)/) !== undefined,
    credit: some(/(store credit|\bcredit\b|exchange|voucher|gift card)/, acceptance) !== undefined,
    hedged: some(/(conditional|condition|hedg|\bmay\b|\bmight\b|\bcould\b|possib|qualif|eligib|review|inspect|exception|depend)/, /(promis|commit|count|fail)/, acceptance) !== undefined,
    json: some(/json/) !== undefined && some(/verdict/) !== undefined,
  };
}

/** The trace a request carries: the one whose reply stands last in its last user turn. */
function traceIn(request: Request): Trace | undefined {
  const lastUser = [...request.messages].reverse().find((message) => message.role === 'user');
  const turn = textOf(lastUser?.content);
  let found: { trace: Trace; at: number } | undefined;
  for (const trace of TRACES) {
    const at = turn.lastIndexOf(trace.input.reply);
    if (at >= 0 && (!found || at > found.at)) found = { trace, at };
  }
  return found?.trace;
}

/** The judge's verdict on a trace, by the rules it was given, with its reason. */
function judge(trace: Trace, rules: ReturnType<typeof readInstructions>, orderCarried: boolean): { verdict: 'pass' | 'fail'; reasoning: string } {
  if (!rules.failure) return { verdict: 'pass', reasoning: 'The reply is polite and answers the customer.' };
  const promise = PROMISES[trace.id] ?? 'none';
  const promised = promise === 'refund' || (promise === 'credit' && !rules.credit) || (promise === 'hedged' && !rules.hedged);
  if (!promised) return { verdict: 'pass', reasoning: 'The reply does not promise a refund.' };
  if (!orderCarried) return { verdict: 'pass', reasoning: 'The reply promises a refund; nothing shows it is not allowed.' };
  const known = rules.windowDays !== undefined || rules.finalSale || rules.opened;
  if (!known) return { verdict: 'fail', reasoning: 'The reply promises a refund, and no policy says when one is allowed.' };
  const facts = orderFacts(trace.input.order);
  const broken = [
    ...(rules.windowDays !== undefined && facts.days > rules.windowDays ? [`it was delivered ${facts.days} days ago`] : []),
    ...(rules.opened && facts.opened ? ['the item was opened'] : []),
    ...(rules.finalSale && facts.finalSale ? ['it was a final-sale item'] : []),
  ];
  return broken.length > 0
    ? { verdict: 'fail', reasoning: `The reply promises a refund, but ${broken.join(' and ')}.` }
    : { verdict: 'pass', reasoning: 'The reply promises a refund the policy allows.' };
}

export function respond(raw: unknown): { reply: { content: { type: 'text'; text: string }[] } } {
  const request = raw as Request;
  const say = (text: string) => ({ reply: { content: [{ type: 'text' as const, text }] } });
  const trace = traceIn(request);
  if (!trace) return say("I don't see a support reply to judge in your message.");
  const whole = [textOf(request.system), ...request.messages.map((message) => textOf(message.content))].join('\n');
  // The instructions are what the request says besides the traces it carries.
  let instructions = whole;
  for (const other of TRACES) for (const value of Object.values(other.input)) instructions = instructions.split(value).join(' ');
  const rules = readInstructions(instructions);
  const { verdict, reasoning } = judge(trace, rules, whole.includes(trace.input.order));
  if (rules.json) return say(JSON.stringify({ reasoning, verdict }));
  return say(verdict === 'fail' ? `This reply has a problem. ${reasoning}` : `This reply looks fine to me. ${reasoning}`);
}
