// Known wrong: still asks for reasoning, and cuts the output with a small max_tokens, so the
// answer stops before its JSON line.
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
  // Part two of the handbook is background the model never needs for routing.
  const rules = handbook.split('## Part two')[0] ?? handbook;
  // Everything stable goes first and is marked for the cache; only the ticket varies.
  const system: Anthropic.TextBlockParam[] = [
    {
      type: 'text',
      text: [
        'You route Ledgerly support tickets to the team that owns them, following the handbook below.',
        rules,
        'Think step by step: explain your reasoning in a paragraph, then end with one line of JSON: {"team": "<team>", "confidence": "high" | "low"}.',
      ].join('\n\n'),
      cache_control: { type: 'ephemeral' },
    },
  ];
  const ask = async (model: string, ticket: Ticket) =>
    parseAnswer(
      await client.messages.create({
        model,
        max_tokens: 60,
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
