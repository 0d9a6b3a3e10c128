// Pictures of the roadmap to look at, in a real VS Code (code-server + Chromium): the packaged
// extension on a practice workspace where a few exercises are passed and, with --project, a
// project's first stage is passed and its second started. Not a test: a way to see what a
// learner sees, in the light and the dark theme.
//   node scripts/screenshots.mjs [--project ID] [--pass ID,ID…]      (writes out/screenshots/look/)
//   node scripts/screenshots.mjs --walkthrough   (writes the walkthrough's pictures, media/walkthrough/*.webp)
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureCodeServer, installVsix, log, packageExtension, startCodeServer, temporaryDir, writeUserSettings } from './lib/devEnvironment.mjs';
import { useRunScratch } from './lib/runScratch.mjs';
import { takeWalkthroughShots, WALKTHROUGH_VIEWPORT } from './lib/walkthroughShots.mjs';
import { literal, Workbench } from './lib/workbench.mjs';
import { launchBrowser, workbenchUrl } from './lib/workbenchBrowser.mjs';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { walkthrough: { type: 'boolean', default: false }, project: { type: 'string' }, pass: { type: 'string', default: 'front-desk-messages-api,order-extraction-tool-schema,faq-hybrid-search' } } });
useRunScratch('screenshots');
const out = values.walkthrough ? path.join(root, 'media', 'walkthrough') : path.join(root, 'out', 'screenshots', 'look');
if (!values.walkthrough) rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const manifest = JSON.parse(readFileSync(path.join(root, 'packs', 'builtin', 'ai-practice-pack.json'), 'utf8'));
const cli = (...args) => execFileSync(process.execPath, [path.join(root, 'bin', 'ai-practice.js'), ...args], { stdio: 'pipe' });
// A folder named as a learner's would be: its name shows in the window's title.
const workspace = path.join(temporaryDir('ai-practice-look-ws-'), 'my-ai-practice');
mkdirSync(workspace);

/** Starts `id`, lays its reference over the learner's files and checks it: a pass in progress.json. */
function solve(id) {
  const exercise = manifest.exercises.find((candidate) => candidate.id === id);
  if (!exercise) throw new Error(`no exercise ${id}`);
  cli('start', id, '--workspace', workspace);
  const folder = path.join(workspace, 'practice', manifest.projects?.find((project) => project.stages.includes(id))?.id ?? id);
  cpSync(path.join(root, 'packs', 'builtin', exercise.dir, exercise.solution ?? 'solution'), folder, { recursive: true });
  cli('check', id, '--workspace', workspace, '--provider', 'replay');
}
for (const id of values.pass.split(',').filter(Boolean)) solve(id);
const project = values.project ? manifest.projects?.find((candidate) => candidate.id === values.project) : undefined;
if (values.project && !project) throw new Error(`no project ${values.project}`);
if (project) {
  solve(project.stages[0]);
  cli('start', project.stages[1], '--workspace', workspace);
}
// The walkthrough's exercise being worked on: started, its starter failing.
const failing = { id: 'triage-eval-dataset', title: 'Design an eval dataset for ticket triage', file: 'dataset.jsonl', failedTest: 'Exposes at least 10 of 12 buggy implementations' };
if (values.walkthrough) cli('start', failing.id, '--workspace', workspace);

const vsix = packageExtension(root);
ensureCodeServer();
const userDataDir = temporaryDir('ai-practice-look-user-');
const extensionsDir = temporaryDir('ai-practice-look-ext-');
installVsix(vsix, extensionsDir);
if (readdirSync(extensionsDir).filter((name) => name.startsWith('ai-practice.')).length !== 1) throw new Error('the .vsix did not install');

const browser = await launchBrowser();
try {
  for (const theme of ['Default Light Modern', 'Default Dark Modern']) {
    writeUserSettings(userDataDir, {
      'workbench.colorTheme': theme,
      // The terminal drawn in the page's DOM, whose text can be waited for.
      'terminal.integrated.gpuAcceleration': 'off',
      'workbench.welcomePage.walkthroughs.openOnInstall': false,
    });
    const server = await startCodeServer({ userDataDir, extensionsDir, logFile: path.join(root, 'out', 'code-server-look.log') });
    const page = await browser.newPage({ viewport: values.walkthrough ? WALKTHROUGH_VIEWPORT : { width: 1400, height: 1000 } });
    const wb = new Workbench(page);
    const name = theme.includes('Dark') ? 'dark' : 'light';
    try {
      await page.goto(workbenchUrl(server, { folder: workspace }));
      await page.getByRole('tab', { name: 'AI Practice' }).waitFor({ timeout: 60_000 });
      if (values.walkthrough) {
        const cliCommand = `node ${path.join(root, 'bin', 'ai-practice.js')}`;
        const written = await takeWalkthroughShots({ page, wb, out, theme: name, failing, cliCommand, literal }).catch(async (error) => {
          await page.screenshot({ path: path.join(root, 'out', `walkthrough-${name}.FAILED.png`) });
          throw error;
        });
        log(`✓ ${name}: ${written.map((file) => `${path.basename(file)} ${(statSync(file).size / 1024).toFixed(0)} KB`).join(', ')}`);
        continue;
      }
      await wb.runCommand('AI Practice: Focus on Roadmap View');
      const tree = wb.tree('Roadmap');
      const row = (title) => tree.getByRole('treeitem', { name: new RegExp(`^${literal(title)}`) });
      await row(manifest.areas[0].title).waitFor({ timeout: 60_000 });
      await page.screenshot({ path: path.join(out, `roadmap-top-${name}.png`), animations: 'disabled' });
      if (project) {
        await wb.runCommand('AI Practice: Focus on Roadmap View');
        await wb.focused(tree);
        await page.keyboard.press('End');
        await row(project.title).waitFor();
        const second = manifest.exercises.find((exercise) => exercise.id === project.stages[1]);
        await row(`2. ${second.title}`).hover();
        await page.getByText(/Stage.*2 of/).first().waitFor();
        await page.screenshot({ path: path.join(out, `roadmap-project-${name}.png`), animations: 'disabled' });
      }
      log(`✓ ${name}: ${readdirSync(out).filter((file) => file.includes(name)).join(', ')}`);
    } finally {
      await page.close();
      await server.stop();
    }
  }
} finally {
  await browser.close();
}
log(`Look at them: ${out}`);
