import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadPack } from '../../src/core/packLoader';
import { layerRows, nextSuggestedExercise, passesByDay, progressPageData, skillDepths } from '../../src/core/progressPage';
import { emptyProgress, type Progress, recordCheck, recordHint } from '../../src/core/progressStore';
import { buildRoadmap } from '../../src/core/roadmap';
import { BUILTIN_PACK, minimalManifest, writePack } from '../support/helpers';
import { projectManifest, writeProjectPack } from '../support/projectPack';

const pass = { status: 'pass', message: 'passed', passed: 3, failed: 0 } as const;
const fail = { status: 'fail', message: 'failed', passed: 1, failed: 2 } as const;

describe('the progress page data', () => {
  it('counts each skill, lays the map out by prerequisite depth, and draws an edge per prerequisite', async () => {
    const pack = await loadPack(BUILTIN_PACK);
    const packId = pack.manifest.id;
    const progress = emptyProgress();
    const messages = pack.exercises.find((exercise) => exercise.skill === 'messages-api' && !exercise.stage);
    assert.ok(messages, 'the built-in pack practises messages-api');
    recordCheck(progress, packId, messages.id, fail, new Date('2026-11-30T10:00:00Z'));
    recordCheck(progress, packId, messages.id, pass, new Date('2026-11-30T11:00:00Z'));
    recordHint(progress, packId, messages.id, messages.hints.length, new Date('2026-11-30T10:30:00Z'));
    const data = progressPageData([buildRoadmap(pack, progress)]);
    const [page] = data.packs;
    assert.ok(page);

    const skills = pack.manifest.areas.flatMap((area) => area.skills);
    assert.equal(page.skills.length, skills.length);
    assert.equal(page.edges.length, skills.reduce((sum, skill) => sum + skill.prerequisites.length, 0));
    assert.ok(page.edges.some((edge) => edge.from === 'messages-api' && edge.to === 'prompt-structure'), 'an edge leads from a prerequisite to the skill that needs it');
    const byId = new Map(page.skills.map((skill) => [skill.id, skill]));
    for (const edge of page.edges) assert.ok(byId.get(edge.from)!.depth < byId.get(edge.to)!.depth, `${edge.from} is drawn left of ${edge.to}`);
    assert.equal(byId.get('messages-api')?.depth, 0);
    assert.equal(byId.get('prompt-structure')?.depth, 1);
    assert.equal(byId.get('json-output')?.depth, 2);
    assert.equal(page.layers, Math.max(...page.skills.map((skill) => skill.depth)) + 1);
    // No two skills share a place on the map.
    assert.equal(new Set(page.skills.map((skill) => `${skill.depth}:${skill.row}`)).size, page.skills.length);

    const messagesSkill = byId.get('messages-api');
    assert.equal(messagesSkill?.passed, 1);
    assert.equal(messagesSkill?.share, 1 / (messagesSkill?.total ?? 1));
    assert.equal(byId.get('prompt-structure')?.open, messagesSkill?.passed === messagesSkill?.total, 'a skill is open once its prerequisites are complete');
    assert.equal(byId.get('json-output')?.open, false, 'json-output waits on prompt-structure');

    const row = page.exercises.find((exercise) => exercise.id === messages.id);
    assert.deepEqual([row?.status, row?.attempts, row?.hintsUsed, row?.hintsTotal, row?.firstPassedAt], ['passed', 2, 1, messages.hints.length, '2026-11-30T11:00:00.000Z']);
    assert.equal(page.exercises.length, pack.exercises.length, 'every exercise, the projects\' stages too');
    assert.deepEqual([data.passed, data.total], [1, pack.exercises.length]);
    assert.deepEqual(data.timeline, [{ day: '2026-11-30', passed: 1, cumulative: 1 }]);
    assert.equal(page.projects.length, pack.manifest.projects.length);
    assert.deepEqual(page.projects[0]?.stages.map((stage) => stage.number), pack.manifest.projects[0]?.stages.map((_, i) => i + 1));
    assert.deepEqual(page.projects[0]?.stages.map((stage) => stage.open), pack.manifest.projects[0]?.stages.map((_, i) => i === 0), 'only the first stage is open');
  });

  it('puts each day\'s first passes on the timeline, cumulatively, in day order, and skips what has no day', () => {
    assert.deepEqual(
      passesByDay([
        { firstPassedAt: '2026-12-02T09:00:00.000Z' },
        {},
        { firstPassedAt: '2026-11-28T23:59:59.000Z' },
        { firstPassedAt: '2026-12-02T18:00:00.000Z' },
        { firstPassedAt: 'yesterday' },
        { firstPassedAt: '2026-11-29T00:00:00.000Z' },
      ]),
      [
        { day: '2026-11-28', passed: 1, cumulative: 1 },
        { day: '2026-11-29', passed: 1, cumulative: 2 },
        { day: '2026-12-02', passed: 2, cumulative: 4 },
      ],
    );
    assert.deepEqual(passesByDay([]), []);
  });

  it('keeps a pass on the timeline after a later check fails (firstPassedAt stays)', async () => {
    const pack = await loadPack(await writePack(minimalManifest()));
    const progress: Progress = emptyProgress();
    recordCheck(progress, 'tiny-pack', 'first-dataset', pass, new Date('2026-12-01T08:00:00Z'));
    recordCheck(progress, 'tiny-pack', 'first-dataset', fail, new Date('2026-12-03T08:00:00Z'));
    const data = progressPageData([buildRoadmap(pack, progress)]);
    assert.deepEqual(data.timeline, [{ day: '2026-12-01', passed: 1, cumulative: 1 }]);
    assert.equal(data.passed, 0, 'the exercise fails now');
    assert.equal(data.packs[0]?.exercises[0]?.attempts, 2);
  });

  it('suggests the first exercise not passed whose skill\'s prerequisites are complete, then a project\'s open stage, then nothing', async () => {
    const manifest = projectManifest();
    const base = manifest.exercises[0];
    // llm-as-judge comes first in roadmap order, but it waits on eval-datasets.
    manifest.areas[0].skills.reverse();
    manifest.exercises.push({ ...base, id: 'judge-first', skill: 'llm-as-judge' });
    const pack = await loadPack(await writeProjectPack(manifest));
    assert.equal(buildRoadmap(pack, emptyProgress()).areas[0]?.skills[0]?.exercises[0]?.id, 'judge-first');
    const progress = emptyProgress();
    const next = () => nextSuggestedExercise(buildRoadmap(pack, progress))?.id;
    assert.equal(next(), 'first-dataset', 'llm-as-judge waits on eval-datasets');
    recordCheck(progress, 'tiny-pack', 'first-dataset', pass, new Date());
    assert.equal(next(), 'judge-first', 'its prerequisite is complete now');
    recordCheck(progress, 'tiny-pack', 'judge-first', fail, new Date());
    assert.equal(next(), 'judge-first', 'a failed exercise is still the next one');
    recordCheck(progress, 'tiny-pack', 'judge-first', pass, new Date());
    assert.equal(next(), 'grades-1', 'then the project\'s first stage');
    recordCheck(progress, 'tiny-pack', 'grades-1', pass, new Date());
    assert.equal(next(), 'grades-2');
    recordCheck(progress, 'tiny-pack', 'grades-2', pass, new Date());
    assert.equal(next(), undefined, 'every exercise passed');
    assert.equal(progressPageData([buildRoadmap(pack, progress)]).next, undefined);
  });

  it('draws a map even from skills whose prerequisites loop or are missing', () => {
    const depths = skillDepths([
      { id: 'a', prerequisites: ['b'] },
      { id: 'b', prerequisites: ['a'] },
      { id: 'c', prerequisites: ['elsewhere'] },
      { id: 'd', prerequisites: ['c', 'a'] },
    ]);
    assert.equal(depths.get('c'), 0, 'an unknown prerequisite counts as none');
    assert.ok([0, 1].includes(depths.get('a') ?? -1) && [0, 1].includes(depths.get('b') ?? -1), 'a loop is broken somewhere');
    assert.equal(depths.get('d'), Math.max(depths.get('c') ?? 0, depths.get('a') ?? 0) + 1);
  });

  it('orders each layer by where its prerequisites sit, so arrows cross less; ties keep roadmap order', () => {
    const skills = [
      { id: 'a', prerequisites: [] },
      { id: 'b', prerequisites: [] },
      { id: 'after-b', prerequisites: ['b'] },
      { id: 'after-a', prerequisites: ['a'] },
      { id: 'after-both', prerequisites: ['a', 'b'] },
      { id: 'alone', prerequisites: [] },
    ];
    const rows = layerRows(skills, skillDepths(skills));
    assert.deepEqual(Object.fromEntries(rows), { a: 0, b: 1, alone: 2, 'after-a': 0, 'after-both': 1, 'after-b': 2 });
  });
});
