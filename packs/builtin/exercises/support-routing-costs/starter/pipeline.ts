// Routes Ledgerly support tickets to the team that owns them. It works, and every answer is
// right, but it is expensive: see README.md. Make it cheaper without getting any ticket wrong.
import type Anthropic from '@anthropic-ai/sdk';

export interface Ticket {
  id: string;
  text: string;
}

export interface Routed {
  id: string;
  team: string;
}

const MODEL = 'claude-sonnet-4-6';

export async function routeTickets({ client, tickets, handbook }: { client: Anthropic; tickets: Ticket[]; handbook: string }): Promise<Routed[]> {
  const system = [
    'You route Ledgerly support tickets to the team that owns them, following the handbook below.',
    handbook,
    'Think step by step: explain your reasoning in a paragraph, then end with one line of JSON: {"team": "<team>", "confidence": "high" | "low"}.',
  ].join('\n\n');
  const routed: Routed[] = [];
  for (const ticket of tickets) {
    const response = await client.messages.create({
      model: MODEL,
      max_tokens: 1024,
      system,
      messages: [{ role: 'user', content: `Ticket ${ticket.id}:\n${ticket.text}` }],
    });
    routed.push({ id: ticket.id, team: parseAnswer(response).team });
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
