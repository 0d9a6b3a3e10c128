import * as vscode from 'vscode';
import { registerExerciseCommands } from './vscode/exerciseCommands';
import { PracticeSession } from './vscode/practiceSession';
import { type RoadmapProvider, registerRoadmapView } from './vscode/roadmapView';

/** What the extension hands to its in-editor tests (and to any extension that depends on it). */
export interface AiPracticeApi {
  roadmap: RoadmapProvider;
}

export function activate(context: vscode.ExtensionContext): AiPracticeApi {
  const log = vscode.window.createOutputChannel('AI Practice', { log: true });
  const session = new PracticeSession(context.extensionUri, log);
  const roadmap = registerRoadmapView(session);
  context.subscriptions.push(
    log,
    session,
    ...roadmap.disposables,
    ...registerExerciseCommands(session, roadmap.provider),
    vscode.commands.registerCommand('aiPractice.showLog', () => log.show()),
  );
  return { roadmap: roadmap.provider };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
