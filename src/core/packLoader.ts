import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { z } from 'zod';
import { JsonDocument, type JsonPath } from './jsonDocument';
import { fieldName, PackInvalidError, type PackProblem } from './packProblem';
import { type FingerprintsFile, readFingerprints } from './packFingerprints';
import {
  type Area,
  type Exercise,
  PACK_FORMAT_VERSION,
  PACK_MANIFEST_FILE,
  type PackManifest,
  packManifestSchema,
  type Skill,
} from './packSchema';
import { checkableKinds, kindDefinition } from './check/kinds/registry';
import { isInside, listFilesSafely, resolveInside } from './safePaths';
import { linkProjects, stagePlaces, type StageOf } from './projectStages';
import { didYouMean } from './suggest';
import { fileSystemError, UserError } from './userError';

/** An exercise with every path resolved and proven to stay inside the pack. */
export interface PackExercise extends Exercise {
  dirPath: string;
  instructionsPath: string;
  starterDir: string;
  /** Starter files, relative to `starterDir`, forward slashes. */
  starterFiles: string[];
  solutionDir: string;
  /** The reference notes (`referenceNotes`), resolved; absent when the exercise has none. */
  referenceNotesPath?: string;
  /** Each known-wrong: its folder resolved, `dir` as the manifest names it. */
  knownWrongDirs: { path: string; dir: string; reason: string; breaks: string[]; mentor?: string }[];
  /** Its harness module, resolved, for a kind whose settings name one. */
  harnessPath?: string;
  /** Its folder in the workspace, practice/<folderId>/: its id, or its project's for a stage. */
  folderId: string;
  /** For a stage of a project: the project, its place and the stages before it. */
  stage?: StageOf;
}

export interface LoadedPack {
  root: string;
  manifestPath: string;
  manifest: PackManifest;
  exercises: PackExercise[];
  skills: Map<string, { skill: Skill; area: Area }>;
  /** The pack's fingerprints.json (packFingerprints.ts), when it has one. */
  fingerprints?: FingerprintsFile;
}

export type PackValidation = { pack: LoadedPack; problems: [] } | { pack: undefined; problems: PackProblem[] };

/** Loads and checks the pack in `root`, throwing a PackInvalidError that lists every problem. */
export async function loadPack(root: string): Promise<LoadedPack> {
  const result = await validatePack(root);
  if (!result.pack) throw new PackInvalidError(root, result.problems);
  return result.pack;
}

/**
 * Reads the manifest of the pack in `root` and checks it: JSON syntax, the schema, unique
 * ids, references between skills and exercises, and that every file it names exists and
 * stays inside the pack. Every problem comes back with its file, line and field.
 */
export async function validatePack(root: string, options: { manifestText?: string } = {}): Promise<PackValidation> {
  const packRoot = path.resolve(root);
  await assertPackFolder(packRoot);
  const manifestPath = path.join(packRoot, PACK_MANIFEST_FILE);
  const problems: PackProblem[] = [];
  const fileProblem = (message: string, fix?: string): PackValidation => ({
    pack: undefined,
    problems: [{ file: manifestPath, line: 1, column: 1, field: '', message, ...(fix ? { fix } : {}) }],
  });

  let text: string;
  try {
    // An editor passes the text being typed, before it is saved.
    text = options.manifestText ?? (await fs.readFile(manifestPath, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return fileProblem(`no ${PACK_MANIFEST_FILE} in this folder`, `a pack folder needs its manifest, ${PACK_MANIFEST_FILE}, at its root`);
    }
    if ((error as NodeJS.ErrnoException).code === 'EISDIR') {
      return fileProblem(`${PACK_MANIFEST_FILE} is a folder, not the manifest`, `move or rename that folder, and put the manifest, a JSON file, in its place`);
    }
    throw fileSystemError('read', manifestPath, error);
  }

  const parsed = JsonDocument.parse(text);
  if ('syntaxErrors' in parsed) {
    return {
      pack: undefined,
      problems: parsed.syntaxErrors.map((error) => ({ file: manifestPath, ...error.position, field: '', message: error.message })),
    };
  }
  const document = parsed.document;
  const at = (jsonPath: JsonPath, message: string, fix?: string): PackProblem => ({
    file: manifestPath,
    ...document.positionOf(jsonPath),
    field: fieldName(jsonPath),
    message,
    ...(fix ? { fix } : {}),
  });

  const raw = document.value;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { pack: undefined, problems: [at([], 'the manifest must be a JSON object')] };
  }
  const declaredVersion = (raw as Record<string, unknown>).formatVersion;
  if (typeof declaredVersion === 'number' && declaredVersion > PACK_FORMAT_VERSION) {
    return {
      pack: undefined,
      problems: [
        at(
          ['formatVersion'],
          `this pack uses format ${declaredVersion}, but this version of AI Engineering Practice reads format ${PACK_FORMAT_VERSION}`,
          'update the extension (or the ai-practice CLI) to open this pack',
        ),
      ],
    };
  }

  const result = packManifestSchema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) problems.push(...problemsFromIssue(issue, raw, document, manifestPath));
    return { pack: undefined, problems: sortProblems(problems) };
  }
  const manifest = result.data;

  const skills = checkRoadmap(manifest, at, problems);
  const exercises = await checkExercises(packRoot, manifest, skills, at, problems);
  if (problems.length > 0) return { pack: undefined, problems: sortProblems(problems) };
  const { fingerprints, problems: fingerprintProblems } = await readFingerprints(packRoot);
  if (fingerprintProblems.length > 0) return { pack: undefined, problems: fingerprintProblems };
  return { pack: { root: packRoot, manifestPath, manifest, exercises, skills, ...(fingerprints ? { fingerprints } : {}) }, problems: [] };
}

async function assertPackFolder(packRoot: string): Promise<void> {
  let stat;
  try {
    stat = await fs.stat(packRoot);
  } catch {
    throw new UserError(`No exercise pack at ${packRoot}: the folder does not exist.`, 'Check the path to the pack.');
  }
  if (!stat.isDirectory()) {
    throw new UserError(`No exercise pack at ${packRoot}: that is a file, not a folder.`, `Give the folder that holds ${PACK_MANIFEST_FILE}.`);
  }
}

type At = (jsonPath: JsonPath, message: string, fix?: string) => PackProblem;

/** Unique ids, known prerequisites and no prerequisite cycles. */
function checkRoadmap(manifest: PackManifest, at: At, problems: PackProblem[]): Map<string, { skill: Skill; area: Area }> {
  const skills = new Map<string, { skill: Skill; area: Area }>();
  const skillPaths = new Map<string, JsonPath>();
  const areaIds = new Map<string, JsonPath>();
  manifest.areas.forEach((area, a) => {
    reportDuplicate(areaIds, area.id, ['areas', a, 'id'], 'area', at, problems);
    area.skills.forEach((skill, s) => {
      const idPath = ['areas', a, 'skills', s, 'id'];
      if (reportDuplicate(skillPaths, skill.id, idPath, 'skill', at, problems)) skills.set(skill.id, { skill, area });
    });
  });

  manifest.areas.forEach((area, a) =>
    area.skills.forEach((skill, s) =>
      skill.prerequisites.forEach((prerequisite, p) => {
        const prerequisitePath = ['areas', a, 'skills', s, 'prerequisites', p];
        if (prerequisite === skill.id) problems.push(at(prerequisitePath, 'a skill cannot be its own prerequisite'));
        else if (!skills.has(prerequisite)) {
          problems.push(at(prerequisitePath, `unknown skill "${prerequisite}"${didYouMean(prerequisite, skills.keys())}`));
        }
      }),
    ),
  );

  const cycle = findPrerequisiteCycle(skills);
  if (cycle) {
    const first = skillPaths.get(cycle[0] as string) ?? [];
    problems.push(at([...first.slice(0, -1), 'prerequisites'], `prerequisites form a cycle: ${(cycle.length > 12 ? [...cycle.slice(0, 5), `… ${cycle.length - 9} more …`, ...cycle.slice(-4)] : cycle).join(' → ')}`, 'remove one prerequisite of the cycle'));
  }
  return skills;
}

function reportDuplicate(seen: Map<string, JsonPath>, id: string, idPath: JsonPath, what: string, at: At, problems: PackProblem[]): boolean {
  const first = seen.get(id);
  if (first) {
    const firstLine = at(first, '').line;
    problems.push(at(idPath, `duplicate ${what} id "${id}" (first used on line ${firstLine})`, `give every ${what} its own id`));
    return false;
  }
  seen.set(id, idPath);
  return true;
}

/** A cycle of prerequisites, as the ids along it, or undefined. Iterative: a chain of any length fits. */
function findPrerequisiteCycle(skills: Map<string, { skill: Skill }>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  for (const root of skills.keys()) {
    if (state.has(root)) continue;
    // The path being walked, each skill with the index of its next prerequisite to visit.
    const path: { id: string; next: number }[] = [{ id: root, next: 0 }];
    state.set(root, 'visiting');
    while (path.length > 0) {
      const top = path[path.length - 1] as { id: string; next: number };
      const prerequisites = skills.get(top.id)?.skill.prerequisites ?? [];
      if (top.next >= prerequisites.length) {
        state.set(top.id, 'done');
        path.pop();
        continue;
      }
      const next = prerequisites[top.next++] as string;
      if (next === top.id || !skills.has(next) || state.get(next) === 'done') continue;
      if (state.get(next) === 'visiting') return [...path.slice(path.findIndex((step) => step.id === next)).map((step) => step.id), next];
      state.set(next, 'visiting');
      path.push({ id: next, next: 0 });
    }
  }
  return undefined;
}

/** Unique exercise ids, known skills, and every named file present and inside the pack. */
async function checkExercises(
  packRoot: string,
  manifest: PackManifest,
  skills: Map<string, unknown>,
  at: At,
  problems: PackProblem[],
): Promise<PackExercise[]> {
  const ids = new Map<string, JsonPath>();
  const exercises: PackExercise[] = [];
  const places = stagePlaces(manifest);
  for (const [e, exercise] of manifest.exercises.entries()) {
    const base: JsonPath = ['exercises', e];
    reportDuplicate(ids, exercise.id, [...base, 'id'], 'exercise', at, problems);
    if (!skills.has(exercise.skill)) {
      problems.push(
        at([...base, 'skill'], `unknown skill "${exercise.skill}"${didYouMean(exercise.skill, skills.keys())}`, 'use the id of a skill listed under areas[].skills[]'),
      );
    }

    const before = problems.length;
    const dirPath = await existingPath(packRoot, packRoot, exercise.dir, 'directory', [...base, 'dir'], at, problems);
    if (!dirPath) continue;
    const instructionsPath = await existingPath(packRoot, dirPath, exercise.instructions, 'file', [...base, 'instructions'], at, problems);
    const starterDir = await existingPath(packRoot, dirPath, exercise.starter, 'directory', [...base, 'starter'], at, problems);
    const solutionDir = await existingPath(packRoot, dirPath, exercise.solution, 'directory', [...base, 'solution'], at, problems);
    const referenceNotesPath = exercise.referenceNotes === undefined ? undefined : await existingPath(packRoot, dirPath, exercise.referenceNotes, 'file', [...base, 'referenceNotes'], at, problems);
    checkNotesPlace(referenceNotesPath, { solution: solutionDir, starter: starterDir }, [...base, 'referenceNotes'], at, problems);
    checkRequirements(exercise, base, at, problems);
    const knownWrongDirs: PackExercise['knownWrongDirs'] = [];
    for (const [w, wrong] of exercise.knownWrong.entries()) {
      const wrongPath = await existingPath(packRoot, dirPath, wrong.dir, 'directory', [...base, 'knownWrong', w, 'dir'], at, problems);
      if (wrongPath) knownWrongDirs.push({ path: wrongPath, dir: wrong.dir, reason: wrong.reason, breaks: wrong.breaks ?? [], ...(wrong.mentor ? { mentor: wrong.mentor } : {}) });
    }
    let starterFiles: string[] = [];
    if (starterDir) {
      const listing = await listFilesSafely(starterDir);
      if ('refused' in listing) problems.push(at([...base, 'starter'], `starter folder: ${listing.refused}`));
      else if (listing.files.length === 0) problems.push(at([...base, 'starter'], 'the starter folder is empty', 'put the files the learner starts from in it'));
      else starterFiles = listing.files;
      if (instructionsPath && starterFiles.includes(path.basename(instructionsPath))) {
        problems.push(
          at([...base, 'starter'], `the starter folder holds a file named like the instructions ("${path.basename(instructionsPath)}"); both would land in the same place`),
        );
      }
    }
    // A stage works in the files every stage before it laid down, too.
    const place = places.get(exercise.id);
    const earlierFiles = place ? await earlierStarterFiles(packRoot, manifest, place.project.stages.slice(0, place.index)) : [];
    const harnessPath = await checkKindSettings(packRoot, exercise, dirPath, [...new Set([...earlierFiles, ...starterFiles])], base, at, problems);
    if (problems.length > before || !instructionsPath || !starterDir || !solutionDir) continue;
    exercises.push({
      folderId: place ? place.project.id : exercise.id,
      ...exercise,
      dirPath,
      instructionsPath,
      starterDir,
      starterFiles,
      solutionDir,
      ...(referenceNotesPath ? { referenceNotesPath } : {}),
      knownWrongDirs,
      ...(harnessPath ? { harnessPath } : {}),
    });
  }
  linkProjects(manifest, exercises, at, problems);
  return exercises;
}

/** The starter files of the stages `ids` (each as its exercise names them); a folder that is not there counts as empty here and is reported with its own exercise. */
async function earlierStarterFiles(packRoot: string, manifest: PackManifest, ids: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const id of ids) {
    const exercise = manifest.exercises.find((candidate) => candidate.id === id);
    if (!exercise) continue;
    const dir = await resolveInside(packRoot, packRoot, `${exercise.dir}/${exercise.starter}`);
    if ('refused' in dir) continue;
    const listing = await listFilesSafely(dir.path).catch(() => ({ files: [] as string[] }));
    if ('files' in listing) files.push(...listing.files);
  }
  return files;
}

/** Reference notes inside the solution folder would be laid over the learner's files by pack verify; inside the starter, handed out before the exercise is solved. */
function checkNotesPlace(notes: string | undefined, folders: { solution: string | undefined; starter: string | undefined }, jsonPath: JsonPath, at: At, problems: PackProblem[]): void {
  if (!notes) return;
  if (folders.solution && isInside(folders.solution, notes)) {
    problems.push(at(jsonPath, 'the reference notes are inside the solution folder, whose files `pack verify` lays over the learner\'s as part of the solution', 'keep them beside the solution folder, e.g. "referenceNotes": "REFERENCE.md"'));
  } else if (folders.starter && isInside(folders.starter, notes)) {
    problems.push(at(jsonPath, 'the reference notes are inside the starter folder, so learners would get them before they solve the exercise', 'keep them beside the starter folder, e.g. "referenceNotes": "REFERENCE.md"'));
  }
}

/**
 * Requirement ids unique within the exercise, and known-wrong solutions that name existing
 * ones; with requirements declared, every known-wrong must name what it breaks.
 */
function checkRequirements(exercise: Exercise, base: JsonPath, at: At, problems: PackProblem[]): void {
  const ids = new Map<string, JsonPath>();
  for (const [r, requirement] of exercise.requirements.entries()) reportDuplicate(ids, requirement.id, [...base, 'requirements', r, 'id'], 'requirement', at, problems);
  for (const [w, wrong] of exercise.knownWrong.entries()) {
    if (wrong.breaks === undefined) {
      if (ids.size > 0) {
        problems.push(at([...base, 'knownWrong', w], `the known-wrong solution "${wrong.dir}" names no requirement it breaks`, `add "breaks": ["<requirement id>"], one of: ${[...ids.keys()].join(', ')}`));
      }
      continue;
    }
    for (const [b, id] of wrong.breaks.entries()) {
      if (!ids.has(id)) {
        const fix = ids.size === 0 ? 'declare the exercise\'s requirements in "requirements" first' : `use one of: ${[...ids.keys()].join(', ')}`;
        problems.push(at([...base, 'knownWrong', w, 'breaks', b], `unknown requirement "${id}"${didYouMean(id, ids.keys())}`, fix));
      }
    }
  }
}

/** The settings a kind's check needs: present for that kind, absent for the others, files in place. */
async function checkKindSettings(
  packRoot: string,
  exercise: Exercise,
  dirPath: string,
  starterFiles: string[],
  base: JsonPath,
  at: At,
  problems: PackProblem[],
): Promise<string | undefined> {
  const definition = kindDefinition(exercise.kind);
  const sections = exercise as unknown as Record<string, unknown>;
  for (const other of checkableKinds()) {
    if (other !== definition && sections[other.section] !== undefined) {
      problems.push(at([...base, other.section], `"${other.section}" does not apply to a ${exercise.kind} exercise`, 'remove the section or change the kind'));
    }
  }
  if (!definition) return undefined;
  const section = definition.section;
  const settings = sections[section] as Record<string, unknown> | undefined;
  if (!settings) {
    const article = /^[aeiou]/.test(exercise.kind) ? 'an' : 'a';
    problems.push(at([...base, 'kind'], `${article} ${exercise.kind} exercise needs a "${section}" section saying how it is checked`, `add ${definition.sectionExample}`));
    return undefined;
  }
  const files = definition.files;
  let harnessPath: string | undefined;
  for (const field of files.pack) {
    const file = settings[field];
    if (typeof file !== 'string') continue;
    const resolved = await existingPath(packRoot, dirPath, file, 'file', [...base, section, field], at, problems);
    if (field === 'harness') harnessPath = resolved;
  }
  for (const field of files.packDirs ?? []) {
    const folder = settings[field];
    if (typeof folder === 'string') await existingPath(packRoot, dirPath, folder, 'directory', [...base, section, field], at, problems);
  }
  for (const field of files.learner) {
    const learnerFile = settings[field] as string;
    if (starterFiles.length > 0 && !starterFiles.includes(learnerFile)) {
      problems.push(
        at(
          [...base, section, field],
          `"${learnerFile}" is not one of the starter files (${starterFiles.join(', ')})${didYouMean(learnerFile, starterFiles)}`,
          'the learner works in this file, so the starter folder must provide it',
        ),
      );
    }
  }
  for (const field of files.learnerDirs ?? []) {
    const folder = settings[field] as string;
    if (starterFiles.length > 0 && !starterFiles.some((file) => file.startsWith(`${folder}/`))) {
      problems.push(at([...base, section, field], `the starter folder has no "${folder}" folder with files in it`, 'the learner reads these files, so the starter folder must provide them'));
    }
  }
  return harnessPath;
}

async function existingPath(
  packRoot: string,
  base: string,
  relative: string,
  kind: 'file' | 'directory',
  jsonPath: JsonPath,
  at: At,
  problems: PackProblem[],
): Promise<string | undefined> {
  const resolved = await resolveInside(packRoot, base, relative);
  if ('refused' in resolved) {
    problems.push(at(jsonPath, resolved.refused));
    return undefined;
  }
  const shown = path.relative(packRoot, resolved.path) || '.';
  let stat;
  try {
    stat = await fs.stat(resolved.path);
  } catch {
    problems.push(at(jsonPath, `${kind} "${shown}" does not exist in the pack`, `create it or correct the path`));
    return undefined;
  }
  if (kind === 'file' ? !stat.isFile() : !stat.isDirectory()) {
    problems.push(at(jsonPath, `"${shown}" is not a ${kind}`));
    return undefined;
  }
  return resolved.path;
}

function sortProblems(problems: PackProblem[]): PackProblem[] {
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Turns one zod issue into problems that say, in plain words, what is wrong and where. */
function problemsFromIssue(issue: z.core.$ZodIssue, raw: unknown, document: JsonDocument, file: string): PackProblem[] {
  const issuePath = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
  const problem = (jsonPath: JsonPath, message: string, position = document.positionOf(jsonPath)): PackProblem => ({
    file,
    ...position,
    field: fieldName(jsonPath),
    message,
  });
  const value = valueAt(raw, issuePath);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) =>
        problem([...issuePath, key], `unknown field "${key}"${didYouMean(key, knownFieldsAt(issuePath))}`, document.positionOfKey(issuePath, key)),
      );
    case 'invalid_type':
      if (value === undefined) return [problem(issuePath, `missing required field "${String(issuePath.at(-1))}"`)];
      return [problem(issuePath, `expected ${describeExpected(issue.expected)}, got ${describeValue(value)}`)];
    case 'invalid_value': {
      if (value === undefined) return [problem(issuePath, `missing required field "${String(issuePath.at(-1))}"`)];
      const allowed = issue.values.map((v) => JSON.stringify(v)).join(', ');
      // "1" for 1, "true" for true: the right value, written as text.
      const quoted = typeof value === 'string' ? issue.values.find((v) => typeof v !== 'string' && String(v) === value) : undefined;
      if (quoted !== undefined) return [problem(issuePath, `${JSON.stringify(value)} is text; write ${JSON.stringify(quoted)} without quotes`)];
      const hint = typeof value === 'string' ? didYouMean(value, issue.values.map(String).filter((v) => v !== value)) : '';
      return [problem(issuePath, `${JSON.stringify(value)} is not allowed; use ${issue.values.length === 1 ? allowed : `one of ${allowed}`}${hint}`)];
    }
    case 'too_small':
      if (issue.origin === 'number') return [problem(issuePath, `must be at least ${String(issue.minimum)}`)];
      return [problem(issuePath, issue.message)];
    case 'too_big':
      if (issue.origin === 'number') return [problem(issuePath, `must be at most ${String(issue.maximum)}`)];
      if (issue.origin === 'string') return [problem(issuePath, `must be at most ${String(issue.maximum)} characters`)];
      return [problem(issuePath, issue.message)];
    default:
      return [problem(issuePath, issue.message)];
  }
}

function valueAt(raw: unknown, jsonPath: JsonPath): unknown {
  let current = raw;
  for (const segment of jsonPath) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

function describeExpected(expected: string): string {
  const names: Record<string, string> = { int: 'a whole number', number: 'a number', string: 'a string', array: 'a list', object: 'an object', boolean: 'true or false' };
  return names[expected] ?? expected;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number' && !Number.isInteger(value)) return `the fraction ${value}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** The field names the schema allows at `jsonPath`, to suggest the intended one for a typo. */
function knownFieldsAt(jsonPath: JsonPath): string[] {
  let schema: z.core.$ZodType = packManifestSchema;
  const unwrap = (): void => {
    for (;;) {
      const def = schema._zod.def as { type: string; innerType?: z.core.$ZodType };
      if ((def.type === 'default' || def.type === 'optional') && def.innerType) schema = def.innerType;
      else return;
    }
  };
  for (const segment of jsonPath) {
    unwrap();
    const def = schema._zod.def as { type: string; shape?: Record<string, z.core.$ZodType>; element?: z.core.$ZodType };
    const next = typeof segment === 'number' ? def.element : def.shape?.[segment];
    if (!next) return [];
    schema = next;
  }
  unwrap();
  const def = schema._zod.def as { shape?: Record<string, unknown> };
  return Object.keys(def.shape ?? {});
}
