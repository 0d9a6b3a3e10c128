// End to end: package the extension, install the .vsix into a fresh VS Code (code-server),
// and use it the way a learner does, with the mouse and keyboard, in Chromium. Every step
// checks the result on screen and on disk, and leaves a screenshot in out/screenshots/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ensureCodeServer, installVsix, log, packageExtension, startCodeServer, temporaryDir, writeUserSettings } from './lib/devEnvironment.mjs';
import { launchBrowser, workbenchUrl } from './lib/workbenchBrowser.mjs';

const root = path.resolve(import.meta.dirname, '..');
const exerciseCount = JSON.parse(readFileSync(path.join(root, 'packs', 'builtin', 'ai-practice-pack.json'), 'utf8')).exercises.length;
const shots = path.join(root, 'out', 'screenshots');
mkdirSync(shots, { recursive: true });

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
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
let stepNumber = 0;

async function step(name, action) {
  stepNumber++;
  const file = path.join(shots, `${String(stepNumber).padStart(2, '0')}-${name}.png`);
  try {
    await action();
    await page.screenshot({ path: file });
    log(`✓ ${name}  (${path.relative(root, file)})`);
  } catch (error) {
    await page.screenshot({ path: file.replace(/\.png$/, '.FAILED.png') }).catch(() => undefined);
    throw new Error(`e2e step "${name}" failed: ${error.message}`);
  }
}

const row = (label) => page.locator(`.monaco-list-row[aria-label^="${label}"]`).first();
const viewMessage = () => page.locator('.pane-body .message').filter({ hasText: 'exercises passed' }).first();

// Activity bar icons toggle their view: click one only while its view is hidden.
async function openRoadmap() {
  await page.waitForSelector('.activitybar', { timeout: 60_000 });
  const title = page.locator('.sidebar .composite.title').filter({ hasText: /AI Practice/i }).first();
  if (await title.isVisible()) return;
  await page.locator('.activitybar .action-item a[aria-label^="AI Practice"]').click();
  await title.waitFor({ timeout: 10_000 });
}

// The Testing icon carries a badge of failed tests over it once a check has failed, so click
// the icon itself.
async function showTesting() {
  const view = page.locator('.test-explorer').first();
  if (await view.isVisible()) return;
  await page.locator('.activitybar .action-item a[aria-label^="Testing"]').click({ force: true });
  await view.waitFor({ timeout: 10_000 });
}

// The Command Palette and Quick Open take typing only once their box has the focus; keys
// pressed before that go to whatever had it. So wait for the box, then fill it.
async function quickInput(key, text) {
  await page.keyboard.press(key);
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(text);
}
const palette = (command) => quickInput('F1', `>${command}`);
const quickOpen = (file) => quickInput('Control+P', file);
/** Runs a command from the palette by clicking its row, once the palette has filtered to it. */
async function runCommand(title) {
  await palette(title);
  await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: title }).first().click();
}

async function waitForFile(file, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} did not appear`);
    await page.waitForTimeout(100);
  }
}

try {
  await page.goto(workbenchUrl(server, { folder: workspace }));

  await step('roadmap', async () => {
    await openRoadmap();
    await row('Build a tool-using agent loop').waitFor({ timeout: 30_000 });
    await viewMessage().filter({ hasText: `0 of ${exerciseCount} exercises passed` }).waitFor();
    for (const area of ['Model & API literacy', 'Evaluation']) await row(area).waitFor();
    // Every area has exercises, so all are open and the last is below the fold: scroll to it.
    await row('Sampling parameters').click();
    await page.keyboard.press('End');
    await row('Production').waitFor();
    await row('Defend an e-mail assistant against prompt injection').waitFor();
    await page.keyboard.press('Home');
    await row('Build a tool-using agent loop').waitFor();
  });

  await step('exercise-tooltip', async () => {
    await row('Build a tool-using agent loop').hover();
    await page.locator('.monaco-hover').filter({ hasText: 'Implement the loop that lets a support bot' }).waitFor({ timeout: 10_000 });
  });

  await step('start-from-inline-action', async () => {
    await row('Build a tool-using agent loop').hover();
    await row('Build a tool-using agent loop').locator('.action-label[aria-label="Start Exercise…"]').click();
    await waitForFile(path.join(workspace, 'practice', 'agent-loop-basics', 'agent.ts'));
    await page.locator('.tab').filter({ hasText: 'Preview README.md' }).waitFor({ timeout: 15_000 });
    await viewMessage().filter({ hasText: '1 in progress' }).waitFor();
  });

  await step('reset-asks-first', async () => {
    writeFileSync(path.join(workspace, 'practice', 'agent-loop-basics', 'agent.ts'), '// my attempt\n');
    // The exercise's hover can swallow the right-click that opens the menu: dismiss it, and retry.
    const resetItem = page.locator('.monaco-menu .action-label').filter({ hasText: 'Reset Exercise…' });
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('Escape');
      await row('Build a tool-using agent loop').click({ button: 'right' });
      if (await resetItem.waitFor({ timeout: 5_000 }).then(() => true, () => false)) break;
      if (attempt === 4) throw new Error('the context menu never opened');
    }
    await resetItem.click();
    await page.locator('.monaco-dialog-box').filter({ hasText: 'Reset "Build a tool-using agent loop"?' }).waitFor();
    await page.locator('.monaco-dialog-box').filter({ hasText: '1 changed by you' }).waitFor();
  });

  await step('reset-keeps-a-backup', async () => {
    await page.locator('.monaco-dialog-box .monaco-button').filter({ hasText: /^Reset$/ }).click();
    // The notification comes once the reset is complete: files moved, starter laid down again.
    await page.locator('.notifications-toasts').filter({ hasText: 'starts over' }).waitFor();
    const backups = path.join(workspace, '.ai-practice', 'backups');
    const [backup] = readdirSync(backups);
    if (readFileSync(path.join(backups, backup, 'agent.ts'), 'utf8') !== '// my attempt\n') throw new Error('the backup lost the learner\'s file');
    if (readFileSync(path.join(workspace, 'practice', 'agent-loop-basics', 'agent.ts'), 'utf8').includes('// my attempt')) throw new Error('not reset');
  });

  await step('start-from-quick-pick', async () => {
    await palette('AI Practice: Start Exercise');
    await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Start Exercise…' }).first().click();
    // The list is longer than the box, so check the first group, then filter to the one we want.
    await page.locator('.quick-input-list').filter({ hasText: 'Errors, rate limits and retries' }).waitFor();
    await page.screenshot({ path: path.join(shots, `${String(stepNumber).padStart(2, '0')}-quick-pick-open.png`) });
    await page.keyboard.type('ticket triage');
    await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Design an eval dataset for ticket triage' }).first().waitFor();
    await page.keyboard.press('Enter');
    await waitForFile(path.join(workspace, 'practice', 'triage-eval-dataset', 'dataset.jsonl'));
    await viewMessage().filter({ hasText: '2 in progress' }).waitFor();
  });

  await step('cli-changes-show-up', async () => {
    execFileSync(process.execPath, [path.join(root, 'bin', 'ai-practice.js'), 'start', 'triage-prompt-debugging', '--workspace', workspace]);
    await viewMessage().filter({ hasText: '3 in progress' }).waitFor({ timeout: 10_000 });
  });

  const triage = 'Design an eval dataset for ticket triage';
  const dataset = path.join(workspace, 'practice', 'triage-eval-dataset', 'dataset.jsonl');
  const toast = (text) => page.locator('.notifications-toasts .notification-toast').filter({ hasText: text }).first();
  const statusItem = (text) => page.locator('.statusbar-item').filter({ hasText: text }).first();

  await step('check-fails-from-the-roadmap', async () => {
    await row(triage).hover();
    await row(triage).locator('.action-label[aria-label="Check Exercise"]').click();
    await toast('Not yet').waitFor({ timeout: 20_000 });
    await toast('buggy implementations').waitFor();
  });

  await step('test-explorer-shows-each-test', async () => {
    await showTesting();
    const exerciseRow = page.locator('.test-explorer .monaco-list-row').filter({ hasText: triage }).first();
    await exerciseRow.waitFor({ timeout: 15_000 });
    // Test Explorer may already show the failed exercise expanded; a blind click on its
    // twistie would then fold the children away. Expand only while it is folded.
    const child = page.locator('.test-explorer .monaco-list-row').filter({ hasText: 'Exposes at least 10 of 12 buggy implementations' }).first();
    const deadline = Date.now() + 20_000;
    while (!(await child.isVisible())) {
      if (Date.now() > deadline) throw new Error(`the exercise's tests did not show (row aria-expanded=${await exerciseRow.getAttribute('aria-expanded')})`);
      if ((await exerciseRow.getAttribute('aria-expanded')) === 'false') await exerciseRow.locator('.monaco-tl-twistie').click();
      await page.waitForTimeout(500);
    }
  });

  await step('problems-panel-and-status-bar', async () => {
    writeFileSync(dataset, readFileSync(dataset, 'utf8') + '{"id": "gold-plan", "input": {"message": "Refund please", "plan": "gold", "openTickets": 0}, "expected": {"categories": ["billing"], "urgency": "low", "needsHuman": false}, "tags": ["billing"]}\n');
    await quickOpen('dataset.jsonl');
    await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'dataset.jsonl' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tab').filter({ hasText: 'dataset.jsonl' }).waitFor();
    await statusItem('failing').click({ timeout: 15_000 });
    await toast('Not yet').waitFor({ timeout: 20_000 });
    await runCommand('View: Focus Problems');
    await page.locator('.markers-panel').filter({ hasText: 'input.plan' }).waitFor({ timeout: 15_000 });
  });

  await step('check-passes', async () => {
    writeFileSync(dataset, readFileSync(path.join(root, 'packs', 'builtin', 'exercises', 'triage-eval-dataset', 'solution', 'dataset.jsonl'), 'utf8'));
    await page.waitForTimeout(500); // let the editor pick up the change on disk
    await statusItem('failing').click();
    await toast('passes').waitFor({ timeout: 20_000 });
    await statusItem('Passed').waitFor({ timeout: 10_000 });
    await openRoadmap();
    await viewMessage().filter({ hasText: `1 of ${exerciseCount} exercises passed` }).waitFor({ timeout: 10_000 });
  });

  await step('next-hint', async () => {
    await palette('AI Practice: Show Next Hint');
    await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Show Next Hint' }).first().click();
    await toast('Hint 1 of 4').waitFor({ timeout: 10_000 });
    await page.waitForTimeout(500); // the toast fades in
    const progress = JSON.parse(readFileSync(path.join(workspace, '.ai-practice', 'progress.json'), 'utf8'));
    if (progress.packs['ai-engineering-core'].exercises['triage-eval-dataset'].hintsUsed !== 1) throw new Error('the hint was not recorded');
  });

  const promptExercise = 'Fix the support-triage prompt';
  const checkFromRoadmap = async (label) => {
    if (!(await row(label).isVisible())) await openRoadmap();
    await row(label).hover();
    await row(label).locator('.action-label[aria-label="Check Exercise"]').click();
  };
  const noKey = () => toast('no Anthropic API key is set');

  await step('prompt-check-needs-a-model', async () => {
    await runCommand('Notifications: Clear All Notifications');
    await checkFromRoadmap(promptExercise);
    await noKey().locator('.monaco-button').filter({ hasText: 'Set API Key' }).waitFor({ timeout: 20_000 });
    await page.waitForTimeout(500); // the toast slides in
  });

  await step('prompt-check-replays-recordings', async () => {
    await noKey().locator('.monaco-button').filter({ hasText: 'Use Recordings' }).click();
    await noKey().waitFor({ state: 'hidden' });
    const settings = path.join(userDataDir, 'User', 'settings.json');
    const deadline = Date.now() + 10_000;
    while (JSON.parse(readFileSync(settings, 'utf8'))['aiPractice.model.provider'] !== 'replay') {
      if (Date.now() > deadline) throw new Error('"Use Recordings" did not set the provider');
      await page.waitForTimeout(100);
    }
    await checkFromRoadmap(promptExercise);
    await toast('cases fail: prose-around-json').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(500);
  });

  await step('prompt-review-in-problems', async () => {
    await quickOpen('triage-prompt-debugging/user.md');
    await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'user.md' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tab').filter({ hasText: 'user.md' }).waitFor();
    await runCommand('View: Focus Problems');
    await page.locator('.markers-panel').filter({ hasText: 'pasted in without delimiters' }).waitFor({ timeout: 15_000 });
    await page.locator('.markers-panel').filter({ hasText: 'case prose-around-json' }).waitFor({ timeout: 15_000 });
  });

  await step('cost-check-shows-the-saving-by-lever', async () => {
    const costs = 'Cut the cost of a ticket-routing pipeline';
    execFileSync(process.execPath, [path.join(root, 'bin', 'ai-practice.js'), 'start', 'support-routing-costs', '--workspace', workspace]);
    const folder = path.join(workspace, 'practice', 'support-routing-costs');
    writeFileSync(path.join(folder, 'pipeline.ts'), readFileSync(path.join(root, 'packs', 'builtin', 'exercises', 'support-routing-costs', 'wrong', 'caching-only', 'pipeline.ts'), 'utf8'));
    await runCommand('Notifications: Clear All Notifications');
    // Quick Open's file index catches up with files made outside the editor after a moment.
    for (let attempt = 1; ; attempt++) {
      await quickOpen('support-routing-costs/pipeline.ts');
      const found = await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'pipeline.ts' }).first().waitFor({ timeout: 5_000 }).then(() => true, () => false);
      if (found) break;
      await page.keyboard.press('Escape');
      if (attempt === 6) throw new Error('Quick Open never found practice/support-routing-costs/pipeline.ts');
    }
    await page.keyboard.press('Enter');
    await page.locator('.tab').filter({ hasText: 'pipeline.ts' }).waitFor();
    await statusItem('Check').click({ timeout: 15_000 });
    await toast('Not cheap enough yet').waitFor({ timeout: 30_000 });
    await showTesting();
    await page.locator('.test-explorer .monaco-list-row').filter({ hasText: costs }).first().waitFor({ timeout: 15_000 });
    // Filter the tree to this exercise's tests: the tree is long by now.
    await page.locator('.testing-filter-action-item').click();
    await page.keyboard.type('of the baseline');
    const costRow = page.locator('.test-explorer .monaco-list-row').filter({ hasText: 'costs at most 9 % of the baseline' }).first();
    await costRow.waitFor({ timeout: 15_000 });
    // Its message, with both runs priced and the saving by lever, in the Test Results panel.
    await costRow.click();
    await page.locator('.composite.title .action-label').filter({ hasText: /^Test Results$/i }).click();
    await page.locator('.part.panel').filter({ hasText: 'Your pipeline costs' }).first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(shots, `${String(stepNumber).padStart(2, '0')}-cost-breakdown.png`) });
    await page.locator('.composite.title .action-label').filter({ hasText: /^Problems/i }).click();
  });

  await step('new-pack-shows-manifest-problems-as-you-type', async () => {
    await runCommand('AI Practice: New Exercise Pack');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('course-pack');
    await page.keyboard.press('Enter');
    await page.locator('.tab').filter({ hasText: 'ai-practice-pack.json' }).waitFor({ timeout: 15_000 });
    await toast('Created a pack with 7 example exercises').waitFor({ timeout: 10_000 });
    // Break a reference the JSON Schema cannot see: a skill that does not exist.
    const manifestLines = readFileSync(path.join(workspace, 'course-pack', 'ai-practice-pack.json'), 'utf8').split('\n');
    const line = manifestLines.findIndex((text) => text.includes('"skill": "agents"')) + 1;
    await page.keyboard.press('Control+G');
    await page.keyboard.type(String(line));
    await page.keyboard.press('Enter');
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.type('-team');
    await page.keyboard.press('Escape'); // the completion list
    // The Problems panel lists the earlier checks too: filter it to this file's problem.
    await page.getByPlaceholder(/^Filter \(e\.g\./).fill('agents-team');
    await page.locator('.markers-panel').filter({ hasText: 'unknown skill "agents-team"' }).waitFor({ timeout: 15_000 });
    await page.waitForTimeout(300);
  });

  await step('reset-all-asks-and-keeps-a-backup', async () => {
    // The prompt exercise's review is in the Problems panel now, and must go with its exercise.
    await page.getByPlaceholder(/^Filter \(e\.g\./).fill('without delimiters');
    const review = page.locator('.markers-panel .monaco-list-row').filter({ hasText: 'pasted in without delimiters' }).first();
    await review.waitFor({ timeout: 10_000 });
    const editorTab = (name) => page.locator(`.tab[data-resource-name="${name}"]`);
    for (const name of ['dataset.jsonl', 'user.md', 'pipeline.ts']) await editorTab(name).waitFor();
    await runCommand('Notifications: Clear All Notifications');
    await runCommand('AI Practice: Reset All Progress');
    const dialog = page.locator('.monaco-dialog-box').filter({ hasText: 'Start every exercise over?' });
    await dialog.filter({ hasText: /Started: \d+ \(1 passed\)\. Their progress is cleared/ }).waitFor({ timeout: 10_000 });
    await page.screenshot({ path: path.join(shots, `${String(stepNumber).padStart(2, '0')}-reset-all-dialog.png`) });
    await dialog.locator('.monaco-button').filter({ hasText: /^Reset All$/ }).click();
    await toast('Every exercise starts over').waitFor({ timeout: 15_000 });
    const backups = path.join(workspace, '.ai-practice', 'backups');
    const backup = readdirSync(backups).find((name) => name.startsWith('ai-engineering-core-all-'));
    if (!backup) throw new Error(`no reset-all backup in ${readdirSync(backups).join(', ')}`);
    const kept = JSON.parse(readFileSync(path.join(backups, backup, 'progress.json'), 'utf8'));
    if (kept.packs['ai-engineering-core'].exercises['triage-eval-dataset'].status !== 'passed') throw new Error('the backup lost the progress');
    if (!existsSync(path.join(backups, backup, 'triage-eval-dataset', 'dataset.jsonl'))) throw new Error('the backup lost the dataset');
    if (existsSync(path.join(workspace, 'practice', 'triage-eval-dataset'))) throw new Error('the exercise folder was not moved');
    await review.waitFor({ state: 'detached', timeout: 10_000 });
    // The moved files' editors close; others stay.
    for (const name of ['dataset.jsonl', 'user.md', 'pipeline.ts']) await editorTab(name).waitFor({ state: 'detached', timeout: 10_000 });
    await editorTab('ai-practice-pack.json').waitFor();
    await openRoadmap();
    await viewMessage().filter({ hasText: `0 of ${exerciseCount} exercises passed` }).waitFor({ timeout: 10_000 });
    await page.waitForTimeout(300); // the toast slides in
  });

  await step('welcome-without-folder', async () => {
    await page.goto(workbenchUrl(server));
    await openRoadmap();
    await page.locator('.welcome-view-content').filter({ hasText: 'open one first' }).waitFor({ timeout: 30_000 });
    await page.locator('.welcome-view-content .monaco-button').filter({ hasText: 'Open Folder' }).waitFor();
  });

  await step('walkthrough', async () => {
    await page.locator('.welcome-view-content a').filter({ hasText: 'Take the tour' }).click();
    await page.locator('.getting-started-category').filter({ hasText: 'Get started with AI Engineering Practice' }).first().waitFor({ timeout: 15_000 });
    await page.getByText('Start an exercise').first().waitFor();
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
      const untrusted = temporaryDir('ai-practice-e2e-untrusted-');
      await page.goto(workbenchUrl(trustServer, { folder: untrusted }));
      await openRoadmap();
      await row('Design an eval dataset for ticket triage').waitFor({ timeout: 30_000 });
      await palette('AI Practice: Check Exercise');
      await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Check Exercise' }).first().click();
      await toast('disabled in Restricted Mode').waitFor({ timeout: 10_000 });
      await toast('Manage Workspace Trust').waitFor();
      await page.waitForTimeout(500); // the toast fades in
    });
  } finally {
    trustServer.stop();
  }
  log(`end-to-end passed; screenshots in ${path.relative(root, shots)}/`);
} finally {
  await browser.close();
  server.stop();
}
