import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { PRACTICE_DIR, STATE_DIR } from './workspaceLayout';

/**
 * Types for the learner's editor. Exercise code imports `@anthropic-ai/sdk`, `zod` and
 * `marked`, which checks provide; a workspace has no node_modules, so without this the editor
 * marks every such import as missing and offers no completion. The extension ships the
 * libraries' declarations (dist/types); this copies them to .ai-practice/types/ (git-ignored,
 * refreshed when the versions change) and writes practice/tsconfig.json pointing at them,
 * unless the learner already has one.
 */
const ENTRY_POINTS: Record<string, string> = {
  '@anthropic-ai/sdk': '@anthropic-ai/sdk/index.d.ts',
  zod: 'zod/index.d.cts',
  marked: 'marked/lib/marked.d.ts',
};

export const EDITOR_TYPES_DIR = path.join(STATE_DIR, 'types');

/** The tsconfig written into practice/: editor settings only; checks never read it. */
export function practiceTsconfig(): string {
  const paths = Object.fromEntries(Object.entries(ENTRY_POINTS).map(([name, entry]) => [name, [`../${STATE_DIR}/types/${entry}`]]));
  return `${JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2022', 'DOM'],
        module: 'ESNext',
        moduleResolution: 'Bundler',
        strict: true,
        esModuleInterop: true,
        skipLibCheck: true,
        noEmit: true,
        paths,
      },
      include: ['**/*.ts'],
    },
    null,
    2,
  )}\n`;
}

/** Brings the workspace's copy of the declarations up to date and writes the tsconfig if absent. */
export async function ensureEditorTypes(workspace: string, shippedTypes: string): Promise<void> {
  if (!existsSync(shippedTypes)) return; // a development tree that was never built
  const target = path.join(workspace, EDITOR_TYPES_DIR);
  const wanted = await fs.readFile(path.join(shippedTypes, 'versions.json'), 'utf8');
  const present = await fs.readFile(path.join(target, 'versions.json'), 'utf8').catch(() => undefined);
  if (present !== wanted) {
    // Copied beside the target, then swapped in, so an editor never sees half a tree.
    const staging = `${target}.${process.pid}.tmp`;
    await fs.rm(staging, { recursive: true, force: true });
    await fs.cp(shippedTypes, staging, { recursive: true });
    await fs.writeFile(path.join(staging, '.gitignore'), '# Type declarations for the editor, copied by AI Engineering Practice.\n*\n');
    await fs.rm(target, { recursive: true, force: true });
    await fs.rename(staging, target);
  }
  await fs.writeFile(path.join(workspace, PRACTICE_DIR, 'tsconfig.json'), practiceTsconfig(), { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
}
