import { runMochaFiles } from './mochaRunner';

/** Entry for the run with no folder open. */
export function run(): Promise<void> {
  return runMochaFiles(['emptyWindow.editor.js', 'emptyWindowProgress.editor.js']);
}
