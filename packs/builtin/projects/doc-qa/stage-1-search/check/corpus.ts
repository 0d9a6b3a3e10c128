// Shared by the harnesses of every stage of the doc-qa project: Kestrel's policy documents (the
// learner's docs/ folder, read from this stage's starter) and the judge's own search, written
// apart from the reference so that the two check each other. Its rules are STAGE-1.md's. This
// file stays in the pack; learners never see it.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export interface Doc {
  id: string;
  text: string;
}
export interface JudgePassage {
  id: string;
  docId: string;
  title: string;
  section: string;
  text: string;
}
export interface JudgeHit extends JudgePassage {
  score: number;
}

const DOCS_DIR = path.join(__dirname, '..', 'starter', 'docs');

/** Kestrel's documents, as the checks hand them over: every file of docs/, by file name. */
export const DOCUMENTS: Doc[] = readdirSync(DOCS_DIR)
  .filter((name) => name.endsWith('.md'))
  .sort()
  .map((name) => ({ id: name.slice(0, -'.md'.length), text: readFileSync(path.join(DOCS_DIR, name), 'utf8') }));

export const STOP = new Set(
  'a about an and are as at be by can do does for from get has have how i if in is it its me my of on or our so that the their them there this to us was we what when where which who will with you your'.split(' '),
);

export function words(text: string): string[] {
  const found: string[] = [];
  for (const match of text.toLowerCase().matchAll(/[a-z0-9]+/g)) if (!STOP.has(match[0])) found.push(match[0]);
  return found;
}

/** Spaces collapsed: the checks compare texts whatever their whitespace. */
export const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Paragraphs as passages: STAGE-1.md's rule 1. */
export function paragraphs(documents: Doc[]): JudgePassage[] {
  return documents.flatMap((document) => {
    const out: JudgePassage[] = [];
    let title = '';
    let section = '';
    for (const raw of document.text.split(/\n[ \t\r]*\n/)) {
      const block = raw.trim();
      if (!block) continue;
      if (/^## /.test(block)) section = block.replace(/^## /, '').trim();
      else if (/^# /.test(block)) title = block.replace(/^# /, '').trim();
      else out.push({ id: `${document.id}#${out.length + 1}`, docId: document.id, title, section, text: block });
    }
    return out;
  });
}

/** BM25 as STAGE-1.md states it, every hit with a positive score, best first, ties in passage order. */
export function judgeSearch(documents: Doc[], question: string, k = 3): JudgeHit[] {
  const passages = paragraphs(documents);
  const bags = passages.map((passage) => words([passage.title, passage.section, passage.text].join(' ')));
  const n = passages.length;
  const avgdl = bags.reduce((sum, bag) => sum + bag.length, 0) / n;
  const query = Array.from(new Set(words(question)));
  const hits: JudgeHit[] = [];
  passages.forEach((passage, index) => {
    const bag = bags[index] as string[];
    let score = 0;
    for (const term of query) {
      const tf = bag.reduce((count, word) => count + (word === term ? 1 : 0), 0);
      if (!tf) continue;
      const df = bags.filter((other) => other.includes(term)).length;
      score += Math.log(1 + (n - df + 0.5) / (df + 0.5)) * ((tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * bag.length) / avgdl)));
    }
    if (score > 0) hits.push({ ...passage, score });
  });
  return hits
    .map((hit, order) => ({ hit, order }))
    .sort((a, b) => b.hit.score - a.hit.score || a.order - b.order)
    .slice(0, k)
    .map(({ hit }) => hit);
}

/** The passage of Kestrel's documents with this id. */
export function passageById(id: string): JudgePassage {
  const found = paragraphs(DOCUMENTS).find((passage) => passage.id === id);
  if (!found) throw new Error(`no passage ${id} in the documents`);
  return found;
}
