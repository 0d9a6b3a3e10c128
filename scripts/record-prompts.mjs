// Records the answers the built-in prompt-debugging exercises replay from: for every such
// exercise with a `simulatorScenario` (a scenario JSON file, or a model written as a .ts module
// exporting `respond`), its starter, reference and known-wrong prompts are run against the
// local simulator playing it, and written to check/recordings/. The recordings' provenance
// names the simulator and what it played, never a model.
//
//   node scripts/record-prompts.mjs [exercise-id…]
//
// With a real model instead, run `ai-practice check <id> --provider anthropic --record` in a
// practice workspace and copy the file from .ai-practice/recordings/ into the pack.
import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '..');
const { Practice, loadSimulatedModel, startSimulator, renderReport } = require(path.join(root, 'dist', 'core.js'));
const packDir = path.join(root, 'packs', 'builtin');
const only = process.argv.slice(2);

const practiceFor = async () => {
  const workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'ai-practice-record-'));
  return { workspace, practice: await Practice.open({ packDir, workspace }) };
};

const { practice: probe } = await practiceFor();
for (const exercise of probe.pack.exercises) {
  const settings = exercise.promptDebugging;
  if (exercise.kind !== 'prompt-debugging' || !settings?.simulatorScenario) continue;
  if (only.length > 0 && !only.includes(exercise.id)) continue;
  const scenarioFile = path.join(exercise.dirPath, settings.simulatorScenario);
  const simulated = await loadSimulatedModel(scenarioFile);
  const recordings = path.join(exercise.dirPath, settings.recordings);
  await fs.rm(recordings, { recursive: true, force: true });
  await fs.mkdir(recordings, { recursive: true });
  const variants = [
    { label: 'starter', title: 'the starter prompt', dir: undefined },
    { label: 'reference', title: 'the reference prompt', dir: exercise.solutionDir },
    ...exercise.knownWrongDirs.map((wrong) => ({ label: `wrong-${path.basename(wrong.path)}`, title: `the known-wrong prompt ${path.basename(wrong.path)}`, dir: wrong.path })),
  ];
  for (const variant of variants) {
    const { workspace, practice } = await practiceFor();
    await practice.start(exercise.id);
    const folder = path.join(workspace, 'practice', exercise.id);
    if (variant.dir) for (const name of await fs.readdir(variant.dir)) await fs.copyFile(path.join(variant.dir, name), path.join(folder, name));
    const simulator = await startSimulator({ ...simulated, scenarioName: `${exercise.id}/${settings.simulatorScenario}` });
    try {
      const { report } = await practice.check(exercise.id, {
        model: { provider: 'compatible', baseUrl: simulator.url, model: 'claude-haiku-4-5', budgetUsd: 10, cache: false, record: true, apiKey: 'simulator' },
        recordTo: path.join(recordings, `${variant.label}.json`),
        recordTitle: variant.title,
      });
      console.log(`${exercise.id} · ${variant.label}: ${report.status} — ${report.message}`);
      if (report.status === 'error') {
        console.log(renderReport(report));
        process.exitCode = 1;
      }
    } finally {
      await simulator.close();
      await fs.rm(workspace, { recursive: true, force: true });
    }
  }
}
