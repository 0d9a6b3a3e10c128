import { readFileSync } from 'node:fs';
import Module, { builtinModules } from 'node:module';
import * as path from 'node:path';
import { compileWithCodeCache } from '../core/check/learner/codeCache';

/**
 * Lets the check process load TypeScript, and gives exercise code the libraries it may
 * import, without the learner installing anything: `.ts` files are stripped of their types
 * by sucrase (pure JavaScript, so the .vsix holds no native binary, and it keeps line
 * numbers, so stack traces point at the learner's lines), and `zod`, `@anthropic-ai/sdk` and `marked`
 * resolve to the copies bundled with the extension, always, so every check runs the same
 * versions whatever the workspace has installed.
 */
export const PROVIDED_LIBRARIES = ['zod', '@anthropic-ai/sdk', 'marked'];

interface ModuleInternals {
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
  _extensions: Record<string, (module: { _compile(code: string, filename: string): void }, filename: string) => void>;
}

/** Libraries in `libDir` load with V8's cached code once configureCodeCache has said where it is (see codeCache.ts). */
export function installModuleLoader(libDir: string): void {
  const aliases: Record<string, string> = {
    zod: path.join(libDir, 'zod.js'),
    'zod/v4': path.join(libDir, 'zod.js'),
    '@anthropic-ai/sdk': path.join(libDir, 'anthropic-sdk.js'),
    marked: path.join(libDir, 'marked.js'),
  };
  const internals = Module as unknown as ModuleInternals;
  const resolve = internals._resolveFilename;
  internals._resolveFilename = function (request, parent, isMain, options) {
    const alias = aliases[request];
    if (alias) return alias;
    try {
      return resolve.call(this, request, parent, isMain, options);
    } catch (error) {
      // TypeScript's Node16 style names the compiled file: `./tools.js` means `./tools.ts`.
      if (request.startsWith('.') && request.endsWith('.js')) {
        try {
          return resolve.call(this, `${request.slice(0, -3)}.ts`, parent, isMain, options);
        } catch {
          // fall through to the original error
        }
      }
      if (!request.startsWith('.') && !path.isAbsolute(request) && !isBuiltin(request)) {
        throw new Error(
          `Cannot import "${request}". Exercise code can import Node's built-in modules and ${PROVIDED_LIBRARIES.join(', ')}, which AI Engineering Practice provides; other packages are not available to checks.`,
        );
      }
      throw error;
    }
  };
  const compileTypeScript: ModuleInternals['_extensions'][string] = (module, filename) => {
    const source = readFileSync(filename, 'utf8');
    // Loaded with the first TypeScript file, from dist/lib (with cached code), not with the
    // process; outside the try below, which makes sucrase's errors the file's syntax errors.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { transform } = require(path.join(libDir, 'sucrase.js')) as typeof import('sucrase');
    let code: string;
    try {
      code = transform(source, { transforms: ['typescript', 'imports'], filePath: filename, disableESTransforms: true }).code;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // sucrase says "Unexpected token (3:14)" (1-based); make it a clickable file:line:column.
      const position = /\((\d+):(\d+)\)/.exec(message);
      const where = position ? `${filename}:${position[1]}:${position[2]}` : filename;
      const reason = message.replace(/^Error transforming .*?: /, '').replace(/\s*\(\d+:\d+\)$/, '');
      throw new SyntaxError(`${where}: ${reason}`);
    }
    module._compile(code, filename);
  };
  for (const extension of ['.ts', '.mts', '.cts']) internals._extensions[extension] = compileTypeScript;
  const compileJavaScript = internals._extensions['.js'];
  internals._extensions['.js'] = (module, filename) => {
    if (path.dirname(filename) !== libDir || !compileWithCodeCache(module as unknown as Parameters<typeof compileWithCodeCache>[0], filename)) compileJavaScript?.(module, filename);
  };
}

function isBuiltin(request: string): boolean {
  const name = request.startsWith('node:') ? request.slice(5) : request;
  return builtinModules.includes(name.split('/')[0] ?? name);
}
