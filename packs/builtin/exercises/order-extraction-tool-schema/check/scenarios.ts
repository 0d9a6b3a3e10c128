// The harness of the order-extraction-tool-schema exercise. A model written as code plays the
// Messages API: it reads the order in the email (whatever the request carries as text) and
// answers as the request lets it. Forced to call a tool, it fills that tool's input, shaped by the
// tool's input_schema: the properties it names, their types, an enum's codes, and which are
// required. Not forced, it answers in prose. The README states these rules for learners.
// This file stays in the pack; learners never see it.

interface Schema {
  type?: string;
  properties?: Record<string, { type?: string; enum?: unknown[] }>;
  required?: string[];
}
interface Tool {
  name: string;
  input_schema?: Schema;
}
interface Request {
  model: string;
  max_tokens: number;
  system?: string | { type: string; text?: string }[];
  messages: { role: string; content: string | { type: string; text?: string }[] }[];
  tools?: Tool[];
  tool_choice?: { type: string; name?: string };
}
interface Outcome {
  result?: unknown;
  error?: string;
  errorFields?: Record<string, unknown>;
  timedOut: boolean;
  requests: { body: unknown }[];
}

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

/** What a careful reader takes from the email: the product code, how many, the currency as written, and whether it is a gift. */
function readEmail(text: string): { sku?: string; quantity?: number; currency?: { code: string; written: string }; giftWrap?: boolean } {
  const sku = /\b[A-Z]{2,4}-\d{2,5}\b/.exec(text)?.[0];
  const count = new RegExp(`\\b(\\d+|${NUMBER_WORDS.join('|')})\\b(?=[^.\\n]*\\b[A-Z]{2,4}-\\d)`, 'i').exec(text)?.[1];
  const quantity = count === undefined ? undefined : /^\d+$/.test(count) ? Number(count) : NUMBER_WORDS.indexOf(count.toLowerCase());
  const marks: [RegExp, string][] = [
    [/€|\bEUR\b|\beuros?\b/i, 'EUR'],
    [/£|\bGBP\b|\bpounds?\b/i, 'GBP'],
    [/\$|\bUSD\b|\bdollars?\b/i, 'USD'],
  ];
  let currency: { code: string; written: string } | undefined;
  for (const [pattern, code] of marks) {
    const found = pattern.exec(text);
    if (found) currency = { code, written: found[0] };
    if (found) break;
  }
  const gift = /\bgift[- ]?wrap/i.exec(text);
  const giftWrap = gift ? !/\bno\s+gift[- ]?wrap/i.test(text) : undefined;
  return { ...(sku ? { sku } : {}), ...(quantity === undefined ? {} : { quantity }), ...(currency ? { currency } : {}), ...(giftWrap === undefined ? {} : { giftWrap }) };
}

/** Every piece of text the request carries: the system prompt and the messages. */
function requestText(request: Request): string {
  const parts = (content: Request['system'] | Request['messages'][number]['content'] | undefined): string =>
    typeof content === 'string' ? content : (content ?? []).map((block) => (block.type === 'text' ? (block.text ?? '') : '')).join('\n');
  return [parts(request.system), ...request.messages.map((message) => parts(message.content))].join('\n');
}

/** A property's key, compared without case, spaces, hyphens or underscores. */
const plain = (key: string): string => key.toLowerCase().replace(/[\s_-]/g, '');

/** The tool input the model writes for `schema`: each property it can fill, as the schema types it. */
function fillInput(schema: Schema | undefined, read: ReturnType<typeof readEmail>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const required = new Set(schema?.required ?? []);
  for (const [key, property] of Object.entries(schema?.properties ?? {})) {
    const type = property.type;
    const written = (value: number | boolean | string): unknown => (type === 'string' ? String(value) : value);
    switch (plain(key)) {
      case 'sku':
        if (read.sku) input[key] = read.sku;
        break;
      case 'quantity':
        if (read.quantity !== undefined) input[key] = written(read.quantity);
        break;
      case 'currency':
        // An enum says which codes to use; without one, the currency as the email writes it.
        if (read.currency) input[key] = Array.isArray(property.enum) && property.enum.includes(read.currency.code) ? read.currency.code : read.currency.written;
        break;
      case 'giftwrap':
        // The email may say nothing of gift wrap: a required field is answered (false), an optional one left out.
        if (read.giftWrap !== undefined) input[key] = written(read.giftWrap);
        else if (required.has(key)) input[key] = written(false);
        break;
      default:
        break;
    }
  }
  return input;
}

/** The model: a forced tool call filled from the email, or, not forced, a sentence. */
function orderModel(request: Request): { reply: { content: unknown[] } } {
  const read = readEmail(requestText(request));
  const choice = request.tool_choice;
  const tools = request.tools ?? [];
  const forced = choice?.type === 'tool' ? tools.find((tool) => tool.name === choice.name) : choice?.type === 'any' && tools.length === 1 ? tools[0] : undefined;
  if (!forced) {
    const sentence = `Sure! The customer wants ${read.quantity ?? 'some'} of ${read.sku ?? 'an item'}${read.currency ? `, paying in ${read.currency.written}` : ''}${read.giftWrap ? ', gift-wrapped' : ''}.`;
    return { reply: { content: [{ type: 'text', text: sentence }] } };
  }
  return { reply: { content: [{ type: 'tool_use', name: forced.name, input: fillInput(forced.input_schema, read) }] } };
}

const respond = (request: unknown) => orderModel(request as Request);
const json = (value: unknown): string => JSON.stringify(value);
/** The value as JSON with every object's keys sorted: an order is the same whatever order its fields come in. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b))) : inner,
  );
const bodyOf = (outcome: Outcome, index = 0): Request | undefined => outcome.requests[index]?.body as Request | undefined;

/** That it made one call and returned `expected`; else what went wrong, in words. */
function returned(outcome: Outcome, expected: Record<string, unknown>): string[] {
  if (outcome.timedOut) return ['extractOrder did not return.'];
  const problems: string[] = [];
  if (outcome.error !== undefined) problems.push(`extractOrder threw ${outcome.error.replace(/\.?$/, '.')} It should have returned the order ${json(expected)}.`);
  else if (canonical(outcome.result) !== canonical(expected)) {
    const body = bodyOf(outcome);
    const forced = body?.tool_choice?.type === 'tool' || body?.tool_choice?.type === 'any';
    problems.push(
      `It returned ${outcome.result === undefined ? 'undefined' : json(outcome.result)}; the order in the email is ${json(expected)}.` +
        (forced ? '' : ' The request did not force a tool call (tool_choice), so the model answered in prose.'),
    );
  }
  if (outcome.requests.length !== 1) problems.push(`It made ${outcome.requests.length} model calls; one is enough.`);
  return problems;
}

const MARTA = "Hi! I'd like to order 3 units of KB-204, the mechanical keyboard. I'll pay in EUR.\nThanks, Marta";
const SAM = 'Hello, please send two of GB-552 to my sister, gift-wrapped please. Paying in £ as usual. Sam';
const OFFICE = 'Order for our Leeds office: twelve LMP-77 desk lamps, invoiced in US dollars ($). No gift wrap needed.';

export const scenarios = [
  {
    name: 'records a plain order through a forced tool call',
    options: { email: MARTA },
    respond,
    check: (outcome: Outcome) => returned(outcome, { sku: 'KB-204', quantity: 3, currency: 'EUR', giftWrap: false }),
  },
  {
    name: 'reads a quantity in words, pounds, and a gift-wrap request',
    options: { email: SAM },
    respond,
    check: (outcome: Outcome) => returned(outcome, { sku: 'GB-552', quantity: 2, currency: 'GBP', giftWrap: true }),
  },
  {
    name: 'the tool schema types every field and requires all four',
    options: { email: MARTA },
    respond,
    check(outcome: Outcome): string[] {
      const body = bodyOf(outcome);
      if (!body) return ['extractOrder made no model call.'];
      const choice = body.tool_choice;
      const tool = choice?.type === 'tool' ? body.tools?.find((candidate) => candidate.name === choice.name) : body.tools?.length === 1 ? body.tools[0] : undefined;
      if (!tool) return ['The request forces no tool call: offer one tool for the order and name it in tool_choice.'];
      const schema = tool.input_schema ?? {};
      const properties = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, value]) => [plain(key), { key, ...value }]));
      const problems: string[] = [];
      const expect = (name: string, type: string, extra: (value: (typeof properties)[string]) => string | undefined = () => undefined): void => {
        const property = properties[plain(name)];
        if (!property) return void problems.push(`The schema has no "${name}" property.`);
        if (property.key !== name) problems.push(`The schema names it "${property.key}"; the order's field is "${name}".`);
        if (property.type !== type) problems.push(`"${name}" is typed ${property.type === undefined ? 'not at all' : `"${property.type}"`}; it should be "${type}".`);
        const more = extra(property);
        if (more) problems.push(more);
        if (!(schema.required ?? []).includes(property.key)) problems.push(`"${name}" is not required: the model may leave it out when the email says nothing of it.`);
      };
      expect('sku', 'string');
      expect('quantity', 'integer', (value) => ((value as { minimum?: unknown }).minimum === 1 ? undefined : '"quantity" should have "minimum": 1: an order is for one or more.'));
      expect('currency', 'string', (value) =>
        json([...(value.enum ?? [])].sort()) === json(['EUR', 'GBP', 'USD']) ? undefined : `"currency" should be an enum of exactly "EUR", "USD" and "GBP", not ${value.enum ? json(value.enum) : 'free text'}.`,
      );
      expect('giftWrap', 'boolean');
      return problems;
    },
  },
  {
    name: 'throws a truncated OrderExtractionError when the answer is cut off',
    options: { email: MARTA, maxTokens: 12 },
    respond,
    check(outcome: Outcome): string[] {
      const sent = bodyOf(outcome)?.max_tokens;
      if (sent !== 12) return [`It sent max_tokens ${sent}; with maxTokens: 12 it should send 12.`];
      if (outcome.error === undefined) return [`It returned ${json(outcome.result)}; the answer stopped at max_tokens before the tool call was written, so it should throw an OrderExtractionError.`];
      if (!outcome.error.startsWith('OrderExtractionError')) return [`It threw ${outcome.error.split(':')[0]}; a cut-off answer is an OrderExtractionError with reason "truncated".`];
      if (outcome.errorFields?.reason !== 'truncated') return [`The OrderExtractionError's reason is ${json(outcome.errorFields?.reason)}; it should be "truncated".`];
      return outcome.requests.length === 1 ? [] : [`It made ${outcome.requests.length} model calls; one is enough.`];
    },
  },
  {
    name: 'calls the model it is given, with the max_tokens it is given',
    options: { email: SAM, model: 'claude-sonnet-4-6', maxTokens: 700 },
    respond,
    check(outcome: Outcome): string[] {
      const body = bodyOf(outcome);
      const problems = returned(outcome, { sku: 'GB-552', quantity: 2, currency: 'GBP', giftWrap: true });
      if (body && body.model !== 'claude-sonnet-4-6') problems.push(`It called ${body.model}; options.model is "claude-sonnet-4-6".`);
      if (body && body.max_tokens !== 700) problems.push(`It sent max_tokens ${body.max_tokens}; options.maxTokens is 700.`);
      return problems;
    },
  },
  {
    name: 'sends max_tokens 1024 when no maxTokens is given',
    options: { email: MARTA },
    respond,
    check(outcome: Outcome): string[] {
      const sent = bodyOf(outcome)?.max_tokens;
      return sent === 1024 ? [] : [`It sent max_tokens ${sent}; without maxTokens it should send 1024.`];
    },
  },
  {
    name: 'an order in dollars that declines gift wrap',
    hidden: true,
    options: { email: OFFICE },
    respond,
    check: (outcome: Outcome) => returned(outcome, { sku: 'LMP-77', quantity: 12, currency: 'USD', giftWrap: false }),
  },
];
