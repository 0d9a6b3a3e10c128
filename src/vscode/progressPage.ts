import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { type FromPageMessage, parseFromPage, type RenderedCounts, type ToPageMessage } from '../progressPage/messages';
import { loadCore } from './lazyCore';
import type { PracticeSession } from './practiceSession';

export const SHOW_PROGRESS_COMMAND = 'aiPractice.showProgress';
const VIEW_TYPE = 'aiPractice.progress';

/**
 * The progress page: a webview panel that draws the roadmap's skill map, passes over time,
 * checks and hints per exercise, the projects and the next exercise. Its data comes from the
 * core (progressPageData); its script and Observable Plot are a bundle of their own
 * (dist/progressPage/), loaded by the webview when the page opens, never by the extension.
 */
export class ProgressPage implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly rendered = new vscode.EventEmitter<RenderedCounts>();
  /** Fires with what the page drew, each time it draws (the in-editor tests read it). */
  readonly onDidRender = this.rendered.event;
  /** What the page drew last. */
  lastRendered: RenderedCounts | undefined;
  private readonly disposables: vscode.Disposable[] = [this.rendered];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly session: PracticeSession,
  ) {
    this.disposables.push(
      vscode.commands.registerCommand(SHOW_PROGRESS_COMMAND, () => this.show()),
      // Progress changed on disk, or the packs did: the open page draws afresh.
      session.onDidChange(() => {
        if (this.panel) void this.post();
      }),
    );
  }

  /** Opens the page, or shows the one already open. */
  show(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const bundleDir = vscode.Uri.joinPath(this.extensionUri, 'dist', 'progressPage');
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, vscode.l10n.t('AI Practice Progress'), vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [bundleDir],
    });
    this.panel = panel;
    panel.webview.html = pageHtml(panel.webview, bundleDir);
    panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(parseFromPage(message)), undefined, this.disposables);
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.lastRendered = undefined;
    });
  }

  private async receive(message: FromPageMessage | undefined): Promise<void> {
    if (!message) return; // not a message the page sends: ignored
    switch (message.type) {
      case 'ready':
        return this.post();
      case 'rendered':
        this.lastRendered = message.counts;
        this.rendered.fire(message.counts);
        return;
      case 'start':
        await vscode.commands.executeCommand('aiPractice.startExercise', message.id);
        return;
    }
  }

  /** Computes the page's data from the roadmaps and sends it to the page. */
  private async post(): Promise<void> {
    const panel = this.panel;
    if (!panel) return;
    let message: ToPageMessage;
    try {
      const practice = await this.session.get();
      if (!practice) message = { type: 'problem', message: vscode.l10n.t('Open a folder to practise in: progress is kept in the folder.') };
      else {
        const { roadmaps } = await practice.roadmaps();
        message = { type: 'show', data: loadCore().progressPageData(roadmaps) };
      }
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      this.session.log.error(`Could not show progress: ${text}`);
      message = { type: 'problem', message: vscode.l10n.t('The exercise pack could not be loaded: {0}', text) };
    }
    if (this.panel === panel) await panel.webview.postMessage(message);
  }

  dispose(): void {
    this.panel?.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/** The page: its script by nonce, its style inline by the same nonce, nothing else allowed. */
function pageHtml(webview: vscode.Webview, bundleDir: vscode.Uri): string {
  const nonce = randomBytes(18).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(bundleDir, 'progressPage.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(bundleDir, 'progressPage.css'));
  const csp = [`default-src 'none'`, `script-src 'nonce-${nonce}'`, `style-src ${webview.cspSource}`, `img-src ${webview.cspSource} data:`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>${vscode.l10n.t('AI Practice Progress')}</title>
</head>
<body>
<main id="root" aria-busy="true"><h1>${vscode.l10n.t('Your progress')}</h1><p>${vscode.l10n.t('Loading…')}</p></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

/** Registers the Show Progress command and its page; returns what disposes them. */
export function registerProgressPage(context: vscode.ExtensionContext, session: PracticeSession): ProgressPage {
  const page = new ProgressPage(context.extensionUri, session);
  context.subscriptions.push(page);
  return page;
}
