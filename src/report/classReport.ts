/// <reference lib="dom" />
// The class report's page script (bundled by esbuild.mjs into dist/report/classReport.js and
// inlined into class.html by core/grading/classReport.ts): reads the class's data from the page
// and draws it with Observable Plot, then fills the sortable table of students.
import * as Plot from '@observablehq/plot';
import type { ClassReportData } from '../core/grading/classReport';

const data = JSON.parse(document.getElementById('class-data')?.textContent ?? '{}') as ClassReportData;
const graded = data.students.filter((student) => student.graded);
const style = { background: 'transparent', color: 'currentColor', fontSize: '12px' };

function place(name: string, chart: Element | string): void {
  const figure = document.querySelector(`figure[data-chart="${name}"]`);
  if (!figure) return;
  if (typeof chart === 'string') {
    const empty = document.createElement('p');
    empty.className = 'muted';
    empty.textContent = chart;
    figure.append(empty);
  } else figure.append(chart);
}

const percent = (value: number): string => `${Math.round(value * 100)} %`;
/** Whole-number ticks from 0 to `max`, at most six of them. */
const counts = (max: number): number[] => {
  const step = Math.max(1, Math.ceil(max / 5));
  return Array.from({ length: Math.floor(max / step) + 1 }, (_, i) => i * step);
};
const mostInABin = Math.max(1, ...data.exercises.map((exercise) => data.cells.filter((cell) => cell.exercise === exercise.id).length));

// Each started exercise's scores, in bins of a tenth, one panel per exercise.
place(
  'scores',
  data.cells.length === 0
    ? 'No exercise was started.'
    : Plot.plot({
        style,
        height: 90 + 60 * Math.ceil(data.exercises.length / 3),
        x: { label: 'score', domain: [0, 1], tickFormat: percent, ticks: 3 },
        y: { label: 'students', grid: true, ticks: counts(mostInABin), tickFormat: 'd' },
        fx: { axis: null },
        facet: { data: data.cells, x: (cell: ClassReportData['cells'][number]) => data.exercises.findIndex((exercise) => exercise.id === cell.exercise) % 3, y: (cell: ClassReportData['cells'][number]) => Math.floor(data.exercises.findIndex((exercise) => exercise.id === cell.exercise) / 3) },
        fy: { axis: null },
        marks: [
          Plot.rectY(data.cells, Plot.binX<Plot.RectYOptions>({ y: 'count' }, { x: 'score', thresholds: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001], fill: 'var(--accent)', tip: true })),
          Plot.text(data.cells, Plot.selectFirst({ text: 'exercise', frameAnchor: 'top-left', dy: 2, dx: 2 })),
          Plot.ruleY([0]),
        ],
      }),
);

/** One horizontal bar per row, labelled on the left, in the order given; `count` adds the value at each bar's end. */
function bars<T>(rows: T[], options: { label: (row: T) => string; value: (row: T) => number; x: Plot.ScaleOptions; marginLeft: number; fill: string; title?: (row: T) => string; count?: boolean }): Element {
  return Plot.plot({
    style,
    marginLeft: options.marginLeft,
    width: 1050,
    height: 40 + 22 * rows.length,
    x: { grid: true, ...options.x },
    y: { label: null, domain: rows.map(options.label) },
    marks: [
      Plot.barX(rows, { y: options.label, x: options.value, fill: options.fill, ...(options.title ? { title: options.title } : {}) }),
      ...(options.count ? [Plot.text(rows, { y: options.label, x: options.value, text: options.value, dx: 8 })] : []),
      Plot.ruleX([0]),
    ],
  });
}

// How often each requirement's checks passed, across the class, worst first.
place(
  'requirements',
  data.requirements.length === 0
    ? 'No re-check reported requirements.'
    : bars(data.requirements, {
        label: (entry) => `${entry.exercise} · ${entry.requirement}`,
        value: (entry) => entry.passed / entry.checks,
        x: { label: 'checks passed', domain: [0, 1], tickFormat: percent },
        marginLeft: 420,
        fill: 'var(--accent)',
        title: (entry) => `${entry.passed} of ${entry.checks} checks passed`,
      }),
);

// The checks that failed for the most students.
place(
  'failures',
  data.failures.length === 0
    ? 'No check failed.'
    : bars(data.failures, {
        label: (entry) => `${entry.exercise}: ${entry.test}`,
        value: (entry) => entry.students,
        x: { label: 'students', ticks: counts(Math.max(...data.failures.map((entry) => entry.students))), tickFormat: 'd' },
        marginLeft: 520,
        fill: '#cf222e',
        count: true,
      }),
);

// Whether those who asked for more hints scored less.
place(
  'hints',
  graded.length === 0
    ? 'No student was graded.'
    : Plot.plot({
        style,
        height: 260,
        x: { label: 'hints used', grid: true, domain: [0, Math.max(1, ...graded.map((student) => student.hintsUsed))], ticks: counts(Math.max(1, ...graded.map((student) => student.hintsUsed))), tickFormat: 'd' },
        y: { label: 'score', grid: true, domain: [0, Math.max(1, ...graded.map((student) => student.maxScore))] },
        marks: [Plot.dot(graded, { x: 'hintsUsed', y: 'score', r: 5, fill: 'var(--accent)', title: 'name' })],
      }),
);

const summary = document.getElementById('summary');
if (summary) summary.textContent = `${data.students.length} students, ${graded.length} graded, ${data.exercises.length} exercises · ${new Date(data.generatedAt).toLocaleString()}`;
const provenance = document.getElementById('provenance');
if (provenance && data.provenance) {
  const { product, pack, runtime, confined } = data.provenance;
  provenance.textContent = `Graded by ${product.name} ${product.version} on Node ${runtime.node} (${runtime.platform}), pack ${pack.id} ${pack.version} sha256 ${pack.sha256}${confined === undefined ? '' : confined ? ', learner code confined' : ', learner code NOT confined'}.`;
}

// Similar pairs: who, how much, and the lines that match in each one's files.
const similarBody = document.querySelector('#similar tbody');
if (similarBody) {
  if (data.similar.length === 0) {
    const row = document.createElement('tr');
    const cell = document.createElement('td');
    cell.colSpan = 4;
    cell.className = 'muted';
    cell.textContent = 'No pair stands out.';
    row.append(cell);
    similarBody.append(row);
  }
  for (const pair of data.similar) {
    const row = document.createElement('tr');
    const where = pair.spans.slice(0, 4).map((span) => `${pair.a}: ${span.fileA} ${span.linesA[0]}–${span.linesA[1]} ↔ ${pair.b}: ${span.fileB} ${span.linesB[0]}–${span.linesB[1]}`).join('; ');
    for (const [text, numeric] of [[pair.exercise, false], [`${pair.a} and ${pair.b}`, false], [percent(pair.similarity), true], [where, false]] as const) {
      const cell = document.createElement('td');
      if (numeric) cell.className = 'num';
      cell.textContent = text;
      row.append(cell);
    }
    similarBody.append(row);
  }
}

// The student table, sortable by any column (buttons in the headers, so the keyboard works).
type Student = ClassReportData['students'][number];
const COLUMNS: { key: keyof Student; label: string; numeric: boolean }[] = [
  { key: 'name', label: 'Student', numeric: false },
  { key: 'score', label: 'Score', numeric: true },
  { key: 'passed', label: 'Passed', numeric: true },
  { key: 'hintsUsed', label: 'Hints', numeric: true },
  // Shown when prompt checks were graded live: what each student's checks spent.
  ...(data.students.some((student) => student.costUsd !== undefined) ? [{ key: 'costUsd' as const, label: 'Model cost', numeric: true }] : []),
];
let sortKey: keyof Student = 'name';
let ascending = true;

function renderTable(): void {
  const table = document.getElementById('students');
  if (!table) return;
  const head = table.querySelector('thead') as HTMLElement;
  const body = table.querySelector('tbody') as HTMLElement;
  head.replaceChildren();
  body.replaceChildren();
  const headRow = document.createElement('tr');
  for (const column of COLUMNS) {
    const cell = document.createElement('th');
    if (column.numeric) cell.className = 'num';
    cell.setAttribute('aria-sort', sortKey === column.key ? (ascending ? 'ascending' : 'descending') : 'none');
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = `${column.label}${sortKey === column.key ? (ascending ? ' ▲' : ' ▼') : ''}`;
    button.addEventListener('click', () => {
      ascending = sortKey === column.key ? !ascending : !column.numeric;
      sortKey = column.key;
      renderTable();
    });
    cell.append(button);
    headRow.append(cell);
  }
  head.append(headRow);
  const sorted = [...data.students].sort((a, b) => {
    const order = COLUMNS.find((column) => column.key === sortKey)?.numeric ? Number(a[sortKey] ?? -1) - Number(b[sortKey] ?? -1) : String(a[sortKey]).localeCompare(String(b[sortKey]));
    return ascending ? order : -order;
  });
  for (const student of sorted) {
    const row = document.createElement('tr');
    for (const column of COLUMNS) {
      const cell = document.createElement('td');
      if (column.numeric) cell.className = 'num';
      cell.textContent =
        column.key === 'score'
          ? `${student.score.toFixed(2)} / ${student.maxScore}`
          : column.key === 'costUsd'
            ? student.costUsd === undefined
              ? '–'
              : `$${student.costUsd.toFixed(4)}`
            : String(student[column.key] ?? '');
      row.append(cell);
    }
    if (!student.graded) {
      const note = document.createElement('td');
      note.className = 'problem';
      note.textContent = `not graded: ${student.problem ?? ''}`;
      row.replaceChildren(row.firstChild as Node, note);
      note.colSpan = COLUMNS.length - 1;
    }
    body.append(row);
  }
}
renderTable();
