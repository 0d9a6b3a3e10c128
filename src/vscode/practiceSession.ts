import * as vscode from 'vscode';
import { PROGRESS_FILE, STATE_DIR } from '../core/workspaceLayout';
import type { Practice } from '../core/practiceService';
import { loadCore } from './lazyCore';

/**
 * The practice state of this window: the built-in pack over the first workspace folder.
 * Loads lazily, reloads on demand, and tells listeners when progress changed on disk, by
 * this window, the CLI, or anything else.
 */
export class PracticeSession implements vscode.Disposable {
  private practice: Promise<Practice> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private watcher: vscode.FileSystemWatcher | undefined;
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
        if (event.affectsConfiguration('aiPractice.pack')) this.reload();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.reload()),
    );
  }

  /** The folder exercises are scaffolded into; undefined when no folder is open. */
  get folder(): vscode.WorkspaceFolder | undefined {
    return vscode.workspace.workspaceFolders?.find((folder) => folder.uri.scheme === 'file');
  }

  /** The loaded practice, or undefined with no folder open. Rejects if the pack is broken. */
  async get(): Promise<Practice | undefined> {
    const folder = this.folder;
    if (!folder) return undefined;
    this.practice ??= this.open(folder);
    return this.practice;
  }

  private async open(folder: vscode.WorkspaceFolder): Promise<Practice> {
    const started = Date.now();
    const core = loadCore();
    try {
      const packDir = await this.packDir(folder);
      const practice = await core.Practice.open({ packDir, workspace: folder.uri.fsPath });
      this.log.info(`Loaded pack "${practice.pack.manifest.id}" for ${folder.uri.fsPath} in ${Date.now() - started} ms`);
      return practice;
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

  /**
   * The folder of the pack `aiPractice.pack` names (the built-in one by default). A pack from
   * outside the extension runs code in checks, so Restricted Mode uses the built-in pack.
   */
  private async packDir(folder: vscode.WorkspaceFolder): Promise<string> {
    const core = loadCore();
    const setting = vscode.workspace.getConfiguration('aiPractice').get<string>('pack', '');
    const source = core.parsePackSource(setting, folder.uri.fsPath);
    if (source.kind !== 'builtin' && !vscode.workspace.isTrusted) {
      this.log.warn(`Restricted Mode: using the built-in pack instead of ${core.describePackSource(source)} until the folder is trusted.`);
      return this.builtinPackDir;
    }
    return core.resolvePackSource(source, { builtinDir: this.builtinPackDir, storageDir: this.storageDir });
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
    this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, `${STATE_DIR}/${PROGRESS_FILE}`));
    const onChange = () => this.progressChanged();
    this.watcher.onDidCreate(onChange);
    this.watcher.onDidChange(onChange);
    this.watcher.onDidDelete(onChange);
  }

  dispose(): void {
    clearTimeout(this.debounce);
    this.watcher?.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
