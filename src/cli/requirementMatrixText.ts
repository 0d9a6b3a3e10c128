import type { RequirementMatrix } from '../core/requirements/matrix';
import type { Style } from './terminalStyle';

/**
 * An exercise's requirement × check matrix for the terminal: a row per requirement, a column
 * per check (numbered, named below), ● where the check checks the requirement, and the
 * known-wrong solutions proven to break it; then every gap.
 */
export function renderRequirementMatrix(matrix: RequirementMatrix, style: Style): string[] {
  const idWidth = Math.max(11, ...matrix.requirements.map((row) => row.id.length));
  const columns = matrix.checks.map((_, i) => String(i + 1));
  const cellWidth = Math.max(1, ...columns.map((label) => label.length));
  const lines = [
    style.bold(`${matrix.exercise}: ${matrix.requirements.length} requirements × ${matrix.checks.length} checks`),
    `  ${'requirement'.padEnd(idWidth)}  ${columns.map((label) => label.padStart(cellWidth)).join(' ')}  broken by`,
  ];
  for (const row of matrix.requirements) {
    const cells = matrix.checks.map((_, i) => (row.checks.includes(i) ? '●' : style.dim('·')).padStart(cellWidth));
    const brokenBy = row.brokenBy.length > 0 ? style.dim(row.brokenBy.join(', ')) : style.red('none');
    const noCheck = row.checks.every((i) => matrix.checks[i]?.tests.length === 0);
    lines.push(`  ${(noCheck ? style.red(row.id) : row.id).padEnd(idWidth + (noCheck ? style.red(row.id).length - row.id.length : 0))}  ${cells.join(' ')}  ${brokenBy}`);
  }
  for (const [i, check] of matrix.checks.entries()) {
    const count = check.tests.length === 1 && check.tests[0] === check.pattern ? '' : ` (${check.tests.length} ${check.tests.length === 1 ? 'test' : 'tests'})`;
    lines.push(style.dim(`  ${String(i + 1).padStart(cellWidth)}  ${check.pattern}${count}`));
  }
  for (const gap of matrix.gaps) lines.push(`  ${style.red('✗')} ${style.red(gap)}`);
  return lines;
}
