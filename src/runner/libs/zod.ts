// Bundled as dist/lib/zod.js: the zod that exercise code and harnesses import in checks.
export * from 'zod';
export { default } from 'zod';
