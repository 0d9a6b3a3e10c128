import type { LoadedPack, PackExercise } from './packLoader';
import type { Difficulty, ExerciseKind } from './packSchema';
import { isCheckable } from './check/kinds/registry';
import { type ExerciseProgress, type ExerciseStatus, exerciseProgressOf, exerciseStatus, type Progress } from './progressStore';

export interface RoadmapExercise {
  id: string;
  title: string;
  summary: string;
  kind: ExerciseKind;
  difficulty: Difficulty;
  minutes: number;
  status: ExerciseStatus;
  skillId: string;
  skillTitle: string;
  /** Whether this version can check the exercise's kind. */
  checkable: boolean;
  attempts: number;
  hintsUsed: number;
  hintsTotal: number;
  lastCheck?: ExerciseProgress['lastCheck'];
  /** When it first passed, if it has. */
  firstPassedAt?: string;
  /** Its folder in the workspace, practice/<folderId>/: its id, or its project's. */
  folderId: string;
  /** For a stage of a project: its place, and whether it is open yet (the stage before it passed). */
  stage?: { project: string; number: number; of: number; open: boolean };
}

/** A project built in stages, with its stages in order and how far the learner got. */
export interface RoadmapProject extends Tally {
  id: string;
  title: string;
  summary: string;
  stages: RoadmapExercise[];
  /** The stage to work on: the first not passed (every stage passed: the last). */
  current: number;
}

export interface Tally {
  passed: number;
  total: number;
}

export interface RoadmapSkill extends Tally {
  id: string;
  title: string;
  summary: string;
  prerequisites: string[];
  links: { title: string; url: string }[];
  exercises: RoadmapExercise[];
}

export interface RoadmapArea extends Tally {
  id: string;
  title: string;
  summary: string;
  icon?: string;
  skills: RoadmapSkill[];
}

export interface Roadmap extends Tally {
  packId: string;
  packTitle: string;
  packVersion: string;
  inProgress: number;
  areas: RoadmapArea[];
  projects: RoadmapProject[];
}

/** The pack's roadmap with each exercise's status from `progress`, and counts at every level. */
export function buildRoadmap(pack: LoadedPack, progress: Progress): Roadmap {
  const packId = pack.manifest.id;
  let inProgress = 0;
  const entry = (exercise: PackExercise): RoadmapExercise => {
    const status = exerciseStatus(progress, packId, exercise.id);
    const record = exerciseProgressOf(progress, packId, exercise.id);
    if (status === 'in-progress' || status === 'failed') inProgress++;
    const stage = exercise.stage;
    const before = stage?.earlier[stage.earlier.length - 1];
    return {
      id: exercise.id,
      title: exercise.title,
      summary: exercise.summary,
      kind: exercise.kind,
      difficulty: exercise.difficulty,
      minutes: exercise.minutes,
      status,
      skillId: exercise.skill,
      skillTitle: pack.skills.get(exercise.skill)?.skill.title ?? exercise.skill,
      checkable: isCheckable(exercise.kind),
      attempts: record?.attempts ?? 0,
      hintsUsed: record?.hintsUsed ?? 0,
      hintsTotal: exercise.hints.length,
      ...(record?.lastCheck ? { lastCheck: record.lastCheck } : {}),
      ...(record?.firstPassedAt ? { firstPassedAt: record.firstPassedAt } : {}),
      folderId: exercise.folderId,
      ...(stage ? { stage: { project: stage.project.id, number: stage.number, of: stage.of, open: !before || exerciseStatus(progress, packId, before.id) === 'passed' } } : {}),
    };
  };
  const areas = pack.manifest.areas.map((area): RoadmapArea => {
    const skills = area.skills.map((skill): RoadmapSkill => {
      // A project's stages are shown with their project, in order, not under their skills.
      const exercises = pack.exercises.filter((exercise) => exercise.skill === skill.id && !exercise.stage).map(entry);
      return {
        id: skill.id,
        title: skill.title,
        summary: skill.summary,
        prerequisites: skill.prerequisites,
        links: skill.links,
        exercises,
        passed: exercises.filter((exercise) => exercise.status === 'passed').length,
        total: exercises.length,
      };
    });
    return {
      id: area.id,
      title: area.title,
      summary: area.summary,
      ...(area.icon ? { icon: area.icon } : {}),
      skills,
      ...sumTallies(skills),
    };
  });
  const projects = pack.manifest.projects.map((project): RoadmapProject => {
    const stages = project.stages.map((id) => pack.exercises.find((exercise) => exercise.id === id)).filter((exercise) => exercise !== undefined).map(entry);
    const passed = stages.filter((stage) => stage.status === 'passed').length;
    const firstOpen = stages.findIndex((stage) => stage.status !== 'passed');
    return { id: project.id, title: project.title, summary: project.summary, stages, passed, total: stages.length, current: firstOpen < 0 ? stages.length : firstOpen + 1 };
  });
  return {
    packId,
    packTitle: pack.manifest.title,
    packVersion: pack.manifest.version,
    inProgress,
    areas,
    projects,
    ...sumTallies([...areas, ...projects]),
  };
}

/** Every exercise of the roadmap: the areas' (skill by skill), then the projects' stages in order. */
export function roadmapExercisesOf(roadmap: Roadmap): RoadmapExercise[] {
  return [...roadmap.areas.flatMap((area) => area.skills.flatMap((skill) => skill.exercises)), ...roadmap.projects.flatMap((project) => project.stages)];
}

function sumTallies(parts: Tally[]): Tally {
  return { passed: parts.reduce((sum, part) => sum + part.passed, 0), total: parts.reduce((sum, part) => sum + part.total, 0) };
}

/** "3 of 24 exercises passed" */
export function progressLine(tallied: Tally): string {
  const noun = tallied.total === 1 ? 'exercise' : 'exercises';
  return `${tallied.passed} of ${tallied.total} ${noun} passed`;
}
