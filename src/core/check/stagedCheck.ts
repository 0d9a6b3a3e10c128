import type { PackExercise } from '../packLoader';
import { type CheckReport, REPORT_VERSION, scoreOf } from './report';

/** How a stage's tests are named in its project's report: "stage 2 · " before the stage's own name. */
export function stageTestPrefix(number: number | string): string {
  return `stage ${number} · `;
}

/**
 * The report of a project's stage: its own check and every earlier stage's, run on the one
 * folder they share, in order. Each test carries its stage in its name ("stage 1 · …"), so a
 * change that breaks what an earlier stage built shows up as that stage's failure: a regression,
 * not a mystery. It passes when every stage up to this one passes.
 */
export function stagedReport(exercise: PackExercise, reports: readonly { stage: PackExercise; report: CheckReport }[]): CheckReport {
  const stage = exercise.stage;
  if (!stage) throw new Error(`${exercise.id} is not a stage of a project`);
  const own = reports[reports.length - 1]?.report;
  if (!own) throw new Error(`no report for ${exercise.id}`);
  const earlier = reports.slice(0, -1);
  const tests = reports.flatMap(({ stage: each, report }) =>
    report.tests.map((test) => ({ ...test, name: `${stageTestPrefix(each.stage?.number ?? '?')}${test.name}` })),
  );
  const broken = earlier.filter(({ report }) => report.status !== 'pass');
  const errored = reports.find(({ report }) => report.status === 'error');
  const status: CheckReport['status'] = errored ? 'error' : own.status === 'pass' && broken.length === 0 ? 'pass' : 'fail';
  const label = (each: PackExercise): string => `stage ${each.stage?.number ?? '?'} (${each.title})`;
  let message: string;
  if (errored) message = `${label(errored.stage)}: ${errored.report.message}`;
  else if (broken.length > 0) {
    message = `${broken.map(({ stage: each }) => label(each)).join(' and ')} no longer ${broken.length === 1 ? 'passes' : 'pass'}: this stage builds on ${broken.length === 1 ? 'it' : 'them'}, so fix that first. ${own.status === 'pass' ? `Stage ${stage.number} itself passes.` : `Stage ${stage.number}: ${own.message}`}`;
  } else if (own.status !== 'pass') message = `Stage ${stage.number} of ${stage.of}: ${own.message}`;
  else if (stage.next) message = `Stage ${stage.number} of ${stage.of} passes, and every stage before it still does. Stage ${stage.number + 1} is open: start ${stage.next}.`;
  else message = `All ${stage.of} stages of ${stage.project.title} pass: the project is done.`;
  const usage = reports.map(({ report }) => report.usage).filter((item) => item !== undefined);
  const { errorIn, advice, confined, confinement } = errored?.report ?? own;
  return {
    version: REPORT_VERSION,
    exercise: exercise.id,
    kind: exercise.kind,
    status,
    message,
    ...(errored ? { errorIn: errorIn ?? 'harness' } : {}),
    durationMs: reports.reduce((sum, { report }) => sum + report.durationMs, 0),
    tests,
    score: status === 'pass' ? 1 : status === 'error' ? 0 : broken.length > 0 ? Math.min(own.score ?? scoreOf(own.status, own.tests), scoreOf('fail', tests)) : (own.score ?? scoreOf(own.status, own.tests)),
    ...(usage.length > 0 ? { usage: usage[usage.length - 1] } : {}),
    ...(advice ? { advice } : {}),
    ...(confined === undefined ? {} : { confined }),
    ...(confinement ? { confinement } : {}),
    stage: { project: stage.project.id, number: stage.number, of: stage.of, ...(stage.next ? { next: stage.next } : {}) },
  };
}
