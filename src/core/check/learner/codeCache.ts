import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

/**
 * V8's compiled code for the libraries in dist/lib (zod, the SDK, marked, sucrase), kept on
 * disk so a check's processes load them about three times faster: each check starts a judge
 * and a learner process with nothing warm, and these are most of what they load.
 *
 * Only trusted code writes a cache: the judge writes its own; the learner processes' is
 * written by a learner process started by the judge to load no learner code (`make`).
 * Learner processes only read theirs: the permission model lets them read that folder, never
 * write anywhere but their temp folder. V8 refuses data made by another version or with other
 * flags (the heap limit is one), so each folder is for one runtime and one set of flags, and
 * each file is named after the library's size and time: a rebuilt library gets its own.
 */
export interface CodeCacheOptions {
  dir: string;
  /** Keep what compiles without a cache, for writeCodeCache. */
  make: boolean;
}

/** The libraries (in dist/lib) whose code is cached. */
export const CACHED_LIBRARIES = ['zod.js', 'anthropic-sdk.js', 'marked.js', 'sucrase.js'];

let current: CodeCacheOptions | undefined;
const made: { file: string; script: vm.Script }[] = [];

/** Where the libraries' cached code is, for this process. */
export function configureCodeCache(options: CodeCacheOptions): void {
  current = options;
}

/** Where a library's cached code is, for the library as it is now. */
export function cacheFileOf(dir: string, filename: string): string {
  const stat = statSync(filename);
  return path.join(dir, `${path.basename(filename, '.js')}-${stat.size}-${Math.round(stat.mtimeMs)}.bin`);
}

interface ModuleLike {
  exports: unknown;
  require(id: string): unknown;
}

/**
 * Compiles and runs a library file as Node would, with V8's cached code when there is any
 * that V8 accepts ('cached'), else compiling it ('compiled'); false (and nothing done) when no
 * cache is configured.
 */
export function compileWithCodeCache(module: ModuleLike, filename: string): 'cached' | 'compiled' | false {
  if (!current) return false;
  const { dir, make } = current;
  const source = readFileSync(filename, 'utf8');
  const cacheFile = cacheFileOf(dir, filename);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), { filename, ...(cachedData ? { cachedData } : {}) });
  const wrapper = script.runInThisContext() as (exports: unknown, require: unknown, module: unknown, filename: string, dirname: string) => void;
  const internals = Module as unknown as { _resolveFilename(request: string, parent: unknown): string; _cache: unknown };
  const localRequire = Object.assign((id: string) => module.require(id), {
    resolve: (request: string) => internals._resolveFilename(request, module),
    cache: internals._cache,
  });
  wrapper.call(module.exports, module.exports, localRequire, module, filename, path.dirname(filename));
  const used = cachedData !== undefined && script.cachedDataRejected !== true;
  if (make && !used) made.push({ file: cacheFile, script });
  return used ? 'cached' : 'compiled';
}

/** Writes the cached code of every library that compiled without it (after they ran: the cache then holds the functions they used). */
export function writeCodeCache(): void {
  if (!current || made.length === 0) return;
  mkdirSync(current.dir, { recursive: true, mode: 0o700 });
  for (const { file, script } of made.splice(0)) {
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
    renameSync(temporary, file);
    pruneOlderBuilds(file);
  }
}

const A_WEEK_MS = 7 * 24 * 3600 * 1000;

/** Another build's cache of the same library, untouched for a week, goes (an update or a rebuild left it). */
function pruneOlderBuilds(file: string): void {
  const dir = path.dirname(file);
  const library = path.basename(file).replace(/-\d+-\d+\.bin$/, '');
  for (const other of readdirSync(dir)) {
    if (other === path.basename(file) || !other.startsWith(`${library}-`) || !/^[a-z-]+-\d+-\d+\.bin$/.test(other) || other.replace(/-\d+-\d+\.bin$/, '') !== library) continue;
    const full = path.join(dir, other);
    try {
      if (Date.now() - statSync(full).atimeMs > A_WEEK_MS && Date.now() - statSync(full).mtimeMs > A_WEEK_MS) rmSync(full, { force: true });
    } catch {
      // gone already, or not ours to remove
    }
  }
}

/**
 * The folder of cached code for processes of this runtime with `flags` (a name: "judge",
 * "heap1024"). V8's own version is part of it: Electron's Node can share a version number
 * with a system Node and not its V8.
 */
export function codeCacheDir(root: string, flags: string): string {
  return path.join(root, `${process.version}-v8-${process.versions.v8}-${process.arch}-${flags}`);
}
