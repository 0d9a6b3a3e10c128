// The simulated model of the support-reply-tracing exercise: it plays the three steps of the reply
// flow as the starter asks for them (classify, draft, review), answering from what each request
// carries: the ticket's words, the category and the customer's name in the draft request, the
// policy in the system prompt, the draft under review. The README's "The simulated model" states
// these rules. This file stays in the pack.
import { POLICY_LINES } from './policy';

interface Block {
  type: string;
  text?: string;
}
export interface FlowRequest {
  model: string;
  system?: string | Block[];
  messages: { role: string; content: string | Block[] }[];
}

export type Step = 'classify' | 'draft' | 'review';

const textOf = (content: string | Block[] | undefined): string =>
  content === undefined ? '' : typeof content === 'string' ? content : content.map((block) => (block.type === 'text' ? (block.text ?? '') : '')).join('\n');

export const systemOf = (request: FlowRequest): string => textOf(request.system);
export const lastUserText = (request: FlowRequest): string => textOf([...request.messages].reverse().find((message) => message.role === 'user')?.content);

/** Which step of the flow a request is, by what it asks. */
export function stepOf(request: FlowRequest): Step | undefined {
  const asked = lastUserText(request);
  if (/^Classify the support ticket/.test(systemOf(request))) return 'classify';
  if (asked.startsWith('Write the reply to this')) return 'draft';
  if (asked.startsWith('Does this reply follow the policy')) return 'review';
  return undefined;
}

/** The words that make a ticket belong to a category. */
const SIGNS: [string, RegExp][] = [
  ['billing', /\b(charged?|refund|invoice|payment)\b/i],
  ['shipping', /\b(parcel|delivery|delivered|arrived|tracking|courier)\b/i],
  ['returns', /\b(return|send it back|exchange)\b/i],
  ['account', /\b(password|log ?in|sign ?in|locked|account)\b/i],
];

/** Classify: one word when one category fits; when several do, it says so at length. */
function classify(ticket: string): string {
  const fits = SIGNS.filter(([, sign]) => sign.test(ticket)).map(([category]) => category);
  if (fits.length === 0) return 'other';
  if (fits.length === 1) return fits[0] as string;
  return `${fits.join(' or ')}: the customer raises ${fits.length} separate problems in one ticket, so it could go to either team`;
}

/** Draft: a reply to the customer, by first name, with the policy's line for the category when the system prompt has it. */
function draft(request: FlowRequest): string {
  const asked = lastUserText(request);
  const category = Object.keys(POLICY_LINES).find((name) => new RegExp(`^Write the reply to this ${name}\\b`).test(asked)) ?? 'other';
  const firstName = /\bfrom ([A-Z][a-z]+)/.exec(asked)?.[1] ?? 'there';
  const line = POLICY_LINES[category] as string;
  const rule = systemOf(request).includes(line) ? line : 'We will look into this and get back to you.';
  return `Dear ${firstName},\n\nThank you for writing to us, and I am sorry for the trouble. ${rule}\n\nHarbour Home Support`;
}

/** Review: approved when the draft names the customer and signs off as the policy asks. */
function review(request: FlowRequest): string {
  const asked = lastUserText(request);
  return /Dear [A-Z][a-z]+,/.test(asked) && asked.includes('Harbour Home Support')
    ? 'APPROVED: the reply names the customer and states what happens next.'
    : 'REJECTED: the reply must name the customer and sign off as Harbour Home Support.';
}

/** The answer of the step a request is, or undefined when it is none of the three. */
export function answerOf(request: FlowRequest): { step: Step; text: string } | undefined {
  const step = stepOf(request);
  if (step === 'classify') return { step, text: classify(lastUserText(request)) };
  if (step === 'draft') return { step, text: draft(request) };
  if (step === 'review') return { step, text: review(request) };
  return undefined;
}
