// What the progress page (src/vscode/progressPage.ts, drawn by src/progressPage/progressPage.ts)
// shows, computed from the roadmaps: the skill map laid out in layers by prerequisite depth,
// each exercise's attempts and hints, passes by day, projects, and the exercise to do next.
// Plain data, posted to the webview as JSON.
import { nextExercise } from './nextExercise';
import type { ExerciseStatus } from './progressStore';
import { type Roadmap, type RoadmapExercise, roadmapExercisesOf, type RoadmapSkill } from './roadmap';

export interface ProgressPageSkill {
  id: string;
  title: string;
  areaId: string;
  passed: number;
  total: number;
  /** Passed share, 0 to 1; a skill with no exercises of its own is 0. */
  share: number;
  /** The layer: 0 for a skill without prerequisites, else one more than its deepest prerequisite. */
  depth: number;
  /** Its place within its layer, from 0, in roadmap order. */
  row: number;
  prerequisites: string[];
  /** Whether every prerequisite skill is done: all of its own exercises passed. */
  open: boolean;
}

export interface ProgressPageExercise {
  id: string;
  title: string;
  skillTitle: string;
  status: ExerciseStatus;
  attempts: number;
  hintsUsed: number;
  hintsTotal: number;
  firstPassedAt?: string;
  /** For a project's stage: "2 of 4". */
  stage?: string;
}

export interface ProgressPageProject {
  id: string;
  title: string;
  passed: number;
  total: number;
  stages: { id: string; title: string; number: number; status: ExerciseStatus; open: boolean }[];
}

export interface ProgressPagePack {
  packId: string;
  title: string;
  passed: number;
  total: number;
  inProgress: number;
  areas: { id: string; title: string; passed: number; total: number }[];
  skills: ProgressPageSkill[];
  /** Prerequisite edges, from the prerequisite to the skill that needs it. */
  edges: { from: string; to: string }[];
  /** How many layers the map has (the deepest skill's depth, plus one). */
  layers: number;
  exercises: ProgressPageExercise[];
  projects: ProgressPageProject[];
}

export interface PassesOnDay {
  /** The UTC day, YYYY-MM-DD. */
  day: string;
  passed: number;
  /** Every exercise first passed on or before this day. */
  cumulative: number;
}

export interface NextExercise {
  id: string;
  title: string;
  packId: string;
  skillTitle: string;
  status: ExerciseStatus;
}

export interface ProgressPageData {
  packs: ProgressPagePack[];
  passed: number;
  total: number;
  timeline: PassesOnDay[];
  /** The suggested next exercise, or undefined when every exercise has passed. */
  next?: NextExercise;
}

/** The progress page's content for these roadmaps (one per pack, in pack order). */
export function progressPageData(roadmaps: Roadmap[]): ProgressPageData {
  const packs = roadmaps.map(pagePack);
  const next = roadmaps.map((roadmap) => nextSuggestedExercise(roadmap)).find((found) => found !== undefined);
  return {
    packs,
    passed: roadmaps.reduce((sum, roadmap) => sum + roadmap.passed, 0),
    total: roadmaps.reduce((sum, roadmap) => sum + roadmap.total, 0),
    timeline: passesByDay(roadmaps.flatMap(roadmapExercisesOf)),
    ...(next ? { next } : {}),
  };
}

function pagePack(roadmap: Roadmap): ProgressPagePack {
  const skills = roadmap.areas.flatMap((area) => area.skills.map((skill) => ({ skill, areaId: area.id })));
  const depths = skillDepths(skills.map(({ skill }) => skill));
  const done = doneSkills(roadmap);
  const rows = layerRows(skills.map(({ skill }) => skill), depths);
  const pageSkills = skills.map(({ skill, areaId }): ProgressPageSkill => ({
    id: skill.id,
    title: skill.title,
    areaId,
    passed: skill.passed,
    total: skill.total,
    share: skill.total === 0 ? 0 : skill.passed / skill.total,
    depth: depths.get(skill.id) ?? 0,
    row: rows.get(skill.id) ?? 0,
    prerequisites: skill.prerequisites,
    open: skill.prerequisites.every((id) => done.has(id)),
  }));
  return {
    packId: roadmap.packId,
    title: roadmap.packTitle,
    passed: roadmap.passed,
    total: roadmap.total,
    inProgress: roadmap.inProgress,
    areas: roadmap.areas.map((area) => ({ id: area.id, title: area.title, passed: area.passed, total: area.total })),
    skills: pageSkills,
    edges: skills.flatMap(({ skill }) => skill.prerequisites.filter((from) => depths.has(from)).map((from) => ({ from, to: skill.id }))),
    layers: pageSkills.reduce((most, skill) => Math.max(most, skill.depth + 1), 0),
    exercises: roadmapExercisesOf(roadmap).map(pageExercise),
    projects: roadmap.projects.map((project) => ({
      id: project.id,
      title: project.title,
      passed: project.passed,
      total: project.total,
      stages: project.stages.map((stage) => ({ id: stage.id, title: stage.title, number: stage.stage?.number ?? 0, status: stage.status, open: stage.stage?.open ?? true })),
    })),
  };
}

function pageExercise(exercise: RoadmapExercise): ProgressPageExercise {
  return {
    id: exercise.id,
    title: exercise.title,
    skillTitle: exercise.skillTitle,
    status: exercise.status,
    attempts: exercise.attempts,
    hintsUsed: exercise.hintsUsed,
    hintsTotal: exercise.hintsTotal,
    ...(exercise.firstPassedAt ? { firstPassedAt: exercise.firstPassedAt } : {}),
    ...(exercise.stage ? { stage: `${exercise.stage.number} of ${exercise.stage.of}` } : {}),
  };
}

/**
 * Each skill's layer: 0 without prerequisites, else one more than its deepest prerequisite.
 * The loader refuses prerequisite cycles; one met here anyway (or a prerequisite of another
 * pack) counts as no prerequisite, so the map is still drawn.
 */
export function skillDepths(skills: Pick<RoadmapSkill, 'id' | 'prerequisites'>[]): Map<string, number> {
  const byId = new Map(skills.map((skill) => [skill.id, skill]));
  const depths = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (id: string): number => {
    const known = depths.get(id);
    if (known !== undefined) return known;
    const skill = byId.get(id);
    if (!skill || visiting.has(id)) return -1;
    visiting.add(id);
    const depth = 1 + skill.prerequisites.reduce((deepest, prerequisite) => Math.max(deepest, depthOf(prerequisite)), -1);
    visiting.delete(id);
    depths.set(id, depth);
    return depth;
  };
  for (const skill of skills) depthOf(skill.id);
  return depths;
}

/**
 * Each skill's row within its layer: the first layer in roadmap order; each later one ordered
 * by the mean row of its skills' prerequisites (the barycentre heuristic), so that arrows run
 * mostly straight across and cross less. Ties keep roadmap order.
 */
export function layerRows(skills: Pick<RoadmapSkill, 'id' | 'prerequisites'>[], depths: Map<string, number>): Map<string, number> {
  const rows = new Map<string, number>();
  const layers = Math.max(0, ...depths.values()) + 1;
  for (let depth = 0; depth < layers; depth++) {
    const layer = skills.filter((skill) => (depths.get(skill.id) ?? 0) === depth);
    const weight = (skill: Pick<RoadmapSkill, 'prerequisites'>): number => {
      const placed = skill.prerequisites.map((id) => rows.get(id)).filter((row) => row !== undefined);
      return placed.length === 0 ? Number.POSITIVE_INFINITY : placed.reduce((sum, row) => sum + row, 0) / placed.length;
    };
    const ordered = layer.map((skill, index) => ({ skill, index, weight: weight(skill) })).sort((a, b) => a.weight - b.weight || a.index - b.index);
    ordered.forEach(({ skill }, row) => rows.set(skill.id, row));
  }
  return rows;
}

/**
 * The skills a learner is done with: every exercise of its own has passed (as the map fills
 * it; a project's stages count for their project). A skill with no exercises is done.
 */
function doneSkills(roadmap: Roadmap): Set<string> {
  return new Set(roadmap.areas.flatMap((area) => area.skills.filter((skill) => skill.passed === skill.total).map((skill) => skill.id)));
}

/** The next exercise to practise, as Continue Practising and `ai-practice next` choose it (nextExercise.ts); undefined when every one has passed. */
export function nextSuggestedExercise(roadmap: Roadmap): NextExercise | undefined {
  const choice = nextExercise(roadmap);
  if (choice.kind !== 'exercise') return undefined;
  const next = choice.exercise;
  return { id: next.id, title: next.title, packId: roadmap.packId, skillTitle: next.skillTitle, status: next.status };
}

/** Exercises first passed on each day (UTC), in order, with the running total; days without a pass are left out. */
export function passesByDay(exercises: Pick<RoadmapExercise, 'firstPassedAt'>[]): PassesOnDay[] {
  const perDay = new Map<string, number>();
  for (const { firstPassedAt } of exercises) {
    if (!firstPassedAt) continue;
    const time = Date.parse(firstPassedAt);
    if (Number.isNaN(time)) continue; // a hand-edited stamp: no day to put it on
    const day = new Date(time).toISOString().slice(0, 10);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  let cumulative = 0;
  return [...perDay.keys()].sort().map((day) => {
    const passed = perDay.get(day) ?? 0;
    cumulative += passed;
    return { day, passed, cumulative };
  });
}
