import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PracticeSet } from '../../src/core/practiceSet';
import { BUILTIN_PACK, minimalManifest, temporaryDir, writePack } from '../support/helpers';

describe('a workspace with several packs', () => {
  it('refuses a pack that is there twice, reuses an exercise id, or does not load, and keeps the others', async () => {
    const tiny = await writePack(minimalManifest());
    const clashing = minimalManifest();
    clashing.id = 'other-pack';
    const clash = await writePack(clashing);
    const broken = await writePack('{ "formatVersion": 1 }');
    const set = await PracticeSet.open({
      packs: [
        { dir: BUILTIN_PACK, source: 'builtin' },
        { dir: tiny, source: 'tiny' },
        { dir: tiny, source: 'tiny again' },
        { dir: clash, source: 'clash' },
        { dir: broken, source: 'broken' },
      ],
      workspace: await temporaryDir(),
    });
    assert.deepEqual(set.practices.map((practice) => practice.pack.manifest.id), ['ai-engineering-core', 'tiny-pack']);
    assert.deepEqual(set.refused.map((pack) => pack.source), ['tiny again', 'clash', 'broken']);
    assert.match(set.refused[0]?.message ?? '', /it is the pack "tiny-pack" again/);
    assert.match(set.refused[1]?.message ?? '', /its exercise "first-dataset" would use practice\/first-dataset\/, as an exercise of another pack does/);
    assert.match(set.refused[2]?.message ?? '', /^The exercise pack in .* has 6 problems:/);
  });
});
