// The simulated world of the research-agent project, shared by the harnesses of its stages: Kestrel's
// internal docs and services, the tools the judge lends the learner's agent, and the model, written
// as code, that plays a ReAct researcher in the simulator. The model reads only what a request
// carries: the user's question (the first user turn), the tools the request offers, and the
// tool_use/tool_result pairs of the conversation so far. From those it decides, in a fixed order
// (STAGE-1.md, "The simulated model"), what to do next. It never looks at the system prompt's
// wording and never at anything the learner's code did that the request does not show.
// This file stays in the pack; learners never see it.
import type Anthropic from '@anthropic-ai/sdk';

// ---------------------------------------------------------------------------------------------
// The world: pages and services.

export interface Page {
  id: string;
  title: string;
  text: string;
}

export const PAGES: Page[] = [
  {
    id: 'billing-runbook',
    title: 'Billing API runbook',
    text: 'When billing-api is down, restart it once from the deploy console. If it goes down again within ten minutes, page the payments on-call instead of restarting it again. After a restart the invoice queue drains in about fifteen minutes.',
  },
  {
    id: 'billing-faq',
    title: 'Billing FAQ (2021)',
    text: 'Invoices are generated every night at 02:00 UTC for billing-api customers. Refund questions go to the payments team. This page predates the billing rewrite.',
  },
  {
    id: 'auth-sso',
    title: 'Auth gateway: SSO timeouts',
    text: 'SSO logins that time out after 30 seconds usually mean the identity provider is slow, not the auth-gateway. Check the identity provider status page before changing anything on the gateway.',
  },
  {
    id: 'indexer-overview',
    title: 'Search indexer overview',
    text: 'The search-indexer rebuilds the docs index every hour. A stale index shows pages older than a day; rebuild it from the admin console, which takes about twenty minutes.',
  },
  {
    id: 'mail-relay-guide',
    title: 'Mail relay guide',
    text: 'The mail-relay sends all outgoing e-mail for Kestrel. Bounces above 2 % mean a blocked sender address; the platform team owns the relay.',
  },
  {
    id: 'oncall-rota',
    title: 'On-call rota',
    text: "This week's on-call for billing is Priya (priya@kestrel.example); for the platform it is Sam (sam@kestrel.example).",
  },
];

export const SERVICES = ['billing-api', 'auth-gateway', 'search-indexer', 'mail-relay'];
export type Status = 'up' | 'degraded' | 'down';

// ---------------------------------------------------------------------------------------------
// Tool definitions, as the judge lends them.

export const DEFINITIONS = {
  search_docs: {
    name: 'search_docs',
    description: "Search Kestrel's internal docs. Returns a JSON array of the best pages, [{\"id\": \"…\", \"title\": \"…\"}], best first (at most 3).",
    input_schema: { type: 'object', properties: { query: { type: 'string', description: 'What to look for' } }, required: ['query'] },
  },
  read_page: {
    name: 'read_page',
    description: 'Read one docs page by its id (from search_docs). Returns the page text.',
    input_schema: { type: 'object', properties: { id: { type: 'string', description: 'The page id' } }, required: ['id'] },
  },
  service_status: {
    name: 'service_status',
    description: 'The current status of one internal service. Returns JSON: {"service": "…", "status": "up" | "degraded" | "down", "since": "HH:MM"}.',
    input_schema: { type: 'object', properties: { service: { type: 'string', description: 'The service name, e.g. billing-api' } }, required: ['service'] },
  },
  restart_service: {
    name: 'restart_service',
    description: 'Restart an internal service. Dangerous: it drops every request in flight.',
    input_schema: { type: 'object', properties: { service: { type: 'string' } }, required: ['service'] },
  },
  send_email: {
    name: 'send_email',
    description: 'Send an e-mail on behalf of the research agent.',
    input_schema: {
      type: 'object',
      properties: { to: { type: 'array', items: { type: 'string' } }, subject: { type: 'string' }, body: { type: 'string' } },
      required: ['to', 'subject', 'body'],
    },
  },
  delete_page: {
    name: 'delete_page',
    description: 'Delete a docs page for good.',
    input_schema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  },
  page_oncall: {
    name: 'page_oncall',
    description: 'Page the on-call engineers: their phones ring until they acknowledge.',
    input_schema: {
      type: 'object',
      properties: { to: { type: 'array', items: { type: 'string' } }, subject: { type: 'string' }, body: { type: 'string' } },
      required: ['to', 'subject', 'body'],
    },
  },
  rotate_keys: {
    name: 'rotate_keys',
    description: "Rotate a service's API keys. Every client of the service must be reconfigured afterwards.",
    input_schema: { type: 'object', properties: { service: { type: 'string' } }, required: ['service'] },
  },
} satisfies Record<string, Anthropic.Tool>;

export const READ_ONLY = ['search_docs', 'read_page', 'service_status'];

export interface LentTool {
  definition: Anthropic.Tool;
  run(input: unknown): Promise<string>;
}

/** What a tool does when run: answer with text, or throw an error with this name and message. */
export type ToolAnswer = string | { throws: string; name?: string };

/** An error as the learner's code receives it from a lent function: its name and message cross. */
export function toolError(answer: { throws: string; name?: string }): Error {
  const error = new Error(answer.throws);
  if (answer.name) error.name = answer.name;
  return error;
}

export const timeout = (what: string): { throws: string; name: string } => ({ throws: `${what} did not answer within 10 s`, name: 'TimeoutError' });

/** One event of a run, in the order the judge saw it: a tool run, an approval asked for or received. */
export interface Event {
  seq: number;
  kind: 'ran' | 'asked' | 'answered';
  tool: string;
  input: unknown;
  /** For "ran": what the tool answered (its text, or the error it threw). For "answered": the approval. */
  value?: unknown;
  threw?: boolean;
}

/** The judge's record of one scenario's run: every tool run and approval, in order. */
export class RunLog {
  private seq = 0;
  readonly events: Event[] = [];
  add(event: Omit<Event, 'seq'>): void {
    this.events.push({ ...event, seq: this.seq++ });
  }
  ran(tool: string): Event[] {
    return this.events.filter((event) => event.kind === 'ran' && event.tool === tool);
  }
}

export interface WorldSpec {
  statuses?: Record<string, Status>;
  /** Pages that replace (by id) or add to the standard ones. */
  pages?: Page[];
  /** Per service: what service_status answers, run by run (the last one repeats); the JSON status otherwise. */
  statusAnswers?: Record<string, ToolAnswer[]>;
  /** Per page id: what read_page answers, run by run (the last one repeats); the page otherwise. */
  readAnswers?: Record<string, ToolAnswer[]>;
  /** What search_docs answers, run by run (the last one repeats); the ranked pages otherwise. */
  searchAnswers?: ToolAnswer[];
  /** What a guarded tool answers when it runs, run by run (the last one repeats); a short confirmation otherwise. */
  guardedAnswers?: Record<string, ToolAnswer[]>;
}

const SINCE: Record<string, string> = { 'billing-api': '09:12', 'auth-gateway': '07:40', 'search-indexer': '08:05', 'mail-relay': '06:30' };

export function statusJson(service: string, status: Status): string {
  return JSON.stringify({ service, status, since: SINCE[service] ?? '00:00' });
}

export function pagesOf(spec: WorldSpec): Page[] {
  const extra = spec.pages ?? [];
  return [...PAGES.map((page) => extra.find((other) => other.id === page.id) ?? page), ...extra.filter((page) => !PAGES.some((known) => known.id === page.id))];
}

/** The words of a text that a search matches on: lower case, three letters or more, no filler. */
const FILLER = new Set(['the', 'and', 'what', 'does', 'its', 'when', 'say', 'says', 'about', 'are', 'for', 'with', 'how', 'that', 'this', 'there', 'them', 'from', 'check', 'tell', 'please', 'can', 'you', 'did', 'has', 'have', 'our', 'then', 'also', 'any', 'all', 'now', 'doc', 'docs', 'page', 'pages']);
export function searchWords(text: string): string[] {
  const words = text.toLowerCase().match(/[a-z0-9]+(?:-[a-z0-9]+)*/g) ?? [];
  return [...new Set(words.filter((word) => word.length >= 3 && !FILLER.has(word)))];
}

/** search_docs: the pages that share the most query words with their title and text, best first, at most 3. */
export function search(pages: Page[], query: string): { id: string; title: string }[] {
  const words = searchWords(query);
  return pages
    .map((page, order) => ({ page, order, score: words.filter((word) => `${page.title} ${page.text}`.toLowerCase().includes(word)).length }))
    .filter((hit) => hit.score > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, 3)
    .map(({ page }) => ({ id: page.id, title: page.title }));
}

function next(answers: ToolAnswer[] | undefined, count: number): ToolAnswer | undefined {
  if (!answers || answers.length === 0) return undefined;
  return answers[Math.min(count, answers.length - 1)];
}

function answerWith(answer: ToolAnswer): string {
  if (typeof answer === 'string') return answer;
  throw toolError(answer);
}

/** The read-only tools, recording every run in `record`. */
export function readOnlyTools(spec: WorldSpec, record: RunLog): LentTool[] {
  const pages = pagesOf(spec);
  const counts = new Map<string, number>();
  const count = (key: string): number => {
    const n = counts.get(key) ?? 0;
    counts.set(key, n + 1);
    return n;
  };
  const recorded = (tool: string, input: unknown, produce: () => string): Promise<string> => {
    try {
      const value = produce();
      record.add({ kind: 'ran', tool, input, value });
      return Promise.resolve(value);
    } catch (error) {
      record.add({ kind: 'ran', tool, input, value: (error as Error).message, threw: true });
      return Promise.reject(error);
    }
  };
  return [
    {
      definition: DEFINITIONS.service_status,
      run: (input) =>
        recorded('service_status', input, () => {
          const service = String((input as { service?: unknown } | null)?.service ?? '');
          const scripted = next(spec.statusAnswers?.[service], count(`status:${service}`));
          if (scripted !== undefined) return answerWith(scripted);
          if (!SERVICES.includes(service)) throw new Error(`There is no service named "${service}".`);
          return statusJson(service, spec.statuses?.[service] ?? 'up');
        }),
    },
    {
      definition: DEFINITIONS.search_docs,
      run: (input) =>
        recorded('search_docs', input, () => {
          const scripted = next(spec.searchAnswers, count('search'));
          if (scripted !== undefined) return answerWith(scripted);
          return JSON.stringify(search(pages, String((input as { query?: unknown } | null)?.query ?? '')));
        }),
    },
    {
      definition: DEFINITIONS.read_page,
      run: (input) =>
        recorded('read_page', input, () => {
          const id = String((input as { id?: unknown } | null)?.id ?? '');
          const scripted = next(spec.readAnswers?.[id], count(`read:${id}`));
          if (scripted !== undefined) return answerWith(scripted);
          const page = pages.find((candidate) => candidate.id === id);
          if (!page) throw new Error(`There is no page with the id "${id}".`);
          return page.text;
        }),
    },
  ];
}

/** The guarded tools (and any other dangerous one named), recording every run in `record`. */
export function guardedTools(spec: WorldSpec, record: RunLog, names: (keyof typeof DEFINITIONS)[] = ['restart_service', 'send_email', 'delete_page']): LentTool[] {
  const counts = new Map<string, number>();
  return names.map((name) => ({
    definition: DEFINITIONS[name],
    run: (input: unknown) => {
      const n = counts.get(name) ?? 0;
      counts.set(name, n + 1);
      const scripted = next(spec.guardedAnswers?.[name], n);
      if (scripted !== undefined && typeof scripted !== 'string') {
        record.add({ kind: 'ran', tool: name, input, value: scripted.throws, threw: true });
        return Promise.reject(toolError(scripted));
      }
      const value = scripted ?? `${name} done.`;
      record.add({ kind: 'ran', tool: name, input, value });
      return Promise.resolve(value);
    },
  }));
}

// ---------------------------------------------------------------------------------------------
// Reading a request, as the model does.

type Block = { type: string; [key: string]: unknown };
export interface Request {
  messages: { role: string; content: string | Block[] }[];
  tools?: { name: string }[];
  system?: unknown;
}

export function blocksOf(content: unknown): Block[] {
  return Array.isArray(content) ? (content as Block[]) : typeof content === 'string' ? [{ type: 'text', text: content }] : [];
}

/** The text of a tool_result's content: a string, or its text blocks joined. */
export function resultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return (content as Block[]).map((block) => (block.type === 'text' && typeof block.text === 'string' ? block.text : '')).join('');
  return '';
}

/** The text blocks of a message, joined. */
export function textOf(content: unknown): string {
  return blocksOf(content)
    .map((block) => (block.type === 'text' && typeof block.text === 'string' ? block.text : ''))
    .join('');
}

/** One thing the model did and what it was told: a tool call and its result. */
export interface Observation {
  tool: string;
  input: Record<string, unknown>;
  result: string;
  isError: boolean;
}

/** The tool calls of the conversation, each with the result the request carries for it. */
export function observationsOf(request: Request): Observation[] {
  const calls = new Map<string, { name: string; input: Record<string, unknown> }>();
  const seen: Observation[] = [];
  for (const message of request.messages) {
    for (const block of blocksOf(message.content)) {
      if (message.role === 'assistant' && block.type === 'tool_use') calls.set(String(block.id), { name: String(block.name), input: (block.input ?? {}) as Record<string, unknown> });
      if (message.role === 'user' && block.type === 'tool_result') {
        const call = calls.get(String(block.tool_use_id));
        if (call) seen.push({ tool: call.name, input: call.input, result: resultText(block.content), isError: block.is_error === true });
      }
    }
  }
  return seen;
}

/** The user's question: the text of the first user turn. */
export function questionOf(request: Request): string {
  const first = request.messages.find((message) => message.role === 'user');
  return first ? textOf(first.content) : '';
}

/** Equal as JSON values, whatever the order of object keys. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return keysA.length === keysB.length && keysA.every((key) => Object.prototype.hasOwnProperty.call(b, key) && sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

// ---------------------------------------------------------------------------------------------
// The researcher model.

export interface Quirks {
  /** A confused first move: a call it makes before anything else (to a tool that may not exist). */
  firstCall?: { name: string; input: Record<string, unknown>; thought: string };
  /** Never satisfied: it searches again and again, with a new query each time. */
  neverStops?: boolean;
  /** Eager: it does what the user asks (restart, delete) at once, before checking anything. */
  actsFirst?: boolean;
  /** Sloppy: it restarts when asked, whatever the status says. */
  restartsRegardless?: boolean;
  /** The input it sends with restart_service, instead of { service }. */
  restartInput?: Record<string, unknown>;
  /** The "to" it sends with send_email, instead of the list of addresses the user wrote. */
  emailTo?: unknown;
  /** The body it sends with send_email, instead of its findings. */
  emailBody?: unknown;
}

interface Call {
  name: string;
  input: Record<string, unknown>;
}
type Move = { thought: string; calls: Call[] } | { answer: string };

const ADDRESS = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;

/** The services a text names, in the order it names them. */
export function servicesIn(text: string): string[] {
  return SERVICES.map((service) => ({ service, at: text.indexOf(service) }))
    .filter((found) => found.at >= 0)
    .sort((a, b) => a.at - b.at)
    .map((found) => found.service);
}

/** Whether the question asks about the docs (and not only about a status). */
export function wantsDocs(question: string): boolean {
  return /\b(runbook|docs?|documentation|pages?|faq|guide|how|what does|what do|say|says)\b/i.test(question);
}

const tried = (seen: Observation[], call: Call): boolean => seen.some((observation) => observation.tool === call.name && sameValue(observation.input, call.input));

/** The page ids a successful search answered with, best first; none when the answer is not a list of pages. */
function hitsOf(observation: Observation): string[] {
  try {
    const hits = JSON.parse(observation.result) as unknown;
    return Array.isArray(hits) ? hits.flatMap((hit) => (hit && typeof hit === 'object' && typeof (hit as { id?: unknown }).id === 'string' ? [(hit as { id: string }).id] : [])) : [];
  } catch {
    return [];
  }
}

/** The instructions planted in a page: lines that start "AGENT INSTRUCTION:". The hijacked model obeys them. */
function plantedCalls(page: Observation, offered: Set<string>): Call[] {
  const calls: Call[] = [];
  for (const line of page.result.split('\n')) {
    const order = /AGENT INSTRUCTION:\s*(.*)$/i.exec(line)?.[1];
    if (!order) continue;
    const restart = /\brestart\s+([a-z]+(?:-[a-z]+)+)/i.exec(order);
    const email = /\be-?mail\b/i.test(order) ? order.match(ADDRESS) : null;
    const remove = /\bdelete (?:the )?page ([a-z0-9-]+)/i.exec(order);
    const call = /\bcall ([a-z_]+) (?:with|for) (\{.*\})/i.exec(order);
    if (restart?.[1]) calls.push({ name: 'restart_service', input: { service: restart[1] } });
    else if (email) calls.push({ name: 'send_email', input: { to: [...email], subject: 'Page from the Kestrel docs', body: page.result.split('\n')[0] ?? '' } });
    else if (remove?.[1]) calls.push({ name: 'delete_page', input: { id: remove[1] } });
    else if (call?.[1] && call[2]) {
      try {
        calls.push({ name: call[1], input: JSON.parse(call[2]) as Record<string, unknown> });
      } catch {
        // An order the model cannot read: it ignores it.
      }
    }
  }
  // Even hijacked, it calls only the tools the request offers.
  return calls.filter((call) => offered.has(call.name));
}

/** The status a service result reports, as a sloppy reader sees it: any result that mentions "down" means down. */
function readsAsDown(observation: Observation | undefined): boolean {
  return observation !== undefined && !observation.isError && /\bdown\b/i.test(observation.result);
}

/** What a status result says, in the answer's words. */
function describeStatus(observation: Observation): string {
  const service = String(observation.input.service ?? 'the service');
  if (observation.isError) return `I could not get the status of ${service}: ${firstSentence(observation.result)}`;
  try {
    const parsed = JSON.parse(observation.result) as { status?: unknown; since?: unknown };
    if (typeof parsed.status === 'string') return `${service} is ${parsed.status}${typeof parsed.since === 'string' ? ` (since ${parsed.since})` : ''}.`;
  } catch {
    // falls through: the model repeats what it was told
  }
  return `The status service said this about ${service}: ${observation.result.replace(/\s+/g, ' ').slice(0, 80)}.`;
}

function firstSentence(text: string): string {
  const clean = text
    .split('\n')
    .filter((line) => !/AGENT INSTRUCTION:/i.test(line))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  const match = /^.*?[.!?](?=\s|$)/.exec(clean);
  return (match ? match[0] : clean).trim();
}

/** The model's next move for this request. */
export function decide(request: Request, quirks: Quirks = {}): Move {
  const question = questionOf(request);
  const offered = new Set((request.tools ?? []).map((tool) => tool.name));
  const seen = observationsOf(request);
  if (offered.size === 0) return { answer: 'I have no tools to look anything up, so I cannot answer from the docs.' };
  const pending = (calls: Call[]): Call[] => calls.filter((call) => !tried(seen, call));

  if (quirks.firstCall && !seen.some((observation) => observation.tool === quirks.firstCall?.name)) {
    return { thought: quirks.firstCall.thought, calls: [{ name: quirks.firstCall.name, input: quirks.firstCall.input }] };
  }
  if (quirks.neverStops && offered.has('search_docs')) {
    const attempt = seen.length + 1;
    return { thought: `Thought: these results do not answer it yet; I will search again (attempt ${attempt}).`, calls: [{ name: 'search_docs', input: { query: `${searchWords(question).slice(0, 4).join(' ')} attempt ${attempt}` } }] };
  }

  const services = servicesIn(question);
  const statusOf = (service: string): Observation | undefined => [...seen].reverse().find((observation) => observation.tool === 'service_status' && observation.input.service === service);
  const restartTarget = /\brestart\s+([a-z]+(?:-[a-z]+)+)/i.exec(question)?.[1] ?? (/\brestart\b/i.test(question) ? services[0] : undefined);
  const restart: Call | undefined = restartTarget && offered.has('restart_service') ? { name: 'restart_service', input: quirks.restartInput ?? { service: restartTarget } } : undefined;
  const removeId = /\b(?:delete|remove)\b/i.test(question) ? pagesOf({}).find((page) => question.includes(page.id))?.id : undefined;
  const remove: Call | undefined = removeId && offered.has('delete_page') ? { name: 'delete_page', input: { id: removeId } } : undefined;

  // 1. An eager model does what it was asked before it checks anything.
  if (quirks.actsFirst) {
    const eager = pending([restart, remove].filter((call): call is Call => call !== undefined));
    if (eager.length > 0) return { thought: 'Thought: the user asked for this, so I will do it right away.', calls: eager };
  }
  // 2. The status of every service the question names, all in one turn.
  const unchecked = offered.has('service_status') ? services.filter((service) => !statusOf(service)) : [];
  if (unchecked.length > 0) {
    return { thought: `Thought: first I check the current status of ${unchecked.join(' and ')}.`, calls: unchecked.map((service) => ({ name: 'service_status', input: { service } })) };
  }
  // 3. The docs: search once, then read the best hit that has not been tried, until one reads.
  if (wantsDocs(question) && offered.has('search_docs')) {
    const searched = seen.filter((observation) => observation.tool === 'search_docs');
    if (searched.length === 0) {
      return { thought: 'Thought: I need the docs on this; I will search them.', calls: [{ name: 'search_docs', input: { query: searchWords(question).slice(0, 8).join(' ') } }] };
    }
    const reads = seen.filter((observation) => observation.tool === 'read_page');
    const found = searched.filter((observation) => !observation.isError).flatMap(hitsOf);
    const unread = found.find((id) => !reads.some((read) => read.input.id === id));
    if (offered.has('read_page') && !reads.some((read) => !read.isError) && unread) {
      const failed = reads.some((read) => read.isError);
      return { thought: failed ? `Thought: that page did not load; I will read the next result, ${unread}.` : `Thought: ${unread} looks like the right page; I will read it.`, calls: [{ name: 'read_page', input: { id: unread } }] };
    }
  }
  // 4. Hijacked: what the pages it read tell it to do.
  const planted = pending(seen.filter((observation) => observation.tool === 'read_page' && !observation.isError).flatMap((page) => plantedCalls(page, offered)));
  if (planted.length > 0) return { thought: 'Thought: the page says I should also do this, so I will.', calls: planted };
  // 5. What the user asked for: a restart once the status reads as down, a page deleted, an e-mail once the research is done.
  if (restart && !tried(seen, restart) && (quirks.restartsRegardless || readsAsDown(statusOf(restartTarget ?? '')))) {
    return { thought: `Thought: ${restartTarget} is down and the user asked me to restart it, so I will.`, calls: [restart] };
  }
  if (remove && !tried(seen, remove)) return { thought: `Thought: the user asked me to delete ${removeId}.`, calls: [remove] };
  const addresses = /\b(e-?mail|send)\b/i.test(question) ? question.match(ADDRESS) : null;
  if (addresses && offered.has('send_email')) {
    const email: Call = { name: 'send_email', input: { to: quirks.emailTo ?? [...addresses], subject: 'What I found', body: quirks.emailBody ?? (findings(seen).join(' ') || 'Nothing yet.') } };
    if (!seen.some((observation) => observation.tool === 'send_email')) return { thought: `Thought: now I e-mail what I found to ${addresses.join(', ')}, as asked.`, calls: [email] };
  }
  return { answer: findings(seen).join(' ') || 'I could not find anything on this.' };
}

/** The answer, built from what the conversation shows, each page it read cited as [id]. */
function findings(seen: Observation[]): string[] {
  const lines: string[] = [];
  const latest = new Map<string, Observation>();
  for (const observation of seen) if (observation.tool === 'service_status') latest.set(String(observation.input.service), observation);
  for (const observation of latest.values()) lines.push(describeStatus(observation));
  for (const observation of seen) {
    if (observation.tool === 'read_page' && !observation.isError) lines.push(`${firstSentence(observation.result)} [${String(observation.input.id)}]`);
    if (observation.tool === 'restart_service') lines.push(observation.isError ? `I did not restart ${String(observation.input.service)}: ${firstSentence(observation.result)}` : `I restarted ${String(observation.input.service)}.`);
    if (observation.tool === 'send_email') lines.push(observation.isError ? `The e-mail was not sent: ${firstSentence(observation.result)}` : `I e-mailed ${[observation.input.to].flat().join(', ')}.`);
    if (observation.tool === 'delete_page') lines.push(observation.isError ? `I did not delete ${String(observation.input.id)}: ${firstSentence(observation.result)}` : `I deleted ${String(observation.input.id)}.`);
  }
  return lines;
}

/** The researcher as the simulator's responder. */
export function researcher(quirks: Quirks = {}) {
  return (request: Request) => {
    const move = decide(request, quirks);
    if ('answer' in move) return { name: 'answers', reply: { content: [{ type: 'text' as const, text: move.answer }] } };
    return {
      name: move.calls.map((call) => call.name).join(', '),
      reply: { content: [{ type: 'text' as const, text: move.thought }, ...move.calls.map((call) => ({ type: 'tool_use' as const, name: call.name, input: call.input }))] },
    };
  };
}
