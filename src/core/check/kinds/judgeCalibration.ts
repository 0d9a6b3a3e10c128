import * as path from 'node:path';
import { z } from 'zod';
import { packPath } from '../../schemaParts';
import { STATE_DIR } from '../../workspaceLayout';
import type { ModelSettings } from '../../model/modelSettings';
import type { CheckOptions } from '../checkEngine';
import { defineKind } from './kindDefinition';

const rate = z.number().gt(0).max(1);

const settings = z
  .strictObject({
    system: packPath.default('judge-system.md').meta({ description: "The judge's system prompt the learner writes: a starter file." }),
    user: packPath
      .default('judge-user.md')
      .meta({ description: "The judge's user-message template: a starter file. `{{name}}` is replaced by the trace's input field `name`." }),
    traces: packPath
      .default('traces.jsonl')
      .meta({
        description:
          "The labelled traces the learner studies (JSONL): a starter file, read from the pack when checking. Each line: `id`, `input` (the trace's fields, the prompt's placeholders), `label` (\"fail\" when the failure mode is there, else \"pass\") and an optional `note` (the labeller's critique).",
      }),
    heldOutTraces: packPath.meta({ description: 'More labelled traces of the same shape, in the pack only: the rates that decide the check are measured on them, and the report never names one.' }),
    simulatedJudge: packPath.meta({
      description:
        "The model that plays the judge offline: a TypeScript module exporting `respond(request, facts)`, an honest simulated model that answers from what each request carries. Never copied to learners.",
    }),
    minTruePositiveRate: rate.default(0.9).meta({ description: 'The share of held-out failures the judge must catch.' }),
    minTrueNegativeRate: rate.default(0.9).meta({ description: 'The share of held-out good traces the judge must pass.' }),
    maxTokens: z.int().min(1).max(8192).default(400).meta({ description: "max_tokens of each judge call (one sample per trace)." }),
    concurrency: z.int().min(1).max(32).default(4).meta({ description: 'Calls in flight at once.' }),
  })
  .meta({ description: "How a judge-calibration exercise is checked: the learner's judge prompt judges every labelled trace, and its verdicts are compared with the labels." });

export type JudgeCalibrationConfig = z.output<typeof settings>;

/**
 * The learner writes an LLM judge (a prompt) for one failure mode; it judges labelled traces
 * and is measured against the people's labels: true-positive and true-negative rates on
 * held-out traces. Offline, the pack's simulated judge model plays it.
 */
export const judgeCalibration = defineKind({
  kind: 'judge-calibration',
  section: 'judgeCalibration',
  settings,
  files: { learner: ['system', 'user', 'traces'], pack: ['heldOutTraces', 'simulatedJudge'] },
  sectionExample: '"judgeCalibration": { "heldOutTraces": "check/held-out.jsonl", "simulatedJudge": "check/judge-model.ts" }',
  mainFile: (config) => config.system,
  packNewExample: {
    builtin: 'refund-promise-judge',
    skill: { id: 'llm-as-judge', title: 'LLM-as-judge', summary: 'A judge for one failure mode, measured against labels.' },
    note: "judge-calibration: the learner writes a judge prompt; its verdicts on labelled traces give true-positive and true-negative rates.",
  },
  check: {
    where: 'caller',
    async run(config, exercise, folder, workspace, options) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { runJudgeCalibration } = require('../judgeCalibration/runJudgeCalibration') as typeof import('../judgeCalibration/runJudgeCalibration');
      const live = liveModel(options);
      return runJudgeCalibration(exercise, config, folder, workspace, {
        live,
        cacheDir: options.answers ? options.answers.cacheDir : path.join(workspace, STATE_DIR, 'cache', 'model'),
        signal: options.signal,
      });
    },
  },
});

/**
 * The model a learner's judge runs against live: an Anthropic key or a compatible endpoint in
 * the settings. Otherwise (no key, replay, and always when a grader re-checks, so a grade
 * does not depend on a live model's day) the pack's simulated judge plays it.
 */
function liveModel(options: CheckOptions): ModelSettings | undefined {
  const model = options.model;
  if (!model || options.answers) return undefined;
  if (model.provider === 'compatible' && model.baseUrl) return model;
  if (model.provider === 'anthropic' && model.apiKey) return model;
  return undefined;
}
