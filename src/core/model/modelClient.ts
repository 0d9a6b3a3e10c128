import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../atomicFile';
import { SIMULATOR_HEADER } from '../simulator/server';
import { cacheKey, type ModelAnswer, type ModelRequest, type Provenance, requestKey } from './modelRequest';
import { type ModelSettings, redactKey } from './modelSettings';
import { loadRecordings, type RecordedAnswer } from './recordings';
import { tokenUsageOf } from './prices';

/** One answer and how it was obtained. */
export interface CallResult {
  answer: ModelAnswer;
  provenance: Provenance;
  /** Served from the on-disk cache or a recording: no tokens were spent on it now. */
  fromCache: boolean;
  /** HTTP attempts it took (1 when no retry was needed; 0 when nothing was sent). */
  attempts: number;
}

/** The model could not answer; the run stops with what it measured so far. */
export class ModelCallError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ModelCallError';
  }
}

export interface ModelClient {
  /** Calls may reach the network and cost money. */
  readonly live: boolean;
  /** Whether `complete` would answer without the network. */
  isStored(request: ModelRequest, sample: number): Promise<boolean>;
  complete(request: ModelRequest, sample: number, signal?: AbortSignal): Promise<CallResult>;
}

export interface ModelClientOptions {
  settings: ModelSettings;
  /** The response cache's folder; without it nothing is cached. */
  cacheDir?: string | undefined;
  /** Folders of recordings, for the replay provider. */
  recordingDirs: readonly string[];
}

export async function openModelClient(options: ModelClientOptions): Promise<ModelClient> {
  if (options.settings.provider === 'replay') return replayClient(await loadRecordings(options.recordingDirs));
  return liveClient(options.settings, options.settings.cache ? options.cacheDir : undefined);
}

function replayClient(recordings: Map<string, RecordedAnswer>): ModelClient {
  return {
    live: false,
    isStored: (request, sample) => Promise.resolve(recordings.has(requestKey(request, sample))),
    complete(request, sample) {
      const found = recordings.get(requestKey(request, sample));
      if (!found) {
        return Promise.reject(
          new ModelCallError(
            recordings.size === 0
              ? 'There are no recordings for this exercise, so replay cannot answer.'
              : 'No recording for this prompt: replay answers only the prompts that were recorded (the pack records its reference, starter and known-wrong prompts). Check an edited prompt with a live provider (anthropic or compatible).',
          ),
        );
      }
      return Promise.resolve({ answer: found.answer, provenance: found.provenance, fromCache: true, attempts: 0 });
    },
  };
}

interface CachedAnswer {
  answer: ModelAnswer;
  provenance: Provenance;
}

function liveClient(settings: ModelSettings, cacheDir: string | undefined): ModelClient {
  const cacheFile = (request: ModelRequest, sample: number): string | undefined => {
    if (!cacheDir) return undefined;
    const key = cacheKey(settings.provider, settings.provider === 'compatible' ? settings.baseUrl : undefined, settings.model, requestKey(request, sample));
    return path.join(cacheDir, key.slice(0, 2), `${key}.json`);
  };
  const readCache = async (file: string | undefined): Promise<CachedAnswer | undefined> => {
    if (!file) return undefined;
    try {
      const cached = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<CachedAnswer>;
      return cached.answer && cached.provenance ? { answer: cached.answer, provenance: cached.provenance } : undefined;
    } catch {
      return undefined; // missing or damaged: ask again and overwrite it
    }
  };
  return {
    live: true,
    async isStored(request, sample) {
      return (await readCache(cacheFile(request, sample))) !== undefined;
    },
    async complete(request, sample, signal) {
      const file = cacheFile(request, sample);
      const cached = await readCache(file);
      if (cached) return { ...cached, fromCache: true, attempts: 0 };
      const result = await callApi(settings, request, signal);
      if (file) await writeFileAtomic(file, `${JSON.stringify({ answer: result.answer, provenance: result.provenance } satisfies CachedAnswer)}\n`);
      return result;
    },
  };
}

/** Retries 408/409/429/5xx/529 up to this many times, waiting as the server's retry-after says. */
const MAX_RETRIES = 4;

async function callApi(settings: ModelSettings, request: ModelRequest, signal: AbortSignal | undefined): Promise<CallResult> {
  // Loaded on the first live call only.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { default: Anthropic } = require('@anthropic-ai/sdk') as typeof import('@anthropic-ai/sdk');
  let attempts = 0;
  const client = new Anthropic({
    apiKey: settings.apiKey ?? 'no-key-needed',
    ...(settings.provider === 'compatible' && settings.baseUrl ? { baseURL: settings.baseUrl } : {}),
    maxRetries: MAX_RETRIES,
    timeout: 60_000,
    fetch: (url, init) => {
      attempts++;
      return fetch(url, init);
    },
  });
  try {
    const { data, response } = await client.messages
      .create(
        {
          model: settings.model,
          max_tokens: request.maxTokens,
          system: request.system,
          messages: request.messages,
        },
        signal ? { signal } : {},
      )
      .withResponse();
    const text = data.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
    const simulator = response.headers.get(SIMULATOR_HEADER);
    const at = new Date().toISOString();
    return {
      answer: {
        text,
        stopReason: data.stop_reason,
        model: data.model,
        usage: tokenUsageOf(data.usage),
      },
      provenance: simulator
        ? { source: 'simulator', scenario: decodeURIComponent(simulator), model: data.model, at }
        : { source: 'model', provider: settings.provider === 'anthropic' ? 'Anthropic API' : new URL(settings.baseUrl ?? 'http://unknown').host, model: data.model, at },
      fromCache: false,
      attempts,
    };
  } catch (error) {
    if (error instanceof Anthropic.APIUserAbortError) throw error;
    throw apiError(error, settings, attempts, Anthropic);
  }
}

function apiError(error: unknown, settings: ModelSettings, attempts: number, sdk: typeof import('@anthropic-ai/sdk').default): ModelCallError {
  const where = settings.provider === 'compatible' ? settings.baseUrl ?? 'the endpoint' : 'the Anthropic API';
  const retried = attempts > 1 ? ` after ${attempts} attempts` : '';
  let message: string;
  let status: number | undefined;
  if (error instanceof sdk.APIConnectionTimeoutError) message = `${where} did not answer in time${retried}.`;
  else if (error instanceof sdk.APIConnectionError) message = `Cannot reach ${where}${retried}: is it running, and is the URL right?`;
  else if (error instanceof sdk.AuthenticationError) {
    status = 401;
    message = `${where} refused the API key (401). Set a valid key.`;
  } else if (error instanceof sdk.NotFoundError) {
    status = 404;
    message = `${where} does not know the model "${settings.model}" (404). Pick another model.`;
  } else if (error instanceof sdk.APIError) {
    status = error.status;
    const kind = error.status === 429 ? 'is rate-limiting this key' : error.status === 529 ? 'is overloaded' : `answered ${String(error.status)}`;
    message = `${where} ${kind}${retried}: ${error.message}`;
  } else message = `The call to ${where} failed: ${error instanceof Error ? error.message : String(error)}`;
  return new ModelCallError(redactKey(message, settings.apiKey), status);
}
