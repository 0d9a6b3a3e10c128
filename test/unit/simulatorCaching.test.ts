import Anthropic from '@anthropic-ai/sdk';
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
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

  it('refuses more than four breakpoints with the API\'s message', async () => {
    const { client } = await simulate(ECHO);
    const marked = { type: 'text' as const, text: 'x', cache_control: { type: 'ephemeral' as const } };
    await assert.rejects(
      client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 20, system: [marked, marked, marked, marked, marked], messages: [{ role: 'user', content: 'hi' }] }),
      (error: unknown) => error instanceof Anthropic.BadRequestError && /A maximum of 4 blocks with cache_control may be provided\. Found 5\./.test(error.message),
    );
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
