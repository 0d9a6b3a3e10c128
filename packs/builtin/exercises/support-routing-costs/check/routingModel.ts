// The simulated model of the support-routing-costs exercise: it routes a ticket right only when
// the request carries what the task needs, whatever its wording, order or layout:
//  1. the ticket, with the phrases that decide it (a ticket cut short or rewritten loses them);
//  2. the routing-table entry of the ticket's team, and for a hard ticket the precedence rule
//     that decides it (see handbookRules.ts), anywhere in the request, cached or not;
//  3. a model able to handle it: claude-haiku-4-5 gets the hard tickets wrong and says so.
// It reasons aloud (a paragraph, then the JSON line) when the request asks for reasoning.
// This is content-word matching on the rules' facts, not understanding: a rule stated in other
// words than its facts' alternatives is not seen, and facts that stand together by chance count.
import { ENTRY_WINDOW, PRECEDENCE_RULES, type PrecedenceRuleId, ROUTING_ENTRIES, type Team } from './handbookRules';
import { CHEAP_MODEL_MISTAKES, type WorkloadTicket } from './tickets';

export const CHEAP_MODEL = 'claude-haiku-4-5';
export const STRONG_MODELS = ['claude-sonnet-4-6', 'claude-sonnet-4-5', 'claude-opus-4-6', 'claude-opus-4-5'];

/** The fewest words of a ticket, in a row, that say which ticket a request is about. */
const IDENTIFYING_RUN = 5;
/** The fewest words of a ticket, in a row, that count as carrying that part of it. */
const CARRYING_RUN = 4;
/** Words that, up to four words before a request for reasoning in the same sentence, turn it down ("no explanation", "don't think aloud"). */
const NEGATIONS = new Set(['no', 'not', 't', 'never', 'without', 'skip', 'omit', 'avoid', 'don', 'dont', 'nothing']);
/** What asks for JSON: the model answers in a sentence otherwise. */
const JSON_CUES = ['json'];
/** An object with a "team" key, shown as the answer's shape. */
const JSON_SHAPE = /\{\s*"team"\s*:/;
/** What asks for reasoning. */
const REASONING_CUES = ['step by step', 'think', 'reasoning', 'reason', 'explain', 'explanation', 'justify', 'justification', 'rationale', 'walk through', 'chain of thought', 'show your work', 'thought process'];

/**
 * A word as the model compares words: lower case, letters and digits only, without a simple
 * ending: plural "s"/"es"/"ies", "ing", "ed" and a final "e" ("charges", "charged" and
 * "charging" are all "charg").
 */
export function stem(word: string): string {
  if (/^\d/.test(word)) return word;
  let w = word;
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && /(ss|x|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

const WORD = /[\p{L}\p{N}]+/gu;
const ASCII_WORD = /[a-z0-9]+/g;

/** The words of `text`, compared as stem() says, each with where it ends in the text. */
export function words(text: string): { stems: string[]; ends: number[] } {
  const stems: string[] = [];
  const ends: number[] = [];
  // Accents go (é is e); plain ASCII, most text here, takes the quicker way.
  const ascii = !/[^\x00-\x7f]/.test(text);
  const plain = (ascii ? text : text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '')).toLowerCase();
  for (const match of plain.matchAll(ascii ? ASCII_WORD : WORD)) {
    stems.push(stem(match[0]));
    ends.push(match.index + match[0].length);
  }
  return { stems, ends };
}

/**
 * A passage is a sentence or a list item: the text splits after ". ", "! ", "? " or "; ", at a
 * blank line, and before a line that starts a list item, a table row or a heading.
 */
const PASSAGE_BREAK = /(?<=[.!?;])\s+|\n\s*\n|\n(?=\s*(?:[-*+•|#]|\d+[.)]\s))/;

/** One text block's words, worked out once per distinct text (a cached system prompt comes back every call). */
interface Segment {
  stems: string[];
  /** The passage of each word, counted from 0 within the block. */
  passages: number[];
  passageCount: number;
  index: Map<string, number[]>;
  /** Each ticket's stretches in this block, by the ticket's place in the workload; found when first needed. */
  runs?: Run[][];
}

/** A request's words, in order: the system prompt, then every message's text. */
interface RequestWords {
  stems: string[];
  segments: { segment: Segment; offset: number; passageBase: number }[];
  /** Where the last user message's words start and end. */
  lastUser: [number, number];
  /** Words that are the ticket's own, which no rule or request for reasoning may use. */
  masked: Uint8Array;
}

interface Run {
  ticketStart: number;
  at: number;
  length: number;
}

interface PreparedTicket {
  ticket: WorkloadTicket;
  stems: string[];
  ends: number[];
  /** Each decisive fact as its alternatives, each a range of the ticket's words. */
  decisive: [number, number][][];
}

/** What the model was asked, as far as the harness needs it: the request body after the simulator validated it. */
export interface RoutingRequest {
  model: string;
  system?: string | RequestBlock[];
  messages: { role: 'user' | 'assistant'; content: string | RequestBlock[] }[];
}

type RequestBlock = { type: string; text?: unknown; source?: unknown };

export interface RoutingAnswer {
  ticket: string | undefined;
  team: string;
  confidence: 'high' | 'low';
  reasoning: boolean;
  /** How to answer: JSON only when the request asks for JSON (by name or by its shape). */
  format: { json: boolean };
  /** The ticket's opening, as far as the request carries it, for a reasoning paragraph to quote. */
  quote: string;
  /** Why, for the simulator's trace. */
  why: string;
}

export function createRouter(tickets: WorkloadTicket[], handbook: string) {
  const handbookText = ` ${words(handbook).stems.join(' ')} `;
  const segmentCache = new Map<string, Segment>();
  const prepared: PreparedTicket[] = tickets.map((ticket) => {
    const { stems, ends } = words(ticket.text);
    const decisive = ticket.decisive.map((alternatives) =>
      alternatives.map((phrase): [number, number] => {
        const wanted = words(phrase).stems;
        const at = findPhrase(stems, wanted);
        if (at < 0) throw new Error(`${ticket.id}: the decisive phrase "${phrase}" is not in the ticket`);
        return [at, at + wanted.length];
      }),
    );
    return { ticket, stems, ends, decisive };
  });
  const entryFacts = Object.fromEntries(
    Object.entries(ROUTING_ENTRIES).map(([team, facts]) => [team, { name: words(team).stems, facts: facts.map(phrases) }]),
  ) as Record<Team, { name: string[]; facts: string[][][] }>;
  const ruleFacts = Object.fromEntries(Object.entries(PRECEDENCE_RULES).map(([id, rule]) => [id, rule.facts.map(phrases)])) as Record<PrecedenceRuleId, string[][][]>;
  const cues = phrases(REASONING_CUES);
  const jsonCues = phrases(JSON_CUES);

  function segmentOf(text: string): Segment {
    const cached = segmentCache.get(text);
    if (cached) {
      // Most recently used last, so the oldest goes first when the cache is full.
      segmentCache.delete(text);
      segmentCache.set(text, cached);
      return cached;
    }
    const segment: Segment = { stems: [], passages: [], passageCount: 0, index: new Map() };
    for (const passage of text.split(PASSAGE_BREAK)) {
      const { stems } = words(passage);
      if (stems.length === 0) continue;
      for (const word of stems) {
        segment.stems.push(word);
        segment.passages.push(segment.passageCount);
      }
      segment.passageCount++;
    }
    segment.index = indexOf(segment.stems);
    if (segmentCache.size >= 128) segmentCache.delete(segmentCache.keys().next().value as string);
    segmentCache.set(text, segment);
    return segment;
  }

  function requestWords(request: RoutingRequest): RequestWords {
    const segments: RequestWords['segments'] = [];
    let offset = 0;
    let passageBase = 0;
    const add = (text: string): void => {
      const segment = segmentOf(text);
      segments.push({ segment, offset, passageBase });
      offset += segment.stems.length;
      passageBase += segment.passageCount;
    };
    for (const text of textsOf(request.system)) add(text);
    const lastUserAt = request.messages.map((message) => message.role).lastIndexOf('user');
    let lastUser: [number, number] = [0, 0];
    request.messages.forEach((message, at) => {
      const start = offset;
      for (const text of textsOf(message.content)) add(text);
      if (at === lastUserAt) lastUser = [start, offset];
    });
    const stems = ([] as string[]).concat(...segments.map((part) => part.segment.stems));
    return { stems, segments, lastUser, masked: new Uint8Array(stems.length) };
  }

  /** Every stretch of `ticket`'s words that `segment` carries in a row, at least CARRYING_RUN long and not quoted from the handbook. */
  function runsIn(ticket: PreparedTicket, segment: Segment): Run[] {
    const runs: Run[] = [];
    const { stems } = ticket;
    for (let i = 0; i < stems.length; i++) {
      for (const at of segment.index.get(stems[i] as string) ?? []) {
        if (i > 0 && at > 0 && segment.stems[at - 1] === stems[i - 1]) continue; // not where the stretch starts
        let length = 1;
        while (i + length < stems.length && segment.stems[at + length] === stems[i + length]) length++;
        if (length < Math.min(CARRYING_RUN, stems.length)) continue;
        if (handbookText.includes(` ${stems.slice(i, i + length).join(' ')} `)) continue;
        runs.push({ ticketStart: i, at, length });
      }
    }
    return runs;
  }

  /** The ticket's stretches in the whole request (a stretch never spans two text blocks). */
  function runsOf(place: number, said: RequestWords): Run[] {
    return said.segments.flatMap(({ segment, offset }) => {
      segment.runs ??= prepared.map((ticket) => runsIn(ticket, segment));
      return (segment.runs[place] ?? []).map((run) => ({ ...run, at: run.at + offset }));
    });
  }

  /** Where any of the phrases starts in the request, among words that are not the ticket's. */
  function positionsOf(alternatives: string[][], said: RequestWords): number[] {
    const found: number[] = [];
    for (const phrase of alternatives) {
      for (const { segment, offset } of said.segments) {
        for (const local of segment.index.get(phrase[0] ?? '') ?? []) {
          const at = local + offset;
          if (phrase.every((word, i) => said.stems[at + i] === word && !said.masked[at + i])) found.push(at);
        }
      }
    }
    return found;
  }

  function passageAt(said: RequestWords, at: number): number {
    let part = said.segments[0];
    for (const candidate of said.segments) if (candidate.offset <= at) part = candidate;
    return part ? part.passageBase + (part.segment.passages[at - part.offset] as number) : -1;
  }

  function answer(request: RoutingRequest): RoutingAnswer {
    const said = requestWords(request);
    // 1. Which ticket: the one the last user message carries last, else the one the request
    // carries last; of two that end together (tickets share a few words), the longer stretch.
    let best: { ticket: PreparedTicket; runs: Run[]; end: number; length: number; inLastUser: boolean } | undefined;
    prepared.forEach((ticket, place) => {
      const runs = runsOf(place, said);
      for (const run of runs) {
        if (run.length < Math.min(IDENTIFYING_RUN, ticket.stems.length)) continue;
        const end = run.at + run.length;
        const inLastUser = run.at >= said.lastUser[0] && end <= said.lastUser[1];
        const better =
          !best ||
          (inLastUser && !best.inLastUser) ||
          (inLastUser === best.inLastUser && (end > best.end || (end === best.end && run.length > best.length)));
        if (better) best = { ticket, runs, end, length: run.length, inLastUser };
      }
    });
    // The instructions are everything but the ticket's own words.
    const found = best as typeof best | undefined;
    for (const run of found?.runs ?? []) said.masked.fill(1, run.at, run.at + run.length);
    const reasoning = asksForReasoning(said);
    // JSON is asked for by name, or by showing its shape ({"team": …}); tickets hold no braces.
    const shown = [...textsOf(request.system), ...request.messages.flatMap((message) => textsOf(message.content))].some((text) => JSON_SHAPE.test(text));
    const format = { json: shown || positionsOf(jsonCues, said).length > 0 };
    if (!found) return { ticket: undefined, team: 'unknown', confidence: 'low', reasoning, format, quote: '', why: 'no ticket in the request' };
    const { ticket } = found.ticket;
    const model = modelTier(request.model);
    const surface = CHEAP_MODEL_MISTAKES[ticket.id];

    const carried = new Array<boolean>(found.ticket.stems.length).fill(false);
    for (const run of found.runs) carried.fill(true, run.ticketStart, run.ticketStart + run.length);
    const missing = found.ticket.decisive.findIndex((alternatives) => !alternatives.some(([from, to]) => carried.slice(from, to).every(Boolean)));
    const prefix = carried.indexOf(false);
    const quoted = prefix < 0 ? ticket.text.length : prefix === 0 ? 0 : (found.ticket.ends[prefix - 1] as number);
    const base = { ticket: ticket.id, reasoning, format, quote: ticket.text.slice(0, Math.min(80, quoted)) };
    if (missing >= 0) {
      const phrase = ticket.decisive[missing]?.[0] ?? '';
      return surface
        ? { ...base, team: surface, confidence: 'high', why: `the ticket lacks "${phrase}"` }
        : { ...base, team: 'unknown', confidence: 'low', why: `the ticket lacks "${phrase}"` };
    }
    if (!entryPresent(ticket.team as Team, said)) return { ...base, team: 'unknown', confidence: 'low', why: `no routing-table entry for ${ticket.team}` };
    if (ticket.hard && model === 'cheap') return { ...base, team: surface ?? 'unknown', confidence: 'low', why: 'too hard for the cheap model' };
    const lacking = (ticket.precedence ?? []).find((alternatives) => !alternatives.some((id) => rulePresent(id, said)));
    if (lacking) return { ...base, team: surface ?? 'unknown', confidence: 'high', why: `no precedence rule ${lacking.join(' or ')}` };
    return { ...base, team: ticket.team, confidence: 'high', why: 'everything it needs' };
  }

  function entryPresent(team: Team, said: RequestWords): boolean {
    const { name, facts } = entryFacts[team];
    const factPositions = facts.map((alternatives) => positionsOf(alternatives, said));
    return positionsOf([name], said).some((at) => factPositions.every((positions) => positions.some((other) => Math.abs(other - at) <= ENTRY_WINDOW)));
  }

  function rulePresent(id: PrecedenceRuleId, said: RequestWords): boolean {
    const [first, ...rest] = ruleFacts[id].map((alternatives) => new Set(positionsOf(alternatives, said).map((at) => passageAt(said, at))));
    return [...(first ?? [])].some((passage) => rest.every((set) => set.has(passage)));
  }

  function asksForReasoning(said: RequestWords): boolean {
    return positionsOf(cues, said).some((at) => {
      const passage = passageAt(said, at);
      for (let before = Math.max(0, at - 4); before < at; before++) {
        if (!said.masked[before] && NEGATIONS.has(said.stems[before] as string) && passageAt(said, before) === passage) return false;
      }
      return true;
    });
  }

  return { answer };
}

function modelTier(model: string): 'cheap' | 'strong' | undefined {
  const is = (family: string): boolean => model === family || model.startsWith(`${family}-`);
  if (is(CHEAP_MODEL)) return 'cheap';
  return STRONG_MODELS.some(is) ? 'strong' : undefined;
}

export function playsModel(model: string): boolean {
  return modelTier(model) !== undefined;
}

function phrases(alternatives: string[]): string[][] {
  return alternatives.map((phrase) => words(phrase).stems);
}

/** The text a model reads in a system prompt or a message: text blocks, and documents given as plain text. */
function textsOf(content: RoutingRequest['system'] | RoutingRequest['messages'][number]['content']): string[] {
  if (content === undefined) return [];
  if (typeof content === 'string') return [content];
  return content.flatMap((block) => {
    if (block.type === 'text' && typeof block.text === 'string') return [block.text];
    const source = block.source as { type?: unknown; data?: unknown } | undefined;
    if (block.type === 'document' && source?.type === 'text' && typeof source.data === 'string') return [source.data];
    return [];
  });
}

function indexOf(stems: string[]): Map<string, number[]> {
  const index = new Map<string, number[]>();
  stems.forEach((word, at) => {
    if (word === '') return;
    const positions = index.get(word);
    if (positions) positions.push(at);
    else index.set(word, [at]);
  });
  return index;
}

function findPhrase(stems: string[], phrase: string[]): number {
  for (let at = 0; at + phrase.length <= stems.length; at++) if (phrase.every((word, i) => stems[at + i] === word)) return at;
  return -1;
}
