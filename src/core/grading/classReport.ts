import type { GradeProvenance, GradeReport } from '../gradeReport';
import { gradeCost, type StudentOutcome } from './classGrade';
import type { SimilarPair } from './similarity';

/**
 * The class report: one self-contained HTML file (it opens offline, loads nothing) with the
 * score distribution per exercise, the pass rate of each requirement, the most common failing
 * behaviours, hints against score, and a sortable table of students. The charts are drawn in the
 * page by Observable Plot, bundled into dist/report/classReport.js and inlined here.
 */

export interface ClassReportData {
  title: string;
  generatedAt: string;
  exercises: { id: string; title: string }[];
  students: { name: string; graded: boolean; score: number; maxScore: number; passed: number; hintsUsed: number; problem?: string; costUsd?: number }[];
  /** One per graded student and started exercise. */
  cells: { student: string; exercise: string; status: string; score: number; hintsUsed: number }[];
  /** Per exercise and requirement: how many of its checks ran, across the class, and how many passed. */
  requirements: { exercise: string; requirement: string; checks: number; passed: number }[];
  /** The checks that failed most often, with how many students failed each. */
  failures: { exercise: string; test: string; students: number }[];
  /** Pairs of students whose work on an exercise is suspiciously similar: leads, not verdicts. */
  similar: SimilarPair[];
  provenance?: GradeProvenance;
}

/** What the report shows, from the class's outcomes. */
export function classReportData(outcomes: readonly StudentOutcome[], similar: SimilarPair[] = [], now: Date = new Date()): ClassReportData {
  const graded = outcomes.flatMap((outcome) => ('problem' in outcome ? [] : [outcome]));
  const first = graded[0]?.grade;
  const exercises = first ? first.rows.map((row) => ({ id: row.id, title: row.title })) : [];
  const requirements = new Map<string, { exercise: string; requirement: string; checks: number; passed: number }>();
  const failures = new Map<string, { exercise: string; test: string; students: Set<string> }>();
  const cells: ClassReportData['cells'] = [];
  for (const { student, grade } of graded) {
    for (const row of grade.rows) {
      if (row.status === 'not-started') continue;
      cells.push({ student: student.name, exercise: row.id, status: row.status, score: row.score, hintsUsed: row.hintsUsed });
      for (const test of row.check?.tests ?? []) {
        for (const requirement of test.requirements ?? []) {
          const key = `${row.id}\u0000${requirement}`;
          const entry = requirements.get(key) ?? { exercise: row.id, requirement, checks: 0, passed: 0 };
          entry.checks++;
          if (test.status === 'pass') entry.passed++;
          requirements.set(key, entry);
        }
        if (test.status !== 'pass') {
          const key = `${row.id}\u0000${test.name}`;
          const entry = failures.get(key) ?? { exercise: row.id, test: test.name, students: new Set<string>() };
          entry.students.add(student.name);
          failures.set(key, entry);
        }
      }
    }
  }
  return {
    title: first ? `${first.pack.title} v${first.pack.version}` : 'A class',
    generatedAt: now.toISOString(),
    exercises,
    students: outcomes.map((outcome) =>
      'problem' in outcome
        ? { name: outcome.student.name, graded: false, score: 0, maxScore: 0, passed: 0, hintsUsed: 0, problem: outcome.problem }
        : {
            name: outcome.student.name,
            graded: true,
            score: Math.round(outcome.grade.score * 100) / 100,
            maxScore: outcome.grade.maxScore,
            passed: outcome.grade.rows.filter((row) => row.status === 'passed').length,
            hintsUsed: outcome.grade.rows.reduce((sum, row) => sum + row.hintsUsed, 0),
            ...costOf(outcome.grade),
          },
    ),
    cells,
    requirements: [...requirements.values()].sort((a, b) => a.passed / a.checks - b.passed / b.checks || a.exercise.localeCompare(b.exercise)),
    failures: [...failures.values()]
      .map(({ exercise, test, students }) => ({ exercise, test, students: students.size }))
      .sort((a, b) => b.students - a.students || a.exercise.localeCompare(b.exercise) || a.test.localeCompare(b.test))
      .slice(0, 12),
    similar,
    ...(first?.provenance ? { provenance: first.provenance } : {}),
  };
}

/** JSON that is safe inside a <script> element: no "<" to close it early. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The whole page: its data, the bundled script that draws it, and the styles; nothing loaded from anywhere. */
export function classReportHtml(data: ClassReportData, script: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(data.title)}: class report</title>
<style>
  :root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --line: #d1d9e0; --accent: #0969da; }
  @media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --line: #3d444d; --accent: #4493f8; } }
  body { font: 14px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 0 auto; max-width: 1100px; padding: 24px; }
  h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 28px 0 8px; }
  .muted { color: var(--muted); } figure { margin: 0; } figcaption { color: var(--muted); margin-top: 4px; }
  .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 24px; } .wide { grid-column: 1 / -1; }
  table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); }
  th button { font: inherit; font-weight: 600; color: inherit; background: none; border: 0; padding: 0; cursor: pointer; }
  th button:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
  td.num, th.num { text-align: right; } td:first-child { white-space: nowrap; } .problem { color: #cf222e; }
  svg { max-width: 100%; height: auto; }
</style>
</head>
<body>
<h1>${escapeHtml(data.title)}</h1>
<p class="muted" id="summary"></p>
<script type="application/json" id="class-data">${scriptJson(data)}</script>
<div class="grid">
  <section><h2>Scores per exercise</h2><figure data-chart="scores"></figure></section>
  <section><h2>Hints used against score</h2><figure data-chart="hints"></figure></section>
  <section class="wide"><h2>Pass rate per requirement</h2><figure data-chart="requirements"></figure></section>
  <section class="wide"><h2>Most common failing behaviours</h2><figure data-chart="failures"></figure></section>
</div>
<h2>Similar submissions</h2>
<p class="muted">A lead for you to read, not a verdict: similar work can be innocent (a tutorial both followed, pair work you allowed). Pairs share at least 60 % of the smaller submission's fingerprints (winnowing, as MOSS and Dolos do), leaving out the starter and what most of the class shares.</p>
<table id="similar"><thead><tr><th>Exercise</th><th>Students</th><th class="num">Shared</th><th>Where</th></tr></thead><tbody></tbody></table>
<h2>Students</h2>
<table id="students"><thead></thead><tbody></tbody></table>
<p class="muted" id="provenance"></p>
<script>${script.replace(/<\/script/gi, '<\\/script')}</script>
</body>
</html>
`;
}

/** What the student's checks spent on a live model, when they asked one at a known price. */
function costOf(grade: GradeReport): { costUsd?: number } {
  const cost = gradeCost(grade);
  return typeof cost === 'number' ? { costUsd: cost } : {};
}
