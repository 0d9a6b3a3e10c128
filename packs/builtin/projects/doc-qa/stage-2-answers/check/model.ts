// The simulated model of the doc-qa project (stages 2 and 3), written as code. It knows, for the
// question a scenario asks, which sentences of Kestrel's documents answer it, as a careful reader
// would; it answers only with those it finds in the request, and cites the passage id written
// before each. It reads no instruction: what it does depends on what the request carries. The
// rules are STAGE-2.md's "The simulated model" (and STAGE-3.md's for the asides); keep them in
// step. This file stays in the pack; learners never see it.

export interface Knowledge {
  /** The customer's question, as the scenario asks it. */
  question: string;
  /** The sentences of the documents that answer it, in the order the model says them. */
  facts: string[];
  /** What the model adds from outside the documents (STAGE-3.md), with no citation or with one it was never sent. */
  aside?: { sentence: string; cites: 'nothing' | 'unsent' };
  /** The model adds a second citation, one it was never sent, to its first cited sentence (STAGE-3.md). */
  overCites?: boolean;
}

type Content = string | { type: string; text?: string }[] | undefined;
export interface Request {
  model: string;
  max_tokens: number;
  system?: Content;
  messages: { role: string; content: Content }[];
}

export const NOT_FOUND = 'I could not find the answer to that in the passages.';
export const NO_QUESTION = 'Which question would you like me to answer from these passages?';

/** A passage id as STAGE-2.md defines it: a document id (letters, digits, hyphens), "#", a number. */
export const PASSAGE_ID = /[a-z0-9]+(?:-[a-z0-9]+)*#\d+/g;

const textOf = (content: Content): string =>
  typeof content === 'string' ? content : (content ?? []).map((block) => (block.type === 'text' ? (block.text ?? '') : '')).join('\n');

/** Everything the request carries as text: the system prompt, then every message. */
export function requestText(request: Request): string {
  return [textOf(request.system), ...request.messages.map((message) => textOf(message.content))].join('\n\n');
}

/** Letter case and spacing aside. */
export const plain = (text: string): string => text.toLowerCase().replace(/\s+/g, ' ').trim();

/** The request cut at each passage id: the text after an id, up to the next one, is that id's passage. */
export function segments(text: string): { id: string; text: string }[] {
  const marks = [...text.matchAll(PASSAGE_ID)];
  return marks.map((mark, i) => ({ id: mark[0], text: text.slice((mark.index ?? 0) + mark[0].length, marks[i + 1]?.index ?? text.length) }));
}

/** Where the model finds a sentence: in the passage of the first id whose text holds it, outside any passage, or nowhere. */
export function locate(sentence: string, text: string): { id: string } | 'unlabelled' | undefined {
  const wanted = plain(sentence);
  const found = segments(text).find((segment) => plain(segment.text).includes(wanted));
  if (found) return { id: found.id };
  const before = text.slice(0, text.search(PASSAGE_ID) < 0 ? text.length : text.search(PASSAGE_ID));
  return plain(before).includes(wanted) ? 'unlabelled' : undefined;
}

const cite = (sentence: string, ...ids: string[]): string => `${sentence.replace(/[.!?]$/, '')} ${ids.map((id) => `[${id}]`).join(' ')}.`;

/** An id the request never carried: the first document it names, one paragraph past the last it sent. */
function unsentId(text: string): string | undefined {
  const ids = [...text.matchAll(PASSAGE_ID)].map((match) => match[0]);
  const first = ids[0];
  if (!first) return undefined;
  const document = first.slice(0, first.lastIndexOf('#'));
  const highest = Math.max(...ids.filter((id) => id.startsWith(`${document}#`)).map((id) => Number(id.slice(document.length + 1))));
  return `${document}#${highest + 1}`;
}

/** What the model writes for this request. */
export function answerText(knowledge: Knowledge, request: Request): string {
  const text = requestText(request);
  if (!plain(text).includes(plain(knowledge.question))) return NO_QUESTION;
  const said: string[] = [];
  const invented = unsentId(text);
  let overCite = knowledge.overCites === true;
  for (const fact of knowledge.facts) {
    const where = locate(fact, text);
    if (where === 'unlabelled') said.push(fact);
    else if (where) {
      said.push(overCite && invented ? cite(fact, where.id, invented) : cite(fact, where.id));
      overCite = false;
    }
  }
  if (said.length === 0) said.push(NOT_FOUND);
  if (knowledge.aside) said.push(knowledge.aside.cites === 'unsent' && invented ? cite(knowledge.aside.sentence, invented) : knowledge.aside.sentence);
  return said.join(' ');
}

/** The responder a scenario hands the simulator. */
export function policyModel(knowledge: Knowledge) {
  return (request: unknown) => ({ reply: { content: [{ type: 'text' as const, text: answerText(knowledge, request as Request) }] } });
}
