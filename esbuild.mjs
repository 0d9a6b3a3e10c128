// Bundles the extension, the lazily loaded core, and the CLI into dist/, and writes the
// pack manifest's JSON Schema next to them. `--production` minifies and drops source maps.
import * as esbuild from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import packageJson from './package.json' with { type: 'json' };

const production = process.argv.includes('--production');
const shared = {
  bundle: true,
  platform: 'node',
  // jsonc-parser's UMD build hides its requires from bundlers; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  define: { AI_PRACTICE_VERSION: JSON.stringify(packageJson.version) },
};

// The core and the CLI reach the SDK only for a live prompt check: they load the copy in
// dist/lib/ at that moment, so the SDK's megabyte is neither in core.js nor parsed with it.
const sdkFromLib = {
  name: 'sdk-from-lib',
  setup(build) {
    build.onResolve({ filter: /^@anthropic-ai\/sdk$/ }, () => ({ path: './lib/anthropic-sdk.js', external: true }));
    // Likewise sucrase, for a simulated model written as a .ts module (loadSimulatedModel.ts).
    build.onResolve({ filter: /^sucrase$/ }, () => ({ path: './lib/sucrase.js', external: true }));
  },
};

await Promise.all([
  // The extension entry stays small: `vscode` comes from the host and the core (zod,
  // jsonc-parser, pack loading) is a separate file that is required on first use.
  esbuild.build({
    ...shared,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode', './core.js'],
  }),
  esbuild.build({ ...shared, entryPoints: ['src/core/practiceService.ts'], outfile: 'dist/core.js', plugins: [sdkFromLib] }),
  esbuild.build({ ...shared, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', plugins: [sdkFromLib] }),
  // The check process, and the libraries that exercise code may import in it. The runner
  // finds them in dist/lib/ at run time, so they are not bundled into it.
  esbuild.build({ ...shared, entryPoints: ['src/runner/checkRunner.ts'], outfile: 'dist/checkRunner.js', external: ['zod', '@anthropic-ai/sdk', 'marked'] }),
  // The learner process: the learner's module and these libraries, nothing of the judge's.
  esbuild.build({ ...shared, entryPoints: ['src/runner/learnerHost.ts'], outfile: 'dist/learnerHost.js', external: ['zod', '@anthropic-ai/sdk', 'marked'] }),
  esbuild.build({ ...shared, entryPoints: ['src/runner/libs/zod.ts'], outfile: 'dist/lib/zod.js' }),
  esbuild.build({ ...shared, entryPoints: ['src/runner/libs/anthropicSdk.ts'], outfile: 'dist/lib/anthropic-sdk.js' }),
  esbuild.build({ ...shared, entryPoints: ['src/runner/libs/marked.ts'], outfile: 'dist/lib/marked.js' }),
  esbuild.build({ ...shared, entryPoints: ['src/runner/libs/sucrase.ts'], outfile: 'dist/lib/sucrase.js' }),
  // The class report's page script (Observable Plot with it), inlined into each class.html by
  // `ai-practice grade`: a browser bundle, never loaded by the extension or the CLI themselves.
  esbuild.build({ ...shared, platform: 'browser', format: 'iife', target: 'es2020', minify: true, sourcemap: false, entryPoints: ['src/report/classReport.ts'], outfile: 'dist/report/classReport.js' }),
  // The progress page's script and style (Observable Plot with it), loaded by its webview when the
  // page opens (src/vscode/progressPage.ts): never part of the eager bundle.
  esbuild.build({ ...shared, platform: 'browser', format: 'iife', target: 'es2020', minify: true, sourcemap: false, entryPoints: ['src/progressPage/progressPage.ts', 'src/progressPage/progressPage.css'], outdir: 'dist/progressPage' }),
]);

// The schema is generated from the same zod definition the loader validates with, so the
// editor's completion and the loader can never disagree.
const require = createRequire(import.meta.url);
const { packManifestJsonSchema } = require('./dist/core.js');
mkdirSync('dist', { recursive: true });
writeFileSync('dist/pack.schema.json', JSON.stringify(packManifestJsonSchema(), null, 2) + '\n');

// The type declarations of the libraries exercise code imports, for the learner's editor: a
// workspace has no node_modules, so the extension copies these next to the exercises
// (src/core/editorTypes.ts). Only the flavour each entry point needs, to keep the .vsix small.
const TYPE_SOURCES = [
  { name: '@anthropic-ai/sdk', pattern: /\.d\.ts$/ },
  { name: 'zod', pattern: /\.d\.cts$/ },
  { name: 'marked', pattern: /\.d\.ts$/ },
];
rmSync('dist/types', { recursive: true, force: true });
const versions = {};
for (const { name, pattern } of TYPE_SOURCES) {
  const from = path.join('node_modules', name);
  versions[name] = JSON.parse(readFileSync(path.join(from, 'package.json'), 'utf8')).version;
  for (const entry of readdirSync(from, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !pattern.test(entry.name) || entry.parentPath.includes(`${path.sep}src`)) continue;
    const target = path.join('dist', 'types', name, path.relative(from, path.join(entry.parentPath, entry.name)));
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(path.join(entry.parentPath, entry.name), target);
  }
}
writeFileSync('dist/types/versions.json', JSON.stringify(versions) + '\n');

// The launchers VS Code's integrated terminal runs `ai-practice` with (src/vscode/terminalCli.ts
// puts dist/bin on its PATH): a shell script, executable, and a .cmd for cmd and PowerShell,
// with the CRLF line ends cmd.exe wants (its `goto` can miss labels in a file with bare LFs).
rmSync('dist/bin', { recursive: true, force: true });
mkdirSync('dist/bin', { recursive: true });
for (const name of readdirSync('src/cli/launchers')) {
  const text = readFileSync(path.join('src/cli/launchers', name), 'utf8').replace(/\r?\n/g, name.endsWith('.cmd') ? '\r\n' : '\n');
  writeFileSync(path.join('dist/bin', name), text);
  chmodSync(path.join('dist/bin', name), 0o755);
}
