import * as path from 'node:path';
import * as vscode from 'vscode';
import { PACK_MANIFEST_FILE } from '../core/manifestName';
import { explainIfRestricted } from './checkController';
import { loadCore } from './lazyCore';
import { PracticeSession } from './practiceSession';

/**
 * Packs in the editor: Add Exercise Pack… (a folder, a .zip, a git repository, or the built-in
 * pack back), New Exercise Pack… for authors, and the Problems panel for a pack manifest as
 * it is typed (the JSON Schema gives completion; this adds references, files and ids).
 */
export function registerPackCommands(session: PracticeSession): vscode.Disposable[] {
  const problems = vscode.languages.createDiagnosticCollection('ai-practice-pack');
  let pending: NodeJS.Timeout | undefined;
  const validateSoon = (document: vscode.TextDocument): void => {
    if (path.basename(document.uri.fsPath) !== PACK_MANIFEST_FILE || document.uri.scheme !== 'file') return;
    clearTimeout(pending);
    pending = setTimeout(() => void showManifestProblems(document, problems), 300);
  };
  for (const document of vscode.workspace.textDocuments) validateSoon(document);
  return [
    problems,
    { dispose: () => clearTimeout(pending) },
    vscode.workspace.onDidOpenTextDocument(validateSoon),
    vscode.workspace.onDidChangeTextDocument((event) => validateSoon(event.document)),
    vscode.workspace.onDidCloseTextDocument((document) => problems.delete(document.uri)),
    vscode.commands.registerCommand('aiPractice.addPack', (source?: unknown) => addPack(session, typeof source === 'string' ? source : undefined)),
    vscode.commands.registerCommand('aiPractice.removePack', (source?: unknown) => removePack(typeof source === 'string' ? source : undefined)),
    vscode.commands.registerCommand('aiPractice.newPack', (folder?: unknown) => newPack(session, typeof folder === 'string' ? folder : undefined)),
  ];
}

async function showManifestProblems(document: vscode.TextDocument, collection: vscode.DiagnosticCollection): Promise<void> {
  const core = loadCore();
  const version = document.version;
  try {
    const { problems } = await core.validatePack(path.dirname(document.uri.fsPath), { manifestText: document.getText() });
    // Typed on while this ran: a newer validation is on its way, and this one's messages are stale
    // (under load an older run can finish after a newer one and would put back its problems).
    if (document.version !== version) return;
    const diagnostics = problems
      .filter((problem) => problem.file === document.uri.fsPath)
      .map((problem) => {
        const position = new vscode.Position(problem.line - 1, problem.column - 1);
        const range = document.getWordRangeAtPosition(position, /"(?:[^"\\]|\\.)*"|[\w.-]+/) ?? new vscode.Range(position, position.translate(0, 1));
        const diagnostic = new vscode.Diagnostic(range, `${problem.field ? `${problem.field}: ` : ''}${problem.message}${problem.fix ? ` (${problem.fix})` : ''}`, vscode.DiagnosticSeverity.Error);
        diagnostic.source = 'AI Practice pack';
        return diagnostic;
      });
    collection.set(document.uri, diagnostics);
  } catch {
    if (document.version !== version) return;
    collection.delete(document.uri); // not a pack folder we can read: the schema still checks the file
  }
}

type Choice = vscode.QuickPickItem & { id: 'folder' | 'zip' | 'git' | 'builtin' };

/** Asks where the pack is, checks that it loads beside the others, and adds it to `aiPractice.packs`. */
async function addPack(session: PracticeSession, given?: string): Promise<void> {
  const folder = session.folder;
  if (!folder) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a folder first: packs are added to a workspace.'));
    return;
  }
  // Packs from outside the extension run their checks' code.
  if (!explainIfRestricted()) return;
  const source = given ?? (await askForSource());
  if (source === undefined) return;
  const core = loadCore();
  const parsed = core.parsePackSource(source, folder.uri.fsPath);
  if (parsed.kind === 'builtin') {
    void vscode.window.showInformationMessage(vscode.l10n.t('The built-in pack is always there.'));
    return;
  }
  if (parsed.kind === 'git' && given === undefined) {
    const clone = vscode.l10n.t('Clone and Add');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('Add the exercise pack from {0}?', parsed.url),
      { modal: true, detail: vscode.l10n.t('A pack runs code on this machine whenever you check one of its exercises. Add packs only from people you trust.') },
      clone,
    );
    if (answer !== clone) return;
  }
  const sources = PracticeSession.packSources();
  if (sources.includes(source)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('That pack is already added.'));
    return;
  }
  try {
    const set = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Loading the pack from {0}…', core.describePackSource(parsed)) }, async () => {
      const dir = await core.resolvePackSource(parsed, { builtinDir: session.builtinPackDir, storageDir: session.storageDir, refresh: true });
      // Load it beside the packs already in use, so a clash of ids is found now, not later.
      const current = await session.get();
      const packs = [...(current?.practices.map((practice) => ({ dir: practice.pack.root, source: practice.pack.manifest.id })) ?? []), { dir, source }];
      return core.PracticeSet.open({ packs, workspace: folder.uri.fsPath });
    });
    const refused = set.refused.find((pack) => pack.source === source);
    if (refused) {
      void vscode.window.showErrorMessage(vscode.l10n.t('That pack cannot be added: {0}', refused.message));
      return;
    }
    const added = set.practices.at(-1)?.pack;
    // The session reloads on the setting's change.
    await vscode.workspace.getConfiguration('aiPractice').update('packs', [...sources, source], vscode.ConfigurationTarget.Workspace);
    if (added) void vscode.window.showInformationMessage(vscode.l10n.t('Added the pack “{0}” v{1}: {2} exercises.', added.manifest.title, added.manifest.version, added.exercises.length));
  } catch (error) {
    showPackError(error);
  }
}

/** Takes a pack out of `aiPractice.packs` (the learner's progress in it stays in the progress file). */
async function removePack(given?: string): Promise<void> {
  const sources = PracticeSession.packSources();
  if (sources.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Only the built-in pack is in use.'));
    return;
  }
  const source = given ?? (await vscode.window.showQuickPick(sources, { title: vscode.l10n.t('Remove Exercise Pack'), placeHolder: vscode.l10n.t('Progress in it is kept, should you add it again.') }));
  if (!source || !sources.includes(source)) return;
  await vscode.workspace.getConfiguration('aiPractice').update('packs', sources.filter((other) => other !== source), vscode.ConfigurationTarget.Workspace);
}

function showPackError(error: unknown): void {
  const named = error as { name?: string; message?: string; fix?: string; problems?: unknown[] };
  if (named.name === 'PackInvalidError' && Array.isArray(named.problems)) {
    const first = named.problems[0] as { file: string; line: number; message: string } | undefined;
    void vscode.window.showErrorMessage(
      vscode.l10n.t('That pack is not valid ({0} problems). First: {1}:{2} {3}. `ai-practice pack validate` lists them all.', named.problems.length, first ? path.basename(first.file) : '', first?.line ?? 0, first?.message ?? ''),
    );
  } else void vscode.window.showErrorMessage(`${named.message ?? String(error)}${named.fix ? ` ${named.fix}` : ''}`);
}

async function askForSource(): Promise<string | undefined> {
  const choices: Choice[] = [
    { id: 'folder', label: `$(folder) ${vscode.l10n.t('Folder…')}`, description: vscode.l10n.t('a pack folder on this machine') },
    { id: 'zip', label: `$(file-zip) ${vscode.l10n.t('Zip file…')}`, description: vscode.l10n.t('a pack handed out as a .zip') },
    { id: 'git', label: `$(repo) ${vscode.l10n.t('Git repository…')}`, description: vscode.l10n.t('cloned shallow with git') },
  ];
  const choice = await vscode.window.showQuickPick(choices, { title: vscode.l10n.t('Add Exercise Pack'), placeHolder: vscode.l10n.t('Where is the pack?') });
  switch (choice?.id) {
    case undefined:
    case 'builtin':
      return undefined;
    case 'git':
      return vscode.window.showInputBox({
        title: vscode.l10n.t('Git repository of the pack'),
        placeHolder: 'https://github.com/org/course-pack.git',
        ignoreFocusOut: true,
        validateInput: (value) => (loadCore().parsePackSource(value, '/').kind === 'git' ? undefined : vscode.l10n.t('Give an https://, ssh:// or git@host:path URL.')),
      });
    default: {
      const zip = choice?.id === 'zip';
      const picked = await vscode.window.showOpenDialog({
        canSelectFolders: !zip,
        canSelectFiles: zip,
        canSelectMany: false,
        openLabel: vscode.l10n.t('Add This Pack'),
        ...(zip ? { filters: { [vscode.l10n.t('Zip archives')]: ['zip'] } } : {}),
      });
      return picked?.[0]?.fsPath;
    }
  }
}

/** Scaffolds a pack for an author and opens its manifest. */
async function newPack(session: PracticeSession, given?: string): Promise<void> {
  const folder = session.folder;
  if (!folder) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a folder first: the new pack is written into it.'));
    return;
  }
  const name =
    given ??
    (await vscode.window.showInputBox({
      title: vscode.l10n.t('New Exercise Pack'),
      prompt: vscode.l10n.t('Folder for the pack, relative to the workspace. It must be new or empty.'),
      value: 'my-pack',
      validateInput: (value) => (value.trim() === '' ? vscode.l10n.t('Name a folder.') : undefined),
    }));
  if (!name) return;
  const core = loadCore();
  try {
    const builtin = await core.loadPack(session.builtinPackDir);
    const created = await core.createPack(path.resolve(folder.uri.fsPath, name.trim()), builtin);
    await vscode.window.showTextDocument(vscode.Uri.file(created.manifestPath));
    const use = vscode.l10n.t('Add This Pack');
    void vscode.window
      .showInformationMessage(vscode.l10n.t('Created a pack with {0} example exercises. Edit them, then run `ai-practice pack verify`.', created.exercises.length), use)
      .then((choice) => (choice === use ? vscode.commands.executeCommand('aiPractice.addPack', created.dir) : undefined));
  } catch (error) {
    const named = error as { message?: string; fix?: string };
    void vscode.window.showErrorMessage(`${named.message ?? String(error)}${named.fix ? ` ${named.fix}` : ''}`);
  }
}
