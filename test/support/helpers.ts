import { spawn } from 'node:child_process';
import { promises as fs, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';

/** The repository root (tests run from out/test/<tier>). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const BUILTIN_PACK = path.join(REPO_ROOT, 'packs', 'builtin');
/** How many exercises the built-in pack has: a graded report has a row for each. */
export const BUILTIN_EXERCISE_COUNT = (JSON.parse(readFileSync(path.join(BUILTIN_PACK, 'ai-practice-pack.json'), 'utf8')) as { exercises: unknown[] }).exercises.length;
export const CLI = path.join(REPO_ROOT, 'bin', 'ai-practice.js');

const created: string[] = [];
after(async () => {
  for (const dir of created) await fs.rm(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed after the test file. */
export async function temporaryDir(prefix = 'ai-practice-test-'): Promise<string> {
  const dir = await fs.mkdtemp(path.join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** The smallest valid manifest: one area, one skill, one exercise. Tests break one thing in it. */
export function minimalManifest(): Record<string, any> {
  return {
    formatVersion: 1,
    id: 'tiny-pack',
    title: 'Tiny pack',
    version: '1.0.0',
    authors: ['Test Author'],
    areas: [
      {
        id: 'evaluation',
        title: 'Evaluation',
        summary: 'Measuring quality.',
        skills: [
          { id: 'eval-datasets', title: 'Eval datasets', summary: 'Designing cases.' },
          { id: 'llm-as-judge', title: 'LLM as judge', summary: 'Grading with a model.', prerequisites: ['eval-datasets'] },
        ],
      },
    ],
    exercises: [
      {
        id: 'first-dataset',
        title: 'First dataset',
        summary: 'Write cases.',
        skill: 'eval-datasets',
        kind: 'eval-dataset',
        difficulty: 'beginner',
        minutes: 10,
        dir: 'exercises/first-dataset',
        hints: ['Start with one case per category.', 'Test both sides of the threshold.'],
        evalDataset: { harness: 'check/harness.ts', minVariantsExposed: 2, requiredValues: { 'expected.grade': ['pass', 'fail'] } },
      },
    ],
  };
}

/** A harness for the tiny pack: `grade` passes a score of 50 or more; two buggy variants. */
export const TINY_HARNESS = `import { z } from 'zod';
export const inputSchema = z.strictObject({ score: z.int().min(0).max(100) });
export const outputSchema = z.strictObject({ grade: z.enum(['pass', 'fail']) });
export const variants: Record<string, string> = { 'strictly-above': 'thresholds', 'always-pass': 'failing grades' };
export function run(input: { score: number }, variant?: string): { grade: 'pass' | 'fail' } {
  if (variant === 'always-pass') return { grade: 'pass' };
  const passes = variant === 'strictly-above' ? input.score > 50 : input.score >= 50;
  return { grade: passes ? 'pass' : 'fail' };
}
`;

/**
 * Writes a pack folder: the manifest (an object, pretty-printed, or raw text) and the files
 * of the minimal exercise unless `files` says otherwise (null removes a file).
 */
export async function writePack(manifest: Record<string, unknown> | string, files: Record<string, string | null> = {}): Promise<string> {
  const dir = await temporaryDir('ai-practice-pack-');
  const allFiles: Record<string, string | null> = {
    'exercises/first-dataset/README.md': '# First dataset\n',
    'exercises/first-dataset/starter/dataset.jsonl': '{"id": "a"}\n',
    'exercises/first-dataset/solution/dataset.jsonl': [
      '{"id": "fifty-passes", "input": {"score": 50}, "expected": {"grade": "pass"}}',
      '{"id": "forty-nine-fails", "input": {"score": 49}, "expected": {"grade": "fail"}}',
    ].join('\n'),
    'exercises/first-dataset/check/harness.ts': TINY_HARNESS,
    ...files,
  };
  for (const [relative, content] of Object.entries(allFiles)) {
    if (content === null) continue;
    await fs.mkdir(path.dirname(path.join(dir, relative)), { recursive: true });
    await fs.writeFile(path.join(dir, relative), content);
  }
  const text = typeof manifest === 'string' ? manifest : JSON.stringify(manifest, null, 2);
  await fs.writeFile(path.join(dir, 'ai-practice-pack.json'), text);
  return dir;
}

/** 1-based line of the first line of `text` containing `needle` (to assert reported lines). */
export function lineOf(text: string, needle: string, occurrence = 1): number {
  let seen = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if ((lines[i] as string).includes(needle) && ++seen === occurrence) return i + 1;
  }
  throw new Error(`"${needle}" not found ${occurrence} time(s)`);
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real CLI in a child process, stdin closed (not a terminal), colours off. With
 * `withoutRootPowers`, root runs it without the capabilities that let root write anywhere
 * (setpriv, util-linux), so file permissions hold for it as for anyone; it stays the same
 * user, so it reads the repository wherever the clone lives.
 */
export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string | undefined>; withoutRootPowers?: boolean } = {}): Promise<CliRun> {
  const command = [process.execPath, CLI, ...args];
  if (options.withoutRootPowers && process.getuid?.() === 0) command.unshift('setpriv', '--bounding-set', '-dac_override,-dac_read_search,-fowner', '--');
  return new Promise((resolve, reject) => {
    const child = spawn(command[0] as string, command.slice(1), {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

/** The command lines of running processes that contain `marker` (from ps). */
export function processesWith(marker: string): Promise<string[]> {
  return new Promise((resolve) => {
    const ps = spawn('ps', ['-eo', 'args'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    ps.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    ps.on('close', () => resolve(out.split('\n').filter((line) => line.includes(marker) && !line.startsWith('ps '))));
  });
}

/** Whether `pid` is a live process (a killed one nobody has reaped yet is a zombie: not live). */
export async function isRunning(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  return stat === undefined ? process.platform !== 'linux' : stat.replace(/^.*\) /s, '')[0] !== 'Z';
}
