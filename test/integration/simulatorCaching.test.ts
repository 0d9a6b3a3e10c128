import Anthropic from '@anthropic-ai/sdk';
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { costOf, priceOf, tokenUsageOf } from '../../src/core/model/prices';
import { minimumCacheableTokens } from '../../src/core/simulator/promptCache';
import { scenarioSchema } from '../../src/core/simulator/scenario';
import { type Simulator, startSimulator } from '../../src/core/simulator/server';

const running: Simulator[] = [];
after(async () => {
  for (const simulator of running) await simulator.close();
});

async function simulate(rules: unknown[]): Promise<{ simulator: Simulator; client: Anthropic }> {
  const simulator = await startSimulator({ scenario: scenarioSchema.parse({ rules }) });
  running.push(simulator);
  return { simulator, client: new Anthropic({ apiKey: 'sk-ant-sim', baseURL: simulator.url, maxRetries: 0 }) };
}

/** About 2,500 tokens of stable instructions: above Sonnet 4.6's minimum (2,048), below Haiku 4.5's (4,096). */
const HANDBOOK = 'Route billing questions to the billing team. '.repeat(220);
const ECHO = [{ reply: { content: [{ type: 'text', text: 'ok' }] } }];

function cachedSystem(model: string, question: string): Anthropic.MessageCreateParamsNonStreaming {
  return {
    model,
    max_tokens: 20,
    system: [{ type: 'text', text: HANDBOOK, cache_control: { type: 'ephemeral' } }],
    messages: [{ role: 'user', content: question }],
  };
}

describe('prompt caching in the simulator', () => {
  it('writes a marked prefix once, then reads it; the uncached rest stays input', async () => {
    const { client } = await simulate(ECHO);
    const first = await client.messages.create(cachedSystem('claude-sonnet-4-6', 'First ticket'));
    const second = await client.messages.create(cachedSystem('claude-sonnet-4-6', 'Second, different ticket'));
    assert.ok(first.usage.cache_creation_input_tokens! > 2000, `wrote ${first.usage.cache_creation_input_tokens}`);
    assert.equal(first.usage.cache_read_input_tokens, 0);
    assert.equal(second.usage.cache_creation_input_tokens, 0);
    assert.equal(second.usage.cache_read_input_tokens, first.usage.cache_creation_input_tokens);
    assert.ok(second.usage.input_tokens > 0 && second.usage.input_tokens < 40, `the question alone is input: ${second.usage.input_tokens}`);
    const plain = await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 20, system: [{ type: 'text', text: HANDBOOK }], messages: [{ role: 'user', content: 'First ticket' }] });
    const total = (u: Anthropic.Usage): number => u.input_tokens + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0);
    assert.ok(Math.abs(total(first.usage) - plain.usage.input_tokens) <= 10, `caching splits the same input, it does not change its size: ${total(first.usage)} vs ${plain.usage.input_tokens}`);
    assert.equal(plain.usage.cache_read_input_tokens, 0, 'no cache_control, no caching');
  });

  it('keeps caches per model and honours each model\'s minimum length', async () => {
    const { client } = await simulate(ECHO);
    assert.equal(minimumCacheableTokens('claude-haiku-4-5-20251001'), 4096);
    assert.equal(minimumCacheableTokens('claude-sonnet-4-6'), 2048);
    assert.equal(minimumCacheableTokens('claude-sonnet-4-5-20250929'), 1024);
    await client.messages.create(cachedSystem('claude-sonnet-4-6', 'One'));
    const haiku = await client.messages.create(cachedSystem('claude-haiku-4-5', 'One'));
    assert.equal(haiku.usage.cache_read_input_tokens, 0, 'a cache written by one model does not serve another');
    assert.equal(haiku.usage.cache_creation_input_tokens, 0, 'under Haiku 4.5\'s 4,096-token minimum nothing is cached');
  });

  it('misses when the marked prefix changes, and caches at the top-level marker', async () => {
    const { client } = await simulate(ECHO);
    // A breakpoint after a varying message: every request has a new prefix.
    const varying = (question: string): Anthropic.MessageCreateParamsNonStreaming => ({
      model: 'claude-sonnet-4-6',
      max_tokens: 20,
      system: HANDBOOK,
      messages: [{ role: 'user', content: [{ type: 'text', text: question, cache_control: { type: 'ephemeral' } }] }],
    });
    await client.messages.create(varying('Ticket A'));
    const again = await client.messages.create(varying('Ticket B'));
    assert.equal(again.usage.cache_read_input_tokens, 0);
    assert.ok(again.usage.cache_creation_input_tokens! > 2000, 'each new prefix is written again, at the write price');

    const auto = { model: 'claude-sonnet-4-6', max_tokens: 20, cache_control: { type: 'ephemeral' }, system: HANDBOOK, messages: [{ role: 'user' as const, content: 'Same question' }] };
    await client.messages.create(auto as Anthropic.MessageCreateParamsNonStreaming);
    const repeat = await client.messages.create(auto as Anthropic.MessageCreateParamsNonStreaming);
    assert.ok(repeat.usage.cache_read_input_tokens! > 2000);
  });

  it('makes a prefix readable only once the answer that wrote it starts: requests sent together all write', async () => {
    const { client } = await simulate([{ delayMs: 150, reply: { content: [{ type: 'text', text: 'ok' }] } }]);
    const together = await Promise.all(['One', 'Two', 'Three'].map((question) => client.messages.create(cachedSystem('claude-sonnet-4-6', question))));
    assert.deepEqual(
      together.map((message) => [message.usage.cache_creation_input_tokens! > 2000, message.usage.cache_read_input_tokens]),
      [[true, 0], [true, 0], [true, 0]],
      'sent before any answer began, none can read what the others write',
    );
    const after = await client.messages.create(cachedSystem('claude-sonnet-4-6', 'Four'));
    assert.equal(after.usage.cache_creation_input_tokens, 0);
    assert.ok(after.usage.cache_read_input_tokens! > 2000);
  });

  it('keeps an entry five minutes (or an hour) from its last use, on the simulator\'s clock', async () => {
    let now = 0;
    const simulator = await startSimulator({ scenario: scenarioSchema.parse({ rules: ECHO }), clock: () => now });
    running.push(simulator);
    const client = new Anthropic({ apiKey: 'sk-ant-sim', baseURL: simulator.url, maxRetries: 0 });
    const at = async (minutes: number, request: Anthropic.MessageCreateParamsNonStreaming): Promise<Anthropic.Usage> => {
      now = minutes * 60_000;
      return (await client.messages.create(request)).usage;
    };
    const fiveMinutes = cachedSystem('claude-sonnet-4-6', 'A question');
    assert.ok((await at(0, fiveMinutes)).cache_creation_input_tokens! > 2000, 'written at 0');
    assert.ok((await at(4, fiveMinutes)).cache_read_input_tokens! > 2000, 'read at 4 minutes, which keeps it alive until 9');
    assert.ok((await at(8.5, fiveMinutes)).cache_read_input_tokens! > 2000, 'read at 8.5 minutes: its last use was at 4');
    const lapsed = await at(14, fiveMinutes);
    assert.equal(lapsed.cache_read_input_tokens, 0, 'more than five minutes after its last use, it is gone');
    assert.ok(lapsed.cache_creation_input_tokens! > 2000, 'and written again');

    const hour = { ...fiveMinutes, system: [{ type: 'text' as const, text: HANDBOOK, cache_control: { type: 'ephemeral' as const, ttl: '1h' as const } }] };
    assert.ok((await at(20, hour)).cache_creation?.ephemeral_1h_input_tokens! > 2000, 'an hour-long entry, written at 20 minutes');
    assert.ok((await at(70, hour)).cache_read_input_tokens! > 2000, 'still there 50 minutes later');
    assert.equal((await at(131, hour)).cache_read_input_tokens, 0, 'gone an hour after its last use');
  });

  it('refuses more than four breakpoints with the API\'s message', async () => {
    const { client } = await simulate(ECHO);
    const marked = { type: 'text' as const, text: 'x', cache_control: { type: 'ephemeral' as const } };
    await assert.rejects(
      client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 20, system: [marked, marked, marked, marked, marked], messages: [{ role: 'user', content: 'hi' }] }),
      (error: unknown) => error instanceof Anthropic.BadRequestError && /A maximum of 4 blocks with cache_control may be provided\. Found 5\./.test(error.message),
    );
  });

  it('bills an hour-long breakpoint\'s write apart from a five-minute one, at twice the input price', async () => {
    const { client } = await simulate(ECHO);
    const FAQ = 'Refunds take five working days to reach the card. '.repeat(200);
    const twoTtls = (question: string): Anthropic.MessageCreateParamsNonStreaming => ({
      model: 'claude-sonnet-4-6',
      max_tokens: 20,
      system: [{ type: 'text', text: HANDBOOK, cache_control: { type: 'ephemeral', ttl: '1h' } }],
      messages: [{ role: 'user', content: [{ type: 'text', text: FAQ, cache_control: { type: 'ephemeral' } }, { type: 'text', text: question }] }],
    });
    const first = await client.messages.create(twoTtls('Where is my refund?'));
    const hour = first.usage.cache_creation?.ephemeral_1h_input_tokens ?? 0;
    const minutes = first.usage.cache_creation?.ephemeral_5m_input_tokens ?? 0;
    assert.ok(hour > 2000 && minutes > 2000, `the handbook is written for an hour (${hour}), the FAQ after it for five minutes (${minutes})`);
    assert.equal(hour + minutes, first.usage.cache_creation_input_tokens, 'the two TTLs split the whole write');

    const sonnet = priceOf('claude-sonnet-4-6')!;
    const usage = tokenUsageOf(first.usage);
    assert.equal(usage.cacheCreation1hInputTokens, hour);
    const expected = (first.usage.input_tokens * 3 + first.usage.output_tokens * 15 + minutes * 3.75 + hour * 6) / 1_000_000;
    assert.ok(Math.abs(costOf(usage, sonnet) - expected) < 1e-12, `an hour's write costs $6/MTok on Sonnet 4.6, five minutes' $3.75: ${costOf(usage, sonnet)} vs ${expected}`);
    assert.ok(costOf(usage, sonnet) > costOf({ ...usage, cacheCreation1hInputTokens: undefined }, sonnet), 'dropping the TTL split would underprice it');

    const streamed = await client.messages.stream(twoTtls('Where is my refund?')).finalMessage();
    assert.equal(streamed.usage.cache_creation_input_tokens, 0);
    assert.equal(streamed.usage.cache_read_input_tokens, hour + minutes, 'the whole prefix is read back, whatever its TTL');
    assert.deepEqual(streamed.usage.cache_creation, { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 });
  });

  it('refuses a malformed cache_control, or an hour-long breakpoint after a five-minute one, naming the block', async () => {
    const { client } = await simulate(ECHO);
    const withSystem = (...cacheControls: unknown[]): Anthropic.MessageCreateParamsNonStreaming => ({
      model: 'claude-sonnet-4-6',
      max_tokens: 20,
      system: cacheControls.map((cache_control, index) => ({ type: 'text', text: `Block ${index}`, cache_control }) as Anthropic.TextBlockParam),
      messages: [{ role: 'user', content: 'hi' }],
    });
    const refused = async (request: Anthropic.MessageCreateParamsNonStreaming, message: RegExp): Promise<void> =>
      assert.rejects(client.messages.create(request), (error: unknown) => error instanceof Anthropic.BadRequestError && message.test(error.message));
    await refused(withSystem({ type: 'ephemeral', ttl: '2h' }), /system\.0\.cache_control\.ttl: Input should be '5m' or '1h'/);
    await refused(withSystem({ type: 'persistent' }), /system\.0\.cache_control\.type: Input should be 'ephemeral'/);
    await refused(withSystem({ type: 'ephemeral' }, { type: 'ephemeral', ttl: '1h', scope: 'org' }), /system\.1\.cache_control\.scope: Extra inputs are not permitted/);
    await refused(
      withSystem({ type: 'ephemeral', ttl: '5m' }, { type: 'ephemeral', ttl: '1h' }),
      /system\.1\.cache_control: a cache_control with ttl '1h' cannot come after one with ttl '5m' \(at system\.0\)/,
    );
    await refused({ ...withSystem(), cache_control: 'yes' } as unknown as Anthropic.MessageCreateParamsNonStreaming, /^400 .*cache_control: Input should be an object/);
    const fine = await client.messages.create(withSystem({ type: 'ephemeral', ttl: '1h' }, { type: 'ephemeral', ttl: '1h' }, { type: 'ephemeral' }));
    assert.equal(fine.usage.cache_creation_input_tokens, 0, 'hours first, then minutes, is accepted (and too short to cache)');
  });

  it('plays model tiers: a rule can answer one model family and not another', async () => {
    const { client } = await simulate([
      { when: { model: 'claude-haiku-4-5', userText: 'sarcasm' }, reply: { content: [{ type: 'text', text: 'wrong' }] } },
      { reply: { content: [{ type: 'text', text: 'right' }] } },
    ]);
    const ask = async (model: string): Promise<string> => {
      const message = await client.messages.create({ model, max_tokens: 20, messages: [{ role: 'user', content: 'Great, sarcasm again' }] });
      return message.content[0]?.type === 'text' ? message.content[0].text : '';
    };
    assert.equal(await ask('claude-haiku-4-5-20251001'), 'wrong');
    assert.equal(await ask('claude-sonnet-4-6'), 'right');
    assert.equal(await ask('claude-haiku-4-50'), 'right', 'a family matches whole id parts only');
  });
});
