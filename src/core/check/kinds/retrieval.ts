import { z } from 'zod';
import { functionName, packPath } from '../../schemaParts';
import type { RetrievalJob } from '../retrieval/runRetrievalCheck';
import { workspaceRelative } from '../../workspaceLayout';
import { defineKind, inFolder } from './kindDefinition';

const settings = z
  .strictObject({
    entry: packPath.default('chunker.ts').meta({ description: "The learner's module, relative to the exercise folder in the workspace; a starter file." }),
    function: functionName('chunkDocuments')
      .default('chunkDocuments')
      .meta({ description: 'The function that turns the documents ({ id, text }[]) into chunks ({ docId, text }[]). If the module also exports `rewriteQuery(question)`, questions go through it before the search.' }),
    documents: packPath
      .default('docs')
      .meta({ description: "The document folder (Markdown or text files), inside the starter folder: the learner reads it, the check reads the pack's copy." }),
    questions: packPath
      .default('questions.jsonl')
      .meta({ description: 'The visible questions (JSONL): a starter file, read from the pack. Each line: `id`, `question`, `answer` (a passage of a document that a retrieved chunk must contain whole).' }),
    hiddenQuestions: packPath.optional().meta({ description: 'More questions of the same shape, in the pack only; reports name them by id.' }),
    k: z.int().min(1).max(20).default(3).meta({ description: 'How many chunks the search returns per question.' }),
    minRecall: z.number().min(0).max(1).default(0.9).meta({ description: 'Recall@k to pass: the share of questions whose answer is inside one of the top k chunks.' }),
    minMrr: z.number().min(0).max(1).default(0.6).meta({ description: 'Mean reciprocal rank of the chunk holding the answer, to pass.' }),
    maxChunkTokens: z.int().min(10).max(8000).default(300).meta({ description: 'The largest chunk allowed (about four characters a token): k chunks must fit a prompt.' }),
  })
  .meta({ description: "How a retrieval exercise is checked: the learner's chunks are indexed with BM25 and every question searched." });

/** The learner's function chunks the documents; the chunks are indexed with BM25 and every question searched. */
export const retrieval = defineKind({
  kind: 'retrieval',
  section: 'retrieval',
  settings,
  files: { learner: ['entry', 'questions'], learnerDirs: ['documents'], pack: ['hiddenQuestions'] },
  sectionExample: '"retrieval": { "k": 3, "hiddenQuestions": "check/hidden-questions.jsonl" }',
  mainFile: (config) => config.entry,
  packNewExample: {
    builtin: 'handbook-chunking',
    skill: { id: 'retrieval', title: 'Retrieval', summary: 'Chunks that search can find.' },
    note: 'retrieval: the learner chunks starter/docs; questions with known answer passages are searched with BM25.',
  },
  check: {
    where: 'check-process',
    learner: (config) => ({ entry: config.entry, function: config.function, sdkClient: false }),
    job(config, context): RetrievalJob {
      // The documents and questions are the pack's copies: editing the workspace's changes nothing.
      const { exercise, folder, workspace } = context;
      return {
        ...context.learnerCode(),
        documentsDir: inFolder(exercise.starterDir, config.documents),
        questionsPath: inFolder(exercise.starterDir, config.questions),
        questionsFile: workspaceRelative(workspace, inFolder(folder, config.questions)),
        ...(config.hiddenQuestions ? { hiddenQuestionsPath: inFolder(exercise.dirPath, config.hiddenQuestions) } : {}),
        config: { k: config.k, minRecall: config.minRecall, minMrr: config.minMrr, maxChunkTokens: config.maxChunkTokens },
      };
    },
    async judge(job) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { runRetrievalCheck } = require('../retrieval/runRetrievalCheck') as typeof import('../retrieval/runRetrievalCheck');
      return runRetrievalCheck(job);
    },
  },
});
