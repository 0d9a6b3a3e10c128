import type { EvalDatasetConfig } from '../packSchema';
import type { CostOptimizationJob } from './costOptimization/runCostCheck';
import type { RetrievalJob } from './retrieval/runRetrievalCheck';
import type { SimulatedFunctionJob } from './simulatedFunction/runScenarios';
import type { CheckTest } from './report';
import type { Confinement } from './learner/confinement';

/** What the parent hands the check process: everything it needs, as plain data. */
export type CheckJob =
  | {
  kind: 'eval-dataset';
  harnessPath: string;
  datasetPath: string;
  /** The dataset's path relative to the workspace, for locations in the report. */
  datasetFile: string;
  config: EvalDatasetConfig;
}
  | ({ kind: 'simulated-function' } & SimulatedFunctionJob)
  | ({ kind: 'cost-optimization' } & CostOptimizationJob)
  | ({ kind: 'retrieval' } & RetrievalJob);

/** What the check process answers. */
export type CheckAnswer =
  | {
  ok: true;
  tests: CheckTest[];
  message: string;
  /** Partial credit from 0 to 1, when the kind has its own measure. */
  score?: number;
  /** How the learner's code was confined, for the kinds that run it. */
  confinement?: Confinement;
}
  | { ok: false; errorIn: 'exercise' | 'harness'; message: string; detail?: string };
