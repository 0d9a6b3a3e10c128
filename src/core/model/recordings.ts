import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../atomicFile';
import { UserError } from '../userError';
import type { ModelAnswer, ModelRequest, Provenance } from './modelRequest';

/**
 * A recording is a plain JSON file of requests and the answers they got, with where the
 * answers came from. Packs ship recordings of their reference, starter and known-wrong prompts
 * so prompt checks run offline (tests, CI, `pack verify`); `--record` writes new ones.
 */
export const RECORDING_FORMAT = 'ai-practice-recording/1';

const usage = z.strictObject({
  inputTokens: z.int().min(0),
  outputTokens: z.int().min(0),
  cacheCreationInputTokens: z.int().min(0),
  /** Of the cache writes, those for an hour (priced higher). */
  cacheCreation1hInputTokens: z.int().min(0).optional(),
  cacheReadInputTokens: z.int().min(0),
});

const provenance = z.discriminatedUnion('source', [
  z.strictObject({ source: z.literal('model'), provider: z.string(), model: z.string(), at: z.string() }),
  z.strictObject({ source: z.literal('simulator'), scenario: z.string(), model: z.string(), at: z.string() }),
]);

const entry = z.strictObject({
  key: z.string().regex(/^[0-9a-f]{64}$/),
  /** What was asked, so a reviewer can read it; the key is what replay matches on. */
  label: z.string(),
  sample: z.int().min(1),
  request: z.strictObject({
    system: z.string(),
    messages: z.array(z.strictObject({ role: z.enum(['user', 'assistant']), content: z.string() })),
    maxTokens: z.int().min(1),
    /** Written by versions that sent sampling parameters; read and ignored. */
    temperature: z.number().optional(),
  }),
  answer: z.strictObject({ text: z.string(), stopReason: z.string().nullable(), usage, model: z.string() }),
  provenance,
});

const recordingSchema = z.strictObject({
  format: z.literal(RECORDING_FORMAT),
  exercise: z.string(),
  /** What was recorded, e.g. "reference prompt". */
  title: z.string(),
  recordedAt: z.string(),
  entries: z.array(entry),
});

export type Recording = z.infer<typeof recordingSchema>;
export type RecordingEntry = z.infer<typeof entry>;

export interface RecordedAnswer {
  answer: ModelAnswer;
  provenance: Provenance;
  file: string;
}

/** Every entry of every `*.json` recording in `dirs` (missing folders are skipped), by key. */
export async function loadRecordings(dirs: readonly string[]): Promise<Map<string, RecordedAnswer>> {
  const byKey = new Map<string, RecordedAnswer>();
  for (const dir of dirs) {
    let names: string[];
    try {
      names = (await fs.readdir(dir)).filter((name) => name.endsWith('.json')).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    for (const name of names) {
      const file = path.join(dir, name);
      const recording = parseRecording(await fs.readFile(file, 'utf8'), file);
      for (const item of recording.entries) {
        if (!byKey.has(item.key)) byKey.set(item.key, { answer: item.answer, provenance: item.provenance, file });
      }
    }
  }
  return byKey;
}

export function parseRecording(text: string, file: string): Recording {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${file} is not valid JSON: ${(error as Error).message}`, 'Record it again with --record, or restore it from version control.');
  }
  const parsed = recordingSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(
      `${file} is not a recording: ${issue ? `${issue.path.join('.') || '(top level)'}: ${issue.message}` : 'unexpected shape'}.`,
      'Record it again with --record, or restore it from version control.',
    );
  }
  return parsed.data;
}

export interface NewEntry {
  key: string;
  label: string;
  sample: number;
  request: ModelRequest;
  answer: ModelAnswer;
  provenance: Provenance;
}

/** Writes a recording (atomically; the caller picks a file that does not exist yet). */
export async function writeRecording(file: string, exercise: string, title: string, entries: readonly NewEntry[]): Promise<void> {
  const recording: Recording = {
    format: RECORDING_FORMAT,
    exercise,
    title,
    recordedAt: new Date().toISOString(),
    entries: [...entries]
      .sort((a, b) => a.label.localeCompare(b.label) || a.sample - b.sample)
      .map((item) => ({
        key: item.key,
        label: item.label,
        sample: item.sample,
        request: { system: item.request.system, messages: item.request.messages, maxTokens: item.request.maxTokens },
        answer: item.answer,
        provenance: item.provenance,
      })),
  };
  await writeFileAtomic(file, `${JSON.stringify(recording, null, 2)}\n`);
}
