import * as path from 'node:path';
import type { LoadedPack } from '../core/packLoader';
import { FINGERPRINTS_FILE, fingerprintDrift, indistinguishable, readFingerprints, writeFingerprints } from '../core/packFingerprints';
import type { VerifyResult } from '../core/packVerify';
import { plural } from '../core/plural';
import { type CommandContext, relativeToCwd } from './commandSupport';

/** What `pack verify` says about fingerprints.json, for --json. */
export interface FingerprintsOutcome {
  /** True when the file is current for every exercise verified (after writing it, with --write-fingerprints). */
  current: boolean;
  /** Why it is not, one sentence per exercise. */
  stale: string[];
  /** Known-wrongs (or the starter) of one exercise that fail alike: a learner's check cannot tell them apart. */
  shared: { exercise: string; names: string[] }[];
  /** With --write-fingerprints: the exercises whose entries were written. */
  written?: string[];
}

/**
 * `pack verify`'s part about fingerprints.json: with --write-fingerprints it writes the entries
 * of the exercises that verified cleanly; either way it says what is stale (a problem: exit 1)
 * and which known-wrongs fail alike (a warning only).
 */
export async function verifyFingerprints(context: CommandContext, pack: LoadedPack, result: VerifyResult): Promise<FingerprintsOutcome & { lines: string[] }> {
  const { style } = context;
  const lines: string[] = [];
  const out = (text: string): void => {
    lines.push(text);
  };
  let written: string[] | undefined;
  let current = pack;
  if (context.flags['write-fingerprints']) {
    const wrote = await writeFingerprints(pack, result.verified);
    written = wrote.written;
    const { fingerprints } = await readFingerprints(pack.root);
    current = { ...pack, ...(fingerprints ? { fingerprints } : {}) };
    out('');
    out(style.green(`✓ wrote ${relativeToCwd(context, wrote.file)}: the fingerprints of ${plural(written.length, 'exercise')}`));
  }
  const stale = await fingerprintDrift(current, result.verified);
  const shared = indistinguishable(result.verified);
  if (stale.length > 0) {
    const where = context.positionals[0] ?? (path.relative(context.cwd, pack.root) || '.');
    out('');
    out(style.red(`✗ ${FINGERPRINTS_FILE} is not current, so learners may not be told which known mistake their solution behaves like:`));
    for (const line of stale) out(`    ${line}`);
    out(`    Write it again: ai-practice pack verify ${where} --write-fingerprints${context.flags.exercise ? context.flags.exercise.map((id) => ` --exercise ${id}`).join('') : ''}`);
  }
  if (shared.length > 0) out('');
  for (const group of shared) {
    const starter = group.names.includes('starter');
    const names = group.names.filter((name) => name !== 'starter');
    out(
      style.yellow(
        starter
          ? `! ${group.exercise}: ${names.join(', ')} ${names.length === 1 ? 'fails' : 'fail'} the same tests the same way as the untouched starter: learners making ${names.length === 1 ? 'this mistake' : 'these mistakes'} are told nothing, for nothing tells ${names.length === 1 ? 'it' : 'them'} from work not begun.`
          : `! ${group.exercise}: ${names.join(' and ')} fail the same tests the same way: a learner's check cannot tell them apart, so a learner whose solution fails so is shown both mistakes.`,
      ),
    );
  }
  return { current: stale.length === 0, stale, shared, ...(written ? { written } : {}), lines };
}
