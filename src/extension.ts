import * as vscode from 'vscode';
import { registerCheckCommands } from './vscode/checkCommands';
import { CheckController } from './vscode/checkController';
import { registerCheckStatusBar } from './vscode/checkStatusBar';
import { registerExerciseCommands } from './vscode/exerciseCommands';
import { registerContinuePractising } from './vscode/continuePractising';
import { ModelAccess } from './vscode/modelAccess';
import { registerPackCommands } from './vscode/packCommands';
import { registerReferenceCommands } from './vscode/referenceCommands';
import { registerSimulatorCommands } from './vscode/simulatorCommands';
import { PracticeSession } from './vscode/practiceSession';
import { type ProgressPage, registerProgressPage } from './vscode/progressPage';
import { type RoadmapProvider, registerRoadmapView } from './vscode/roadmapView';
import { registerTerminalCli } from './vscode/terminalCli';

/** What the extension hands to its in-editor tests (and to any extension that depends on it). */
export interface AiPracticeApi {
  roadmap: RoadmapProvider;
  checks: CheckController;
  session: PracticeSession;
  /** The progress page (Show Progress): what it drew last. */
  progressPage: ProgressPage;
  /** Where this window's logs are written (tests search them for secrets). */
  logUri: vscode.Uri;
}

export function activate(context: vscode.ExtensionContext): AiPracticeApi {
  const log = vscode.window.createOutputChannel('AI Practice', { log: true });
  const session = new PracticeSession(context.extensionUri, log, context.globalStorageUri);
  const roadmap = registerRoadmapView(session);
  const models = new ModelAccess(context.secrets);
  const checks = new CheckController(session, models);
  const progressPage = registerProgressPage(context, session);
  context.subscriptions.push(
    log,
    session,
    checks,
    ...roadmap.disposables,
    ...registerExerciseCommands(session, roadmap.provider),
    ...registerCheckCommands(session, checks),
    ...registerCheckStatusBar(session, checks),
    ...registerSimulatorCommands(session),
    ...models.register(),
    ...registerPackCommands(session),
    ...registerReferenceCommands(session),
    ...registerContinuePractising(session),
    vscode.commands.registerCommand('aiPractice.showLog', () => log.show()),
  );
  registerTerminalCli(context, log);
  return { roadmap: roadmap.provider, checks, session, progressPage, logUri: context.logUri };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
