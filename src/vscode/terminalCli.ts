import { constants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** The variable the launchers in dist/bin read: an executable that runs as Node with ELECTRON_RUN_AS_NODE=1. */
export const NODE_VARIABLE = 'AI_PRACTICE_NODE';

/**
 * `ai-practice` in VS Code's integrated terminal: the extension's dist/bin (launchers for sh and
 * for cmd/PowerShell, running dist/cli.js) goes first on the PATH of the terminals, and
 * AI_PRACTICE_NODE names the extension host's own executable, so the CLI runs where no Node.js
 * is installed. The collection is persistent (VS Code's default): terminals restored with the
 * window have the CLI before the extension activates; activation sets the values again, and VS
 * Code offers to relaunch a terminal whose values changed (after an update of the extension).
 * Terminals already open when the collection first appears keep their environment until
 * relaunched.
 */
export function registerTerminalCli(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  const binDir = vscode.Uri.joinPath(context.extensionUri, 'dist', 'bin').fsPath;
  const collection = context.environmentVariableCollection;
  collection.persistent = true;
  collection.description = new vscode.MarkdownString(vscode.l10n.t('Runs the `ai-practice` command line of AI Practice in this terminal.'));
  collection.prepend('PATH', binDir + path.delimiter);
  collection.replace(NODE_VARIABLE, process.execPath);
  void ensureExecutable(path.join(binDir, 'ai-practice'), log);
}

/**
 * The shell launcher must be executable for a shell to run it from PATH. The .vsix keeps the bit
 * and VS Code restores it when it installs; should an installer have dropped it, it is set back.
 */
async function ensureExecutable(launcher: string, log: vscode.LogOutputChannel): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    await fs.access(launcher, constants.X_OK);
  } catch {
    try {
      await fs.chmod(launcher, 0o755);
      log.info(`Made ${launcher} executable for the terminal's ai-practice`);
    } catch (error) {
      log.warn(`ai-practice in the terminal: ${launcher} is not executable and could not be made so: ${(error as Error).message}`);
    }
  }
}
