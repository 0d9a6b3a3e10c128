// The clinic's scheduling assistant: one model call answers a patient's question from the
// patient's record, the clinic's policies and the conversation so far. See README.md.
import type Anthropic from '@anthropic-ai/sdk';

/** One version of a clinic policy, as the policy store keeps them (old and future versions too). */
export interface Policy {
  id: string;
  version: number;
  /** The day this version takes effect, YYYY-MM-DD. */
  effectiveFrom: string;
  /** What the policy is about, in the intake step's words (cancel, reschedule, fees, refills…). */
  topics: string[];
  title: string;
  text: string;
}

/** One turn of the chat so far. `facts` are what the app's note-taker kept from it. */
export interface Turn {
  role: 'patient' | 'assistant';
  text: string;
  facts?: string[];
}

export interface AnswerOptions {
  client: Anthropic;
  model: string;
  /** The clinic's local date and time, "YYYY-MM-DD HH:MM". */
  now: string;
  /** The patient's record, as the records system returns it. */
  patient: Record<string, unknown>;
  /** The open appointment slots, "YYYY-MM-DD HH:MM" each. */
  openSlots: string[];
  /** Every version of every clinic policy. */
  policies: Policy[];
  /** The conversation so far, oldest turn first; the question is not in it. */
  conversation: Turn[];
  /** The patient's new message, and the topics the intake step tagged it with. */
  question: { text: string; topics: string[] };
  /** How many tokens of conversation the request may carry; a turn costs ceil(text.length / 4). */
  historyBudget: number;
}

const SYSTEM = 'You are the scheduling assistant of Riverside Clinic. Answer the patient from the information below.';

/** Asks the model and returns its answer, as text. */
export async function answerPatient(options: AnswerOptions): Promise<string> {
  const { client, model, patient, openSlots, policies, conversation, question } = options;
  // TODO: this sends everything the app has, in the order it came to mind. Build the context
  // instead (README.md): today's date and time; each source in a tag that says where it came
  // from; only the policies the question needs, in the version in force today; the newest turns
  // that fit options.historyBudget, plus the facts of the turns you drop; and the question last.
  const prompt = [
    `Question: ${question.text}`,
    `Patient: ${JSON.stringify(patient)}`,
    `Open slots: ${openSlots.join(', ')}`,
    `Clinic policies:\n${policies.map((policy) => policy.text).join('\n')}`,
    `Conversation so far:\n${conversation.map((turn) => `${turn.role}: ${turn.text}`).join('\n')}`,
  ].join('\n\n');
  const response = await client.messages.create({ model, max_tokens: 1024, system: SYSTEM, messages: [{ role: 'user', content: prompt }] });
  return response.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}
