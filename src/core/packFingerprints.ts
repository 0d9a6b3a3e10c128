import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './atomicFile';
import { type Fingerprint, fingerprintOf, type KnownMistake, sameFingerprint, sharedFingerprints } from './check/fingerprint';
import type { CheckReport } from './check/report';
import { JsonDocument } from './jsonDocument';
import type { LoadedPack, PackExercise } from './packLoader';
import { fieldName, type PackProblem } from './packProblem';

/**
 * fingerprints.json, beside a pack's manifest: how each known-wrong solution's check fails
 * (check/fingerprint.ts), recorded by `pack verify --write-fingerprints`, so a learner's failing
 * check can be matched to the mistake it behaves like without running any known-wrong again.
 *
 * Each exercise's entry carries `inputs`, a hash of what decides how its check fails: the files
 * of its folder (its README and reference notes left out) and its manifest entry without the prose (titles, hints,
 * requirement texts, known-wrongs' `reason` and `mentor`), and for a project's stage those of the
 * stages before it. Editing a mentor note or a hint leaves the fingerprints current; changing a
 * harness, a starter or a known-wrong makes the entry stale: learners get no match from it, and
 * `pack verify` says to write it again.
 */
export const FINGERPRINTS_FILE = 'fingerprints.json';
export const FINGERPRINTS_FORMAT = 1;
export const WRITE_FINGERPRINTS = 'ai-practice pack verify --write-fingerprints';

const fingerprint = z.array(z.string().min(1));

const exerciseEntry = z.strictObject({
  inputs: z.string().regex(/^[0-9a-f]{64}$/, 'must be the 64-hex-digit hash `pack verify` writes'),
  /** The untouched starter's: a learner's check that fails like it resembles nothing. */
  starter: fingerprint,
  /** Each known-wrong's, by its `dir` as the manifest names it. */
  knownWrong: z.record(z.string().min(1), fingerprint),
});

export const fingerprintsFileSchema = z.strictObject({
  formatVersion: z.literal(FINGERPRINTS_FORMAT),
  about: z.string().optional(),
  exercises: z.record(z.string().min(1), exerciseEntry),
});

export type FingerprintsFile = z.infer<typeof fingerprintsFileSchema>;
export type ExerciseFingerprints = z.infer<typeof exerciseEntry>;

/**
 * Reads the pack's fingerprints.json: undefined when there is none; a file that is not JSON or
 * not of this shape is a problem with its line and field, never a crash.
 */
export async function readFingerprints(packRoot: string): Promise<{ fingerprints?: FingerprintsFile; problems: PackProblem[] }> {
  const file = path.join(packRoot, FINGERPRINTS_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { problems: [] };
    return { problems: [{ file, line: 1, column: 1, field: '', message: `${FINGERPRINTS_FILE} cannot be read (${code ?? (error as Error).message})`, fix: `remove it, or write it again: ${WRITE_FINGERPRINTS}` }] };
  }
  const fix = `it is written by \`${WRITE_FINGERPRINTS}\`: write it again rather than edit it`;
  const parsed = JsonDocument.parse(text);
  if ('syntaxErrors' in parsed) return { problems: parsed.syntaxErrors.map((error) => ({ file, ...error.position, field: '', message: error.message, fix })) };
  const result = fingerprintsFileSchema.safeParse(parsed.document.value);
  if (!result.success) {
    return {
      problems: result.error.issues.map((issue) => {
        const at = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
        const jsonPath = at.filter((segment): segment is string | number => typeof segment !== 'symbol');
        return { file, ...parsed.document.positionOf(jsonPath), field: fieldName(jsonPath), message: issue.message, fix };
      }),
    };
  }
  return { fingerprints: result.data, problems: [] };
}

/** Manifest fields that do not change how a check fails: names, prose, and what the loader resolved (the folder's files are hashed instead). */
const NOT_INPUTS = new Set(['id', 'dir', 'title', 'summary', 'skill', 'difficulty', 'minutes', 'instructions', 'hints', 'requirements', 'equivalentMutants', 'knownWrong', 'dirPath', 'instructionsPath', 'starterDir', 'starterFiles', 'solutionDir', 'knownWrongDirs', 'harnessPath', 'folderId', 'stage', 'referenceNotes', 'referenceNotesPath', 'showReference']);

/** The hash of what decides how `exercise`'s check fails (see the top of this file). */
export async function exerciseInputsHash(exercise: PackExercise): Promise<string> {
  const hash = createHash('sha256');
  for (const each of [...(exercise.stage?.earlier ?? []), exercise]) {
    const entry = Object.fromEntries(Object.entries(each).filter(([key]) => !NOT_INPUTS.has(key)).sort(([a], [b]) => a.localeCompare(b)));
    hash.update(JSON.stringify({ ...entry, knownWrong: each.knownWrongDirs.map((wrong) => wrong.dir), stage: each.stage?.number ?? null }));
    hash.update('\n');
    for (const line of await folderLines(each.dirPath, [each.instructionsPath, each.referenceNotesPath])) hash.update(`${line}\n`);
  }
  return hash.digest('hex');
}

async function folderLines(dir: string, leaveOut: readonly (string | undefined)[]): Promise<string[]> {
  const lines: string[] = [];
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    if (!entry.isFile() || leaveOut.includes(full)) continue;
    lines.push(`${path.relative(dir, full).split(path.sep).join('/')}\0${createHash('sha256').update(await fs.readFile(full)).digest('hex')}`);
  }
  return lines.sort();
}

/**
 * The known mistakes of `exercise` with their fingerprints, from a current entry; undefined
 * when the pack has no fingerprints for it or they are stale (its inputs changed since).
 */
export async function knownMistakesOf(exercise: PackExercise, entry: ExerciseFingerprints | undefined): Promise<{ mistakes: KnownMistake[]; starter: Fingerprint } | undefined> {
  if (!entry || entry.inputs !== (await exerciseInputsHash(exercise))) return undefined;
  const texts = new Map(exercise.requirements.map((requirement) => [requirement.id, requirement.text]));
  const mistakes = exercise.knownWrongDirs.flatMap((wrong) => {
    const recorded = entry.knownWrong[wrong.dir];
    if (!recorded) return [];
    return [{ dir: wrong.dir, reason: wrong.reason, ...(wrong.mentor ? { mentor: wrong.mentor } : {}), requirements: wrong.breaks.map((id) => texts.get(id) ?? id), fingerprint: recorded }];
  });
  return { mistakes, starter: entry.starter };
}

/** What `pack verify` checked of one exercise: its starter's and known-wrongs' reports. */
export interface VerifiedExercise {
  exercise: PackExercise;
  starter: CheckReport | undefined;
  knownWrong: { dir: string; report: CheckReport | undefined }[];
  /** Every row of the exercise held (only then are its fingerprints written). */
  ok: boolean;
}

/** An exercise's entry as its verify run computed it. */
export async function entryOf(verified: VerifiedExercise): Promise<ExerciseFingerprints> {
  return {
    inputs: await exerciseInputsHash(verified.exercise),
    starter: verified.starter ? fingerprintOf(verified.starter) : [],
    knownWrong: Object.fromEntries(verified.knownWrong.map(({ dir, report }) => [dir, report ? fingerprintOf(report) : []])),
  };
}

/**
 * How the pack's fingerprints.json differs from what this verify run computed, one sentence per
 * exercise (empty: current). An exercise with no known-wrong needs no entry.
 */
export async function fingerprintDrift(pack: LoadedPack, verified: readonly VerifiedExercise[]): Promise<string[]> {
  const drift: string[] = [];
  for (const each of verified) {
    if (each.knownWrong.length === 0) continue;
    const id = each.exercise.id;
    const recorded = pack.fingerprints?.exercises[id];
    if (!pack.fingerprints) {
      drift.push(`${id}: no ${FINGERPRINTS_FILE}, so learners are not told which known mistake their solution behaves like`);
      continue;
    }
    if (!recorded) {
      drift.push(`${id}: ${FINGERPRINTS_FILE} has no entry for it`);
      continue;
    }
    const computed = await entryOf(each);
    if (computed.inputs !== recorded.inputs) {
      drift.push(`${id}: its files or check settings changed since ${FINGERPRINTS_FILE} was written, so learners get no match from it`);
      continue;
    }
    const changed = Object.entries(computed.knownWrong).filter(([dir, print]) => !recorded.knownWrong[dir] || !sameFingerprint(recorded.knownWrong[dir], print)).map(([dir]) => dir);
    const gone = Object.keys(recorded.knownWrong).filter((dir) => !(dir in computed.knownWrong));
    if (!sameFingerprint(recorded.starter, computed.starter)) changed.unshift('the starter');
    if (changed.length > 0) drift.push(`${id}: the check now fails ${changed.join(', ')} differently from what ${FINGERPRINTS_FILE} records`);
    if (gone.length > 0) drift.push(`${id}: ${FINGERPRINTS_FILE} records known-wrongs the manifest no longer has: ${gone.join(', ')}`);
  }
  return drift;
}

/**
 * Writes fingerprints.json with the entries of the exercises verified without a problem,
 * keeping the others' (a run with --exercise refreshes only those) and dropping entries of
 * exercises the pack no longer has. Returns the file and the exercises written.
 */
export async function writeFingerprints(pack: LoadedPack, verified: readonly VerifiedExercise[]): Promise<{ file: string; written: string[] }> {
  const ids = new Set(pack.exercises.map((exercise) => exercise.id));
  const exercises: Record<string, ExerciseFingerprints> = Object.fromEntries(Object.entries(pack.fingerprints?.exercises ?? {}).filter(([id]) => ids.has(id)));
  const written: string[] = [];
  for (const each of verified) {
    if (!each.ok) continue;
    if (each.knownWrong.length === 0) delete exercises[each.exercise.id];
    else exercises[each.exercise.id] = await entryOf(each);
    written.push(each.exercise.id);
  }
  const ordered = Object.fromEntries(pack.exercises.flatMap((exercise) => { const entry = exercises[exercise.id]; return entry ? [[exercise.id, entry] as const] : []; }));
  const file = path.join(pack.root, FINGERPRINTS_FILE);
  await writeFingerprintsFile(file, ordered);
  return { file, written };
}

/** Writes a fingerprints.json of these entries, one exercise a line: a change to one exercise's fingerprints is one line of a diff. */
export async function writeFingerprintsFile(file: string, exercises: Record<string, ExerciseFingerprints>): Promise<void> {
  const about = `How each known-wrong solution's check fails, for telling learners which mistake theirs behaves like. Written by \`${WRITE_FINGERPRINTS}\`; do not edit.`;
  const lines = Object.entries(exercises).map(([id, entry]) => `    ${JSON.stringify(id)}: ${JSON.stringify(entry)}`);
  await writeFileAtomic(file, `{\n  "formatVersion": ${FINGERPRINTS_FORMAT},\n  "about": ${JSON.stringify(about)},\n  "exercises": {\n${lines.join(',\n')}\n  }\n}\n`);
}

/** Per exercise, the known-wrongs (and the starter) that fail alike: no learner's check can tell them apart. */
export function indistinguishable(verified: readonly VerifiedExercise[]): { exercise: string; names: string[] }[] {
  const found: { exercise: string; names: string[] }[] = [];
  for (const each of verified) {
    if (each.knownWrong.length === 0) continue;
    const named = [
      { name: 'starter', fingerprint: each.starter ? fingerprintOf(each.starter) : [] },
      ...each.knownWrong.map(({ dir, report }) => ({ name: dir, fingerprint: report ? fingerprintOf(report) : [] })),
    ];
    for (const names of sharedFingerprints(named)) found.push({ exercise: each.exercise.id, names });
  }
  return found;
}
