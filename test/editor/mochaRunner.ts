import Mocha from 'mocha';
import * as path from 'node:path';

/**
 * Runs mocha test files inside the extension host, the way @vscode/test-electron's `run()`
 * contract expects: resolve when every test passed, reject otherwise.
 */
export async function runMochaFiles(files: string[]): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: 'spec' });
  for (const file of files) mocha.addFile(path.resolve(__dirname, file));
  await new Promise<void>((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} in-editor test(s) failed`)) : resolve()));
  });
}
