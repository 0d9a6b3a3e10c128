import Anthropic from '@anthropic-ai/sdk';
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { type Responder, type Scenario, scenarioSchema } from '../../src/core/simulator/scenario';
import { type Simulator, startSimulator } from '../../src/core/simulator/server';

const running: Simulator[] = [];
after(async () => {
  for (const simulator of running) await simulator.close();
});

async function simulate(options: { scenario?: unknown; respond?: Responder } = {}): Promise<{ simulator: Simulator; client: Anthropic }> {
  const simulator = await startSimulator({
    ...(options.scenario === undefined ? {} : { scenario: scenarioSchema.parse(options.scenario) as Scenario }),
    ...(options.respond ? { respond: options.respond } : {}),
  });
  running.push(simulator);
  return { simulator, client: new Anthropic({ apiKey: 'sk-ant-sim', baseURL: simulator.url, maxRetries: 0 }) };
}

const MODEL = 'claude-simulator-1';
const apiMessage = (error: unknown): string => ((error as InstanceType<typeof Anthropic.APIError>).error as { error?: { message?: string } } | undefined)?.error?.message ?? '';

const LEAVE = 'Full-time employees get 25 days of paid leave a year. Part-time employees get leave pro rata.';
const CARRY = 'Up to five unused days carry over to the next year. The rest lapse on 31 March.';

/** A plain-text document block, citations on or off. */
const documentBlock = (data: string, title: string | undefined, enabled: boolean | undefined): Anthropic.DocumentBlockParam => ({
  type: 'document',
  source: { type: 'text', media_type: 'text/plain', data },
  ...(title === undefined ? {} : { title }),
  ...(enabled === undefined ? {} : { citations: { enabled } }),
});

/** The model's answer: a connective, then two claims, each citing a sentence of its own document. */
const CITED_REPLY = {
  rules: [
    {
      reply: {
        content: [
          { type: 'text', text: 'According to the handbook, ' },
          { type: 'text', text: 'you get 25 days a year', citations: [{ document_index: 0, cited_text: 'Full-time employees get 25 days of paid leave a year.' }] },
          { type: 'text', text: ', and ' },
          { type: 'text', text: 'five of them can carry over', citations: [{ document_index: 1, cited_text: 'Up to five unused days carry over to the next year.' }] },
          { type: 'text', text: '.' },
        ],
      },
    },
  ],
};

const question = (enabled: boolean | undefined): Anthropic.MessageParam[] => [
  { role: 'user', content: [documentBlock(LEAVE, 'Leave policy', enabled), documentBlock(CARRY, undefined, enabled), { type: 'text', text: 'How much leave do I get?' }] },
];

describe('the simulator: documents and citations, through the real SDK', () => {
  it('locates each cited claim in the documents sent: char_location, 0-indexed, end exclusive, the title as sent', async () => {
    const { client } = await simulate({ scenario: CITED_REPLY });
    const message = await client.messages.create({ model: MODEL, max_tokens: 500, messages: question(true) });
    assert.deepEqual(message.content[0], { type: 'text', text: 'According to the handbook, ' }, 'a text block without citations carries none');
    const [first, second] = [message.content[1], message.content[3]] as Anthropic.TextBlock[];
    assert.deepEqual(first?.citations, [
      { type: 'char_location', cited_text: 'Full-time employees get 25 days of paid leave a year.', document_index: 0, document_title: 'Leave policy', start_char_index: 0, end_char_index: 53, file_id: null },
    ]);
    const citation = second?.citations?.[0] as Anthropic.CitationCharLocation;
    assert.equal(citation.document_index, 1);
    assert.equal(citation.document_title, null, 'a document sent without a title is cited with a null title');
    assert.equal(CARRY.slice(citation.start_char_index, citation.end_char_index), citation.cited_text);
    assert.equal(message.stop_reason, 'end_turn');
  });

  it('counts document_index across the messages, and cites custom-content documents by block', async () => {
    const reply = {
      rules: [
        {
          reply: {
            content: [
              { type: 'text', text: 'It carries over', citations: [{ document_index: 1, cited_text: 'carry over' }] },
              { type: 'text', text: ' up to a point', citations: [{ document_index: 2, cited_text: 'five days' }] },
            ],
          },
        },
      ],
    };
    const { client } = await simulate({ scenario: reply });
    const message = await client.messages.create({
      model: MODEL,
      max_tokens: 500,
      messages: [
        { role: 'user', content: [documentBlock(LEAVE, 'Leave', true), { type: 'text', text: 'First question' }] },
        { role: 'assistant', content: 'Noted.' },
        {
          role: 'user',
          content: [
            documentBlock(CARRY, 'Carry-over', true),
            { type: 'document', source: { type: 'content', content: [{ type: 'text', text: 'Rule one: at most ' }, { type: 'text', text: 'five days.' }, { type: 'text', text: ' Rule two.' }] }, title: 'Rules', citations: { enabled: true } },
            { type: 'text', text: 'Does it carry over?' },
          ],
        },
      ],
    });
    const [first, second] = message.content as Anthropic.TextBlock[];
    const char = first?.citations?.[0] as Anthropic.CitationCharLocation;
    assert.deepEqual([char.type, char.document_index, char.document_title, CARRY.slice(char.start_char_index, char.end_char_index)], ['char_location', 1, 'Carry-over', 'carry over']);
    assert.deepEqual(second?.citations, [
      { type: 'content_block_location', cited_text: 'five days.', document_index: 2, document_title: 'Rules', start_block_index: 1, end_block_index: 2, file_id: null },
    ]);
  });

  it('sends no citations when the request did not enable them: the same text, uncited', async () => {
    for (const enabled of [undefined, false]) {
      const { client } = await simulate({ scenario: CITED_REPLY });
      const message = await client.messages.create({ model: MODEL, max_tokens: 500, messages: question(enabled) });
      assert.equal(message.content.map((block) => (block as Anthropic.TextBlock).text).join(''), 'According to the handbook, you get 25 days a year, and five of them can carry over.');
      assert.ok(message.content.every((block) => !('citations' in block)), `citations: ${JSON.stringify(enabled)}`);
    }
    // Nor does it look for the quotes: a model that cannot cite just says its text.
    const { client } = await simulate({ scenario: { rules: [{ reply: { content: [{ type: 'text', text: 'Thirty days', citations: [{ document_index: 5, cited_text: 'Everyone gets 30 days.' }] }] } }] } });
    const uncited = await client.messages.create({ model: MODEL, max_tokens: 500, messages: [{ role: 'user', content: 'How much leave?' }] });
    assert.deepEqual(uncited.content, [{ type: 'text', text: 'Thirty days' }]);
  });

  it('streams citations as citations_delta events, which the SDK assembles into the same blocks', async () => {
    const { client } = await simulate({ scenario: CITED_REPLY });
    const created = await client.messages.create({ model: MODEL, max_tokens: 500, messages: question(true) });
    const { client: streaming } = await simulate({ scenario: CITED_REPLY });
    const stream = streaming.messages.stream({ model: MODEL, max_tokens: 500, messages: question(true) });
    const seen: Anthropic.TextCitation[] = [];
    stream.on('citation', (citation) => seen.push(citation));
    const message = await stream.finalMessage();
    assert.deepEqual(message.content, created.content);
    assert.equal(seen.length, 2);
  });

  it('lets a responder cite what the request carries', async () => {
    const respond: Responder = (request) => {
      const content = request.messages[0]?.content as { type: string; source?: { data?: string } }[];
      const sentence = content[0]?.source?.data?.split('. ')[0] ?? '';
      return { reply: { content: [{ type: 'text', text: 'Twenty-five days', citations: [{ document_index: 0, cited_text: `${sentence}.` }] }] } };
    };
    const { client } = await simulate({ respond });
    const message = await client.messages.create({ model: MODEL, max_tokens: 500, messages: question(true) });
    assert.equal(((message.content[0] as Anthropic.TextBlock).citations?.[0] as Anthropic.CitationCharLocation).end_char_index, 53);
  });

  it('drops the citations of a block cut short by max_tokens', async () => {
    const { client } = await simulate({
      scenario: { rules: [{ reply: { content: [{ type: 'text', text: 'Full-time employees get twenty-five days of paid leave every single year, by the handbook.', citations: [{ document_index: 0, cited_text: 'Full-time employees get 25 days of paid leave a year.' }] }] } }] },
    });
    const message = await client.messages.create({ model: MODEL, max_tokens: 5, messages: question(true) });
    assert.equal(message.stop_reason, 'max_tokens');
    assert.ok(!('citations' in (message.content[0] ?? {})));
  });

  it('answers 500, not to be retried, when a reply cites what no document sent holds', async () => {
    const { client, simulator } = await simulate({ scenario: { rules: [{ name: 'misquotes', reply: { content: [{ type: 'text', text: 'Thirty days', citations: [{ document_index: 0, cited_text: 'Everyone gets 30 days.' }] }] } }] } });
    await assert.rejects(client.messages.create({ model: MODEL, max_tokens: 500, messages: question(true) }), (error: unknown) => {
      assert.ok(error instanceof Anthropic.InternalServerError);
      assert.match(apiMessage(error), /answer "misquotes" cites "Everyone gets 30 days\." in document 0, which does not hold it/);
      return true;
    });
    const { client: other } = await simulate({ scenario: { rules: [{ reply: { content: [{ type: 'text', text: 'x', citations: [{ document_index: 2, cited_text: 'x' }] }] } }] } });
    await assert.rejects(other.messages.create({ model: MODEL, max_tokens: 500, messages: question(true) }), (error: unknown) => /cites document_index 2, but the request sent 2 documents/.test(apiMessage(error)));
    assert.equal(simulator.trace[0]?.status, 500);
  });

  it('refuses malformed document blocks with the API\'s kind of 400', async () => {
    const { client } = await simulate({ scenario: CITED_REPLY });
    const refused = async (content: unknown[], pattern: RegExp, extra: Record<string, unknown> = {}): Promise<void> => {
      await assert.rejects(
        client.messages.create({ model: MODEL, max_tokens: 500, messages: [{ role: 'user', content: content as Anthropic.ContentBlockParam[] }], ...extra }),
        (error: unknown) => {
          assert.ok(error instanceof Anthropic.BadRequestError, String(error));
          assert.match(apiMessage(error), pattern);
          return true;
        },
      );
    };
    const ask = { type: 'text', text: 'Question?' };
    await refused([{ type: 'document', title: 'No source' }, ask], /^messages\.0\.content\.0\.document\.source: Field required$/);
    await refused([{ type: 'document', source: { type: 'text', media_type: 'text/markdown', data: '# Hi' } }, ask], /document\.source\.text\.media_type: Input should be 'text\/plain'/);
    await refused([{ type: 'document', source: { type: 'text', media_type: 'text/plain' } }, ask], /document\.source\.text\.data: Field required/);
    await refused([{ type: 'document', source: { type: 'html', data: '<p>' } }, ask], /document\.source: Input tag 'html' found using 'type' does not match any of the expected tags/);
    await refused([{ type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'x' }, citations: true }, ask], /document\.citations: Input should be a valid dictionary/);
    await refused([{ type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'x' }, citations: { enabled: 'yes' } }, ask], /document\.citations\.enabled: Input should be a valid boolean/);
    await refused([{ type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'x' }, id: 'doc-1' }, ask], /document\.id: Extra inputs are not permitted/);
    await refused([{ type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'x' }, title: 7 }, ask], /document\.title: Input should be a valid string/);
    await refused([documentBlock(LEAVE, 'A', true), documentBlock(CARRY, 'B', undefined), ask], /^Citations must be enabled on all or none of the documents in a request\.$/);
    await refused([documentBlock(LEAVE, 'A', true), ask], /Citations cannot be used together with structured outputs/, { output_config: { format: { type: 'json_schema', schema: { type: 'object' } } } });
    // A PDF's source is checked too; a document without citations is fine anywhere.
    await refused([{ type: 'document', source: { type: 'base64', media_type: 'text/plain', data: 'JVBERi0=' } }, ask], /document\.source\.base64\.media_type: Input should be 'application\/pdf'/);
    const plain = await client.messages.create({ model: MODEL, max_tokens: 500, messages: [{ role: 'user', content: [documentBlock(LEAVE, 'A', false), documentBlock(CARRY, 'B', undefined), ask as Anthropic.TextBlockParam] }] });
    assert.equal(plain.stop_reason, 'end_turn');
  });
});
