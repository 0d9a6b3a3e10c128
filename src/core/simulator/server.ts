import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { firstTooDeep } from '../jsonDocument';
import { InvalidRequest, inputTokens, type MessagesRequest, requestFacts, validateMessagesRequest } from './messagesRequest';
import { type CachePlan, PromptCache } from './promptCache';
import { buildMessage, CitationError, type SimulatedMessage, type StreamEvent, streamEvents } from './response';
import { ECHO_SCENARIO, type Responder, ruleMatches, type Scenario, type ScenarioAnswer, scenarioAnswerSchema, type ScenarioError, type ScenarioRule } from './scenario';

/** One request and what the simulator did with it, for checks to assert on. */
export interface TraceEntry {
  index: number;
  /** The `request-id` header the answer carried (and an error body's `request_id`), as the SDK reports it. */
  requestId: string;
  /**
   * Milliseconds since the simulator started; with a `clock`, the virtual time the clock
   * stamps the request with (see core/check/learner/virtualClock.ts).
   */
  at: number;
  method: string;
  path: string;
  /** How the client authenticated, and the headers a check may care about. */
  auth: 'x-api-key' | 'bearer' | 'none';
  retryCount: number | undefined;
  anthropicVersion: string | undefined;
  /** The parsed body; undefined when it was not JSON, too large, or dropped from a bounded trace (`bodyDropped`). */
  body: unknown;
  /** The body's size in bytes, as received (counted, not kept, for one over the size limit). */
  bodyBytes: number;
  /** Set when a bounded trace let go of this body to keep its memory within bounds. */
  bodyDropped?: true;
  /** The rule that answered, by name or position, or the responder's answer by its name ("respond" when unnamed); undefined when none did. */
  rule: string | undefined;
  status: number;
  stream: boolean;
  /** The message sent (streamed or not), the count a count_tokens request got, or the error body. */
  response: SimulatedMessage | TokenCount | ErrorBody | undefined;
  fault?: 'drop' | 'drop-mid-stream';
}

/** What POST /v1/messages/count_tokens answers. */
interface TokenCount {
  input_tokens: number;
}

interface ErrorBody {
  type: 'error';
  error: { type: string; message: string };
  request_id: string;
}

/** The response header naming the simulator scenario that answered. */
export const SIMULATOR_HEADER = 'x-ai-practice-simulator';

export interface Simulator {
  url: string;
  port: number;
  /** The requests, in order: every one, or with `traceLimit` the latest (older bodies let go first). */
  trace: TraceEntry[];
  /** Requests received since it started, whatever the trace still holds. */
  readonly received: number;
  /** Requests it has received and not finished answering. */
  readonly inFlight: number;
  close(): Promise<void>;
}

/** The Messages API's request size limit: 32 MB. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;
/** How deep a request's JSON may nest; deeper is refused before it is parsed. */
export const MAX_NESTING = 256;
/** A simulator left running keeps the latest 500 requests, and at most 4 MiB of their bodies. */
const DEFAULT_TRACE_LIMIT = { entries: 500, bodyBytes: 4 * 1024 * 1024 };

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  408: 'timeout_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  502: 'api_error',
  503: 'api_error',
  504: 'api_error',
  529: 'overloaded_error',
};

const ERROR_MESSAGES: Record<string, string> = {
  rate_limit_error: 'Number of request tokens has exceeded your per-minute rate limit. Please wait and try again.',
  overloaded_error: 'Overloaded',
  api_error: 'Internal server error',
  authentication_error: 'invalid x-api-key',
  permission_error: 'Your API key does not have permission to use the specified resource.',
  not_found_error: 'Not found',
  timeout_error: 'Request timed out',
  request_too_large: 'Request exceeds the maximum allowed number of bytes.',
  invalid_request_error: 'Invalid request',
};

/**
 * A local server that speaks the Anthropic Messages API: `POST /v1/messages` (JSON or SSE),
 * `POST /v1/messages/count_tokens` and `GET /v1/models`, with the API's validation, error
 * bodies and headers. What the "model" says comes from `respond`, when given and it answers,
 * else from `scenario`'s rules; every request lands in `trace`. Listens on 127.0.0.1 only.
 */
export async function startSimulator(
  options: {
    scenario?: Scenario;
    /** Answers each request before the rules do (see Responder); with no scenario, a request it leaves has no rule. */
    respond?: Responder;
    port?: number;
    onRequest?: (entry: TraceEntry) => void;
    /** Where the scenario came from, e.g. its file. */
    scenarioName?: string;
    /**
     * A judge's virtual clock, which stamps each request (from a header the request carries).
     * Each answer then closes its connection, so a client waiting for nothing holds no socket.
     */
    clock?: (request: IncomingMessage) => number;
    /**
     * How much of the trace to keep: 'all' (a check, which judges every request of one short
     * run), or the latest `entries` with at most `bodyBytes` of request bodies, older bodies let
     * go first (a simulator left running: its memory stays flat however many requests come).
     */
    traceLimit?: 'all' | { entries: number; bodyBytes: number };
    /**
     * Awaited before each event of a streamed answer is written, and before a stream is broken
     * off ('drop'): a check's harness may hold the stream there, until the client has shown the
     * text that came, say. A hold that throws breaks the stream off as a dropped connection.
     */
    beforeStreamEvent?: (next: StreamEvent | 'drop') => Promise<void> | void;
  } = {},
): Promise<Simulator> {
  const scenario = options.scenario ?? (options.respond ? { model: ECHO_SCENARIO.model, rules: [] } : ECHO_SCENARIO);
  // Every answer says it came from a simulator and which scenario, so a recording made
  // against it can never pass for a model's answer.
  const identity = encodeURIComponent(options.scenarioName ?? (options.scenario || options.respond ? 'scenario' : 'echo'));
  const started = performance.now();
  const trace: TraceEntry[] = [];
  const fired = new Map<ScenarioRule, number>();
  const promptCache = new PromptCache();
  const sockets = new Set<Socket>();
  const entries = new WeakMap<IncomingMessage, TraceEntry>();
  const limit = options.traceLimit ?? DEFAULT_TRACE_LIMIT;
  /** Entries whose body is kept, oldest first, and the bytes they hold: what a bounded trace lets go of. */
  const withBodies: TraceEntry[] = [];
  let bodyBytesKept = 0;
  let handled = 0;
  let requests = 0;
  let inFlight = 0;
  let messages = 0;
  let toolUses = 0;

  const server = createServer((request, response) => {
    requests++;
    inFlight++;
    response.once('close', () => inFlight--);
    if (options.clock) response.shouldKeepAlive = false;
    const requestId = `req_sim_${String(requests).padStart(6, '0')}`;
    response.setHeader('request-id', requestId);
    response.setHeader(SIMULATOR_HEADER, identity);
    void readBody(request, MAX_BODY_BYTES)
      .then((body) => handle(request, response, body, requestId))
      .catch((error: unknown) => {
        sendError(response, 500, 'api_error', `The simulator failed: ${error instanceof Error ? error.message : String(error)}`, requestId);
      })
      .finally(() => {
        const entry = entries.get(request);
        if (entry && options.onRequest) options.onRequest(entry);
      });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  /** A bounded trace lets go of its oldest entries (and, with them, their bodies' bytes). */
  function keepEntriesWithinLimit(): void {
    if (limit === 'all' || trace.length <= limit.entries) return;
    trace.splice(0, trace.length - limit.entries);
    const oldestKept = (trace[0] as TraceEntry).index;
    while (withBodies.length > 0 && (withBodies[0] as TraceEntry).index < oldestKept) bodyBytesKept -= (withBodies.shift() as TraceEntry).bodyBytes;
  }

  /** A bounded trace keeps at most its limit of body bytes: the oldest bodies go first (the newest always stays). */
  function keepBody(entry: TraceEntry, body: unknown): void {
    entry.body = body;
    if (limit === 'all') return;
    withBodies.push(entry);
    bodyBytesKept += entry.bodyBytes;
    while (bodyBytesKept > limit.bodyBytes && withBodies.length > 1) {
      const oldest = withBodies.shift() as TraceEntry;
      bodyBytesKept -= oldest.bodyBytes;
      oldest.body = undefined;
      oldest.bodyDropped = true;
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse, received: ReceivedBody, requestId: string): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const authorization = request.headers.authorization;
    const entry: TraceEntry = {
      index: handled++,
      requestId,
      at: options.clock ? options.clock(request) : Math.round(performance.now() - started),
      method: request.method ?? 'GET',
      path: url.pathname,
      auth: request.headers['x-api-key'] ? 'x-api-key' : authorization?.startsWith('Bearer ') ? 'bearer' : 'none',
      retryCount: request.headers['x-stainless-retry-count'] === undefined ? undefined : Number(request.headers['x-stainless-retry-count']),
      anthropicVersion: header(request, 'anthropic-version'),
      body: undefined,
      bodyBytes: received.bytes,
      rule: undefined,
      status: 0,
      stream: false,
      response: undefined,
    };
    trace.push(entry);
    keepEntriesWithinLimit();
    entries.set(request, entry);
    const fail = (status: number, message?: string, type = ERROR_TYPES[status] ?? 'api_error'): void => {
      const body = sendError(response, status, type, message ?? ERROR_MESSAGES[type] ?? 'Error', requestId);
      entry.status = status;
      entry.response = body;
    };

    if (entry.auth === 'none') return fail(401, 'x-api-key header is required');
    const route = `${entry.method} ${url.pathname}`;
    if (route === 'GET /v1/models') return sendModels(response, entry, scenario.model);
    if (entry.method === 'GET' && url.pathname.startsWith('/v1/models/')) {
      const id = decodeURIComponent(url.pathname.slice('/v1/models/'.length));
      if (id !== scenario.model) return fail(404, `model: ${id}`);
      return sendJson(response, entry, 200, modelInfo(id));
    }
    if (route !== 'POST /v1/messages' && route !== 'POST /v1/messages/count_tokens') return fail(404, `Not found: ${route}`);
    // Counted as it streamed in and never kept: a body over the API's limit costs no memory.
    if (received.text === undefined) return fail(413, `Request exceeds the maximum allowed number of bytes (${MAX_BODY_BYTES / 1024 / 1024} MB); this one is ${received.bytes} bytes.`);
    if (!entry.anthropicVersion) return fail(400, 'anthropic-version: header is required');
    const contentType = header(request, 'content-type') ?? '';
    if (!/^application\/json\b/i.test(contentType.trim())) return fail(400, `The request body must be JSON, sent with content-type: application/json${contentType ? `; it was sent as ${contentType}` : ''}.`);
    // A scan before the parse: what a body nested thousands deep would overflow comes after it.
    const tooDeep = firstTooDeep(received.text, MAX_NESTING);
    if (tooDeep !== undefined) return fail(400, `The request body is nested more than ${MAX_NESTING} levels deep (at byte ${tooDeep}); the API takes no JSON that deep.`);

    let body: unknown;
    try {
      body = JSON.parse(received.text);
    } catch (error) {
      return fail(400, `There was an error parsing the body of your request: ${error instanceof Error ? error.message : String(error)}`);
    }
    keepBody(entry, body);
    let valid: MessagesRequest;
    try {
      valid = validateMessagesRequest(body, { countOnly: route === 'POST /v1/messages/count_tokens', apiVersion: header(request, 'anthropic-version') });
    } catch (error) {
      if (error instanceof InvalidRequest) return fail(400, error.message);
      throw error;
    }
    if (route === 'POST /v1/messages/count_tokens') {
      const count: TokenCount = { input_tokens: inputTokens(valid) };
      entry.response = count;
      return sendJson(response, entry, 200, count);
    }

    entry.stream = valid.stream === true;
    const facts = requestFacts(valid);
    let answer: ScenarioAnswer | undefined;
    if (options.respond) {
      let given: unknown;
      try {
        given = options.respond(valid, facts);
      } catch (error) {
        response.setHeader('x-should-retry', 'false');
        return fail(500, `The simulator's responder failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (given !== undefined) {
        const parsed = scenarioAnswerSchema.safeParse(given);
        if (!parsed.success) {
          response.setHeader('x-should-retry', 'false');
          return fail(500, `The simulator's responder gave no usable answer: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'answer'}: ${issue.message}`).join('; ')}`);
        }
        answer = parsed.data;
        entry.rule = answer.name ?? 'respond';
      }
    }
    if (!answer) {
      const index = scenario.rules.findIndex((rule) => ruleMatches(rule, facts) && (rule.times === undefined || (fired.get(rule) ?? 0) < rule.times));
      const rule = scenario.rules[index];
      if (!rule) {
        response.setHeader('x-should-retry', 'false');
        return fail(500, `The simulator's scenario has no rule for this request (turn ${facts.turn}). Add one, or check what your code sent.`);
      }
      fired.set(rule, (fired.get(rule) ?? 0) + 1);
      entry.rule = rule.name ?? `rules[${index}]`;
      answer = rule;
    }
    // The cache is looked up as the request arrives; a delayed answer writes only when it starts.
    let cachePlan: CachePlan;
    try {
      cachePlan = promptCache.plan(valid, entry.at);
    } catch (error) {
      if (error instanceof InvalidRequest) return fail(400, error.message);
      throw error;
    }
    if (answer.delayMs) await delay(answer.delayMs, response);
    if (response.destroyed) return;

    if (answer.fault === 'drop' || (answer.fault === 'drop-mid-stream' && !entry.stream)) {
      entry.fault = 'drop';
      response.socket?.destroy();
      return;
    }
    if (answer.error && !(answer.error.midStream && entry.stream)) {
      applyErrorHeaders(response, answer.error);
      return fail(answer.error.status, answer.error.message, answer.error.type);
    }
    let message: SimulatedMessage;
    try {
      message = buildMessage(
        answer.reply ?? { content: [{ type: 'text', text: 'Partial answer before the failure' }] },
        valid,
        facts,
        { message: `msg_sim_${String(++messages).padStart(6, '0')}`, toolUse: () => `toolu_sim_${String(++toolUses).padStart(6, '0')}` },
        cachePlan.usage,
      );
    } catch (error) {
      if (!(error instanceof CitationError)) throw error;
      response.setHeader('x-should-retry', 'false');
      return fail(500, `The simulator's ${entry.rule === undefined ? 'answer' : `answer "${entry.rule}"`} ${error.message}.`);
    }
    promptCache.commit(cachePlan);
    entry.response = message;
    entry.status = 200;
    if (!entry.stream) return void sendJsonBody(response, 200, message);

    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const events = streamEvents(message);
    // A failure mid-stream comes after the first half of the events.
    const sent = answer.fault === 'drop-mid-stream' || answer.error?.midStream ? events.slice(0, Math.ceil(events.length / 2)) : events;
    let errorBody: ErrorBody | undefined;
    if (answer.error?.midStream) {
      const type = answer.error.type ?? ERROR_TYPES[answer.error.status] ?? 'api_error';
      errorBody = { type: 'error', error: { type, message: answer.error.message ?? ERROR_MESSAGES[type] ?? 'Error' }, request_id: requestId };
      sent.push({ event: 'error', data: errorBody });
    }
    const hold = options.beforeStreamEvent;
    const drop = (): void => {
      entry.fault = 'drop-mid-stream';
      response.socket?.destroy();
    };
    for (const event of sent) {
      if (hold) {
        try {
          await hold(event);
        } catch {
          return drop();
        }
        if (response.destroyed) return;
      }
      response.write(`event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`);
    }
    if (answer.fault === 'drop-mid-stream') {
      // Held first too: what was written reaches the client before the connection goes.
      if (hold) await Promise.resolve(hold('drop')).catch(() => undefined);
      return drop();
    }
    if (errorBody) entry.response = errorBody;
    response.end();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    trace,
    get received() {
      return requests;
    },
    get inFlight() {
      return inFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A request's body: its text, or none when it was over the size limit; its size in bytes either way. */
interface ReceivedBody {
  text: string | undefined;
  bytes: number;
}

/** Reads a body, keeping it only while it stays within `limit` bytes; past that it is counted and dropped. */
function readBody(request: IncomingMessage, limit: number): Promise<ReceivedBody> {
  return new Promise((resolve) => {
    const declared = Number(request.headers['content-length']);
    let over = Number.isFinite(declared) && declared > limit;
    let bytes = 0;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (!over && bytes > limit) {
        over = true;
        chunks.length = 0;
      }
      if (!over) chunks.push(chunk);
    });
    request.on('end', () => resolve({ text: over ? undefined : Buffer.concat(chunks).toString('utf8'), bytes }));
    request.on('error', () => resolve({ text: '', bytes }));
  });
}

/** Waits `ms`, or less if the client hangs up first. */
function delay(ms: number, response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    response.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function applyErrorHeaders(response: ServerResponse, error: ScenarioError): void {
  if (error.retryAfter !== undefined) response.setHeader('retry-after', String(error.retryAfter));
  if (error.shouldRetry !== undefined) response.setHeader('x-should-retry', String(error.shouldRetry));
}

function sendError(response: ServerResponse, status: number, type: string, message: string, requestId: string): ErrorBody {
  const body: ErrorBody = { type: 'error', error: { type, message }, request_id: requestId };
  sendJsonBody(response, status, body);
  return body;
}

function sendJsonBody(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent || response.destroyed) return;
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function sendJson(response: ServerResponse, entry: TraceEntry, status: number, body: unknown): void {
  entry.status = status;
  sendJsonBody(response, status, body);
}

function modelInfo(id: string): Record<string, unknown> {
  return { type: 'model', id, display_name: 'Claude (local simulator)', created_at: '2026-01-01T00:00:00Z' };
}

function sendModels(response: ServerResponse, entry: TraceEntry, model: string): void {
  sendJson(response, entry, 200, { data: [modelInfo(model)], has_more: false, first_id: model, last_id: model });
}
