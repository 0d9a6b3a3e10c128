import { z } from 'zod';
import { packPath, slug } from '../../schemaParts';
import type { EvalDatasetJob } from '../evalDataset/runEvalDatasetCheck';
import { workspaceRelative } from '../../workspaceLayout';
import { defineKind, inFolder } from './kindDefinition';

const fieldPath = z
  .string()
  .regex(/^(input|expected)(\.[A-Za-z0-9_]+)+$/, 'must be a dotted path into a case, e.g. "expected.urgency"');

const settings = z
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

export type EvalDatasetConfig = z.output<typeof settings>;

/** The learner writes JSONL cases; the harness holds the feature and its buggy variants, and each case runs against all of them. */
export const evalDataset = defineKind({
  kind: 'eval-dataset',
  section: 'evalDataset',
  settings,
  files: { learner: ['dataset'], pack: ['harness'] },
  sectionExample: '"evalDataset": { "harness": …, "minVariantsExposed": … }',
  mainFile: (config) => config.dataset,
  packNewExample: {
    builtin: 'retry-policy-eval-dataset',
    skill: { id: 'evaluation', title: 'Evaluation', summary: 'Datasets that catch broken features.' },
    note: 'eval-dataset: the learner writes JSONL cases; the harness holds the feature and its buggy variants.',
  },
  check: {
    where: 'check-process',
    job(config, { folder, workspace, harnessPath }): EvalDatasetJob {
      const datasetPath = inFolder(folder, config.dataset);
      return { harnessPath: harnessPath(), datasetPath, datasetFile: workspaceRelative(workspace, datasetPath), config };
    },
    async judge(job) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { runEvalDatasetCheck } = require('../evalDataset/runEvalDatasetCheck') as typeof import('../evalDataset/runEvalDatasetCheck');
      return runEvalDatasetCheck(job);
    },
  },
});
