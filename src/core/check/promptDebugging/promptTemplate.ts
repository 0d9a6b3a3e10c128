import type { ModelRequest } from '../../model/modelRequest';

/** The learner's prompt: a system prompt and a user-message template, with where each came from. */
export interface PromptFiles {
  system: { file: string; text: string };
  user: { file: string; text: string };
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w]*)\s*\}\}/g;

export interface PlaceholderProblem {
  file: string;
  line: number;
  column: number;
  name: string;
}

/** Placeholders in the prompt that no case provides, with their positions. */
export function unknownPlaceholders(prompt: PromptFiles, inputs: ReadonlySet<string>): PlaceholderProblem[] {
  const problems: PlaceholderProblem[] = [];
  for (const part of [prompt.system, prompt.user]) {
    for (const match of part.text.matchAll(PLACEHOLDER)) {
      const name = match[1] ?? '';
      if (inputs.has(name)) continue;
      const before = part.text.slice(0, match.index);
      const line = before.split('\n').length;
      problems.push({ file: part.file, line, column: match.index - before.lastIndexOf('\n'), name });
    }
  }
  return problems;
}

/** The placeholders the prompt uses. */
export function placeholdersOf(prompt: PromptFiles): Set<string> {
  return new Set([...`${prompt.system.text}\n${prompt.user.text}`.matchAll(PLACEHOLDER)].map((match) => match[1] ?? ''));
}

function fill(template: string, input: Readonly<Record<string, string | number | boolean>>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => (name in input ? String(input[name]) : whole));
}

/** The request for one case: the filled system prompt and one user turn. */
export function renderRequest(
  prompt: PromptFiles,
  input: Readonly<Record<string, string | number | boolean>>,
  parameters: { maxTokens: number },
): ModelRequest {
  return {
    system: fill(prompt.system.text, input).trim(),
    messages: [{ role: 'user', content: fill(prompt.user.text, input).trim() }],
    maxTokens: parameters.maxTokens,
  };
}
