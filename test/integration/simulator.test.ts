import Anthropic from '@anthropic-ai/sdk';
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { type Responder, scenarioSchema, type Scenario } from '../../src/core/simulator/scenario';
import { type Simulator, startSimulator } from '../../src/core/simulator/server';

const running: Simulator[] = [];
after(async () => {
  for (const simulator of running) await simulator.close();
});

async function simulate(scenario?: unknown): Promise<{ simulator: Simulator; client: Anthropic }> {
  const simulator = await startSimulator(scenario === undefined ? {} : { scenario: scenarioSchema.parse(scenario) as Scenario });
  running.push(simulator);
  return { simulator, client: new Anthropic({ apiKey: 'sk-ant-sim', baseURL: simulator.url, maxRetries: 0 }) };
}

const MODEL = 'claude-simulator-1';
/** The message in an API error body, as the API wrote it. */
const apiMessage = (error: InstanceType<typeof Anthropic.APIError>): string => (error.error as { error?: { message?: string } } | undefined)?.error?.message ?? '';
const ORDER_TOOL: Anthropic.Tool = {
  name: 'get_order',
  description: 'Look up an order by id',
  input_schema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
};
const TOOL_SCENARIO = {
  rules: [
    { name: 'ask for the order', when: { turn: 1 }, reply: { content: [{ type: 'text', text: 'Let me look that up.' }, { type: 'tool_use', name: 'get_order', input: { id: 'A-17' } }] } },
    { name: 'tool failed', when: { toolResult: { name: 'get_order', isError: true } }, reply: { content: [{ type: 'text', text: 'The lookup failed.' }] } },
    { name: 'answer', when: { toolResult: { name: 'get_order' } }, reply: { content: [{ type: 'text', text: 'Your order: {{toolResult}}' }] } },
  ],
};

describe('the Messages API simulator, through the real SDK', () => {
  it('answers a plain request, with the API\'s message shape, ids and usage', async () => {
    const { simulator, client } = await simulate();
    const message = await client.messages.create({ model: MODEL, max_tokens: 100, messages: [{ role: 'user', content: 'Hello there' }] });
    assert.equal(message.type, 'message');
    assert.equal(message.role, 'assistant');
    assert.match(message.id, /^msg_sim_\d+$/);
    assert.deepEqual(message.content, [{ type: 'text', text: 'You said: Hello there' }]);
    assert.equal(message.stop_reason, 'end_turn');
    assert.ok(message.usage.input_tokens > 0 && message.usage.output_tokens > 0);
    assert.equal(message.usage.cache_read_input_tokens, 0);
    const [entry] = simulator.trace;
    assert.equal(entry?.auth, 'bearer', 'SDK 1.x authenticates with a bearer token');
    assert.equal(entry?.anthropicVersion !== undefined, true);
    assert.equal(entry?.retryCount, 0);
  });

  it('streams the API\'s event sequence, which the SDK\'s helpers assemble into the same message', async () => {
    const { client } = await simulate({ rules: [{ reply: { content: [{ type: 'text', text: 'One two three four five six seven eight.' }, { type: 'tool_use', name: 'get_order', input: { id: 'A-17', notes: 'a longer input, split into several partial JSON deltas' } }] } }] });
    const stream = client.messages.stream({ model: MODEL, max_tokens: 500, tools: [ORDER_TOOL], messages: [{ role: 'user', content: 'Stream please' }] });
    const events: string[] = [];
    let text = '';
    stream.on('streamEvent', (event) => events.push(event.type));
    stream.on('text', (delta) => (text += delta));
    const message = await stream.finalMessage();
    assert.equal(text, 'One two three four five six seven eight.');
    assert.equal(message.stop_reason, 'tool_use');
    assert.deepEqual(message.content[1], { type: 'tool_use', id: (message.content[1] as Anthropic.ToolUseBlock).id, name: 'get_order', input: { id: 'A-17', notes: 'a longer input, split into several partial JSON deltas' } });
    assert.equal(events[0], 'message_start');
    assert.equal(events.at(-1), 'message_stop');
    assert.equal(events.at(-2), 'message_delta');
    assert.ok(events.filter((type) => type === 'content_block_delta').length > 4, 'text and tool input arrive in pieces');
  });

  it('plays a tool-use conversation from its scenario, conditioned on the tool results sent back', async () => {
    const { simulator, client } = await simulate(TOOL_SCENARIO);
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'Where is my order A-17?' }];
    const first = await client.messages.create({ model: MODEL, max_tokens: 500, tools: [ORDER_TOOL], messages });
    assert.equal(first.stop_reason, 'tool_use');
    const toolUse = first.content.find((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use');
    assert.ok(toolUse);
    messages.push({ role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'shipped on Monday' }] });
    const second = await client.messages.create({ model: MODEL, max_tokens: 500, tools: [ORDER_TOOL], messages });
    assert.deepEqual(second.content, [{ type: 'text', text: 'Your order: shipped on Monday' }]);
    assert.deepEqual(simulator.trace.map((entry) => entry.rule), ['ask for the order', 'answer']);

    messages[2] = { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'database down', is_error: true }] };
    const failed = await client.messages.create({ model: MODEL, max_tokens: 500, tools: [ORDER_TOOL], messages });
    assert.deepEqual(failed.content, [{ type: 'text', text: 'The lookup failed.' }]);
  });

  it('refuses invalid conversations with the API\'s 400 and message', async () => {
    const { client } = await simulate(TOOL_SCENARIO);
    const expectBadRequest = async (messages: unknown, pattern: RegExp, extra: Record<string, unknown> = {}) => {
      await assert.rejects(
        client.messages.create({ model: MODEL, max_tokens: 100, messages: messages as Anthropic.MessageParam[], ...extra }),
        (error: unknown) => error instanceof Anthropic.BadRequestError && error.status === 400 && pattern.test(apiMessage(error)) && /^req_sim_/.test(error.requestID ?? ''),
      );
    };
    await expectBadRequest([{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_nowhere', content: 'x' }] }], /unexpected `tool_use_id` found in `tool_result` blocks: toolu_nowhere/);
    await expectBadRequest(
      [{ role: 'user', content: 'hi' }, { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_order', input: {} }] }, { role: 'user', content: 'and?' }],
      /messages\.2: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_1/,
    );
    await expectBadRequest([{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }], /roles must alternate between "user" and "assistant", but found multiple "user" roles in a row/);
    await expectBadRequest([], /messages: at least one message is required/);
    // A history with tool blocks, well paired, and no tools in the request.
    const toolHistory = [
      { role: 'user', content: 'Where is A-17?' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_order', input: { id: 'A-17' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'shipped' }] },
    ];
    await expectBadRequest(toolHistory, /^Requests which include `tool_use` or `tool_result` blocks must define tools\.$/);
    await expectBadRequest(
      [toolHistory[0], toolHistory[1], { role: 'user', content: [{ type: 'text', text: 'here:' }, { type: 'tool_result', tool_use_id: 'toolu_1', content: 'shipped' }] }],
      /messages\.2: `tool_result` blocks must come first/,
      { tools: [ORDER_TOOL] },
    );
    await expectBadRequest(
      [toolHistory[0], { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_order', input: {} }, { type: 'tool_use', id: 'toolu_1', name: 'get_order', input: {} }] }, toolHistory[2]],
      /messages\.1\.content\.1: `tool_use` ids must be unique/,
      { tools: [ORDER_TOOL] },
    );
    await expectBadRequest([{ role: 'user', content: [{ type: 'text', text: '' }] }], /^messages: text content blocks must be non-empty$/);
    await expectBadRequest([{ role: 'user', content: 'Say hi' }, { role: 'assistant', content: 'Hi ' }], /final assistant content cannot end with trailing whitespace/);
    await expectBadRequest([{ role: 'user', content: 'hi' }], /tool_choice: may only be specified while providing tools/, { tool_choice: { type: 'any' } });
    await expectBadRequest([{ role: 'user', content: 'hi' }], /tool_choice: Tool 'track_parcel' not found/, { tools: [ORDER_TOOL], tool_choice: { type: 'tool', name: 'track_parcel' } });
    await expectBadRequest([{ role: 'user', content: 'hi' }], /tool_choice: Input tag does not match/, { tools: [ORDER_TOOL], tool_choice: { type: 'required' } });
    await expectBadRequest([{ role: 'user', content: 'hi' }], /tools\.0\.custom\.input_schema\.type: Input should be 'object'/, { tools: [{ name: 'get_order', input_schema: { properties: {} } }] });
    // A type that is not a JSON Schema type, at any depth, makes the schema invalid, as the API says.
    const invalidSchema = /^tools\.0\.custom\.input_schema: JSON schema is invalid\. It must match JSON Schema draft 2020-12/;
    for (const properties of [
      { to: { type: '', items: { type: 'string' } } },
      { to: { type: 'array', items: { type: '' } } },
      { subject: { type: 'text' } },
      { when: { anyOf: [{ type: 'string' }, { type: 'date' }] } },
      { to: { type: ['string', 'string'] } },
      { to: { type: [] } },
    ]) {
      await expectBadRequest([{ role: 'user', content: 'hi' }], invalidSchema, { tools: [{ name: 'send_email', input_schema: { type: 'object', properties } }] });
    }
    await client.messages.create({
      model: MODEL,
      max_tokens: 100,
      tools: [{ name: 'send_email', input_schema: { type: 'object', properties: { to: { type: 'array', items: { type: 'string' } }, cc: { type: ['array', 'null'] }, when: { anyOf: [{ type: 'string' }, { type: 'integer' }] } } } }],
      messages: [{ role: 'user', content: 'hi' }],
    });
    // The same requests, made right, are answered.
    await client.messages.create({ model: MODEL, max_tokens: 100, tools: [ORDER_TOOL], tool_choice: { type: 'tool', name: 'get_order' }, messages: toolHistory as Anthropic.MessageParam[] });
    await client.messages.create({ model: MODEL, max_tokens: 100, messages: [{ role: 'user', content: 'Say hi' }, { role: 'assistant', content: 'Hi' }] });
    await assert.rejects(client.messages.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] } as unknown as Anthropic.MessageCreateParamsNonStreaming), /max_tokens: Field required/);
  });

  it('refuses what the API refuses before reading it: an unknown block type, a body that is not JSON, nesting that would overflow a parser', async () => {
    const { simulator, client } = await simulate();
    await assert.rejects(
      client.messages.create({ model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: [{ type: 'fancy_text', text: 'hi' }] }] } as unknown as Anthropic.MessageCreateParamsNonStreaming),
      (error: unknown) => error instanceof Anthropic.BadRequestError && /^messages\.0\.content\.0: Input tag 'fancy_text' found using 'type' does not match any of the expected tags: 'text', 'image'/.test(apiMessage(error)),
    );
    // A tool input nested 100,000 levels deep: the scan refuses it before JSON.parse and friends recurse.
    const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const raw = (body: string, contentType = 'application/json') =>
      fetch(`${simulator.url}/v1/messages`, { method: 'POST', headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01', 'content-type': contentType }, body }).then(async (response) => ({ status: response.status, body: (await response.json()) as { type: string; error: { type: string; message: string } } }));
    const history = (input: string) => `{"model":"${MODEL}","max_tokens":10,"tools":[{"name":"t","input_schema":{"type":"object"}}],"messages":[{"role":"user","content":"go"},{"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"t","input":${input}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"ok"}]}]}`;
    const tooDeep = await raw(history(deep));
    assert.equal(tooDeep.status, 400);
    assert.deepEqual([tooDeep.body.type, tooDeep.body.error.type], ['error', 'invalid_request_error']);
    assert.match(tooDeep.body.error.message, /^The request body is nested more than 256 levels deep \(at byte \d+\)/);
    assert.equal((await raw(history(`${'{"a":'.repeat(200)}1${'}'.repeat(200)}`))).status, 200, 'nesting within the limit is answered');
    const plain = await raw(JSON.stringify({ model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }), 'text/plain');
    assert.equal(plain.status, 400);
    assert.equal(plain.body.error.message, 'The request body must be JSON, sent with content-type: application/json; it was sent as text/plain.');
    assert.equal((await raw(JSON.stringify({ model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }), 'application/json; charset=utf-8')).status, 200);
  });

  it('keeps a bounded trace when asked: the latest requests, the oldest bodies let go first', async () => {
    const simulator = await startSimulator({ traceLimit: { entries: 5, bodyBytes: 600 } });
    running.push(simulator);
    const client = new Anthropic({ apiKey: 'k', baseURL: simulator.url, maxRetries: 0 });
    for (let i = 0; i < 8; i++) await client.messages.create({ model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: `request ${i} ${'x'.repeat(100)}` }] });
    assert.equal(simulator.received, 8);
    assert.deepEqual(simulator.trace.map((entry) => entry.index), [3, 4, 5, 6, 7]);
    // Each body is about 180 bytes: 600 bytes hold the latest three.
    assert.deepEqual(simulator.trace.map((entry) => entry.bodyDropped === true), [true, true, false, false, false]);
    assert.deepEqual(simulator.trace.map((entry) => (entry.body as { messages?: { content: string }[] } | undefined)?.messages?.[0]?.content.slice(0, 9)), [undefined, undefined, 'request 5', 'request 6', 'request 7']);
    assert.ok(simulator.trace.every((entry) => entry.bodyBytes > 150 && entry.status === 200));
  });

  it('sends 429 with retry-after and 529 overloaded as the API does; the SDK retries them after the wait', async () => {
    const { simulator } = await simulate({
      rules: [
        { name: 'rate limited', times: 1, error: { status: 429, retryAfter: 0.2 } },
        { name: 'overloaded', times: 1, error: { status: 529, retryAfter: 0.1 } },
        { name: 'fine', reply: { content: [{ type: 'text', text: 'ok' }] } },
      ],
    });
    const retrying = new Anthropic({ apiKey: 'k', baseURL: simulator.url, maxRetries: 2 });
    const message = await retrying.messages.create({ model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    assert.deepEqual(message.content, [{ type: 'text', text: 'ok' }]);
    const [first, second, third] = simulator.trace;
    assert.deepEqual(simulator.trace.map((entry) => [entry.status, entry.retryCount]), [[429, 0], [529, 1], [200, 2]]);
    assert.ok(second!.at - first!.at >= 190, `waited ${second!.at - first!.at} ms after the 429`);
    assert.ok(third!.at - second!.at >= 90, `waited ${third!.at - second!.at} ms after the 529`);
  });

  it('gives the SDK\'s error classes their status, type and request id', async () => {
    const { client } = await simulate({ rules: [{ times: 1, error: { status: 429 } }, { error: { status: 529 } }] });
    const request = () => client.messages.create({ model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    await assert.rejects(request(), (error: unknown) => error instanceof Anthropic.RateLimitError && error.status === 429 && (error.error as { error: { type: string } }).error.type === 'rate_limit_error');
    await assert.rejects(request(), (error: unknown) => error instanceof Anthropic.APIError && error.status === 529 && (error.error as { error: { type: string } }).error.type === 'overloaded_error' && /^req_sim_\d+$/.test(error.requestID ?? ''));
  });

  it('keeps in its trace the request id each answer carried, as the SDK reports it', async () => {
    const { simulator, client } = await simulate({ rules: [{ times: 1, error: { status: 529 } }, { reply: { content: [{ type: 'text', text: 'ok' }] } }] });
    const request = () => client.messages.create({ model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    const failed = await request().catch((error: unknown) => error as InstanceType<typeof Anthropic.APIError>);
    const answered = await request();
    assert.ok(failed instanceof Anthropic.APIError);
    assert.deepEqual(
      simulator.trace.map((entry) => entry.requestId),
      [failed.requestID, answered._request_id],
    );
    assert.notEqual(failed.requestID, answered._request_id);
  });

  it('cuts output at max_tokens and at a stop sequence, with the matching stop reason', async () => {
    const { client } = await simulate({ rules: [{ reply: { content: [{ type: 'text', text: 'word '.repeat(200) + 'END and more' }] } }] });
    const short = await client.messages.create({ model: MODEL, max_tokens: 20, messages: [{ role: 'user', content: 'talk' }] });
    assert.equal(short.stop_reason, 'max_tokens');
    assert.equal((short.content[0] as Anthropic.TextBlock).text.length, 80);
    assert.equal(short.usage.output_tokens, 20);
    const stopped = await client.messages.create({ model: MODEL, max_tokens: 1000, stop_sequences: ['END'], messages: [{ role: 'user', content: 'talk' }] });
    assert.equal(stopped.stop_reason, 'stop_sequence');
    assert.equal(stopped.stop_sequence, 'END');
    assert.ok(!(stopped.content[0] as Anthropic.TextBlock).text.includes('END'));
  });

  it('injects network faults: a dropped connection, a stall past the client\'s timeout, an error mid-stream', async () => {
    const { client, simulator } = await simulate({
      rules: [
        { when: { userText: 'drop' }, fault: 'drop' },
        { when: { userText: 'stall' }, delayMs: 5000, reply: { content: [{ type: 'text', text: 'late' }] } },
        { when: { userText: 'overload' }, error: { status: 529, midStream: true } },
      ],
    });
    const ask = (content: string) => ({ model: MODEL, max_tokens: 50, messages: [{ role: 'user' as const, content }] });
    await assert.rejects(client.messages.create(ask('drop')), Anthropic.APIConnectionError);
    await assert.rejects(client.messages.create(ask('stall'), { timeout: 300 }), Anthropic.APIConnectionTimeoutError);
    await assert.rejects(client.messages.stream(ask('overload')).finalMessage(), (error: unknown) => error instanceof Anthropic.APIError && /Overloaded/.test(error.message));
    assert.equal(simulator.trace[0]?.fault, 'drop');
  });

  it('streams the first half of a reply before a mid-stream failure, and lets a harness hold a stream event by event', async () => {
    const text = 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen';
    const scenario = scenarioSchema.parse({
      rules: [
        { when: { userText: 'drop' }, fault: 'drop-mid-stream', reply: { content: [{ type: 'text', text }] } },
        { when: { userText: 'overload' }, error: { status: 529, midStream: true }, reply: { content: [{ type: 'text', text }] } },
        { reply: { content: [{ type: 'text', text }] } },
      ],
    }) as Scenario;
    assert.throws(() => scenarioSchema.parse({ rules: [{ fault: 'drop', reply: { content: [] } }] }), /a rule needs exactly one of/, 'only a mid-stream failure brings a reply');
    // The hold lets an event go only once the client has had every piece of text written before it.
    const shown: string[] = [];
    let written = '';
    const holds: string[] = [];
    let throwAt: string | undefined;
    const simulator = await startSimulator({
      scenario,
      beforeStreamEvent: async (next) => {
        holds.push(next === 'drop' ? 'drop' : next.event);
        for (let waited = 0; shown.join('') !== written; waited++) {
          assert.ok(waited < 200, `the client never had ${JSON.stringify(written)}`);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        if (next !== 'drop' && next.event === throwAt) throw new Error('the harness broke the stream off');
        const data = next === 'drop' ? undefined : (next.data as { delta?: { type: string; text?: string } });
        if (data?.delta?.type === 'text_delta') written += data.delta.text;
      },
    });
    running.push(simulator);
    const client = new Anthropic({ apiKey: 'k', baseURL: simulator.url, maxRetries: 0 });
    const stream = (content: string) => {
      shown.length = 0;
      written = '';
      holds.length = 0;
      const messages = client.messages.stream({ model: MODEL, max_tokens: 100, messages: [{ role: 'user', content }] });
      messages.on('text', (delta) => shown.push(delta));
      return messages.finalMessage();
    };

    assert.equal((await stream('whole')).content[0]?.type, 'text');
    assert.equal(shown.join(''), text, 'every piece came through the holds, in order');
    assert.ok(shown.length >= 5);
    assert.deepEqual(holds.slice(0, 3), ['message_start', 'ping', 'content_block_start']);
    assert.equal(holds.at(-1), 'message_stop');

    // Once the stream has started, the SDK reports a dropped connection as the fetch's own error: "terminated".
    await assert.rejects(stream('drop'), (error: unknown) => error instanceof Anthropic.AnthropicError && /terminated/.test(error.message));
    assert.equal(holds.at(-1), 'drop', 'a drop is held too, so what was written arrives first');
    assert.ok(shown.length >= 2 && text.startsWith(shown.join('')) && shown.join('') !== text, `the reply's first half streamed: ${JSON.stringify(shown)}`);
    assert.equal(simulator.trace.at(-1)?.fault, 'drop-mid-stream');

    await assert.rejects(stream('overload'), (error: unknown) => error instanceof Anthropic.APIError && /Overloaded/.test(error.message));
    assert.equal(holds.at(-1), 'error');
    assert.ok(shown.length >= 2 && text.startsWith(shown.join('')) && shown.join('') !== text);
    assert.equal((simulator.trace.at(-1)?.response as { type: string }).type, 'error');

    throwAt = 'content_block_stop';
    await assert.rejects(stream('whole'), (error: unknown) => error instanceof Anthropic.AnthropicError && /terminated/.test(error.message));
    assert.equal(shown.join(''), text, 'a hold that throws drops the connection there');
    assert.equal(simulator.trace.at(-1)?.fault, 'drop-mid-stream');
  });

  it('tells the scenario author when no rule answers, and tells the SDK not to retry that', async () => {
    const { simulator } = await simulate({ rules: [{ when: { turn: 5 }, reply: { content: [] } }] });
    const retrying = new Anthropic({ apiKey: 'k', baseURL: simulator.url, maxRetries: 2 });
    await assert.rejects(
      retrying.messages.create({ model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
      /scenario has no rule for this request \(turn 1\)/,
    );
    assert.equal(simulator.trace.length, 1, 'x-should-retry: false stopped the SDK\'s retries');
  });

  it('counts tokens, lists models, and asks for a key like the API', async () => {
    const { client, simulator } = await simulate();
    const count = await client.messages.countTokens({ model: MODEL, messages: [{ role: 'user', content: 'Count these words for me, please.' }] });
    assert.ok(count.input_tokens > 5);
    const models = await client.models.list();
    assert.deepEqual(models.data.map((model) => model.id), [MODEL]);
    const anonymous = await fetch(`${simulator.url}/v1/messages`, { method: 'POST', body: '{}' });
    assert.equal(anonymous.status, 401);
    assert.deepEqual(await anonymous.json(), { type: 'error', error: { type: 'authentication_error', message: 'x-api-key header is required' }, request_id: anonymous.headers.get('request-id') });
    const withKey = await fetch(`${simulator.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODEL, max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(withKey.status, 200, 'SDK 0.x style x-api-key works too');
    assert.equal(simulator.trace.at(-1)?.auth, 'x-api-key');
  });

  it('lets a responder function answer before the rules, from the whole request, and checks what it answers', async () => {
    const respond: Responder = (request, facts) => {
      if (facts.userText === 'broken') return { reply: { content: [] }, error: { status: 429 } };
      if (facts.userText === 'throw') throw new Error('the harness tripped');
      if (!facts.system.includes('glossary')) return undefined;
      return { name: 'knows the glossary', delayMs: 1, reply: { content: [{ type: 'text', text: `${request.model} read ${request.messages.length} message(s): {{userText}}` }] } };
    };
    const simulator = await startSimulator({ scenario: scenarioSchema.parse({ rules: [{ name: 'fallback', reply: { content: [{ type: 'text', text: 'rule' }] } }] }), respond });
    running.push(simulator);
    const client = new Anthropic({ apiKey: 'k', baseURL: simulator.url, maxRetries: 2 });
    const ask = (content: string, system?: string, maxTokens = 100) =>
      client.messages.create({ model: MODEL, max_tokens: maxTokens, ...(system ? { system } : {}), messages: [{ role: 'user', content }] });
    assert.deepEqual((await ask('the word', 'Use the glossary.')).content, [{ type: 'text', text: `${MODEL} read 1 message(s): the word` }]);
    assert.equal(simulator.trace.at(-1)?.rule, 'knows the glossary');
    const cut = await ask('the word', 'Use the glossary.', 3);
    assert.deepEqual([cut.content, cut.stop_reason], [[{ type: 'text', text: 'claude-simul' }], 'max_tokens'], 'max_tokens cuts a responder\'s reply as a rule\'s');
    assert.deepEqual((await ask('the word')).content, [{ type: 'text', text: 'rule' }], 'undefined leaves the request to the rules');
    assert.equal(simulator.trace.at(-1)?.rule, 'fallback');
    await assert.rejects(ask('broken'), /responder gave no usable answer: answer: an answer needs exactly one of \\"reply\\"/);
    await assert.rejects(ask('throw'), /responder failed: the harness tripped/);
    assert.equal(simulator.trace.length, 5, 'a broken responder is not retried');

    const alone = await startSimulator({ respond: () => undefined });
    running.push(alone);
    await assert.rejects(
      new Anthropic({ apiKey: 'k', baseURL: alone.url, maxRetries: 0 }).messages.create({ model: MODEL, max_tokens: 3, messages: [{ role: 'user', content: 'hi' }] }),
      /scenario has no rule for this request/,
      'a responder alone does not echo what it leaves',
    );
  });

  it('validates scenarios: each rule has exactly one answer', () => {
    const result = scenarioSchema.safeParse({ rules: [{ reply: { content: [] }, error: { status: 429 } }] });
    assert.equal(result.success, false);
    assert.match(result.error?.issues[0]?.message ?? '', /exactly one of "reply", "error" or "fault"/);
  });
});
