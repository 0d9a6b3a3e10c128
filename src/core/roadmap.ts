import type { LoadedPack } from './packLoader';
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
}

/** The pack's roadmap with each exercise's status from `progress`, and counts at every level. */
export function buildRoadmap(pack: LoadedPack, progress: Progress): Roadmap {
  const packId = pack.manifest.id;
  let inProgress = 0;
  const areas = pack.manifest.areas.map((area): RoadmapArea => {
    const skills = area.skills.map((skill): RoadmapSkill => {
      const exercises = pack.exercises
        .filter((exercise) => exercise.skill === skill.id)
        .map((exercise): RoadmapExercise => {
          const status = exerciseStatus(progress, packId, exercise.id);
          const record = exerciseProgressOf(progress, packId, exercise.id);
          if (status === 'in-progress' || status === 'failed') inProgress++;
          return {
            id: exercise.id,
            title: exercise.title,
            summary: exercise.summary,
            kind: exercise.kind,
            difficulty: exercise.difficulty,
            minutes: exercise.minutes,
            status,
            skillId: skill.id,
            skillTitle: skill.title,
            checkable: isCheckable(exercise.kind),
            attempts: record?.attempts ?? 0,
            hintsUsed: record?.hintsUsed ?? 0,
            hintsTotal: exercise.hints.length,
            ...(record?.lastCheck ? { lastCheck: record.lastCheck } : {}),
            ...(record?.firstPassedAt ? { firstPassedAt: record.firstPassedAt } : {}),
          };
        });
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
  return {
    packId,
    packTitle: pack.manifest.title,
    packVersion: pack.manifest.version,
    inProgress,
    areas,
    ...sumTallies(areas),
  };
}

function sumTallies(parts: Tally[]): Tally {
  return { passed: parts.reduce((sum, part) => sum + part.passed, 0), total: parts.reduce((sum, part) => sum + part.total, 0) };
}

/** "3 of 24 exercises passed" */
export function progressLine(tallied: Tally): string {
  const noun = tallied.total === 1 ? 'exercise' : 'exercises';
  return `${tallied.passed} of ${tallied.total} ${noun} passed`;
}
