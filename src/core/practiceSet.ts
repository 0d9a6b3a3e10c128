import type { CheckOptions } from './check/checkEngine';
import type { PackExercise } from './packLoader';
import { formatPackProblem, PackInvalidError } from './packProblem';
import { Practice, type ResetAllPlan, type ResetAllResult } from './practiceService';
import { type Roadmap, type RoadmapExercise, roadmapExercisesOf } from './roadmap';
import { didYouMean } from './suggest';
import { UserError } from './userError';

/** A pack that was asked for and could not be used, and why. */
export interface RefusedPack {
  source: string;
  message: string;
}

/**
 * The packs of one workspace, used together: the built-in pack and the ones the learner
 * added. Each exercise belongs to exactly one pack (its folder is practice/<exercise-id>/), so
 * a pack that reuses an id already taken, or a pack id, is refused and the others stay usable.
 * Calls by exercise id go to the pack that owns it.
 */
export class PracticeSet {
  private constructor(
    readonly practices: Practice[],
    readonly workspace: string,
    readonly refused: RefusedPack[],
  ) {}

  static async open(options: { packs: { dir: string; source: string }[]; workspace: string; refused?: RefusedPack[] }): Promise<PracticeSet> {
    const practices: Practice[] = [];
    const refused = [...(options.refused ?? [])];
    for (const { dir, source } of options.packs) {
      let practice: Practice;
      try {
        practice = await Practice.open({ packDir: dir, workspace: options.workspace });
      } catch (error) {
        // The first pack (the built-in one) must load; a broken added pack must not hide the rest.
        if (practices.length === 0) throw error;
        const first = error instanceof PackInvalidError ? error.problems[0] : undefined;
        const summary = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
        refused.push({ source, message: first ? `${summary} the first: ${formatPackProblem(first)}` : summary });
        continue;
      }
      const samePack = practices.find((other) => other.pack.manifest.id === practice.pack.manifest.id);
      const taken = practice.pack.exercises.find((exercise) => practices.some((other) => other.pack.exercises.some((mine) => mine.id === exercise.id || mine.folderId === exercise.folderId)));
      if (samePack) refused.push({ source, message: `it is the pack "${samePack.pack.manifest.id}" again` });
      else if (taken) refused.push({ source, message: `its exercise "${taken.id}" would use practice/${taken.folderId}/, as an exercise of another pack does; exercise and project ids must be unique across a workspace's packs` });
      else practices.push(practice);
    }
    return new PracticeSet(practices, options.workspace, refused);
  }

  /** Every exercise of every pack. */
  get exercises(): PackExercise[] {
    return this.practices.flatMap((practice) => practice.pack.exercises);
  }

  /** The practice of the pack that holds exercise `id`. */
  owner(id: string): Practice {
    const found = this.practices.find((practice) => practice.pack.exercises.some((exercise) => exercise.id === id));
    if (!found) {
      throw new UserError(`There is no exercise "${id}" in this workspace's packs${didYouMean(id, this.exercises.map((exercise) => exercise.id))}.`, 'The roadmap lists every exercise.');
    }
    return found;
  }

  exercise(id: string): PackExercise {
    return this.owner(id).exercise(id);
  }

  mainFile(id: string): string {
    return this.owner(id).mainFile(id);
  }

  check(id: string, options: Partial<CheckOptions> = {}): ReturnType<Practice['check']> {
    return this.owner(id).check(id, options);
  }

  start(id: string): ReturnType<Practice['start']> {
    return this.owner(id).start(id);
  }

  planReset(id: string): ReturnType<Practice['planReset']> {
    return this.owner(id).planReset(id);
  }

  reset(id: string): ReturnType<Practice['reset']> {
    return this.owner(id).reset(id);
  }

  /** What starting every pack over touches: the packs with started exercises, each with its plan. */
  async planResetAll(): Promise<{ practice: Practice; plan: ResetAllPlan }[]> {
    const plans: { practice: Practice; plan: ResetAllPlan }[] = [];
    for (const practice of this.practices) {
      const plan = await practice.planResetAll();
      if (plan.exercises.length > 0) plans.push({ practice, plan });
    }
    return plans;
  }

  /** Starts every pack with started exercises over, each into its own backup folder. */
  async resetAll(): Promise<ResetAllResult[]> {
    const plans = await this.planResetAll();
    if (plans.length === 0) throw new UserError('No exercise has been started, so there is nothing to reset.', 'Start one from the roadmap first.');
    const results: ResetAllResult[] = [];
    for (const { practice } of plans) results.push(await practice.resetAll());
    return results;
  }

  reference(id: string): ReturnType<Practice['reference']> {
    return this.owner(id).reference(id);
  }

  nextHint(id: string): ReturnType<Practice['nextHint']> {
    return this.owner(id).nextHint(id);
  }

  revealedHints(id: string): ReturnType<Practice['revealedHints']> {
    return this.owner(id).revealedHints(id);
  }

  /** Every exercise of every pack with its progress, in roadmap order. */
  async roadmapExercises(): Promise<RoadmapExercise[]> {
    const { roadmaps } = await this.roadmaps();
    return roadmaps.flatMap(roadmapExercisesOf);
  }

  /** Each pack's roadmap with progress, in pack order. */
  async roadmaps(): Promise<{ roadmaps: Roadmap[]; warning?: string }> {
    const reads = [];
    for (const practice of this.practices) reads.push(await practice.roadmap());
    const warning = reads.find((read) => read.warning)?.warning;
    return { roadmaps: reads.map((read) => read.roadmap), ...(warning ? { warning } : {}) };
  }
}
