import { z } from 'zod';
import { functionName, packPath } from '../../schemaParts';
import type { ExerciseKind } from '../../packSchema';
import type { SimulatedFunctionJob } from '../simulatedFunction/runScenarios';
import { defineKind, type JobContext, type PackNewExample } from './kindDefinition';

/**
 * The settings of a kind whose check calls the learner's function against the local API
 * simulator, scenario by scenario: the same fields for each, with the kind's own defaults.
 */
export function simulatedFunctionSettings(kind: ExerciseKind, defaults: { entry: string; function: string }) {
  return z
    .strictObject({
      harness: packPath.meta({
        description:
          "TypeScript module, relative to the exercise folder, exporting `scenarios`: each a simulator scenario, the arguments to hand the learner's function, and a `check` of the outcome. Never copied to learners.",
      }),
      entry: packPath.default(defaults.entry).meta({ description: "The learner's module, relative to the exercise folder in the workspace; it must be one of the starter files." }),
      function: functionName(defaults.function).default(defaults.function).meta({ description: 'The function the module exports and the check calls.' }),
      scenarioTimeoutSeconds: z.int().min(1).max(120).default(5).meta({ description: 'How long one scenario may run before the check stops waiting for it.' }),
    })
    .meta({ description: `How a ${kind} exercise is checked.` });
}

/** The job of a simulated-function check: the learner's module, the harness and the time each run may take. */
export function simulatedFunctionJob(settings: { scenarioTimeoutSeconds: number }, context: JobContext): SimulatedFunctionJob {
  return { ...context.learnerCode(), harnessPath: context.harnessPath(), scenarioTimeoutMs: settings.scenarioTimeoutSeconds * 1000 };
}

/**
 * A kind checked by playing the harness's scenarios: each is a conversation the simulator
 * plays, arguments for the learner's function (which gets an SDK client pointed at the
 * simulator) and a check of the outcome (its result, its requests, the tools it ran).
 */
export function simulatedFunctionKind<const Kind extends ExerciseKind, const Section extends string>(options: {
  kind: Kind;
  section: Section;
  defaults: { entry: string; function: string };
  packNewExample: PackNewExample;
}) {
  return defineKind({
    kind: options.kind,
    section: options.section,
    settings: simulatedFunctionSettings(options.kind, options.defaults),
    files: { learner: ['entry'], pack: ['harness'] },
    sectionExample: `"${options.section}": { "harness": "check/scenarios.ts" }`,
    mainFile: (settings) => settings.entry,
    packNewExample: options.packNewExample,
    check: {
      where: 'check-process',
      learner: (settings) => ({ entry: settings.entry, function: settings.function, sdkClient: true }),
      job: simulatedFunctionJob,
      async judge(job: SimulatedFunctionJob) {
        // Loaded for these kinds only: it brings the SDK, zod and the simulator along.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { runSimulatedScenarios } = require('../simulatedFunction/runScenarios') as typeof import('../simulatedFunction/runScenarios');
        return runSimulatedScenarios(job);
      },
    },
  });
}
