import { simulatedFunctionKind } from './simulatedFunction';

/** The learner writes a tool-using loop; the simulator plays the model, scenario by scenario. */
export const agentLoop = simulatedFunctionKind({
  kind: 'agent-loop',
  section: 'agentLoop',
  defaults: { entry: 'agent.ts', function: 'runAgent' },
  packNewExample: {
    builtin: 'agent-loop-basics',
    skill: { id: 'agents', title: 'Agents', summary: 'Tool-using loops that survive a real API.' },
    note: 'agent-loop: the learner writes a function; check/scenarios.ts plays the model in the simulator and judges the outcome.',
  },
});
