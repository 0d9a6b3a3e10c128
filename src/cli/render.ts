import type { PackProblem } from '../core/packProblem';
import type { ExerciseStatus } from '../core/progressStore';
import { progressLine, type Roadmap, type RoadmapExercise, roadmapExercisesOf } from '../core/roadmap';
import type { Style } from './terminalStyle';

const STATUS_MARK: Record<ExerciseStatus, string> = {
  'not-started': '○',
  'in-progress': '◐',
  passed: '✓',
  failed: '✗',
};

function mark(status: ExerciseStatus, style: Style): string {
  const symbol = STATUS_MARK[status];
  if (status === 'passed') return style.green(symbol);
  if (status === 'failed') return style.red(symbol);
  if (status === 'in-progress') return style.yellow(symbol);
  return style.dim(symbol);
}

function exerciseLine(exercise: RoadmapExercise, idWidth: number, style: Style): string {
  const meta = style.dim(`${exercise.difficulty} · ${exercise.minutes} min · ${exercise.kind}`);
  return `${mark(exercise.status, style)} ${style.cyan(exercise.id.padEnd(idWidth))}  ${exercise.title}  ${meta}`;
}


/** The whole roadmap: areas, skills, and each exercise with its status. */
export function renderRoadmap(roadmap: Roadmap, style: Style): string {
  const idWidth = Math.max(0, ...roadmapExercisesOf(roadmap).map((exercise) => exercise.id.length));
  const lines = [`${style.bold(roadmap.packTitle)} ${style.dim(`v${roadmap.packVersion}`)} · ${progressLine(roadmap)}`, ''];
  for (const area of roadmap.areas) {
    lines.push(`${style.bold(area.title)} ${style.dim(`${area.passed}/${area.total}`)}`);
    for (const skill of area.skills) {
      if (skill.exercises.length === 0) {
        lines.push(`  ${skill.title} ${style.dim('· no exercises yet')}`);
        continue;
      }
      lines.push(`  ${skill.title}`);
      for (const exercise of skill.exercises) lines.push(`    ${exerciseLine(exercise, idWidth, style)}`);
    }
    lines.push('');
  }
  if (roadmap.projects.length > 0) {
    lines.push(`${style.bold('Projects')} ${style.dim('· built in stages: each stage opens when the one before it passes, and a check re-checks every stage before it')}`);
    for (const project of roadmap.projects) {
      const where = project.passed === project.total ? 'done' : `stage ${project.current} of ${project.total}`;
      lines.push(`  ${project.title} ${style.dim(`· ${where}`)}`);
      for (const stage of project.stages) lines.push(`    ${stage.stage?.open === false && stage.status === 'not-started' ? style.dim(`${String(stage.stage.number)}. ${exerciseLine(stage, idWidth, style)} (locked)`) : `${String(stage.stage?.number ?? '')}. ${exerciseLine(stage, idWidth, style)}`}`);
    }
    lines.push('');
  }
  lines.push(style.dim('○ not started  ◐ in progress  ✓ passed  ✗ failed   Start one with: ai-practice start <id>'));
  return lines.join('\n');
}

/** The learner's standing: overall, per area, and what is under way. */
export function renderProgress(roadmap: Roadmap, progressFile: string, style: Style): string {
  const width = 24;
  const filled = roadmap.total === 0 ? 0 : Math.round((roadmap.passed / roadmap.total) * width);
  const percent = roadmap.total === 0 ? 0 : Math.round((roadmap.passed / roadmap.total) * 100);
  const lines = [
    style.bold(roadmap.packTitle),
    `${style.green('█'.repeat(filled))}${style.dim('░'.repeat(width - filled))} ${percent}%  ${progressLine(roadmap)}, ${roadmap.inProgress} in progress`,
    '',
  ];
  const underway = roadmapExercisesOf(roadmap).filter((exercise) => exercise.status === 'in-progress' || exercise.status === 'failed');
  if (underway.length > 0) {
    const idWidth = Math.max(...underway.map((exercise) => exercise.id.length));
    lines.push(style.bold('Under way'));
    for (const exercise of underway) lines.push(`  ${exerciseLine(exercise, idWidth, style)}`);
    lines.push('');
  }
  const titleWidth = Math.max(...roadmap.areas.map((area) => area.title.length));
  lines.push(style.bold('By area'));
  for (const area of roadmap.areas) {
    const count = area.total === 0 ? style.dim('no exercises yet') : `${area.passed}/${area.total} passed`;
    lines.push(`  ${area.title.padEnd(titleWidth)}  ${count}`);
  }
  for (const project of roadmap.projects) lines.push(`  ${project.title}: ${project.passed}/${project.total} stages passed`);
  lines.push('', style.dim(`Progress is kept in ${progressFile}`));
  return lines.join('\n');
}

export { renderReport } from '../core/check/reportText';

export function renderProblems(problems: readonly PackProblem[], style: Style): string {
  return problems
    .map((problem) => {
      const where = style.bold(`${problem.file}:${problem.line}:${problem.column}`);
      const field = problem.field ? ` ${style.cyan(problem.field)}:` : '';
      const fix = problem.fix ? `\n    ${style.dim(`fix: ${problem.fix}`)}` : '';
      return `${where}${field} ${problem.message}${fix}`;
    })
    .join('\n');
}

