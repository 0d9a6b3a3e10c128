import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseMiss, type Chunk } from '../../src/core/check/retrieval/diagnose';
import { normalize } from '../../src/core/check/retrieval/retrievalData';

const chunk = (index: number, text: string, docId = 'a.md'): Chunk => ({ index, docId, text, normalized: normalize(text) });
const question = { id: 'q', question: 'What are the rules for taxis?', answer: 'Take one only after 22:00.', hidden: false, line: 1 };

describe('retrieval checks', () => {
  it('explains a miss: split across chunks, dropped, or in a chunk that lacks the question\'s words', () => {
    const answer = normalize(question.answer);
    const base = { question, query: question.question, answer, k: 3, maxChunkTokens: 250 };
    const split = [chunk(0, 'Taxis. Take one only'), chunk(1, 'after 22:00. Trains are preferred.')];
    assert.match(diagnoseMiss({ ...base, chunks: split, ranked: split }), /split across chunks 0 and 1/);
    const dropped = [chunk(0, 'Trains are preferred.')];
    assert.match(diagnoseMiss({ ...base, chunks: dropped, ranked: dropped }), /no chunk holds the answer's text/);
    const headless = [chunk(0, 'Rules for hotels and taxis: ask first.'), chunk(1, 'More rules for taxis.'), chunk(2, 'Taxis, rules.'), chunk(3, 'Take one only after 22:00.')];
    assert.match(diagnoseMiss({ ...base, chunks: headless, ranked: headless }), /chunk 3\) ranks 4, below the top 3; it lacks the question's words "rules", "taxis": carry the document's title and section heading/);
  });
});
