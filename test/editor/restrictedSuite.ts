import { runMochaFiles } from './mochaRunner';

/** Entry for the run in an untrusted folder (Restricted Mode). */
export function run(): Promise<void> {
  return runMochaFiles(['restricted.editor.js']);
}
