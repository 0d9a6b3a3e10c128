import { z } from 'zod';

/**
 * Pieces of the pack manifest's schema that the manifest (packSchema.ts) and each kind's
 * settings (check/kinds/) share.
 */

export const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case words joined by single hyphens, e.g. "eval-datasets"')
  .max(64);

export const text = z.string().trim().min(1, 'must not be empty');

/**
 * A path inside the pack, with forward slashes. Whether it escapes the pack or exists is
 * checked by the loader, which can also follow symlinks.
 */
export const packPath = z
  .string()
  .min(1, 'must not be empty')
  .meta({ description: 'A path relative to its folder, with forward slashes; it may not leave the pack.' });

/** The name of a function the learner's module exports. */
export function functionName(example: string) {
  return z.string().regex(/^[A-Za-z_$][\w$]*$/, `must be a JavaScript identifier, e.g. "${example}"`);
}
