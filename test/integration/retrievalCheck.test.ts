import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Practice } from '../../src/core/practiceService';
import { BUILTIN_PACK, temporaryDir } from '../support/helpers';

const ID = 'handbook-chunking';
const EXERCISE = path.join(BUILTIN_PACK, 'exercises', ID);

async function started(): Promise<{ practice: Practice; folder: string; chunker: string }> {
  const workspace = await temporaryDir('ai-practice-retrieval-');
  const practice = await Practice.open({ packDir: BUILTIN_PACK, workspace });
  await practice.start(ID);
  const folder = path.join(workspace, 'practice', ID);
  return { practice, folder, chunker: path.join(folder, 'chunker.ts') };
}

describe('retrieval checks', () => {
  it('passes the reference with full recall, and fails the starter naming the answers its windows cut in two', async () => {
    const { practice, chunker } = await started();
    const starter = (await practice.check(ID)).report;
    assert.equal(starter.status, 'fail');
    assert.equal(starter.message, 'Not yet: recall@3 is 83 % (needs 95 %); MRR@3 is 0.72 (needs 0.75).');
    assert.equal(starter.score, 0.833);
    const recall = starter.tests.find((test) => test.name === 'recall@3 is at least 95 %');
    assert.match(recall?.output ?? '', /✗ taxi-rules "What are the rules for taxis\?": the answer is split across chunks \d+ and \d+/);
    assert.match(recall?.output ?? '', /✗ hidden question what-to-report: /);
    assert.doesNotMatch(recall?.output ?? '', /phishing/, 'a hidden question shows neither its text nor its answer');

    await fs.copyFile(path.join(EXERCISE, 'solution', 'chunker.ts'), chunker);
    const reference = (await practice.check(ID)).report;
    assert.equal(reference.status, 'pass', reference.message);
    assert.equal(reference.score, 1);
    assert.match(reference.message, /^Recall@3 100 %, MRR 0\.\d\d over 24 questions\.$/);
  });

  it('searches with the learner\'s rewriteQuery, and names a broken one', async () => {
    const { practice, chunker } = await started();
    const headless = await fs.readFile(path.join(EXERCISE, 'wrong', 'paragraphs-without-headings', 'chunker.ts'), 'utf8');
    await fs.writeFile(chunker, headless);
    assert.equal((await practice.check(ID)).report.status, 'fail');
    // Query expansion rescues the questions whose words only the headings had.
    const expansions = [['taxis', 'take one public transport'], ['meals per day', 'meals limit a day'], ['laptops', 'laptop encrypted'], ['the handover', 'the handover note'], ['equipment like a desk', 'a desk and a chair']];
    const expanded = `${headless}\nexport function rewriteQuery(question: string): string {\n  return question${expansions.map(([from, to]) => `.replace('${from}', '${to}')`).join('')};\n}\n`;
    await fs.writeFile(chunker, expanded);
    const rewritten = (await practice.check(ID)).report;
    assert.equal(rewritten.status, 'pass', rewritten.message);

    await fs.writeFile(chunker, `${headless}\nexport function rewriteQuery(): number {\n  return 42;\n}\n`);
    const broken = (await practice.check(ID)).report;
    assert.equal(broken.status, 'fail');
    assert.match(broken.tests[0]?.message ?? '', /^rewriteQuery must return the query as a non-empty string; for "How much can I spend on meals per day on a business trip\?" it returned 42\.$/);
  });

  it('refuses chunks of the wrong shape, and reads the pack\'s documents and questions, not the workspace copies', async () => {
    const { practice, folder, chunker } = await started();
    await fs.writeFile(chunker, 'export function chunkDocuments() { return [{ docId: "a.md", text: 1 }]; }\n');
    const shape = (await practice.check(ID)).report;
    assert.equal(shape.status, 'fail');
    assert.equal(shape.tests[0]?.message, 'chunk 0 is {"docId":"a.md","text":1}: every chunk needs a string "docId" and a string "text".');

    // A chunk of only headings, or of nothing, is named by its index and document.
    await fs.writeFile(chunker, 'export function chunkDocuments() { return [{ docId: "security.md", text: "Security basics › Passwords" }, { docId: "security.md", text: "Use the company password manager." }, { docId: "on-call.md", text: "  " }]; }\n');
    const hollow = (await practice.check(ID)).report;
    assert.equal(hollow.status, 'fail');
    assert.equal(
      hollow.tests.find((test) => test.name === 'every chunk holds text, not only headings')?.message,
      'Chunks 0 (from security.md: "Security basics › Passwords"), 2 (from on-call.md: "  ") hold no text of their documents beyond the headings. Every chunk must hold some of its document\'s text: leave out chunks that would be empty or only headings.',
    );
    assert.match(hollow.message, /2 chunks hold only headings or nothing/);

    await fs.copyFile(path.join(EXERCISE, 'solution', 'chunker.ts'), chunker);
    await fs.writeFile(path.join(folder, 'questions.jsonl'), '{"id": "easy", "question": "x", "answer": "nothing like this"}\n');
    await fs.rm(path.join(folder, 'docs', 'security.md'));
    const report = (await practice.check(ID)).report;
    assert.equal(report.status, 'pass', 'editing the workspace copies changes nothing');
    assert.match(report.message, /over 24 questions/);
  });
});
