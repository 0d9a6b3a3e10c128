// The simulated model of the contract-qa-caching exercise: it answers a lawyer's question from
// the contract text the request carries, wherever and however the request carries it (a system
// prompt, text blocks, document blocks), in any wording of the instructions. It finds the
// question, scores every clause of the contract against it, and quotes the best clause. Its
// rules are the README's "The simulated model". This file stays in the pack.

interface Block {
  type: string;
  text?: string;
  title?: string;
  source?: { type?: string; media_type?: string; data?: string; content?: string | Block[] };
}
export interface ContractRequest {
  model: string;
  system?: string | Block[];
  messages: { role: string; content: string | Block[] }[];
}

export interface Clause {
  /** Its number, as the contract writes it: "14.2", "B.3". */
  number: string;
  /** The whole paragraph, number included. */
  text: string;
}

/** The text of one block: a text block's text, a document's title and its plain-text source. */
function blockText(block: Block | string): string {
  if (typeof block === 'string') return block;
  if (block.type === 'text') return block.text ?? '';
  if (block.type === 'document') {
    const source = block.source;
    const body = source?.type === 'text' ? (source.data ?? '') : source?.type === 'content' ? contentText(source.content) : '';
    return [block.title ?? '', body].join('\n\n');
  }
  return '';
}

function contentText(content: string | Block[] | undefined): string {
  if (content === undefined) return '';
  return typeof content === 'string' ? content : content.map(blockText).join('\n\n');
}

/** Everything the request carries as text, in request order: the system prompt, then each message. */
export function requestTexts(request: ContractRequest): string[] {
  return [contentText(request.system), ...request.messages.map((message) => contentText(message.content))];
}

/** A clause starts a paragraph with its number: "14.2 Termination…", "B.3 Payment…". */
const CLAUSE = /^(\d{1,2}\.\d{1,2}|[A-Z]\.\d{1,2}) \S/;

/** The clauses in `texts`, in order. A JSON-escaped text ("\\n") reads as the text it escapes. */
export function clausesIn(texts: string[]): Clause[] {
  const clauses: Clause[] = [];
  for (const text of texts) {
    for (const paragraph of text.replace(/\\n/g, '\n').replace(/\\"/g, '"').split(/\n/)) {
      const line = paragraph.trim();
      const number = CLAUSE.exec(line)?.[1];
      if (number) clauses.push({ number, text: line });
    }
  }
  return clauses;
}

/** The question: the last sentence that ends with a question mark in the last user message. */
export function questionIn(request: ContractRequest): string | undefined {
  const last = [...request.messages].reverse().find((message) => message.role === 'user');
  if (!last) return undefined;
  const sentences = contentText(last.content).match(/[^.?!\n]*\?/g);
  return sentences?.at(-1)?.trim();
}

const STOP_WORDS = new Set(
  ('a about after all an and any are as at be before by can could do does for from has have how if in into is it its ' +
    'long many may much must need needs of on or our should so than that the their them there these they this those to ' +
    'under until up us was we were what when where which while who whom why will with within would you your agreement ' +
    'contract say says party parties either each').split(' '),
);

/** A word without case, punctuation or simple endings: "notice", "notices" and "noticed" are one. */
function stem(word: string): string {
  let w = word.toLowerCase();
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ied')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

export function contentWords(text: string): Set<string> {
  return new Set((text.match(/[A-Za-z][A-Za-z-]*|\d+/g) ?? []).filter((word) => !STOP_WORDS.has(word.toLowerCase())).map(stem));
}

/**
 * The clause that answers `question`: the one that shares the most of the question's content
 * words, each weighted by how rare it is among the clauses (a word every clause has says little).
 * A tie goes to the clause that comes later in the request. At least two of the question's words
 * must match, or no clause answers.
 */
export function bestClause(question: string, clauses: Clause[]): Clause | undefined {
  const asked = [...contentWords(question)];
  const words = clauses.map((clause) => contentWords(clause.text));
  const weight = (word: string): number => Math.log(1 + clauses.length / Math.max(1, words.filter((set) => set.has(word)).length));
  let best: { clause: Clause; score: number } | undefined;
  clauses.forEach((clause, index) => {
    const matched = asked.filter((word) => words[index]?.has(word));
    if (matched.length < 2) return;
    const score = matched.reduce((sum, word) => sum + weight(word), 0);
    if (!best || score >= best.score - 1e-9) best = { clause, score };
  });
  return best?.clause;
}

export const NO_CONTRACT = 'I cannot see a contract in this conversation, so I cannot answer from it.';
export const NO_QUESTION = 'What would you like to know about the contract?';
export const NOT_COVERED = 'The contract does not address that.';

/** The answer the model gives: the clause that answers the question, quoted. */
export function answer(request: ContractRequest): { text: string; clause?: Clause } {
  const clauses = clausesIn(requestTexts(request));
  if (clauses.length === 0) return { text: NO_CONTRACT };
  const question = questionIn(request);
  if (!question) return { text: NO_QUESTION };
  const clause = bestClause(question, clauses);
  if (!clause) return { text: NOT_COVERED };
  const [, heading = '', body = ''] = /^\S+ ([^.]+)\. (.*)$/.exec(clause.text) ?? [];
  return { text: `Clause ${clause.number} (${heading}): ${body}`, clause };
}
