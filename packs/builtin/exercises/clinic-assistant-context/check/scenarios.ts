// The harness of the clinic-assistant-context exercise. A model written as code plays the
// Messages API: a clinic's scheduling assistant that answers only from what the request
// carries. It reads the question at the very end of the last user message, the current time
// where the request states it, the booking from a tagged patient record, open slots from a
// tagged list, every policy rule it finds (citing a rule only when the rule's tag names its id
// and version), and the patient's constraints wherever they are. Two rules on the same matter
// that disagree make it say it cannot decide. The README states every one of these rules.
// The checks judge the answer the function returns and, for what the model does not react to
// (an over-long history, a policy nobody needed), the request it sent.
// This file stays in the pack; learners never see it.

interface Block {
  type: string;
  text?: string;
}
interface Request {
  model: string;
  max_tokens: number;
  system?: string | Block[];
  messages: { role: string; content: string | Block[] }[];
}
interface Outcome {
  result?: unknown;
  error?: string;
  timedOut: boolean;
  requests: { body: unknown }[];
}

export interface Policy {
  id: string;
  version: number;
  effectiveFrom: string;
  topics: string[];
  title: string;
  text: string;
}
export interface Turn {
  role: 'patient' | 'assistant';
  text: string;
  facts?: string[];
}

// ---------------------------------------------------------------------------------------------
// The clinic's data: every version of every policy, as the policy store holds them

const policy = (id: string, version: number, effectiveFrom: string, topics: string[], title: string, text: string): Policy => ({ id, version, effectiveFrom, topics, title, text });

export const POLICIES: Policy[] = [
  policy('cancellation', 2, '2024-01-01', ['cancel', 'reschedule', 'fees'], 'Cancelling or moving an appointment', 'Appointments cancelled or moved at least 48 hours before they start are free; later changes cost $25, charged to the card on file. A visit can be moved twice at most.'),
  policy('cancellation', 3, '2025-01-01', ['cancel', 'reschedule', 'fees'], 'Cancelling or moving an appointment', 'Appointments cancelled or moved at least 24 hours before they start are free; later changes cost $40, charged to the card on file. A visit can be moved twice at most.'),
  policy('cancellation', 4, '2025-06-01', ['cancel', 'reschedule', 'fees'], 'Cancelling or moving an appointment', 'Appointments cancelled or moved at least 72 hours before they start are free; later changes cost $50, charged to the card on file. A visit can be moved once.'),
  policy('no-show', 1, '2023-05-01', ['attendance', 'no-show'], 'Missed appointments', 'A patient who misses an appointment without cancelling at least 24 hours before it starts pays a $75 no-show fee. After three no-shows, new bookings need a deposit.'),
  policy('late-arrival', 1, '2023-05-01', ['attendance'], 'Arriving late', 'Patients who arrive more than 15 minutes late may be asked to book a new time, so that the next patient is seen on time.'),
  policy('fee-waivers', 1, '2024-09-01', ['fees'], 'Fee waivers', 'Patients in the hardship programme pay no change or cancellation fees. Reception can explain how to apply.'),
  policy('refills', 1, '2024-02-01', ['refills', 'prescriptions'], 'Prescription refills', 'Prescription refill requests are ready within 2 business days; controlled medicines need a visit first.'),
  policy('refills', 2, '2025-04-01', ['refills', 'prescriptions'], 'Prescription refills', 'Prescription refill requests are ready within 1 business day; controlled medicines need a visit first.'),
  policy('parking', 1, '2022-03-01', ['parking', 'directions'], 'Parking', 'Free parking is in the garage on Elm Street: bring the ticket to reception to have it stamped.'),
  policy('telehealth', 2, '2024-06-01', ['telehealth', 'video'], 'Video visits', 'Follow-up visits can be held by video when the clinician agrees; the link is sent an hour before the visit.'),
  policy('records', 1, '2023-01-01', ['records'], 'Medical records', 'Copies of medical records are sent within 10 business days of a signed request.'),
];

const turns = (...list: [Turn['role'], string, string[]?][]): Turn[] => list.map(([role, text, facts]) => ({ role, text, ...(facts ? { facts } : {}) }));

// ---------------------------------------------------------------------------------------------
// The model: reading the request

const DATE_TIME = /(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}))?/;
/** A date and time standing on its own: in `2025-03-24 09:002025-03-24 14:00` the dates run together and neither is read. */
const DATE_AND_TIME = /\b(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})\b/g;

function textOf(content: Request['system'] | Request['messages'][number]['content'] | undefined): string {
  if (content === undefined) return '';
  if (typeof content === 'string') return content;
  return content.map((block) => (block.type === 'text' ? (block.text ?? '') : '')).join('\n');
}

/** Everything the request carries, in order: the system prompt, then every message. */
export function requestText(request: Request): string {
  return [textOf(request.system), ...request.messages.map((message) => textOf(message.content))].join('\n\n');
}

interface TagSpan {
  name: string;
  attributes: string;
  /** Where the opening tag starts, where its content starts and ends. */
  start: number;
  contentStart: number;
  contentEnd: number;
}

/** Every balanced XML-style tag in `text`, nested ones included. */
export function tagSpans(text: string): TagSpan[] {
  const spans: TagSpan[] = [];
  const open: { name: string; attributes: string; start: number; contentStart: number }[] = [];
  for (const match of text.matchAll(/<(\/?)([a-zA-Z][\w-]*)([^<>]*)>/g)) {
    const index = match.index ?? 0;
    const name = (match[2] ?? '').toLowerCase();
    if (match[1] === '/') {
      const at = open.map((tag) => tag.name).lastIndexOf(name);
      if (at < 0) continue;
      const [tag] = open.splice(at);
      if (tag) spans.push({ ...tag, contentEnd: index });
    } else if (!(match[3] ?? '').trim().endsWith('/')) {
      open.push({ name, attributes: match[3] ?? '', start: index, contentStart: index + match[0].length });
    }
  }
  return spans;
}

const contentOf = (text: string, span: TagSpan): string => text.slice(span.contentStart, span.contentEnd);

/** The current date and time the request states: in a tag named for it, or after "now", "today", "current time"… */
export function readNow(text: string): { date: string; time: string | undefined } | undefined {
  const tagged = tagSpans(text)
    .filter((span) => span.name.split(/[_-]/).some((part) => /^(now|today|date|time|datetime|timestamp|current|clock)$/.test(part)))
    .sort((a, b) => a.start - b.start)
    .map((span) => DATE_TIME.exec(contentOf(text, span)))
    .find((found) => found);
  const said = tagged ?? /\b(?:now|today|current (?:date|time|date and time|datetime)|date and time|the time)\b[^\n\d]{0,25}(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}))?/i.exec(text);
  return said?.[1] ? { date: said[1], time: said[2] } : undefined;
}

/** A tag named for the patient record: a part of its name is record(s), chart or ehr, or it is patient (perhaps _info, _details…). */
const RECORD_TAG = /(^|[_-])(records?|chart|ehr)([_-]|$)|^patient(?:[_-]?(?:info|details|data|profile|file))?$/;
/** A tag named for the open slots: its name holds slot, opening, availab(le/ility) or calendar. */
const SLOTS_TAG = /slot|opening|availab|calendar/;

/** The booking: the first date and time, and the first "Dr. Name", inside a tag named for the patient record. */
export function readBooking(text: string): { start: string; clinician: string | undefined } | undefined {
  for (const span of tagSpans(text).filter((tag) => RECORD_TAG.test(tag.name)).sort((a, b) => a.start - b.start)) {
    const content = contentOf(text, span);
    const found = new RegExp(DATE_AND_TIME.source).exec(content);
    if (found) return { start: `${found[1]} ${found[2]}`, clinician: /\bDr\.? [A-Z][\w'-]+/.exec(content)?.[0] };
  }
  return undefined;
}

/** The open slots: every date and time inside a tag named for them; undefined when there is no such tag. */
export function readSlots(text: string): string[] | undefined {
  const spans = tagSpans(text).filter((tag) => SLOTS_TAG.test(tag.name) && !RECORD_TAG.test(tag.name));
  if (spans.length === 0) return undefined;
  return spans.flatMap((span) => [...contentOf(text, span).matchAll(DATE_AND_TIME)].map((found) => `${found[1]} ${found[2]}`)).sort();
}

/** A rule the model read, and the source it can cite for it. */
interface Rule {
  kind: 'change' | 'waiver' | 'refill';
  hours?: number;
  fee?: number;
  days?: number;
  cite: string | undefined;
}

/** The citation for text at `at`: the innermost tag around it, when its attributes or first lines name an id and a version. */
function citationAt(text: string, at: number, spans: TagSpan[]): string | undefined {
  const around = spans.filter((span) => span.contentStart <= at && at < span.contentEnd).sort((a, b) => b.contentStart - a.contentStart)[0];
  if (!around) return undefined;
  const head = `${around.attributes}\n${text.slice(around.contentStart, at)}`;
  const id =
    /\b(?:id|name|policy)\s*[:=]\s*["']?([a-z][\w-]*)/i.exec(head)?.[1] ??
    (around.name.replace(/[_-]?polic(?:y|ies)[_-]?/g, '') || undefined);
  const version = /\bversion\s*[:=]?\s*["']?v?(\d+)/i.exec(head)?.[1] ?? /\bv(\d+)\b/i.exec(head)?.[1];
  return id && version ? `${id.toLowerCase()} v${version}` : undefined;
}

/** Every rule sentence in the request, wherever it is. */
export function readRules(text: string): Rule[] {
  const spans = tagSpans(text);
  const rules: Rule[] = [];
  for (const sentence of text.matchAll(/[^.!?\n]+[.!?]?/g)) {
    const words = sentence[0];
    // A sentence may start with the tag that opens its source (<policy …>Text.): it is inside that tag.
    const at = (sentence.index ?? 0) + (/^(?:\s|<[^<>]*>)*/.exec(words)?.[0].length ?? 0);
    const hours = /\b(?:at least|more than) (\d+) hours\b/i.exec(words);
    const fee = /\$(\d+)/.exec(words);
    if (hours && fee && /\b(cancel\w*|mov(?:e|ed|ing)|reschedul\w*|chang\w*)\b/i.test(words)) {
      rules.push({ kind: 'change', hours: Number(hours[1]), fee: Number(fee[1]), cite: citationAt(text, at, spans) });
    } else if (/\bhardship programme\b/i.test(words) && /\b(pay no|no (?:change |cancellation )?fees?|waived|free of)\b/i.test(words)) {
      rules.push({ kind: 'waiver', cite: citationAt(text, at, spans) });
    } else if (/\brefill/i.test(words) && /\b(\d+) business days?\b/i.test(words)) {
      rules.push({ kind: 'refill', days: Number(/\b(\d+) business days?\b/i.exec(words)?.[1]), cite: citationAt(text, at, spans) });
    }
  }
  return rules;
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** What the patient has said about when they can come, and whether they are in the hardship programme: read anywhere. */
export function readConstraints(text: string): { mornings: boolean; afternoons: boolean; awayOn: string[]; hardship: boolean; pharmacy: string | undefined } {
  return {
    mornings: /\bmornings? only\b|\bonly\b[^.\n]{0,25}\bmornings?\b|\bbefore noon\b/i.test(text),
    afternoons: /\bafternoons? only\b|\bonly\b[^.\n]{0,25}\bafternoons?\b|\bafter noon\b/i.test(text),
    awayOn: WEEKDAYS.filter((day) => new RegExp(`\\b(?:away|off|busy|unavailable|not available|can'?t (?:do|make|come))\\b[^.\\n]{0,25}\\b${day}s?\\b|\\b${day}s? (?:is|are) out\\b`, 'i').test(text)),
    hardship: /\b(?:patient is|i am|i'm|you are|you're)\b[^.\n]{0,30}\benrolled in the hardship programme\b/i.test(text),
    pharmacy: /\b((?:[A-Z][\w'-]* )+Pharmacy)\b/.exec(text)?.[1],
  };
}

/** The question: the last line of the last user message, closing tags aside, when it asks something. */
export function readQuestion(request: Request): string | undefined {
  const last = [...request.messages].reverse().find((message) => message.role === 'user');
  const lines = textOf(last?.content)
    .split('\n')
    .map((line) => line.replace(/^(?:\s*<\/?[a-zA-Z][\w-]*[^<>]*>\s*)+|(?:\s*<\/?[a-zA-Z][\w-]*[^<>]*>\s*)+$/g, '').trim())
    .filter((line) => line !== '');
  const line = lines.at(-1);
  return line && line.includes('?') ? line : undefined;
}

// ---------------------------------------------------------------------------------------------
// The model: answering

const hoursBetween = (from: { date: string; time: string | undefined }, to: string): number =>
  (Date.parse(`${to.replace(' ', 'T')}:00Z`) - Date.parse(`${from.date}T${from.time ?? '00:00'}:00Z`)) / 3_600_000;

const weekdayOf = (slot: string): string => WEEKDAYS[new Date(`${slot.slice(0, 10)}T12:00:00Z`).getUTCDay()] ?? '';

/** The assistant's answer to what the request carries. */
export function clinicAnswer(request: Request): string {
  const text = requestText(request);
  const question = readQuestion(request);
  const intent = {
    move: question !== undefined && /\b(move|moving|reschedul\w*|change|another (?:day|time)|push)\b/i.test(question),
    cancel: question !== undefined && /\bcancel\w*\b/i.test(question),
    fee: question !== undefined && /\b(fees?|cost|costs|charge\w*|pay)\b/i.test(question),
    refill: question !== undefined && /\b(refill\w*|prescription)\b/i.test(question),
  };
  if (!intent.move && !intent.cancel && !intent.fee && !intent.refill) return 'What would you like to know?';
  const lines: string[] = [];
  const rules = readRules(text);
  const patient = readConstraints(text);
  if (intent.move || intent.cancel || intent.fee) {
    const booking = readBooking(text);
    lines.push(booking ? `Your appointment: ${booking.start}${booking.clinician ? ` with ${booking.clinician}` : ''}.` : 'Your appointment: I cannot find your booking in what I was given.');
    const now = readNow(text);
    const changes = rules.filter((rule) => rule.kind === 'change');
    const distinct = [...new Map(changes.map((rule) => [`${rule.hours}/${rule.fee}`, rule])).values()];
    if (distinct.length === 0) lines.push('Fee: I cannot tell, because I have no policy on changes.');
    else if (distinct.length > 1) lines.push(`Fee: I cannot tell, because the policies I was given disagree (${distinct.map((rule) => `${rule.hours} hours and $${rule.fee}`).join('; ')}). Please call the front desk.`);
    else if (!now) lines.push("Fee: I cannot tell, because I don't know today's date and time.");
    else if (!booking) lines.push('Fee: I cannot tell without your booking.');
    else {
      const rule = distinct[0] as Rule;
      const cite = ` (${rule.cite ?? 'source unknown'})`;
      const ahead = hoursBetween(now, booking.start);
      const waiver = rules.find((found) => found.kind === 'waiver');
      if (ahead >= (rule.hours ?? 0)) lines.push(`Fee: none, because it is at least ${rule.hours} hours away${cite}.`);
      else if (waiver && patient.hardship) lines.push(`Fee: none, because you are in the hardship programme (${waiver.cite ?? 'source unknown'}).`);
      else lines.push(`Fee: $${rule.fee}, because it is less than ${rule.hours} hours away${cite}.`);
    }
    if (intent.move) {
      const slots = readSlots(text);
      const suits = (slot: string): boolean => {
        const hour = Number(slot.slice(11, 13));
        return !(patient.mornings && hour >= 12) && !(patient.afternoons && hour < 12) && !patient.awayOn.includes(weekdayOf(slot));
      };
      const slot = slots?.find(suits);
      lines.push(slots === undefined ? 'Next slot for you: I cannot see any open slots.' : slot ? `Next slot for you: ${slot}.` : 'Next slot for you: none of the open slots suits you. Please call the front desk.');
    }
  }
  if (intent.refill) {
    const refills = [...new Map(rules.filter((rule) => rule.kind === 'refill').map((rule) => [rule.days, rule])).values()];
    if (refills.length === 0) lines.push('Refills: I cannot tell, because I have no policy on refills.');
    else if (refills.length > 1) lines.push(`Refills: I cannot tell, because the policies I was given disagree (${refills.map((rule) => `${rule.days} business days`).join('; ')}).`);
    else {
      const rule = refills[0] as Rule;
      lines.push(`Refills: ready within ${rule.days} business day${rule.days === 1 ? '' : 's'}${patient.pharmacy ? ` at ${patient.pharmacy}` : ', once you tell me which pharmacy to use'} (${rule.cite ?? 'source unknown'}).`);
    }
  }
  return lines.join('\n');
}

const respond = (request: unknown) => ({ reply: { content: [{ type: 'text', text: clinicAnswer(request as Request) }] } });

// ---------------------------------------------------------------------------------------------
// The checks

const json = (value: unknown): string => JSON.stringify(value);
const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();
const short = (text: string): string => (text.length > 60 ? `${text.slice(0, 57)}…` : text);
const tokensOf = (text: string): number => Math.ceil(text.length / 4);
const policyName = (item: Policy): string => `${item.id} v${item.version}`;

interface Case {
  options: {
    model: string;
    now: string;
    patient: Record<string, unknown>;
    openSlots: string[];
    policies: Policy[];
    conversation: Turn[];
    question: { text: string; topics: string[] };
    historyBudget: number;
  };
  /** The answer's lines, as the model gives them when the request carries what it needs. */
  answer: string[];
}

/** The turns a request should carry: the newest that fit the budget, stopping at the first that does not. */
function keptTurns(conversation: Turn[], budget: number): Turn[] {
  const kept: Turn[] = [];
  let used = 0;
  for (let i = conversation.length - 1; i >= 0; i--) {
    const turn = conversation[i] as Turn;
    if (used + tokensOf(turn.text) > budget) break;
    used += tokensOf(turn.text);
    kept.unshift(turn);
  }
  return kept;
}

type Cause = 'question' | 'now' | 'record' | 'slots' | 'cite' | 'policies' | 'history' | 'facts';

/** What went wrong with the request, each rule the README states about its contents, in the learner's terms, with its cause. */
function requestProblems(body: Request, setup: Case['options']): { cause: Cause; problem: string }[] {
  const problems: { cause: Cause; problem: string }[] = [];
  const say = (cause: Cause, problem: string): void => void problems.push({ cause, problem });
  const raw = requestText(body);
  const text = squash(raw);
  const carries = (piece: string): boolean => text.includes(squash(piece));
  const today = setup.now.slice(0, 10);

  const last = [...body.messages].reverse().find((message) => message.role === 'user');
  const ending = squash(textOf(last?.content).replace(/(?:\s*<\/[a-zA-Z][\w-]*>\s*)+$/, ''));
  if (!ending.endsWith(squash(setup.question.text))) {
    say('question', `The request does not end with the question: the last user message should end with "${short(setup.question.text)}" (closing tags aside), after the record, the policies and the conversation.`);
  }
  const now = readNow(raw);
  if (!now) say('now', `The request does not state the current date and time where the model looks for it: put options.now ("${setup.now}") in a tag such as <now>, or after "Current time:".`);
  else if (`${now.date} ${now.time ?? ''}`.trim() !== setup.now) say('now', `The request states the current time as ${now.date}${now.time ? ` ${now.time}` : ' (no time of day)'}; options.now is "${setup.now}".`);
  if (!readBooking(raw)) say('record', 'No tag named for the patient record (such as <patient_record>) holds the booking, so the model cannot find it.');
  if (readSlots(raw) === undefined) say('slots', 'No tag named for the open slots (such as <open_slots>) holds them, so the model cannot offer one.');

  const carried = setup.policies.filter((item) => carries(item.text));
  const needed = (item: Policy): boolean => item.topics.some((topic) => setup.question.topics.includes(topic));
  const inForce = (id: string): Policy | undefined =>
    setup.policies.filter((other) => other.id === id && other.effectiveFrom <= today).sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0];
  const uncited = readRules(raw).filter((rule) => rule.cite === undefined);
  if (uncited.length > 0) say('cite', 'A policy the request carries sits in no tag that names its id and version (such as <policy id="cancellation" version="3">), so the model cannot cite it.');
  const unneeded = carried.filter((item) => !needed(item));
  if (unneeded.length > 0) {
    say('policies', `The request carries ${unneeded.length === 1 ? 'a policy' : 'policies'} the question does not need: ${unneeded.map(policyName).join(', ')}. The question's topics are ${setup.question.topics.join(', ')}; send only the policies with one of them.`);
  }
  for (const item of carried.filter(needed)) {
    const current = inForce(item.id);
    if (item.effectiveFrom > today) say('policies', `The request carries ${policyName(item)}, which takes effect on ${item.effectiveFrom}, after today (${today}). Send the version in force today${current ? ` (${policyName(current)})` : ''}.`);
    else if (current && current !== item) say('policies', `The request carries ${policyName(item)}, which ${policyName(current)} replaced on ${current.effectiveFrom}. Send only the version in force today (${today}).`);
  }
  for (const item of setup.policies.filter(needed)) {
    if (inForce(item.id) === item && !carries(item.text)) say('policies', `The request lacks ${policyName(item)}, the version of "${item.id}" in force today, which the question's topics need. Send each policy's text whole.`);
  }

  const kept = keptTurns(setup.conversation, setup.historyBudget);
  const dropped = setup.conversation.slice(0, setup.conversation.length - kept.length);
  const stale = dropped.filter((turn) => carries(turn.text));
  if (stale.length > 0) {
    say('history', `The request carries ${stale.length} turn${stale.length === 1 ? '' : 's'} older than the history budget allows (the oldest: "${short(stale[0]?.text ?? '')}"). With ${setup.historyBudget} tokens, only the newest ${kept.length} of the ${setup.conversation.length} turns fit (a turn costs its characters ÷ 4, rounded up).`);
  }
  const missing = kept.filter((turn) => !carries(turn.text));
  if (missing.length > 0) {
    say('history', `The request lacks ${missing.length === 1 ? 'the turn' : `${missing.length} turns, among them`} "${short(missing[0]?.text ?? '')}", one of the newest ${kept.length} that fit in the ${setup.historyBudget}-token budget. Keep each of them, its text whole.`);
  }
  const lostFacts = dropped.flatMap((turn) => turn.facts ?? []).filter((fact) => !carries(fact));
  if (lostFacts.length > 0) {
    say('facts', `The request lacks ${lostFacts.length === 1 ? 'the fact' : `${lostFacts.length} facts, among them`} "${short(lostFacts[0] ?? '')}", from a turn it dropped. Carry every fact of every turn you drop.`);
  }
  return problems;
}

/** Why the model answered a line as it did, when its words say so, and the cause that explains it. */
function explain(line: string): { cause: Cause; why: string } | undefined {
  if (line.includes('cannot find your booking')) return { cause: 'record', why: 'The model reads the booking only from a tag named for the patient record.' };
  if (line.includes('cannot see any open slots')) return { cause: 'slots', why: 'The model reads open slots only from a tag named for them.' };
  if (line.includes("don't know today's date")) return { cause: 'now', why: 'The model does not know the date unless the request states it.' };
  if (line.includes('policies I was given disagree')) return { cause: 'policies', why: 'Two rules on the same matter disagree: two versions of a policy, or a policy the question did not need.' };
  if (line.includes('I have no policy')) return { cause: 'policies', why: 'The request carries no policy the model can read for this question.' };
  if (line.includes('source unknown')) return { cause: 'cite', why: 'The model cites a policy only when the tag around it names its id and version.' };
  return undefined;
}

function checkCase(outcome: Outcome, setup: Case): string[] {
  if (outcome.timedOut) return ['answerPatient did not return.'];
  const problems: string[] = [];
  const body = outcome.requests[0]?.body as Request | undefined;
  const found = body ? requestProblems(body, setup.options) : [];
  const causes = new Set(found.map((item) => item.cause));
  if (outcome.error !== undefined) problems.push(`answerPatient threw ${outcome.error.replace(/\.?$/, '.')} It should return the model's answer.`);
  else if (typeof outcome.result !== 'string') problems.push(`answerPatient returned ${outcome.result === undefined ? 'undefined' : json(outcome.result)}; it should return the model's answer as a string.`);
  else {
    const got = outcome.result.split('\n').map((line) => line.trim()).filter((line) => line !== '');
    const expected = setup.answer;
    if (got.length === 1 && got[0] === 'What would you like to know?') {
      problems.push(`The model answered "What would you like to know?": it answers the question on the last line of the final user message, and found none there. It should have answered: "${expected.join(' / ')}".`);
    } else if (got.join('\n') !== expected.join('\n')) {
      expected.forEach((want, i) => {
        const have = got[i];
        if (have === want) return;
        const reason = have === undefined ? undefined : explain(have);
        const why = reason && !causes.has(reason.cause) ? ` ${reason.why}` : '';
        problems.push(have === undefined ? `The answer lacks the line "${want}".` : `The answer says "${have}"; it should say "${want}".${why}`);
      });
      if (got.length > expected.length) problems.push(`The answer has lines it should not: "${got.slice(expected.length).join(' / ')}".`);
    }
  }
  if (outcome.requests.length !== 1) problems.push(`It made ${outcome.requests.length} model calls; one is enough.`);
  if (body && body.model !== setup.options.model) problems.push(`It called ${body.model}; options.model is "${setup.options.model}".`);
  return [...problems, ...found.map((item) => item.problem)];
}

// ---------------------------------------------------------------------------------------------
// The scenarios

const MARIA: Case = {
  options: {
    model: 'claude-haiku-4-5',
    now: '2025-03-18 15:00',
    patient: { id: 'P-1042', name: 'Maria Keller', dateOfBirth: '1984-07-02', insurance: 'Northwind Health PPO', nextAppointment: { start: '2025-03-20 09:30', clinician: 'Dr. Okafor', kind: 'dermatology follow-up' } },
    openSlots: ['2025-03-24 09:00', '2025-03-24 14:00', '2025-03-25 15:30', '2025-03-26 10:30'],
    policies: POLICIES,
    conversation: turns(
      ['patient', 'Hi, I need to book a follow-up with Dr. Okafor about the rash on my arm.', ['Reason for the visit: a follow-up about a rash on the arm.']],
      ['assistant', 'Of course. Dr. Okafor has openings on March 13 at 14:00 and March 20 at 09:30. Which suits you?'],
      ['patient', 'I started a new job, so I can only come in mornings now. March 20, please.', ['Mornings only: the patient can come in only before noon, because of a new job.']],
      ['assistant', 'Booked: Thursday, March 20 at 09:30 with Dr. Okafor.'],
      ['patient', 'Is there parking near the clinic?'],
      ['assistant', 'Yes, in the garage on Elm Street. Bring your ticket to reception to have it stamped.'],
      ['patient', 'Does my insurance cover the visit?'],
      ['assistant', 'Northwind Health PPO covers dermatology follow-ups after a $20 copay.', ['Insurance: Northwind Health PPO, with a $20 copay for dermatology follow-ups.']],
      ['patient', "Thanks, that's all for now."],
      ['assistant', "You're welcome. See you on the 20th."],
      ['patient', 'Hello, are my lab results from last week in?'],
      ['assistant', 'Yes, they came in on Friday. Dr. Okafor will go through them with you at your visit.'],
      ['patient', 'Can I see them online before that?'],
      ['assistant', 'They show in the patient portal once Dr. Okafor has reviewed them.'],
      ['patient', 'How do I log in to the portal?'],
      ['assistant', 'Use the email address on your record. The first time, choose "Forgot password" to set one.'],
      ['patient', 'Got it, thanks.'],
      ['assistant', 'Glad to help.'],
      ['patient', 'Hi again. Something came up at work this week.'],
      ['assistant', 'Sorry to hear that. How can I help?'],
      ['patient', "I'd like to change my appointment. Also, next week I'm away on Monday."],
      ['assistant', "Noted: you're away on Monday."],
    ),
    question: { text: "Can I move Thursday's appointment to next week? Will that cost anything?", topics: ['reschedule', 'fees'] },
    historyBudget: 47,
  },
  answer: ['Your appointment: 2025-03-20 09:30 with Dr. Okafor.', 'Fee: none, because it is at least 24 hours away (cancellation v3).', 'Next slot for you: 2025-03-26 10:30.'],
};

const TOMAS: Case = {
  options: {
    model: 'claude-sonnet-4-6',
    now: '2025-03-19 18:30',
    patient: { id: 'P-2210', name: 'Tomás Ruiz', dateOfBirth: '1971-11-23', insurance: 'Medicare', nextAppointment: { start: '2025-03-20 10:15', clinician: 'Dr. Lindqvist', kind: 'annual physical' } },
    openSlots: ['2025-03-27 08:30', '2025-03-28 11:00'],
    // The policy store gives versions in no particular order.
    policies: [...POLICIES].reverse(),
    conversation: turns(
      ['patient', 'Hello, can you confirm my physical tomorrow?'],
      ['assistant', 'Yes: Thursday, March 20 at 10:15 with Dr. Lindqvist. Please come fasting.'],
      ['patient', 'Fasting means nothing after midnight?'],
      ['assistant', 'Right: water is fine, nothing else after midnight.'],
      ['patient', "I woke up with a fever, so I don't think I can come."],
      ['assistant', "I'm sorry you're unwell. I can help you cancel or move the visit."],
    ),
    question: { text: "I have to cancel tomorrow's appointment. Is there a fee?", topics: ['cancel', 'fees'] },
    historyBudget: 90,
  },
  answer: ['Your appointment: 2025-03-20 10:15 with Dr. Lindqvist.', 'Fee: $40, because it is less than 24 hours away (cancellation v3).'],
};

const GRACE: Case = {
  options: {
    model: 'claude-haiku-4-5',
    now: '2025-03-18 11:00',
    patient: { id: 'P-0377', name: 'Grace Liu', dateOfBirth: '1990-02-14', insurance: 'Cedar Mutual', nextAppointment: { start: '2025-05-06 14:00', clinician: 'Dr. Okafor', kind: 'blood pressure review' } },
    openSlots: ['2025-03-20 16:00'],
    policies: POLICIES,
    conversation: turns(
      ['patient', 'Hi, I moved and want to use a new pharmacy.'],
      ['assistant', 'Sure. Which pharmacy should we send prescriptions to?'],
      ['patient', 'The one on the corner of Elm and 3rd.', ['Pharmacy: prescriptions go to Elm Street Pharmacy (corner of Elm and 3rd).']],
      ['assistant', 'Done: from now on, prescriptions go there.'],
      ['patient', 'Thank you!'],
      ['assistant', 'Anything else I can help with?'],
    ),
    question: { text: 'Can you refill my blood pressure prescription? How long will it take?', topics: ['refills'] },
    historyBudget: 11,
  },
  answer: ['Refills: ready within 2 business days at Elm Street Pharmacy (refills v1).'],
};

const AISHA: Case = {
  options: {
    model: 'claude-haiku-4-5',
    now: '2025-04-02 16:00',
    patient: { id: 'P-3318', name: 'Aisha Rahman', dateOfBirth: '1988-09-30', insurance: 'none', nextAppointment: { start: '2025-04-03 08:45', clinician: 'Dr. Okafor', kind: 'follow-up' } },
    openSlots: ['2025-04-08 09:00'],
    policies: POLICIES,
    conversation: turns(
      ['patient', "Hello, I was told I might qualify for the clinic's hardship programme."],
      ['assistant', 'Good news: you are enrolled in the hardship programme from today.', ['Hardship: the patient is enrolled in the hardship programme.']],
      ['patient', 'Great, thank you so much.'],
      ['assistant', "You're welcome. Take care."],
      ['patient', 'My daughter is sick and I need to stay home with her tomorrow.'],
      ['assistant', "I'm sorry to hear that. I can cancel or move your visit."],
    ),
    question: { text: "Please cancel tomorrow's appointment. Do I have to pay the late fee?", topics: ['cancel', 'fees'] },
    historyBudget: 42,
  },
  answer: ['Your appointment: 2025-04-03 08:45 with Dr. Okafor.', 'Fee: none, because you are in the hardship programme (fee-waivers v1).'],
};

const JON: Case = {
  options: {
    model: 'claude-sonnet-4-6',
    now: '2025-06-01 08:00',
    patient: { id: 'P-4471', name: 'Jon Park', dateOfBirth: '1979-04-11', insurance: 'Cedar Mutual', nextAppointment: { start: '2025-06-03 10:00', clinician: 'Dr. Okafor', kind: 'check-up' } },
    openSlots: ['2025-06-09 09:30', '2025-06-12 14:00', '2025-06-13 15:30'],
    policies: POLICIES,
    conversation: turns(
      ['patient', 'Hi, I need a check-up with Dr. Okafor.'],
      ['assistant', 'Dr. Okafor can see you on June 3 at 10:00. Does that work?'],
      ['patient', 'Yes, that one works. After it, though, I can only do afternoons: I start teaching mornings next month.', ['Afternoons only: after June 3 the patient can come in only after noon (teaches in the mornings).']],
      ['assistant', 'Noted.'],
      ['patient', 'Thanks, see you on the 3rd.'],
      ['assistant', 'See you then.'],
      ['patient', 'Hi, my class schedule changed.'],
      ['assistant', 'Thanks for letting us know. What can I do for you?'],
      ['patient', "I'd like to move my appointment. I'm away on Thursday next week, by the way."],
      ['assistant', 'Understood, Thursday is out.'],
    ),
    question: { text: 'Can I move my appointment on June 3 to next week? What does it cost?', topics: ['reschedule', 'fees'] },
    historyBudget: 50,
  },
  answer: ['Your appointment: 2025-06-03 10:00 with Dr. Okafor.', 'Fee: $50, because it is less than 72 hours away (cancellation v4).', 'Next slot for you: 2025-06-13 15:30.'],
};

const scenario = (name: string, setup: Case, hidden = false) => ({
  name,
  ...(hidden ? { hidden: true } : {}),
  options: setup.options,
  respond,
  check: (outcome: Outcome) => checkCase(outcome, setup),
});

export const scenarios = [
  scenario('moves an appointment: the policy in force, a standing fact from long ago, a recent turn', MARIA),
  scenario('a late cancellation, with every turn kept because all fit', TOMAS),
  scenario('a refill question needs only the refill policy', GRACE),
  scenario('a late cancellation by a patient in the hardship programme', AISHA, true),
  scenario('a move on the day a new policy version takes effect', JON, true),
];
