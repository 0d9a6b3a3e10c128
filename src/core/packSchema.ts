import { z } from 'zod';
import { settingsSections } from './check/kinds/registry';
import { packPath, slug, text } from './schemaParts';

/** The manifest format this version reads. A pack declares it in `formatVersion`. */
export const PACK_FORMAT_VERSION = 1;

export { PACK_MANIFEST_FILE } from './manifestName';

/** Every exercise kind the format knows; each has a definition in check/kinds/registry.ts, or is marked there as not checkable yet. */
export const EXERCISE_KINDS = [
  'eval-dataset',
  'agent-loop',
  'prompt-debugging',
  'structured-output',
  'cost-optimization',
  'injection-defense',
  'retrieval',
  'judge-calibration',
  'llm-function',
] as const;

export const DIFFICULTIES = ['beginner', 'intermediate', 'advanced'] as const;

const link = z.strictObject({
  title: text,
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
});

const skill = z.strictObject({
  id: slug.meta({ description: 'Unique id of the skill; exercises name it in `skill`.' }),
  title: text,
  summary: text.meta({ description: 'What the skill is and why it matters, in two or three sentences.' }),
  prerequisites: z
    .array(slug)
    .default([])
    .meta({ description: 'Ids of skills to practise first.' }),
  links: z.array(link).default([]).meta({ description: 'Further reading.' }),
});

const area = z.strictObject({
  id: slug,
  title: text,
  summary: text,
  icon: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'must be a codicon name such as "beaker"')
    .optional()
    .meta({ description: 'A codicon name shown in the roadmap, e.g. "beaker".' }),
  skills: z.array(skill).min(1, 'an area needs at least one skill'),
});

const knownWrong = z.strictObject({
  dir: packPath.meta({ description: 'Folder, relative to the exercise folder, whose files replace the starter files.' }),
  reason: text.meta({ description: 'The mistake this solution makes; the check must reject it.' }),
  breaks: z
    .array(slug)
    .min(1, 'name at least one requirement, or leave the field out')
    .optional()
    .meta({ description: 'Ids of the requirements this solution breaks: `pack verify` proves it fails a check traced to each.' }),
  mentor: text
    .optional()
    .meta({
      description:
        "Your note for a learner whose solution makes this mistake: how to think about it and where to look, without handing over the answer. A learner's failing check that fails the same tests the same way as this solution (its fingerprint, which `pack verify --write-fingerprints` stores in fingerprints.json beside the manifest) shows it, with `reason` and the requirements in `breaks`.",
    }),
});

/** A test-name pattern: the exact name of a check's test, or with `*` standing for any text. */
const checkPattern = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .meta({ description: 'The name of a test in the check\'s report (hidden ones start "hidden"), or a pattern where * stands for any text, e.g. "line *".' });

const requirement = z.strictObject({
  id: slug.meta({ description: 'Unique within the exercise; known-wrong solutions name it in `breaks`.' }),
  text: text.meta({ description: 'The requirement in one sentence, as the README states it.' }),
  checkedBy: z
    .array(checkPattern)
    .min(1, 'name the check (test) that checks this requirement')
    .meta({ description: 'The tests of the check that check this requirement, by name or pattern.' }),
});

const equivalentMutant = z.strictObject({
  file: packPath.meta({ description: 'The mutated file, relative to the solution folder, as `pack verify --mutate` prints it.' }),
  line: z.int().min(1).optional().meta({ description: 'The line it was on; only breaks ties between lines of the same text, since lines move.' }),
  text: z.string().trim().min(1, 'must not be empty').meta({ description: "The mutated line's text, trimmed, as `pack verify --mutate` prints it: with `file` and `change`, what the entry matches." }),
  change: text.meta({ description: 'The change, `before → after`, as `pack verify --mutate` prints it, e.g. "< → <=".' }),
  why: text.meta({ description: 'Why no check could tell this mutant from the reference: it behaves the same.' }),
});

const exercise = z.strictObject({
  id: slug.meta({ description: 'Unique id; the exercise is scaffolded into practice/<id>/.' }),
  title: text,
  summary: text.meta({ description: 'One line: what the learner does.' }),
  skill: slug.meta({ description: 'Id of the skill this exercise practises.' }),
  kind: z.enum(EXERCISE_KINDS).meta({ description: 'How the exercise is checked.' }),
  difficulty: z.enum(DIFFICULTIES),
  minutes: z.int().min(1).max(480).meta({ description: 'Time a learner needs, in minutes.' }),
  dir: packPath.meta({ description: 'The exercise folder, relative to the pack root.' }),
  instructions: packPath
    .default('README.md')
    .meta({ description: 'Markdown instructions, relative to the exercise folder.' }),
  starter: packPath
    .default('starter')
    .meta({ description: 'Folder of starter files copied into the workspace, relative to the exercise folder.' }),
  solution: packPath
    .default('solution')
    .meta({ description: 'Folder with the reference solution (files that replace starter files); shown to a learner only once they pass, unless `showReference` is false.' }),
  referenceNotes: packPath
    .optional()
    .meta({
      description:
        'Markdown, relative to the exercise folder, on why the reference solution is written as it is: shown beside it once the learner passes (Compare with the Reference, `ai-practice solution`). Keep it outside the solution and starter folders, e.g. "REFERENCE.md"; absent, the reference is shown without notes.',
    }),
  showReference: z
    .boolean()
    .optional()
    .meta({ description: 'false keeps the reference solution from learners even after they pass (default: shown once they pass).' }),
  knownWrong: z
    .array(knownWrong)
    .default([])
    .meta({ description: 'Plausible wrong solutions the check must reject. `pack verify --write-fingerprints` records how each fails in fingerprints.json, so a learner whose check fails the same way is told which mistake it resembles (and its `mentor` note).' }),
  requirements: z
    .array(requirement)
    .default([])
    .meta({ description: 'What a solution must do, one sentence each as the README states it, and the checks that check it. With requirements, every known-wrong names those it breaks.' }),
  equivalentMutants: z
    .array(equivalentMutant)
    .default([])
    .meta({ description: 'Mutants of the reference solution that behave exactly as it does; `pack verify --mutate` leaves them out of the score and reports entries that match no mutant as stale.' }),
  hints: z.array(text).min(1, 'give at least one hint').meta({ description: 'Hints, revealed one at a time.' }),
  timeoutSeconds: z
    .int()
    .min(1)
    .max(600)
    .default(20)
    .meta({ description: 'How long a check may run before it is stopped.' }),
  memoryMiB: z
    .int()
    .min(64)
    .max(8192)
    .default(1024)
    .meta({ description: "The most memory (MiB) the learner's code may use in a check before it is stopped." }),
  // Each kind's settings section (check/kinds/): present for that kind, absent for the others.
  ...settingsSections(),
});

const project = z.strictObject({
  id: slug.meta({ description: 'Unique id, apart from every exercise id: its stages share the folder practice/<id>/.' }),
  title: text,
  summary: text.meta({ description: 'What the learner builds, in a sentence or two.' }),
  stages: z
    .array(slug)
    .min(2, 'a project has at least two stages')
    .meta({
      description:
        'The ids of the exercises that are its stages, in order. Each stage adds its starter files to the shared folder and builds on the code before it; checking a stage checks every stage before it too, and a stage opens once the one before it passes.',
    }),
});

export const packManifestSchema = z.strictObject({
  $schema: z.string().optional(),
  formatVersion: z.literal(PACK_FORMAT_VERSION),
  id: slug.meta({ description: 'Unique id of the pack; progress is kept per pack id.' }),
  title: text,
  version: z
    .string()
    .regex(/^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/, 'must be a semantic version such as "1.2.0"'),
  description: text.optional(),
  authors: z.array(text).min(1, 'name at least one author'),
  areas: z.array(area).min(1, 'a roadmap needs at least one area'),
  exercises: z.array(exercise),
  projects: z.array(project).default([]).meta({ description: 'Projects built in stages (capstones): each stage is an exercise, all in one folder.' }),
});

export type PackManifest = z.output<typeof packManifestSchema>;
export type Area = PackManifest['areas'][number];
export type Skill = Area['skills'][number];
export type Exercise = PackManifest['exercises'][number];
export type Project = PackManifest['projects'][number];
export type ExerciseKind = (typeof EXERCISE_KINDS)[number];
export type Difficulty = (typeof DIFFICULTIES)[number];

/** The manifest's JSON Schema, published so editors complete and check pack manifests. */
export function packManifestJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(packManifestSchema, { io: 'input', target: 'draft-7' }),
    title: 'AI Engineering Practice exercise pack',
    // VS Code's JSON service reads these: the loader accepts comments and trailing commas,
    // so the editor must not flag them.
    allowComments: true,
    allowTrailingCommas: true,
  };
}
