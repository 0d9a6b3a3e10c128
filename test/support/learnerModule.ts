import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { type LearnerCode, openLearnerCode } from '../../src/core/check/learner/learnerCode';
import { REPO_ROOT } from './helpers';

/** The learner's module: helpers, then `body`, the inside of `run(args)` (with `client` and `send` from args). */
export function learnerModule(body: string): string {
  return `import Anthropic from '@anthropic-ai/sdk';
import { setTimeout as sleepFor, setInterval as every, scheduler } from 'node:timers/promises';
import * as timers from 'node:timers';
import { promisify } from 'node:util';
const ask = (client: Anthropic) => client.messages.create({ model: 'claude-simulator-1', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }).then(() => 'ok', (error) => String(error.status ?? error.name));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
export async function run({ client, send }: { client: Anthropic; send: (what: string) => Promise<unknown> }): Promise<unknown> {
${body}
}
`;
}

/** A real learner process running `learnerModule(body)` from a fresh folder under `scratch`. */
export async function openLearnerModule(scratch: string, body: string): Promise<LearnerCode> {
  const dir = await fs.mkdtemp(path.join(scratch, 'case-'));
  const folder = path.join(dir, 'exercise');
  await fs.mkdir(folder);
  await fs.mkdir(path.join(dir, 'scratch'));
  await fs.writeFile(path.join(folder, 'agent.ts'), learnerModule(body));
  const job = {
    folder,
    entry: 'agent.ts',
    entryPath: path.join(folder, 'agent.ts'),
    entryFile: 'agent.ts',
    exportName: 'run',
    preloadSdk: true,
    folderFile: 'exercise',
    scratchDir: path.join(dir, 'scratch'),
    runtime: { hostScript: path.join(REPO_ROOT, 'dist', 'learnerHost.js'), libDir: path.join(REPO_ROOT, 'dist', 'lib') },
  };
  const result = await openLearnerCode(job);
  if (!('code' in result)) throw new Error(`the learner's module does not open: ${JSON.stringify(result.answer)}`);
  return result.code;
}
