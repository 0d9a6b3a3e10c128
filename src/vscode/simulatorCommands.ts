import * as vscode from 'vscode';
import type { Simulator } from '../core/simulator/server';
import { loadCore } from './lazyCore';
import type { PracticeSession } from './practiceSession';
import { showCommandError } from './userFacingError';

/**
 * Start / Stop Local API Simulator: the Messages API simulator inside the extension host, for
 * the learner's own code to call. A status bar item shows where it listens; requests go to the
 * AI Practice log.
 */
export function registerSimulatorCommands(session: PracticeSession): vscode.Disposable[] {
  let running: { simulator: Simulator; label: string } | undefined;
  const item = vscode.window.createStatusBarItem('aiPractice.simulator', vscode.StatusBarAlignment.Left, 40);
  item.name = vscode.l10n.t('AI Practice Simulator');
  item.command = 'aiPractice.stopSimulator';

  const announce = (simulator: Simulator, label: string): void => {
    const copy = vscode.l10n.t('Copy Base URL');
    const stop = vscode.l10n.t('Stop');
    void vscode.window
      .showInformationMessage(vscode.l10n.t('The local Messages API simulator ({0}) listens on {1}. Use it as the SDK\'s baseURL, with any API key.', label, simulator.url), copy, stop)
      .then((choice) => {
        if (choice === copy) void vscode.env.clipboard.writeText(simulator.url);
        if (choice === stop) void vscode.commands.executeCommand('aiPractice.stopSimulator');
      });
  };

  /** `argument.scenario`: "echo", a scenario file's path or a model module's (.ts, exporting respond); without it, the user picks. */
  const start = async (argument?: { scenario?: string }): Promise<void> => {
    if (running) return announce(running.simulator, running.label);
    const core = loadCore();
    const given = argument?.scenario ?? (await pickScenario(session));
    if (!given) return;
    // A model written as code runs in this process: only in a trusted workspace.
    if (given !== 'echo' && !/\.jsonc?$/i.test(given) && !vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage(vscode.l10n.t('A simulated model written as code runs only in a trusted workspace.'));
      return;
    }
    const simulated = given === 'echo' ? undefined : await core.loadSimulatedModel(given);
    const label = given === 'echo' ? 'echo' : vscode.workspace.asRelativePath(given);
    const simulator = await core.startSimulator({
      ...(simulated ? { ...simulated, scenarioName: label } : {}),
      onRequest: (entry) => session.log.info(`simulator #${entry.index + 1} ${entry.method} ${entry.path} → ${entry.status || entry.fault || 'no answer'}${entry.rule ? ` (rule "${entry.rule}")` : ''}`),
    });
    running = { simulator, label };
    session.log.info(`Simulator (${label}) listening on ${simulator.url}`);
    item.text = `$(radio-tower) ${simulator.url.replace('http://', '')}`;
    item.tooltip = vscode.l10n.t('Local Messages API simulator ({0}). Click to stop it.', label);
    item.show();
    announce(simulator, label);
  };

  const stop = async (): Promise<void> => {
    if (!running) return;
    const { simulator } = running;
    running = undefined;
    item.hide();
    await simulator.close();
    session.log.info(`Simulator stopped after ${simulator.received} requests`);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Simulator stopped after {0} requests', simulator.received), 4000);
  };

  const guarded = <T>(run: (argument?: T) => Promise<void>) => async (argument?: T): Promise<void> => {
    try {
      await run(argument);
    } catch (error) {
      showCommandError(error, session.log);
    }
  };
  return [
    item,
    vscode.commands.registerCommand('aiPractice.startSimulator', guarded(start)),
    vscode.commands.registerCommand('aiPractice.stopSimulator', guarded(stop)),
    // Exposed for tests and other extensions: where the simulator listens, if it runs.
    vscode.commands.registerCommand('aiPractice.simulatorUrl', () => running?.simulator.url),
    { dispose: () => void running?.simulator.close() },
  ];
}

/** "echo", a scenario file's path, or undefined when the user backs out. */
async function pickScenario(session: PracticeSession): Promise<string | undefined> {
  const echo = { label: vscode.l10n.t('Echo'), detail: vscode.l10n.t('Answers every request with "You said: …"') };
  const file = { label: vscode.l10n.t('Scenario file…'), detail: vscode.l10n.t('Scripted answers, errors and faults from a JSON file') };
  const picked = await vscode.window.showQuickPick([echo, file], { placeHolder: vscode.l10n.t('How should the simulated model answer?') });
  if (!picked) return undefined;
  if (picked === echo) return 'echo';
  const [uri] =
    (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { [vscode.l10n.t('Scenario')]: ['json', 'jsonc'] }, ...(session.folder ? { defaultUri: session.folder.uri } : {}) })) ?? [];
  return uri?.fsPath;
}
