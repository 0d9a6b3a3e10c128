import * as vscode from 'vscode';
import type { ExerciseStatus } from '../core/progressStore';
import type { Roadmap, RoadmapArea, RoadmapExercise, RoadmapSkill } from '../core/roadmap';
import type { PracticeSession } from './practiceSession';

export const ROADMAP_VIEW_ID = 'aiPractice.roadmap';

export type RoadmapNode =
  | { type: 'pack'; roadmap: Roadmap }
  | { type: 'area'; area: RoadmapArea; packId: string }
  | { type: 'skill'; skill: RoadmapSkill; packId: string }
  | { type: 'exercise'; exercise: RoadmapExercise };

/** The icon of each status, in the tree and (by name) in quick picks. */
export const STATUS_ICON: Record<ExerciseStatus, vscode.ThemeIcon> = {
  'not-started': new vscode.ThemeIcon('circle-large-outline'),
  'in-progress': new vscode.ThemeIcon('circle-large-filled', new vscode.ThemeColor('charts.yellow')),
  passed: new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
};

function statusLabel(status: ExerciseStatus): string {
  switch (status) {
    case 'not-started':
      return vscode.l10n.t('not started');
    case 'in-progress':
      return vscode.l10n.t('in progress');
    case 'passed':
      return vscode.l10n.t('passed');
    case 'failed':
      return vscode.l10n.t('failed');
  }
}

/** The roadmap tree: skill areas → skills → exercises, with status from the progress file. */
export class RoadmapProvider implements vscode.TreeDataProvider<RoadmapNode> {
  private readonly changed = new vscode.EventEmitter<RoadmapNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly session: PracticeSession,
    private readonly onRoadmap: (roadmaps: Roadmap[] | undefined, problem?: string, refused?: { source: string; message: string }[]) => void,
  ) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: RoadmapNode): Promise<RoadmapNode[]> {
    if (!node) return this.loadAreas();
    if (node.type === 'pack') return node.roadmap.areas.map((area) => ({ type: 'area', area, packId: node.roadmap.packId }));
    if (node.type === 'area') return node.area.skills.map((skill) => ({ type: 'skill', skill, packId: node.packId }));
    if (node.type === 'skill') return node.skill.exercises.map((exercise) => ({ type: 'exercise', exercise }));
    return [];
  }

  private async loadAreas(): Promise<RoadmapNode[]> {
    try {
      const practice = await this.session.get();
      if (!practice) {
        this.onRoadmap(undefined);
        return []; // the view's welcome content asks for a folder
      }
      const { roadmaps, warning } = await practice.roadmaps();
      if (warning) {
        this.session.log.warn(warning);
        void vscode.window.showWarningMessage(warning);
      }
      this.onRoadmap(roadmaps, undefined, practice.refused);
      // One pack: its areas at the top. Several: a node per pack, each with its areas.
      const only = roadmaps.length === 1 ? roadmaps[0] : undefined;
      if (only) return only.areas.map((area) => ({ type: 'area', area, packId: only.packId }));
      return roadmaps.map((roadmap) => ({ type: 'pack', roadmap }));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.session.log.error(`Could not load the roadmap: ${message}`);
      this.onRoadmap(undefined, message);
      return [];
    }
  }

  getTreeItem(node: RoadmapNode): vscode.TreeItem {
    switch (node.type) {
      case 'pack':
        return packItem(node.roadmap);
      case 'area':
        return areaItem(node.area, node.packId);
      case 'skill':
        return skillItem(node.skill, node.packId);
      case 'exercise':
        return exerciseItem(node.exercise);
    }
  }
}

function packItem(roadmap: Roadmap): vscode.TreeItem {
  const item = new vscode.TreeItem(roadmap.packTitle, vscode.TreeItemCollapsibleState.Expanded);
  item.id = `pack:${roadmap.packId}`;
  item.description = vscode.l10n.t('{0}/{1} passed', roadmap.passed, roadmap.total);
  item.tooltip = `${roadmap.packTitle} v${roadmap.packVersion} (${roadmap.packId})`;
  item.iconPath = new vscode.ThemeIcon('package');
  item.contextValue = 'pack';
  return item;
}

function areaItem(area: RoadmapArea, packId: string): vscode.TreeItem {
  // Areas with exercises open; the others stay folded so that the exercises are not buried.
  const state = area.total > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
  const item = new vscode.TreeItem(area.title, state);
  item.id = `area:${packId}:${area.id}`;
  item.iconPath = new vscode.ThemeIcon(area.icon ?? 'symbol-namespace');
  item.description = area.total > 0 ? vscode.l10n.t('{0}/{1} passed', area.passed, area.total) : vscode.l10n.t('no exercises yet');
  item.tooltip = new vscode.MarkdownString(`**${escape(area.title)}**\n\n${escape(area.summary)}`);
  item.contextValue = 'area';
  return item;
}

function skillItem(skill: RoadmapSkill, packId: string): vscode.TreeItem {
  const collapsible = skill.exercises.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None;
  const item = new vscode.TreeItem(skill.title, collapsible);
  item.id = `skill:${packId}:${skill.id}`;
  item.iconPath =
    skill.exercises.length > 0 ? new vscode.ThemeIcon('mortar-board') : new vscode.ThemeIcon('circle-small', new vscode.ThemeColor('disabledForeground'));
  item.description =
    skill.exercises.length === 0
      ? vscode.l10n.t('no exercises yet')
      : vscode.l10n.t('{0}/{1} passed', skill.passed, skill.total);
  const lines = [`**${escape(skill.title)}**`, '', escape(skill.summary)];
  if (skill.prerequisites.length > 0) lines.push('', vscode.l10n.t('Practise first: {0}', skill.prerequisites.join(', ')));
  if (skill.exercises.length > 0) {
    lines.push('', vscode.l10n.t('Exercises: {0}', skill.exercises.map((exercise) => escape(exercise.title)).join(', ')));
  }
  if (skill.links.length > 0) lines.push('', ...skill.links.map((link) => `- [${escape(link.title)}](${link.url})`));
  item.tooltip = new vscode.MarkdownString(lines.join('\n'));
  item.contextValue = 'skill';
  return item;
}

function exerciseItem(exercise: RoadmapExercise): vscode.TreeItem {
  const item = new vscode.TreeItem(exercise.title, vscode.TreeItemCollapsibleState.None);
  item.id = `exercise:${exercise.id}`;
  item.iconPath = STATUS_ICON[exercise.status];
  item.description = `${exercise.difficulty} · ${vscode.l10n.t('{0} min', exercise.minutes)}`;
  const tooltip = new vscode.MarkdownString(
    [
      `**${escape(exercise.title)}**`,
      '',
      escape(exercise.summary),
      '',
      `| | |`,
      `|---|---|`,
      `| ${vscode.l10n.t('Status')} | ${statusLabel(exercise.status)} |`,
      `| ${vscode.l10n.t('Skill')} | ${escape(exercise.skillTitle)} |`,
      `| ${vscode.l10n.t('Kind')} | \`${exercise.kind}\` |`,
      `| ${vscode.l10n.t('Difficulty')} | ${exercise.difficulty} |`,
      `| ${vscode.l10n.t('Time')} | ${vscode.l10n.t('about {0} minutes', exercise.minutes)} |`,
      `| ${vscode.l10n.t('Id')} | \`${exercise.id}\` |`,
      ...(exercise.attempts > 0 ? [`| ${vscode.l10n.t('Checks')} | ${exercise.attempts} |`] : []),
      ...(exercise.hintsUsed > 0 ? [`| ${vscode.l10n.t('Hints used')} | ${exercise.hintsUsed} / ${exercise.hintsTotal} |`] : []),
      ...(exercise.lastCheck ? ['', `${vscode.l10n.t('Last check:')} ${escape(exercise.lastCheck.message)}`] : []),
    ].join('\n'),
  );
  item.tooltip = tooltip;
  item.accessibilityInformation = { label: `${exercise.title}, ${statusLabel(exercise.status)}, ${exercise.difficulty}, ${exercise.minutes} minutes` };
  // e.g. "exercise.in-progress.checkable": menus match the status and whether Check applies.
  item.contextValue = `exercise.${exercise.status}${exercise.checkable && exercise.status !== 'not-started' ? '.checkable' : ''}`;
  item.command = { command: 'aiPractice.openInstructions', title: vscode.l10n.t('Open Instructions'), arguments: [exercise.id] };
  return item;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>]/g, '\\$&');
}

/** Registers the roadmap view; its message line shows overall progress. */
export function registerRoadmapView(session: PracticeSession): { provider: RoadmapProvider; disposables: vscode.Disposable[] } {
  let view: vscode.TreeView<RoadmapNode> | undefined;
  const provider = new RoadmapProvider(session, (roadmaps, problem, refused = []) => {
    if (!view) return;
    if (problem) view.message = vscode.l10n.t('The exercise pack could not be loaded: {0}', problem);
    else if (roadmaps) {
      const passed = roadmaps.reduce((sum, roadmap) => sum + roadmap.passed, 0);
      const total = roadmaps.reduce((sum, roadmap) => sum + roadmap.total, 0);
      const inProgress = roadmaps.reduce((sum, roadmap) => sum + roadmap.inProgress, 0);
      const line = vscode.l10n.t('{0} of {1} exercises passed', passed, total);
      const notUsed = refused.map((pack) => vscode.l10n.t('Not using the pack {0}: {1}', pack.source, pack.message));
      view.message = [inProgress > 0 ? `${line} · ${vscode.l10n.t('{0} in progress', inProgress)}` : line, ...notUsed].join('\n');
      view.description = roadmaps.length === 1 ? roadmaps[0]?.packTitle : vscode.l10n.t('{0} packs', roadmaps.length);
    } else view.message = undefined;
  });
  view = vscode.window.createTreeView(ROADMAP_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  return { provider, disposables: [view, session.onDidChange(() => provider.refresh())] };
}
