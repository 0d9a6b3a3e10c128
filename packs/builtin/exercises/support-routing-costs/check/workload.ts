// The harness of the support-routing-costs exercise. The simulator plays two model tiers on
// thirty tickets with a responder (routingModel.ts): a ticket is routed right only when the
// request carries the ticket's decisive words, the handbook rules it depends on (in any
// wording, order or place) and goes to a model able to handle it; claude-haiku-4-5 gets the
// four hard tickets wrong and says it is unsure. A request that asks for reasoning gets a
// paragraph of it before the JSON line. This file stays in the pack; learners never see it.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
// The baseline is the pipeline the learner starts from: the pack's starter, measured in the same run.
import { routeTickets as baselinePipeline } from '../starter/pipeline';
import { CHEAP_MODEL, createRouter, playsModel, type RoutingAnswer, type RoutingRequest, STRONG_MODELS } from './routingModel';
import { TICKETS } from './tickets';

const HANDBOOK = readFileSync(path.join(__dirname, '..', 'starter', 'handbook.md'), 'utf8');
const router = createRouter(TICKETS, HANDBOOK);

/** The answer itself: the JSON line when JSON was asked for, else a sentence. */
function answerLine({ team, confidence, format }: Pick<RoutingAnswer, 'team' | 'confidence' | 'format'>): string {
  if (!format.json) return team === 'unknown' ? 'I cannot tell which team owns this ticket.' : `This ticket belongs to the ${team} team.`;
  return JSON.stringify({ team, confidence });
}

/** What a model says when asked to reason first: a paragraph, then the answer. */
function reasoned(quote: string, answer: string): string {
  return [
    `Let me work through the routing rules step by step. The customer writes: "${quote}…".`,
    'First, precedence rule 1: does money leave an account without the owner\'s consent? I look for phrases such as "I did not make this payment" or "someone used my card".',
    'Rule 2 concerns security locks, rule 3 failures that several customers report at once, rule 4 deletion requests, rule 5 sarcasm and negation, and rule 6 stolen hardware.',
    'Having weighed which of these apply, and then the routing table for the product the ticket names, I settle on the owning team and the priority that follows from it.',
    answer,
  ].join('\n');
}

/** One request, answered as the simulated model would (see routingModel.ts). */
function respond(request: RoutingRequest) {
  if (!playsModel(request.model)) {
    return {
      name: 'another model',
      error: { status: 404, type: 'not_found_error', message: `this workload's simulator plays ${CHEAP_MODEL} and ${STRONG_MODELS.join(', ')}, one ticket per request` },
    };
  }
  const routed = router.answer(request);
  const text = routed.reasoning ? reasoned(routed.quote, answerLine(routed)) : answerLine(routed);
  // A short think before each answer: as with the API, requests sent together before the first
  // answer starts cannot read each other's cache writes.
  return {
    name: `${routed.ticket ?? 'no ticket'} ${request.model}${routed.reasoning ? ', reasoning' : ''}: ${routed.team} (${routed.why})`,
    delayMs: 5,
    reply: { content: [{ type: 'text' as const, text }] },
  };
}

export const workload = {
  respond,
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
