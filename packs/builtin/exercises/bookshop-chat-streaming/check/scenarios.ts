// The harness of the bookshop-chat-streaming exercise. A model written as code plays the Messages
// API: a bookshop's chat assistant that answers from the catalogue the system prompt carries. The
// learner's function gets a lent onText; the harness records each call, and holds the stream
// (beforeStreamEvent) until the text already sent has been given to onText, so text shown as it
// arrives is told apart from text shown once the answer is complete. A stream whose text is not
// shown waits HOLD_MS on the wall clock, once, then flows; only wrong code ever waits. Some
// scenarios break the stream mid-answer (a dropped connection, an error event). The README states
// these rules for learners. This file stays in the pack; learners never see it.

type Block = { type: string; text?: string };
interface Request {
  model: string;
  max_tokens: number;
  stream?: boolean;
  system?: unknown;
  messages: { role: string; content: unknown }[];
}
interface TraceEntry {
  body: unknown;
  status: number;
  stream: boolean;
  fault?: string;
  response?: { type?: string; content?: Block[]; stop_reason?: string; usage?: { input_tokens: number; output_tokens: number }; error?: { message?: string } };
}
interface Outcome {
  result?: unknown;
  error?: string;
  errorFields?: Record<string, unknown>;
  timedOut: boolean;
  requests: TraceEntry[];
}
type StreamEvent = { event: string; data: unknown } | 'drop';

/** How long a stream waits for its text to be shown before it sends the rest at once. */
const HOLD_MS = 1500;
/**
 * Once one scenario's stream has waited in vain, the code under check is known not to show text
 * as it arrives, and later scenarios wait this long instead (the scenarios of one check run one
 * after another, in one process), so a learner with that bug waits seconds, not ten.
 */
const HOLD_AFTER_A_STALL_MS = 300;
let stalledBefore = false;

const textOf = (content: unknown): string =>
  typeof content === 'string'
    ? content
    : Array.isArray(content)
      ? content.map((block: Partial<Block> | null) => (block?.type === 'text' && typeof block.text === 'string' ? block.text : '')).join('\n')
      : '';

/** A catalogue line: "- The Night Circus by Erin Morgenstern: in stock, £9.99, Fiction shelf F3". */
interface Book {
  title: string;
  author: string;
  inStock: boolean;
  price?: string;
  shelf?: string;
  back?: string;
}

function readCatalogue(text: string): Book[] {
  const books: Book[] = [];
  for (const line of text.split('\n')) {
    const found = /^\s*[-*•]\s*(.+?)\s+by\s+(.+?):\s*(.+)$/.exec(line);
    if (!found?.[1] || !found[2] || !found[3]) continue;
    const parts = found[3].split(',').map((part) => part.trim());
    const inStock = /^in stock/i.test(parts[0] ?? '');
    const price = parts.find((part) => /^[£€$]\s?\d/.test(part));
    const shelf = parts.find((part) => /shelf/i.test(part));
    const back = parts.find((part) => /^back on /i.test(part))?.replace(/^back on /i, '');
    books.push({ title: found[1], author: found[2], inStock, ...(price ? { price } : {}), ...(shelf ? { shelf } : {}), ...(back ? { back } : {}) });
  }
  return books;
}

/** The answer to the customer's question, from the catalogue the request carries. */
function answer(request: Request): string {
  const carried = [textOf(request.system), ...request.messages.map((message) => textOf(message.content))].join('\n');
  const question = textOf(request.messages[request.messages.length - 1]?.content).toLowerCase();
  const book = readCatalogue(carried).find((candidate) => question.includes(candidate.title.toLowerCase()));
  if (!book) return "I'm sorry, I cannot find that title in our catalogue. If you tell me the author, I can ask the team to order it in for you.";
  if (!book.inStock) {
    return `I'm sorry, ${book.title} by ${book.author} is out of stock at the moment${book.back ? `; it is back on ${book.back}` : ''}. I can reserve a copy for you, so you hear from us the day it arrives.`;
  }
  return `Good news: we have ${book.title} by ${book.author} in stock${book.price ? `, at ${book.price}` : ''}. You will find it ${book.shelf ? `on the ${book.shelf}` : 'on our shelves'}, and I can also set a copy aside for you at the till.`;
}

type Break = 'drop' | 'error-event';

function bookseller(breaks?: Break) {
  return (request: unknown) => {
    const reply = { content: [{ type: 'text' as const, text: answer(request as Request) }] };
    if (breaks === 'drop') return { reply, fault: 'drop-mid-stream' as const };
    if (breaks === 'error-event') return { reply, error: { status: 529, midStream: true } };
    return { reply };
  };
}

// The checks.

const json = (value: unknown): string => JSON.stringify(value) ?? 'undefined';
const words = (text: string): string => text.replace(/\s+/g, ' ').trim();
const quote = (text: string, limit = 70): string => json(text.length > limit ? `${text.slice(0, limit - 1)}…` : text);

/** How the text given to onText differs from the text that streamed, in words a learner can act on. */
function difference(given: string, streamed: string): string {
  if (given.startsWith(streamed)) return `onText was given the text that streamed and then ${quote(given.slice(streamed.length))}; give it only the text that streams.`;
  if (streamed.startsWith(given)) {
    return `onText was given the text only up to ${given ? quote(given.slice(-30)) : 'nothing'}; the text that streamed goes on with ${quote(streamed.slice(given.length))}.`;
  }
  let at = 0;
  while (given[at] === streamed[at]) at++;
  const from = Math.max(0, at - 20);
  return `the text given to onText differs from the text that streamed at character ${at + 1}: it has ${quote(given.slice(from, at + 30))} where the stream had ${quote(streamed.slice(from, at + 30))}.`;
}

/** What the judge saw of one streamed answer. */
interface StreamRecord {
  /** The text the stream has written so far. */
  sent: string;
  /** Where onText's text stood when the stream started. */
  shownFrom: number;
  /** The stream ended: message_stop, an error event or a drop is on its way. */
  ended: boolean;
}

interface Spec {
  name: string;
  hidden?: boolean;
  question: string;
  breaks?: Break;
  model?: string;
  maxTokens?: number;
  /** What the answer must hold, when the model was asked right. */
  needs: string[];
}

function scenario(spec: Spec) {
  // Built fresh for each scenario: what onText was given, and each stream as it was written.
  const calls: { text: string; whileStreaming: boolean }[] = [];
  const streams: StreamRecord[] = [];
  let shown = '';
  /** The first time a stream waited in vain for its text to be shown: what it had sent, and what onText had. */
  let stalled: { sent: string; shown: string; waitedMs: number } | undefined;
  let wake: (() => void) | undefined;

  const current = (): StreamRecord | undefined => streams[streams.length - 1];
  const caughtUp = (stream: StreamRecord): boolean => shown.length - stream.shownFrom >= stream.sent.length;

  function onText(delta: unknown): void {
    const text = typeof delta === 'string' ? delta : json(delta);
    const stream = current();
    calls.push({ text, whileStreaming: stream !== undefined && !stream.ended });
    shown += text;
    wake?.();
  }

  async function beforeStreamEvent(next: StreamEvent): Promise<void> {
    if (next !== 'drop' && next.event === 'message_start') streams.push({ sent: '', shownFrom: shown.length, ended: false });
    const stream = current();
    if (!stream) return;
    // Nothing more goes out until what went out is shown (once a stream has waited in vain, never again).
    if (!stalled && !caughtUp(stream)) {
      const holdMs = stalledBefore ? HOLD_AFTER_A_STALL_MS : HOLD_MS;
      const timedOut = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(true), holdMs);
        wake = () => {
          if (!caughtUp(stream)) return;
          clearTimeout(timer);
          resolve(false);
        };
      });
      wake = undefined;
      if (timedOut) {
        stalled = { sent: stream.sent, shown: shown.slice(stream.shownFrom), waitedMs: holdMs };
        stalledBefore = true;
      }
    }
    if (next === 'drop' || next.event === 'message_stop' || next.event === 'error') stream.ended = true;
    else if (next.event === 'content_block_delta') {
      const delta = (next.data as { delta?: { type?: string; text?: string } }).delta;
      if (delta?.type === 'text_delta') stream.sent += delta.text ?? '';
    }
  }

  return {
    name: spec.name,
    ...(spec.hidden ? { hidden: true } : {}),
    options: {
      system: CATALOGUE,
      question: spec.question,
      onText,
      ...(spec.model ? { model: spec.model } : {}),
      ...(spec.maxTokens === undefined ? {} : { maxTokens: spec.maxTokens }),
    },
    respond: bookseller(spec.breaks),
    beforeStreamEvent,
    check(outcome: Outcome): string[] {
      if (outcome.timedOut) return ['streamReply did not return.'];
      const entry = outcome.requests[0];
      if (!entry) return [outcome.error ? `streamReply threw ${outcome.error} before it called the model.` : 'streamReply made no model call.'];
      const body = entry.body && typeof entry.body === 'object' ? (entry.body as Request) : undefined;
      if (entry.status >= 400 && entry.status < 500) return [`The API refused the request (${entry.status}): ${entry.response?.error?.message ?? ''}`];
      const problems: string[] = [];
      if (!entry.stream) {
        // Not streamed, a break is a failed request, which the SDK retries: nothing more to judge.
        problems.push("It did not stream: the request had no stream: true, so the whole answer came in one piece and the reader waited for all of it. Use stream: true, or the SDK's client.messages.stream().");
        if (body) problems.push(...sentRight(body, spec));
        return spec.breaks ? problems : [...problems, ...completed(outcome, entry)];
      }
      if (outcome.requests.length > 1) {
        problems.push(
          `It made ${outcome.requests.length} model calls for one question; one is enough.` +
            (spec.breaks ? ' After a stream breaks, the reader has already seen the start of the answer: asking again would show it twice.' : ''),
        );
      }
      if (body) problems.push(...sentRight(body, spec));
      if (spec.needs.length > 0) {
        const said = (entry.response?.content ?? []).map((block) => block.text ?? '').join('');
        if (!spec.needs.every((part) => said.includes(part))) {
          problems.push(`The model answered ${quote(said, 120)}, without ${spec.needs.map((part) => json(part)).join(' and ')}: the catalogue in the system prompt was not in the request.`);
        }
      }
      if (outcome.requests.length > 1) return problems;
      const record = streams[0];
      if (stalled) {
        problems.push(
          `The stream sent ${stalled.sent ? quote(stalled.sent) : 'its first words'} and waited for them to be shown, but after ${stalled.waitedMs / 1000} s onText had ${stalled.shown ? `only ${quote(stalled.shown)}` : 'not been called'}, so the rest came all at once. Pass each piece of text to onText as soon as it arrives, not when the answer is complete.`,
        );
      }
      return [...problems, ...(spec.breaks ? brokeOff(outcome, record) : completed(outcome, entry))];
    },
  };

  /** That the request carries the catalogue as its system prompt, the question as its one user turn, model and max_tokens. */
  function sentRight(body: Request, given: Spec): string[] {
    const problems: string[] = [];
    if (!textOf(body.system).includes(CATALOGUE)) problems.push("The request's system prompt is not options.system: the shop's instructions and catalogue go in the request's system field.");
    const turns = Array.isArray(body.messages) ? body.messages : [];
    if (turns.length !== 1 || turns[0]?.role !== 'user' || !textOf(turns[0]?.content).includes(given.question)) {
      problems.push(`It sent ${turns.length} turn${turns.length === 1 ? '' : 's'}${turns[0] ? ` (the first a ${turns[0].role} turn saying ${quote(textOf(turns[0].content))})` : ''}; it should send the question as the one user turn.`);
    }
    if (given.model && body.model !== given.model) problems.push(`It called ${json(body.model)}; options.model is ${json(given.model)}.`);
    const expected = given.maxTokens ?? 1024;
    if (body.max_tokens !== expected) problems.push(`It sent max_tokens ${body.max_tokens}; ${given.maxTokens === undefined ? 'without maxTokens it should send 1024' : `options.maxTokens is ${given.maxTokens}`}.`);
    return problems;
  }

  /** How what onText was given differs from `streamed`: the text so far each time, or where it parts. */
  function misshown(streamed: string): string {
    const snapshots = calls.length > 1 && calls.every((call, i) => i === 0 || call.text.startsWith(calls[i - 1]?.text ?? ''));
    if (snapshots) {
      return `onText was given the whole text so far each time (${calls.length} calls, the last ${quote(calls[calls.length - 1]?.text ?? '')}), so the reader sees the answer repeated. Give it only the new piece of text (the delta).`;
    }
    return difference(calls.map((call) => call.text).join(''), streamed);
  }

  /** A stream that finished: onText had every piece, in order, while it streamed; the result is the whole answer with its stop reason and usage. */
  function completed(outcome: Outcome, entry: TraceEntry): string[] {
    const problems: string[] = [];
    const whole = (entry.response?.content ?? []).filter((block) => block.type === 'text').map((block) => block.text ?? '').join('');
    const given = calls.map((call) => call.text).join('');
    if (calls.length === 0) problems.push('onText was never called: the reader saw nothing until the answer was complete.');
    else if (given !== whole) problems.push(misshown(whole).replace(/^the /, 'The '));
    else if (stalled) {
      // Told above: the stream waited for text that was not shown.
    } else if (calls.length === 1) problems.push('onText was called once, with the whole answer: the reader waited for all of it. Call it with each piece of text as it arrives.');
    else if (entry.stream && calls.some((call) => !call.whileStreaming)) problems.push('onText was given some of the text only after the stream had ended; give it each piece as it arrives.');
    if (outcome.error !== undefined) return [...problems, `streamReply threw ${outcome.error.replace(/\.?$/, '.')} It should have returned the answer.`];
    const result = outcome.result as { text?: unknown; stopReason?: unknown; inputTokens?: unknown; outputTokens?: unknown } | undefined;
    if (!result || typeof result !== 'object') return [...problems, `It returned ${json(result)}; it should return { text, stopReason, inputTokens, outputTokens }.`];
    if (typeof result.text !== 'string' || words(result.text) !== words(whole)) problems.push(`Its text is ${typeof result.text === 'string' ? quote(result.text) : json(result.text)}; the whole answer is ${quote(whole, 120)}.`);
    const stop = entry.response?.stop_reason;
    if (result.stopReason !== stop) problems.push(`Its stopReason is ${json(result.stopReason)}; the stream's final stop_reason (in message_delta) is ${json(stop)}.`);
    const usage = entry.response?.usage;
    if (result.inputTokens !== usage?.input_tokens || result.outputTokens !== usage?.output_tokens) {
      problems.push(
        `It reported ${json(result.inputTokens)} input and ${json(result.outputTokens)} output tokens; the stream's usage says ${usage?.input_tokens} input_tokens (in message_start) and ${usage?.output_tokens} output_tokens (the final count, in message_delta).`,
      );
    }
    return problems;
  }

  /** A stream that broke mid-answer: a StreamInterruptedError carrying the text the reader already sees. */
  function brokeOff(outcome: Outcome, record: StreamRecord | undefined): string[] {
    const arrived = record?.sent ?? '';
    const given = calls.map((call) => call.text).join('');
    const problems: string[] = [];
    // After a stall the stream no longer waits, and what the client got before the break is not known exactly: the stall says what is wrong.
    if (!stalled && given !== arrived) problems.push(`Before the stream broke, ${given ? misshown(arrived) : `onText was given nothing; the text that had arrived is ${quote(arrived)}.`}`);
    const how = spec.breaks === 'drop' ? 'the connection dropped' : 'the API sent an error event';
    if (outcome.error === undefined) {
      return [...problems, `It returned ${quote(json(outcome.result), 100)} after ${how} mid-answer: the answer is incomplete, so it should throw a StreamInterruptedError whose partialText is the text that had arrived.`];
    }
    if (!outcome.error.startsWith('StreamInterruptedError')) {
      return [...problems, `It threw ${outcome.error.split(':')[0]} when ${how} mid-answer; it should throw a StreamInterruptedError whose partialText is the text that had arrived, so the chat can keep it on screen and say it broke off.`];
    }
    const partial = outcome.errorFields?.partialText;
    if (!stalled && partial !== arrived) problems.push(`The error's partialText is ${typeof partial === 'string' ? quote(partial) : json(partial)}; the text that had arrived (and was shown) is ${quote(arrived)}.`);
    return problems;
  }
}

const CATALOGUE = [
  'You are the chat assistant of Hollow Oak Books, an independent bookshop. Answer customers in two or three friendly sentences, using only the catalogue below.',
  '',
  'Catalogue:',
  '- The Night Circus by Erin Morgenstern: in stock, £9.99, Fiction shelf F3',
  '- Piranesi by Susanna Clarke: out of stock, back on 14 May',
  '- The Overstory by Richard Powers: in stock, £10.99, Fiction shelf F7',
  '- A Little Life by Hanya Yanagihara: in stock, £12.99, Fiction shelf F9',
].join('\n');

export const scenarios = [
  scenario({
    name: 'shows the answer piece by piece as it arrives',
    question: 'Hi! Do you have The Night Circus?',
    needs: ['£9.99'],
  }),
  scenario({
    name: 'returns the final stop reason and token counts of a cut-off answer',
    question: 'Is The Overstory in stock?',
    model: 'claude-sonnet-4-6',
    maxTokens: 20,
    needs: [],
  }),
  scenario({
    name: 'throws a StreamInterruptedError when the connection drops mid-answer',
    question: 'Do you have Piranesi?',
    breaks: 'drop',
    needs: [],
  }),
  scenario({
    name: 'an error event in the middle of the stream',
    hidden: true,
    question: 'Could you check whether you have The Overstory?',
    breaks: 'error-event',
    needs: [],
  }),
  scenario({
    name: 'another title, another answer',
    hidden: true,
    question: 'do you have a little life? my sister wants it',
    maxTokens: 600,
    needs: ['£12.99'],
  }),
];
