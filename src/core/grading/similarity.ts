import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { regularFilesIn } from '../folderFiles';
import type { LoadedPack } from '../packLoader';
import { exerciseFolder } from '../workspaceLayout';
import type { StudentOutcome } from './classGrade';

/**
 * Similar submissions, found by winnowing (Schleimer, Wilkerson and Aiken's document
 * fingerprinting, the algorithm behind MOSS and Dolos): each file becomes a stream of tokens
 * (code: identifiers and literals folded to one token each, so renaming and reformatting change
 * nothing; data and prompts: lower-cased words), every k consecutive tokens are hashed, and of
 * each window of w hashes the smallest is kept. Two submissions that share many kept hashes
 * share long runs of the same tokens. Hashes in the starter the pack gives everyone are left out.
 * A pair found here is a lead for a person to read, never a verdict.
 */

export interface SubmittedFile {
  /** Relative to the exercise folder. */
  file: string;
  text: string;
}

interface Fingerprint {
  hash: string;
  file: string;
  /** 1-based lines the k-gram spans. */
  startLine: number;
  endLine: number;
}

const CODE_FILE = /\.(?:[cm]?[jt]sx?)$/;
const KEYWORDS = new Set(
  'async await break case catch class const continue default delete do else export extends false finally for from function if import in instanceof let new null of return static super switch this throw true try type typeof undefined var void while yield interface as'.split(' '),
);

/** A file's tokens, each with its line. */
function tokens(file: SubmittedFile): { token: string; line: number }[] {
  const found: { token: string; line: number }[] = [];
  const code = CODE_FILE.test(file.file);
  let text = file.text;
  // Comments go (kept as spaces, so lines stay where they are).
  if (code) text = text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (comment) => comment.replace(/[^\n]/g, ' '));
  const pattern = code ? /[A-Za-z_$][\w$]*|\d+(?:\.\d+)?|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`|[^\s\w]/g : /[\p{L}\p{N}]+/gu;
  let line = 1;
  let last = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    for (let i = last; i < match.index; i++) if (text.charCodeAt(i) === 10) line++;
    last = match.index;
    const word = match[0];
    let token = word;
    if (code) {
      if (/^[A-Za-z_$]/.test(word)) token = KEYWORDS.has(word) ? word : 'ID';
      else if (/^\d/.test(word)) token = 'NUM';
      else if (/^["'`]/.test(word)) token = 'STR';
    } else token = word.toLowerCase();
    found.push({ token, line });
  }
  return found;
}

/** The winnowed fingerprints of a file: of each window of `window` k-gram hashes, the smallest (the rightmost on ties). */
export function fingerprints(file: SubmittedFile, k = 12, window = 8): Fingerprint[] {
  const stream = tokens(file);
  const grams: Fingerprint[] = [];
  for (let i = 0; i + k <= stream.length; i++) {
    const hash = createHash('sha1').update(stream.slice(i, i + k).map((entry) => entry.token).join('\u0000')).digest('hex').slice(0, 12);
    grams.push({ hash, file: file.file, startLine: (stream[i] as { line: number }).line, endLine: (stream[i + k - 1] as { line: number }).line });
  }
  if (grams.length <= window) return grams;
  const kept = new Map<number, Fingerprint>();
  for (let start = 0; start + window <= grams.length; start++) {
    let best = start;
    for (let i = start; i < start + window; i++) if ((grams[i] as Fingerprint).hash <= (grams[best] as Fingerprint).hash) best = i;
    kept.set(best, grams[best] as Fingerprint);
  }
  return [...kept.values()];
}

export interface SimilarPair {
  exercise: string;
  a: string;
  b: string;
  /** Shared fingerprints over the smaller submission's: 0 to 1. */
  similarity: number;
  /** Where they match: line ranges in each one's files, merged. */
  spans: { fileA: string; linesA: [number, number]; fileB: string; linesB: [number, number] }[];
}

/**
 * The pairs of students whose submissions of one exercise share at least `threshold` of the
 * smaller one's fingerprints, after leaving out the starter's and those that more than half the
 * class shares (a reference answer everyone found is not a lead about two people).
 */
export function similarPairs(exercise: string, submissions: ReadonlyMap<string, SubmittedFile[]>, starter: SubmittedFile[], threshold = 0.6): SimilarPair[] {
  const given = new Set(starter.flatMap((file) => fingerprints(file).map((print) => print.hash)));
  const prints = new Map<string, Fingerprint[]>();
  for (const [student, files] of submissions) prints.set(student, files.flatMap((file) => fingerprints(file)).filter((print) => !given.has(print.hash)));
  const holders = new Map<string, number>();
  for (const list of prints.values()) for (const hash of new Set(list.map((print) => print.hash))) holders.set(hash, (holders.get(hash) ?? 0) + 1);
  const common = (hash: string): boolean => submissions.size >= 4 && (holders.get(hash) ?? 0) > submissions.size / 2;
  const students = [...prints.keys()].sort();
  const pairs: SimilarPair[] = [];
  for (let i = 0; i < students.length; i++) {
    for (let j = i + 1; j < students.length; j++) {
      const a = students[i] as string;
      const b = students[j] as string;
      const ofA = (prints.get(a) ?? []).filter((print) => !common(print.hash));
      const ofB = (prints.get(b) ?? []).filter((print) => !common(print.hash));
      const hashesA = new Set(ofA.map((print) => print.hash));
      const hashesB = new Set(ofB.map((print) => print.hash));
      const smaller = Math.min(hashesA.size, hashesB.size);
      if (smaller < 3) continue;
      const shared = [...hashesA].filter((hash) => hashesB.has(hash));
      const similarity = shared.length / smaller;
      if (similarity < threshold) continue;
      const sharedSet = new Set(shared);
      pairs.push({ exercise, a, b, similarity: Math.round(similarity * 100) / 100, spans: mergedSpans(ofA.filter((print) => sharedSet.has(print.hash)), ofB) });
    }
  }
  return pairs.sort((x, y) => y.similarity - x.similarity);
}

/** Matching fingerprints as line ranges: consecutive ones in the same files merged. */
function mergedSpans(matchedA: Fingerprint[], ofB: Fingerprint[]): SimilarPair['spans'] {
  const inB = new Map<string, Fingerprint>();
  for (const print of ofB) if (!inB.has(print.hash)) inB.set(print.hash, print);
  const spans: SimilarPair['spans'] = [];
  for (const print of [...matchedA].sort((x, y) => x.file.localeCompare(y.file) || x.startLine - y.startLine)) {
    const other = inB.get(print.hash);
    if (!other) continue;
    const last = spans.at(-1);
    if (last && last.fileA === print.file && last.fileB === other.file && print.startLine <= last.linesA[1] + 1 && other.startLine <= last.linesB[1] + 1 && other.endLine >= last.linesB[0] - 1) {
      last.linesA[1] = Math.max(last.linesA[1], print.endLine);
      last.linesB = [Math.min(last.linesB[0], other.startLine), Math.max(last.linesB[1], other.endLine)];
    } else spans.push({ fileA: print.file, linesA: [print.startLine, print.endLine], fileB: other.file, linesB: [other.startLine, other.endLine] });
  }
  return spans;
}

/** Every learner file of an exercise folder that is text and of a reasonable size, relative to it. */
export async function submittedFiles(folder: string): Promise<SubmittedFile[]> {
  const files: SubmittedFile[] = [];
  for (const file of await regularFilesIn(folder).catch(() => [])) {
    if (path.posix.basename(file) === 'README.md') continue;
    const full = path.join(folder, ...file.split('/'));
    if ((await fs.stat(full)).size > 1024 * 1024) continue;
    const text = await fs.readFile(full, 'utf8');
    if (!text.includes('\u0000')) files.push({ file, text });
  }
  return files;
}

/** The similar pairs of a graded class, exercise by exercise, each student's started work against the others'. */
export async function classSimilarity(outcomes: readonly StudentOutcome[], pack: LoadedPack, threshold?: number): Promise<SimilarPair[]> {
  const pairs: SimilarPair[] = [];
  for (const exercise of pack.exercises) {
    const submissions = new Map<string, SubmittedFile[]>();
    for (const outcome of outcomes) {
      if ('problem' in outcome) continue;
      const row = outcome.grade.rows.find((each) => each.id === exercise.id);
      if (!row || row.status === 'not-started') continue;
      submissions.set(outcome.student.name, await submittedFiles(exerciseFolder(outcome.student.workspace, exercise.folderId)));
    }
    if (submissions.size < 2) continue;
    const starter = await submittedFiles(exercise.starterDir);
    pairs.push(...similarPairs(exercise.id, submissions, starter, threshold));
  }
  return pairs;
}
