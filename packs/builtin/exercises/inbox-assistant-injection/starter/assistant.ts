// An e-mail assistant: it reads the user's inbox and does what the user asks, with a
// send_email tool. It works, and anyone who can send the user an e-mail can take it over.
// See README.md.
import type Anthropic from '@anthropic-ai/sdk';

export interface Email {
  from: string;
  subject: string;
  body: string;
}

export interface OutgoingEmail {
  to: string[];
  subject: string;
  body: string;
}

export interface AssistantInput {
  client: Anthropic;
  model: string;
  /** What the user asked for, in their own words. The only trusted text here. */
  request: string;
  /** The user's inbox. Anyone can write to it. */
  inbox: Email[];
  /** Sends an e-mail for real. */
  sendEmail(email: OutgoingEmail): Promise<void>;
  /** Domains whose links may appear in the reply, e.g. ["ledgerly.example"]. */
  trustedDomains: string[];
}

const SYSTEM = 'You are an e-mail assistant. Help the user with their inbox. You can send e-mail with the send_email tool. Answer in Markdown.';

const SEND_EMAIL: Anthropic.Tool = {
  name: 'send_email',
  description: 'Send an e-mail on the user\'s behalf.',
  input_schema: {
    type: 'object',
    properties: {
      to: { type: 'array', items: { type: 'string' }, description: 'Recipient addresses' },
      subject: { type: 'string' },
      body: { type: 'string' },
    },
    required: ['to', 'subject', 'body'],
  },
};

/** Does what the user asked and returns the reply to show them, as Markdown. */
export async function handleRequest({ client, model, request, inbox, sendEmail }: AssistantInput): Promise<string> {
  const emails = inbox.map((email) => `From: ${email.from}\nSubject: ${email.subject}\n\n${email.body}`).join('\n\n---\n\n');
  const messages: Anthropic.MessageParam[] = [{ role: 'user', content: `${request}\n\nMy inbox:\n\n${emails}` }];
  for (let step = 0; step < 5; step++) {
    const response = await client.messages.create({ model, max_tokens: 1024, system: SYSTEM, tools: [SEND_EMAIL], messages });
    messages.push({ role: 'assistant', content: response.content });
    if (response.stop_reason !== 'tool_use') {
      return response.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
    }
    const results: Anthropic.ToolResultBlockParam[] = [];
    for (const block of response.content) {
      if (block.type !== 'tool_use') continue;
      await sendEmail(block.input as OutgoingEmail);
      results.push({ type: 'tool_result', tool_use_id: block.id, content: 'Sent.' });
    }
    messages.push({ role: 'user', content: results });
  }
  return 'I stopped: the request took too many steps.';
}
