import { readFileSync } from 'node:fs';
import MiniSearch from 'minisearch';
import type { CheckAnswer } from '../job';
import type { CheckTest } from '../report';
import { type CallOutcome } from '../learner/learnerProcess';
import { describeThrown, describeThrownData, judgeLearnerCode, type LearnerCode, type LearnerCodeJob } from '../learner/learnerCode';
import { diagnoseMiss, type Chunk } from './diagnose';
import { estimateTokens as tokensOf } from '../../simulator/messagesRequest';
import { loadDocuments, normalize, parseQuestions, type RetrievalQuestion } from './retrievalData';
import { plural } from '../../plural';

export interface RetrievalJob extends LearnerCodeJob {
  documentsDir: string;
  questionsPath: string;
  /** The visible questions' file as the learner sees it, for the report. */
  questionsFile: string;
  hiddenQuestionsPath?: string;
  config: { k: number; minRecall: number; minMrr: number; maxChunkTokens: number };
}

/**
 * Chunks the exercise's documents with the learner's function, indexes the chunks with BM25
 * (MiniSearch), searches every question (through the learner's rewriteQuery when there is
 * one) and measures recall@k and MRR@k: a question is answered at rank r when the r-th chunk
 * holds its answer passage whole. Each miss says why.
 */
export async function runRetrievalCheck(job: RetrievalJob): Promise<CheckAnswer> {
  // The learner process starts while the documents and questions load.
  return judgeLearnerCode(job, async () => readData(job), (code, { documents, questions }) => judge(code, job, documents, questions));
}

function readData(job: RetrievalJob): { ready: { documents: ReturnType<typeof loadDocuments>; questions: RetrievalQuestion[] } } | { failed: CheckAnswer } {
  let documents;
  let questions: RetrievalQuestion[];
  try {
    documents = loadDocuments(job.documentsDir);
    questions = [
      ...parseQuestions(readFileSync(job.questionsPath, 'utf8'), job.questionsFile, false),
      ...(job.hiddenQuestionsPath ? parseQuestions(readFileSync(job.hiddenQuestionsPath, 'utf8'), job.hiddenQuestionsPath, true) : []),
    ];
  } catch (error) {
    return { failed: { ok: false, errorIn: 'harness', message: `The exercise's documents or questions cannot be read: ${describeThrown(error)}` } };
  }
  const corpus = documents.map((document) => normalize(document.text));
  const unanswerable = questions.find((q) => !corpus.some((text) => text.includes(normalize(q.answer))));
  if (unanswerable) return { failed: { ok: false, errorIn: 'harness', message: `Question "${unanswerable.id}": its answer is not a passage of any document.` } };
  return { ready: { documents, questions } };
}

/** A call of the learner's function: what it returned, or why it did not. */
function valueOf(outcome: CallOutcome, what: string, timeoutMs: number): { value: unknown } | { problem: string } {
  switch (outcome.kind) {
    case 'returned':
      return { value: outcome.value };
    case 'threw':
      return { problem: `${what} threw: ${describeThrownData(outcome.error)}` };
    case 'timedOut':
      return { problem: `${what} did not return within ${timeoutMs / 1000} s` };
    case 'died':
      return { problem: `${what} did not return: ${outcome.why}` };
  }
}

const CALL_TIMEOUT_MS = 20_000;

async function judge(code: LearnerCode, job: RetrievalJob, documents: ReturnType<typeof loadDocuments>, questions: RetrievalQuestion[]): Promise<CheckAnswer> {
  const rewrite = code.exports.includes('rewriteQuery') ? code.callee('rewriteQuery') : undefined;
  const chunked = valueOf(await code.callee(job.exportName)(documents.map((document) => ({ ...document })), { timeoutMs: CALL_TIMEOUT_MS }), job.exportName, CALL_TIMEOUT_MS);
  if ('problem' in chunked) return failed(chunked.problem, job);
  const raw = chunked.value;
  const shape = chunkShapeProblem(raw, job.exportName);
  if (shape) return failed(shape, job);
  const chunks = (raw as { docId: string; text: string }[]).map((chunk, index): Chunk => ({ index, docId: chunk.docId, text: chunk.text, normalized: normalize(chunk.text) }));

  const search = new MiniSearch<{ id: number; text: string }>({ fields: ['text'], idField: 'id' });
  search.addAll(chunks.map((chunk) => ({ id: chunk.index, text: chunk.text })));

  const { k, minRecall, minMrr, maxChunkTokens } = job.config;
  const results: { question: RetrievalQuestion; rank: number | undefined; why?: string }[] = [];
  for (const question of questions) {
    let query = question.question;
    if (rewrite) {
      const called = valueOf(await rewrite(question.question, { timeoutMs: CALL_TIMEOUT_MS }), 'rewriteQuery', CALL_TIMEOUT_MS);
      // A hidden question is not quoted to the learner: its wording is the secret.
      const asked = question.hidden ? `hidden question ${question.id}` : `"${question.question}"`;
      if ('problem' in called) return failed(`${called.problem} (for ${asked})`, job);
      const rewritten = called.value;
      if (typeof rewritten !== 'string' || rewritten.trim() === '') return failed(`rewriteQuery must return the query as a non-empty string; for ${asked} it returned ${question.hidden ? typeof rewritten : JSON.stringify(rewritten)}.`, job);
      query = rewritten;
    }
    const ranked = search.search(query).map((hit) => chunks[hit.id as number] as Chunk);
    const answer = normalize(question.answer);
    const position = ranked.findIndex((chunk) => chunk.normalized.includes(answer));
    const rank = position >= 0 && position < k ? position + 1 : undefined;
    // A hidden question's miss names no chunk: that would point at its answer.
    const why = question.hidden ? `its answer is not in the top ${plural(k, 'chunk')}.` : diagnoseMiss({ question, query, answer, chunks, ranked, k, maxChunkTokens });
    results.push(rank ? { question, rank } : { question, rank, why });
  }

  const found = results.filter((result) => result.rank !== undefined).length;
  const recall = found / results.length;
  const mrr = results.reduce((sum, result) => sum + (result.rank ? 1 / result.rank : 0), 0) / results.length;
  const oversized = chunks.filter((chunk) => tokensOf(chunk.text) > maxChunkTokens).sort((a, b) => b.text.length - a.text.length);
  const sizes = chunks.map((chunk) => tokensOf(chunk.text)).sort((a, b) => a - b);
  const median = sizes[Math.floor(sizes.length / 2)] ?? 0;

  const hollow = chunks.filter((chunk) => !holdsText(chunk, documents));

  const misses = results.filter((result) => result.rank === undefined);
  const missLines = misses.map((result) => `✗ ${label(result.question)}: ${result.why ?? ''}`);
  const hitLines = results.filter((result) => result.rank !== undefined).map((result) => `✓ ${label(result.question)}: rank ${String(result.rank)}`);
  const tests: CheckTest[] = [
    {
      name: `every chunk fits ${maxChunkTokens} tokens`,
      status: oversized.length === 0 ? 'pass' : 'fail',
      ...(oversized.length === 0
        ? {}
        : { message: `${oversized.length} of ${plural(chunks.length, 'chunk')} ${oversized.length === 1 ? 'is' : 'are'} larger than ${maxChunkTokens} tokens, the largest ${tokensOf(oversized[0]?.text ?? '')} (from ${oversized[0]?.docId ?? '?'}). ${plural(k, 'chunk')} must fit in a prompt: split them further.` }),
      output: `${plural(chunks.length, 'chunk')} from ${plural(documents.length, 'document')}; sizes ${sizes[0] ?? 0}–${sizes[sizes.length - 1] ?? 0} tokens, median ${median}.`,
    },
    {
      name: 'every chunk holds text, not only headings',
      status: hollow.length === 0 ? 'pass' : 'fail',
      ...(hollow.length === 0
        ? {}
        : {
            message: `${hollow.length === 1 ? 'Chunk' : 'Chunks'} ${hollow.map((chunk) => `${chunk.index} (from ${chunk.docId}: ${JSON.stringify(chunk.text.slice(0, 60))})`).join(', ')} ${hollow.length === 1 ? 'holds no text of its document' : 'hold no text of their documents'} beyond the headings. Every chunk must hold some of its document's text: leave out chunks that would be empty or only headings.`,
          }),
    },
    {
      name: `recall@${k} is at least ${pct(minRecall)}`,
      status: recall >= minRecall ? 'pass' : 'fail',
      ...(recall >= minRecall ? {} : { message: `${found} of ${results.length} answers are in the top ${plural(k, 'chunk')} (${pct(recall)}).${misses.length > 0 ? ` Missed: ${misses.map((m) => m.question.id).join(', ')}.` : ''}` }),
      output: [...missLines, ...hitLines].join('\n'),
    },
    {
      name: `MRR@${k} is at least ${minMrr.toFixed(2)}`,
      status: mrr >= minMrr ? 'pass' : 'fail',
      ...(mrr >= minMrr ? {} : { message: `MRR@${k} is ${mrr.toFixed(2)}: answers that are found rank low. Chunks that each hold one topic, named by their heading, rank higher.` }),
    },
  ];
  const passed = tests.every((test) => test.status === 'pass');
  return {
    ok: true,
    tests,
    message: passed
      ? `Recall@${k} ${pct(recall)}, MRR ${mrr.toFixed(2)} over ${results.length} questions.`
      : `Not yet: ${[
          ...(oversized.length > 0 ? [`${plural(oversized.length, 'chunk')} ${oversized.length === 1 ? 'is' : 'are'} over ${maxChunkTokens} tokens`] : []),
          ...(hollow.length > 0 ? [`${plural(hollow.length, 'chunk')} ${hollow.length === 1 ? 'holds' : 'hold'} only headings or nothing`] : []),
          ...(recall < minRecall ? [`recall@${k} is ${pct(recall)} (needs ${pct(minRecall)})`] : []),
          ...(mrr < minMrr ? [`MRR@${k} is ${mrr.toFixed(2)} (needs ${minMrr.toFixed(2)})`] : []),
        ].join('; ')}.`,
    score: Number(recall.toFixed(3)),
  };
}

/** The words of a text, as the index sees them: letters and digits, in lower case. */
function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * Whether a chunk holds some text of its document beyond the headings: a word that is neither
 * in a heading of its document (of any document, when docId names none) nor in its docId. A
 * chunk of only a heading path, or of nothing, does not.
 */
function holdsText(chunk: Chunk, documents: { id: string; text: string }[]): boolean {
  const own = documents.filter((document) => document.id === chunk.docId);
  const labels = new Set(wordsOf(chunk.docId));
  for (const document of own.length > 0 ? own : documents) {
    for (const heading of document.text.matchAll(/^ {0,3}#{1,6}[ \t]+(.*)$/gm)) for (const word of wordsOf(heading[1] ?? '')) labels.add(word);
  }
  return wordsOf(chunk.text).some((word) => !labels.has(word));
}

function label(question: RetrievalQuestion): string {
  return question.hidden ? `hidden question ${question.id}` : `${question.id} "${question.question}"`;
}

function pct(value: number): string {
  return `${Math.round(value * 100)} %`;
}

function chunkShapeProblem(raw: unknown, name: string): string | undefined {
  if (!Array.isArray(raw)) return `${name} must return an array of chunks ({ docId, text }); it returned ${raw === undefined ? 'nothing' : typeof raw}.`;
  if (raw.length === 0) return `${name} returned no chunks.`;
  const bad = raw.findIndex((chunk: unknown) => typeof (chunk as { text?: unknown })?.text !== 'string' || typeof (chunk as { docId?: unknown })?.docId !== 'string');
  if (bad >= 0) return `chunk ${bad} is ${JSON.stringify(raw[bad])?.slice(0, 80)}: every chunk needs a string "docId" and a string "text".`;
  return undefined;
}

function failed(message: string, job: RetrievalJob): CheckAnswer {
  return { ok: true, message: `${job.entryFile}: ${message}`, tests: [{ name: `${job.exportName} returns chunks`, status: 'fail', message }], score: 0 };
}
