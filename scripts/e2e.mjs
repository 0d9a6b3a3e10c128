// End to end: package the extension, install the .vsix into a fresh VS Code (code-server),
// and use it the way a learner does, with the mouse and keyboard, in Chromium. Every step
// waits for a state (an element shown, the keyboard focus, a file on disk; never a time),
// checks the result on screen and on disk, and leaves a screenshot in out/screenshots/.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ensureCodeServer, installVsix, log, packageExtension, startCodeServer, temporaryDir, writeUserSettings } from './lib/devEnvironment.mjs';
import { useRunScratch } from './lib/runScratch.mjs';
import { literal, Workbench } from './lib/workbench.mjs';
import { launchBrowser, workbenchUrl } from './lib/workbenchBrowser.mjs';

const root = path.resolve(import.meta.dirname, '..');
useRunScratch('e2e');
const builtinManifest = JSON.parse(readFileSync(path.join(root, 'packs', 'builtin', 'ai-practice-pack.json'), 'utf8'));
const exerciseCount = builtinManifest.exercises.length;
/** The roadmap's last row: the last project's last stage ("N. title"), else the last area's last exercise. */
const lastRowTitle = (() => {
  const titleOf = (id) => builtinManifest.exercises.find((exercise) => exercise.id === id)?.title;
  const project = builtinManifest.projects?.at(-1);
  if (project) return `${project.stages.length}. ${titleOf(project.stages.at(-1))}`;
  const skills = builtinManifest.areas.at(-1).skills.map((skill) => skill.id);
  return builtinManifest.exercises.filter((exercise) => skills.includes(exercise.skill)).sort((a, b) => skills.indexOf(a.skill) - skills.indexOf(b.skill)).at(-1).title;
})();
const shots = path.join(root, 'out', 'screenshots');
rmSync(shots, { recursive: true, force: true });
mkdirSync(shots, { recursive: true });

/**
 * A JSON file's content, or undefined while it is absent or half-written: VS Code writes
 * settings.json in place, so a read can land between its truncation and its new content.
 */
function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
const cli = (...args) => execFileSync(process.execPath, [path.join(root, 'bin', 'ai-practice.js'), ...args]);
const fromPack = (...parts) => readFileSync(path.join(root, 'packs', 'builtin', 'exercises', ...parts), 'utf8');

const vsix = packageExtension(root);
ensureCodeServer();
const userDataDir = temporaryDir('ai-practice-e2e-user-');
const extensionsDir = temporaryDir('ai-practice-e2e-ext-');
const workspace = temporaryDir('ai-practice-e2e-ws-');
installVsix(vsix, extensionsDir);
const installed = readdirSync(extensionsDir).filter((name) => name.startsWith('ai-practice.ai-engineering-practice-'));
if (installed.length !== 1) throw new Error(`the .vsix did not install: ${readdirSync(extensionsDir).join(', ')}`);
writeUserSettings(userDataDir);

const server = await startCodeServer({ userDataDir, extensionsDir, logFile: path.join(root, 'out', 'code-server-e2e.log') });
const browser = await launchBrowser();
// Tall enough that the roadmap's first screen reaches the agents area, with every skill practised.
const page = await browser.newPage({ viewport: { width: 1400, height: 1500 } });
const wb = new Workbench(page);
let stepNumber = 0;

/** A screenshot of the window as it is (transitions such as a toast's fade-in run to their end first). */
const screenshot = (name) => page.screenshot({ path: path.join(shots, `${String(stepNumber).padStart(2, '0')}-${name}.png`), animations: 'disabled' });

/** On a failure, the window's logs (the extension's among them) are kept beside the screenshots. */
function keepLogs() {
  const logs = path.join(userDataDir, 'logs');
  if (existsSync(logs)) cpSync(logs, path.join(shots, 'logs'), { recursive: true });
}

async function step(name, action) {
  stepNumber++;
  try {
    await action();
    await screenshot(name);
    log(`✓ ${name}  (out/screenshots/${String(stepNumber).padStart(2, '0')}-${name}.png)`);
  } catch (error) {
    await screenshot(`${name}.FAILED`).catch(() => undefined);
    keepLogs();
    throw new Error(`e2e step "${name}" failed: ${error.message}`);
  }
}

// The roadmap: its tree, a row by the start of its text, and the progress line above it.
const roadmap = () => wb.tree('Roadmap');
const row = (title) => roadmap().getByRole('treeitem', { name: new RegExp(`^${literal(title)}`) });
const progressLine = (text) => page.getByText(new RegExp(`^${text}`));

/**
 * Opens a window and waits until the workbench knows the extension's contributions (its
 * activity bar entry is shown): the Command Palette lists only the commands known when it opens.
 */
async function openWindow(url) {
  await page.goto(url);
  await page.getByRole('tab', { name: 'AI Practice' }).waitFor({ timeout: 60_000 });
}

/** Opens the roadmap (the view's Focus command), and waits until its rows are shown. */
async function showRoadmap() {
  await wb.runCommand('AI Practice: Focus on Roadmap View');
  await roadmap().getByRole('treeitem').first().waitFor({ timeout: 60_000 });
}

/**
 * Gives the roadmap's tree the keyboard focus. When the Focus command opens the view, the
 * tree is only created once the extension has activated, after the focus was given: then the
 * command is run again on the tree that now exists.
 */
async function focusRoadmap() {
  await showRoadmap();
  if (!(await roadmap().evaluate((tree) => tree.ownerDocument.activeElement === tree))) await wb.runCommand('AI Practice: Focus on Roadmap View');
  await wb.focused(roadmap());
}

/** Clicks one of a roadmap row's inline actions, which show while the pointer is over it. */
async function rowAction(title, action) {
  await row(title).hover();
  await row(title).getByRole('button', { name: action }).click();
}

const testExplorer = () => wb.tree('Test Explorer');
const problem = (text) => page.getByRole('treeitem').filter({ hasText: text }).first();
const problemsFilter = () => page.getByRole('textbox', { name: 'Filter Problems' });
/**
 * Waits for a problem in the Problems panel, filtered to it first: the panel's list only holds
 * the rows in view, and the checks have put many problems there.
 */
async function showProblem(filter, text = filter) {
  await problemsFilter().fill(filter);
  await problem(text).waitFor();
  return problem(text);
}

try {
  await openWindow(workbenchUrl(server, { folder: workspace }));

  await step('roadmap', async () => {
    await showRoadmap();
    await row('Build a tool-using agent loop').waitFor();
    await progressLine(`0 of ${exerciseCount} exercises passed`).waitFor();
    for (const area of ['Model & API literacy', 'Evaluation']) await row(area).waitFor();
    // Every area has exercises, so all are open and the last row is below the fold: End goes there.
    await focusRoadmap();
    await page.keyboard.press('End');
    await row(lastRowTitle).waitFor();
    await page.keyboard.press('Home');
    await row('Build a tool-using agent loop').waitFor();
  });

  await step('exercise-tooltip', async () => {
    await row('Build a tool-using agent loop').hover();
    await page.getByText(/Implement the loop that lets a support bot/).waitFor();
  });

  const agent = path.join(workspace, 'practice', 'agent-loop-basics', 'agent.ts');
  await step('start-from-inline-action', async () => {
    await rowAction('Build a tool-using agent loop', 'Start Exercise…');
    await wb.until('agent.ts on disk', () => existsSync(agent));
    await wb.tab('Preview README.md').waitFor();
    await wb.webviewShown('Build a tool-using agent loop');
    await progressLine(`0 of ${exerciseCount} exercises passed · 1 in progress`).waitFor();
  });

  await step('reset-asks-first', async () => {
    // The reset opens the instructions again: with the preview closed first, the next step can
    // wait for the new one to load (a preview left open would hide it, then take the focus late).
    await wb.runCommand('View: Close All Editors');
    await wb.tab('Preview README.md').waitFor({ state: 'hidden' });
    writeFileSync(agent, '// my attempt\n');
    await focusRoadmap();
    await wb.focusRow(roadmap(), 'Build a tool-using agent loop');
    await wb.chooseFromContextMenu('Reset Exercise…');
    await wb.dialog('Reset "Build a tool-using agent loop"?').filter({ hasText: '1 changed by you' }).waitFor();
  });

  await step('reset-keeps-a-backup', async () => {
    await wb.dialog('Reset "Build a tool-using agent loop"?').getByRole('button', { name: 'Reset', exact: true }).click();
    // The notification comes once the reset is complete: files moved, starter laid down again.
    await wb.notification('starts over').waitFor();
    const backups = path.join(workspace, '.ai-practice', 'backups');
    const [backup] = readdirSync(backups);
    if (readFileSync(path.join(backups, backup, 'agent.ts'), 'utf8') !== '// my attempt\n') throw new Error('the backup lost the learner\'s file');
    if (readFileSync(agent, 'utf8').includes('// my attempt')) throw new Error('not reset');
    // The reset opens the instructions again, in a new preview that takes the focus once loaded.
    await wb.tab('Preview README.md').waitFor();
    await wb.webviewShown('Build a tool-using agent loop');
  });

  const triage = 'Design an eval dataset for ticket triage';
  const dataset = path.join(workspace, 'practice', 'triage-eval-dataset', 'dataset.jsonl');
  await step('start-from-quick-pick', async () => {
    await wb.runCommand('AI Practice: Start Exercise…');
    const pick = page.getByRole('textbox', { name: /^Choose an exercise to start/ });
    await wb.focused(pick);
    // The list is longer than the box: its first group is shown, then it is filtered to one exercise.
    await page.getByRole('listbox').filter({ hasText: 'Errors, rate limits and retries' }).waitFor();
    await screenshot('quick-pick-open');
    await pick.fill('ticket triage');
    await wb.pickQuickItem(triage);
    await wb.until('dataset.jsonl on disk', () => existsSync(dataset));
    await wb.webviewShown(triage);
    await progressLine(`0 of ${exerciseCount} exercises passed · 2 in progress`).waitFor();
  });

  await step('cli-changes-show-up', async () => {
    cli('start', 'triage-prompt-debugging', '--workspace', workspace);
    await progressLine(`0 of ${exerciseCount} exercises passed · 3 in progress`).waitFor();
  });

  await step('check-fails-from-the-roadmap', async () => {
    await rowAction(triage, 'Check Exercise');
    await wb.notification(`${triage}: Not yet`).waitFor({ timeout: 30_000 });
    await wb.notification('buggy implementations').waitFor();
  });

  await step('test-explorer-shows-each-test', async () => {
    await wb.runCommand('Testing: Focus on Test Explorer View');
    await testExplorer().getByRole('treeitem').filter({ hasText: triage }).waitFor();
    // The view's focus lands on its filter box: the tree is a few Tab presses away.
    await wb.tabTo(testExplorer());
    // The keyboard, not a click: a click on a row folds it when Test Explorer has already
    // unfolded it, and ArrowRight only ever unfolds.
    await wb.focusRow(testExplorer(), triage);
    await page.keyboard.press('ArrowRight');
    await testExplorer().getByRole('treeitem').filter({ hasText: 'Exposes at least 10 of 12 buggy implementations' }).waitFor();
  });

  await step('problems-panel-and-status-bar', async () => {
    writeFileSync(dataset, readFileSync(dataset, 'utf8') + '{"id": "gold-plan", "input": {"message": "Refund please", "plan": "gold", "openTickets": 0}, "expected": {"categories": ["billing"], "urgency": "low", "needsHuman": false}, "tags": ["billing"]}\n');
    await wb.runCommand('Notifications: Clear All Notifications');
    await wb.openFile('dataset.jsonl', 'dataset.jsonl practice/triage-eval-dataset');
    await page.getByRole('code').filter({ hasText: 'gold-plan' }).waitFor();
    await wb.statusItem(/failing/).click();
    await wb.notification(`${triage}: Not yet`).waitFor({ timeout: 30_000 });
    await wb.runCommand('View: Focus Problems');
    await showProblem('input.plan');
  });

  await step('check-passes', async () => {
    writeFileSync(dataset, fromPack('triage-eval-dataset', 'solution', 'dataset.jsonl'));
    // The open editor shows the new file before the check: no stale copy of it remains.
    await page.getByRole('code').filter({ hasText: 'change-password' }).waitFor();
    await wb.statusItem(/failing/).click();
    await wb.notification(`${triage} passes`).waitFor({ timeout: 30_000 });
    await wb.statusItem(/Passed/).waitFor();
    await showRoadmap();
    await progressLine(`1 of ${exerciseCount} exercises passed`).waitFor();
  });

  await step('next-hint', async () => {
    await wb.runCommand('AI Practice: Show Next Hint');
    await wb.notification('Hint 1 of 4').waitFor();
    const progressFile = path.join(workspace, '.ai-practice', 'progress.json');
    await wb.until('the hint recorded in progress.json', () => readJson(progressFile)?.packs['ai-engineering-core'].exercises['triage-eval-dataset'].hintsUsed === 1);
  });

  const promptExercise = 'Fix the support-triage prompt';
  const noKey = () => wb.notification('no Anthropic API key is set');

  await step('prompt-check-needs-a-model', async () => {
    await wb.runCommand('Notifications: Clear All Notifications');
    await showRoadmap();
    await rowAction(promptExercise, 'Check Exercise');
    await noKey().getByRole('button', { name: 'Set API Key' }).waitFor({ timeout: 30_000 });
  });

  await step('prompt-check-replays-recordings', async () => {
    await noKey().getByRole('button', { name: 'Use Recordings' }).click();
    await noKey().waitFor({ state: 'hidden' });
    const settings = path.join(userDataDir, 'User', 'settings.json');
    // The choice carries on with the check that asked for it.
    await wb.notification('cases fail: prose-around-json').waitFor({ timeout: 30_000 });
    await wb.until('"Use Recordings" to set the provider', () => readJson(settings)?.['aiPractice.model.provider'] === 'replay');
  });

  await step('prompt-review-in-problems', async () => {
    await wb.openFile('triage-prompt-debugging/user.md', 'user.md practice/triage-prompt-debugging');
    await wb.runCommand('View: Focus Problems');
    await showProblem('pasted in without delimiters');
    await showProblem('case prose-around-json');
  });

  await step('cost-check-shows-the-saving-by-lever', async () => {
    const costs = 'Cut the cost of a ticket-routing pipeline';
    cli('start', 'support-routing-costs', '--workspace', workspace);
    writeFileSync(path.join(workspace, 'practice', 'support-routing-costs', 'pipeline.ts'), fromPack('support-routing-costs', 'wrong', 'caching-only', 'pipeline.ts'));
    await wb.runCommand('Notifications: Clear All Notifications');
    await wb.openFile('support-routing-costs/pipeline.ts', 'pipeline.ts practice/support-routing-costs');
    await wb.statusItem(/^beaker Check/).click();
    await wb.notification('Not cheap enough yet').waitFor({ timeout: 30_000 });
    await wb.runCommand('Testing: Focus on Test Explorer View');
    await testExplorer().getByRole('treeitem').filter({ hasText: costs }).waitFor();
    // Filter the tree to this exercise's test: the tree is long by now.
    await page.getByRole('textbox', { name: 'Filter text for tests in the explorer' }).fill('of the baseline');
    const costRow = testExplorer().getByRole('treeitem').filter({ hasText: 'costs at most 9 % of the baseline' });
    // Its message, with both runs priced and the saving by lever, in the Test Results panel.
    await costRow.click();
    await page.getByRole('tab', { name: 'Test Results' }).click();
    // The message is drawn in the panel's terminal, which the page lists as its "Stack Trace".
    await page.getByRole('list', { name: 'Stack Trace' }).filter({ hasText: /saved \$[\d.]+ \(\d+ %\), by lever/ }).waitFor();
    await screenshot('cost-breakdown');
    await page.getByRole('tab', { name: /^Problems/ }).click();
    await problemsFilter().waitFor();
  });

  // The progress page, in a light, a dark and a high-contrast theme: each drawn from theme colours.
  /** Moves a quick input's selection down until the active item matches `pattern`, and picks it. */
  const pickBelow = async (pattern) => {
    for (let presses = 0; !(await wb.activeQuickPick(pattern, 2_000).then(() => true, () => false)); presses++) {
      if (presses === 8) throw new Error(`no item of the quick input matches ${pattern}`);
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
  };
  /** Picks a colour theme, and waits until the workbench and the page show it. */
  const useTheme = async (theme, workbenchClass, pageClass) => {
    // The palette ranks "Browse Color Themes in Marketplace" above "Color Theme", and the
    // theme picker "Browse Additional Color Themes…" above the theme: hence pickBelow.
    const palette = await wb.quickAccess('>Preferences: Color Theme');
    await pickBelow(/^(?:[a-z0-9-]+ +)?Preferences: Color Theme/);
    await palette.waitFor({ state: 'hidden' });
    const box = page.getByRole('textbox', { name: /^Select Color Theme/ });
    await wb.focused(box);
    await box.fill(theme);
    await pickBelow(new RegExp(`${literal(theme)}(?! Light)`));
    await box.waitFor({ state: 'hidden' });
    await page.locator(`.monaco-workbench.${workbenchClass}`).waitFor({ timeout: 30_000 });
    await wb.until(`the progress page in ${theme}`, () => progressFrame(`body.${pageClass}`));
  };
  /** The progress page's frame once it holds `selector`, else undefined. */
  const progressFrame = async (selector) => {
    for (const frame of page.frames()) {
      if ((await frame.getByRole('heading', { name: 'Your progress', level: 1 }).count().catch(() => 0)) === 0) continue;
      if ((await frame.locator(selector).count().catch(() => 0)) > 0) return frame;
    }
    return undefined;
  };
  // The whole page in the window: a taller window while the page's pictures are taken.
  const progressShot = async (name) => {
    await page.setViewportSize({ width: 1400, height: 2300 });
    try {
      await screenshot(name);
    } finally {
      await page.setViewportSize({ width: 1400, height: 1500 });
    }
  };

  await step('progress-page-opens', async () => {
    await wb.runCommand('Notifications: Clear All Notifications');
    // The window's theme is Light Modern: a light theme.
    await page.locator('.monaco-workbench.vs').waitFor();
    await wb.runCommand('AI Practice: Show Progress');
    await wb.tab('AI Practice Progress').waitFor();
    // Drawn: the pass, the hint and the failed checks of the steps before, and the next exercise's
    // button: Continue for one under way (the failed prompt of the steps before), else Start.
    const frame = await wb.until('the progress page to draw', () => progressFrame(`[data-summary]:text("1 of ${exerciseCount} exercises passed")`), 30_000);
    await frame.getByRole('img', { name: /Skill map of/ }).waitFor();
    await frame.getByRole('img', { name: 'Exercises passed over time' }).waitFor();
    await frame.getByRole('img', { name: 'Checks and hints per started exercise' }).waitFor();
    await frame.getByRole('button', { name: /^(Start|Continue) / }).waitFor();
    await wb.until('the page in the light theme', () => progressFrame('body.vscode-light'));
    await progressShot('progress-page-light');
  });

  await step('progress-page-themes', async () => {
    await useTheme('Default Dark Modern', 'vs-dark', 'vscode-dark');
    await progressShot('progress-page-dark');
    await useTheme('Default High Contrast', 'hc-black', 'vscode-high-contrast');
    await progressShot('progress-page-high-contrast');
    // Back to the light theme the other steps' screenshots are in.
    await useTheme('Default Light Modern', 'vs', 'vscode-light');
  });

  await step('progress-page-starts-the-next-exercise', async () => {
    const frame = await progressFrame('[data-next]');
    const next = await frame.locator('[data-next]').getAttribute('data-next');
    // A real button: it takes the keyboard focus, and Enter presses it.
    const start = frame.getByRole('button', { name: /^(Start|Continue) / });
    await start.focus();
    await page.keyboard.press('Enter');
    await wb.until(`practice/${next}/ to be there`, () => existsSync(path.join(workspace, 'practice', next)), 30_000);
    // Its instructions open in front of the page, and take the focus once loaded.
    const exercise = builtinManifest.exercises.find((candidate) => candidate.id === next);
    const instructions = readFileSync(path.join(root, 'packs', 'builtin', exercise.dir, exercise.instructions ?? 'README.md'), 'utf8');
    await wb.webviewShown(instructions.split('\n')[0].replace(/^#\s*/, ''));
    // Shown again, the page draws afresh: the exercise is under way, so its button continues it.
    await wb.runCommand('AI Practice: Show Progress');
    await wb.until('the page to offer to continue the exercise', () => progressFrame(`[data-next="${next}"]`), 30_000);
    const shown = await progressFrame('[data-next]');
    await shown.getByRole('button', { name: /^Continue / }).waitFor({ timeout: 30_000 });
    await page.getByRole('tab', { name: /^Problems/ }).click();
    await problemsFilter().waitFor();
  });

  await step('new-pack-shows-manifest-problems-as-you-type', async () => {
    await wb.runCommand('AI Practice: New Exercise Pack');
    const folderBox = page.getByRole('textbox', { name: /New Exercise Pack|Folder for the pack/ });
    await wb.focused(folderBox);
    await folderBox.fill('course-pack');
    await page.keyboard.press('Enter');
    await wb.tab('ai-practice-pack.json').waitFor();
    await wb.notification(/Created a pack with \d+ example exercises/).waitFor(); // one per kind
    // Break a reference the JSON Schema cannot see: a skill that does not exist.
    const manifestLines = readFileSync(path.join(workspace, 'course-pack', 'ai-practice-pack.json'), 'utf8').split('\n');
    const line = manifestLines.findIndex((text) => text.includes('"skill": "agents"')) + 1;
    const editor = wb.editorInput('ai-practice-pack.json');
    await wb.focused(editor);
    await page.keyboard.press('Control+G');
    // Go to Line is Quick Open with its ":" prefix.
    const goToLine = page.getByRole('textbox', { name: /Type a line number/ });
    await wb.focused(goToLine);
    await goToLine.fill(`:${line}`);
    await page.keyboard.press('Enter');
    await wb.focused(editor);
    await page.getByRole('status').getByRole('button', { name: new RegExp(`^Ln ${line}, Col`) }).waitFor();
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.type('-team');
    await page.keyboard.press('Escape'); // the completion list
    await showProblem('agents-team', 'unknown skill "agents-team"');
  });

  await step('reset-all-asks-and-keeps-a-backup', async () => {
    // The prompt exercise's review is in the Problems panel now, and must go with its exercise.
    const review = await showProblem('pasted in without delimiters');
    for (const name of ['dataset.jsonl', 'user.md', 'pipeline.ts']) await wb.tab(name).waitFor();
    await wb.runCommand('Notifications: Clear All Notifications');
    await wb.runCommand('AI Practice: Reset All Progress');
    const dialog = wb.dialog('Start every exercise over?');
    await dialog.filter({ hasText: /Started: \d+ \(1 passed\)\. Their progress is cleared/ }).waitFor();
    await screenshot('reset-all-dialog');
    await dialog.getByRole('button', { name: 'Reset All', exact: true }).click();
    await wb.notification('Every exercise starts over').waitFor();
    const backups = path.join(workspace, '.ai-practice', 'backups');
    const backup = readdirSync(backups).find((name) => name.startsWith('ai-engineering-core-all-'));
    if (!backup) throw new Error(`no reset-all backup in ${readdirSync(backups).join(', ')}`);
    const kept = JSON.parse(readFileSync(path.join(backups, backup, 'progress.json'), 'utf8'));
    if (kept.packs['ai-engineering-core'].exercises['triage-eval-dataset'].status !== 'passed') throw new Error('the backup lost the progress');
    if (!existsSync(path.join(backups, backup, 'triage-eval-dataset', 'dataset.jsonl'))) throw new Error('the backup lost the dataset');
    if (existsSync(path.join(workspace, 'practice', 'triage-eval-dataset'))) throw new Error('the exercise folder was not moved');
    await review.waitFor({ state: 'detached' });
    // The moved files' editors close; others stay.
    for (const name of ['dataset.jsonl', 'user.md', 'pipeline.ts']) await wb.tab(name).waitFor({ state: 'detached' });
    await wb.tab('ai-practice-pack.json').waitFor();
    await showRoadmap();
    await progressLine(`0 of ${exerciseCount} exercises passed`).waitFor();
  });

  await step('continue-practising-from-the-title-bar', async () => {
    // Everything starts over: the roadmap's first exercise is the next one, opened with its file.
    const desk = path.join(workspace, 'practice', 'front-desk-messages-api', 'desk.ts');
    await page.getByRole('button', { name: 'Continue Practising' }).click();
    await wb.until('desk.ts on disk', () => existsSync(desk));
    await wb.tab('desk.ts').waitFor();
    await wb.tab('Preview README.md').waitFor();
    await progressLine(`0 of ${exerciseCount} exercises passed · 1 in progress`).waitFor();
  });

  await step('cli-in-the-terminal', async () => {
    // The extension put its own `ai-practice` on the terminal's PATH: typed in a new terminal,
    // it runs in the workspace folder with nothing installed.
    await wb.runCommand('Terminal: Create New Terminal');
    await wb.focused(page.locator('.terminal textarea.xterm-helper-textarea').first(), 30_000);
    await page.keyboard.type('command -v ai-practice > cli-which.txt; ai-practice --version > cli-version.txt');
    await page.keyboard.press('Enter');
    const version = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version;
    const written = path.join(workspace, 'cli-version.txt');
    await wb.until('ai-practice --version in cli-version.txt', () => existsSync(written) && readFileSync(written, 'utf8') === `${version}\n`, 30_000);
    const which = readFileSync(path.join(workspace, 'cli-which.txt'), 'utf8').trim();
    if (which !== path.join(extensionsDir, installed[0], 'dist', 'bin', 'ai-practice')) throw new Error(`the terminal ran ${which}, not the installed extension's launcher`);
  });

  await step('welcome-without-folder', async () => {
    await openWindow(workbenchUrl(server));
    await wb.runCommand('AI Practice: Focus on Roadmap View');
    await page.getByText(/open one first/).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Open Folder' }).waitFor();
  });

  await step('walkthrough', async () => {
    await page.getByText('Take the tour', { exact: true }).click();
    await page.getByText('Get started with AI Engineering Practice').first().waitFor();
    await page.getByText('Start an exercise').first().waitFor();
    // The open step shows its picture, from the .vsix, drawn.
    const picture = page.getByRole('img', { name: /^The AI Practice roadmap in the side bar/ });
    await picture.waitFor();
    await wb.until('the walkthrough picture drawn', () => picture.evaluate((image) => image.complete && image.naturalWidth > 0));
  });

  // A second VS Code with workspace trust on: the folder opens in Restricted Mode.
  const trustUserDataDir = temporaryDir('ai-practice-e2e-trust-user-');
  writeUserSettings(trustUserDataDir, { 'security.workspace.trust.startupPrompt': 'never' });
  const trustServer = await startCodeServer({
    userDataDir: trustUserDataDir,
    extensionsDir,
    workspaceTrust: true,
    logFile: path.join(root, 'out', 'code-server-e2e-trust.log'),
  });
  try {
    await step('restricted-mode-explains-check', async () => {
      await openWindow(workbenchUrl(trustServer, { folder: temporaryDir('ai-practice-e2e-untrusted-') }));
      await showRoadmap();
      await row(triage).waitFor();
      await wb.runCommand('AI Practice: Check Exercise');
      await wb.notification('disabled in Restricted Mode').waitFor();
      await wb.notification('Manage Workspace Trust').waitFor();
    });
  } finally {
    await trustServer.stop();
  }
  log(`end-to-end passed; screenshots in ${path.relative(root, shots)}/`);
} finally {
  await browser.close();
  await server.stop();
}
