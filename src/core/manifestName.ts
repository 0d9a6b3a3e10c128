/** The manifest's file name, at the root of a pack folder. Kept free of imports: the editor layer uses it at activation. */
export const PACK_MANIFEST_FILE = 'ai-practice-pack.json';
