import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validatePack } from '../../src/core/packLoader';
import { projectManifest, writeProjectPack } from '../support/projectPack';

describe('projects in stages', () => {
  it('load with each stage linked to the ones before it, all in the project folder', async () => {
    const { pack, problems } = await validatePack(await writeProjectPack());
    assert.deepEqual(problems, []);
    const second = pack?.exercises.find((exercise) => exercise.id === 'grades-2');
    assert.equal(second?.folderId, 'grades');
    assert.equal(second?.stage?.number, 2);
    assert.equal(second?.stage?.of, 2);
    assert.deepEqual(second?.stage?.earlier.map((stage) => stage.id), ['grades-1']);
    assert.equal(pack?.exercises.find((exercise) => exercise.id === 'grades-1')?.stage?.next, 'grades-2');
    assert.equal(pack?.exercises.find((exercise) => exercise.id === 'first-dataset')?.folderId, 'first-dataset');
  });

  it("let a stage's learner file come from an earlier stage's starter", async () => {
    const manifest = projectManifest();
    manifest.exercises[2].evalDataset.dataset = 'dataset.jsonl';
    const { problems } = await validatePack(await writeProjectPack(manifest));
    assert.deepEqual(problems, []);
    manifest.exercises[2].evalDataset.dataset = 'nowhere.jsonl';
    const { problems: missing } = await validatePack(await writeProjectPack(manifest));
    assert.match(missing[0]?.message ?? '', /"nowhere\.jsonl" is not one of the starter files \(dataset\.jsonl, letters\.jsonl\)/);
  });

  it('refuse unknown stages, a stage in two projects, an id an exercise has, and instructions of one name', async () => {
    const unknown = projectManifest();
    unknown.projects[0].stages = ['grades-1', 'grades-3'];
    const { problems: a } = await validatePack(await writeProjectPack(unknown));
    assert.equal(a[0]?.field, 'projects[0].stages[1]');
    assert.match(a[0]?.message ?? '', /^unknown exercise "grades-3" \(did you mean "grades-1"\?\)|^unknown exercise "grades-3"/);

    const twice = projectManifest();
    twice.projects.push({ id: 'again', title: 'Again', summary: 'Again.', stages: ['grades-2', 'first-dataset'] });
    const { problems: b } = await validatePack(await writeProjectPack(twice));
    assert.match(b[0]?.message ?? '', /"grades-2" is already a stage of "grades"/);

    const clash = projectManifest();
    clash.projects[0].id = 'first-dataset';
    const { problems: c } = await validatePack(await writeProjectPack(clash));
    assert.match(c[0]?.message ?? '', /"first-dataset" is also an exercise's id; both would use the folder practice\/first-dataset\//);

    const sameName = projectManifest();
    sameName.exercises[1].instructions = 'README.md';
    sameName.exercises[2].instructions = 'README.md';
    const { problems: d } = await validatePack(
      await writeProjectPack(sameName, { 'projects/grades/stage-1/README.md': '# 1\n', 'projects/grades/stage-2/README.md': '# 2\n' }),
    );
    assert.match(d[0]?.message ?? '', /the instructions of "grades-2" and "grades-1" are both named README\.md/);

    const single = projectManifest();
    single.projects[0].stages = ['grades-1'];
    const { problems: e } = await validatePack(await writeProjectPack(single));
    assert.match(e[0]?.message ?? '', /a project has at least two stages/);
  });
});
