import { spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scrubbedEnvironment } from '../isolatedProcess';
import { CACHED_LIBRARIES, cacheFileOf, codeCacheDir } from './codeCache';
import { LearnerProcess, type LearnerProcessOptions } from './learnerProcess';

/**
 * How the learner process starts: dist/learnerHost.js and the learner's code and nothing
 * else, as confined as this platform allows, tried in this order:
 *
 * - `namespaces`: under `unshare` in its own user and PID namespaces (Linux), so it can see,
 *   signal or trace no process but its own, and whatever it starts dies with it; plus
 * - `permission`: Node's permission model: it reads only its copy of the exercise and the
 *   libraries, writes only its own temp folder, and starts no process, worker or addon.
 *
 * A level that does not start here (no `unshare`, user namespaces off, a runtime without the
 * permission model) is recorded as missing and the next one is tried; the report says
 * `confined: false` unless both hold. A heap limit and a resident-memory watchdog bound its
 * memory; the judge's clock bounds its time.
 */
export type ConfinementLayer = 'namespaces' | 'permission';

export interface Confinement {
  confined: boolean;
  layers: ConfinementLayer[];
  /** What is not covered here, in words. */
  missing: string[];
}

export const DEFAULT_MEMORY_MIB = 1024;

const LEVELS: ConfinementLayer[][] = [['namespaces', 'permission'], ['permission'], []];
/** The first level that started in this process, so later checks do not try the others again. */
let workingLevel: number | undefined;
/** Why a layer did not start here: the first line the failed start printed. */
const whyNot = new Map<ConfinementLayer, string>();

function permissionFlags(options: LearnerProcessOptions, codeCache: string | undefined): string[] {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const stable = major > 23 || (major === 23 && minor >= 5) || (major === 22 && minor >= 13);
  const quiet = major > 21 || (major === 21 && minor >= 3) || (major === 20 && minor >= 11);
  return [
    stable ? '--permission' : '--experimental-permission',
    ...(quiet && !stable ? ['--disable-warning=ExperimentalWarning'] : []),
    `--allow-fs-read=${options.codeDir}`,
    `--allow-fs-read=${options.libDir}`,
    `--allow-fs-read=${options.hostScript}`,
    ...(codeCache ? [`--allow-fs-read=${codeCache}`] : []),
    `--allow-fs-write=${options.tmpDir}`,
  ];
}

/** Where this user's cached library code goes: a folder only they can write. */
export function defaultCodeCacheRoot(): string {
  const base = process.platform === 'win32' ? process.env.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData', 'Local') : process.platform === 'darwin' ? path.join(os.homedir(), 'Library', 'Caches') : process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
  return path.join(base, 'ai-practice', 'code-cache');
}

const MISSING_TEXT: Record<ConfinementLayer, string> = {
  namespaces: 'not in its own process namespaces: it can see and signal your other processes (the check\'s too)',
  permission: "no file-system confinement (Node's permission model): it can read and write what you can",
};

const makingCodeCaches = new Map<string, Promise<string | undefined>>();

/**
 * The folder of cached library code for learner processes of this runtime and heap limit:
 * at once when it holds the libraries as they are now; else made first (by a learner
 * process that loads no learner code), or undefined when it cannot be, and then learner
 * processes load without it.
 */
function codeCacheFor(options: LearnerProcessOptions): string | undefined | Promise<string | undefined> {
  if (!options.codeCacheRoot) return undefined;
  const dir = codeCacheDir(options.codeCacheRoot, `heap${options.memoryMiB}`);
  const complete = (): boolean => CACHED_LIBRARIES.every((library) => existsSync(cacheFileOf(dir, path.join(options.libDir, library))));
  if (complete()) return dir;
  let making = makingCodeCaches.get(dir);
  if (!making) {
    making = new Promise<void>((resolve) => {
      const maker = spawn(process.execPath, [`--max-old-space-size=${options.memoryMiB}`, options.hostScript], {
        env: scrubbedEnvironment(process.env, { AI_PRACTICE_CODE_CACHE: dir, AI_PRACTICE_MAKE_CODE_CACHE: '1' }),
        stdio: 'ignore',
        windowsHide: true,
      });
      const stop = setTimeout(() => maker.kill('SIGKILL'), 15_000);
      maker.on('error', () => resolve());
      maker.on('close', () => {
        clearTimeout(stop);
        resolve();
      });
    }).then(() => (complete() ? dir : undefined));
    makingCodeCaches.set(dir, making);
  }
  return making;
}

function commandFor(layers: ConfinementLayer[], options: LearnerProcessOptions, codeCache: string | undefined): { file: string; args: string[] } {
  const node = [...(layers.includes('permission') ? permissionFlags(options, codeCache) : []), `--max-old-space-size=${options.memoryMiB}`, options.hostScript];
  if (!layers.includes('namespaces')) return { file: process.execPath, args: node };
  // Its own session and process group (spawned detached), so that kill(0, …) from inside
  // reaches no process of the judge's group: a SIGUSR1 there would open the judge's inspector.
  // Out of the judge's group, it would outlive a judge killed at the time limit: setpriv's
  // parent-death signal kills unshare then, and unshare's --kill-child everything inside.
  return { file: 'setpriv', args: ['--pdeathsig', 'KILL', '--', 'unshare', '--user', '--map-root-user', '--pid', '--fork', '--kill-child', '--mount-proc', process.execPath, ...node] };
}

type Started = { process: LearnerProcess; confinement: Confinement; loading?: ReturnType<LearnerProcess['load']> };

/** The learner process started ahead of its job in this (warm) check process: used once, by the job it was started for. */
let prestarted: { options: LearnerProcessOptions; started: Promise<Started> } | undefined;

/**
 * Starts the learner process ahead, exactly as `startProcess` would for a job with these
 * options (the same flags, environment and limits; its copy folder still empty), and has it
 * load the libraries learner code uses; the first `startProcess` with the same options then
 * takes it instead of starting one, and loads the learner's module in it.
 */
export function prestartProcess(options: Omit<LearnerProcessOptions, 'entry'>): Promise<boolean> {
  dropPrestarted();
  const started = startProcess(options).then(async (result) => {
    await result.process.prepare();
    return result;
  });
  prestarted = { options, started };
  // Whether it started; if not, the job's own start says why.
  return started.then(() => true, () => false);
}

/** Kills the learner process started ahead, if any: the job runs no learner code, or other options. */
export function dropPrestarted(): void {
  const dropped = prestarted;
  prestarted = undefined;
  void dropped?.started.then((result) => result.process.kill(), () => undefined);
}

/** The process started ahead for exactly these options, if it is still alive; any other is dropped. */
async function takePrestarted(options: LearnerProcessOptions): Promise<Started | undefined> {
  if (!prestarted) return undefined;
  const { options: ahead, started } = prestarted;
  const same =
    ahead.hostScript === options.hostScript &&
    ahead.libDir === options.libDir &&
    ahead.codeDir === options.codeDir &&
    ahead.tmpDir === options.tmpDir &&
    ahead.memoryMiB === options.memoryMiB &&
    (ahead.preloadSdk ?? false) === (options.preloadSdk ?? false) &&
    ahead.codeCacheRoot === options.codeCacheRoot;
  if (!same) {
    dropPrestarted();
    return undefined;
  }
  prestarted = undefined;
  const result = await started.catch(() => undefined);
  // One that died while it waited may not have been heard of yet: it must answer first.
  if (!result || !(await result.process.ping())) {
    result?.process.kill();
    return undefined;
  }
  return { process: result.process, confinement: result.confinement, ...(options.entry === undefined ? {} : { loading: result.process.load(options.entry) }) };
}

/** Starts the learner process at the most confined level that starts here (or takes the one started ahead for it). */
export async function startProcess(options: LearnerProcessOptions): Promise<Started> {
  if (prestarted) {
    const taken = await takePrestarted(options);
    if (taken) return taken;
  }
  const first = workingLevel ?? (process.platform === 'linux' ? 0 : 1);
  let lastWhy = 'no reason given';
  // Synchronous up to the spawn when the cache is ready: a caller that opens the learner's code
  // first thing gets the process booting before it goes on with its own work.
  const cached = codeCacheFor(options);
  const codeCache = cached instanceof Promise ? await cached : cached;
  for (let level = first; level < LEVELS.length; level += 1) {
    const layers = LEVELS[level] as ConfinementLayer[];
    const { file, args } = commandFor(layers, options, codeCache);
    const child = spawn(file, args, {
      cwd: options.codeDir,
      env: scrubbedEnvironment(process.env, { TMPDIR: options.tmpDir, TMP: options.tmpDir, TEMP: options.tmpDir, HOME: options.tmpDir, USERPROFILE: options.tmpDir, ...(options.preloadSdk ? { AI_PRACTICE_PRELOAD_SDK: '1' } : {}), ...(codeCache ? { AI_PRACTICE_CODE_CACHE: codeCache } : {}) }),
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      detached: layers.includes('namespaces'),
      windowsHide: true,
    });
    const learner = new LearnerProcess(child, options.memoryMiB);
    // Asked for at once, so the module loads as soon as the process can, without a round trip.
    const loading = options.entry === undefined ? undefined : learner.load(options.entry);
    if (await learner.ready()) {
      workingLevel = level;
      const missing = (['namespaces', 'permission'] as const).filter((layer) => !layers.includes(layer)).map((layer) => `${MISSING_TEXT[layer]}${whyNot.has(layer) ? ` (${whyNot.get(layer) ?? ''})` : ''}`);
      return { process: learner, confinement: { confined: layers.length === 2, layers, missing }, ...(loading ? { loading } : {}) };
    }
    const why = learner.startupProblem();
    for (const layer of layers.filter((candidate) => !(LEVELS[level + 1] ?? []).includes(candidate))) whyNot.set(layer, why);
    lastWhy = why;
  }
  throw new Error(`The learner process does not start with ${process.execPath}: ${lastWhy}`);
}

/**
 * How a learner process would be confined here, found by starting one that loads no learner
 * code: a grader asks before running anyone's code.
 */
export async function probeConfinement(runtime: { hostScript: string; libDir: string }, scratchDir: string): Promise<Confinement> {
  const codeDir = path.join(scratchDir, 'code');
  const tmpDir = path.join(scratchDir, 'tmp');
  await Promise.all([fs.mkdir(codeDir, { recursive: true }), fs.mkdir(tmpDir, { recursive: true })]);
  const started = await startProcess({ ...runtime, codeDir, tmpDir, memoryMiB: DEFAULT_MEMORY_MIB });
  started.process.kill();
  await started.process.exited;
  return started.confinement;
}

