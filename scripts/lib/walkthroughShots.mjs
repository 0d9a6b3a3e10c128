// The walkthrough's pictures (package.json contributes.walkthroughs: each step's media), taken
// from the real editor by scripts/screenshots.mjs --walkthrough: the roadmap, starting an
// exercise, a failing check in Test Explorer and the terminal running ai-practice, each cropped
// to what the step is about, at the walkthrough pane's size, and encoded as WebP by the browser
// itself (no image tool to install), so that all of them together stay small.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The window the pictures are taken in, and the size of the pictures: the walkthrough's media
 * column is 440 to 700 pixels wide in a window of 1400 to 1920, so a picture 600 wide shows at
 * about its own size and its text stays readable.
 */
export const WALKTHROUGH_VIEWPORT = { width: 1000, height: 660 };
const SIZE = { width: 600, height: 400 };
/** The terminal's picture: wider, or a check's report wraps into more lines than fit. */
const TERMINAL = { width: 680, height: 520 };
const QUALITY = 0.75;

/**
 * Takes the four pictures in `page` (a workbench on `workspace`, where the exercise `failing`
 * is started and not solved), writing `<step>-<theme>.webp` into `out`.
 * `cliCommand` is how the terminal runs the CLI (an alias is set to it, out of the picture).
 */
export async function takeWalkthroughShots({ page, wb, out, theme, failing, cliCommand, literal }) {
  const written = [];
  const shoot = async (step, clip) => {
    const png = await page.screenshot({ clip: { ...SIZE, ...clip }, animations: 'disabled', caret: 'hide' });
    const file = path.join(out, `${step}-${theme}.webp`);
    writeFileSync(file, await toWebp(page, png));
    written.push(file);
  };

  // 1. The roadmap, beside the instructions of the exercise being worked on.
  await wb.runCommand('AI Practice: Focus on Roadmap View');
  const roadmap = wb.tree('Roadmap');
  await roadmap.getByRole('treeitem').first().waitFor({ timeout: 60_000 });
  await wb.runCommand('AI Practice: Open Instructions');
  const pick = page.getByRole('textbox', { name: /^Open the instructions of/ });
  await wb.focused(pick);
  await pick.fill(failing.title);
  await wb.pickQuickItem(failing.title);
  await wb.webviewShown(failing.title);
  await wb.runCommand('AI Practice: Focus on Roadmap View');
  await roadmap.getByRole('treeitem').first().waitFor();
  await page.mouse.move(1, 1);
  await shoot('roadmap', { x: 0, y: 0 });

  // 2. Starting an exercise: the quick pick of the exercises, grouped by area.
  await wb.runCommand('AI Practice: Start Exercise…');
  await wb.focused(page.getByRole('textbox', { name: /^Choose an exercise to start/ }));
  await page.getByRole('listbox').getByRole('option').nth(5).waitFor();
  await page.mouse.move(1, 1);
  await shoot('start', { x: (WALKTHROUGH_VIEWPORT.width - SIZE.width) / 2, y: 0 });
  await page.keyboard.press('Escape');

  // 3. A failing check: each test of the exercise in Test Explorer, the failure's message in the editor.
  await wb.runCommand('View: Close All Editors');
  await wb.openFile(`${failing.id}/${failing.file}`, `${failing.file} practice/${failing.id}`);
  await wb.runCommand('AI Practice: Check Exercise');
  await wb.notification('Not yet').waitFor({ timeout: 60_000 });
  await wb.runCommand('Notifications: Clear All Notifications');
  await wb.runCommand('Testing: Focus on Test Explorer View');
  const explorer = wb.tree('Test Explorer');
  await explorer.getByRole('treeitem').filter({ hasText: failing.title }).waitFor();
  await wb.tabTo(explorer);
  await wb.focusRow(explorer, failing.title);
  await page.keyboard.press('ArrowRight');
  await explorer.getByRole('treeitem').filter({ hasText: failing.failedTest }).waitFor();
  await wb.focusRow(explorer, failing.failedTest);
  await page.mouse.move(1, 1);
  await shoot('check', { x: 0, y: 0 });

  // 4. The terminal: ai-practice checks the same exercise and says what fails. The side bar is
  // closed and the window as narrow as the picture, so that the terminal's lines wrap to its width.
  await wb.runCommand('View: Close All Editors');
  await wb.runCommand('View: Close Primary Side Bar');
  await page.setViewportSize({ width: TERMINAL.width + 48, height: WALKTHROUGH_VIEWPORT.height });
  await wb.runCommand('Terminal: Create New Terminal');
  const rows = page.locator('.terminal-wrapper.active .xterm-rows');
  await rows.waitFor();
  await wb.runCommand('View: Toggle Maximized Panel');
  await page.keyboard.type(`PS1='$ '; alias ai-practice=${JSON.stringify(cliCommand)}; clear\n`);
  await page.waitForFunction(() => {
    const text = document.querySelector('.terminal-wrapper.active .xterm-rows')?.textContent ?? '';
    return text.includes('$') && !text.includes('alias');
  });
  await page.keyboard.type(`ai-practice check ${failing.id}\n`);
  await rows.filter({ hasText: `Stuck? ai-practice hint ${failing.id}` }).waitFor({ timeout: 60_000 });
  const box = await page.locator('.terminal-wrapper.active').boundingBox();
  await shoot('cli', { x: Math.max(0, box.x), y: Math.max(0, box.y - 36), ...TERMINAL });
  await wb.runCommand('View: Toggle Maximized Panel');
  await wb.runCommand('View: Toggle Primary Side Bar Visibility');
  await page.setViewportSize(WALKTHROUGH_VIEWPORT);
  return written;
}

/** `png` re-encoded as lossy WebP by the page's own canvas. */
async function toWebp(page, png) {
  const dataUrl = await page.evaluate(
    async ({ base64, quality }) => {
      const image = new Image();
      image.src = `data:image/png;base64,${base64}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      canvas.getContext('2d').drawImage(image, 0, 0);
      return canvas.toDataURL('image/webp', quality);
    },
    { base64: png.toString('base64'), quality: QUALITY },
  );
  if (!dataUrl.startsWith('data:image/webp;base64,')) throw new Error('this browser cannot encode WebP');
  return Buffer.from(dataUrl.slice('data:image/webp;base64,'.length), 'base64');
}
