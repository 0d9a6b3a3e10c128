import { runMochaFiles } from './mochaRunner';

/** Entry for the run with a practice folder open. */
export function run(): Promise<void> {
  return runMochaFiles(['roadmap.editor.js', 'exercises.editor.js', 'checks.editor.js', 'promptChecks.editor.js', 'simulator.editor.js', 'packSchema.editor.js', 'packs.editor.js', 'productionKinds.editor.js', 'terminal.editor.js', 'reference.editor.js', 'continue.editor.js', 'lastResults.editor.js', 'mentor.editor.js', 'progressPage.editor.js']);
}
