import type * as CoreModule from '../core/practiceService';

export type Core = typeof CoreModule;

let core: Core | undefined;

/**
 * The core (pack loading with zod, progress, scaffolding) is bundled separately as
 * dist/core.js and required on first use, so activating the extension costs almost nothing.
 */
export function loadCore(): Core {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  core ??= require('./core.js') as Core;
  return core;
}
