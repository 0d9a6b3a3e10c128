// Set by esbuild.mjs from package.json when the product is built; "dev" when run from sources.
declare const AI_PRACTICE_VERSION: string | undefined;

/** This build's version, as package.json gives it. */
export const PRODUCT_VERSION: string = typeof AI_PRACTICE_VERSION === 'string' ? AI_PRACTICE_VERSION : 'dev';
