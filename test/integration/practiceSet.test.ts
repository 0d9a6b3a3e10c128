import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { PracticeSet } from '../../src/core/practiceSet';
import { UserError } from '../../src/core/userError';
import { BUILTIN_PACK, minimalManifest, temporaryDir, writePack } from '../support/helpers';

describe('a workspace with several packs', () => {
  it('uses them together, routes each exercise to its pack, and keeps progress per pack', async () => {
    const tiny = await writePack(minimalManifest());
    const workspace = await temporaryDir();
    const set = await PracticeSet.open({ packs: [{ dir: BUILTIN_PACK, source: 'builtin' }, { dir: tiny, source: tiny }], workspace });
    assert.deepEqual(set.practices.map((practice) => practice.pack.manifest.id), ['ai-engineering-core', 'tiny-pack']);
    assert.deepEqual(set.refused, []);
    assert.equal(set.owner('first-dataset').pack.manifest.id, 'tiny-pack');
    await set.start('first-dataset');
    await set.start('triage-eval-dataset');
    const { report } = await set.check('first-dataset');
    assert.equal(report.status, 'fail');
    const progress = JSON.parse(await fs.readFile(path.join(workspace, '.ai-practice', 'progress.json'), 'utf8'));
    assert.deepEqual(Object.keys(progress.packs).sort(), ['ai-engineering-core', 'tiny-pack']);
    assert.equal(progress.packs['tiny-pack'].exercises['first-dataset'].attempts, 1);
    const { roadmaps } = await set.roadmaps();
    assert.deepEqual(roadmaps.map((roadmap) => [roadmap.packId, roadmap.inProgress]), [['ai-engineering-core', 1], ['tiny-pack', 1]]);
    assert.throws(() => set.owner('first-datset'), (error: unknown) => error instanceof UserError && /did you mean "first-dataset"/.test(error.message));
  });
});
