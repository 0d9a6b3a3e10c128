import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { PACK_MANIFEST_FILE } from './packSchema';
import { UserError } from './userError';

/**
 * Where a pack comes from: the built-in pack, a folder, a `.zip` file, or a git repository
 * (cloned shallow with the `git` command). Zips and clones land in `storageDir/packs/`, one
 * folder per source, and are resolved to the folder that holds the manifest.
 */
export type PackSource = { kind: 'builtin' } | { kind: 'folder'; path: string } | { kind: 'zip'; path: string } | { kind: 'git'; url: string };

/** Reads a source as a user writes it: "builtin", a path (a folder or a .zip), or a git URL. */
export function parsePackSource(text: string, base: string): PackSource {
  const value = text.trim();
  if (value === '' || value === 'builtin') return { kind: 'builtin' };
  if (isGitUrl(value)) return { kind: 'git', url: value };
  const resolved = path.resolve(base, value);
  return value.toLowerCase().endsWith('.zip') ? { kind: 'zip', path: resolved } : { kind: 'folder', path: resolved };
}

function isGitUrl(value: string): boolean {
  return /^(?:https?|ssh|git|file):\/\//i.test(value) || /^[\w.-]+@[\w.-]+:[\w./-]+$/.test(value);
}

export function describePackSource(source: PackSource): string {
  switch (source.kind) {
    case 'builtin':
      return 'the built-in pack';
    case 'folder':
      return source.path;
    case 'zip':
      return source.path;
    case 'git':
      return source.url;
  }
}

/** Whether a pack from this source is code from outside the extension (it runs in checks). */
export function isExternal(source: PackSource): boolean {
  return source.kind !== 'builtin';
}

export interface ResolveOptions {
  builtinDir: string;
  /** Where zips are extracted and repositories cloned. */
  storageDir: string;
  /** Fetch a git source again even when a clone exists. */
  refresh?: boolean;
}

/** The folder holding the source's manifest, fetched or extracted when needed. */
export async function resolvePackSource(source: PackSource, options: ResolveOptions): Promise<string> {
  switch (source.kind) {
    case 'builtin':
      return options.builtinDir;
    case 'folder':
      return source.path;
    case 'zip': {
      const target = path.join(options.storageDir, 'packs', `zip-${digest(source.path)}`);
      // Extracted again only when the archive changed (or on request).
      const stamp = await zipStamp(source.path);
      const stampFile = `${target}.stamp`;
      const previous = await fs.readFile(stampFile, 'utf8').catch(() => undefined);
      if (options.refresh || previous !== stamp || !(await exists(target))) {
        await extractZip(source.path, target);
        await fs.writeFile(stampFile, stamp);
      }
      return findManifestDir(target, source.path);
    }
    case 'git': {
      const target = path.join(options.storageDir, 'packs', `git-${digest(source.url)}`);
      await cloneShallow(source.url, target, options.refresh ?? false);
      return findManifestDir(target, source.url);
    }
  }
}

async function zipStamp(file: string): Promise<string> {
  try {
    const stat = await fs.stat(file);
    return `${stat.size}:${stat.mtimeMs}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UserError(`There is no file ${file}.`, 'Check the path of the .zip.');
    throw error;
  }
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** The manifest at the top, or in the only folder at the top (as zips of a folder are made). */
async function findManifestDir(root: string, shown: string): Promise<string> {
  if (await exists(path.join(root, PACK_MANIFEST_FILE))) return root;
  const entries = (await fs.readdir(root, { withFileTypes: true })).filter((entry) => !entry.name.startsWith('.'));
  const only = entries.length === 1 && entries[0]?.isDirectory() ? path.join(root, entries[0].name) : undefined;
  if (only && (await exists(path.join(only, PACK_MANIFEST_FILE)))) return only;
  throw new UserError(`${shown} holds no ${PACK_MANIFEST_FILE} at its top (or in its one top folder).`, 'Point at a pack: a folder, zip or repository with the manifest at its root.');
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

// ---- git --------------------------------------------------------------------------------

const run = promisify(execFile);

async function cloneShallow(url: string, target: string, refresh: boolean): Promise<void> {
  if (url.startsWith('-')) throw new UserError(`"${url}" is not a repository URL.`, 'Give an https://, ssh:// or git@host:path URL.');
  const cloned = await exists(path.join(target, '.git'));
  if (cloned && !refresh) return;
  const temporary = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await fs.mkdir(path.dirname(target), { recursive: true });
  try {
    // No shell, `--` before the URL, no prompts for credentials: a URL is data, never a command.
    await run('git', ['clone', '--depth', '1', '--quiet', '--', url, temporary], { env: { ...process.env, GIT_TERMINAL_PROMPT: '0' }, timeout: 120_000 });
  } catch (error) {
    await fs.rm(temporary, { recursive: true, force: true });
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === 'ENOENT') throw new UserError('Cloning a pack needs the `git` command, and it is not on PATH.', 'Install git, or download the pack as a .zip and add that.');
    // git says why on its first "fatal:" line; what follows is advice ("Please make sure … and the repository exists.").
    const lines = (failure.stderr ?? failure.message).split('\n').map((line) => line.trim()).filter(Boolean);
    const reason = lines.find((line) => line.startsWith('fatal:'))?.replace(/^fatal:\s*/, '') ?? lines.at(-1) ?? 'unknown error';
    throw new UserError(`Cannot clone ${url}: ${reason}`, 'Check the URL and that you can reach it (git clone works from a terminal).');
  }
  await fs.rm(target, { recursive: true, force: true });
  await fs.rename(temporary, target);
}

// ---- zip --------------------------------------------------------------------------------

export const ZIP_LIMITS = { files: 2_000, bytes: 50 * 1024 * 1024 };

/**
 * Extracts `zipFile` into `target` (replacing what an earlier extraction left), refusing what
 * a hostile archive could do: entries that would land outside the target (zip-slip: absolute
 * paths, `..`, drive letters, backslashes), symbolic links, and more files or bytes than a pack
 * needs. Nothing is written unless the whole archive passes; a broken archive says so.
 */
export async function extractZip(zipFile: string, target: string, limits = ZIP_LIMITS): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const yauzl = require('yauzl') as typeof import('yauzl');
  const shown = path.basename(zipFile);
  const broken = (error: unknown): UserError => {
    if (error instanceof UserError) return error;
    const message = (error as Error).message;
    // yauzl itself refuses some hostile names before we see them.
    if (/invalid relative path|absolute path|invalid characters in fileName/.test(message)) {
      return new UserError(`${shown} is refused: ${message}; an entry would land outside the pack folder.`, 'A pack archive holds plain files and folders inside one folder.');
    }
    return new UserError(`${shown} is not a readable zip archive: ${message}`, 'Download it again, or make it with a zip tool.');
  };
  const open = (): Promise<import('yauzl').ZipFile> =>
    new Promise((resolve, reject) => {
      yauzl.open(zipFile, { lazyEntries: true, validateEntrySizes: true, autoClose: true }, (error, zip) => (error ? reject(broken(error)) : resolve(zip)));
    });
  // First pass: read the central directory and vet every entry.
  const plan: { name: string; directory: boolean }[] = [];
  let total = 0;
  await forEachEntry(await open(), (entry) => {
    const name = entry.fileName;
    const problem = entryProblem(name, entry.externalFileAttributes);
    if (problem) throw new UserError(`${shown} is refused: the entry "${name}" ${problem}.`, 'A pack archive holds plain files and folders inside one folder.');
    total += entry.uncompressedSize;
    if (plan.length + 1 > limits.files) throw new UserError(`${shown} is refused: more than ${limits.files} files.`, 'A pack needs far fewer; check what went into the archive.');
    if (total > limits.bytes) throw new UserError(`${shown} is refused: more than ${Math.round(limits.bytes / 1024 / 1024)} MB once extracted.`, 'Leave large data out of the pack.');
    plan.push({ name, directory: name.endsWith('/') });
  }).catch((error: unknown) => {
    throw broken(error);
  });
  // Second pass: write into a fresh folder, then swap it in.
  const temporary = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await fs.mkdir(temporary, { recursive: true });
  const root = path.resolve(temporary);
  try {
    const zip = await open();
    await forEachEntry(zip, async (entry) => {
      const destination = path.resolve(root, ...entry.fileName.split('/').filter(Boolean));
      if (destination !== root && !destination.startsWith(root + path.sep)) throw new UserError(`${shown} is refused: "${entry.fileName}" would land outside the pack folder.`);
      if (entry.fileName.endsWith('/')) {
        await fs.mkdir(destination, { recursive: true });
        return;
      }
      await fs.mkdir(path.dirname(destination), { recursive: true });
      const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) => zip.openReadStream(entry, (error, read) => (error ? reject(error) : resolve(read))));
      await pipeline(stream, createWriteStream(destination, { flags: 'wx' }));
    });
  } catch (error) {
    await fs.rm(temporary, { recursive: true, force: true });
    throw broken(error);
  }
  await fs.rm(target, { recursive: true, force: true });
  await fs.rename(temporary, target);
}

/** Why an entry may not be extracted, or undefined when it may. */
function entryProblem(name: string, attributes: number): string | undefined {
  if (name.includes('\\')) return 'uses backslashes';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'has an absolute path';
  if (name.split('/').some((part) => part === '..')) return 'climbs out of the pack with ".."';
  if (name.includes('\0')) return 'has a NUL in its name';
  const mode = (attributes >>> 16) & 0o170000;
  if (mode === 0o120000) return 'is a symbolic link';
  return undefined;
}

function forEachEntry(zip: import('yauzl').ZipFile, visit: (entry: import('yauzl').Entry) => void | Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed = false;
    const fail = (error: unknown): void => {
      if (failed) return;
      failed = true;
      zip.close();
      reject(error);
    };
    zip.on('error', fail);
    zip.on('end', () => {
      if (!failed) resolve();
    });
    zip.on('entry', (entry: import('yauzl').Entry) => {
      Promise.resolve()
        .then(() => visit(entry))
        .then(() => {
          if (!failed) zip.readEntry();
        })
        .catch(fail);
    });
    zip.readEntry();
  });
}
