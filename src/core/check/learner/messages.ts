import { z } from 'zod';
import { FUNCTION_HANDLE, LIMITS, ZOD_SCHEMA } from './protocol';

/**
 * What the judge and the learner process say to each other, frame by frame (see frames.ts).
 * The judge sends plain data, with each function it lends (a tool's `run`, `sendEmail`)
 * replaced by a handle; the learner process calls a handle back with `invoke`, and the
 * judge runs the real function and records the call. Nothing the learner process sends is
 * a verdict: it can only return what the learner's function returned, or say it threw.
 */

/** An exception, as the learner process describes it; an API error brings its status and body. */
export const thrownSchema = z.object({
  name: z.string().max(LIMITS.name),
  message: z.string().max(LIMITS.message),
  stack: z.string().max(LIMITS.stack).optional(),
  status: z.int().optional(),
  body: z.unknown().optional(),
  fields: z
    .record(z.string().max(LIMITS.fieldName), z.union([z.string().max(LIMITS.fieldText), z.number(), z.boolean(), z.null()]))
    .refine((fields) => Object.keys(fields).length <= LIMITS.fields, `at most ${LIMITS.fields} fields`)
    .optional(),
});
export type Thrown = z.infer<typeof thrownSchema>;

const id = z.int().min(0);

/** Learner process → judge, validated: anything else is the learner's error. */
export const learnerMessageSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('ready') }),
  z.object({ t: z.literal('loaded'), exports: z.array(z.string().max(LIMITS.name)).max(1000) }),
  z.object({ t: z.literal('loadFailed'), error: thrownSchema }),
  z.object({ t: z.literal('returned'), call: id, value: z.unknown().optional() }),
  z.object({ t: z.literal('threw'), call: id, error: thrownSchema }),
  z.object({ t: z.literal('invoke'), call: id, invocation: id, fn: id, args: z.array(z.unknown()).max(100) }),
  /** A lent function's answer reached the learner's code: its promise is settled now, before whatever the code does next. */
  z.object({ t: z.literal('received'), invocation: id, receipt: z.string().max(64) }),
  /** A call on the judge's clock has nothing left but timers: the earliest is due at `until` (virtual ms). */
  z.object({ t: z.literal('sleep'), call: id, until: z.number().min(0).max(Number.MAX_SAFE_INTEGER) }),
]);
export type LearnerMessage = z.infer<typeof learnerMessageSchema>;

/**
 * `value` with every function replaced by a handle, and the functions in handle order; a zod
 * schema (a tool's input schema, say) travels as JSON Schema and is rebuilt on the other side
 * with the same zod. Only plain data crosses: class instances lose their prototype, as JSON would.
 */
export function lendFunctions(value: unknown): { data: unknown; functions: ((...args: unknown[]) => unknown)[] } {
  const functions: ((...args: unknown[]) => unknown)[] = [];
  const seen = new Set<unknown>();
  const walk = (item: unknown): unknown => {
    if (typeof item === 'function') {
      functions.push(item as (...args: unknown[]) => unknown);
      return { [FUNCTION_HANDLE]: functions.length - 1 };
    }
    if (item === null || typeof item !== 'object') return item;
    if (item instanceof z.ZodType) return { [ZOD_SCHEMA]: z.toJSONSchema(item) };
    if (seen.has(item)) throw new Error('the arguments refer to themselves');
    seen.add(item);
    const result = Array.isArray(item) ? item.map(walk) : Object.fromEntries(Object.entries(item).map(([key, inner]) => [key, walk(inner)]));
    seen.delete(item);
    return result;
  };
  return { data: walk(value), functions };
}
