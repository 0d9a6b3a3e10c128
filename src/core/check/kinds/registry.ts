import type { z } from 'zod';
import type { AnyKindDefinition, NotCheckableYet } from './kindDefinition';
import { agentLoop } from './agentLoop';
import { costOptimization } from './costOptimization';
import { evalDataset } from './evalDataset';
import { injectionDefense } from './injectionDefense';
import { judgeCalibration } from './judgeCalibration';
import { llmFunction } from './llmFunction';
import { promptDebugging } from './promptDebugging';
import { retrieval } from './retrieval';
import { structuredOutput } from './structuredOutput';

/**
 * Every kind this version checks, in the order `pack new` shows its examples. Adding a kind
 * means its module in this folder, its line here and its content in a pack.
 */
const CHECKABLE = [evalDataset, agentLoop, structuredOutput, promptDebugging, retrieval, costOptimization, injectionDefense, judgeCalibration, llmFunction] as const;

/** Kinds the manifest format knows and this version cannot check yet, each with what is missing. */
const NOT_CHECKABLE_YET: readonly NotCheckableYet[] = [];

const BY_KIND = new Map<string, AnyKindDefinition>(CHECKABLE.map((definition) => [definition.kind, definition]));

export function checkableKinds(): readonly AnyKindDefinition[] {
  return CHECKABLE;
}

/** The definition of `kind`, or undefined when this version cannot check it. */
export function kindDefinition(kind: string): AnyKindDefinition | undefined {
  return BY_KIND.get(kind);
}

/** Whether checking `kind` asks a model (and so may cost money). */
export function asksModel(kind: string): boolean {
  const check = kindDefinition(kind)?.check;
  return check?.where === 'caller' && check.estimate !== undefined;
}

/** Whether this version can check exercises of `kind`. */
export function isCheckable(kind: string): boolean {
  return BY_KIND.has(kind);
}

export function kindsNotCheckableYet(): readonly NotCheckableYet[] {
  return NOT_CHECKABLE_YET;
}

/** Why this version cannot check `kind`, for a kind the registry marks so. */
export function whyNotCheckable(kind: string): string | undefined {
  return NOT_CHECKABLE_YET.find((entry) => entry.kind === kind)?.notCheckableYet;
}

type Definitions = (typeof CHECKABLE)[number];

/** Each kind's settings section, optional, keyed by its manifest field: the manifest schema spreads them into an exercise. */
export function settingsSections(): { [D in Definitions as D['section']]: z.ZodOptional<D['settings']> } {
  return Object.fromEntries(CHECKABLE.map((definition) => [definition.section, definition.settings.optional()])) as never;
}

/** The file a learner mainly works in, relative to the exercise folder, for an exercise of a checkable kind. */
export function mainFileOf(exercise: { kind: string }): string | undefined {
  const definition = BY_KIND.get(exercise.kind);
  const settings = definition ? (exercise as Record<string, unknown>)[definition.section] : undefined;
  return definition && settings !== undefined ? definition.mainFile(settings) : undefined;
}
