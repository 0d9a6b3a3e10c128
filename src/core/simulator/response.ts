import { documentsOf, estimateTokens, type MessagesRequest, type SentDocument } from './messagesRequest';
import type { CacheUsage } from './promptCache';
import { fillTemplate, type RequestFacts, type ScenarioReply } from './scenario';

/** Where a claim's quote is in a document the request sent: characters of plain text, blocks of custom content. */
export type Citation =
  | { type: 'char_location'; cited_text: string; document_index: number; document_title: string | null; start_char_index: number; end_char_index: number; file_id: null }
  | { type: 'content_block_location'; cited_text: string; document_index: number; document_title: string | null; start_block_index: number; end_block_index: number; file_id: null };

export type ContentBlock = { type: 'text'; text: string; citations?: Citation[] } | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

/** A scenario's reply cites what no document of the request holds: the scenario (or responder) is wrong, not the request. */
export class CitationError extends Error {}

/**
 * The API's citation of `quote` in the request's document `index`: in a plain-text document,
 * the characters where the quote first occurs (0-indexed, end exclusive); in a custom-content
 * document, the fewest consecutive blocks that hold it (the block is the smallest citable unit,
 * so the cited text is those blocks' text). Throws CitationError when the document is not
 * there, holds no text (a PDF, URL or file), or does not hold the quote.
 */
function locate(quote: string, index: number, documents: SentDocument[]): Citation {
  const document = documents[index];
  if (!document) throw new CitationError(`cites document_index ${index}, but the request sent ${documents.length} document${documents.length === 1 ? '' : 's'}`);
  const title = document.title;
  if (document.text !== undefined) {
    const start = document.text.indexOf(quote);
    if (start < 0) throw new CitationError(`cites ${JSON.stringify(quote.slice(0, 80))} in document ${index}, which does not hold it`);
    return { type: 'char_location', cited_text: quote, document_index: index, document_title: title, start_char_index: start, end_char_index: start + quote.length, file_id: null };
  }
  const blocks = document.blocks;
  if (!blocks) throw new CitationError(`cites document ${index}, whose source (a PDF, URL or file) the simulator cannot read`);
  let best: { start: number; end: number } | undefined;
  for (let start = 0; start < blocks.length; start++) {
    for (let end = start + 1; end <= blocks.length && (!best || end - start < best.end - best.start); end++) {
      if (blocks.slice(start, end).join('').includes(quote)) best = { start, end };
    }
  }
  if (!best) throw new CitationError(`cites ${JSON.stringify(quote.slice(0, 80))} in document ${index}, which does not hold it`);
  return { type: 'content_block_location', cited_text: blocks.slice(best.start, best.end).join(''), document_index: index, document_title: title, start_block_index: best.start, end_block_index: best.end, file_id: null };
}

export interface SimulatedMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: ContentBlock[];
  stop_reason: string;
  stop_sequence: string | null;
  stop_details: null;
  container: null;
  usage: {
    input_tokens: number;
    output_tokens: number;
    cache_creation_input_tokens: number | null;
    cache_read_input_tokens: number | null;
    cache_creation: CacheUsage['cache_creation'];
    server_tool_use: null;
    service_tier: 'standard';
  };
}

/**
 * The message a scenario reply becomes for this request, as the API would shape it: the
 * reply's text honours the request's `stop_sequences` and `max_tokens` (cut short with the
 * matching stop reason), tool_use blocks get ids, and usage is estimated from the text. A text
 * block's citations are located in the documents the request sent (see `locate`) when it enabled
 * citations, and left out when it did not; a block cut short loses its citations.
 */
export function buildMessage(
  reply: ScenarioReply,
  request: MessagesRequest,
  facts: RequestFacts,
  ids: { message: string; toolUse: () => string },
  cache: CacheUsage,
): SimulatedMessage {
  const content: ContentBlock[] = [];
  let stopReason: string | undefined;
  let stopSequence: string | null = null;
  let budget = request.max_tokens;
  const documents = documentsOf(request.messages);
  const citing = documents.some((document) => document.citations);
  for (const block of reply.content) {
    if (block.type === 'text') {
      let text = fillTemplate(block.text, facts);
      // Without citations enabled the model cannot cite: its text comes uncited, whatever the request sent.
      const citations = citing ? block.citations?.map((cited) => locate(cited.cited_text, cited.document_index, documents)) : undefined;
      const hit = firstStopSequence(text, request.stop_sequences ?? []);
      if (hit) {
        text = text.slice(0, hit.index);
        stopReason = 'stop_sequence';
        stopSequence = hit.sequence;
      }
      if (estimateTokens(text) > budget) {
        content.push({ type: 'text', text: text.slice(0, budget * 4) });
        budget = 0;
        stopReason = 'max_tokens';
        break;
      }
      budget -= estimateTokens(text);
      content.push({ type: 'text', text, ...(citations && !hit ? { citations } : {}) });
      if (hit) break;
    } else {
      const cost = estimateTokens(JSON.stringify(block.input)) + 10;
      if (cost > budget) {
        stopReason = 'max_tokens';
        break;
      }
      budget -= cost;
      content.push({ type: 'tool_use', id: block.id ?? ids.toolUse(), name: block.name, input: block.input });
    }
  }
  stopReason ??= reply.stop_reason ?? (content.some((block) => block.type === 'tool_use') ? 'tool_use' : 'end_turn');
  // A scenario may state the cache write outright; it is then counted as five minutes' worth.
  const written = reply.usage?.cache_creation_input_tokens ?? cache.cache_creation_input_tokens;
  return {
    id: ids.message,
    type: 'message',
    role: 'assistant',
    model: request.model,
    content,
    stop_reason: stopReason,
    stop_sequence: stopSequence,
    stop_details: null,
    container: null,
    usage: {
      input_tokens: cache.input_tokens,
      output_tokens: Math.max(1, request.max_tokens - budget),
      cache_creation_input_tokens: written,
      cache_read_input_tokens: reply.usage?.cache_read_input_tokens ?? cache.cache_read_input_tokens,
      cache_creation: written === cache.cache_creation_input_tokens ? cache.cache_creation : { ephemeral_5m_input_tokens: written, ephemeral_1h_input_tokens: 0 },
      server_tool_use: null,
      service_tier: 'standard',
    },
  };
}

function firstStopSequence(text: string, sequences: string[]): { index: number; sequence: string } | undefined {
  let best: { index: number; sequence: string } | undefined;
  for (const sequence of sequences) {
    const index = text.indexOf(sequence);
    if (index >= 0 && (!best || index < best.index)) best = { index, sequence };
  }
  return best;
}

export interface StreamEvent {
  event: string;
  data: unknown;
}

/**
 * The server-sent events that stream `message`, in the API's order: message_start, a ping,
 * then for each block its start, deltas (text in word-sized pieces, then a citations_delta per
 * citation; tool input as partial JSON) and stop, then message_delta with the stop reason and
 * usage, and message_stop.
 */
export function streamEvents(message: SimulatedMessage): StreamEvent[] {
  const events: StreamEvent[] = [
    {
      event: 'message_start',
      data: { type: 'message_start', message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { ...message.usage, output_tokens: 1 } } },
    },
    { event: 'ping', data: { type: 'ping' } },
  ];
  message.content.forEach((block, index) => {
    if (block.type === 'text') {
      events.push({ event: 'content_block_start', data: { type: 'content_block_start', index, content_block: { type: 'text', text: '', ...(block.citations ? { citations: [] } : {}) } } });
      for (const piece of pieces(block.text, /(?<=\s)/)) {
        events.push({ event: 'content_block_delta', data: { type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } } });
      }
      // Each citation of the block comes after its text, one citations_delta apiece.
      for (const citation of block.citations ?? []) {
        events.push({ event: 'content_block_delta', data: { type: 'content_block_delta', index, delta: { type: 'citations_delta', citation } } });
      }
    } else {
      events.push({ event: 'content_block_start', data: { type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } } });
      const json = JSON.stringify(block.input);
      for (let at = 0; at < json.length; at += 12) {
        events.push({ event: 'content_block_delta', data: { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: json.slice(at, at + 12) } } });
      }
    }
    events.push({ event: 'content_block_stop', data: { type: 'content_block_stop', index } });
  });
  const { input_tokens, output_tokens, cache_creation_input_tokens, cache_read_input_tokens } = message.usage;
  events.push(
    {
      event: 'message_delta',
      data: {
        type: 'message_delta',
        delta: { stop_reason: message.stop_reason, stop_sequence: message.stop_sequence, stop_details: null, container: null },
        usage: { input_tokens, output_tokens, cache_creation_input_tokens, cache_read_input_tokens, server_tool_use: null },
      },
    },
    { event: 'message_stop', data: { type: 'message_stop' } },
  );
  return events;
}

/** `text` in pieces of a few words each (never empty, so a stream always carries something). */
function pieces(text: string, boundary: RegExp): string[] {
  const words = text.split(boundary);
  const result: string[] = [];
  for (let i = 0; i < words.length; i += 3) result.push(words.slice(i, i + 3).join(''));
  return result.length > 0 ? result : [''];
}
