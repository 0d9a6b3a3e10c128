// Bundled as dist/lib/sucrase.js: what strips TypeScript's types in the check and learner
// processes. A library file of its own, so it loads with V8's cached code (codeCache.ts).
import { type Options, type TransformResult, transform as sucraseTransform } from 'sucrase';
import { splitExportDeclarators } from './exportDeclarators';

/** sucrase's transform, with `export const A = 1, B = 2;` split first (see exportDeclarators.ts). */
export function transform(code: string, options: Options): TransformResult {
  const splits = options.transforms.includes('imports');
  return sucraseTransform(splits ? splitExportDeclarators(code, options.transforms.includes('typescript')) : code, options);
}
// The tokenizer `pack verify --mutate` makes its mutants with (core/mutate/mutants.ts). It is
// already inside `transform`, so exporting it costs about 1 KiB.
export { parse } from 'sucrase/dist/esm/parser';
export { TokenType } from 'sucrase/dist/esm/parser/tokenizer/types';
