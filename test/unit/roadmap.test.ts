import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadPack } from '../../src/core/packLoader';
import { emptyProgress } from '../../src/core/progressStore';
import { buildRoadmap, progressLine } from '../../src/core/roadmap';
import { minimalManifest, writePack } from '../support/helpers';

describe('buildRoadmap', () => {
  it('derives each exercise\'s status from progress and counts at every level', async () => {
    const manifest = minimalManifest();
    const base = manifest.exercises[0];
    manifest.exercises.push({ ...base, id: 'second', skill: 'llm-as-judge' }, { ...base, id: 'third', skill: 'llm-as-judge' });
    const pack = await loadPack(await writePack(manifest));
    const progress = emptyProgress();
    progress.packs['tiny-pack'] = {
      exercises: {
        'first-dataset': { status: 'passed', startedAt: 'a', updatedAt: 'b' },
        second: { status: 'failed', startedAt: 'a', updatedAt: 'b' },
      },
    };
    progress.packs['another-pack'] = { exercises: { third: { status: 'passed', startedAt: 'a', updatedAt: 'b' } } };
    const roadmap = buildRoadmap(pack, progress);
    assert.equal(roadmap.passed, 1);
    assert.equal(roadmap.total, 3);
    assert.equal(roadmap.inProgress, 1, 'a failed exercise is still under way');
    const [area] = roadmap.areas;
    assert.deepEqual(area?.skills.map((skill) => [skill.id, skill.passed, skill.total]), [
      ['eval-datasets', 1, 1],
      ['llm-as-judge', 0, 2],
    ]);
    assert.deepEqual(area?.skills[1]?.exercises.map((exercise) => exercise.status), ['failed', 'not-started'], 'progress of another pack does not count');
  });

  it('says the progress line in plain words', () => {
    assert.equal(progressLine({ passed: 3, total: 24 }), '3 of 24 exercises passed');
    assert.equal(progressLine({ passed: 0, total: 1 }), '0 of 1 exercise passed');
  });
});
