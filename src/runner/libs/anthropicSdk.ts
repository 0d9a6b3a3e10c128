// Bundled as dist/lib/anthropic-sdk.js: the SDK that exercise code imports in checks.
export * from '@anthropic-ai/sdk';
export { default } from '@anthropic-ai/sdk';
