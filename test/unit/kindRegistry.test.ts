import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { z } from 'zod';
import { checkableKinds, isCheckable, kindDefinition, kindsNotCheckableYet, mainFileOf, whyNotCheckable } from '../../src/core/check/kinds/registry';
import { loadPack } from '../../src/core/packLoader';
import { EXERCISE_KINDS, packManifestSchema } from '../../src/core/packSchema';
import { BUILTIN_PACK } from '../support/helpers';

const exerciseShape = packManifestSchema.shape.exercises.element.shape as Record<string, z.ZodType>;

function settingsFields(settings: z.ZodType): string[] {
  const shape = (settings as unknown as { shape?: Record<string, unknown> }).shape;
  assert.ok(shape, 'a kind\'s settings are an object schema');
  return Object.keys(shape);
}

describe('the kind registry', () => {
  it('gives every kind of the manifest format a definition, or marks it explicitly as not checkable yet', () => {
    for (const kind of EXERCISE_KINDS) {
      const defined = kindDefinition(kind) !== undefined;
      const markedNotYet = kindsNotCheckableYet().some((entry) => entry.kind === kind);
      assert.ok(defined !== markedNotYet, `${kind} must have exactly one of a definition in check/kinds/ or a "not checkable yet" entry in the registry`);
      assert.equal(isCheckable(kind), defined, kind);
      if (markedNotYet) assert.match(whyNotCheckable(kind) ?? '', /\w{3}/, `${kind} says why it is not checkable`);
    }
  });

  it('defines no kind the format does not know, and each kind once', () => {
    const kinds = [...checkableKinds().map((definition) => definition.kind), ...kindsNotCheckableYet().map((entry) => entry.kind)];
    for (const kind of kinds) assert.ok((EXERCISE_KINDS as readonly string[]).includes(kind), `${kind} is not in EXERCISE_KINDS`);
    assert.equal(new Set(kinds).size, kinds.length, 'a kind is listed twice');
  });

  it("puts each kind's settings section into the manifest schema under its own name", () => {
    const sections = checkableKinds().map((definition) => definition.section);
    assert.equal(new Set(sections).size, sections.length, 'two kinds share a section name');
    for (const definition of checkableKinds()) {
      const field = exerciseShape[definition.section];
      assert.ok(field, `exercises[] has no "${definition.section}" field for ${definition.kind}`);
      assert.equal((field as unknown as { unwrap(): unknown }).unwrap(), definition.settings, `${definition.section} is not ${definition.kind}'s settings schema`);
    }
  });

  it('names, as file fields, only fields its settings have', () => {
    for (const definition of checkableKinds()) {
      const fields = settingsFields(definition.settings);
      const { learner, learnerDirs = [], pack, packDirs = [] } = definition.files;
      for (const field of [...learner, ...learnerDirs, ...pack, ...packDirs]) {
        assert.ok(fields.includes(field), `${definition.kind} lists "${field}" as a file field, but its settings have ${fields.join(', ')}`);
      }
    }
  });

  it("gives the learner process a module the loader makes sure is a starter file, for the kinds that run the learner's code", async () => {
    const pack = await loadPack(BUILTIN_PACK);
    let learnerKinds = 0;
    for (const definition of checkableKinds()) {
      const exercise = pack.exercises.find((candidate) => candidate.kind === definition.kind);
      assert.ok(exercise, `the built-in pack has no ${definition.kind} exercise`);
      const settings = (exercise as unknown as Record<string, unknown>)[definition.section];
      if (definition.check.where !== 'check-process' || !definition.check.learner) continue;
      learnerKinds++;
      const learner = definition.check.learner(settings);
      assert.ok(exercise.starterFiles.includes(learner.entry), `${definition.kind}: ${learner.entry} is not a starter file of ${exercise.id}`);
      assert.ok(
        definition.files.learner.some((field) => (settings as Record<string, unknown>)[field] === learner.entry),
        `${definition.kind}: the learner's module must be named by a learner file field, so the loader checks it`,
      );
    }
    assert.ok(learnerKinds >= 4, 'the kinds that run learner code declare it');
  });

  it("takes each kind's main file and pack new example from the built-in pack's exercises", async () => {
    const pack = await loadPack(BUILTIN_PACK);
    for (const exercise of pack.exercises) {
      const main = mainFileOf(exercise);
      if (!isCheckable(exercise.kind)) {
        assert.equal(main, undefined);
        continue;
      }
      // A project's stage may work on a file an earlier stage's starter laid out.
      const starterFiles = [...exercise.starterFiles, ...(exercise.stage?.earlier ?? []).flatMap((earlier) => earlier.starterFiles)];
      assert.ok(main && starterFiles.includes(main), `${exercise.id}: main file ${String(main)} is not one of its starter files`);
    }
    for (const definition of checkableKinds()) {
      const example = pack.exercises.find((exercise) => exercise.id === definition.packNewExample.builtin);
      assert.equal(example?.kind, definition.kind, `${definition.kind}'s pack new example ${definition.packNewExample.builtin} is not a built-in ${definition.kind} exercise`);
    }
  });
});
