// The simulated model of the legal-intake-output-controls exercise, written as code. It reads
// what a request carries (the enquiry or contract the scenario gave the learner's function, the
// matters the request names, how many subject lines it asks for) and answers as the README's
// "The simulated model" section says. The simulator then applies the request's stop_sequences
// and max_tokens to the text, as the API does. This file stays in the pack; learners never see it.

export const MATTERS = ['employment', 'housing', 'family', 'consumer'] as const;
export type Matter = (typeof MATTERS)[number];

/** The words that point to each matter, compared whole, in any case, a final "s" ignored. */
export const CUES: Record<Matter, string[]> = {
  employment: ['employer', 'boss', 'manager', 'dismissed', 'fired', 'sacked', 'redundancy', 'redundant', 'wage', 'salary', 'overtime', 'shift', 'job', 'workplace'],
  housing: ['landlord', 'tenant', 'tenancy', 'rent', 'deposit', 'lease', 'eviction', 'evicted', 'flat', 'mould', 'repair', 'letting'],
  family: ['divorce', 'separated', 'separation', 'custody', 'child', 'children', 'maintenance', 'spouse', 'husband', 'wife', 'marriage'],
  consumer: ['refund', 'faulty', 'warranty', 'retailer', 'shop', 'purchase', 'bought', 'delivery', 'delivered', 'guarantee'],
};

/** The five subject lines the model knows for each matter, most likely first, and for an enquiry of no matter. */
export const SUBJECT_LINES: Record<Matter | 'none', string[]> = {
  employment: ['Your employment enquiry: what happens next', 'Re: your situation at work', 'We have received your question about your job', 'Employment team: first steps on your enquiry', 'Your rights at work: how we can help'],
  housing: ['Your housing enquiry: what happens next', 'Re: your dispute with your landlord', 'We have received your tenancy question', 'Housing team: first steps on your enquiry', 'Your home and tenancy: how we can help'],
  family: ['Your family enquiry: what happens next', 'Re: your separation and arrangements', 'We have received your family law question', 'Family team: first steps on your enquiry', 'You and your family: how we can help'],
  consumer: ['Your consumer enquiry: what happens next', 'Re: your purchase and the retailer', 'We have received your question about a purchase', 'Consumer team: first steps on your enquiry', 'Your rights as a buyer: how we can help'],
  none: ['Your enquiry: what happens next', 'Re: your enquiry to our firm', 'We have received your question', 'Intake team: first steps on your enquiry', 'Your enquiry: how we can help'],
};

/** How often a one-line request gets each of the five lines: half the time the first. */
export const LINE_WEIGHTS = [0.5, 0.2, 0.15, 0.1, 0.05];
/** The simulator's dice: the n-th one-line request of a check draws the n-th number (then they start again). */
export const DRAWS = [0.31, 0.07, 0.52, 0.18, 0.74, 0.42, 0.93, 0.26, 0.61, 0.04];

const NUMBER_WORDS = ['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

interface Block {
  type: string;
  text?: string;
}
export interface IntakeRequest {
  model: string;
  max_tokens: number;
  system?: string | Block[];
  messages: { role: string; content: string | Block[] }[];
  stop_sequences?: string[];
  temperature?: unknown;
  top_p?: unknown;
  top_k?: unknown;
}

/** Every piece of text the request carries: the system prompt and every message's text. */
export function requestText(request: IntakeRequest): string {
  const parts = (content: string | Block[] | undefined): string =>
    typeof content === 'string' ? content : (content ?? []).map((block) => (block.type === 'text' ? (block.text ?? '') : '')).join('\n');
  return [parts(request.system), ...request.messages.map((message) => parts(message.content))].join('\n');
}

const words = (text: string): string[] => (text.toLowerCase().match(/[a-z]+/g) ?? []).map((word) => word.replace(/s$/, ''));

/** The cue words of each matter that `text` holds, in the order the text has them. */
export function cuesIn(text: string): Record<Matter, string[]> {
  const found = Object.fromEntries(MATTERS.map((matter) => [matter, [] as string[]])) as Record<Matter, string[]>;
  for (const word of words(text)) {
    for (const matter of MATTERS) {
      if (CUES[matter].some((cue) => cue.replace(/s$/, '') === word) && !found[matter].includes(word)) found[matter].push(word);
    }
  }
  return found;
}

/** The matter with the most cue words among `among` (the first of them on a tie), or undefined when none has any. */
export function likeliestMatter(text: string, among: readonly Matter[] = MATTERS): Matter | undefined {
  const cues = cuesIn(text);
  let best: Matter | undefined;
  for (const matter of among) if (cues[matter].length > 0 && (best === undefined || cues[matter].length > cues[best].length)) best = matter;
  return best;
}

/** The request's own words, without the document it carries: what it asks, not what it quotes. */
function instructions(request: IntakeRequest, document: string): string {
  return requestText(request).split(document).join(' ');
}

/** The matters the request names in its own words, in the order it names them. */
export function namedMatters(request: IntakeRequest, enquiry: string): Matter[] {
  const own = instructions(request, enquiry).toLowerCase();
  return MATTERS.filter((matter) => new RegExp(`\\b${matter}\\b`).test(own)).sort((a, b) => own.search(new RegExp(`\\b${a}\\b`)) - own.search(new RegExp(`\\b${b}\\b`)));
}

/** How many subject lines the request asks for: a number from 2 to 9 shortly before "subject lines", "lines", "options"…; else 1. */
export function linesAskedFor(request: IntakeRequest, enquiry: string): number {
  const asked = new RegExp(`\\b([2-9]|${NUMBER_WORDS.join('|')})\\s+(?:[\\w-]+\\s+){0,3}?(?:subject\\s+lines|subjects|lines|options|suggestions|alternatives)\\b`, 'i').exec(instructions(request, enquiry));
  if (!asked) return 1;
  const number = asked[1] as string;
  return /^\d$/.test(number) ? Number(number) : NUMBER_WORDS.indexOf(number.toLowerCase()) + 2;
}

/** The line a one-line request gets with the draw `draw`: the line in whose share of [0, 1) it falls. */
export function drawnLine(draw: number): number {
  let upTo = 0;
  for (const [index, weight] of LINE_WEIGHTS.entries()) {
    upTo += weight;
    if (draw < upTo) return index;
  }
  return LINE_WEIGHTS.length - 1;
}

type Answer = { name: string; reply: { content: { type: 'text'; text: string }[] } } | { name: string; error: { status: number; type: string; message: string } };
const say = (name: string, text: string): Answer => ({ name, reply: { content: [{ type: 'text', text }] } });

/**
 * The API version the SDK sends (2026-10-21) takes no sampling parameters, at any value; the
 * engine's simulator still accepts them (as 2023-06-01 does), so this model refuses them for it.
 */
function refusesSampling(request: IntakeRequest): Answer | undefined {
  const sent = (['temperature', 'top_p', 'top_k'] as const).find((field) => request[field] !== undefined);
  return sent ? { name: `refused ${sent}`, error: { status: 400, type: 'invalid_request_error', message: `${sent}: Extra inputs are not permitted` } } : undefined;
}

/** The model of classifyMatter: a label first, then, whatever it was asked, a blank line and a sentence of reasons. */
export function classifierModel(enquiry: string) {
  return (raw: unknown): Answer => {
    const request = raw as IntakeRequest;
    const refused = refusesSampling(request);
    if (refused) return refused;
    if (!requestText(request).includes(enquiry)) return say('no enquiry', 'I do not see an enquiry in your message. Could you paste it in?');
    const named = namedMatters(request, enquiry);
    if (named.length < 2) {
      const matter = likeliestMatter(enquiry);
      return say('own words', matter ? `This sounds like a ${matter === 'housing' ? 'dispute about a home' : matter === 'consumer' ? 'problem with a purchase' : `${matter} problem`}. I would want to know more before saying which team should take it.` : 'I am not sure what kind of legal help this person needs.');
    }
    const matter = likeliestMatter(enquiry, named);
    if (!matter) return say('none of the matters', `I cannot tell which of these matters the enquiry is about: it mentions nothing that points to ${named.join(', ')}.`);
    const cues = cuesIn(enquiry)[matter];
    return say(matter, `${matter}\n\nThe enquiry mentions ${cues.join(', ')}, which points to a ${matter} matter rather than any other the firm handles.`);
  };
}

/** The model of suggestSubjectLines: asked for n lines, its n most likely; asked for one, a line drawn with the simulator's dice. */
export function subjectLineModel(enquiry: string) {
  let oneLineRequests = 0;
  return (raw: unknown): Answer => {
    const request = raw as IntakeRequest;
    const refused = refusesSampling(request);
    if (refused) return refused;
    if (!requestText(request).includes(enquiry)) return say('no enquiry', 'Happy to help with a subject line. What is the email about?');
    const lines = SUBJECT_LINES[likeliestMatter(enquiry) ?? 'none'];
    const asked = linesAskedFor(request, enquiry);
    if (asked > 1) return say(`${Math.min(asked, lines.length)} lines`, lines.slice(0, asked).join('\n'));
    const draw = DRAWS[oneLineRequests++ % DRAWS.length] as number;
    const line = drawnLine(draw);
    return say(`one line (draw ${draw}: line ${line + 1})`, lines[line] as string);
  };
}

/** The model of quoteFirstClause: it quotes the contract from its first clause on, and keeps going until something stops it. */
export function clauseModel(contract: string) {
  const start = contract.search(/^1\. /m);
  const firstLine = contract.slice(start).split('\n')[0] as string;
  return (raw: unknown): Answer => {
    const request = raw as IntakeRequest;
    const refused = refusesSampling(request);
    if (refused) return refused;
    if (!requestText(request).includes(firstLine)) return say('no contract', 'I cannot find a numbered clause in what you sent. Could you paste the contract?');
    return say('quotes from clause 1', contract.slice(start));
  };
}
