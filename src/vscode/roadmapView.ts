import * as vscode from 'vscode';
import type { ExerciseStatus } from '../core/progressStore';
import type { Roadmap, RoadmapArea, RoadmapExercise, RoadmapProject, RoadmapSkill } from '../core/roadmap';
import type { PracticeSession } from './practiceSession';

export const ROADMAP_VIEW_ID = 'aiPractice.roadmap';

export type RoadmapNode =
  | { type: 'pack'; roadmap: Roadmap }
  | { type: 'area'; area: RoadmapArea; packId: string }
  | { type: 'skill'; skill: RoadmapSkill; packId: string }
  | { type: 'project'; project: RoadmapProject; packId: string }
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

/**
 * The roadmap tree: skill areas → skills → exercises, with status from the progress file.
 *
 * The tree is loaded before the view hears of a change, and node objects live as long as their
 * row: a change that leaves the tree's shape alone (a hint revealed, a check counted, a status)
 * refreshes only the rows it changes. VS Code forgets every row's handle on a whole-tree refresh
 * until it has fetched the rows again, and a row's inline action clicked in that moment reaches
 * its command with no exercise at all.
 */
export class RoadmapProvider implements vscode.TreeDataProvider<RoadmapNode> {
  private readonly changed = new vscode.EventEmitter<RoadmapNode | RoadmapNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private tree: LoadedTree | undefined;
  private generation = 0;
  private latest: Promise<RoadmapNode[]> | undefined;

  constructor(
    private readonly session: PracticeSession,
    private readonly onRoadmap: (roadmaps: Roadmap[] | undefined, problem?: string, refused?: { source: string; message: string }[]) => void,
  ) {}

  /** Loads the roadmap again, then tells the view which rows changed. */
  refresh(): void {
    void this.reload();
  }

  async getChildren(node?: RoadmapNode): Promise<RoadmapNode[]> {
    return node ? (this.tree?.children.get(node) ?? []) : this.reload();
  }

  /** Loads the roadmap and shows it: the rows that changed, or the whole tree if its shape did. */
  private reload(): Promise<RoadmapNode[]> {
    const generation = ++this.generation;
    this.latest = this.show(generation);
    return this.latest;
  }

  private async show(generation: number): Promise<RoadmapNode[]> {
    const next = await this.load();
    if (generation !== this.generation) return this.latest ?? next.roots; // a newer load shows its own
    if (!this.tree) this.tree = next; // the view's first fetch
    else {
      const changes = changedRows(this.tree, next);
      if (changes === undefined) {
        this.tree = next;
        this.changed.fire(undefined);
      } else if (changes.length > 0) this.changed.fire(changes);
    }
    return this.tree.roots;
  }

  private async load(): Promise<LoadedTree> {
    try {
      const practice = await this.session.get();
      if (!practice) {
        this.onRoadmap(undefined);
        return treeOf([]); // the view's welcome content asks for a folder
      }
      const { roadmaps, warning } = await practice.roadmaps();
      if (warning) {
        this.session.log.warn(warning);
        void vscode.window.showWarningMessage(warning);
      }
      this.onRoadmap(roadmaps, undefined, practice.refused);
      return treeOf(roadmaps);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.session.log.error(`Could not load the roadmap: ${message}`);
      this.onRoadmap(undefined, message);
      return treeOf([]);
    }
  }

  getTreeItem(node: RoadmapNode): vscode.TreeItem {
    const item = itemOf(node);
    item.id = rowId(node);
    return item;
  }
}

/** The roadmap as tree nodes: the top rows, each node's children, and each node by its row id. */
interface LoadedTree {
  roots: RoadmapNode[];
  children: Map<RoadmapNode, RoadmapNode[]>;
  byId: Map<string, RoadmapNode>;
}

function treeOf(roadmaps: Roadmap[]): LoadedTree {
  const children = new Map<RoadmapNode, RoadmapNode[]>();
  const byId = new Map<string, RoadmapNode>();
  const add = (node: RoadmapNode, below: RoadmapNode[]): RoadmapNode => {
    byId.set(rowId(node), node);
    children.set(node, below);
    return node;
  };
  const skillNode = (skill: RoadmapSkill, packId: string): RoadmapNode =>
    add({ type: 'skill', skill, packId }, skill.exercises.map((exercise) => add({ type: 'exercise', exercise }, [])));
  const areaNode = (area: RoadmapArea, packId: string): RoadmapNode =>
    add({ type: 'area', area, packId }, area.skills.map((skill) => skillNode(skill, packId)));
  // A project's stages sit under it, in order, after the areas.
  const projectNode = (project: RoadmapProject, packId: string): RoadmapNode =>
    add({ type: 'project', project, packId }, project.stages.map((exercise) => add({ type: 'exercise', exercise }, [])));
  const areasOf = (roadmap: Roadmap): RoadmapNode[] => [...roadmap.areas.map((area) => areaNode(area, roadmap.packId)), ...roadmap.projects.map((project) => projectNode(project, roadmap.packId))];
  // One pack: its areas at the top. Several: a node per pack, each with its areas.
  const only = roadmaps.length === 1 ? roadmaps[0] : undefined;
  const roots = only ? areasOf(only) : roadmaps.map((roadmap) => add({ type: 'pack', roadmap }, areasOf(roadmap)));
  return { roots, children, byId };
}

function itemOf(node: RoadmapNode): vscode.TreeItem {
  switch (node.type) {
    case 'pack':
      return packItem(node.roadmap);
    case 'area':
      return areaItem(node.area);
    case 'skill':
      return skillItem(node.skill);
    case 'project':
      return projectItem(node.project);
    case 'exercise':
      return exerciseItem(node.exercise);
  }
}

/** A row's id, which VS Code knows it by across refreshes. */
function rowId(node: RoadmapNode): string {
  switch (node.type) {
    case 'pack':
      return `pack:${node.roadmap.packId}`;
    case 'area':
      return `area:${node.packId}:${node.area.id}`;
    case 'skill':
      return `skill:${node.packId}:${node.skill.id}`;
    case 'project':
      return `project:${node.packId}:${node.project.id}`;
    case 'exercise':
      return `exercise:${node.exercise.id}`;
  }
}

/** What a row shows of its node, without the rows below it. */
function rowContent(node: RoadmapNode): string {
  switch (node.type) {
    case 'pack':
      return JSON.stringify({ ...node.roadmap, areas: undefined });
    case 'area':
      return JSON.stringify({ ...node.area, skills: undefined });
    case 'skill':
      return JSON.stringify({ ...node.skill, exercises: node.skill.exercises.map((exercise) => exercise.title) });
    case 'project':
      return JSON.stringify({ ...node.project, stages: node.project.stages.map((stage) => stage.title) });
    case 'exercise':
      return JSON.stringify(node.exercise);
  }
}

/**
 * The rows of `current` that `next` shows differently, updated in place to show it; undefined
 * when the tree's shape changed (rows added, removed or moved), which takes a whole refresh.
 * A changed exercise row is refreshed on its own. A changed skill or area row is too, though
 * VS Code fetches its rows again: a skill's come back at once (they are loaded already), but an
 * area's exercises are two levels down, so a changed area row takes a whole refresh as well.
 */
function changedRows(current: LoadedTree, next: LoadedTree): RoadmapNode[] | undefined {
  const shape = (tree: LoadedTree): string => {
    const lines: string[] = [];
    const walk = (nodes: RoadmapNode[], depth: number): void => {
      for (const node of nodes) {
        lines.push(`${depth} ${rowId(node)}`);
        walk(tree.children.get(node) ?? [], depth + 1);
      }
    };
    walk(tree.roots, 0);
    return lines.join('\n');
  };
  if (shape(current) !== shape(next)) return undefined;
  const changed: RoadmapNode[] = [];
  for (const [id, node] of current.byId) {
    const fresh = next.byId.get(id);
    if (!fresh || rowContent(fresh) === rowContent(node)) continue;
    if (node.type === 'pack' || node.type === 'area') return undefined;
    changed.push(node);
  }
  // The same objects, now carrying the new content: VS Code knows rows by these objects.
  for (const node of changed) Object.assign(node, next.byId.get(rowId(node)));
  return changed;
}

function packItem(roadmap: Roadmap): vscode.TreeItem {
  const item = new vscode.TreeItem(roadmap.packTitle, vscode.TreeItemCollapsibleState.Expanded);
  item.description = vscode.l10n.t('{0}/{1} passed', roadmap.passed, roadmap.total);
  item.tooltip = `${roadmap.packTitle} v${roadmap.packVersion} (${roadmap.packId})`;
  item.iconPath = new vscode.ThemeIcon('package');
  item.contextValue = 'pack';
  return item;
}

function areaItem(area: RoadmapArea): vscode.TreeItem {
  // Areas with exercises open; the others stay folded so that the exercises are not buried.
  const state = area.total > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
  const item = new vscode.TreeItem(area.title, state);
  item.iconPath = new vscode.ThemeIcon(area.icon ?? 'symbol-namespace');
  item.description = area.total > 0 ? vscode.l10n.t('{0}/{1} passed', area.passed, area.total) : vscode.l10n.t('no exercises yet');
  item.tooltip = new vscode.MarkdownString(`**${escape(area.title)}**\n\n${escape(area.summary)}`);
  item.contextValue = 'area';
  return item;
}

function skillItem(skill: RoadmapSkill): vscode.TreeItem {
  const collapsible = skill.exercises.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None;
  const item = new vscode.TreeItem(skill.title, collapsible);
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

function projectItem(project: RoadmapProject): vscode.TreeItem {
  const item = new vscode.TreeItem(project.title, vscode.TreeItemCollapsibleState.Expanded);
  item.iconPath = new vscode.ThemeIcon(project.passed === project.total ? 'rocket' : 'layers');
  item.description =
    project.passed === project.total
      ? vscode.l10n.t('all {0} stages passed', project.total)
      : vscode.l10n.t('stage {0} of {1} · {2}/{1} passed', project.current, project.total, project.passed);
  const lines = [`**${escape(project.title)}**`, '', escape(project.summary), '', vscode.l10n.t('Built in stages: each opens when the one before it passes, and checking a stage checks every stage before it.')];
  item.tooltip = new vscode.MarkdownString(lines.join('\n'));
  item.accessibilityInformation = { label: `${project.title}, ${item.description}` };
  item.contextValue = 'project';
  return item;
}

function exerciseItem(exercise: RoadmapExercise): vscode.TreeItem {
  const locked = exercise.stage !== undefined && !exercise.stage.open && exercise.status === 'not-started';
  const item = new vscode.TreeItem(exercise.stage ? vscode.l10n.t('{0}. {1}', exercise.stage.number, exercise.title) : exercise.title, vscode.TreeItemCollapsibleState.None);
  item.iconPath = locked ? new vscode.ThemeIcon('lock', new vscode.ThemeColor('disabledForeground')) : STATUS_ICON[exercise.status];
  item.description = `${locked ? `${vscode.l10n.t('locked')} · ` : ''}${exercise.difficulty} · ${vscode.l10n.t('{0} min', exercise.minutes)}`;
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
      ...(exercise.stage ? [`| ${vscode.l10n.t('Stage')} | ${vscode.l10n.t('{0} of {1}', exercise.stage.number, exercise.stage.of)}${locked ? ` (${vscode.l10n.t('opens when stage {0} passes', exercise.stage.number - 1)})` : ''} |`] : []),
      ...(exercise.attempts > 0 ? [`| ${vscode.l10n.t('Checks')} | ${exercise.attempts} |`] : []),
      ...(exercise.hintsUsed > 0 ? [`| ${vscode.l10n.t('Hints used')} | ${exercise.hintsUsed} / ${exercise.hintsTotal} |`] : []),
      ...(exercise.lastCheck ? ['', `${vscode.l10n.t('Last check:')} ${escape(exercise.lastCheck.message)}`] : []),
    ].join('\n'),
  );
  item.tooltip = tooltip;
  item.accessibilityInformation = { label: `${item.label as string}, ${locked ? vscode.l10n.t('locked') : statusLabel(exercise.status)}, ${exercise.difficulty}, ${exercise.minutes} minutes` };
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
