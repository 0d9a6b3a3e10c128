import * as path from 'node:path';
import type { JsonPath } from './jsonDocument';
import type { PackExercise } from './packLoader';
import type { PackProblem } from './packProblem';
import type { PackManifest, Project } from './packSchema';
import { didYouMean } from './suggest';

/** Where an exercise stands in the project it is a stage of. */
export interface StageOf {
  project: Project;
  /** 1-based. */
  number: number;
  of: number;
  /** The stages before it, in order: a check of this stage checks them too. */
  earlier: PackExercise[];
  /** The id of the stage after it, if any. */
  next?: string;
}

type At = (jsonPath: JsonPath, message: string, fix?: string) => PackProblem;

/** Each stage's project and place, by exercise id, from the manifest alone. */
export function stagePlaces(manifest: PackManifest): Map<string, { project: Project; index: number }> {
  const places = new Map<string, { project: Project; index: number }>();
  for (const project of manifest.projects) project.stages.forEach((id, index) => places.has(id) || places.set(id, { project, index }));
  return places;
}

/**
 * Projects name existing exercises, each at most once across all projects; a project's id is
 * its own (its folder would clash with an exercise's); stages land in one folder, so their
 * instructions need names of their own. Links each stage to the ones before it.
 */
export function linkProjects(manifest: PackManifest, exercises: PackExercise[], at: At, problems: PackProblem[]): void {
  const byId = new Map(exercises.map((exercise) => [exercise.id, exercise]));
  const allIds = manifest.exercises.map((exercise) => exercise.id);
  const projectIds = new Map<string, number>();
  const staged = new Map<string, string>();
  manifest.projects.forEach((project, p) => {
    const base: JsonPath = ['projects', p];
    if (projectIds.has(project.id)) problems.push(at([...base, 'id'], `duplicate project id "${project.id}"`, 'give every project its own id'));
    projectIds.set(project.id, p);
    if (allIds.includes(project.id)) problems.push(at([...base, 'id'], `"${project.id}" is also an exercise's id; both would use the folder practice/${project.id}/`, 'give the project an id of its own'));
    const instructions = new Map<string, string>();
    project.stages.forEach((id, s) => {
      if (!allIds.includes(id)) {
        problems.push(at([...base, 'stages', s], `unknown exercise "${id}"${didYouMean(id, allIds)}`, 'list the ids of the exercises that are its stages'));
        return;
      }
      const other = staged.get(id);
      if (other !== undefined) {
        problems.push(at([...base, 'stages', s], `"${id}" is already a stage of "${other}"`, 'an exercise is a stage of one project, once'));
        return;
      }
      staged.set(id, project.id);
      const exercise = byId.get(id);
      if (!exercise) return;
      const name = path.basename(exercise.instructionsPath);
      const clash = instructions.get(name);
      if (clash) problems.push(at([...base, 'stages', s], `the instructions of "${id}" and "${clash}" are both named ${name}, and would land in the same place`, 'name each stage\'s instructions after it, e.g. "instructions": "STAGE-2.md"'));
      instructions.set(name, id);
    });
  });
  if (problems.length > 0) return;
  for (const project of manifest.projects) {
    const stages = project.stages.map((id) => byId.get(id) as PackExercise);
    stages.forEach((exercise, index) => {
      exercise.stage = { project, number: index + 1, of: stages.length, earlier: stages.slice(0, index), ...(index + 1 < stages.length ? { next: stages[index + 1]?.id as string } : {}) };
    });
  }
}
