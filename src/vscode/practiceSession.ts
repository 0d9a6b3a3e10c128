import * as vscode from 'vscode';
import { PROGRESS_FILE, STATE_DIR } from '../core/workspaceLayout';
import type { PracticeSet, RefusedPack } from '../core/practiceService';
import { loadCore } from './lazyCore';

/**
 * The practice state of this window: the built-in pack over the first workspace folder.
 * Loads lazily, reloads on demand, and tells listeners when progress changed on disk, by
 * this window, the CLI, or anything else.
 */
export class PracticeSession implements vscode.Disposable {
  private practice: Promise<PracticeSet> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private watcher: vscode.Disposable | undefined;
  private debounce: NodeJS.Timeout | undefined;

  /** Fires when the roadmap may look different: progress changed, the pack or folder changed. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    readonly log: vscode.LogOutputChannel,
    /** Where packs from zips and repositories are unpacked. */
    private readonly storageUri: vscode.Uri,
  ) {
    this.watchProgressFile();
    this.disposables.push(
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.watchProgressFile();
        this.reload();
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('aiPractice.packs')) this.reload();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.reload()),
    );
  }

  /** The folder exercises are scaffolded into; undefined when no folder is open. */
  get folder(): vscode.WorkspaceFolder | undefined {
    return vscode.workspace.workspaceFolders?.find((folder) => folder.uri.scheme === 'file');
  }

  /** The workspace's packs, loaded; undefined with no folder open. Rejects if the built-in pack is broken. */
  async get(): Promise<PracticeSet | undefined> {
    const folder = this.folder;
    if (!folder) return undefined;
    this.practice ??= this.open(folder);
    return this.practice;
  }

  private async open(folder: vscode.WorkspaceFolder): Promise<PracticeSet> {
    const started = Date.now();
    const core = loadCore();
    try {
      const { packs, refused } = await this.packDirs(folder);
      const set = await core.PracticeSet.open({ packs, workspace: folder.uri.fsPath, refused });
      this.log.info(`Loaded ${set.practices.map((practice) => `"${practice.pack.manifest.id}"`).join(', ')} for ${folder.uri.fsPath} in ${Date.now() - started} ms`);
      for (const pack of set.refused) this.log.warn(`Not using the pack ${pack.source}: ${pack.message}`);
      return set;
    } catch (error) {
      this.practice = undefined; // try again on the next refresh
      throw error;
    }
  }

  get storageDir(): string {
    return this.storageUri.fsPath;
  }

  /** The built-in pack's folder. */
  get builtinPackDir(): string {
    return loadCore().builtinPackDir(vscode.Uri.joinPath(this.extensionUri, 'dist').fsPath);
  }

  /** The sources in `aiPractice.packs`, as written. */
  static packSources(): string[] {
    return vscode.workspace.getConfiguration('aiPractice').get<string[]>('packs', []).filter((source) => typeof source === 'string' && source.trim() !== '');
  }

  /**
   * The built-in pack, then each pack `aiPractice.packs` lists, fetched where needed. A pack
   * from outside the extension runs code in checks, so Restricted Mode uses the built-in pack
   * alone; a source that cannot be fetched is reported, and the others still load.
   */
  private async packDirs(folder: vscode.WorkspaceFolder): Promise<{ packs: { dir: string; source: string }[]; refused: RefusedPack[] }> {
    const core = loadCore();
    const packs = [{ dir: this.builtinPackDir, source: 'builtin' }];
    const refused: RefusedPack[] = [];
    const sources = PracticeSession.packSources();
    if (sources.length > 0 && !vscode.workspace.isTrusted) {
      this.log.warn(`Restricted Mode: using the built-in pack only; ${sources.length} added pack(s) load once the folder is trusted.`);
      return { packs, refused };
    }
    for (const source of sources) {
      try {
        const dir = await core.resolvePackSource(core.parsePackSource(source, folder.uri.fsPath), { builtinDir: this.builtinPackDir, storageDir: this.storageDir });
        packs.push({ dir, source });
      } catch (error) {
        refused.push({ source, message: error instanceof Error ? error.message : String(error) });
      }
    }
    return { packs, refused };
  }

  /** Forgets the loaded pack so the next use reads it again from disk. */
  reload(): void {
    this.practice = undefined;
    this.changed.fire();
  }

  /** Progress changed: listeners re-read it (the pack itself stays loaded). */
  progressChanged(): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.changed.fire(), 50);
  }

  private watchProgressFile(): void {
    this.watcher?.dispose();
    const folder = this.folder;
    if (!folder) return;
    const onChange = () => this.progressChanged();
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, `${STATE_DIR}/${PROGRESS_FILE}`));
    watcher.onDidCreate(onChange);
    watcher.onDidChange(onChange);
    watcher.onDidDelete(onChange);
    // The watcher can miss a change (seen in CI: a write right after the CLI's atomic replace of
    // the file was never reported), so the file's size and time are also looked at every two
    // seconds: a stat, cheap, and a change it finds refreshes like the watcher's would.
    const file = vscode.Uri.joinPath(folder.uri, STATE_DIR, PROGRESS_FILE);
    let seen: string | undefined;
    const look = async (): Promise<void> => {
      const stat = await vscode.workspace.fs.stat(file).then(
        (found) => `${found.mtime}:${found.size}`,
        () => 'none',
      );
      if (seen !== undefined && stat !== seen) onChange();
      seen = stat;
    };
    void look();
    const timer = setInterval(() => void look(), 2000);
    this.watcher = vscode.Disposable.from(watcher, { dispose: () => clearInterval(timer) });
  }

  dispose(): void {
    clearTimeout(this.debounce);
    this.watcher?.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
