import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { renderReport } from '../../src/core/check/reportText';
import { Practice } from '../../src/core/practiceService';
import { BUILTIN_PACK, temporaryDir } from '../support/helpers';

const ID = 'support-routing-costs';
const EXERCISE = path.join(BUILTIN_PACK, 'exercises', ID);

async function started(): Promise<{ practice: Practice; pipeline: string }> {
  const workspace = await temporaryDir('ai-practice-cost-');
  const practice = await Practice.open({ packDir: BUILTIN_PACK, workspace });
  await practice.start(ID);
  return { practice, pipeline: path.join(workspace, 'practice', ID, 'pipeline.ts') };
}

describe('cost optimization', () => {
  it('passes the reference with full credit and the levers in its message; a cheaper but less accurate pipeline fails', async () => {
    const { practice, pipeline } = await started();
    await fs.copyFile(path.join(EXERCISE, 'solution', 'pipeline.ts'), pipeline);
    const { report } = await practice.check(ID);
    assert.equal(report.status, 'pass', report.message);
    assert.equal(report.score, 1);
    assert.match(report.message, /Cost down to \d+ % of the baseline .* Saved by trimming context \$[\d.]+, shorter output \$[\d.]+, routing \$[\d.]+, prompt caching \$[\d.]+\./);

    await fs.copyFile(path.join(EXERCISE, 'wrong', 'cheap-model-only', 'pipeline.ts'), pipeline);
    const cheap = (await practice.check(ID)).report;
    assert.equal(cheap.status, 'fail');
    assert.equal(cheap.score, 0, 'no credit while accuracy falls');
    const accuracy = cheap.tests.find((test) => test.name.startsWith('answers stay as accurate'));
    assert.match(accuracy?.message ?? '', /^26 of 30 answers are right; the baseline gets 30\. Wrong: T-03 went to "billing", belongs to payments-risk/);
  });

  it('gives partial credit for part of the saving, and shows both runs priced', async () => {
    const { practice, pipeline } = await started();
    await fs.copyFile(path.join(EXERCISE, 'wrong', 'caching-only', 'pipeline.ts'), pipeline);
    const { report } = await practice.check(ID);
    assert.equal(report.status, 'fail');
    assert.ok(report.score !== undefined && report.score > 0.5 && report.score < 1, `score ${report.score}`);
    const cost = report.tests.find((test) => test.name.startsWith('costs at most 9 %'));
    assert.match(cost?.message ?? '', /^Your pipeline costs \$[\d.]+, \d+ % of the baseline's \$[\d.]+; the target is 9 %\.$/);
    assert.match(cost?.output ?? '', /^baseline: 30 calls \(claude-sonnet-4-6 ×30\): \$[\d.]+ \(input [\d,]+ · output [\d,]+ · cache write 0 · cache read 0\)\nyours: {4}30 calls/);
    assert.match(cost?.output ?? '', /prompt caching\s+\$0\.\d+/);
  });

  it('prices an hour-long cache write at its own, higher price: the reference with ttl 1h misses the target', async () => {
    const { practice, pipeline } = await started();
    const reference = await fs.readFile(path.join(EXERCISE, 'solution', 'pipeline.ts'), 'utf8');
    const marker = "cache_control: { type: 'ephemeral' },";
    assert.ok(reference.includes(marker), 'the reference caches its system prompt');
    await fs.writeFile(pipeline, reference.replace(marker, "cache_control: { type: 'ephemeral', ttl: '1h' },"));
    const { report } = await practice.check(ID);
    assert.equal(report.status, 'fail', report.message);
    const cost = report.tests.find((test) => test.name.startsWith('costs at most 9 %'));
    assert.match(cost?.message ?? '', /^Your pipeline costs \$[\d.]+, 10 % of the baseline's/, 'the 5-minute reference costs 7 %');
    const written = /cache write ([\d,]+) \(([\d,]+) for 1 h\)/.exec(cost?.output ?? '');
    assert.ok(written && written[1] === written[2] && written[1] !== '0', `every write is an hour's: ${cost?.output}`);
  });

  it('reports a pipeline that throws or asks for a model the workload does not play, with the API\'s words', async () => {
    const { practice, pipeline } = await started();
    const source = await fs.readFile(pipeline, 'utf8');
    await fs.writeFile(pipeline, source.replace("const MODEL = 'claude-sonnet-4-6';", "const MODEL = 'gpt-4o';"));
    const { report } = await practice.check(ID);
    assert.equal(report.status, 'fail');
    assert.equal(report.tests[0]?.name, 'the pipeline finishes');
    assert.match(report.tests[0]?.message ?? '', /it threw the API answered 404 not_found_error: this workload's simulator plays claude-haiku-4-5 and claude-sonnet-4-6/);
    assert.equal(report.score, 0);
    assert.match(renderReport(report), /^FAIL support-routing-costs · 1 test · \d+\.\d\d s\n/, 'one test, in the singular');
  });
});
