import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ModelSettings } from '../../src/core/model/modelSettings';
import { Practice } from '../../src/core/practiceService';
import { BUILTIN_PACK, temporaryDir } from './helpers';

/** The prompt-debugging exercise the prompt-check tests of both tiers work on. */
export const EXERCISE = 'triage-prompt-debugging';
export const EXERCISE_DIR = path.join(BUILTIN_PACK, 'exercises', EXERCISE);

/** Answers from the pack's recordings, offline. */
export const REPLAY: ModelSettings = { provider: 'replay', model: 'recorded', budgetUsd: 1, cache: true, record: false };

/** A practice workspace with the exercise started and, optionally, a prompt from the pack in place. */
export async function workspaceWith(prompt: 'starter' | 'solution' | 'wrong/format-only' = 'starter'): Promise<{ workspace: string; practice: Practice; folder: string }> {
  const workspace = await temporaryDir('ai-practice-prompt-');
  const practice = await Practice.open({ packDir: BUILTIN_PACK, workspace });
  await practice.start(EXERCISE);
  const folder = path.join(workspace, 'practice', EXERCISE);
  if (prompt !== 'starter') {
    const from = path.join(EXERCISE_DIR, ...prompt.split('/'));
    for (const name of await fs.readdir(from)) await fs.copyFile(path.join(from, name), path.join(folder, name));
  }
  return { workspace, practice, folder };
}
