import { UserError } from '../userError';

/**
 * Which model a check talks to. `anthropic` is the Anthropic API; `compatible` is any
 * endpoint that speaks the same Messages API at `baseUrl` (a local Ollama, a LiteLLM proxy,
 * the practice simulator); `replay` answers only from recordings and never touches the network.
 */
export const PROVIDERS = ['anthropic', 'compatible', 'replay'] as const;
export type Provider = (typeof PROVIDERS)[number];

export const DEFAULT_MODEL = 'claude-haiku-4-5';
export const DEFAULT_BUDGET_USD = 0.25;

export interface ModelSettings {
  provider: Provider;
  /** Required for `compatible`; ignored otherwise. */
  baseUrl?: string | undefined;
  model: string;
  /** The most one check may spend; a run stops before a call that could exceed it. */
  budgetUsd: number;
  /** Serve repeated requests from the on-disk cache (and save new answers to it). */
  cache: boolean;
  /** Write the run's requests and answers as a recording, for replay. */
  record: boolean;
  /** Never written anywhere: not in reports, logs, caches, recordings or errors. */
  apiKey?: string | undefined;
}

export const DEFAULT_MODEL_SETTINGS: ModelSettings = {
  provider: 'anthropic',
  model: DEFAULT_MODEL,
  budgetUsd: DEFAULT_BUDGET_USD,
  cache: true,
  record: false,
};

/** Thrown when a check needs a model and none is usable; `fix` says what to do, in one line. */
export class ModelUnavailableError extends UserError {
  constructor(
    message: string,
    fix: string,
    readonly reason: 'no-key' | 'no-base-url' | 'bad-setting',
  ) {
    super(message, fix);
    this.name = 'ModelUnavailableError';
  }
}

/** Checks the settings can work before anything runs. The fix names CLI flags; editors reword it. */
export function validateModelSettings(settings: ModelSettings): void {
  if (!PROVIDERS.includes(settings.provider)) {
    throw new ModelUnavailableError(`Unknown model provider "${settings.provider}".`, `Use one of: ${PROVIDERS.join(', ')}.`, 'bad-setting');
  }
  if (!(settings.budgetUsd > 0) || !Number.isFinite(settings.budgetUsd)) {
    throw new ModelUnavailableError(`The budget must be a positive number of dollars, not ${settings.budgetUsd}.`, 'For example --budget 0.25.', 'bad-setting');
  }
  if (settings.model.trim() === '') throw new ModelUnavailableError('No model is named.', `For example --model ${DEFAULT_MODEL}.`, 'bad-setting');
  if (settings.provider === 'anthropic' && !settings.apiKey) {
    throw new ModelUnavailableError(
      'This check needs a model, and no Anthropic API key is set.',
      'Set ANTHROPIC_API_KEY, or use --provider replay to check against the recorded answers.',
      'no-key',
    );
  }
  if (settings.provider === 'compatible') {
    if (!settings.baseUrl) {
      throw new ModelUnavailableError('The compatible provider needs the endpoint\'s URL.', 'Pass --base-url, e.g. http://localhost:11434 for a local Ollama.', 'no-base-url');
    }
    let url: URL;
    try {
      url = new URL(settings.baseUrl);
    } catch {
      throw new ModelUnavailableError(`"${settings.baseUrl}" is not a URL.`, 'Give the endpoint as http://host:port.', 'bad-setting');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ModelUnavailableError(`"${settings.baseUrl}" is not an http(s) URL.`, 'Give the endpoint as http://host:port.', 'bad-setting');
    }
  }
}

/** "claude-haiku-4-5 (Anthropic)", for messages. */
export function describeModel(settings: ModelSettings): string {
  switch (settings.provider) {
    case 'anthropic':
      return `${settings.model} (Anthropic)`;
    case 'compatible':
      return `${settings.model} at ${settings.baseUrl ?? '?'}`;
    case 'replay':
      return 'recorded answers (replay)';
  }
}

/** Removes the key from text that may have passed near it (an SDK error, a server's body). */
export function redactKey(text: string, apiKey: string | undefined): string {
  if (!apiKey || apiKey.length < 4) return text;
  return text.split(apiKey).join('[redacted]');
}
