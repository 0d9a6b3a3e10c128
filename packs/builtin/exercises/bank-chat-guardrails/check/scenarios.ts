// The harness of the bank-chat-guardrails exercise. A model written as code plays the Messages
// API for a bank's chat assistant. It answers from what the request carries, and it slips the
// way real models do: it repeats any card number, IBAN or phone number it is sent, promises
// refunds for disputed charges, invents a phone number when asked whom to call, and drifts
// into investment tips when asked about savings, whatever the system prompt says. The checks
// judge effects only: what reached the model (no personal data, the rest as written), what
// reached the customer (a refusal, the fallback, or the model's reply untouched) and how many
// calls were made. Legitimate messages must pass unharmed. The README states these rules.
// This file stays in the pack.

interface Block {
  type: string;
  text?: string;
}
interface Request {
  model: string;
  system?: string | Block[];
  messages: { role: string; content: string | Block[] }[];
}
interface Outcome {
  result?: unknown;
  error?: string;
  timedOut: boolean;
  requests: { body: unknown; response?: unknown }[];
}
interface Policy {
  blockedTopics: { topic: string; terms: string[] }[];
  forbiddenPhrases: string[];
}

const REFUSAL = 'I can only help with everyday banking at Northwind Bank: cards, accounts, payments and fees.';
const FALLBACK = "Sorry, I can't help with that here. Please call us on the number on the back of your card.";

// What counts as personal data, as the README defines it. The model uses these to see what it
// could repeat, and the checks to describe what went wrong.
const APART = '(?<![A-Za-z0-9+])';
const AFTER = '(?![A-Za-z0-9])';
const CARD = new RegExp(`${APART}\\d(?:[ -]?\\d){12,18}${AFTER}`, 'g');
const IBAN = new RegExp(`${APART}[A-Z]{2}\\d{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,4})?)${AFTER}`, 'g');
const PHONE = new RegExp(`${APART}(?:\\+\\d(?:[ -]?\\d){7,14}|0(?:[ -]?\\d){9,10})${AFTER}`, 'g');

function luhn(digits: string): boolean {
  let sum = 0;
  [...digits].reverse().forEach((char, i) => {
    let n = Number(char);
    if (i % 2 === 1) n = n * 2 > 9 ? n * 2 - 9 : n * 2;
    sum += n;
  });
  return sum % 10 === 0;
}
function ibanValid(written: string): boolean {
  const iban = written.replace(/ /g, '');
  if (iban.length < 15 || iban.length > 34) return false;
  const moved = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of moved) {
    const value = /[A-Z]/.test(char) ? String(char.charCodeAt(0) - 55) : char;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}
/** The personal data in a text, each as written: IBANs first, then cards, then phone numbers, each in what the previous left. */
function personalData(text: string): { kind: 'IBAN' | 'card number' | 'phone number'; written: string }[] {
  const found: { kind: 'IBAN' | 'card number' | 'phone number'; written: string }[] = [];
  let rest = text;
  const take = (pattern: RegExp, kind: (typeof found)[number]['kind'], valid: (written: string) => boolean): void => {
    rest = rest.replace(pattern, (written) => {
      if (!valid(written)) return written;
      found.push({ kind, written });
      return ' ';
    });
  };
  take(IBAN, 'IBAN', ibanValid);
  take(CARD, 'card number', (written) => luhn(written.replace(/\D/g, '')));
  take(PHONE, 'phone number', () => true);
  return found;
}

const blocksOf = (content: string | Block[] | undefined): Block[] => (typeof content === 'string' ? [{ type: 'text', text: content }] : (content ?? []));
const textOf = (content: string | Block[] | undefined): string => blocksOf(content).map((block) => (block.type === 'text' ? (block.text ?? '') : '')).join('\n');
/** Every text the request carries: the system prompt and every turn. */
const requestText = (request: Request): string => [textOf(request.system), ...request.messages.map((message) => textOf(message.content))].join('\n');
/** What the customer asked, as the model reads it: the last user turn. */
const userTurn = (request: Request): string => textOf([...request.messages].reverse().find((message) => message.role === 'user')?.content);

const LOST = 'You can freeze your card at once in the app: Cards, then Freeze card. A replacement arrives within 5 working days.';
const DECLINED = 'A card is usually declined when it is frozen or the daily limit of 2,000 EUR is reached. The app shows both under Cards.';
const PROMISE = "I'm sorry about that charge. We will refund it in full within 3 working days.";
const REFUND_TIMING = 'A refund from a shop usually reaches your account within 5 working days of the shop sending it.';
const INVENTED_PHONE = 'You can call our team on 020 7946 0321, every day from 8:00 to 20:00.';
const DRIFT = 'The Easy Saver account pays 3.1% a year. For more growth, you could also buy stocks or crypto.';
const CHANGE = 'You can change your details in the app under Profile. To pay someone new, add them under Payments, then New payee.';
const DEFAULT = 'Happy to help. Your card works wherever Visa is accepted, and payments abroad cost 1% of the amount.';

/**
 * The model. It answers the customer's last turn by the first topic it recognises, and slips
 * where the README says it does. Then, if the request carries personal data anywhere, it
 * repeats it.
 */
function bankModel(raw: unknown): { reply: { content: Block[] } } {
  const request = raw as Request;
  const said = userTurn(request);
  let reply: string;
  if (/\b(lost|stolen|missing)\b/i.test(said)) reply = LOST;
  else if (/\bdeclined\b/i.test(said)) reply = DECLINED;
  else if (/\b(recogni[sz]e|dispute|didn't make)\b/i.test(said)) reply = PROMISE;
  else if (/\brefunds?\b/i.test(said)) reply = REFUND_TIMING;
  else if (/\b(call|ring|speak to|talk to)\b/i.test(said)) reply = INVENTED_PHONE;
  else if (/\b(savings?|saver|interest|invest\w*|stocks?|shares|crypto|bitcoin)\b/i.test(said)) reply = DRIFT;
  else if (/\b(transfer|reference)\b/i.test(said)) {
    const reference = new RegExp(`${APART}\\d(?:[ -]?\\d){5,}${AFTER}`).exec(said)?.[0];
    reply = reference ? `The transfer with reference ${reference} left your account today and should arrive within one working day.` : "Could you send me the transfer's reference? I can't see one in your message.";
  } else if (/\bbounced\b/i.test(said)) {
    const iban = new RegExp(IBAN.source).exec(said)?.[0];
    reply = !iban
      ? 'Which IBAN did you send the payment to?'
      : ibanValid(iban)
        ? `The IBAN ${iban} looks right, so the payee's bank refused the payment. Please ask them why.`
        : `The IBAN ${iban} fails its check digits, so the payment came back. Please ask the payee to confirm it.`;
  } else if (/\bchange my\b/i.test(said)) reply = CHANGE;
  else reply = DEFAULT;
  const repeated = personalData(requestText(request)).map((item) => item.written);
  if (repeated.length > 0) reply += ` Please never share details such as ${repeated.join(', ')} in a chat.`;
  return { reply: { content: [{ type: 'text', text: reply }] } };
}

const POLICY: Policy = {
  blockedTopics: [
    { topic: 'investment advice', terms: ['invest', 'investing', 'investment', 'stock', 'stocks', 'shares', 'crypto', 'bitcoin'] },
    { topic: "someone else's account", terms: ["someone else's account", "my partner's account", 'their password'] },
  ],
  forbiddenPhrases: ['we will refund', 'you will be refunded', 'you will get your money back'],
};
const GAMBLING_POLICY: Policy = {
  blockedTopics: [{ topic: 'gambling', terms: ['casino', 'betting', 'bet', 'poker'] }],
  forbiddenPhrases: ['will refund', 'money back'],
};

const json = (value: unknown): string => JSON.stringify(value);
const clip = (text: string, length = 110): string => (text.length > length ? `${text.slice(0, length - 1)}…` : text);
const alnum = (text: string): string => text.replace(/[^A-Za-z0-9]/g, '');

interface Spec {
  name: string;
  hidden?: boolean;
  message: string;
  policy?: Policy;
  /** What the customer must see: REFUSAL (no call), FALLBACK (one call), or the model's reply as it is (one call). */
  expect: 'refusal' | 'fallback' | 'reply';
  /** The personal data in the message, as written; none of it may reach the model. */
  personal?: { kind: string; written: string }[];
  /** The message as the model must get it, redacted by the rules. */
  sent?: string;
  /** Something that is not personal data and must reach the model as written, and why. */
  keep?: { written: string; why: string };
  /** For a refusal: the term that blocks it. For a fallback: what is wrong with the reply. */
  because?: string;
  /** For a reply: why the message is not refused, when it looks as if it might be. */
  allowed?: string;
  /** For a reply: why the model's reply is fine, when it looks as if it might not be. */
  fine?: string;
}

function scenario(spec: Spec) {
  const policy = spec.policy ?? POLICY;
  return {
    name: spec.name,
    ...(spec.hidden ? { hidden: true } : {}),
    options: { message: spec.message, policy },
    respond: bankModel,
    check: (outcome: Outcome): string[] => judge(outcome, spec),
  };
}

/** Whether the phrase is in the text as whole words, ignoring case (rule 1). */
function mentions(text: string, phrase: string): boolean {
  const lower = text.toLowerCase();
  const wanted = phrase.toLowerCase();
  for (let at = lower.indexOf(wanted); at >= 0; at = lower.indexOf(wanted, at + 1)) {
    if (!/[a-z0-9]/.test(lower[at - 1] ?? '') && !/[a-z0-9]/.test(lower[at + wanted.length] ?? '')) return true;
  }
  return false;
}
/** Whether a reply breaks a rule of rule 3: personal data, a forbidden phrase, a blocked term. */
const replyFails = (reply: string, policy: Policy): boolean =>
  personalData(reply).length > 0 || policy.forbiddenPhrases.some((phrase) => mentions(reply, phrase)) || policy.blockedTopics.some((topic) => topic.terms.some((term) => mentions(reply, term)));

/** What the customer saw, as the report names it. */
const named = (shown: string, hidden: boolean): string => (shown === REFUSAL ? 'REFUSAL' : shown === FALLBACK ? 'FALLBACK' : hidden ? 'something else' : `"${clip(shown)}"`);

function judge(outcome: Outcome, spec: Spec): string[] {
  if (outcome.timedOut) return ['guardedReply did not return.'];
  if (outcome.error !== undefined) return [`guardedReply threw ${outcome.error.replace(/\.?$/, '.')} It should always return a reply for the customer.`];
  if (typeof outcome.result !== 'string') return [`guardedReply returned ${json(outcome.result)}; it should return the reply to show the customer, a string.`];
  const shown = outcome.result;
  const hidden = spec.hidden === true;
  const calls = outcome.requests.length;
  const problems: string[] = [];

  if (spec.expect === 'refusal') {
    if (calls > 0) problems.push(`The message reached the model (${calls} call${calls === 1 ? '' : 's'}), but ${spec.because}: the policy blocks it, so refuse before any call.`);
    if (shown !== REFUSAL) problems.push(`The customer saw ${named(shown, hidden)}; a message the policy blocks gets REFUSAL.`);
    return problems;
  }

  if (calls === 0) {
    return [shown === REFUSAL ? `It refused a message the policy allows: ${spec.allowed ?? 'no term of a blocked topic is in it as whole words'}. Match each term as whole words, ignoring case.` : 'It made no model call; a message the policy allows goes to the model once.'];
  }
  if (calls > 1) problems.push(`It made ${calls} model calls for one message; make one, and when its reply fails the checks, return FALLBACK without asking again.`);

  // What reached the model.
  const request = outcome.requests[0]?.body as Request;
  const everything = alnum(requestText(request));
  for (const item of spec.personal ?? []) {
    if (everything.includes(alnum(item.written))) problems.push(`The model was sent the customer's ${item.kind}${hidden ? '' : ` ${item.written}`}; redact it before the call.`);
  }
  const turn = userTurn(request);
  if (spec.keep && !requestText(request).includes(spec.keep.written)) {
    problems.push(`${hidden ? 'Something the customer wrote' : `"${spec.keep.written}"`} did not reach the model as written: ${spec.keep.why}. Redact only what the rules name.`);
  } else if (spec.sent !== undefined && !turn.includes(spec.sent) && !(hidden && problems.length > 0)) {
    problems.push(hidden ? "The model did not get the customer's message, redacted by the rules, in the user turn." : `The model got ${json(clip(turn, 200))}; by the rules its user turn should hold ${json(spec.sent)}.`);
  }

  // What reached the customer.
  const reply = ((outcome.requests[0]?.response as { content?: Block[] } | undefined)?.content ?? []).map((block) => block.text ?? '').join('');
  const policy = spec.policy ?? POLICY;
  if (spec.expect === 'fallback' && replyFails(reply, policy)) {
    if (shown !== FALLBACK) problems.push(`The model's reply ${spec.because}, but the customer saw ${named(shown, hidden)}; return FALLBACK instead.`);
  } else if (spec.expect === 'fallback') {
    // The model never got the message (reported above), so it did not slip; what the customer saw follows the rules for a good reply.
    if (shown !== reply && problems.length === 0) problems.push(`The customer saw ${named(shown, hidden)}; the model's reply passes every check and should reach them as it is.`);
  } else if (shown !== reply && !(shown === FALLBACK && replyFails(reply, policy))) {
    // (A reply that repeats personal data the model should never have been sent rightly falls back: the redaction is at fault, and is reported above.)
    problems.push(
      shown === FALLBACK
        ? `The customer got FALLBACK, but the model's reply${hidden ? '' : ` "${clip(reply)}"`} breaks no rule: ${spec.fine ?? 'it holds no personal data, no forbidden phrase and no term of a blocked topic'}. A guardrail that blocks good answers fails the customers it protects.`
        : `The customer saw ${named(shown, hidden)}; the model's reply${hidden ? '' : ` "${clip(reply)}"`} passes every check and should reach them as it is.`,
    );
  }
  return problems;
}

export const scenarios = [
  scenario({
    name: 'redacts a card number before the call, and passes the good reply on',
    message: 'I lost my card 4539 1488 0343 6467 this morning, what should I do?',
    personal: [{ kind: 'card number', written: '4539 1488 0343 6467' }],
    sent: 'I lost my card [CARD] this morning, what should I do?',
    expect: 'reply',
  }),
  scenario({
    name: 'refuses investment advice without calling the model',
    message: 'Should I put my savings into Bitcoin?',
    expect: 'refusal',
    because: 'it contains "Bitcoin", a term of the blocked topic "investment advice"',
  }),
  scenario({
    name: 'a payment reference that fails the Luhn check reaches the model as written',
    message: 'Where is my transfer? The payment reference is 4929 1234 5678 9012.',
    keep: { written: '4929 1234 5678 9012', why: 'it fails the Luhn check, so it is a reference, not a card number' },
    sent: 'Where is my transfer? The payment reference is 4929 1234 5678 9012.',
    expect: 'reply',
    fine: 'the reference in it fails the Luhn check, so it is not a card number',
  }),
  scenario({
    name: 'a refund promise never reaches the customer',
    message: "I don't recognise a charge of 49.99 EUR from STREAMFLIX. Can you help?",
    sent: "I don't recognise a charge of 49.99 EUR from STREAMFLIX. Can you help?",
    expect: 'fallback',
    because: 'promises a refund ("we will refund", a forbidden phrase)',
  }),
  scenario({
    name: 'an invented phone number never reaches the customer',
    message: 'Who can I call about my mortgage payments?',
    sent: 'Who can I call about my mortgage payments?',
    expect: 'fallback',
    because: 'holds a phone number, which no reply may',
  }),
  scenario({
    name: 'a savings answer that drifts into investment tips falls back',
    message: 'What interest does the Easy Saver account pay?',
    sent: 'What interest does the Easy Saver account pay?',
    expect: 'fallback',
    because: 'recommends stocks and crypto, terms of the blocked topic "investment advice"',
  }),
  scenario({
    name: 'a city whose name contains a blocked term is not refused',
    message: "I'm moving to Stockholm next month. Will my card work there?",
    sent: "I'm moving to Stockholm next month. Will my card work there?",
    expect: 'reply',
    allowed: '"Stockholm" contains "stock" but is not the word "stock"',
  }),
  scenario({
    name: 'redacts an IBAN and a phone number',
    message: 'Please change my phone number to +44 7700 900123 and pay my rent to GB82 WEST 1234 5698 7654 32 every month.',
    personal: [
      { kind: 'phone number', written: '+44 7700 900123' },
      { kind: 'IBAN', written: 'GB82 WEST 1234 5698 7654 32' },
    ],
    sent: 'Please change my phone number to [PHONE] and pay my rent to [IBAN] every month.',
    expect: 'reply',
  }),
  scenario({
    name: 'another card format and a national phone number',
    hidden: true,
    message: 'My Amex 3714-496353-98431 was stolen! Call me back on 07700 900 123 please.',
    personal: [
      { kind: 'card number', written: '3714-496353-98431' },
      { kind: 'phone number', written: '07700 900 123' },
    ],
    sent: 'My Amex [CARD] was stolen! Call me back on [PHONE] please.',
    expect: 'reply',
  }),
  scenario({
    name: 'a card number written without spaces',
    hidden: true,
    message: 'Card 5555555555554444 was charged twice at the same shop today.',
    personal: [{ kind: 'card number', written: '5555555555554444' }],
    sent: 'Card [CARD] was charged twice at the same shop today.',
    expect: 'reply',
  }),
  scenario({
    name: 'an IBAN written without spaces',
    hidden: true,
    message: 'Can you change my salary account to NL91ABNA0417164300 from May?',
    personal: [{ kind: 'IBAN', written: 'NL91ABNA0417164300' }],
    sent: 'Can you change my salary account to [IBAN] from May?',
    expect: 'reply',
  }),
  scenario({
    name: 'an IBAN that fails its check is not personal data',
    hidden: true,
    message: 'My payment to DE89370400440532013001 bounced. Is the IBAN wrong?',
    keep: { written: 'DE89370400440532013001', why: "its mod-97 check fails, so it is no one's account" },
    sent: 'My payment to DE89370400440532013001 bounced. Is the IBAN wrong?',
    expect: 'reply',
    fine: "the IBAN in it fails its mod-97 check, so it is no one's account",
  }),
  scenario({
    name: 'a reply that mentions a refund without promising one',
    hidden: true,
    message: 'How long does a refund from a shop take to reach my account?',
    sent: 'How long does a refund from a shop take to reach my account?',
    expect: 'reply',
    fine: 'it mentions a refund but holds no forbidden phrase',
  }),
  scenario({
    name: 'a word that starts with a blocked term',
    hidden: true,
    message: 'Please investigate why my card was declined at the supermarket.',
    sent: 'Please investigate why my card was declined at the supermarket.',
    expect: 'reply',
    allowed: '"investigate" starts with "invest" but is not the word "invest"',
  }),
  scenario({
    name: 'the policy it is given, not another',
    hidden: true,
    message: 'Can I use my card at an online casino?',
    policy: GAMBLING_POLICY,
    expect: 'refusal',
    because: 'a term of a blocked topic of the policy it was given is in it',
  }),
  scenario({
    name: 'a term with a dot in it',
    hidden: true,
    message: 'Can I send money to crypto.com from my account?',
    policy: { blockedTopics: [{ topic: 'crypto exchanges', terms: ['crypto.com', 'binance'] }], forbiddenPhrases: ['we will refund'] },
    expect: 'refusal',
    because: 'a term of a blocked topic of the policy it was given is in it',
  }),
  scenario({
    name: 'a forbidden phrase of the policy it is given',
    hidden: true,
    message: "There's a payment to FASTBET I didn't make last week.",
    policy: { blockedTopics: [{ topic: 'gambling', terms: ['casino', 'betting', 'poker'] }], forbiddenPhrases: ['will refund'] },
    sent: "There's a payment to FASTBET I didn't make last week.",
    expect: 'fallback',
    because: 'holds a phrase the policy forbids',
  }),
];
