import * as path from 'node:path';
import { z } from 'zod';
import { packPath } from '../../schemaParts';
import { DEFAULT_MODEL_SETTINGS } from '../../model/modelSettings';
import { fileTimestamp, STATE_DIR } from '../../workspaceLayout';
import type { CheckOptions } from '../checkEngine';
import type { PackExercise } from '../../packLoader';
import type { CheckReport } from '../report';
import { defineKind, inFolder } from './kindDefinition';

const settings = z
  .strictObject({
    system: packPath.default('system.md').meta({ description: 'The system prompt the learner edits: a starter file.' }),
    user: packPath
      .default('user.md')
      .meta({ description: 'The user-message template the learner edits: a starter file. `{{name}}` is replaced by the case input `name`.' }),
    cases: packPath
      .default('cases.jsonl')
      .meta({
        description:
          'The visible cases (JSONL): a starter file, read from the pack when checking so editing the workspace copy changes nothing. Each line: `id`, `input` (placeholder values), `expected` (the exact JSON reply) and/or `assert` (assertions), optional `mustPass`, `description` and `review` ({ failure, mentions }).',
      }),
    hiddenCases: packPath.optional().meta({ description: 'More cases of the same shape, in the pack only; the report names them by description and never shows their inputs or expected values.' }),
    outputSchema: packPath.optional().meta({ description: 'A JSON Schema file the reply must match (the `schema` assertion, and part of `expected`).' }),
    untrustedInputs: z
      .array(z.string())
      .default([])
      .meta({ description: 'Inputs that carry untrusted text (a ticket, an email); the offline review checks the prompt delimits them.' }),
    samples: z.int().min(1).max(10).default(3).meta({ description: 'How many times each case is sent to the model.' }),
    minPasses: z.int().min(1).max(10).optional().meta({ description: 'Samples a case must pass (default: two thirds of the samples, rounded up). `mustPass` cases must pass every sample.' }),
    maxTokens: z.int().min(1).max(8192).default(400).meta({ description: 'max_tokens of each call; also bounds the cost estimate.' }),
    temperature: z
      .never({ error: 'the Messages API no longer takes sampling parameters (API version 2026-10-21 refuses temperature at any value); remove it, and use samples and minPasses for variation' })
      .optional()
      .meta({ description: 'No longer allowed: requests carry no sampling parameters, which API version 2026-10-21 refuses.' }),
    concurrency: z.int().min(1).max(32).default(4).meta({ description: 'Calls in flight at once.' }),
    recordings: packPath.default('check/recordings').meta({ description: 'Folder of recordings (JSON) that the replay provider answers from.' }),
    simulatorScenario: packPath
      .optional()
      .meta({
        description:
          'What played the model when the recordings were made without a real one; the recordings say so in their provenance. A scenario (.json: rules as data), or a TypeScript module (.ts) exporting `respond(request, facts)` (a model written as code that answers from what each request carries), optionally `rules` (scenario rules, tried when respond leaves a request) and `model` (its id). scripts/record-prompts.mjs plays it; never copied to learners.',
      }),
  })
  .refine((value) => value.minPasses === undefined || value.minPasses <= value.samples, { message: 'minPasses cannot exceed samples', path: ['minPasses'] })
  .meta({ description: 'How a prompt-debugging exercise is checked: its prompt runs against a model, every case several times.' });

export type PromptDebuggingConfig = z.output<typeof settings>;

/**
 * The learner edits a prompt; every case runs against a model (live, or replayed from the
 * pack's recordings) several times. No workspace code runs, so the check runs in the caller.
 */
export const promptDebugging = defineKind({
  kind: 'prompt-debugging',
  section: 'promptDebugging',
  settings,
  files: { learner: ['system', 'user', 'cases'], pack: ['hiddenCases', 'outputSchema', 'simulatorScenario'], packDirs: ['recordings'] },
  sectionExample: '"promptDebugging": { "samples": 3, "hiddenCases": "check/hidden-cases.jsonl" }',
  mainFile: (config) => config.system,
  packNewExample: {
    builtin: 'contact-extraction-prompt',
    skill: { id: 'prompting', title: 'Prompting', summary: 'Prompts judged by cases, several samples each.' },
    note: 'prompt-debugging: the learner edits a prompt; cases run against a model, or replay from check/recordings/.',
  },
  check: {
    where: 'caller',
    async run(config, exercise, folder, workspace, options): Promise<CheckReport> {
      const model = options.model ?? DEFAULT_MODEL_SETTINGS;
      const store = answerStore(config, exercise, workspace, options);
      return promptCheck().runPromptCheck(exercise, folder, workspace, {
        model,
        ...store,
        recordTo: model.record && store.recordTo ? { file: store.recordTo, title: options.recordTitle ?? 'a live run' } : undefined,
        concurrency: options.concurrency,
        signal: options.signal,
        onProgress: options.onProgress,
      });
    },
    estimate(config, exercise, folder, workspace, options) {
      return promptCheck().estimatePromptCheck(exercise, folder, workspace, { model: options.model ?? DEFAULT_MODEL_SETTINGS, ...answerStore(config, exercise, workspace, options) });
    },
  },
});

/** Loaded for this kind only: it brings the SDK along. */
function promptCheck(): typeof import('../promptDebugging/runPromptCheck') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../promptDebugging/runPromptCheck') as typeof import('../promptDebugging/runPromptCheck');
}

/** Where answers come from: the pack's recordings, then the judge's store, or (a learner's own check) the workspace's. */
function answerStore(config: PromptDebuggingConfig, exercise: PackExercise, workspace: string, options: CheckOptions): { cacheDir: string | undefined; recordingDirs: string[]; recordTo: string | undefined } {
  const own = path.join(workspace, STATE_DIR, 'recordings', exercise.id);
  const store = options.answers ?? {
    cacheDir: path.join(workspace, STATE_DIR, 'cache', 'model'),
    recordingDirs: [own],
    recordTo: options.recordTo ?? path.join(own, `${fileTimestamp(new Date())}.json`),
  };
  return { cacheDir: store.cacheDir, recordingDirs: [inFolder(exercise.dirPath, config.recordings), ...store.recordingDirs], recordTo: store.recordTo };
}
