import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lastTouched, nextExercise, unmetPrerequisites } from '../../src/core/nextExercise';
import { loadPack } from '../../src/core/packLoader';
import { emptyProgress, type ExerciseStatus, type Progress } from '../../src/core/progressStore';
import { buildRoadmap, roadmapExercisesOf } from '../../src/core/roadmap';
import { BUILTIN_PACK, minimalManifest, writePack } from '../support/helpers';
import { projectManifest, writeProjectPack } from '../support/projectPack';

function progressWith(packId: string, statuses: Record<string, ExerciseStatus | [ExerciseStatus, string]>): Progress {
  const progress = emptyProgress();
  progress.packs[packId] = {
    exercises: Object.fromEntries(
      Object.entries(statuses).map(([id, given]) => {
        const [status, updatedAt] = Array.isArray(given) ? given : [given, '2026-01-01T00:00:00.000Z'];
        return [id, { status: status as Exclude<ExerciseStatus, 'not-started'>, startedAt: '2026-01-01T00:00:00.000Z', updatedAt }];
      }),
    ),
  };
  return progress;
}

function chosen(choice: ReturnType<typeof nextExercise>): string {
  return choice.kind === 'exercise' ? `${choice.exercise.id} (${choice.reason})` : `all passed ${choice.passed}/${choice.total}`;
}

/**
 * The tiny pack with its skills listed so that the roadmap shows the one with a prerequisite
 * first: llm-as-judge (needs eval-datasets) before eval-datasets, which has two exercises.
 */
async function prerequisitePack() {
  const manifest = minimalManifest();
  const area = manifest.areas[0];
  area.skills.reverse();
  const base = manifest.exercises[0];
  manifest.exercises.push({ ...base, id: 'judge-it', skill: 'llm-as-judge' }, { ...base, id: 'second-dataset' });
  return loadPack(await writePack(manifest));
}

describe('nextExercise', () => {
  it('starts the built-in roadmap at its first exercise, then goes on in roadmap order', async () => {
    const pack = await loadPack(BUILTIN_PACK);
    assert.equal(chosen(nextExercise(buildRoadmap(pack, emptyProgress()))), 'front-desk-messages-api (next)');
    const after = buildRoadmap(pack, progressWith(pack.manifest.id, { 'front-desk-messages-api': 'passed' }));
    assert.equal(chosen(nextExercise(after)), 'legal-intake-output-controls (next)', 'sampling-parameters, the next skill of the first area');
  });

  it('skips an exercise whose skill has a prerequisite not passed, and counts a skill passed only when every exercise of it passed', async () => {
    const pack = await prerequisitePack();
    const order = roadmapExercisesOf(buildRoadmap(pack, emptyProgress())).map((exercise) => exercise.id);
    assert.deepEqual(order, ['judge-it', 'first-dataset', 'second-dataset'], 'the judging exercise comes first in roadmap order');
    const fresh = buildRoadmap(pack, emptyProgress());
    assert.equal(chosen(nextExercise(fresh)), 'first-dataset (next)');
    assert.deepEqual(unmetPrerequisites(fresh, roadmapExercisesOf(fresh)[0]!), ['eval-datasets']);
    const halfway = buildRoadmap(pack, progressWith('tiny-pack', { 'first-dataset': 'passed' }));
    assert.equal(chosen(nextExercise(halfway)), 'second-dataset (next)', 'one of two exercises passed: the skill is not passed yet');
    const both = buildRoadmap(pack, progressWith('tiny-pack', { 'first-dataset': 'passed', 'second-dataset': 'passed' }));
    assert.equal(chosen(nextExercise(both)), 'judge-it (next)');
    assert.deepEqual(unmetPrerequisites(both, roadmapExercisesOf(both)[0]!), []);
  });

  it('prefers an exercise under way, started or failed, over opening a new one, even ahead of its prerequisites', async () => {
    const pack = await prerequisitePack();
    assert.equal(chosen(nextExercise(buildRoadmap(pack, progressWith('tiny-pack', { 'second-dataset': 'in-progress' })))), 'second-dataset (in-progress)');
    assert.equal(chosen(nextExercise(buildRoadmap(pack, progressWith('tiny-pack', { 'judge-it': 'failed' })))), 'judge-it (in-progress)', 'the learner chose it; it is not hidden');
    const two = buildRoadmap(pack, progressWith('tiny-pack', { 'second-dataset': 'in-progress', 'first-dataset': 'failed' }));
    assert.equal(chosen(nextExercise(two)), 'first-dataset (in-progress)', 'of two under way, the first in roadmap order');
  });

  it('goes on to the projects after the areas, a stage only once the stage before it passed', async () => {
    const pack = await loadPack(await writeProjectPack(projectManifest()));
    assert.equal(chosen(nextExercise(buildRoadmap(pack, emptyProgress()))), 'first-dataset (next)');
    assert.equal(chosen(nextExercise(buildRoadmap(pack, progressWith('tiny-pack', { 'first-dataset': 'passed' })))), 'grades-1 (next)');
    const stageTwo = buildRoadmap(pack, progressWith('tiny-pack', { 'first-dataset': 'passed', 'grades-1': 'passed' }));
    assert.equal(chosen(nextExercise(stageTwo)), 'grades-2 (next)');
    // Stage 1 not passed (and not under way): stage 2 is locked, so stage 1 is next even with the area's exercise open.
    const locked = buildRoadmap(pack, progressWith('tiny-pack', { 'first-dataset': 'passed' }));
    assert.equal(roadmapExercisesOf(locked).find((exercise) => exercise.id === 'grades-2')?.stage?.open, false);
    assert.notEqual(chosen(nextExercise(locked)), 'grades-2 (next)');
  });

  it('says so when every exercise has passed', async () => {
    const pack = await loadPack(await writeProjectPack(projectManifest()));
    const done = buildRoadmap(pack, progressWith('tiny-pack', { 'first-dataset': 'passed', 'grades-1': 'passed', 'grades-2': 'passed' }));
    assert.deepEqual(nextExercise(done), { kind: 'all-passed', passed: 3, total: 3, unchecked: [] });
  });
});

describe('lastTouched', () => {
  it('is the exercise under way whose progress changed last; a passed one never', async () => {
    const pack = await prerequisitePack();
    const progress = progressWith('tiny-pack', {
      'first-dataset': ['in-progress', '2026-01-02T00:00:00.000Z'],
      'second-dataset': ['failed', '2026-01-03T00:00:00.000Z'],
      'judge-it': ['passed', '2026-01-04T00:00:00.000Z'],
    });
    assert.equal(lastTouched(buildRoadmap(pack, progress), progress)?.id, 'second-dataset');
    const none = progressWith('tiny-pack', { 'judge-it': 'passed' });
    assert.equal(lastTouched(buildRoadmap(pack, none), none), undefined);
  });
});
