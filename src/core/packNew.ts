import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { LoadedPack } from './packLoader';
import { checkableKinds } from './check/kinds/registry';
import { PACK_MANIFEST_FILE } from './packSchema';
import { FINGERPRINTS_FILE, writeFingerprintsFile } from './packFingerprints';
import { UserError } from './userError';

export interface NewPackResult {
  dir: string;
  manifestPath: string;
  exercises: string[];
}

/**
 * Scaffolds an exercise pack in `dir` (which must be empty or absent): a commented manifest
 * and one working example exercise of each kind this version checks (check/kinds/), copied
 * from the built-in pack with its starter, reference, known-wrong solutions and check files,
 * so `pack verify` passes on it from the start and an author edits working examples rather
 * than a blank page.
 */
export async function createPack(dir: string, builtin: LoadedPack): Promise<NewPackResult> {
  const target = path.resolve(dir);
  const existing = await fs.readdir(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  if (existing.length > 0) throw new UserError(`${target} is not empty; a new pack is never written over existing files.`, 'Name a new or empty folder.');
  const id = slugify(path.basename(target));
  // One example of each kind this version can check, copied from the built-in pack.
  const exercises = checkableKinds().map((definition) => {
    const example = { ...definition.packNewExample, as: `example-${definition.kind}` };
    const exercise = builtin.exercises.find((candidate) => candidate.id === example.builtin);
    if (!exercise) throw new Error(`the built-in pack has no ${example.builtin}`);
    return { example, exercise };
  });
  const skills = [...new Map(exercises.map(({ example }) => [example.skill.id, example.skill])).values()];
  // Example ids of their own: exercise ids are unique across the packs a workspace uses.
  for (const { example, exercise } of exercises) await copyDir(exercise.dirPath, path.join(target, 'exercises', example.as));

  const raw = JSON.parse(JSON.stringify(builtin.manifest)) as typeof builtin.manifest;
  const entries = exercises.map(({ example, exercise }) => {
    const entry = raw.exercises.find((candidate) => candidate.id === exercise.id);
    return { note: example.note, json: { ...entry, id: example.as, skill: example.skill.id, dir: `exercises/${example.as}` } };
  });
  const indent = (text: string, spaces: number): string => text.split('\n').join(`\n${' '.repeat(spaces)}`);
  const manifest = `{
  // In VS Code with AI Engineering Practice installed, this file gets completion and checks as you
  // type. From a terminal: ai-practice pack validate, then ai-practice pack verify.
  "formatVersion": 1,
  // Progress is kept per pack id: keep it once learners have started.
  "id": ${JSON.stringify(id)},
  "title": ${JSON.stringify(`${path.basename(target)} exercises`)},
  "version": "0.1.0",
  "authors": ["Your name"],
  // The roadmap: areas hold skills; every exercise practises one skill.
  "areas": [
    {
      "id": "examples",
      "title": "Examples",
      "summary": "One exercise of each kind, to copy and change.",
      "icon": "beaker",
      // A skill may also list "prerequisites": the ids of skills to practise first.
      "skills": [
${skills.map((skill) => `        { ${Object.entries(skill).map(([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`).join(', ')} }`).join(',\n')}
      ]
    }
  ],
  // Each exercise: a folder with README.md, starter/, solution/ (the reference), wrong/* (plausible
  // mistakes the check must reject) and check/ (never copied to learners).
  // \`ai-practice pack verify\` runs every reference, starter and known-wrong through the checks.
  // "requirements" are the README's rules, each with the tests that check it ("checkedBy"); every
  // known-wrong names in "breaks" the ones it breaks, and verify proves it and prints the matrix.
  "exercises": [
${entries.map((entry) => `    // ${entry.note}\n    ${indent(JSON.stringify(entry.json, null, 2), 4)}`).join(',\n')}
  ]
}
`;
  const manifestPath = path.join(target, PACK_MANIFEST_FILE);
  await fs.writeFile(manifestPath, manifest, { flag: 'wx' });
  // The examples fail as they do in the built-in pack: their fingerprints come along, so a
  // learner of the new pack is told which known mistake theirs behaves like from the start.
  const fingerprints = exercises.flatMap(({ example, exercise }) => {
    const entry = builtin.fingerprints?.exercises[exercise.id];
    return entry ? [[example.as, entry] as const] : [];
  });
  if (fingerprints.length > 0) await writeFingerprintsFile(path.join(target, FINGERPRINTS_FILE), Object.fromEntries(fingerprints));
  return { dir: target, manifestPath, exercises: exercises.map(({ example }) => example.as) };
}

function slugify(name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64);
  return slug || 'my-pack';
}

async function copyDir(from: string, to: string): Promise<void> {
  await fs.mkdir(to, { recursive: true });
  for (const entry of await fs.readdir(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const destination = path.join(to, entry.name);
    if (entry.isDirectory()) await copyDir(source, destination);
    else if (entry.isFile()) await fs.copyFile(source, destination, fs.constants.COPYFILE_EXCL);
  }
}
