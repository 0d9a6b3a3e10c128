import { z } from 'zod';
import { packPath } from '../../schemaParts';
import type { CostOptimizationJob } from '../costOptimization/runCostCheck';
import { defineKind } from './kindDefinition';
import { simulatedFunctionJob, simulatedFunctionSettings } from './simulatedFunction';

const settings = simulatedFunctionSettings('cost-optimization', { entry: 'pipeline.ts', function: 'runPipeline' })
  .extend({
    harness: packPath.meta({
      description:
        'TypeScript module, relative to the exercise folder, exporting `workload` ({ respond, rules, options }: what plays the model tiers, a responder function `respond(request, facts)` that answers each request as a rule would, simulator scenario rules, or both, the responder first; and the arguments the pipeline gets), `baseline` (the pipeline the learner starts from) and `score(result)` ({ correct, total, wrong }). Never copied to learners.',
    }),
    maxCostRatio: z
      .number()
      .gt(0)
      .lt(1)
      .meta({ description: "The learner's pipeline passes when it costs at most this fraction of the baseline's (priced from the price table) with at least the baseline's accuracy." }),
    scenarioTimeoutSeconds: z.int().min(1).max(120).default(10).meta({ description: 'How long each run of the workload may take.' }),
  })
  .meta({ description: "How a cost-optimization exercise is checked: the baseline and the learner's pipeline run the same workload against the simulator, and are priced." });

/** The baseline and the learner's pipeline run the same workload against the simulator; both are priced, and accuracy must hold. */
export const costOptimization = defineKind({
  kind: 'cost-optimization',
  section: 'costOptimization',
  settings,
  files: { learner: ['entry'], pack: ['harness'] },
  sectionExample: '"costOptimization": { "harness": "check/workload.ts", "maxCostRatio": 0.25 }',
  mainFile: (config) => config.entry,
  packNewExample: {
    builtin: 'support-routing-costs',
    skill: { id: 'production', title: 'Production', summary: 'Cost, and defences that hold when the model is hijacked.' },
    note: "cost-optimization: the baseline and the learner's pipeline run check/workload.ts against the simulator and are priced; accuracy must hold.",
  },
  check: {
    where: 'check-process',
    learner: (config) => ({ entry: config.entry, function: config.function, sdkClient: true }),
    job: (config, context): CostOptimizationJob => ({ ...simulatedFunctionJob(config, context), maxCostRatio: config.maxCostRatio }),
    async judge(job) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { runCostCheck } = require('../costOptimization/runCostCheck') as typeof import('../costOptimization/runCostCheck');
      return runCostCheck(job);
    },
  },
});
