// The harness of the support-routing-costs exercise. The simulator plays two model tiers on
// thirty tickets: claude-haiku-4-5 routes the easy tickets right and gets the four hard ones
// wrong (saying it is unsure); claude-sonnet-4-6 and the Opus models route every ticket right.
// A prompt that asks for reasoning gets a paragraph of it before the JSON; a system prompt
// without the routing rules gets "unknown". This file stays in the pack; learners never see it.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
// The baseline is the pipeline the learner starts from: the pack's starter, measured in the same run.
import { routeTickets as baselinePipeline } from '../starter/pipeline';
import { CHEAP_MODEL_MISTAKES, TICKETS } from './tickets';

const HANDBOOK = readFileSync(path.join(__dirname, '..', 'starter', 'handbook.md'), 'utf8');
const CHEAP = 'claude-haiku-4-5';
const STRONG = ['claude-sonnet-4-6', 'claude-sonnet-4-5', 'claude-opus-4-6', 'claude-opus-4-5'];

const answer = (team: string, confidence: 'high' | 'low'): string => JSON.stringify({ team, confidence });

/** What a model says when asked to reason first: a paragraph, then the JSON line. */
function reasoned(ticketText: string, team: string, confidence: 'high' | 'low'): string {
  return [
    `Let me work through the routing rules step by step. The customer writes: "${ticketText.slice(0, 80)}…".`,
    'First, precedence rule 1: does money leave an account without the owner\'s consent? I look for phrases such as "I did not make this payment" or "someone used my card".',
    'Rule 2 concerns security locks, rule 3 failures that several customers report at once, rule 4 deletion requests, rule 5 sarcasm and negation, and rule 6 stolen hardware.',
    'Having weighed which of these apply, and then the routing table for the product the ticket names, I settle on the owning team and the priority that follows from it.',
    answer(team, confidence),
  ].join('\n');
}

// A short think before each answer: as with the API, requests sent together before the first
// answer starts cannot read each other's cache writes.
const say = (text: string) => ({ delayMs: 5, reply: { content: [{ type: 'text', text }] } });

function rules(): unknown[] {
  const all: unknown[] = [];
  for (const ticket of TICKETS) {
    const key = ticket.text.slice(0, 48);
    all.push({ name: `${ticket.id} without the rules`, when: { userText: key, systemLacks: 'ROUTING RULES v3' }, ...say(answer('unknown', 'low')) });
    const cheapTeam = CHEAP_MODEL_MISTAKES[ticket.id] ?? ticket.team;
    const cheapConfidence = ticket.hard ? 'low' : 'high';
    all.push({ name: `${ticket.id} haiku, reasoning`, when: { model: CHEAP, userText: key, system: 'step by step' }, ...say(reasoned(ticket.text, cheapTeam, cheapConfidence)) });
    all.push({ name: `${ticket.id} haiku`, when: { model: CHEAP, userText: key }, ...say(answer(cheapTeam, cheapConfidence)) });
    for (const model of STRONG) {
      all.push({ name: `${ticket.id} ${model}, reasoning`, when: { model, userText: key, system: 'step by step' }, ...say(reasoned(ticket.text, ticket.team, 'high')) });
      all.push({ name: `${ticket.id} ${model}`, when: { model, userText: key }, ...say(answer(ticket.team, 'high')) });
    }
  }
  all.push({
    name: 'another model',
    error: { status: 404, type: 'not_found_error', message: `this workload's simulator plays ${CHEAP} and ${STRONG.join(', ')}, one ticket per request` },
  });
  return all;
}

export const workload = {
  rules: rules(),
  options: { tickets: TICKETS.map(({ id, text }) => ({ id, text })), handbook: HANDBOOK },
};

export const baseline = baselinePipeline as (options: Record<string, unknown>) => Promise<unknown>;

export function score(result: unknown): { correct: number; total: number; wrong: string[] } {
  if (!Array.isArray(result)) throw new Error(`routeTickets must return an array of { id, team }; it returned ${typeof result}`);
  const teams = new Map<string, unknown>(result.map((item: { id?: unknown; team?: unknown }) => [String(item?.id), item?.team]));
  const wrong = TICKETS.filter((ticket) => teams.get(ticket.id) !== ticket.team).map(
    (ticket) => `${ticket.id} ${teams.has(ticket.id) ? `went to ${JSON.stringify(teams.get(ticket.id))}` : 'has no answer'}, belongs to ${ticket.team}`,
  );
  return { correct: TICKETS.length - wrong.length, total: TICKETS.length, wrong };
}
