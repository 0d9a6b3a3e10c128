// Bundled as dist/lib/sucrase.js: what strips TypeScript's types in the check and learner
// processes. A library file of its own, so it loads with V8's cached code (codeCache.ts).
export { transform } from 'sucrase';
// The tokenizer `pack verify --mutate` makes its mutants with (core/mutate/mutants.ts). It is
// already inside `transform`, so exporting it costs about 1 KiB.
export { parse } from 'sucrase/dist/esm/parser';
export { TokenType } from 'sucrase/dist/esm/parser/tokenizer/types';
