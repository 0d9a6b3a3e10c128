// Driving VS Code's workbench in Chromium the way a person does, and only ever waiting for a
// state: an element shown, the keyboard focus on a given element, a quick pick's active item,
// a file on disk. Elements are found by their accessible role and name (what a screen reader
// announces), not by the workbench's internal CSS classes. Nothing here waits for a guessed time.
//
// Two rules keep it free of races:
//   - Keys are pressed only once the element that must receive them has the keyboard focus.
//   - Menus, trees and quick picks are driven with the keyboard, each key press followed by a
//     wait for the focus or the active item it moves. (A click on a context menu item that came
//     right after the menu opened was, on some machines, lost: the menu was shown, the item
//     highlighted, and nothing ran. The keyboard has no such window.)

/** Escapes `text` for use inside a regular expression. */
export const literal = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class Workbench {
  constructor(page) {
    this.page = page;
  }

  /**
   * Polls `probe` until it returns a truthy value, for states outside the page (a file on
   * disk, a setting written): there is no event to wait on, so this is a wait for a state,
   * checked every 50 ms, not a sleep for a guessed time.
   */
  async until(what, probe, timeout = 15_000) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeout / 1000} s waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Resolves once the element matched by `locator` has the keyboard focus. */
  async focused(locator, timeout = 15_000) {
    try {
      await locator.waitFor({ timeout });
      const handle = await locator.elementHandle({ timeout });
      await this.page.waitForFunction((element) => element.ownerDocument.activeElement === element, handle, { timeout });
    } catch (error) {
      throw new Error(`${error.message.split('\n')[0]} waiting for ${locator} to have the focus; it is on ${await this.describeFocus()}`);
    }
  }

  /** What has the keyboard focus, by role and accessible name, for error messages. */
  describeFocus() {
    return this.page.evaluate(() => {
      const element = document.activeElement;
      if (!element || element === document.body) return 'nothing';
      return `${element.getAttribute('role') ?? element.tagName.toLowerCase()} "${element.getAttribute('aria-label') ?? element.textContent?.slice(0, 60) ?? ''}"`;
    });
  }

  /**
   * Moves the keyboard focus to `locator` with Tab, one press at a time, each followed by a
   * wait for the focus to move (at most `presses` of them).
   */
  async tabTo(locator, presses = 5) {
    const handle = await locator.elementHandle();
    for (let press = 0; !(await handle.evaluate((element) => element.ownerDocument.activeElement === element)); press++) {
      if (press === presses) throw new Error(`${presses} presses of Tab did not reach ${locator}`);
      const before = await this.page.evaluateHandle(() => document.activeElement);
      await this.page.keyboard.press('Tab');
      await this.page.waitForFunction((previous) => document.activeElement !== previous, before);
    }
  }

  /** The search box at the top of the window (the command center), which opens Quick Open. */
  commandCenter() {
    return this.page.getByRole('toolbar').filter({ has: this.page.getByRole('button', { name: /^Go Back/ }) }).getByRole('toolbar').getByRole('button');
  }

  /**
   * Opens Quick Open from the command center and types `text` into it once it has the focus.
   * A click, not F1 or Ctrl+P: a key pressed while a webview (the README preview) has the
   * focus may never reach the workbench.
   */
  async quickAccess(text) {
    await this.commandCenter().click();
    await this.page.mouse.move(1, 1); // off the search box, whose tooltip would cover the tabs
    const box = this.page.getByRole('textbox', { name: /^(Search files by name|Type the name of a command to run)/ });
    await this.focused(box);
    await box.fill(text);
    return box;
  }

  /** The quick input's active item (the one Enter picks), by its accessible name. */
  async activeQuickPick(name, timeout = 15_000) {
    // In the page: the active item's accessible name when it matches, else false.
    const activeMatching = ({ pattern, flags }) => {
      const id = document.activeElement?.getAttribute('aria-activedescendant');
      const label = (id && document.getElementById(id)?.getAttribute('aria-label')) || '';
      return new RegExp(pattern, flags).test(label) ? label : false;
    };
    await this.page.waitForFunction(activeMatching, { pattern: name.source, flags: name.flags }, { timeout }).catch(async (error) => {
      const active = await this.page.evaluate(activeMatching, { pattern: '', flags: '' });
      throw new Error(`${error.message}: the active item is ${JSON.stringify(active)}, not ${name}`);
    });
  }

  /**
   * Picks the quick input's item whose name starts with `text` (after the name of its icon,
   * if it has one), once it is the active item.
   */
  async pickQuickItem(text, timeout) {
    await this.activeQuickPick(new RegExp(`^(?:[a-z0-9-]+ +)?${literal(text)}`), timeout);
    await this.page.keyboard.press('Enter');
  }

  /**
   * Runs a command from the Command Palette by its title, and waits for the palette to close.
   * The palette lists the commands known when it opens and never refreshes: in a window that
   * shows the activity bar from its cache, it can open before the extension's contributions
   * are read, and then lists only "similar commands". So when the command is not the active
   * item, the palette is closed and opened again, until it lists the command: the state waited
   * for is "the palette lists it", and reopening is the only way to ask VS Code again.
   */
  async runCommand(title, timeout = 60_000) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const box = await this.quickAccess(`>${title}`);
      try {
        await this.pickQuickItem(title, Math.min(10_000, Math.max(1_000, deadline - Date.now())));
        await box.waitFor({ state: 'hidden' });
        return;
      } catch (error) {
        if (Date.now() >= deadline) throw error;
        await this.page.keyboard.press('Escape');
        await box.waitFor({ state: 'hidden' });
      }
    }
  }

  /**
   * Opens a workspace file with Quick Open: `name` is what to type, `label` the start of the
   * result's accessible name (file name and folder).
   */
  async openFile(name, label) {
    const box = await this.quickAccess(name);
    await this.pickQuickItem(label, 30_000);
    await box.waitFor({ state: 'hidden' });
    await this.focused(this.editorInput(name.split('/').pop()));
  }

  /** The text area of the editor showing the file named `fileName` (it has the focus while typing). */
  editorInput(fileName) {
    return this.page.getByRole('textbox', { name: new RegExp(`^${literal(fileName)}`) });
  }

  /**
   * Waits until a webview editor (the Markdown preview of an exercise's README) shows a
   * heading named `heading` and holds the keyboard focus. A webview takes the focus when its
   * content has loaded, and a quick pick open at that moment closes: so a step that opens one
   * waits for this before the next step types anywhere.
   */
  async webviewShown(heading) {
    await this.until(`a preview showing "${heading}" with the focus`, async () => {
      if (!(await this.page.evaluate(() => document.activeElement?.tagName === 'IFRAME'))) return false;
      for (const frame of this.page.frames()) {
        if (await frame.getByRole('heading', { name: heading, level: 1 }).isVisible().catch(() => false)) return true;
      }
      return false;
    });
  }

  /** An editor tab by the name of its file. */
  tab(name) {
    return this.page.getByRole('tab', { name: new RegExp(`^${literal(name)}`) });
  }

  /** A notification toast holding `text`. */
  notification(text) {
    return this.page.getByRole('dialog', { name: /notification/ }).filter({ hasText: text }).first();
  }

  /** A modal dialog holding `text` (a toast is a dialog too, named "…, notification"). */
  dialog(text) {
    return this.page.getByRole('dialog', { name: /^(?![\s\S]*notification)/ }).filter({ hasText: text });
  }

  /** A status bar item by the start of its accessible name (its icon's name, then its text). */
  statusItem(name) {
    return this.page.getByRole('status').getByRole('button', { name });
  }

  /** A tree (the roadmap, Test Explorer, Problems) by its accessible name. */
  tree(name) {
    return this.page.getByRole('tree', { name });
  }

  /** The text of the row a tree's keyboard focus is on, or undefined. */
  async focusedRowText(tree) {
    return tree.evaluate((element) => {
      const id = element.getAttribute('aria-activedescendant');
      return (id && document.getElementById(id)?.textContent) || undefined;
    });
  }

  /**
   * Moves a tree's keyboard focus to the first row whose text holds `text`: Home, then one
   * ArrowDown at a time, each waited for, until the row is reached. Rows outside the viewport
   * are not in the page, so the search follows the focus instead of looking rows up.
   */
  async focusRow(tree, text) {
    await this.focused(tree);
    const handle = await tree.elementHandle();
    const focusedRow = () => tree.getAttribute('aria-activedescendant');
    await this.page.keyboard.press('Home');
    await this.page.waitForFunction((element) => {
      const row = document.getElementById(element.getAttribute('aria-activedescendant') ?? '');
      return row?.getAttribute('aria-level') === '1' && row.getAttribute('aria-posinset') === '1';
    }, handle);
    for (;;) {
      if ((await this.focusedRowText(tree))?.includes(text)) return;
      const current = await focusedRow();
      await this.page.keyboard.press('ArrowDown');
      // The last row keeps the focus on ArrowDown: then the row is not in the tree.
      const moved = await this.page
        .waitForFunction(([element, previous]) => element.getAttribute('aria-activedescendant') !== previous, [handle, current], { timeout: 5_000 })
        .then(() => true, () => false);
      if (!moved) throw new Error(`no row of the tree holds "${text}"`);
    }
  }

  /**
   * Opens the context menu of the focused tree row with the keyboard (the Menu key) and picks
   * `label` from it with the arrow keys and Enter.
   */
  async chooseFromContextMenu(label) {
    // The menu opens under its row; a pointer left there would move the menu's focus.
    await this.page.mouse.move(1, 1);
    await this.page.keyboard.press('ContextMenu');
    const menu = this.page.getByRole('menu');
    await this.page.locator('[role="menu"]:focus, [role="menu"] :focus').first().waitFor();
    const target = menu.getByRole('menuitem', { name: label, exact: true });
    await target.waitFor();
    const focusedLabel = () => this.page.evaluate(() => (document.activeElement?.getAttribute('role') === 'menuitem' ? document.activeElement.textContent.trim() : null));
    const items = await menu.getByRole('menuitem').count();
    for (let step = 0; (await focusedLabel()) !== label; step++) {
      if (step > items) throw new Error(`the menu's focus never reached "${label}"`);
      const before = await focusedLabel();
      await this.page.keyboard.press('ArrowDown');
      await this.page.waitForFunction((previous) => {
        const element = document.activeElement;
        return element?.getAttribute('role') === 'menuitem' && element.textContent.trim() !== previous;
      }, before);
    }
    await this.page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden' });
  }
}
