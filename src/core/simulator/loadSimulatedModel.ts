import { promises as fs } from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { UserError } from '../userError';
import { loadScenario } from './loadScenario';
import { type Responder, type Scenario, scenarioSchema } from './scenario';

/** What plays the model in the simulator: a scenario's rules, a responder, or both (the responder first). */
export interface SimulatedModel {
  scenario?: Scenario;
  respond?: Responder;
}

interface CompilableModule {
  filename: string;
  paths: string[];
  exports: unknown;
  _compile(code: string, filename: string): void;
}

/**
 * Reads what plays the model: a scenario (`.json`, rules as data), or a TypeScript or
 * JavaScript module (`.ts`, `.js`) exporting `respond(request, facts)`, optionally `rules`
 * (scenario rules, tried when `respond` leaves a request) and `model` (the id /v1/models
 * lists). A `.ts` module is stripped of its types by sucrase — in dist/, the copy in
 * dist/lib/ (esbuild.mjs maps it) — so a script run from dist/ loads it without a build step.
 */
export async function loadSimulatedModel(file: string): Promise<SimulatedModel> {
  const extension = path.extname(file).toLowerCase();
  if (extension === '.json' || extension === '.jsonc') return { scenario: await loadScenario(file) };
  if (!['.ts', '.mts', '.cts', '.js', '.cjs'].includes(extension)) {
    throw new UserError(`Cannot play ${file}: a simulated model is a scenario (.json) or a module (.ts, .js).`, 'Give a scenario JSON file or a module exporting respond.');
  }
  const exported = (await loadModelModule(file)) as { respond?: unknown; rules?: unknown; model?: unknown };
  const respond = typeof exported.respond === 'function' ? (exported.respond as Responder) : undefined;
  if (exported.respond !== undefined && !respond) throw new UserError(`${file} exports "respond" that is not a function.`, 'Export respond(request, facts).');
  if (!respond && exported.rules === undefined) throw new UserError(`${file} exports neither "respond" nor "rules".`, 'Export respond(request, facts), scenario rules, or both.');
  const model = typeof exported.model === 'string' ? exported.model : undefined;
  const scenario = exported.rules === undefined ? undefined : scenarioSchema.parse({ ...(model ? { model } : {}), rules: exported.rules });
  return {
    ...(scenario ? { scenario } : respond ? { scenario: { model: model ?? 'claude-simulator-1', rules: [] } } : {}),
    ...(respond ? { respond } : {}),
  };
}

/** A model module's exports: a `.ts` file stripped of its types by sucrase, a `.js` file as it is. */
export async function loadModelModule(file: string): Promise<Record<string, unknown>> {
  const extension = path.extname(file).toLowerCase();
  let source: string;
  try {
    source = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`Cannot read the simulated model ${file}${code === 'ENOENT' ? ': there is no such file' : `: ${code ?? String(error)}`}.`, 'Give the path of a model module.');
  }
  let code = source;
  if (extension !== '.js' && extension !== '.cjs') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { transform } = require('sucrase') as typeof import('sucrase');
    code = transform(source, { transforms: ['typescript', 'imports'], filePath: file, disableESTransforms: true }).code;
  }
  const loaded = new Module(file) as unknown as CompilableModule;
  loaded.filename = file;
  loaded.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  loaded._compile(code, file);
  return loaded.exports as Record<string, unknown>;
}
