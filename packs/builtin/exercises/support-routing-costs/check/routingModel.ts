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
/** Words that, up to four words before a request for reasoning, turn it down ("no explanation", "don't think aloud"). */
const NEGATIONS = new Set(['no', 'not', 't', 'never', 'without', 'skip', 'omit', 'avoid', 'don', 'dont', 'nothing']);
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

/** The words of `text`, compared as stem() says, each with where it ends in the text. */
export function words(text: string): { stems: string[]; ends: number[] } {
  const stems: string[] = [];
  const ends: number[] = [];
  for (const match of text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().matchAll(WORD)) {
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

interface PieceWords {
  stems: string[];
  /** The passage of each word, counted from 0 within the piece. */
  passages: number[];
  passageCount: number;
}

/** A request's words, in order: the system prompt, then every message's text. */
interface RequestWords {
  stems: string[];
  passages: number[];
  /** Where the last user message's words start and end. */
  lastUser: [number, number];
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
  system?: string | { type: string; text?: unknown }[];
  messages: { role: 'user' | 'assistant'; content: string | { type: string; text?: unknown }[] }[];
}

export interface RoutingAnswer {
  ticket: string | undefined;
  team: string;
  confidence: 'high' | 'low';
  reasoning: boolean;
  /** The ticket's opening, as far as the request carries it, for a reasoning paragraph to quote. */
  quote: string;
  /** Why, for the simulator's trace. */
  why: string;
}

export function createRouter(tickets: WorkloadTicket[], handbook: string) {
  const handbookText = ` ${words(handbook).stems.join(' ')} `;
  const pieceCache = new Map<string, PieceWords>();
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

  function piece(text: string): PieceWords {
    let cached = pieceCache.get(text);
    if (!cached) {
      cached = { stems: [], passages: [], passageCount: 0 };
      for (const passage of text.split(PASSAGE_BREAK)) {
        const { stems } = words(passage);
        if (stems.length === 0) continue;
        for (const word of stems) {
          cached.stems.push(word);
          cached.passages.push(cached.passageCount);
        }
        cached.passageCount++;
      }
      if (pieceCache.size > 64) pieceCache.clear();
      pieceCache.set(text, cached);
    }
    return cached;
  }

  function requestWords(request: RoutingRequest): RequestWords {
    const all: RequestWords = { stems: [], passages: [], lastUser: [0, 0] };
    let passageBase = 0;
    const add = (text: string): void => {
      const split = piece(text);
      for (let i = 0; i < split.stems.length; i++) {
        all.stems.push(split.stems[i] as string);
        all.passages.push(passageBase + (split.passages[i] as number));
      }
      passageBase += split.passageCount;
    };
    for (const text of textsOf(request.system)) add(text);
    const lastUser = request.messages.map((message) => message.role).lastIndexOf('user');
    request.messages.forEach((message, index) => {
      const start = all.stems.length;
      for (const text of textsOf(message.content)) add(text);
      if (index === lastUser) all.lastUser = [start, all.stems.length];
    });
    return all;
  }

  /** Every stretch of `ticket`'s words that the request carries in a row, at least CARRYING_RUN long and not quoted from the handbook. */
  function runsOf(ticket: PreparedTicket, request: RequestWords, index: Map<string, number[]>): Run[] {
    const runs: Run[] = [];
    const { stems } = ticket;
    for (let i = 0; i < stems.length; i++) {
      for (const at of index.get(stems[i] as string) ?? []) {
        if (i > 0 && at > 0 && request.stems[at - 1] === stems[i - 1]) continue; // not where the stretch starts
        let length = 1;
        while (i + length < stems.length && request.stems[at + length] === stems[i + length]) length++;
        if (length < Math.min(CARRYING_RUN, stems.length)) continue;
        if (handbookText.includes(` ${stems.slice(i, i + length).join(' ')} `)) continue;
        runs.push({ ticketStart: i, at, length });
      }
    }
    return runs;
  }

  function answer(request: RoutingRequest): RoutingAnswer {
    const said = requestWords(request);
    const index = indexOf(said.stems);
    // 1. Which ticket: the one the last user message carries last, else the one the request carries last.
    let best: { ticket: PreparedTicket; runs: Run[]; end: number; inLastUser: boolean } | undefined;
    for (const ticket of prepared) {
      const runs = runsOf(ticket, said, index);
      for (const run of runs) {
        if (run.length < Math.min(IDENTIFYING_RUN, ticket.stems.length)) continue;
        const end = run.at + run.length;
        const inLastUser = run.at >= said.lastUser[0] && end <= said.lastUser[1];
        if (!best || (inLastUser && !best.inLastUser) || (inLastUser === best.inLastUser && end > best.end)) best = { ticket, runs, end, inLastUser };
      }
    }
    // The instructions are everything but the ticket's own words.
    const instructions = [...said.stems];
    for (const run of best?.runs ?? []) instructions.fill('', run.at, run.at + run.length);
    const instructionIndex = indexOf(instructions);
    const reasoning = asksForReasoning(instructions, instructionIndex);
    if (!best) return { ticket: undefined, team: 'unknown', confidence: 'low', reasoning, quote: '', why: 'no ticket in the request' };
    const { ticket } = best.ticket;
    const model = modelTier(request.model);
    const surface = CHEAP_MODEL_MISTAKES[ticket.id];

    const carried = new Array<boolean>(best.ticket.stems.length).fill(false);
    for (const run of best.runs) carried.fill(true, run.ticketStart, run.ticketStart + run.length);
    const missing = best.ticket.decisive.findIndex((alternatives) => !alternatives.some(([from, to]) => carried.slice(from, to).every(Boolean)));
    const prefix = carried.indexOf(false);
    const quoted = prefix < 0 ? ticket.text.length : prefix === 0 ? 0 : (best.ticket.ends[prefix - 1] as number);
    const base = { ticket: ticket.id, reasoning, quote: ticket.text.slice(0, Math.min(80, quoted)) };
    if (missing >= 0) {
      const phrase = ticket.decisive[missing]?.[0] ?? '';
      return surface
        ? { ...base, team: surface, confidence: 'high', why: `the ticket lacks "${phrase}"` }
        : { ...base, team: 'unknown', confidence: 'low', why: `the ticket lacks "${phrase}"` };
    }
    if (!entryPresent(ticket.team as Team, instructions, instructionIndex)) {
      return { ...base, team: 'unknown', confidence: 'low', why: `no routing-table entry for ${ticket.team}` };
    }
    if (ticket.hard && model === 'cheap') return { ...base, team: surface ?? 'unknown', confidence: 'low', why: 'too hard for the cheap model' };
    const lacking = (ticket.precedence ?? []).find((alternatives) => !alternatives.some((id) => rulePresent(id, instructions, instructionIndex, said.passages)));
    if (lacking) return { ...base, team: surface ?? 'unknown', confidence: 'high', why: `no precedence rule ${lacking.join(' or ')}` };
    return { ...base, team: ticket.team, confidence: 'high', why: 'everything it needs' };
  }

  function entryPresent(team: Team, stems: string[], index: Map<string, number[]>): boolean {
    const { name, facts } = entryFacts[team];
    const factPositions = facts.map((alternatives) => positionsOf(alternatives, stems, index));
    return positionsOf([name], stems, index).some((at) => factPositions.every((positions) => positions.some((other) => Math.abs(other - at) <= ENTRY_WINDOW)));
  }

  function rulePresent(id: PrecedenceRuleId, stems: string[], index: Map<string, number[]>, passages: number[]): boolean {
    const [first, ...rest] = ruleFacts[id].map((alternatives) => new Set(positionsOf(alternatives, stems, index).map((at) => passages[at])));
    return [...(first ?? [])].some((passage) => rest.every((set) => set.has(passage)));
  }

  function asksForReasoning(stems: string[], index: Map<string, number[]>): boolean {
    return positionsOf(cues, stems, index).some((at) => !stems.slice(Math.max(0, at - 4), at).some((word) => NEGATIONS.has(word)));
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

function textsOf(content: RoutingRequest['system'] | RoutingRequest['messages'][number]['content']): string[] {
  if (content === undefined) return [];
  if (typeof content === 'string') return [content];
  return content.filter((block) => block.type === 'text' && typeof block.text === 'string').map((block) => block.text as string);
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

/** Where any of the phrases starts in `stems`. */
function positionsOf(alternatives: string[][], stems: string[], index: Map<string, number[]>): number[] {
  const found: number[] = [];
  for (const phrase of alternatives) {
    for (const at of index.get(phrase[0] ?? '') ?? []) if (phrase.every((word, i) => stems[at + i] === word)) found.push(at);
  }
  return found;
}

function findPhrase(stems: string[], phrase: string[]): number {
  for (let at = 0; at + phrase.length <= stems.length; at++) if (phrase.every((word, i) => stems[at + i] === word)) return at;
  return -1;
}
