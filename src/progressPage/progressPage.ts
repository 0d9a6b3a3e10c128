/// <reference lib="dom" />
// The progress page's script, run in its webview (bundled by esbuild.mjs into
// dist/progressPage/progressPage.js, Observable Plot with it; loaded only when the page opens).
// Draws what the extension posts: the skill map, passes over time, each exercise's checks and
// hints, the projects, and the next exercise with a Start button. Every colour is a theme
// variable, so light, dark and high-contrast themes all read; every chart has a table beside it.
import * as Plot from '@observablehq/plot';
import type { ProgressPageData, ProgressPagePack, ProgressPageSkill } from '../core/progressPage';
import type { FromPageMessage, RenderedCounts, ToPageMessage } from './messages';

declare function acquireVsCodeApi(): { postMessage(message: FromPageMessage): void; getState(): unknown; setState(state: unknown): void };

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') as HTMLElement;
const SVG = 'http://www.w3.org/2000/svg';

type Child = Node | string;
function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}
function svg(tag: string, attributes: Record<string, string | number> = {}, ...children: Child[]): SVGElement {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  element.append(...children);
  return element;
}

const STATUS_TEXT = { 'not-started': 'not started', 'in-progress': 'in progress', passed: 'passed', failed: 'failed' } as const;
const percent = (share: number): string => `${Math.round(share * 100)} %`;

function section(title: string, id: string, ...children: Child[]): HTMLElement {
  return el('section', { 'aria-labelledby': id }, el('h2', { id }, title), ...children);
}

/** A table with a header row; `numeric` columns are right-aligned. */
function table(caption: string, headers: string[], rows: Child[][], numeric: number[] = []): HTMLTableElement {
  return el(
    'table',
    {},
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, ...headers.map((header, i) => el('th', { scope: 'col', ...(numeric.includes(i) ? { class: 'num' } : {}) }, header)))),
    el('tbody', {}, ...rows.map((cells) => el('tr', {}, ...cells.map((cell, i) => el(i === 0 ? 'th' : 'td', { ...(i === 0 ? { scope: 'row' } : {}), ...(numeric.includes(i) ? { class: 'num' } : {}) }, cell))))),
  );
}

/** A table the chart beside it is drawn from, folded under a "Show as a table" disclosure. */
function asTable(content: HTMLTableElement): HTMLDetailsElement {
  return el('details', {}, el('summary', {}, 'Show as a table'), content);
}

function statusBadge(status: keyof typeof STATUS_TEXT): HTMLElement {
  return el('span', { class: `status ${status}` }, STATUS_TEXT[status]);
}

// ——— The skill map: layers by prerequisite depth, left to right ———
const NODE = { width: 170, height: 60, columnGap: 36, rowGap: 12, pad: 8 };
/** About how many characters of 12px text a line of a skill's box holds. */
const LINE_CHARS = 25;

/** A title in at most two lines that fit a box, broken between words; the second cut short with "…". */
function wrapTitle(title: string): string[] {
  const lines: string[] = [''];
  for (const word of title.split(/\s+/)) {
    const line = lines[lines.length - 1] ?? '';
    if (line === '' || line.length + 1 + word.length <= LINE_CHARS) lines[lines.length - 1] = line === '' ? word : `${line} ${word}`;
    else lines.push(word);
  }
  const [first = '', second, ...rest] = lines;
  const cut = (text: string) => (text.length > LINE_CHARS ? `${text.slice(0, LINE_CHARS - 1)}…` : text);
  return second === undefined ? [cut(first)] : [cut(first), rest.length > 0 ? `${second.slice(0, LINE_CHARS - 2)}…` : cut(second)];
}

/** Whole-number ticks from 0 to `max`, at most six of them. */
function wholeTicks(max: number): number[] {
  const step = Math.max(1, Math.ceil(max / 5));
  return Array.from({ length: Math.floor(max / step) + 1 }, (_, i) => i * step);
}

function skillMap(pack: ProgressPagePack, headingId: string): HTMLElement {
  const rows = Math.max(1, ...Array.from({ length: pack.layers }, (_, depth) => pack.skills.filter((skill) => skill.depth === depth).length));
  const width = NODE.pad * 2 + pack.layers * NODE.width + Math.max(0, pack.layers - 1) * NODE.columnGap;
  const height = NODE.pad * 2 + rows * NODE.height + (rows - 1) * NODE.rowGap;
  const at = (skill: ProgressPageSkill) => ({ x: NODE.pad + skill.depth * (NODE.width + NODE.columnGap), y: NODE.pad + skill.row * (NODE.height + NODE.rowGap) });
  const byId = new Map(pack.skills.map((skill) => [skill.id, skill]));
  const done = pack.skills.filter((skill) => skill.total > 0 && skill.passed === skill.total).length;
  const description = `${pack.skills.length} skills in ${pack.layers} layers by prerequisite depth, ${pack.edges.length} prerequisite links; ${done} skills complete. The table below lists the same.`;
  const chart = svg(
    'svg',
    { class: 'map', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-labelledby': `${headingId}-title`, 'aria-describedby': `${headingId}-desc` },
    svg('title', { id: `${headingId}-title` }, `Skill map of ${pack.title}`),
    svg('desc', { id: `${headingId}-desc` }, description),
    svg('defs', {}, svg('marker', { id: `${headingId}-arrow`, viewBox: '0 0 8 8', refX: 8, refY: 4, markerWidth: 7, markerHeight: 7, orient: 'auto' }, svg('path', { d: 'M0,0 L8,4 L0,8 z', class: 'arrow' }))),
  );
  for (const edge of pack.edges) {
    const from = byId.get(edge.from);
    const to = byId.get(edge.to);
    if (!from || !to) continue;
    const a = at(from);
    const b = at(to);
    const x1 = a.x + NODE.width;
    const y1 = a.y + NODE.height / 2;
    const x2 = b.x;
    const y2 = b.y + NODE.height / 2;
    const bend = Math.max(24, (x2 - x1) / 2);
    chart.append(svg('path', { 'data-edge': `${edge.from}>${edge.to}`, class: `edge${from.total > 0 && from.passed === from.total ? ' met' : ''}`, d: `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`, 'marker-end': `url(#${headingId}-arrow)` }));
  }
  for (const skill of pack.skills) {
    const { x, y } = at(skill);
    const complete = skill.total > 0 && skill.passed === skill.total;
    const state = complete ? 'complete' : skill.open ? 'open' : 'waiting';
    const barWidth = NODE.width - 56;
    const lines = wrapTitle(skill.title);
    chart.append(
      svg(
        'g',
        { 'data-skill': skill.id, class: `skill ${state}`, transform: `translate(${x},${y})` },
        svg('title', {}, `${skill.title}: ${skill.passed} of ${skill.total} passed${skill.prerequisites.length > 0 ? `; after ${skill.prerequisites.map((id) => byId.get(id)?.title ?? id).join(', ')}` : ''}${state === 'waiting' ? ' (its prerequisites are not complete yet)' : ''}`),
        svg('rect', { class: 'node', width: NODE.width, height: NODE.height, rx: 4 }),
        ...lines.map((line, i) => svg('text', { x: 8, y: 16 + i * 15 }, line)),
        svg('rect', { class: 'track', x: 8, y: 44, width: barWidth, height: 8, rx: 2 }),
        svg('rect', { class: 'fill', x: 8, y: 44, width: Math.round(barWidth * skill.share), height: 8, rx: 2 }),
        svg('text', { class: 'count', x: NODE.width - 8, y: 52, 'text-anchor': 'end' }, `${skill.passed}/${skill.total}`),
      ),
    );
  }
  const legend = el(
    'p',
    { class: 'legend' },
    el('span', { class: 'key complete' }, 'complete'),
    el('span', { class: 'key open' }, 'prerequisites complete'),
    el('span', { class: 'key waiting' }, 'waiting on a prerequisite'),
    ' · the bar in each skill fills as its exercises pass; arrows lead from a prerequisite to the skill that builds on it.',
  );
  const rowsOfTable = pack.skills.map((skill) => [
    skill.title,
    pack.areas.find((area) => area.id === skill.areaId)?.title ?? skill.areaId,
    `${skill.passed} of ${skill.total}`,
    skill.prerequisites.map((id) => byId.get(id)?.title ?? id).join(', ') || '—',
  ]);
  return el('div', {}, el('div', { class: 'scroll' }, chart), legend, asTable(table(`Skills of ${pack.title}`, ['Skill', 'Area', 'Passed', 'Prerequisites'], rowsOfTable)));
}

// ——— Passes over time ———
function timeline(data: ProgressPageData): HTMLElement {
  if (data.timeline.length === 0) return el('p', { class: 'muted' }, 'No exercise has passed yet: the chart starts with your first pass.');
  const days = data.timeline.map((point) => ({ ...point, date: new Date(`${point.day}T00:00:00Z`) }));
  const top = days[days.length - 1]?.cumulative ?? 0;
  const chart = Plot.plot({
    width: 640,
    height: 220,
    marginLeft: 44,
    style: { background: 'transparent', color: 'currentColor', fontSize: '12px', fontFamily: 'inherit', overflow: 'visible' },
    ariaLabel: 'Exercises passed over time',
    ariaDescription: `Cumulative exercises first passed, by day: ${days.map((point) => `${point.day}: ${point.cumulative}`).join('; ')}.`,
    x: { type: 'utc', label: null, ...(days.length === 1 ? { domain: [new Date(days[0]!.date.getTime() - 86_400_000), new Date(days[0]!.date.getTime() + 86_400_000)] } : {}), ticks: Math.min(6, days.length + 1), tickFormat: '%b %-d' },
    y: { label: 'exercises passed', grid: true, domain: [0, Math.max(4, top)], ticks: wholeTicks(Math.max(4, top)), tickFormat: 'd' },
    marks: [
      Plot.ruleY([0]),
      Plot.areaY(days, { x: 'date', y: 'cumulative', curve: 'step-after', fill: 'var(--vscode-charts-green)', fillOpacity: 0.2 }),
      Plot.lineY(days, { x: 'date', y: 'cumulative', curve: 'step-after', stroke: 'var(--vscode-charts-green)', strokeWidth: 2 }),
      Plot.dot(days, { x: 'date', y: 'cumulative', fill: 'var(--vscode-charts-green)', r: 4, title: (point: (typeof days)[number]) => `${point.day}: ${point.passed} passed, ${point.cumulative} in all` }),
    ],
  });
  chart.setAttribute('role', 'img');
  const rows = data.timeline.map((point) => [point.day, String(point.passed), String(point.cumulative)]);
  return el('div', {}, el('figure', { 'data-chart': 'timeline' }, chart), asTable(table('Exercises first passed, by day', ['Day', 'Passed that day', 'Passed in all'], rows, [1, 2])));
}

// ——— Checks and hints per exercise ———
function exercises(pack: ProgressPagePack): HTMLElement {
  const started = pack.exercises.filter((exercise) => exercise.attempts > 0 || exercise.hintsUsed > 0);
  const most = Math.max(1, ...started.map((exercise) => Math.max(exercise.attempts, exercise.hintsUsed)));
  const chart =
    started.length === 0
      ? el('p', { class: 'muted' }, 'No exercise has been checked yet.')
      : Plot.plot({
          width: 640,
          height: 44 + 24 * started.length,
          marginLeft: 260,
          style: { background: 'transparent', color: 'currentColor', fontSize: '12px', fontFamily: 'inherit' },
          ariaLabel: 'Checks and hints per started exercise',
          ariaDescription: started.map((exercise) => `${exercise.title}: ${exercise.attempts} checks, ${exercise.hintsUsed} hints`).join('; '),
          x: { label: 'checks run (bar) · hints used (dot)', grid: true, tickFormat: 'd', domain: [0, most], ticks: wholeTicks(most) },
          y: { label: null, domain: started.map((exercise) => exercise.title), tickFormat: (title: string) => (title.length > 38 ? `${title.slice(0, 37)}…` : title) },
          marks: [
            Plot.barX(started, { y: 'title', x: 'attempts', fill: 'var(--vscode-charts-blue)', title: (exercise: (typeof started)[number]) => `${exercise.attempts} checks` }),
            Plot.dot(started, { y: 'title', x: 'hintsUsed', fill: 'var(--vscode-charts-orange)', stroke: 'var(--vscode-editor-background)', r: 5, title: (exercise: (typeof started)[number]) => `${exercise.hintsUsed} of ${exercise.hintsTotal} hints` }),
            Plot.ruleX([0]),
          ],
        });
  if (!(chart instanceof HTMLParagraphElement)) chart.setAttribute('role', 'img');
  const rows = pack.exercises.map((exercise) => [
    exercise.stage ? `${exercise.title} (stage ${exercise.stage})` : exercise.title,
    exercise.skillTitle,
    statusBadge(exercise.status),
    String(exercise.attempts),
    `${exercise.hintsUsed} of ${exercise.hintsTotal}`,
  ]);
  const full = table(`Every exercise of ${pack.title}`, ['Exercise', 'Skill', 'Status', 'Checks', 'Hints'], rows, [3, 4]);
  full.setAttribute('data-table', 'exercises');
  return el('div', {}, el('figure', { 'data-chart': 'attempts' }, chart), el('details', {}, el('summary', {}, `Every exercise (${pack.exercises.length})`), full));
}

// ——— Projects ———
function projects(pack: ProgressPagePack): HTMLElement {
  return el(
    'div',
    { class: 'projects' },
    ...pack.projects.map((project) =>
      el(
        'article',
        { 'data-project': project.id, 'aria-label': `${project.title}: ${project.passed} of ${project.total} stages passed` },
        el('h3', {}, project.title),
        el('p', { class: 'muted' }, `${project.passed} of ${project.total} stages passed`),
        el(
          'ol',
          { class: 'stages' },
          ...project.stages.map((stage) => {
            const locked = !stage.open && stage.status === 'not-started';
            return el('li', { 'data-stage': stage.id, class: locked ? 'locked' : stage.status }, el('span', {}, stage.title), ' ', locked ? el('span', { class: 'status locked' }, 'locked') : statusBadge(stage.status));
          }),
        ),
      ),
    ),
  );
}

// ——— The page ———
function render(data: ProgressPageData): RenderedCounts {
  const next = data.next;
  const header = el(
    'header',
    {},
    el('h1', {}, 'Your progress'),
    el('p', { class: 'summary', 'data-summary': '' }, `${data.passed} of ${data.total} exercises passed`),
    el('progress', { max: String(Math.max(1, data.total)), value: String(data.passed), 'aria-label': `${data.passed} of ${data.total} exercises passed` }),
  );
  const nextSection = section(
    'Next exercise',
    'next',
    ...(next
      ? [
          el('p', {}, el('strong', { 'data-next': next.id }, next.title), ` · ${next.skillTitle}${next.status === 'not-started' ? '' : ` · ${STATUS_TEXT[next.status]}`}`),
          (() => {
            const button = el('button', { type: 'button', 'aria-label': `${next.status === 'not-started' ? 'Start' : 'Continue'} ${next.title}` }, next.status === 'not-started' ? 'Start exercise' : 'Continue exercise');
            button.addEventListener('click', () => vscode.postMessage({ type: 'start', id: next.id }));
            return button;
          })(),
          el('p', { class: 'muted' }, next.status === 'not-started' ? 'The first exercise in roadmap order whose skill\'s prerequisites are complete.' : 'Under way and not passed yet: what you began comes first (as Continue Practising and ai-practice next choose).'),
        ]
      : [el('p', {}, 'Every exercise has passed. Well done!')]),
  );
  const several = data.packs.length > 1;
  const packSections = data.packs.flatMap((pack, p) => [
    ...(several ? [el('h2', { class: 'pack' }, `${pack.title}: ${pack.passed} of ${pack.total} passed`)] : []),
    section('Skill map', `map-${p}`, skillMap(pack, `map-${p}`)),
    section('Checks and hints', `exercises-${p}`, exercises(pack)),
    ...(pack.projects.length > 0 ? [section('Projects', `projects-${p}`, projects(pack))] : []),
  ]);
  root.replaceChildren(header, nextSection, section('Passes over time', 'timeline', timeline(data)), ...packSections);
  root.setAttribute('aria-busy', 'false');
  return {
    packs: data.packs.length,
    skills: root.querySelectorAll('[data-skill]').length,
    edges: root.querySelectorAll('[data-edge]').length,
    exerciseRows: root.querySelectorAll('table[data-table="exercises"] tbody tr').length,
    started: root.querySelectorAll('table[data-table="exercises"] .status:not(.not-started)').length,
    passed: root.querySelectorAll('table[data-table="exercises"] .status.passed').length,
    total: data.total,
    timelineDays: data.timeline.length,
    projects: root.querySelectorAll('[data-project]').length,
    stages: root.querySelectorAll('[data-stage]').length,
    ...(next ? { next: root.querySelector('[data-next]')?.getAttribute('data-next') ?? '' } : {}),
  };
}

function show(data: ProgressPageData): void {
  vscode.setState(data);
  vscode.postMessage({ type: 'rendered', counts: render(data) });
}

window.addEventListener('message', (event: MessageEvent<ToPageMessage>) => {
  const message = event.data;
  if (message.type === 'show') show(message.data);
  else if (message.type === 'problem') {
    root.replaceChildren(el('h1', {}, 'Your progress'), el('p', { role: 'alert' }, message.message));
    root.setAttribute('aria-busy', 'false');
    const none = { packs: 0, skills: 0, edges: 0, exerciseRows: 0, started: 0, passed: 0, total: 0, timelineDays: 0, projects: 0, stages: 0 };
    vscode.postMessage({ type: 'rendered', counts: { ...none, problem: root.querySelector('[role="alert"]')?.textContent ?? '' } });
  }
});

// The last data drawn, at once when the page is shown again, until the extension's arrives.
const saved = vscode.getState() as ProgressPageData | undefined;
if (saved?.packs) render(saved);
vscode.postMessage({ type: 'ready' });
