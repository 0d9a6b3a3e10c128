// The harness of the travel-assistant-tools exercise. A model written as code plays the Messages
// API. It understands the traveller's message perfectly (each scenario says what it asks for),
// but it knows the tools only through their definitions: it picks a tool by the topics each
// description says the tool is for (and not for), and fills the input from what each property's
// definition states: a format, an enum, a type, whether it is required. It never guesses from a
// tool's name. The README states every rule below for learners. This file stays in the pack.

type Topic = 'flights' | 'search' | 'status' | 'booking' | 'show' | 'bags' | 'cancel' | 'fees';
type Param = 'origin' | 'destination' | 'date' | 'cabin' | 'passengers' | 'flight_number' | 'booking_reference';

interface Property {
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  format?: string;
  pattern?: string;
}
interface Tool {
  name: string;
  description?: string;
  input_schema?: { type?: string; properties?: Record<string, Property>; required?: string[] };
}
interface Request {
  model: string;
  max_tokens: number;
  system?: string | { type: string; text?: string }[];
  messages: { role: string; content: string | { type: string; text?: string }[] }[];
  tools?: Tool[];
  tool_choice?: { type: string; name?: string };
}
interface Outcome {
  result?: unknown;
  error?: string;
  timedOut: boolean;
  requests: { body: unknown; response?: unknown }[];
}

/** The topics the model recognises in a description, with the words that name them (README, "Choosing a tool"). */
const TOPICS: Record<Topic, { label: string; words: RegExp }> = {
  flights: { label: 'flights', words: /\b(flights?|fly|flies|flying|planes?|airlines?)\b/ },
  search: { label: 'searching for flights', words: /\b(search(es|ing)?|find(s|ing)?|look(s|ing)? for|available|availability|options)\b/ },
  status: { label: "a flight's status", words: /\b(status|on[- ]time|delays?|delayed|late|gates?|departed|landed|live|real[- ]time|cancell?ed)\b/ },
  booking: { label: 'a booking', words: /\b(bookings?|reservations?|itinerar(y|ies)|pnr)\b/ },
  show: { label: 'showing details', words: /\b(shows?|showing|gets?|getting|look(s|ing)? up|lookup|details?|views?|viewing|reads?|retriev(e|es|ing)|fetch(es|ing)?|returns?|information|info)\b/ },
  bags: { label: 'bags', words: /\b(bags?|baggage|luggage)\b/ },
  cancel: { label: 'cancelling', words: /\bcancel(s|ling|ing)?\b/ },
  fees: { label: 'fees and conditions', words: /\b(fees?|costs?|refunds?|penalt(y|ies)|charges?|conditions|rules|polic(y|ies)|cancellation)\b/ },
};
const TOPIC_NAMES = Object.keys(TOPICS) as Topic[];

/** A word that turns the rest of a sentence into what the tool is not for, and one that turns it back. */
const NEGATIVE = /\b(not|never|no|without|rather than)\b|n['’]t\b/;
const BACK = /\b(but|unless|except)\b/;

/** What a description says a tool is for, and what it says it is not for. */
export function readDescription(description: string, otherTools: string[]): { isFor: Set<Topic>; notFor: Set<Topic> } {
  const isFor = new Set<Topic>();
  const notFor = new Set<Topic>();
  const mark = (text: string, into: Set<Topic>): void => {
    for (const topic of TOPIC_NAMES) if (TOPICS[topic].words.test(text)) into.add(topic);
  };
  const names = otherTools.map((name) => name.toLowerCase());
  for (const sentence of description.toLowerCase().split(/[.!?;]+(?=\s|$)|\n+/)) {
    const words = sentence.split(/(?<=\w)(?=\W)|(?<=\W)(?=\w)/);
    // A sentence that points to another tool, or says "instead", is about when not to use this one.
    if (names.some((name) => words.includes(name)) || /\binstead\b/.test(sentence)) {
      mark(sentence, notFor);
      continue;
    }
    // Elsewhere a negative word starts a "not for" part, and but/unless/except end it.
    let rest = sentence;
    let negative = false;
    while (rest.length > 0) {
      const turn = (negative ? BACK : NEGATIVE).exec(rest);
      const part = turn ? rest.slice(0, turn.index) : rest;
      mark(part, negative ? notFor : isFor);
      if (!turn) break;
      rest = rest.slice(turn.index + turn[0].length);
      negative = !negative;
    }
  }
  return { isFor, notFor };
}

/** What the model understands of the traveller's message: its topics (the first is the main one) and the values it gives. */
interface Understanding {
  /** The message, word for word. */
  message: string;
  /** What it asks, as a hidden scenario's report may name it. */
  about: string;
  topics: [Topic, ...Topic[]];
  values: Partial<Record<Param, Value>>;
}
type Value =
  | { kind: 'airport'; written: string; code: string }
  | { kind: 'date'; written: string; iso: string }
  | { kind: 'cabin'; written: string; id: string }
  | { kind: 'count'; written: string; count: number }
  | { kind: 'plain'; written: string };

interface Scored {
  name: string;
  score: number;
  matched: Topic[];
  outside: number;
  ruledOut: boolean;
}

/** Every tool scored against the request: 2 for its main topic, 1 for each other one, among what the description says the tool is for. */
export function scoreTools(tools: Tool[], understanding: Understanding): Scored[] {
  const [main] = understanding.topics;
  return tools.map((tool) => {
    const { isFor, notFor } = readDescription(typeof tool.description === 'string' ? tool.description : '', tools.filter((other) => other !== tool).map((other) => other.name));
    const matched = understanding.topics.filter((topic) => isFor.has(topic));
    const score = matched.reduce((sum, topic) => sum + (topic === main ? 2 : 1), 0);
    const outside = [...isFor].filter((topic) => !understanding.topics.includes(topic)).length;
    return { name: tool.name, score, matched, outside, ruledOut: notFor.has(main) && !isFor.has(main) };
  });
}

/** The tool the model calls, and why: the best score; then the one about fewer other things; then the one listed first. */
function choose(tools: Tool[], understanding: Understanding): { tool?: Tool; why: string } {
  const scored = scoreTools(tools, understanding);
  let best: { tool: Tool; scored: Scored } | undefined;
  scored.forEach((entry, i) => {
    if (entry.ruledOut || entry.score === 0) return;
    if (!best || entry.score > best.scored.score || (entry.score === best.scored.score && entry.outside < best.scored.outside)) best = { tool: tools[i] as Tool, scored: entry };
  });
  if (!best) return { why: 'no tool scores above 0, so it calls none' };
  const top = best;
  const tied = scored.filter((entry) => entry !== top.scored && !entry.ruledOut && entry.score === top.scored.score).map((entry) => entry.name);
  if (tied.length === 0) return { tool: top.tool, why: `it picked ${top.tool.name}, the highest score` };
  const alike = scored.filter((entry) => tied.includes(entry.name) && entry.outside === top.scored.outside).map((entry) => entry.name);
  return {
    tool: top.tool,
    why:
      alike.length > 0
        ? `${top.tool.name} and ${listed(alike)} tie, so it picked ${top.tool.name}, listed first`
        : `${top.tool.name} ties with ${listed(tied)}, and its description is about fewer other things, so it picked ${top.tool.name}`,
  };
}

const typesOf = (property: Property): string[] => (Array.isArray(property.type) ? property.type : property.type === undefined ? [] : [property.type]);
const squash = (value: string): string => value.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Where the model reads a property's format: its own description, and its tool's. */
const formatText = (property: Property, tool: Tool): string => `${typeof property.description === 'string' ? property.description : ''}\n${typeof tool.description === 'string' ? tool.description : ''}`;
const saysAirportCode = (property: Property, tool: Tool): boolean =>
  /\biata\b|\bcodes?\b|\b(three|3)[- ]letters?\b/i.test(formatText(property, tool)) || /\{3\}/.test(String(property.pattern ?? ''));
const saysIsoDate = (property: Property, tool: Tool): boolean =>
  /yyyy-mm-dd|\biso\b|\biso[- ]?8601\b|\b\d{4}-\d{2}-\d{2}\b/i.test(formatText(property, tool)) || property.format === 'date' || /\\d\{4\}-/.test(String(property.pattern ?? ''));

/** The value the model writes for a property, or undefined when it has none it may write. */
function written(value: Value, property: Property, tool: Tool): unknown {
  switch (value.kind) {
    case 'airport':
      return saysAirportCode(property, tool) ? value.code : value.written;
    case 'date':
      return saysIsoDate(property, tool) ? value.iso : value.written;
    case 'cabin': {
      // An enum's values, or else values written out in the description: the model writes one of them.
      const named = Array.isArray(property.enum) ? property.enum.map(String) : String(property.description ?? '').split(/[^A-Za-z_]+/);
      const allowed = named.find((candidate) => candidate !== '' && squash(candidate) === squash(value.id));
      if (allowed !== undefined) return allowed;
      return Array.isArray(property.enum) ? undefined : value.written;
    }
    case 'count':
      return typesOf(property).some((type) => type === 'integer' || type === 'number') ? value.count : value.written;
    case 'plain':
      return value.written;
  }
}

/** What the model makes up when it is forced to call a tool and the traveller did not say. */
const MADE_UP: Record<Param, unknown> = {
  origin: 'LHR',
  destination: 'LHR',
  date: '2026-01-01',
  cabin: 'economy',
  passengers: 1,
  flight_number: 'XX100',
  booking_reference: 'ABC123',
};
const ASKS: Record<Param, string> = {
  origin: 'where you are flying from',
  destination: 'where you are flying to',
  date: 'the date',
  cabin: 'which cabin you want',
  passengers: 'how many of you are travelling',
  flight_number: 'the flight number',
  booking_reference: 'your booking reference',
};
const isParam = (key: string): key is Param => Object.hasOwn(MADE_UP, key);

/** The input the model writes for `tool`, and the required values it does not have. */
function fill(tool: Tool, understanding: Understanding, forced: boolean): { input: Record<string, unknown>; missing: string[] } {
  const input: Record<string, unknown> = {};
  const missing: string[] = [];
  const schema = tool.input_schema ?? {};
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    const value = isParam(key) ? understanding.values[key] : undefined;
    const wrote = value ? written(value, property ?? {}, tool) : undefined;
    if (wrote !== undefined) input[key] = wrote;
    else if (required.has(key)) {
      if (forced && isParam(key)) input[key] = MADE_UP[key];
      else missing.push(key);
    }
  }
  return { input, missing };
}

/** Every piece of text the request carries: the system prompt and the messages. */
function requestText(request: Request): string {
  const parts = (content: Request['system'] | Request['messages'][number]['content'] | undefined): string =>
    typeof content === 'string' ? content : (content ?? []).map((block) => (block.type === 'text' ? (block.text ?? '') : '')).join('\n');
  return [parts(request.system), ...request.messages.map((message) => parts(message.content))].join('\n');
}

const listed = (items: string[]): string => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);

/** The model for one traveller's message. */
function travelModel(understanding: Understanding) {
  return (raw: unknown) => {
    const request = raw as Request;
    if (!requestText(request).includes(understanding.message)) {
      return { name: 'no message', reply: { content: [{ type: 'text' as const, text: 'Hello! How can I help with your trip?' }] } };
    }
    const tools = Array.isArray(request.tools) ? request.tools : [];
    const choice = request.tool_choice?.type;
    const forced = choice === 'any' || choice === 'tool';
    const chosen = choice === 'none' ? undefined : choice === 'tool' ? tools.find((tool) => tool.name === request.tool_choice?.name) : (choose(tools, understanding).tool ?? (forced ? tools[0] : undefined));
    if (!chosen) {
      return { name: 'no tool fits', reply: { content: [{ type: 'text' as const, text: "Sorry, I don't have a way to do that." }] } };
    }
    const { input, missing } = fill(chosen, understanding, forced);
    if (missing.length > 0) {
      const text = `I can help with that, but first I need ${listed(missing.map((key) => (isParam(key) ? ASKS[key] : `the ${key}`)))}. Could you tell me?`;
      return { name: `asks for ${missing.join(', ')}`, reply: { content: [{ type: 'text' as const, text }] } };
    }
    return { name: `calls ${chosen.name}`, reply: { content: [{ type: 'tool_use' as const, name: chosen.name, input }] } };
  };
}

// ---- The backend the tools must match ----

const BACKEND: Record<string, { params: Param[]; required: Param[] }> = {
  search_flights: { params: ['origin', 'destination', 'date', 'cabin', 'passengers'], required: ['origin', 'destination', 'date'] },
  get_flight_status: { params: ['flight_number', 'date'], required: ['flight_number', 'date'] },
  get_booking: { params: ['booking_reference'], required: ['booking_reference'] },
  cancel_booking: { params: ['booking_reference'], required: ['booking_reference'] },
};
const CABINS = ['economy', 'premium_economy', 'business'];

// ---- Checks ----

const json = (value: unknown): string => JSON.stringify(value);
/** The value as JSON with every object's keys sorted. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b))) : inner,
  );
const bodyOf = (outcome: Outcome): Request | undefined => outcome.requests[0]?.body as Request | undefined;
/** What the model answered the first request: its tool call, or its text. */
function answerOf(outcome: Outcome): { call?: { name: string; input: Record<string, unknown> }; text: string } {
  const content = (outcome.requests[0]?.response as { content?: { type: string; name?: string; input?: Record<string, unknown>; text?: string }[] } | undefined)?.content ?? [];
  const call = content.find((block) => block.type === 'tool_use');
  return { ...(call ? { call: { name: String(call.name), input: call.input ?? {} } } : {}), text: content.map((block) => (block.type === 'text' ? (block.text ?? '') : '')).join('') };
}

/** Why the model chose as it did: each tool's score, and which were ruled out. */
function whyChosen(tools: Tool[], understanding: Understanding): string {
  const [main, ...others] = understanding.topics;
  const scores = scoreTools(tools, understanding).map((entry) =>
    entry.ruledOut ? `${entry.name} ruled out (its description says it is not for ${TOPICS[main].label})` : `${entry.name} ${entry.score}${entry.matched.length > 0 ? ` (${entry.matched.map((topic) => TOPICS[topic].label).join(', ')})` : ''}`,
  );
  return `The message is about ${TOPICS[main].label}${others.length > 0 ? ` (its main topic), and ${listed(others.map((topic) => TOPICS[topic].label))}` : ''}; the descriptions score: ${scores.join('; ')}; ${choose(tools, understanding).why}.`;
}

/** Why a value came out as it did, from what the property's definition states. */
function whyValue(key: string, got: unknown, wanted: unknown, tool: Tool | undefined): string {
  const property = tool?.input_schema?.properties?.[key];
  const shown = got === undefined ? 'left out' : json(got);
  if (!property) return `${key} is ${shown}, but the schema has no "${key}" property; the backend needs ${json(wanted)}.`;
  if (got === undefined) return `${key} is left out; the backend needs ${json(wanted)}.`;
  switch (key) {
    case 'origin':
    case 'destination':
      return `${key} is ${shown}, the city as the traveller wrote it: the property's description does not say it is an IATA airport code (the backend needs ${json(wanted)}).`;
    case 'date':
      return `${key} is ${shown}, the date as the traveller wrote it: the property's description does not state the format YYYY-MM-DD (the backend needs ${json(wanted)}).`;
    case 'cabin':
      return Array.isArray(property.enum)
        ? `${key} is ${shown}, a value of the schema's enum (${property.enum.map((value) => json(value)).join(', ')}), but the backend's values are economy, premium_economy and business; it needs ${json(wanted)}.`
        : `${key} is ${shown}, the traveller's own words: the schema does not limit it to the backend's values (an enum of economy, premium_economy, business); the backend needs ${json(wanted)}.`;
    case 'passengers':
      return `${key} is ${shown}: the property is not typed "integer", so the model wrote the number as the traveller did; the backend needs ${json(wanted)}.`;
    default:
      return `${key} is ${shown}; the backend needs ${json(wanted)}.`;
  }
}

/** The problems with one exchange: it must be one call, and return the model's answer as it is. */
function oneCall(outcome: Outcome): string[] {
  if (outcome.timedOut) return ['askAssistant did not return.'];
  if (outcome.error !== undefined) return [`askAssistant threw ${outcome.error.replace(/\.?$/, '.')}`];
  if (outcome.requests.length === 0) return ['askAssistant made no model call.'];
  if (outcome.requests.length > 1) return [`askAssistant made ${outcome.requests.length} model calls; one is enough.`];
  return [];
}

/** That the returned turn is what the model answered: its call, or its reply. */
function returnedAsAnswered(outcome: Outcome): string[] {
  const answer = answerOf(outcome);
  const expected = answer.call ? { type: 'tool_call', name: answer.call.name, input: answer.call.input } : { type: 'reply', text: answer.text };
  return canonical(outcome.result) === canonical(expected)
    ? []
    : [`askAssistant returned ${outcome.result === undefined ? 'undefined' : json(outcome.result)}; the model answered ${json(expected)}, and askAssistant should return that as it is.`];
}

const forcedNote = (body: Request | undefined): string =>
  body?.tool_choice?.type === 'any' || body?.tool_choice?.type === 'tool' ? ' The request forces a tool call (tool_choice), so the model cannot ask the traveller anything: leave tool_choice out.' : '';

/** What the checks call each tool in a hidden scenario's report, which never shows the names the code returned. */
const ROLE: Record<string, string> = {
  search_flights: 'the flight search',
  get_flight_status: 'the flight-status tool',
  get_booking: 'the booking look-up',
  cancel_booking: 'the cancellation tool',
};
/** What the traveller did not say, as the checks name it. */
const MISSING: Record<Param, string> = {
  origin: 'where they fly from',
  destination: 'where they fly to',
  date: 'the date',
  cabin: 'the cabin',
  passengers: 'how many travel',
  flight_number: 'the flight number',
  booking_reference: 'the booking reference',
};

/** The model must call `name` with exactly `input`. */
function expectCall(understanding: Understanding, name: string, input: Record<string, unknown>, hidden = false) {
  return (outcome: Outcome): string[] => {
    const broken = oneCall(outcome);
    if (broken.length > 0) return broken;
    const body = bodyOf(outcome);
    const tools = Array.isArray(body?.tools) ? body.tools : [];
    const answer = answerOf(outcome);
    const said = hidden ? `For ${understanding.about},` : `For "${understanding.message}"`;
    const tool = tools.find((candidate) => candidate.name === name);
    const wanted = hidden ? (ROLE[name] ?? name) : name;
    if (!answer.call) {
      const picked = choose(tools, understanding).tool;
      const required = Array.isArray(tool?.input_schema?.required) ? tool.input_schema.required : [];
      const needless = required.filter((key) => !Object.hasOwn(input, key));
      let why: string;
      if (!tool) why = tools.length === 0 ? ' The request offers no tools: send the tools array with the message.' : ` No tool is named ${name}.`;
      else if (picked !== tool) why = ` ${whyChosen(tools, understanding)}`;
      else if (needless.length > 0) why = ` It picked ${wanted}, then asked for ${listed(needless)}: the schema lists ${needless.length === 1 ? 'it' : 'them'} in required, though the backend has a default and the traveller need not say ${needless.length === 1 ? 'it' : 'them'}.`;
      else why = ` It picked ${wanted} but had no value it could write for ${listed(Object.keys(input).filter((key) => !Object.hasOwn(answerOf(outcome).call?.input ?? {}, key)))}.`;
      return [`${said} the model answered in words${hidden ? '' : ` ("${answer.text}")`} instead of calling ${wanted}.${why}`];
    }
    if (answer.call.name !== name) {
      return [`${said} the model called ${hidden ? (ROLE[answer.call.name] ?? 'another tool') : answer.call.name}; it should call ${wanted}. ${whyChosen(tools, understanding)}${forcedNote(body)}`];
    }
    const problems: string[] = [];
    for (const key of new Set([...Object.keys(input), ...Object.keys(answer.call.input)])) {
      const got = answer.call.input[key];
      if (canonical(got) === canonical(input[key])) continue;
      if (!Object.hasOwn(input, key)) problems.push(`${key} is ${json(got)}, but the traveller did not say it, and the backend has a default.${forcedNote(body)}`);
      else problems.push(whyValue(key, got, input[key], tool));
    }
    if (problems.length > 0) return [`${said} the model called ${wanted} with ${json(answer.call.input)}; the backend needs ${json(input)}.`, ...problems];
    return returnedAsAnswered(outcome);
  };
}

/** The model must ask the traveller for `asks` (and nothing else), calling no tool. */
function expectQuestion(understanding: Understanding, name: string, asks: Param, hidden = false) {
  return (outcome: Outcome): string[] => {
    const broken = oneCall(outcome);
    if (broken.length > 0) return broken;
    const body = bodyOf(outcome);
    const answer = answerOf(outcome);
    const said = hidden ? `For ${understanding.about},` : `For "${understanding.message}"`;
    const wanted = hidden ? (ROLE[name] ?? name) : name;
    if (answer.call) {
      const invented = answer.call.input[asks];
      const why =
        answer.call.name !== name
          ? ` ${whyChosen(Array.isArray(body?.tools) ? body.tools : [], understanding)}`
          : invented === undefined
            ? ` ${asks} is left out: ${wanted}'s schema does not list it in required, so the model went ahead without it.`
            : ` ${asks} is ${json(invented)}, which the traveller never said: the model made it up.${forcedNote(body)}`;
      return [`${said} the model called ${hidden ? (ROLE[answer.call.name] ?? 'a tool') : answer.call.name} with ${json(answer.call.input)}; it should ask for ${MISSING[asks]}, which the backend cannot do without.${why}`];
    }
    if (!answer.text.includes(ASKS[asks])) {
      const why = (body?.tools ?? []).length === 0 ? ' The request offers no tools: send the tools array with the message.' : ` ${whyChosen(body?.tools ?? [], understanding)}`;
      return [`${said} the model should ask for ${MISSING[asks]}; it said "${answer.text}".${why}`];
    }
    const extra = (Object.keys(ASKS) as Param[]).filter((key) => key !== asks && answer.text.includes(ASKS[key]));
    if (extra.length > 0) return [`${said} the model asked for ${listed(extra.map((key) => MISSING[key]))} too, which the backend does not need: ${listed(extra)} should not be required.`];
    return returnedAsAnswered(outcome);
  };
}

/** The definitions themselves: the backend's four tools, its parameter names, the cabin's values, what it requires. */
function matchesBackend(outcome: Outcome): string[] {
  const body = bodyOf(outcome);
  if (!body) return oneCall(outcome);
  const tools = Array.isArray(body.tools) ? body.tools : [];
  if (tools.length === 0) return ['The request offers no tools: send the tools array with every request.'];
  const problems: string[] = [];
  for (const tool of tools) if (!Object.hasOwn(BACKEND, tool.name)) problems.push(`There is a tool "${tool.name}", but the backend has no such function: its tools are ${Object.keys(BACKEND).join(', ')}.`);
  for (const [name, backend] of Object.entries(BACKEND)) {
    const tool = tools.find((candidate) => candidate.name === name);
    if (!tool) {
      problems.push(`There is no ${name} tool.`);
      continue;
    }
    if (typeof tool.description !== 'string' || tool.description.trim() === '') problems.push(`${name} has no description: the model chooses tools by their descriptions.`);
    const properties = tool.input_schema?.properties ?? {};
    for (const key of Object.keys(properties)) if (!(backend.params as string[]).includes(key)) problems.push(`${name}'s schema has a property "${key}", which the backend does not take: its parameters are ${backend.params.join(', ')}.`);
    for (const key of backend.params) if (!Object.hasOwn(properties, key)) problems.push(`${name}'s schema has no "${key}" property.`);
    const required = Array.isArray(tool.input_schema?.required) ? tool.input_schema.required : [];
    if (json([...required].sort()) !== json([...backend.required].sort())) {
      problems.push(`${name} requires ${required.length > 0 ? listed(required.map((key) => `"${key}"`)) : 'nothing'}; it should require exactly what the backend cannot do without: ${listed(backend.required.map((key) => `"${key}"`))}.`);
    }
    const cabin = properties.cabin;
    if (name === 'search_flights' && cabin && json([...(cabin.enum ?? [])].map(String).sort()) !== json([...CABINS].sort())) {
      problems.push(`search_flights' cabin should be an enum of exactly the backend's values, ${CABINS.join(', ')}, not ${cabin.enum ? json(cabin.enum) : 'free text'}.`);
    }
    const passengers = properties.passengers;
    if (name === 'search_flights' && passengers) {
      if (!typesOf(passengers).includes('integer')) problems.push(`search_flights' passengers is typed ${passengers.type === undefined ? 'not at all' : json(passengers.type)}; it should be "integer".`);
      const { minimum, maximum } = passengers as { minimum?: unknown; maximum?: unknown };
      if (minimum !== 1 || maximum !== 9) problems.push(`search_flights' passengers should have "minimum": 1 and "maximum": 9, what the backend accepts; it has ${minimum === undefined ? 'no minimum' : `minimum ${json(minimum)}`} and ${maximum === undefined ? 'no maximum' : `maximum ${json(maximum)}`}.`);
    }
  }
  return problems;
}

// ---- The travellers' messages ----

const LISBON = { kind: 'airport', written: 'Lisbon', code: 'LIS' } as const;
const OSLO = { kind: 'airport', written: 'Oslo', code: 'OSL' } as const;
const MARCH_14 = { kind: 'date', written: '14 March 2026', iso: '2026-03-14' } as const;
const REFERENCE = { kind: 'plain', written: 'QX7K2M' } as const;

const BUSINESS_TO_OSLO: Understanding = {
  message: 'Find me business class flights from Lisbon to Oslo on 14 March 2026 for two of us.',
  about: 'a flight search',
  topics: ['search', 'flights'],
  values: { origin: LISBON, destination: OSLO, date: MARCH_14, cabin: { kind: 'cabin', written: 'business class', id: 'business' }, passengers: { kind: 'count', written: 'two', count: 2 } },
};
const DELAYED: Understanding = {
  message: 'Is TP1351 on 3 April 2026 delayed?',
  about: "a flight's status",
  topics: ['status', 'flights'],
  values: { flight_number: { kind: 'plain', written: 'TP1351' }, date: { kind: 'date', written: '3 April 2026', iso: '2026-04-03' } },
};
const BAGS: Understanding = {
  message: 'How many bags can I check in on booking QX7K2M?',
  about: 'a question about a booking',
  topics: ['show', 'booking', 'bags'],
  values: { booking_reference: REFERENCE },
};
const CANCEL: Understanding = {
  message: 'Please cancel booking QX7K2M, the trip is off.',
  about: 'a cancellation',
  topics: ['cancel', 'booking'],
  values: { booking_reference: REFERENCE },
};
const WHAT_IT_COSTS: Understanding = {
  message: 'What would it cost me to cancel booking QX7K2M?',
  about: 'a question about what cancelling costs',
  topics: ['fees', 'booking', 'cancel'],
  values: { booking_reference: REFERENCE },
};
const NO_ORIGIN: Understanding = {
  message: 'Find me a flight to Oslo on 14 March 2026.',
  about: 'a flight search without an origin',
  topics: ['search', 'flights'],
  values: { destination: OSLO, date: MARCH_14 },
};
const PLAIN_SEARCH: Understanding = {
  message: 'Find me a flight from Lisbon to Oslo on 14 March 2026.',
  about: 'a flight search with no cabin or passengers',
  topics: ['search', 'flights'],
  values: { origin: LISBON, destination: OSLO, date: MARCH_14 },
};
const PREMIUM: Understanding = {
  message: 'Any premium economy seats from Berlin to Madrid on March 3rd, 2026?',
  about: 'a search for premium economy seats between two other cities, the date written another way',
  topics: ['search', 'flights'],
  values: {
    origin: { kind: 'airport', written: 'Berlin', code: 'BER' },
    destination: { kind: 'airport', written: 'Madrid', code: 'MAD' },
    date: { kind: 'date', written: 'March 3rd, 2026', iso: '2026-03-03' },
    cabin: { kind: 'cabin', written: 'premium economy', id: 'premium_economy' },
  },
};
const CANCEL_WITHOUT_REFERENCE: Understanding = {
  message: 'Cancel my booking, please.',
  about: 'a cancellation without the booking reference',
  topics: ['cancel', 'booking'],
  values: {},
};
const LEFT_THE_GATE: Understanding = {
  message: 'Has LH1167 left the gate yet? It flies on 20 April 2026.',
  about: "a question about a flight's status in other words",
  topics: ['status', 'flights'],
  values: { flight_number: { kind: 'plain', written: 'LH1167' }, date: { kind: 'date', written: '20 April 2026', iso: '2026-04-20' } },
};

const scenario = (name: string, understanding: Understanding, check: (outcome: Outcome) => string[], hidden = false) => ({
  name,
  ...(hidden ? { hidden: true } : {}),
  options: { message: understanding.message },
  respond: travelModel(understanding),
  check,
});

export const scenarios = [
  scenario('defines the backend\'s four tools, with its parameters, values and required ones', PLAIN_SEARCH, matchesBackend),
  scenario(
    'finds flights: airport codes, an ISO date, a cabin from the enum, a number of passengers',
    BUSINESS_TO_OSLO,
    expectCall(BUSINESS_TO_OSLO, 'search_flights', { origin: 'LIS', destination: 'OSL', date: '2026-03-14', cabin: 'business', passengers: 2 }),
  ),
  scenario('a question about a delay goes to get_flight_status, not the flight search', DELAYED, expectCall(DELAYED, 'get_flight_status', { flight_number: 'TP1351', date: '2026-04-03' })),
  scenario('a question about a booking goes to get_booking', BAGS, expectCall(BAGS, 'get_booking', { booking_reference: 'QX7K2M' })),
  scenario('cancels a booking when the traveller asks to', CANCEL, expectCall(CANCEL, 'cancel_booking', { booking_reference: 'QX7K2M' })),
  scenario('asking what cancelling would cost never cancels', WHAT_IT_COSTS, expectCall(WHAT_IT_COSTS, 'get_booking', { booking_reference: 'QX7K2M' })),
  scenario('asks where from, rather than guessing', NO_ORIGIN, expectQuestion(NO_ORIGIN, 'search_flights', 'origin')),
  scenario('searches without asking for a cabin or passengers the traveller did not name', PLAIN_SEARCH, expectCall(PLAIN_SEARCH, 'search_flights', { origin: 'LIS', destination: 'OSL', date: '2026-03-14' })),
  scenario(
    'premium economy between two other cities, the date written another way',
    PREMIUM,
    expectCall(PREMIUM, 'search_flights', { origin: 'BER', destination: 'MAD', date: '2026-03-03', cabin: 'premium_economy' }, true),
    true,
  ),
  scenario('a cancellation without the booking reference', CANCEL_WITHOUT_REFERENCE, expectQuestion(CANCEL_WITHOUT_REFERENCE, 'cancel_booking', 'booking_reference', true), true),
  scenario("a flight's status asked in other words", LEFT_THE_GATE, expectCall(LEFT_THE_GATE, 'get_flight_status', { flight_number: 'LH1167', date: '2026-04-20' }, true), true),
];
