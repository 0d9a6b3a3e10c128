import { simulatedFunctionKind } from './simulatedFunction';

/** The learner turns a model's answer into a validated object; the simulator plays the model's answers. */
export const structuredOutput = simulatedFunctionKind({
  kind: 'structured-output',
  section: 'structuredOutput',
  defaults: { entry: 'extract.ts', function: 'extract' },
  packNewExample: {
    builtin: 'triage-structured-output',
    skill: { id: 'structured-output', title: 'Structured output', summary: 'Validated objects from model text.' },
    note: "structured-output: like agent-loop, for code that turns a model's answer into a validated object.",
  },
});
