import * as vscode from 'vscode';
import type { ModelSettings, Provider } from '../core/practiceService';
import { loadCore } from './lazyCore';

const SECRET_KEY = 'aiPractice.anthropicApiKey';

/**
 * Which model prompt checks talk to: the provider, model and budget from settings, and the
 * Anthropic API key from VS Code's secret storage (or ANTHROPIC_API_KEY). The key is never
 * written to settings, logs, reports or messages. `model.baseUrl` is machine-scoped, so a
 * workspace's settings cannot send the key elsewhere.
 */
export class ModelAccess {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async settings(): Promise<ModelSettings> {
    const config = vscode.workspace.getConfiguration('aiPractice.model');
    const defaults = loadCore().DEFAULT_MODEL_SETTINGS;
    const apiKey = (await this.secrets.get(SECRET_KEY)) ?? process.env.ANTHROPIC_API_KEY?.trim();
    const baseUrl = config.get<string>('baseUrl')?.trim();
    return {
      provider: config.get<Provider>('provider', defaults.provider),
      model: config.get<string>('name', defaults.model).trim() || defaults.model,
      budgetUsd: config.get<number>('budgetUsd', defaults.budgetUsd),
      cache: config.get<boolean>('cache', defaults.cache),
      record: false,
      ...(baseUrl ? { baseUrl } : {}),
      ...(apiKey ? { apiKey } : {}),
    };
  }

  register(): vscode.Disposable[] {
    return [
      // An argument is accepted for automation (tests, other extensions); people get a password box.
      vscode.commands.registerCommand('aiPractice.setApiKey', async (given?: unknown) => {
        const key =
          typeof given === 'string'
            ? given
            : await vscode.window.showInputBox({
                title: vscode.l10n.t('Anthropic API key'),
                prompt: vscode.l10n.t('Kept in VS Code\'s secret storage and sent only to the model provider. Create one at console.anthropic.com.'),
                password: true,
                ignoreFocusOut: true,
                placeHolder: 'sk-ant-…',
                validateInput: (value) =>
                  value.trim() === ''
                    ? vscode.l10n.t('Paste the key.')
                    : value.trim().startsWith('sk-ant-')
                      ? undefined
                      : { message: vscode.l10n.t('Anthropic keys start with "sk-ant-"; a proxy\'s key may not.'), severity: vscode.InputBoxValidationSeverity.Warning },
              });
        if (!key?.trim()) return false;
        await this.secrets.store(SECRET_KEY, key.trim());
        void vscode.window.showInformationMessage(vscode.l10n.t('API key saved in VS Code\'s secret storage.'));
        return true;
      }),
      vscode.commands.registerCommand('aiPractice.clearApiKey', async () => {
        await this.secrets.delete(SECRET_KEY);
        const fromEnvironment = process.env.ANTHROPIC_API_KEY ? vscode.l10n.t(' ANTHROPIC_API_KEY is still set in the environment VS Code was started from.') : '';
        void vscode.window.showInformationMessage(vscode.l10n.t('API key removed from VS Code\'s secret storage.') + fromEnvironment);
      }),
    ];
  }
}

/**
 * Says in one line why no model can be used, with the actions that fix it. Once an action has
 * fixed it (a key saved, recordings chosen), `carryOn` runs what was asked for in the first place.
 */
export function explainModelUnavailable(error: { message: string; reason?: string }, carryOn: () => void): void {
  const setKey = vscode.l10n.t('Set API Key');
  const replay = vscode.l10n.t('Use Recordings (offline)');
  const settings = vscode.l10n.t('Open Settings');
  const actions = error.reason === 'no-key' ? [setKey, replay, settings] : [settings];
  void vscode.window.showWarningMessage(error.message, ...actions).then(async (choice) => {
    if (choice === setKey) {
      if ((await vscode.commands.executeCommand<boolean>('aiPractice.setApiKey')) === true) carryOn();
    } else if (choice === replay) {
      await useSetting('aiPractice.model', 'provider', 'replay');
      carryOn();
    } else if (choice === settings) await vscode.commands.executeCommand('workbench.action.openSettings', 'aiPractice.model');
  });
}

/** Writes a user setting and resolves once this extension host reads the new value back. */
async function useSetting(section: string, key: string, value: unknown): Promise<void> {
  const visible = () => vscode.workspace.getConfiguration(section).get(key) === value;
  let listener: vscode.Disposable | undefined;
  const seen = new Promise<void>((resolve) => {
    listener = vscode.workspace.onDidChangeConfiguration(() => visible() && resolve());
  });
  try {
    await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Global);
    if (!visible()) await seen;
  } finally {
    listener?.dispose();
  }
}
