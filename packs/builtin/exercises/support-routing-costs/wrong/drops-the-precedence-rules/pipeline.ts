// Known wrong: trims the handbook down to its routing table and drops the precedence rules, so
// the hard tickets (a refund request that is fraud, an outage reported through one product…) go
// to the team their words suggest, whichever model answers.
import type Anthropic from '@anthropic-ai/sdk';

export interface Ticket {
  id: string;
  text: string;
}

export interface Routed {
  id: string;
  team: string;
}

const CHEAP = 'claude-haiku-4-5';
const STRONG = 'claude-sonnet-4-6';

export async function routeTickets({ client, tickets, handbook }: { client: Anthropic; tickets: Ticket[]; handbook: string }): Promise<Routed[]> {
  // Only the routing table: the precedence rules look like commentary.
  const start = handbook.indexOf('### Routing table');
  const rules = handbook.slice(start, handbook.indexOf('### Priorities', start));
  // Everything stable goes first and is marked for the cache; only the ticket varies.
  const system: Anthropic.TextBlockParam[] = [
    {
      type: 'text',
      text: [
        'You route Ledgerly support tickets to the team that owns them, following the handbook below.',
        rules,
        'Answer with one line of JSON and nothing else: {"team": "<team>", "confidence": "high" | "low"}. Say "low" when you are not sure.',
      ].join('\n\n'),
      cache_control: { type: 'ephemeral' },
    },
  ];
  const ask = async (model: string, ticket: Ticket) =>
    parseAnswer(
      await client.messages.create({
        model,
        max_tokens: 50,
        system,
        messages: [{ role: 'user', content: `Ticket ${ticket.id}:\n${ticket.text}` }],
      }),
    );
  const routed: Routed[] = [];
  for (const ticket of tickets) {
    let answer = await ask(CHEAP, ticket);
    if (answer.confidence !== 'high' || answer.team === 'unknown') answer = await ask(STRONG, ticket);
    routed.push({ id: ticket.id, team: answer.team });
  }
  return routed;
}

/** The JSON line at the end of the model's answer. */
export function parseAnswer(response: Anthropic.Message): { team: string; confidence: string } {
  const text = response.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  const json = text.slice(text.lastIndexOf('{'), text.lastIndexOf('}') + 1);
  try {
    const value = JSON.parse(json) as { team?: unknown; confidence?: unknown };
    return { team: String(value.team ?? 'unknown'), confidence: String(value.confidence ?? 'low') };
  } catch {
    return { team: 'unknown', confidence: 'low' };
  }
}
