import { type GradeReport, gradeWorkspace } from '../gradeReport';
import type { ModelSettings } from '../model/modelSettings';
import { packContentHash } from '../packHash';
import type { AnswerStore, Practice } from '../practiceService';

/**
 * Whether a graded result still holds: the same pack (by content hash), the same graded files
 * (by their hashes), and, graded again now, the same verdict and score for every exercise.
 * Each difference is said in a sentence; none means the result holds.
 */
export async function verifyGrade(
  result: GradeReport,
  practice: Practice,
  options: { model?: ModelSettings | undefined; answers?: ((exerciseId: string) => AnswerStore) | undefined } = {},
): Promise<{ differences: string[]; regraded: GradeReport }> {
  const differences: string[] = [];
  const pinned = result.provenance?.pack.sha256;
  const now = await packContentHash(practice.pack.root);
  if (!pinned) differences.push('The result has no provenance (a report from before provenance, or not --recheck): nothing pins the pack it was graded with.');
  else if (now !== pinned) differences.push(`The pack is not the one graded with: its content hash is ${now}, the result's ${pinned}.`);
  const regraded = await gradeWorkspace(practice, { recheck: true, model: options.model, packSha256: now, answers: options.answers });
  const before = new Map(result.rows.map((row) => [row.id, row]));
  for (const row of regraded.rows) {
    const old = before.get(row.id);
    before.delete(row.id);
    if (!old) {
      differences.push(`${row.id} is graded now but not in the result.`);
      continue;
    }
    const files = new Set([...Object.keys(old.files ?? {}), ...Object.keys(row.files ?? {})]);
    const changed = [...files].filter((file) => old.files?.[file] !== row.files?.[file]).sort();
    if (changed.length > 0) differences.push(`${row.id}: ${changed.length === 1 ? 'a graded file changed' : `${changed.length} graded files changed`} since: ${changed.join(', ')}.`);
    if (old.status !== row.status || Math.abs(old.score - row.score) > 1e-9) {
      differences.push(`${row.id}: graded ${old.status} (${Math.round(old.score * 100)} %) then, ${row.status} (${Math.round(row.score * 100)} %) now.`);
    }
  }
  for (const id of before.keys()) differences.push(`${id} is in the result but the pack has no such exercise now.`);
  return { differences, regraded };
}
