import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { LoadedPack } from './packLoader';
import { PACK_MANIFEST_FILE } from './packSchema';
import { UserError } from './userError';

/** One example of each kind this version can check, taken from the built-in pack. */
const EXAMPLES = [
  { id: 'retry-policy-eval-dataset', as: 'example-eval-dataset', note: 'eval-dataset: the learner writes JSONL cases; the harness holds the feature and its buggy variants.' },
  { id: 'agent-loop-basics', as: 'example-agent-loop', note: 'agent-loop: the learner writes a function; check/scenarios.ts plays the model in the simulator and judges the outcome.' },
  { id: 'triage-structured-output', as: 'example-structured-output', note: 'structured-output: like agent-loop, for code that turns a model\'s answer into a validated object.' },
  { id: 'contact-extraction-prompt', as: 'example-prompt-debugging', note: 'prompt-debugging: the learner edits a prompt; cases run against a model, or replay from check/recordings/.' },
  { id: 'support-routing-costs', as: 'example-cost-optimization', note: 'cost-optimization: the baseline and the learner\'s pipeline run check/workload.ts against the simulator and are priced; accuracy must hold.' },
  { id: 'inbox-assistant-injection', as: 'example-injection-defense', note: 'injection-defense: the simulator plays a hijackable model; check/scenarios.ts judges effects only, with benign cases as a utility floor.' },
  { id: 'handbook-chunking', as: 'example-retrieval', note: 'retrieval: the learner chunks starter/docs; questions with known answer passages are searched with BM25.' },
] as const;

export interface NewPackResult {
  dir: string;
  manifestPath: string;
  exercises: string[];
}

/**
 * Scaffolds an exercise pack in `dir` (which must be empty or absent): a commented manifest
 * and one working example exercise of each checkable kind, copied from the built-in pack with
 * its starter, reference, known-wrong solutions and check files, so `pack verify` passes on it
 * from the start and an author edits working examples rather than a blank page.
 */
export async function createPack(dir: string, builtin: LoadedPack): Promise<NewPackResult> {
  const target = path.resolve(dir);
  const existing = await fs.readdir(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  if (existing.length > 0) throw new UserError(`${target} is not empty; a new pack is never written over existing files.`, 'Name a new or empty folder.');
  const id = slugify(path.basename(target));
  const exercises = EXAMPLES.map((example) => {
    const exercise = builtin.exercises.find((candidate) => candidate.id === example.id);
    if (!exercise) throw new Error(`the built-in pack has no ${example.id}`);
    return { example, exercise };
  });
  // Example ids of their own: exercise ids are unique across the packs a workspace uses.
  for (const { example, exercise } of exercises) await copyDir(exercise.dirPath, path.join(target, 'exercises', example.as));

  const raw = JSON.parse(JSON.stringify(builtin.manifest)) as typeof builtin.manifest;
  const entries = exercises.map(({ example, exercise }) => {
    const entry = raw.exercises.find((candidate) => candidate.id === exercise.id);
    return { note: example.note, json: { ...entry, id: example.as, skill: skillOf(exercise.kind), dir: `exercises/${example.as}` } };
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
      "skills": [
        { "id": "evaluation", "title": "Evaluation", "summary": "Datasets that catch broken features." },
        { "id": "agents", "title": "Agents", "summary": "Tool-using loops that survive a real API.", "prerequisites": ["evaluation"] },
        { "id": "structured-output", "title": "Structured output", "summary": "Validated objects from model text." },
        { "id": "prompting", "title": "Prompting", "summary": "Prompts judged by cases, several samples each." },
        { "id": "retrieval", "title": "Retrieval", "summary": "Chunks that search can find." },
        { "id": "production", "title": "Production", "summary": "Cost, and defences that hold when the model is hijacked." }
      ]
    }
  ],
  // Each exercise: a folder with README.md, starter/, solution/ (the reference), wrong/* (plausible
  // mistakes the check must reject) and check/ (never copied to learners).
  // \`ai-practice pack verify\` runs every reference, starter and known-wrong through the checks.
  "exercises": [
${entries.map((entry) => `    // ${entry.note}\n    ${indent(JSON.stringify(entry.json, null, 2), 4)}`).join(',\n')}
  ]
}
`;
  const manifestPath = path.join(target, PACK_MANIFEST_FILE);
  await fs.writeFile(manifestPath, manifest, { flag: 'wx' });
  return { dir: target, manifestPath, exercises: exercises.map(({ example }) => example.as) };
}

const SKILL_OF_KIND: Record<string, string> = {
  'eval-dataset': 'evaluation',
  'agent-loop': 'agents',
  'structured-output': 'structured-output',
  'prompt-debugging': 'prompting',
  retrieval: 'retrieval',
  'cost-optimization': 'production',
  'injection-defense': 'production',
};

function skillOf(kind: string): string {
  const skill = SKILL_OF_KIND[kind];
  if (!skill) throw new Error(`pack new has no example skill for ${kind}`);
  return skill;
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
