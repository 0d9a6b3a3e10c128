import type { Progress } from './progressStore';
import type { Roadmap, RoadmapExercise } from './roadmap';

// Type imports only: the editor's eager bundle uses this, and a value import of the roadmap or
// the progress store would drag the kind registry and zod in with it.

/**
 * What to practise next, as `ai-practice next`, the watch mode and Continue Practising choose it.
 *
 * The rules, in order:
 * 1. An exercise already under way (started or failed, not passed) comes first: the first of them
 *    in roadmap order. What was begun is finished before something new opens.
 * 2. Else the first exercise not started, in roadmap order (areas, their skills, each skill's
 *    exercises; then the projects' stages), whose skill's prerequisites are all passed and, for
 *    a project's stage, whose stage before it passed.
 * A prerequisite skill is passed when every exercise listed under it on the roadmap (project
 * stages are not) has passed, as the roadmap's tally counts it ("2/2"); a skill with none never
 * blocks. Exercises this version cannot check are never chosen, and never block.
 */
export type NextChoice =
  | { kind: 'exercise'; exercise: RoadmapExercise; reason: 'in-progress' | 'next' }
  /** Every exercise this version can check has passed; `unchecked` are those it cannot. */
  | { kind: 'all-passed'; passed: number; total: number; unchecked: string[] };

export function nextExercise(roadmap: Roadmap): NextChoice {
  const exercises = inRoadmapOrder(roadmap).filter((exercise) => exercise.checkable);
  const underWay = exercises.find((exercise) => exercise.status === 'in-progress' || exercise.status === 'failed');
  if (underWay) return { kind: 'exercise', exercise: underWay, reason: 'in-progress' };
  const open = exercises.filter((exercise) => exercise.status === 'not-started' && exercise.stage?.open !== false);
  // By the rules no open exercise is blocked for good (prerequisites form no cycle); the fallback
  // keeps a pack whose prerequisites cannot be met (only uncheckable exercises behind them) going.
  const next = open.find((exercise) => unmetPrerequisites(roadmap, exercise).length === 0) ?? open[0];
  if (next) return { kind: 'exercise', exercise: next, reason: 'next' };
  const unchecked = inRoadmapOrder(roadmap).filter((exercise) => !exercise.checkable && exercise.status !== 'passed');
  return { kind: 'all-passed', passed: roadmap.passed, total: roadmap.total, unchecked: unchecked.map((exercise) => exercise.id) };
}

/** The prerequisite skills of `exercise`'s skill that are not passed yet (see `nextExercise`). */
export function unmetPrerequisites(roadmap: Roadmap, exercise: RoadmapExercise): string[] {
  const skills = new Map(roadmap.areas.flatMap((area) => area.skills).map((skill) => [skill.id, skill]));
  const prerequisites = skills.get(exercise.skillId)?.prerequisites ?? [];
  return prerequisites.filter((id) => !(skills.get(id)?.exercises ?? []).every((other) => other.status === 'passed' || !other.checkable));
}

/** The exercise under way (started or failed, not passed) whose progress changed last, if any. */
export function lastTouched(roadmap: Roadmap, progress: Progress): RoadmapExercise | undefined {
  let latest: { exercise: RoadmapExercise; at: string } | undefined;
  for (const exercise of inRoadmapOrder(roadmap)) {
    if (!exercise.checkable || (exercise.status !== 'in-progress' && exercise.status !== 'failed')) continue;
    const at = progress.packs[roadmap.packId]?.exercises[exercise.id]?.updatedAt ?? '';
    if (!latest || at > latest.at) latest = { exercise, at };
  }
  return latest?.exercise;
}

/** Every exercise in roadmap order: the areas' (skill by skill), then the projects' stages (as `roadmapExercisesOf`). */
function inRoadmapOrder(roadmap: Roadmap): RoadmapExercise[] {
  return [...roadmap.areas.flatMap((area) => area.skills.flatMap((skill) => skill.exercises)), ...roadmap.projects.flatMap((project) => project.stages)];
}
