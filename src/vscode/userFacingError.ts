import * as vscode from 'vscode';

/**
 * Shows an error from a command. Problems the user can fix (UserError from the core, matched
 * by name because the core is a separately loaded bundle) are shown as they are; anything
 * else is a bug: logged with its stack, with a button to the log.
 */
export function showCommandError(error: unknown, log: vscode.LogOutputChannel): void {
  // Not awaited: a command must finish even while its message waits to be dismissed.
  const named = error as { name?: string; message?: string; fix?: string } | undefined;
  if (named?.name === 'UserError' || named?.name === 'PackInvalidError') {
    log.warn(named.message ?? String(error));
    const message = named.fix ? `${named.message} ${named.fix}` : (named.message ?? String(error));
    void vscode.window.showErrorMessage(message);
    return;
  }
  log.error(error instanceof Error ? error : String(error));
  const showLog = vscode.l10n.t('Show Log');
  void vscode.window
    .showErrorMessage(vscode.l10n.t('AI Practice hit an internal error: {0}', error instanceof Error ? error.message : String(error)), showLog)
    .then((choice) => (choice === showLog ? log.show() : undefined));
}
