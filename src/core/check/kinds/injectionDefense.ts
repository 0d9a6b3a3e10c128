import { simulatedFunctionKind } from './simulatedFunction';

/** The learner defends an assistant; the simulator plays a model that untrusted text can hijack, and only effects are judged. */
export const injectionDefense = simulatedFunctionKind({
  kind: 'injection-defense',
  section: 'injectionDefense',
  defaults: { entry: 'assistant.ts', function: 'handleRequest' },
  packNewExample: {
    builtin: 'inbox-assistant-injection',
    skill: { id: 'production', title: 'Production', summary: 'Cost, and defences that hold when the model is hijacked.' },
    note: 'injection-defense: the simulator plays a hijackable model; check/scenarios.ts judges effects only, with benign cases as a utility floor.',
  },
});
