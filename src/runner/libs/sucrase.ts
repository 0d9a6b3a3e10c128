// Bundled as dist/lib/sucrase.js: what strips TypeScript's types in the check and learner
// processes. A library file of its own, so it loads with V8's cached code (codeCache.ts).
export { transform } from 'sucrase';
