import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { similarPairs, type SubmittedFile } from '../../src/core/grading/similarity';

const STARTER = `export async function runAgent(options: Options): Promise<Result> {
  // TODO: call the model, run the tools it asks for, and repeat until it answers.
  throw new Error('not implemented');
}
`;

/** One learner's loop; the other students' below are the same loop renamed and reformatted, or their own. */
const ORIGINAL = `export async function runAgent(options: Options): Promise<Result> {
  const messages = [{ role: 'user', content: options.task }];
  for (let step = 0; step < (options.maxSteps ?? 8); step++) {
    const response = await options.client.messages.create({ model: options.model, max_tokens: 1024, tools: options.tools.map((tool) => tool.definition), messages });
    messages.push({ role: 'assistant', content: response.content });
    if (response.stop_reason !== 'tool_use') return { answer: text(response), steps: step + 1 };
    const results = [];
    for (const block of response.content) {
      if (block.type !== 'tool_use') continue;
      const tool = options.tools.find((candidate) => candidate.definition.name === block.name);
      try {
        results.push({ type: 'tool_result', tool_use_id: block.id, content: await tool.run(block.input) });
      } catch (error) {
        results.push({ type: 'tool_result', tool_use_id: block.id, content: String(error), is_error: true });
      }
    }
    messages.push({ role: 'user', content: results });
  }
  return { answer: '', steps: options.maxSteps ?? 8 };
}
`;

const RENAMED = ORIGINAL.replace(/messages/g, 'history').replace(/response/g, 'reply').replace(/results/g, 'outputs').replace(/block/g, 'part').replace(/\n\s+/g, '\n      // the next line\n      ');

const OWN_WAY = `export async function runAgent(o: Options): Promise<Result> {
  let turns = 0;
  const convo: unknown[] = [{ role: 'user', content: o.task }];
  while (true) {
    turns += 1;
    if (turns > (o.maxSteps ?? 8)) return { answer: '', steps: turns - 1 };
    const r = await o.client.messages.stream({ model: o.model, max_tokens: 1024, tools: o.tools.map((t) => t.definition), messages: convo }).finalMessage();
    convo.push({ role: 'assistant', content: r.content });
    const calls = r.content.filter((b) => b.type === 'tool_use');
    if (calls.length === 0) return { answer: r.content.map((b) => b.text ?? '').join(''), steps: turns };
    convo.push({ role: 'user', content: await Promise.all(calls.map(async (c) => ({ type: 'tool_result', tool_use_id: c.id, ...(await attempt(o, c)) }))) });
  }
}
`;

const file = (text: string): SubmittedFile[] => [{ file: 'agent.ts', text }];

describe('similar submissions (winnowing)', () => {
  it('pairs a copy renamed and reformatted with its original, with where they match; not a solution written another way', () => {
    const pairs = similarPairs('agent-loop', new Map([['ada', file(ORIGINAL)], ['bo', file(RENAMED)], ['cy', file(OWN_WAY)]]), file(STARTER));
    assert.deepEqual(pairs.map((pair) => [pair.a, pair.b]), [['ada', 'bo']]);
    assert.ok((pairs[0]?.similarity ?? 0) >= 0.9, `similarity ${pairs[0]?.similarity}`);
    const span = pairs[0]?.spans[0];
    assert.equal(span?.fileA, 'agent.ts');
    assert.ok(span && span.linesA[0] <= 3 && span.linesA[1] >= 15, `the match covers the loop: ${JSON.stringify(pairs[0]?.spans)}`);
  });

  it('never pairs students for what the starter gave them all, or for a handful of tokens', () => {
    const starters = new Map([['ada', file(STARTER)], ['bo', file(STARTER)], ['cy', file(`${STARTER}\nexport const LIMIT = 8;\n`)]]);
    assert.deepEqual(similarPairs('agent-loop', starters, file(STARTER)), []);
  });

  it('leaves out what most of a class shares, so only the pairs that stand out are leads', () => {
    // Five students: four wrote the same well-known loop, one pair also share an unusual helper.
    const helper = `\nfunction text(reply: { content: { type: string; text?: string }[] }): string {\n  return reply.content.filter((part) => part.type === 'text').map((part) => (part.text ?? '').trim().toUpperCase()).join(' / ');\n}\n`;
    const submissions = new Map([
      ['ada', file(ORIGINAL + helper)],
      ['bo', file(RENAMED + helper)],
      ['cy', file(ORIGINAL)],
      ['di', file(ORIGINAL)],
      ['ed', file(OWN_WAY)],
    ]);
    assert.deepEqual(similarPairs('agent-loop', submissions, file(STARTER)).map((pair) => [pair.a, pair.b]), [['ada', 'bo']]);
  });
});
