// Activation cost, measured. Each sample is a fresh Node process that loads the bundled
// extension (dist/extension.js) with a stand-in `vscode` module and calls activate(); the
// baseline, in the same run, is what activation would cost if it loaded the core (zod,
// jsonc-parser, the pack loader) eagerly. Also: the first roadmap load that a user's first
// look at the view triggers. Prints medians and p90s in milliseconds, and ratios.
//   node bench/activation.mjs [--runs N]      (build first: npm run build)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '25' } } });
const runs = Number(values.runs);

// Runs in the child: a `vscode` stand-in on which every property, call and `new` works.
const childPrelude = `
  const Module = require('node:module');
  const anything = new Proxy(function () {}, {
    get: (_, key) => (key === Symbol.toPrimitive ? () => '' : key === 'then' ? undefined : anything),
    apply: () => anything,
    construct: () => anything,
    set: () => true,
    // esbuild's ESM interop builds an object on the module's prototype: make that us too.
    getPrototypeOf: () => anything,
  });
  const load = Module._load;
  Module._load = function (request, ...rest) { return request === 'vscode' ? anything : load.call(this, request, ...rest); };
  const loaded = () => Object.keys(require.cache).map((file) => require('node:path').relative(${JSON.stringify(root)}, file));
`;

const scenarios = {
  activate: `
    const start = process.hrtime.bigint();
    const extension = require(${JSON.stringify(path.join(root, 'dist/extension.js'))});
    const context = { subscriptions: [], extensionUri: anything };
    extension.activate(context);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    process.stdout.write(JSON.stringify({ ms, modules: loaded(), disposables: context.subscriptions.length }));
  `,
  eagerCoreBaseline: `
    const start = process.hrtime.bigint();
    require(${JSON.stringify(path.join(root, 'dist/extension.js'))}).activate({ subscriptions: [], extensionUri: anything });
    require(${JSON.stringify(path.join(root, 'dist/core.js'))});
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    process.stdout.write(JSON.stringify({ ms, modules: loaded() }));
  `,
  firstRoadmap: `
    const os = require('node:os'), fs = require('node:fs');
    const workspace = fs.mkdtempSync(require('node:path').join(os.tmpdir(), 'bench-ws-'));
    const start = process.hrtime.bigint();
    const core = require(${JSON.stringify(path.join(root, 'dist/core.js'))});
    core.Practice.open({ packDir: core.builtinPackDir(${JSON.stringify(path.join(root, 'dist'))}), workspace })
      .then((practice) => practice.roadmap())
      .then(({ roadmap }) => {
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        fs.rmSync(workspace, { recursive: true });
        process.stdout.write(JSON.stringify({ ms, exercises: roadmap.total }));
      });
  `,
};

function sample(name) {
  const output = execFileSync(process.execPath, ['-e', childPrelude + scenarios[name]], { encoding: 'utf8' });
  return JSON.parse(output);
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p90: at(0.9) };
}

const results = {};
for (const name of Object.keys(scenarios)) {
  sample(name); // warm the file cache
  const samples = Array.from({ length: runs }, () => sample(name));
  results[name] = { ...stats(samples.map((s) => s.ms)), last: samples.at(-1) };
}

const activation = results.activate;
const heavy = activation.last.modules.filter((file) => /zod|jsonc-parser|anthropic|dist\/core\.js/.test(file));
if (heavy.length > 0) throw new Error(`activation loaded heavy modules: ${heavy.join(', ')}`);
const bundle = readFileSync(path.join(root, 'dist/extension.js'), 'utf8');
for (const marker of ['ZodError', 'createScanner', 'anthropic-version']) {
  if (bundle.includes(marker)) throw new Error(`dist/extension.js contains "${marker}": something heavy was bundled into it`);
}

const fmt = (n) => n.toFixed(2).padStart(8);
console.log(`activation benchmark, ${runs} fresh processes each, node ${process.version}\n`);
console.log('scenario                                   median ms    p90 ms');
console.log(`activate() (lazy core, as shipped)         ${fmt(activation.median)}  ${fmt(activation.p90)}`);
console.log(`baseline: activate() + eager core          ${fmt(results.eagerCoreBaseline.median)}  ${fmt(results.eagerCoreBaseline.p90)}`);
console.log(`first roadmap (core + pack + progress)     ${fmt(results.firstRoadmap.median)}  ${fmt(results.firstRoadmap.p90)}`);
console.log(`\nactivation is ${(results.eagerCoreBaseline.median / activation.median).toFixed(1)}× cheaper than the eager baseline`);
console.log(`modules loaded by activation: ${activation.last.modules.join(', ')}`);
console.log(`bundle sizes: extension.js ${(bundle.length / 1024).toFixed(1)} KiB, core.js ${(readFileSync(path.join(root, 'dist/core.js')).length / 1024).toFixed(1)} KiB`);
console.log('zod, jsonc-parser and @anthropic-ai/sdk: not loaded by activation (checked)');
