import { z } from 'zod';

/** The manifest format this version reads. A pack declares it in `formatVersion`. */
export const PACK_FORMAT_VERSION = 1;

export { PACK_MANIFEST_FILE } from './manifestName';

/** Every exercise kind the format knows; each gets a check handler. */
export const EXERCISE_KINDS = [
  'eval-dataset',
  'agent-loop',
  'prompt-debugging',
  'structured-output',
  'cost-optimization',
  'injection-defense',
  'retrieval',
  'judge-calibration',
] as const;

export const DIFFICULTIES = ['beginner', 'intermediate', 'advanced'] as const;

const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case words joined by single hyphens, e.g. "eval-datasets"')
  .max(64);

const text = z.string().trim().min(1, 'must not be empty');

/**
 * A path inside the pack, with forward slashes. Whether it escapes the pack or exists is
 * checked by the loader, which can also follow symlinks.
 */
const packPath = z
  .string()
  .min(1, 'must not be empty')
  .meta({ description: 'A path relative to its folder, with forward slashes; it may not leave the pack.' });

const link = z.strictObject({
  title: text,
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
});

const skill = z.strictObject({
  id: slug.meta({ description: 'Unique id of the skill; exercises name it in `skill`.' }),
  title: text,
  summary: text.meta({ description: 'What the skill is and why it matters, in two or three sentences.' }),
  prerequisites: z
    .array(slug)
    .default([])
    .meta({ description: 'Ids of skills to practise first.' }),
  links: z.array(link).default([]).meta({ description: 'Further reading.' }),
});

const area = z.strictObject({
  id: slug,
  title: text,
  summary: text,
  icon: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'must be a codicon name such as "beaker"')
    .optional()
    .meta({ description: 'A codicon name shown in the roadmap, e.g. "beaker".' }),
  skills: z.array(skill).min(1, 'an area needs at least one skill'),
});

const knownWrong = z.strictObject({
  dir: packPath.meta({ description: 'Folder, relative to the exercise folder, whose files replace the starter files.' }),
  reason: text.meta({ description: 'The mistake this solution makes; the check must reject it.' }),
});

const fieldPath = z
  .string()
  .regex(/^(input|expected)(\.[A-Za-z0-9_]+)+$/, 'must be a dotted path into a case, e.g. "expected.urgency"');

const evalDataset = z
  .strictObject({
    harness: packPath.meta({
      description:
        'TypeScript module, relative to the exercise folder, with the feature and its buggy variants. It exports `inputSchema` and `outputSchema` (zod), `variants` (variant id → the kind of bug, shown when a dataset misses it) and `run(input, variant?)`. Never copied to learners.',
    }),
    dataset: packPath
      .default('dataset.jsonl')
      .meta({ description: "The learner's JSONL file, relative to the exercise folder in the workspace; it must be one of the starter files." }),
    minCases: z.int().min(1).default(1).meta({ description: 'Fewest cases a passing dataset has.' }),
    minVariantsExposed: z.int().min(1).meta({ description: 'How many buggy variants a passing dataset must expose.' }),
    requiredTags: z.array(slug).default([]).meta({ description: 'Edge-case tags that at least one case must carry each.' }),
    requiredValues: z
      .record(fieldPath, z.array(z.union([z.string(), z.number(), z.boolean()])).min(1))
      .default({})
      .meta({ description: 'For a field path, the values at least one case each must have (a list field must contain them).' }),
    balancedFields: z
      .array(fieldPath)
      .default([])
      .meta({ description: 'Label fields where no single value may hold more than `maxLabelShare` of the cases.' }),
    maxLabelShare: z.number().gt(0).max(1).default(0.8),
    nearDuplicateSimilarity: z
      .number()
      .gt(0)
      .max(1)
      .default(0.9)
      .meta({ description: 'Two cases whose other input fields are equal and whose texts share this fraction of words are near-duplicates.' }),
  })
  .meta({ description: 'How an eval-dataset exercise is checked.' });

/**
 * Kinds whose check calls the learner's function against the local API simulator, scenario by
 * scenario (agent-loop, structured-output): the same settings, with their own defaults.
 */
function simulatedFunctionSettings(kind: string, defaults: { entry: string; function: string }) {
  return z
    .strictObject({
      harness: packPath.meta({
        description:
          'TypeScript module, relative to the exercise folder, exporting `scenarios`: each a simulator scenario, the arguments to hand the learner\'s function, and a `check` of the outcome. Never copied to learners.',
      }),
      entry: packPath.default(defaults.entry).meta({ description: "The learner's module, relative to the exercise folder in the workspace; it must be one of the starter files." }),
      function: z
        .string()
        .regex(/^[A-Za-z_$][\w$]*$/, 'must be a JavaScript identifier, e.g. "runAgent"')
        .default(defaults.function)
        .meta({ description: 'The function the module exports and the check calls.' }),
      scenarioTimeoutSeconds: z.int().min(1).max(120).default(5).meta({ description: 'How long one scenario may run before the check stops waiting for it.' }),
    })
    .meta({ description: `How a ${kind} exercise is checked.` });
}

const promptDebugging = z
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
    temperature: z.number().min(0).max(1).optional().meta({ description: "The calls' temperature; the model's default when absent." }),
    concurrency: z.int().min(1).max(32).default(4).meta({ description: 'Calls in flight at once.' }),
    recordings: packPath.default('check/recordings').meta({ description: 'Folder of recordings (JSON) that the replay provider answers from.' }),
    simulatorScenario: packPath
      .optional()
      .meta({ description: 'The simulator scenario the recordings were made with when no real model was used; the recordings say so in their provenance.' }),
  })
  .refine((value) => value.minPasses === undefined || value.minPasses <= value.samples, { message: 'minPasses cannot exceed samples', path: ['minPasses'] })
  .meta({ description: 'How a prompt-debugging exercise is checked: its prompt runs against a model, every case several times.' });

const costOptimization = simulatedFunctionSettings('cost-optimization', { entry: 'pipeline.ts', function: 'runPipeline' })
  .extend({
    harness: packPath.meta({
      description:
        'TypeScript module, relative to the exercise folder, exporting `workload` ({ rules, options }: the simulator scenario that plays the model tiers, and the arguments the pipeline gets), `baseline` (the pipeline the learner starts from) and `score(result)` ({ correct, total, wrong }). Never copied to learners.',
    }),
    maxCostRatio: z
      .number()
      .gt(0)
      .lt(1)
      .meta({ description: "The learner's pipeline passes when it costs at most this fraction of the baseline's (priced from the price table) with at least the baseline's accuracy." }),
    scenarioTimeoutSeconds: z.int().min(1).max(120).default(10).meta({ description: 'How long each run of the workload may take.' }),
  })
  .meta({ description: 'How a cost-optimization exercise is checked: the baseline and the learner\'s pipeline run the same workload against the simulator, and are priced.' });

const retrieval = z
  .strictObject({
    entry: packPath.default('chunker.ts').meta({ description: "The learner's module, relative to the exercise folder in the workspace; a starter file." }),
    function: z
      .string()
      .regex(/^[A-Za-z_$][\w$]*$/, 'must be a JavaScript identifier, e.g. "chunkDocuments"')
      .default('chunkDocuments')
      .meta({ description: 'The function that turns the documents ({ id, text }[]) into chunks ({ docId, text }[]). If the module also exports `rewriteQuery(question)`, questions go through it before the search.' }),
    documents: packPath
      .default('docs')
      .meta({ description: 'The document folder (Markdown or text files), inside the starter folder: the learner reads it, the check reads the pack\'s copy.' }),
    questions: packPath
      .default('questions.jsonl')
      .meta({ description: 'The visible questions (JSONL): a starter file, read from the pack. Each line: `id`, `question`, `answer` (a passage of a document that a retrieved chunk must contain whole).' }),
    hiddenQuestions: packPath.optional().meta({ description: 'More questions of the same shape, in the pack only; reports name them by id.' }),
    k: z.int().min(1).max(20).default(3).meta({ description: 'How many chunks the search returns per question.' }),
    minRecall: z.number().min(0).max(1).default(0.9).meta({ description: 'Recall@k to pass: the share of questions whose answer is inside one of the top k chunks.' }),
    minMrr: z.number().min(0).max(1).default(0.6).meta({ description: 'Mean reciprocal rank of the chunk holding the answer, to pass.' }),
    maxChunkTokens: z.int().min(10).max(8000).default(300).meta({ description: 'The largest chunk allowed (about four characters a token): k chunks must fit a prompt.' }),
  })
  .meta({ description: 'How a retrieval exercise is checked: the learner\'s chunks are indexed with BM25 and every question searched.' });

const agentLoop = simulatedFunctionSettings('agent-loop', { entry: 'agent.ts', function: 'runAgent' });
const injectionDefense = simulatedFunctionSettings('injection-defense', { entry: 'assistant.ts', function: 'handleRequest' });
const structuredOutput = simulatedFunctionSettings('structured-output', { entry: 'extract.ts', function: 'extract' });

const exercise = z.strictObject({
  id: slug.meta({ description: 'Unique id; the exercise is scaffolded into practice/<id>/.' }),
  title: text,
  summary: text.meta({ description: 'One line: what the learner does.' }),
  skill: slug.meta({ description: 'Id of the skill this exercise practises.' }),
  kind: z.enum(EXERCISE_KINDS).meta({ description: 'How the exercise is checked.' }),
  difficulty: z.enum(DIFFICULTIES),
  minutes: z.int().min(1).max(480).meta({ description: 'Time a learner needs, in minutes.' }),
  dir: packPath.meta({ description: 'The exercise folder, relative to the pack root.' }),
  instructions: packPath
    .default('README.md')
    .meta({ description: 'Markdown instructions, relative to the exercise folder.' }),
  starter: packPath
    .default('starter')
    .meta({ description: 'Folder of starter files copied into the workspace, relative to the exercise folder.' }),
  solution: packPath
    .default('solution')
    .meta({ description: 'Folder with the reference solution (files that replace starter files); never shown to learners.' }),
  knownWrong: z.array(knownWrong).default([]).meta({ description: 'Plausible wrong solutions the check must reject.' }),
  hints: z.array(text).min(1, 'give at least one hint').meta({ description: 'Hints, revealed one at a time.' }),
  timeoutSeconds: z
    .int()
    .min(1)
    .max(600)
    .default(20)
    .meta({ description: 'How long a check may run before it is stopped.' }),
  memoryMiB: z
    .int()
    .min(64)
    .max(8192)
    .default(1024)
    .meta({ description: "The most memory (MiB) the learner's code may use in a check before it is stopped." }),
  evalDataset: evalDataset.optional(),
  agentLoop: agentLoop.optional(),
  structuredOutput: structuredOutput.optional(),
  promptDebugging: promptDebugging.optional(),
  costOptimization: costOptimization.optional(),
  injectionDefense: injectionDefense.optional(),
  retrieval: retrieval.optional(),
});

export const packManifestSchema = z.strictObject({
  $schema: z.string().optional(),
  formatVersion: z.literal(PACK_FORMAT_VERSION),
  id: slug.meta({ description: 'Unique id of the pack; progress is kept per pack id.' }),
  title: text,
  version: z
    .string()
    .regex(/^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/, 'must be a semantic version such as "1.2.0"'),
  description: text.optional(),
  authors: z.array(text).min(1, 'name at least one author'),
  areas: z.array(area).min(1, 'a roadmap needs at least one area'),
  exercises: z.array(exercise),
});

export type PackManifest = z.output<typeof packManifestSchema>;
export type Area = PackManifest['areas'][number];
export type Skill = Area['skills'][number];
export type Exercise = PackManifest['exercises'][number];
export type EvalDatasetConfig = z.output<typeof evalDataset>;
export type AgentLoopConfig = z.output<typeof agentLoop>;
export type PromptDebuggingConfig = z.output<typeof promptDebugging>;
export type RetrievalConfig = z.output<typeof retrieval>;
export type ExerciseKind = (typeof EXERCISE_KINDS)[number];
export type Difficulty = (typeof DIFFICULTIES)[number];

/** The manifest's JSON Schema, published so editors complete and check pack manifests. */
export function packManifestJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(packManifestSchema, { io: 'input', target: 'draft-7' }),
    title: 'AI Engineering Practice exercise pack',
    // VS Code's JSON service reads these: the loader accepts comments and trailing commas,
    // so the editor must not flag them.
    allowComments: true,
    allowTrailingCommas: true,
  };
}
