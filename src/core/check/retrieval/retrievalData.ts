import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';

/** A document the learner chunks: its path under the documents folder, and its text. */
export interface RetrievalDocument {
  id: string;
  text: string;
}

const question = z.strictObject({
  id: z.string().min(1),
  question: z.string().min(1),
  /** A passage of one document, word for word: a retrieved chunk must contain all of it. */
  answer: z.string().min(1),
});

export type RetrievalQuestion = z.output<typeof question> & { hidden: boolean; line: number };

/** Every Markdown and text file under `dir`, in a stable order. */
export function loadDocuments(dir: string): RetrievalDocument[] {
  const documents: RetrievalDocument[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(md|markdown|txt)$/i.test(entry.name)) documents.push({ id: path.relative(dir, full).split(path.sep).join('/'), text: readFileSync(full, 'utf8') });
    }
  };
  walk(dir);
  return documents;
}

/** The questions of a JSONL file; a bad line throws with its file, line and field. */
export function parseQuestions(text: string, file: string, hidden: boolean): RetrievalQuestion[] {
  const questions: RetrievalQuestion[] = [];
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new Error(`${file}:${index + 1}: not JSON (${(error as Error).message})`);
    }
    const parsed = question.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${file}:${index + 1} ${issue?.path.join('.') || '(line)'}: ${issue?.message ?? 'invalid'}`);
    }
    questions.push({ ...parsed.data, hidden, line: index + 1 });
  });
  return questions;
}

/** Whitespace collapsed, so a passage matches across line breaks and re-wrapped text. */
export function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
