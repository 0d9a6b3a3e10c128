// The harness of the front-desk-messages-api exercise. A model written as code plays the
// Messages API: a clinic's front-desk assistant that answers the patient's last question from the
// facts the request carries (opening hours, address, phone, prices, written in the system prompt
// by the harness) and, for a short follow-up ("And on Sunday?"), from the earlier turns of the
// conversation. It answers in three text blocks, as a real model does when it cites a source.
// The README states these rules for learners. This file stays in the pack; learners never see it.

type Block = { type: string; text?: string };
interface Request {
  model: string;
  max_tokens: number;
  system?: string | Block[];
  messages: { role: string; content: string | Block[] }[];
}
interface TraceEntry {
  body: unknown;
  status: number;
  response?: { content?: Block[]; stop_reason?: string; usage?: { input_tokens: number; output_tokens: number } };
}
interface Outcome {
  result?: unknown;
  error?: string;
  errorFields?: Record<string, unknown>;
  timedOut: boolean;
  requests: TraceEntry[];
}
interface Turn {
  role: 'user' | 'assistant';
  text: string;
}

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const capital = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/** The text of a system prompt or a message's content: a string, or its text blocks (anything else, as a refused request may hold, has none). */
const textOf = (content: unknown): string =>
  typeof content === 'string'
    ? content
    : Array.isArray(content)
      ? content.map((block: Partial<Block> | null) => (block?.type === 'text' && typeof block.text === 'string' ? block.text : '')).join('\n')
      : '';

/** What the clinic's facts say, read from every line of text the request carries. */
interface Facts {
  hours: Map<string, string>;
  prices: { name: string; keywords: string[]; price: string }[];
  address?: string;
  phone?: string;
}

/** Words that name no particular service: "session", "visit"… */
const GENERIC = new Set(['first', 'session', 'visit', 'minutes', 'appointment']);

function readFacts(text: string): Facts {
  const facts: Facts = { hours: new Map(), prices: [] };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/^\s*[-*•]\s*/, '').trim();
    const address = /^address:\s*(.+)$/i.exec(line);
    if (address?.[1]) facts.address = address[1];
    const phone = /^phone:\s*(.+)$/i.exec(line);
    if (phone?.[1]) facts.phone = phone[1];
    // "Monday to Friday: 08:00–19:00", "Saturday and Sunday: closed", "Saturday: 09:00–13:00"
    const hours = /^([a-z]+day)(?:\s+(to|and)\s+([a-z]+day))?:\s*(closed|\d{1,2}:\d{2}\s*[–-]\s*\d{1,2}:\d{2})/i.exec(line);
    if (hours) {
      const from = DAYS.indexOf((hours[1] ?? '').toLowerCase());
      const to = hours[3] ? DAYS.indexOf(hours[3].toLowerCase()) : from;
      const value = (hours[4] ?? '').toLowerCase() === 'closed' ? 'closed' : (hours[4] ?? '').replace(/\s*[–-]\s*/, '–');
      if (from >= 0 && to >= 0) {
        const days = hours[2]?.toLowerCase() === 'and' ? [from, to] : DAYS.slice(from, to + 1).map((_day, i) => from + i);
        for (const day of days) facts.hours.set(DAYS[day] as string, value);
      }
      continue;
    }
    // "First assessment (45 minutes): £65"
    const price = /^([A-Za-z][A-Za-z -]*?)\s*(?:\([^)]*\))?:\s*([£€$]\s?\d+(?:\.\d{2})?)\s*$/.exec(line);
    if (price?.[1] && price[2] && !/^(address|phone)$/i.test(price[1])) {
      const name = price[1].trim();
      const keywords = name.toLowerCase().split(/\s+/).filter((word) => word.length >= 5 && !GENERIC.has(word));
      facts.prices.push({ name, keywords, price: price[2] });
    }
  }
  return facts;
}

type Topic = 'hours' | 'address' | 'price';

/** What a turn asks or tells about, and of which day or service. */
function readTurn(text: string, facts: Facts): { topic?: Topic; day?: string; service?: Facts['prices'][number] } {
  const lower = text.toLowerCase();
  const day = DAYS.find((name) => new RegExp(`\\b${name}s?\\b`).test(lower));
  const service = facts.prices.find((item) => item.keywords.some((word) => lower.includes(word)));
  const topic: Topic | undefined = /\b(cost|costs|price|how much|fee|charge)\b/.test(lower)
    ? 'price'
    : /\b(where|address|find you|located|directions)\b/.test(lower)
      ? 'address'
      : /\b(open|opening|close|closed|closing|hours)\b/.test(lower)
        ? 'hours'
        : undefined;
  return { ...(topic ? { topic } : {}), ...(day ? { day } : {}), ...(service ? { service } : {}) };
}

/** The sentence that answers: a fact from the request, a plea for a clearer question, or "I don't know". */
function answerSentence(request: Request): string {
  const facts = readFacts([textOf(request.system), ...request.messages.map((message) => textOf(message.content))].join('\n'));
  // The question: the last turn (its last line that asks something, when it holds more than a question).
  const last = textOf(request.messages[request.messages.length - 1]?.content);
  const asked = readTurn([...last.split('\n')].reverse().find((line) => line.includes('?')) ?? last, facts);
  let topic = asked.topic;
  if (!topic && (asked.day || asked.service)) {
    // A short follow-up ("And on Sunday?"): the topic is the latest one the earlier turns spoke of
    // that fits what it names (a day's hours, a service's price).
    const fits: Topic = asked.day ? 'hours' : 'price';
    const earlier = request.messages.slice(0, -1).reverse();
    if (earlier.some((message) => readTurn(textOf(message.content), facts).topic === fits)) topic = fits;
  }
  const unknown = `I'm sorry, I don't have that information.${facts.phone ? ` Please call us on ${facts.phone}.` : ''}`;
  if (!topic) {
    const named = asked.day ? capital(asked.day) : asked.service ? `the ${asked.service.name.toLowerCase()}` : 'that';
    return `I'm not sure what you would like to know about ${named}. Could you tell me a little more?`;
  }
  if (topic === 'address') return facts.address ? `You will find us at ${facts.address}.` : unknown;
  if (topic === 'price') {
    if (asked.service) return `A ${asked.service.name.toLowerCase()} costs ${asked.service.price}.`;
    return facts.prices.length > 0 ? `Our prices: ${facts.prices.map((item) => `${item.name.toLowerCase()} ${item.price}`).join(', ')}.` : unknown;
  }
  if (!asked.day) return facts.hours.size > 0 ? `Our opening hours: ${[...facts.hours].map(([day, value]) => `${capital(day)} ${value}`).join(', ')}.` : unknown;
  const value = facts.hours.get(asked.day);
  if (value === undefined) return unknown;
  if (value === 'closed') return `On ${capital(asked.day)} we are closed.`;
  const [open, close] = value.split('–');
  return `On ${capital(asked.day)} we are open from ${open} to ${close}.`;
}

/** The model: the answer in three text blocks, the fact in the middle one. */
function frontDesk(request: Request): { reply: { content: { type: 'text'; text: string }[] } } {
  return {
    reply: {
      content: [
        { type: 'text', text: 'Happy to help. ' },
        { type: 'text', text: answerSentence(request) },
        { type: 'text', text: ' Is there anything else I can do for you?' },
      ],
    },
  };
}

const respond = (request: unknown) => frontDesk(request as Request);

// The checks.

const json = (value: unknown): string => JSON.stringify(value);
/** Text as a reader sees it: runs of whitespace as one space, none at the ends. */
const words = (text: string): string => text.replace(/\s+/g, ' ').trim();
const quote = (text: string, limit = 70): string => json(text.length > limit ? `${text.slice(0, limit - 1)}…` : text);

interface Answer {
  text?: unknown;
  stopReason?: unknown;
  inputTokens?: unknown;
  outputTokens?: unknown;
}

/** That the function made one call, which the simulator answered; or what went wrong. */
function oneCall(outcome: Outcome): { problems: string[]; body?: Request; entry?: TraceEntry } {
  if (outcome.timedOut) return { problems: ['askFrontDesk did not return.'] };
  const entry = outcome.requests[0];
  if (!entry) return { problems: [outcome.error ? `askFrontDesk threw ${outcome.error} before it called the model.` : 'askFrontDesk made no model call.'] };
  const body = entry.body && typeof entry.body === 'object' ? (entry.body as Request) : undefined;
  if (entry.status !== 200) {
    const said = (entry.response as { error?: { message?: string } } | undefined)?.error?.message ?? '';
    return { problems: [`The API refused the request (${entry.status}): ${said}`], ...(body ? { body } : {}), entry };
  }
  if (outcome.requests.length === 1) return { problems: [], ...(body ? { body } : {}), entry };
  const cut = entry.response?.stop_reason === 'max_tokens';
  return {
    problems: [
      `It made ${outcome.requests.length} model calls for one question; one is enough.` +
        (cut ? ' The first answer was cut off at max_tokens: return it as it came, with stopReason "max_tokens", rather than spend more than the caller allowed.' : ''),
    ],
    ...(body ? { body } : {}),
    entry,
  };
}

/** That the request carries `system` as its system prompt and the conversation as its turns. */
function sentRight(body: Request, system: string, history: Turn[], question: string): string[] {
  const problems: string[] = [];
  const sentSystem = textOf(body.system);
  // As sent, which may be what the API refused: a list of turns, each { role, content }, is not a given.
  const messages = (Array.isArray(body.messages) ? body.messages : []).map((message: Partial<Request['messages'][number]> | null) => ({ role: String(message?.role), content: message?.content }));
  const asRole = messages.find((message) => message.role === 'system');
  if (!sentSystem.includes(system.trim())) {
    const inTurn = messages.some((message) => textOf(message.content).includes(system.trim().slice(0, 60)));
    problems.push(
      asRole
        ? 'The instructions went in as a message with role "system"; the Messages API has only user and assistant turns, and takes a system prompt in its own field, system.'
        : inTurn
          ? "The clinic's instructions went in as part of a conversation turn. Send them as the request's system prompt (its system field), where the model takes them as its standing instructions."
          : `The request's system prompt is ${sentSystem ? quote(sentSystem) : 'missing'}; it should be options.system, the clinic's instructions and facts.`,
    );
  }
  const expected: Turn[] = [...history, { role: 'user', text: question }];
  // A "system" message is told of above; the turns are judged without it.
  const turns = messages.filter((message) => message !== asRole);
  const sent = turns.map((message) => ({ role: message.role, text: textOf(message.content) }));
  const notText = turns.findIndex((message) => typeof message.content !== 'string' && !Array.isArray(message.content));
  if (notText >= 0) {
    const shown = json(turns[notText]?.content) ?? 'undefined';
    problems.push(`Turn ${notText + 1}'s content is ${shown.length > 80 ? `${shown.slice(0, 79)}…` : shown}; a turn's content is its text, as a string (or a list of text blocks).`);
    return problems;
  }
  if (sent.length !== expected.length) {
    const earlier = history.length === 0 ? 'the question as a user turn' : `the ${history.length} earlier turn${history.length === 1 ? '' : 's'} in options.history, then the question as a user turn`;
    problems.push(
      `It sent ${sent.length} turn${sent.length === 1 ? '' : 's'}; this conversation has ${expected.length}: ${earlier}.` +
        (history.length > 0 && sent.length === 1 ? ' The model remembers nothing between calls: each request carries the whole conversation.' : ''),
    );
  } else {
    expected.forEach((turn, i) => {
      const got = sent[i] as { role: string; text: string };
      // Its own words around a turn's text are the learner's business; the turn's text and role are not.
      if (got.role !== turn.role || !got.text.includes(turn.text)) {
        problems.push(`Turn ${i + 1} is ${got.role === 'assistant' ? 'an' : 'a'} ${got.role} turn saying ${quote(got.text)}; it should be the ${turn.role} turn ${quote(turn.text)}.`);
      }
    });
  }
  return problems;
}

/** That it returned the whole answer, the stop reason and the usage the response carried. */
function returnedRight(outcome: Outcome, entry: TraceEntry): string[] {
  const stop = entry.response?.stop_reason;
  const cut = stop === 'max_tokens';
  if (outcome.error !== undefined) {
    return [`askFrontDesk threw ${outcome.error.replace(/\.?$/, '.')} It should have returned the answer${cut ? ', cut off as it is, with stopReason "max_tokens": the desk shows what came and says it was cut off' : ''}.`];
  }
  const result = outcome.result as Answer | undefined;
  if (!result || typeof result !== 'object') return [`It returned ${json(result)}; it should return { text, stopReason, inputTokens, outputTokens }.`];
  const problems: string[] = [];
  const blocks = (entry.response?.content ?? []).filter((block) => block.type === 'text').map((block) => block.text ?? '');
  const whole = blocks.join('');
  if (typeof result.text !== 'string') problems.push(`Its text is ${json(result.text)}; it should be the answer's text, a string.`);
  else if (words(result.text) !== words(whole)) {
    const which = blocks.findIndex((block) => words(block) === words(String(result.text)));
    problems.push(
      which >= 0
        ? `Its text is only text block ${which + 1} of the ${blocks.length} the answer came in (${quote(String(result.text))}); the answer is all of them, in order: ${quote(whole, 140)}.`
        : `Its text is ${quote(result.text)}; the answer's text blocks, in order, say ${quote(whole, 140)}.`,
    );
  }
  if (result.stopReason !== stop) {
    problems.push(
      `Its stopReason is ${json(result.stopReason)}; the response's stop_reason is ${json(stop)}.` +
        (cut ? ' The answer stopped at max_tokens, so it is cut off: the desk must be told so, not shown it as a whole answer.' : ''),
    );
  }
  const usage = entry.response?.usage;
  if (result.inputTokens !== usage?.input_tokens || result.outputTokens !== usage?.output_tokens) {
    problems.push(
      `It reported ${json(result.inputTokens)} input and ${json(result.outputTokens)} output tokens; the response's usage says ${usage?.input_tokens} input_tokens and ${usage?.output_tokens} output_tokens.`,
    );
  }
  return problems;
}

/** That the model could answer: the facts the answer needs are in it; else why the model could not. */
function answered(entry: TraceEntry, needs: string[]): string[] {
  const said = (entry.response?.content ?? []).map((block) => block.text ?? '').join('');
  if (needs.every((part) => said.includes(part))) return [];
  const reason = said.includes("don't have that information")
    ? " The clinic's facts were not in the request, so it could not know."
    : said.includes('not sure what you would like to know')
      ? ' It could not tell what the short follow-up asks: the earlier turns were not in the request.'
      : '';
  return [`The model answered ${quote(words(said), 120)}, without ${needs.map((part) => json(part)).join(' and ')}.${reason}`];
}

interface Spec {
  name: string;
  hidden?: boolean;
  system: string;
  history: Turn[];
  question: string;
  /** What the answer must hold, when the model was asked right. */
  needs: string[];
  model?: string;
  maxTokens?: number;
  /** The max_tokens the request must carry. */
  sends: number;
}

function scenario(spec: Spec) {
  return {
    name: spec.name,
    ...(spec.hidden ? { hidden: true } : {}),
    options: {
      system: spec.system,
      history: spec.history,
      question: spec.question,
      ...(spec.model ? { model: spec.model } : {}),
      ...(spec.maxTokens === undefined ? {} : { maxTokens: spec.maxTokens }),
    },
    respond,
    check(outcome: Outcome): string[] {
      const { problems, body, entry } = oneCall(outcome);
      if (!body || !entry) return problems;
      problems.push(...sentRight(body, spec.system, spec.history, spec.question));
      if (spec.model && body.model !== spec.model) problems.push(`It called ${json(body.model)}; options.model is ${json(spec.model)}.`);
      if (body.max_tokens !== spec.sends) {
        problems.push(`It sent max_tokens ${body.max_tokens}; ${spec.maxTokens === undefined ? 'without maxTokens it should send 1024' : `options.maxTokens is ${spec.maxTokens}`}.`);
      }
      // The answer is judged against the one response there should be.
      if (entry.status !== 200 || outcome.requests.length > 1) return problems;
      if (spec.needs.length > 0) problems.push(...answered(entry, spec.needs));
      problems.push(...returnedRight(outcome, entry));
      return problems;
    },
  };
}

const LINDEN = [
  "You are the front-desk assistant of Linden Street Physiotherapy. Answer patients' questions in a sentence or two, using only the clinic's facts below. If they do not answer a question, say so and give the phone number.",
  '',
  'Opening hours:',
  '- Monday to Friday: 08:00–19:00',
  '- Saturday: 09:00–13:00',
  '- Sunday: closed',
  '',
  'Address: 12 Linden Street, second floor (there is a lift)',
  'Phone: 020 7946 0321',
  '',
  'Prices:',
  '- First assessment (45 minutes): £65',
  '- Follow-up session (30 minutes): £48',
].join('\n');

const HARBOUR = [
  'You answer questions for Harbour Dental Practice, kindly and briefly. Use only these facts; when they do not cover a question, say so and give the phone number.',
  '',
  'Opening hours:',
  '- Monday to Thursday: 08:30–17:30',
  '- Friday: 08:30–15:00',
  '- Saturday and Sunday: closed',
  '',
  'Address: 3 Quay Road, Portside',
  'Phone: 0117 496 0555',
  '',
  'Prices:',
  '- Check-up: €55',
  '- Hygienist visit (40 minutes): €70',
].join('\n');

const SATURDAY: Turn[] = [
  { role: 'user', text: 'Hi, are you open on Saturday?' },
  { role: 'assistant', text: 'Yes: on Saturday we are open from 09:00 to 13:00.' },
];

export const scenarios = [
  scenario({
    name: "answers from the clinic's facts in the system prompt",
    system: LINDEN,
    history: [],
    question: 'When are you open on Saturday?',
    needs: ['09:00', '13:00'],
    sends: 1024,
  }),
  scenario({
    name: 'answers a follow-up from the earlier turns',
    system: LINDEN,
    history: SATURDAY,
    question: 'And on Sunday?',
    needs: ['closed'],
    sends: 1024,
  }),
  scenario({
    name: 'returns a cut-off answer as it came, with stopReason "max_tokens"',
    system: LINDEN,
    history: [],
    question: 'Where do I find you?',
    needs: [],
    maxTokens: 8,
    sends: 8,
  }),
  scenario({
    name: 'calls the model it is given, with the max_tokens it is given',
    system: LINDEN,
    history: SATURDAY,
    question: 'How much is a first assessment?',
    needs: ['£65'],
    model: 'claude-sonnet-4-6',
    maxTokens: 300,
    sends: 300,
  }),
  scenario({
    name: 'a longer conversation at another clinic',
    hidden: true,
    system: HARBOUR,
    history: [
      { role: 'user', text: 'How much is a check-up with you?' },
      { role: 'assistant', text: 'A check-up costs €55.' },
      { role: 'user', text: 'Do you open on Saturdays?' },
      { role: 'assistant', text: 'No, on Saturday we are closed.' },
    ],
    question: 'And a hygienist visit?',
    needs: ['€70'],
    maxTokens: 500,
    sends: 500,
  }),
];
