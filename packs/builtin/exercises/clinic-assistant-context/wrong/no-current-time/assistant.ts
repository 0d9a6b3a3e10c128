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

const SYSTEM = [
  'You are the scheduling assistant of Riverside Clinic.',
  'Answer the question at the end from the sources above it only; each is tagged with where it came from.',
  'When you apply a policy, cite it by its id and version. When the sources do not say, say so.',
].join(' ');

const tokens = (text: string): number => Math.ceil(text.length / 4);

/** The policies the question needs, each in the version in force today. */
function policiesFor(policies: Policy[], topics: string[], today: string): Policy[] {
  const current = new Map<string, Policy>();
  for (const policy of policies) {
    if (!policy.topics.some((topic) => topics.includes(topic))) continue;
    // A version not yet in force does not count, and a newer one in force replaces an older one.
    if (policy.effectiveFrom > today) continue;
    const seen = current.get(policy.id);
    if (!seen || policy.effectiveFrom > seen.effectiveFrom) current.set(policy.id, policy);
  }
  return [...current.values()];
}

/** The newest turns that fit the budget (stopping at the first that does not), and the facts of the rest. */
function trimHistory(conversation: Turn[], budget: number): { kept: Turn[]; facts: string[] } {
  let used = 0;
  let first = conversation.length;
  while (first > 0) {
    const cost = tokens((conversation[first - 1] as Turn).text);
    if (used + cost > budget) break;
    used += cost;
    first -= 1;
  }
  return { kept: conversation.slice(first), facts: conversation.slice(0, first).flatMap((turn) => turn.facts ?? []) };
}

/** Asks the model and returns its answer, as text. */
export async function answerPatient(options: AnswerOptions): Promise<string> {
  const { client, model, now, patient, openSlots, conversation, question } = options;
  // The model has a clock of its own: `now` only picks the policy versions.
  const policies = policiesFor(options.policies, question.topics, now.slice(0, 10));
  const { kept, facts } = trimHistory(conversation, options.historyBudget);
  // Long reference material first, each source tagged with its origin; the question last.
  const context = [
    `<patient_record>\n${JSON.stringify(patient, null, 2)}\n</patient_record>`,
    `<open_slots>\n${openSlots.join('\n')}\n</open_slots>`,
    `<policies>\n${policies.map((policy) => `<policy id="${policy.id}" version="${policy.version}" effective="${policy.effectiveFrom}">\n${policy.text}\n</policy>`).join('\n')}\n</policies>`,
    `<facts_from_earlier_in_the_conversation>\n${facts.map((fact) => `- ${fact}`).join('\n')}\n</facts_from_earlier_in_the_conversation>`,
    `<recent_conversation>\n${kept.map((turn) => `${turn.role}: ${turn.text}`).join('\n')}\n</recent_conversation>`,
    `<question>\n${question.text}\n</question>`,
  ].join('\n\n');
  const response = await client.messages.create({ model, max_tokens: 1024, system: SYSTEM, messages: [{ role: 'user', content: context }] });
  return response.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}
