// The simulated model of the invoice-extractor project, shared by the harnesses of stages 1 to 3.
// It reads the invoice a request carries as a careful clerk would, and answers as the request
// lets it: forced to call a tool, it fills that tool's input as the tool's input_schema shapes it
// (the properties it names, their types, an enum's codes, a date format, which may be null and
// which are required); not forced, it answers in a sentence. Stage 2 gives it slips (a misread
// amount, date or IBAN) that it corrects only when the feedback after its answer names them;
// stage 3 lets it learn a vendor's way of writing numbers and dates from a solved example of the
// same vendor in the request. Every rule here is stated in the stages' instructions.
// This file stays in the pack; learners never see it.

export interface Invoice {
  invoiceNumber: string;
  vendor: string;
  issueDate: string;
  dueDate: string | null;
  currency: 'EUR' | 'USD' | 'GBP';
  iban: string | null;
  lines: { description: string; amount: number }[];
  tax: number;
  total: number;
}

type Block = { type: string; text?: string; input?: unknown; content?: unknown; [key: string]: unknown };
export interface Request {
  model: string;
  max_tokens: number;
  system?: string | Block[];
  messages: { role: string; content: string | Block[] }[];
  tools?: { name: string; input_schema?: PropertySchema }[];
  tool_choice?: { type: string; name?: string };
}

export interface PropertySchema {
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
  description?: string;
  nullable?: boolean;
  anyOf?: PropertySchema[];
  oneOf?: PropertySchema[];
  items?: PropertySchema;
  properties?: Record<string, PropertySchema>;
  required?: string[];
}

// ── The request as text ───────────────────────────────────────────────────────────────────────

/** One piece of the request's text, in order: the system prompt (message -1), a text block, a tool call's input as JSON, a tool result's content. */
export interface Piece {
  message: number;
  role: string;
  text: string;
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((block: Block) => (block?.type === 'text' ? String(block.text ?? '') : '')).join('\n');
}

export function pieces(request: Request): Piece[] {
  const out: Piece[] = [];
  const system = request.system;
  if (system !== undefined) out.push({ message: -1, role: 'system', text: contentText(system) });
  request.messages.forEach((message, index) => {
    if (typeof message.content === 'string') return void out.push({ message: index, role: message.role, text: message.content });
    for (const block of message.content) {
      if (block.type === 'text') out.push({ message: index, role: message.role, text: String(block.text ?? '') });
      else if (block.type === 'tool_use') out.push({ message: index, role: message.role, text: JSON.stringify(block.input ?? {}) });
      else if (block.type === 'tool_result') out.push({ message: index, role: message.role, text: contentText(block.content) });
    }
  });
  // Text sent as JSON (an example serialised with JSON.stringify, say) keeps its line breaks as \n: read them as line breaks.
  return out.map((piece) => ({ ...piece, text: piece.text.replace(/\\n/g, '\n') }));
}

/** Every piece of text the request carries, joined. */
export const requestText = (request: Request): string => pieces(request).map((piece) => piece.text).join('\n');

/** Where a document begins: INVOICE, in capitals, then its number (a token with a digit), e.g. "INVOICE INV-2024-0117". */
const HEADER = /(?<![A-Za-z])INVOICE[ \t]+(?:no\.?[ \t]*|#[ \t]*)?(?=[A-Za-z0-9\-/.]*\d)/g;

/** Where each invoice document in the request begins: its piece and offset. */
function documentStarts(all: Piece[]): { piece: number; offset: number }[] {
  const starts: { piece: number; offset: number }[] = [];
  all.forEach((piece, index) => {
    for (const found of piece.text.matchAll(HEADER)) starts.push({ piece: index, offset: found.index ?? 0 });
  });
  return starts;
}

/**
 * The invoice to extract (the last document in the request: from its INVOICE line to the end of
 * the piece of text it is in), the documents before it (each to the next document or the end of
 * its piece), all the text before it, and the message it is in.
 */
export function splitRequest(request: Request): { target?: string; targetMessage: number; earlier: string[]; before: string } {
  const all = pieces(request);
  const starts = documentStarts(all);
  const last = starts.at(-1);
  if (!last) return { targetMessage: -2, earlier: [], before: all.map((piece) => piece.text).join('\n') };
  const earlier = starts.slice(0, -1).map((start, i) => {
    const next = starts[i + 1];
    const text = all[start.piece]?.text ?? '';
    return next && next.piece === start.piece ? text.slice(start.offset, next.offset) : text.slice(start.offset);
  });
  const targetPiece = all[last.piece] as Piece;
  const before = [...all.slice(0, last.piece).map((piece) => piece.text), targetPiece.text.slice(0, last.offset)].join('\n');
  return { target: targetPiece.text.slice(last.offset), targetMessage: targetPiece.message, earlier, before };
}

// ── Reading an invoice ────────────────────────────────────────────────────────────────────────

export interface Money {
  value: number;
  written: string;
}
export interface DateRead {
  iso: string;
  written: string;
}
/** What the clerk reads from a document. */
export interface Facts {
  invoiceNumber?: string;
  vendor?: string;
  issue?: DateRead;
  due?: DateRead;
  currency?: { code: 'EUR' | 'USD' | 'GBP'; written: string };
  iban?: string;
  lines: { description: string; amount: Money }[];
  tax?: Money;
  total?: Money;
}
/** How a vendor writes numbers and dates, as far as the request shows it. */
export interface Conventions {
  decimalComma: boolean;
  monthFirst: boolean;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const pad = (n: number): string => String(n).padStart(2, '0');
const isoOf = (year: number, month: number, day: number): string => `${year}-${pad(month)}-${pad(day)}`;

/** A date as written: 2024-03-04, 4 March 2024, March 4, 2024, 04/03/2024 (day first, unless the vendor is known to write the month first), 04.03.2024. */
export function readDate(written: string, conventions: Conventions): DateRead | undefined {
  const text = written.trim();
  let found = /^(\d{4})-(\d{2})-(\d{2})\b/.exec(text);
  if (found) return { iso: found[0], written: text };
  found = /^(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})\b/.exec(text);
  if (found && MONTHS.includes((found[2] as string).toLowerCase())) return { iso: isoOf(Number(found[3]), MONTHS.indexOf((found[2] as string).toLowerCase()) + 1, Number(found[1])), written: text };
  found = /^([A-Za-z]+)\s+(\d{1,2}),?\s+(\d{4})\b/.exec(text);
  if (found && MONTHS.includes((found[1] as string).toLowerCase())) return { iso: isoOf(Number(found[3]), MONTHS.indexOf((found[1] as string).toLowerCase()) + 1, Number(found[2])), written: text };
  found = /^(\d{1,2})\.(\d{1,2})\.(\d{4})\b/.exec(text);
  if (found) return { iso: isoOf(Number(found[3]), Number(found[2]), Number(found[1])), written: text };
  found = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\b/.exec(text);
  if (found) {
    const [a, b, year] = [Number(found[1]), Number(found[2]), Number(found[3])];
    // A careful reader: a first number over 12 is a day, a second over 12 a day too; otherwise the vendor's habit decides.
    const monthFirst = a > 12 ? false : b > 12 ? true : conventions.monthFirst;
    return { iso: monthFirst ? isoOf(year, a, b) : isoOf(year, b, a), written: text };
  }
  return undefined;
}

/** The money at the end of a line: digits with separators, ending in a separator and two decimals. */
const MONEY_AT_END = /(\d(?:[\d.,\u00a0 ]*\d)?)\s*(?:[€£$]|EUR|GBP|USD)?\s*$/;

export function readMoney(written: string, conventions: Conventions): Money | undefined {
  const text = written.trim();
  if (!/[.,]\d{2}$/.test(text)) return undefined;
  const digits = conventions.decimalComma ? text.replace(/[.\s\u00a0]/g, '').replace(',', '.') : text.replace(/[,\s\u00a0]/g, '');
  const value = Number(digits);
  return Number.isFinite(value) ? { value, written: text } : undefined;
}

function moneyAtEnd(line: string, conventions: Conventions): { money: Money; before: string } | undefined {
  const found = MONEY_AT_END.exec(line);
  if (!found || found.index === undefined) return undefined;
  // The amount is the last number on the line: what follows the last run of two or more spaces, or the whole match.
  const candidate = (found[1] as string).split(/\s{2,}/).at(-1) as string;
  const money = readMoney(candidate, conventions);
  if (!money) return undefined;
  const before = line.slice(0, line.lastIndexOf(candidate)).replace(/[\s€£$]*(?:EUR|GBP|USD)?[\s€£$]*$/, '').trim();
  return { money, before };
}

const TAX_LINE = /^(?:vat|tax|sales tax|mwst|ust|tva)\b/i;
const TOTAL_LINE = /^(?:total|gesamt|grand total|amount due)\b/i;
const SUBTOTAL_LINE = /^sub-?total\b/i;

/** What the document says, read with the vendor's conventions. */
export function readInvoice(document: string, conventions: Conventions): Facts {
  const lines = document.split('\n').map((line) => line.replace(/\s+$/, ''));
  const facts: Facts = { lines: [] };
  const header = /^INVOICE[ \t]+(?:no\.?[ \t]*|#[ \t]*)?([A-Za-z0-9][A-Za-z0-9\-/.]*)/.exec(lines[0] ?? '');
  if (header) facts.invoiceNumber = header[1] as string;
  const letterhead = lines.slice(1).find((line) => line.trim() !== '');
  if (letterhead !== undefined) facts.vendor = letterhead.trim();
  const labelled = (pattern: RegExp): string | undefined => {
    for (const line of lines) {
      const found = pattern.exec(line.trim());
      if (found) return found[1] as string;
    }
    return undefined;
  };
  const issue = labelled(/^(?:issue date|issued|invoice date|date|datum)\s*:\s*(.+)$/i);
  const due = labelled(/^(?:due date|payment due|due|due by|fällig)\s*:\s*(.+)$/i);
  if (issue !== undefined) facts.issue = readDate(issue, conventions);
  if (due !== undefined) facts.due = readDate(due, conventions);
  if (facts.issue === undefined) delete facts.issue;
  if (facts.due === undefined) delete facts.due;
  let itemsOver = false;
  for (const line of lines.slice(1)) {
    const trimmed = line.trim();
    const ended = moneyAtEnd(trimmed, conventions);
    if (TOTAL_LINE.test(trimmed) && !SUBTOTAL_LINE.test(trimmed)) {
      itemsOver = true;
      if (ended && !facts.total) facts.total = ended.money;
    } else if (TAX_LINE.test(trimmed)) {
      itemsOver = true;
      if (ended && !facts.tax) facts.tax = ended.money;
    } else if (SUBTOTAL_LINE.test(trimmed)) itemsOver = true;
    else if (!itemsOver && ended && ended.before !== '' && !/:\s*$/.test(ended.before)) facts.lines.push({ description: ended.before, amount: ended.money });
  }
  const marks: [RegExp, 'EUR' | 'GBP' | 'USD'][] = [
    [/€|\bEUR\b/, 'EUR'],
    [/£|\bGBP\b/, 'GBP'],
    [/\$|\bUSD\b/, 'USD'],
  ];
  let first: { at: number; code: 'EUR' | 'GBP' | 'USD'; written: string } | undefined;
  for (const [pattern, code] of marks) {
    const found = pattern.exec(document);
    if (found && (first === undefined || found.index < first.at)) first = { at: found.index, code, written: found[0] };
  }
  if (first) facts.currency = { code: first.code, written: first.written };
  const iban = /\bIBAN\b:?[ \t]*([A-Z]{2}\d{2}(?:[ \t]?[A-Z0-9]){8,30})/.exec(document);
  if (iban) facts.iban = (iban[1] as string).replace(/[ \t]/g, '');
  return facts;
}

// ── Learning a vendor's conventions from examples ─────────────────────────────────────────────

const vendorOf = (document: string): string | undefined =>
  document
    .split('\n')
    .slice(1)
    .find((line) => line.trim() !== '')
    ?.trim()
    .toLowerCase();

/** Whether `value` is written as a plain number (as JSON writes it) somewhere in `text`. */
function plainNumberIn(text: string, value: number): boolean {
  for (const found of text.matchAll(/(?<![\d.]|\d,)-?\d+(?:\.\d+)?(?![\d.]|,\d)/g)) if (Math.abs(Number(found[0]) - value) < 1e-9) return true;
  return false;
}

/**
 * What the request teaches about the target's vendor: an earlier document of the same vendor
 * (same letterhead) that writes an amount with a decimal comma, or a date month first, whose
 * value also appears in the request's text before the target as a record would write it (a plain
 * number; a YYYY-MM-DD date): a solved example.
 */
export function learnedConventions(request: Request): Conventions {
  const { target, earlier, before } = splitRequest(request);
  const conventions: Conventions = { decimalComma: false, monthFirst: false };
  if (target === undefined) return conventions;
  const vendor = vendorOf(target);
  for (const document of earlier.filter((each) => vendorOf(each) === vendor)) {
    for (const found of document.matchAll(/(?<![\d.,])\d{1,3}(?:\.\d{3})*,\d{2}(?!\d)/g)) {
      const value = Number(found[0].replace(/\./g, '').replace(',', '.'));
      if (plainNumberIn(before, value)) conventions.decimalComma = true;
    }
    for (const found of document.matchAll(/(?<!\d)(\d{1,2})\/(\d{1,2})\/(\d{4})(?!\d)/g)) {
      const [a, b, year] = [Number(found[1]), Number(found[2]), Number(found[3])];
      if (a <= 12 && a !== b && before.includes(isoOf(year, a, b))) conventions.monthFirst = true;
    }
  }
  return conventions;
}

// ── Slips and feedback (stage 2) ──────────────────────────────────────────────────────────────

export type RuleName = 'totals-add-up' | 'due-after-issue' | 'iban-checksum';

/** A misreading the model makes until the feedback after its answer names the problem. */
export interface Slip {
  rule: RuleName;
  apply(facts: Facts): void;
}

/** How feedback names each rule's problem (the instructions list these words). */
export const NAMES: Record<RuleName, RegExp> = {
  'totals-add-up': /total|sum|add(?:s|ed)?[\s-]up|amount/i,
  'due-after-issue': /date|due/i,
  'iban-checksum': /iban|check ?sum|check digit/i,
};

/** The text of the user turns that come after the model's first answer to the target document. */
export function feedbackText(request: Request): string {
  const { targetMessage } = splitRequest(request);
  const answered = request.messages.findIndex((message, index) => index > targetMessage && message.role === 'assistant');
  if (targetMessage < -1 || answered < 0) return '';
  return pieces(request)
    .filter((piece) => piece.message > answered && piece.role === 'user')
    .map((piece) => piece.text)
    .join('\n');
}

// ── Answering ─────────────────────────────────────────────────────────────────────────────────

const plain = (key: string): string => key.toLowerCase().replace(/[\s_-]/g, '');

interface Shape {
  type?: string;
  nullable: boolean;
  schema: PropertySchema;
}

/** A property's type, whether it may be null, and the schema of its non-null form (anyOf/oneOf, type arrays, nullable: true). */
export function shapeOf(schema: PropertySchema | undefined): Shape {
  const base = schema ?? {};
  const branches = base.anyOf ?? base.oneOf;
  if (Array.isArray(branches)) {
    const nullable = branches.some((branch) => branch?.type === 'null' || (Array.isArray(branch?.type) && branch.type.includes('null')));
    const other = branches.find((branch) => branch?.type !== 'null') ?? {};
    const inner = shapeOf(other);
    // What the property says beside its branches (a format, a description) still speaks for it.
    const { anyOf: _anyOf, oneOf: _oneOf, ...beside } = base;
    return { ...inner, schema: { ...beside, ...inner.schema }, nullable: nullable || inner.nullable || base.nullable === true };
  }
  const types = Array.isArray(base.type) ? base.type : base.type === undefined ? [] : [base.type];
  const type = types.find((each) => each !== 'null');
  return { ...(type === undefined ? {} : { type }), nullable: types.includes('null') || base.nullable === true, schema: base };
}

/** Whether a property asks for YYYY-MM-DD: format "date", a pattern or a description that says so. */
export function asksIsoDate(schema: PropertySchema): boolean {
  if (schema.format === 'date') return true;
  if (typeof schema.pattern === 'string' && ['2024-03-04', '1999-12-31'].every((sample) => new RegExp(schema.pattern as string).test(sample)) && !new RegExp(schema.pattern).test('4 March 2024')) return true;
  return typeof schema.description === 'string' && /YYYY-MM-DD|ISO[ -]?8601/i.test(schema.description);
}

const addDays = (iso: string, days: number): string => {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
};

/** A value as the property types it: a string property gets the text as written, a number property the number (an integer one, rounded). */
function typed(shape: Shape, value: number, written: string): unknown {
  if (shape.type === 'string') return written;
  if (shape.type === 'integer') return Math.round(value);
  return value;
}

const UNKNOWN = Symbol('unknown');

/** The tool input the model writes for `schema`: each property it recognises, as the schema shapes it. */
export function fillInput(schema: PropertySchema | undefined, facts: Facts): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const required = new Set(schema?.required ?? []);
  for (const [key, property] of Object.entries(schema?.properties ?? {})) {
    const shape = shapeOf(property);
    let value: unknown = UNKNOWN;
    switch (plain(key)) {
      case 'invoicenumber':
        if (facts.invoiceNumber !== undefined) value = (shape.type === 'number' || shape.type === 'integer') && /^\d+$/.test(facts.invoiceNumber) ? Number(facts.invoiceNumber) : facts.invoiceNumber;
        break;
      case 'vendor':
        if (facts.vendor !== undefined) value = facts.vendor;
        break;
      case 'issuedate':
      case 'duedate': {
        const read = plain(key) === 'issuedate' ? facts.issue : facts.due;
        if (read) value = asksIsoDate(shape.schema) ? read.iso : read.written;
        // A required date that cannot be null and that the document does not give: the model guesses the usual 30 days' terms.
        else if (plain(key) === 'duedate' && required.has(key) && !shape.nullable && facts.issue) value = addDays(facts.issue.iso, 30);
        break;
      }
      case 'currency':
        if (facts.currency) value = Array.isArray(shape.schema.enum) && shape.schema.enum.includes(facts.currency.code) ? facts.currency.code : facts.currency.written;
        break;
      case 'iban':
        if (facts.iban !== undefined) value = facts.iban;
        else if (required.has(key) && !shape.nullable) value = '';
        break;
      case 'lines': {
        const items = shapeOf(shape.schema.items).schema.properties;
        if (shape.type === 'string') {
          value = facts.lines.map((line) => `${line.description} ${line.amount.written}`).join('; ');
          break;
        }
        value = facts.lines.map((line) => {
          if (!items) return `${line.description} ${line.amount.written}`;
          const item: Record<string, unknown> = {};
          for (const [name, inner] of Object.entries(items)) {
            if (plain(name) === 'description') item[name] = line.description;
            if (plain(name) === 'amount') item[name] = typed(shapeOf(inner), line.amount.value, line.amount.written);
          }
          return item;
        });
        break;
      }
      case 'tax':
      case 'total': {
        const money = plain(key) === 'tax' ? facts.tax : facts.total;
        if (money) value = typed(shape, money.value, money.written);
        break;
      }
      default:
        break;
    }
    // What the document does not say: null when the property may be null and is required; left out when it is optional.
    if (value === UNKNOWN) {
      if (required.has(key) && shape.nullable) input[key] = null;
    } else input[key] = value;
  }
  return input;
}

/** The forced tool, if the request forces one: tool_choice naming it, or "any" with one tool. */
export function forcedTool(request: Request): { name: string; input_schema?: PropertySchema } | undefined {
  const choice = request.tool_choice;
  const tools = request.tools ?? [];
  if (choice?.type === 'tool') return tools.find((tool) => tool.name === choice.name);
  if (choice?.type === 'any' && tools.length === 1) return tools[0];
  return undefined;
}

/**
 * The model. It reads the last invoice in the request with what the request teaches about its
 * vendor, makes each slip the feedback after its answer does not name, and answers with the
 * forced tool's input, or a sentence when no tool is forced.
 */
export function invoiceModel(slips: Slip[] = []): (request: unknown) => { reply: { content: unknown[] } } {
  return (raw: unknown) => {
    const request = raw as Request;
    const { target } = splitRequest(request);
    const facts = readInvoice(target ?? '', learnedConventions(request));
    const feedback = feedbackText(request);
    for (const slip of slips) if (!NAMES[slip.rule].test(feedback)) slip.apply(facts);
    const tool = forcedTool(request);
    if (!tool) {
      const sentence = target
        ? `This is invoice ${facts.invoiceNumber ?? '(no number)'} from ${facts.vendor ?? 'an unknown vendor'}, for ${facts.total?.written ?? 'an amount I cannot see'}${facts.currency ? ` ${facts.currency.code}` : ''}.`
        : 'I do not see an invoice in your message. Please send the document.';
      return { reply: { content: [{ type: 'text', text: sentence }] } };
    }
    return { reply: { content: [{ type: 'tool_use', name: tool.name, input: fillInput(tool.input_schema, facts) }] } };
  };
}

// ── For the checks ────────────────────────────────────────────────────────────────────────────

export const json = (value: unknown): string => JSON.stringify(value);
/** The value as JSON with every object's keys sorted: a record is the same whatever order its fields come in. */
export const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b))) : inner,
  );

export const FIELDS = ['invoiceNumber', 'vendor', 'issueDate', 'dueDate', 'currency', 'iban', 'lines', 'tax', 'total'] as const;

/** How a returned record differs from the expected one, field by field, in words. */
export function recordDifferences(result: unknown, expected: Invoice): string[] {
  if (result === null || typeof result !== 'object' || Array.isArray(result)) return [`It returned ${result === undefined ? 'undefined' : json(result)}, not an invoice record.`];
  const record = result as Record<string, unknown>;
  const problems: string[] = [];
  for (const field of FIELDS) {
    if (!(field in record)) problems.push(`"${field}" is missing; it should be ${json(expected[field])}.`);
    else if (canonical(record[field]) !== canonical(expected[field])) problems.push(`"${field}" is ${json(record[field])}; it should be ${json(expected[field])}.`);
  }
  const extra = Object.keys(record).filter((key) => !(FIELDS as readonly string[]).includes(key));
  if (extra.length > 0) problems.push(`The record has ${extra.map((key) => `"${key}"`).join(', ')}, which the Invoice type does not.`);
  return problems;
}
