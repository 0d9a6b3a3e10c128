import { simulatedFunctionKind } from './simulatedFunction';

/**
 * The learner writes a function that uses a model (a call, a stream, a pipeline, a guardrail…);
 * the simulator plays the model, scenario by scenario, and the harness judges what the function
 * returned, sent and did. The general kind for code against the Messages API that is neither an
 * agent loop nor structured output.
 */
export const llmFunction = simulatedFunctionKind({
  kind: 'llm-function',
  section: 'llmFunction',
  defaults: { entry: 'main.ts', function: 'run' },
  packNewExample: {
    builtin: 'front-desk-messages-api',
    skill: { id: 'messages-api', title: 'Calling a model', summary: 'The Messages API, used right.' },
    note: 'llm-function: the learner writes a function that uses a model; check/scenarios.ts plays the model in the simulator and judges what it returned and sent.',
  },
});
