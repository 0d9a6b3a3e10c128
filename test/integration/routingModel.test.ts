import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { installModuleLoader } from '../../src/runner/moduleLoader';
import { BUILTIN_PACK, REPO_ROOT } from '../support/helpers';

/**
 * The simulated model of support-routing-costs, asked directly (its harness loads as the check
 * process loads it): a ticket is routed right when the request carries what routing it needs,
 * whatever the wording, order or place, and wrong when something it needs is missing.
 */
installModuleLoader(path.join(REPO_ROOT, 'dist', 'lib'));
const EXERCISE = path.join(BUILTIN_PACK, 'exercises', 'support-routing-costs');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const harness = require(path.join(EXERCISE, 'check', 'workload.ts')) as {
  workload: { respond(request: unknown): { name?: string; error?: { status: number; message: string }; reply?: { content: { text: string }[] } } };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { TICKETS } = require(path.join(EXERCISE, 'check', 'tickets.ts')) as { TICKETS: { id: string; text: string; team: string; hard?: true }[] };
const HANDBOOK = readFileSync(path.join(EXERCISE, 'starter', 'handbook.md'), 'utf8');
const PART_ONE = HANDBOOK.split('## Part two')[0] as string;
const JSON_ONLY = 'Answer with one line of JSON and nothing else: {"team": "<team>", "confidence": "high" | "low"}.';
const SONNET = 'claude-sonnet-4-6';

type Message = { role: 'user' | 'assistant'; content: string };

function ask(model: string, system: string | undefined, messages: Message[]): { team: string; confidence: string; text: string } {
  const answer = harness.workload.respond({ model, max_tokens: 1024, ...(system === undefined ? {} : { system }), messages });
  const text = answer.reply?.content[0]?.text ?? '';
  const json = JSON.parse(text.slice(text.lastIndexOf('{'))) as { team: string; confidence: string };
  return { ...json, text };
}

/** Each ticket's team as `model` routes it with this system prompt (the ticket alone in the user turn, or as `wrap` puts it). */
function routeAll(model: string, system: string | undefined, wrap = (text: string) => `Ticket:\n${text}`): Record<string, string> {
  return Object.fromEntries(TICKETS.map((ticket) => [ticket.id, ask(model, system, [{ role: 'user', content: wrap(ticket.text) }]).team]));
}

const RIGHT = Object.fromEntries(TICKETS.map((ticket) => [ticket.id, ticket.team]));
const wrongOnes = (routed: Record<string, string>): string[] => TICKETS.filter((ticket) => routed[ticket.id] !== ticket.team).map((ticket) => `${ticket.id}→${routed[ticket.id]}`);

describe('the simulated ticket router of support-routing-costs', () => {
  it('routes every ticket right with the handbook, in any order, heading or place, and lightly reworded', () => {
    assert.deepEqual(routeAll(SONNET, `${PART_ONE}\n\n${JSON_ONLY}`), RIGHT);
    const precedence = PART_ONE.slice(PART_ONE.indexOf('1. Money'), PART_ONE.indexOf('### Routing table'));
    const table = PART_ONE.slice(PART_ONE.indexOf('#### Ledgerly Cloud'), PART_ONE.indexOf('### Priorities'));
    const reordered = `Routing table:\n${table}\nOverrides, which beat the table:\n${precedence.replaceAll('`', '')}`;
    assert.deepEqual(routeAll(SONNET, `${reordered}\n${JSON_ONLY}`), RIGHT, 'table first, no heading, no backticks');
    assert.deepEqual(routeAll(SONNET, undefined, (text) => `${reordered}\n\nRoute this ticket: ${text}\n${JSON_ONLY}`), RIGHT, 'the rules in the user turn');
    const asDocument = TICKETS.map((ticket) =>
      harness.workload.respond({
        model: SONNET,
        max_tokens: 50,
        messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'text', media_type: 'text/plain', data: PART_ONE } }, { type: 'text', text: `${ticket.text}\n${JSON_ONLY}` }] }],
      }).reply?.content[0]?.text,
    );
    assert.deepEqual(asDocument, TICKETS.map((ticket) => `{"team":"${ticket.team}","confidence":"high"}`), 'the rules as a plain-text document');
    const reworded = reordered
      .replace("Money leaving an account without the owner's consent is always", 'Funds that leave an account without its owner giving consent are always')
      .replace('When several customers report the same failure at the same time', 'If many customers report the same breakdown at once')
      .replace('A request to delete an account together with its data is', 'Asking us to erase an account and its data is')
      .replaceAll('Ledgerly Cloud, ', 'Any product, ');
    assert.notEqual(reworded, reordered);
    assert.deepEqual(routeAll(SONNET, `${reworded}\n${JSON_ONLY}`), RIGHT, 'precedence rules in other words');
  });

  it('gets the hard tickets wrong on the cheap model, which says it is unsure', () => {
    const system = `${PART_ONE}\n\n${JSON_ONLY}`;
    for (const ticket of TICKETS) {
      const { team, confidence } = ask('claude-haiku-4-5-20251001', system, [{ role: 'user', content: ticket.text }]);
      if (ticket.hard) assert.deepEqual([team === ticket.team, confidence], [false, 'low'], ticket.id);
      else assert.deepEqual([team, confidence], [ticket.team, 'high'], ticket.id);
    }
  });

  it('gets wrong exactly the tickets whose rule, entry or deciding words are missing', () => {
    const withoutRule3 = PART_ONE.replace(/3\. When several customers.*\n/, '');
    assert.deepEqual(wrongOnes(routeAll(SONNET, `${withoutRule3}\n${JSON_ONLY}`)), ['T-10→integrations']);
    const tableOnly = PART_ONE.slice(PART_ONE.indexOf('### Routing table'));
    assert.deepEqual(wrongOnes(routeAll(SONNET, `${tableOnly}\n${JSON_ONLY}`)), ['T-03→billing', 'T-10→integrations', 'T-15→billing', 'T-22→billing']);
    const withoutHardware = PART_ONE.split('\n').filter((line) => !line.includes('team `hardware`')).join('\n');
    assert.deepEqual(wrongOnes(routeAll(SONNET, `${withoutHardware}\n${JSON_ONLY}`)), ['T-06→unknown', 'T-16→unknown', 'T-25→unknown']);
    assert.deepEqual(wrongOnes(routeAll(SONNET, `ROUTING RULES v3\n${JSON_ONLY}`)).length, 30, 'a heading is not the rules');
    const cut = routeAll(SONNET, `${PART_ONE}\n${JSON_ONLY}`, (text) => text.slice(0, 50));
    assert.equal(cut['T-03'], 'billing', 'a refund request cut before "I did not make this payment" reads as billing');
    assert.equal(cut['T-01'], 'billing', 'a ticket whose deciding words survive the cut is still right');
  });

  it('reasons aloud when the request asks for reasoning in any words, and not when it declines it', () => {
    const ticket = TICKETS[0] as { text: string };
    const said = (instruction: string) => ask(SONNET, `${PART_ONE}\n\n${instruction}`, [{ role: 'user', content: ticket.text }]).text;
    const FORM = 'End with the JSON line.';
    for (const asks of ['Think step by step, then give the JSON.', 'Explain your choice in a few sentences, then the JSON line.', 'Give your reasoning first.', 'Walk through the rules before answering.'].map((asks) => `${asks} ${FORM}`)) {
      assert.match(said(asks), /^Let me work through the routing rules step by step\. The customer writes: "Hi, can you send me a copy/, asks);
    }
    for (const declines of [JSON_ONLY, 'No explanation, just the JSON.', 'Do not explain your reasoning; reply with JSON.', "Don't think out loud. JSON only."]) {
      assert.equal(said(declines), '{"team":"billing","confidence":"high"}', declines);
    }
    assert.equal(ask(SONNET, `${PART_ONE}\n${JSON_ONLY}`, [{ role: 'user', content: `${ticket.text} Please explain why.` }]).text.startsWith('{'), false, 'a request for reasoning in the user turn counts');
  });

  it('answers in the form the request asks for: a sentence unless it says JSON or shows its shape', () => {
    const ticket = TICKETS[0] as { text: string };
    const said = (instruction: string) => harness.workload.respond({ model: SONNET, max_tokens: 1024, system: `${PART_ONE}\n\n${instruction}`, messages: [{ role: 'user', content: ticket.text }] }).reply?.content[0]?.text;
    assert.equal(said('Name the team that owns the ticket.'), 'This ticket belongs to the billing team.');
    assert.equal(said('Reply with JSON: {"team": "<team>"}.'), '{"team":"billing","confidence":"high"}');
    assert.equal(said('Reply with only {"team": "...", "confidence": "high"|"low"}.'), '{"team":"billing","confidence":"high"}', 'the shape shown asks for JSON too');
    assert.equal(said('Reply with JSON: {"team": "<team>", "confidence": "high" | "low"}.'), '{"team":"billing","confidence":"high"}');
    assert.equal(said('Reply in JSON: the team, and "low" when you are not sure.'), '{"team":"billing","confidence":"high"}');
  });

  it('answers one ticket per request and refuses models it does not play', () => {
    const [first, second] = TICKETS as unknown as [{ text: string; team: string }, { text: string; team: string }];
    assert.equal(ask(SONNET, `${PART_ONE}\n${JSON_ONLY}`, [{ role: 'user', content: `${first.text}\n${second.text}` }]).team, second.team, 'the last one');
    assert.equal(ask(SONNET, `${PART_ONE}\n${JSON_ONLY}`, [{ role: 'user', content: 'Route the ticket, please.' }]).team, 'unknown');
    const refused = harness.workload.respond({ model: 'gpt-4o', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(refused.error?.status, 404);
  });
});
