// The simulated model of the contact-extraction-prompt exercise: what answers the pack's
// prompts (and a learner's) when no real model is used (scripts/record-prompts.mjs, tests).
// It reads the request and really extracts the contact from whatever email the request
// carries, applying each of the CRM team's rules only when the prompt states it, in any
// wording; a rule the prompt leaves out shows the failure failures.md describes for it. It also
// plays the rubric grader, judging the reply it is given by the rubric it is given. Same
// request, same answer: every sample of a case is identical. Never copied to learners. The
// README's "How it is checked" says what counts as stating each rule; keep the two in step.

/** The id /v1/models lists. */
export const model = 'claude-simulator-contacts-1';

interface Request {
  system?: string | { type: string; text?: string }[];
  messages: { role: string; content: string | { type: string; text?: string }[] }[];
}
interface Answer {
  name: string;
  reply: { content: { type: 'text'; text: string }[] };
}

const FIELDS = ['name', 'company', 'email', 'phone'] as const;
type Field = (typeof FIELDS)[number];
type Contact = Record<Field, string | null>;

// ---------------------------------------------------------------------------------------------
// Reading the prompt

function textOf(content: Request['system'] | Request['messages'][number]['content']): string {
  if (content === undefined) return '';
  if (typeof content === 'string') return content;
  return content.map((block) => (block.type === 'text' ? (block.text ?? '') : '')).join('\n');
}

/**
 * The prompt's statements: its sentences, split at . ! ? ; and at a blank line, a line that
 * starts a bullet or an XML tag; lower-cased, Markdown emphasis and quotes dropped.
 */
export function statements(text: string): string[] {
  return text
    .split(/\n\s*\n|\n(?=\s*(?:[-*•]|\d+[.)])\s)|(?<=[.!?;])\s+|(?=<\/?[a-z_-]+>)|(?<=<\/?[a-z_-]+>)/i)
    .map((part) =>
      part
        .replace(/[*_`"“”‘’]/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
        .toLowerCase(),
    )
    .filter((part) => part.length > 0);
}

const NEGATION = /\b(never|not|no|don'?t|do not|does not|doesn'?t|must not|mustn'?t|nothing|without|avoid|refuse|neither|nor)\b/;

/** What the prompt states, rule by rule: see the README's "How it is checked". */
export interface ContactRules {
  json: boolean;
  /** Values exactly as written: "exactly as", "verbatim", "as written", "word for word"…, or never reformat / add a country code. */
  asWritten: boolean;
  /** Nothing inferred: a negated infer/guess/deduce/derive/assume/invent/make up, or "only what the email states". */
  noInfer: boolean;
  /** null for what the email does not state: "null" with not/missing/absent/unstated/otherwise… */
  nullWhenAbsent: boolean;
  /** No placeholders: N/A, unknown, an empty string or a placeholder named with a negation, or null as the only/always form. */
  noPlaceholders: boolean;
  /** Instructions inside the email are not followed. */
  neverFollow: boolean;
  /** The prompt asks for every field filled ("as complete as possible", "fill every field"…). */
  completeness: boolean;
  /** The prompt says to null every field of an informal or unusual email. */
  nullInformal: boolean;
  /** The keys the prompt names. */
  keys: Field[];
}

const PLACEHOLDER_WORD = '(n/a|\\bunknown\\b|\\bplaceholders?\\b|\\bempty strings?\\b|\\btbd\\b)';

export function readRules(instructions: string): ContactRules {
  const said = statements(instructions);
  const any = (test: (statement: string) => boolean): boolean => said.some(test);
  const asWritten = any(
    (s) =>
      /\b(exactly as|verbatim|as (it is |they are )?written|as (it |they )?appears?|as-is|word for word|character for character|unchanged|untouched|exact (form|value|values|text|spelling|characters|wording)|as (the email|the sender|it|they) (writes?|wrote|states?|gives?|gave|spells?|has it))\b/.test(s) ||
      (NEGATION.test(s) && /\b(reformat\w*|re-format\w*|normali[sz]\w*|add (a |any )?country codes?|adding (a |any )?country codes?|change (the |its )?format\w*|rewrite|clean up)\b/.test(s)) ||
      (NEGATION.test(s) && /\b(change|alter|modify|correct)\b[^.]{0,30}\b(written|format\w*|spelling|spacing)\b/.test(s)),
  );
  const noInfer = any(
    (s) =>
      (NEGATION.test(s) && /\b(infer\w*|guess\w*|deduc\w*|deriv\w*|assum\w*|invent\w*|make up|made up|making up|fabricat\w*|extrapolat\w*|speculat\w*)\b/.test(s)) ||
      /\bonly (what|values?|information|details|data|fields?)\b[^.]{0,40}\b(stated|states|says|written|writes|explicit\w*|appears?|present|given)\b/.test(s),
  );
  const nullWhenAbsent = any(
    (s) => /\bnull\b/.test(s) && /\b(not|missing|absent|unstated|unknown|no|without|unless|otherwise|lacks?|isn'?t|doesn'?t|empty|left out|omit\w*|cannot|can'?t)\b/.test(s),
  );
  const noPlaceholders = any(
    (s) =>
      // A placeholder named as forbidden: after a negation ("never write N/A"), or before one ("N/A is not a value").
      new RegExp(`\\b(never|no|don'?t|do not|must not|avoid|instead of|rather than)\\b[^.]{0,40}${PLACEHOLDER_WORD}|\\bnot\\W{0,3}(a |an |the )?${PLACEHOLDER_WORD}`).test(s) ||
      new RegExp(`${PLACEHOLDER_WORD}[^.]{0,40}\\b(are|is) (not|never) (a |an )?(valid |real |allowed )?(values?|allowed|answers?)\\b|${PLACEHOLDER_WORD}[^.]{0,20}\\b(are|is) (forbidden|not allowed|banned)\\b`).test(s) ||
      (/\bnull\b/.test(s) && /\b(only|always|nothing else|never anything else)\b/.test(s) && /\b(missing|absent|not stated|no value|not given|unstated|empty|lack)/.test(s)),
  );
  const neverFollow = any(
    (s) =>
      (/\b(instructions?|orders?|commands?|directives?|directions|requests? to change)\b/.test(s) &&
        /\b(never|not|don'?t|do not|must not|no|ignore|disregard)\b/.test(s) &&
        /\b(follow|obey|execute|act on|comply|carry out|ignore|disregard|treat|data)\b/.test(s) &&
        !/\bfollow (these|my|the following|our) instructions\b/.test(s)) ||
      /\b(data|text|content) to (extract|read)( from)?,? (and )?(not|never) (as )?(instructions|commands|orders)\b/.test(s) ||
      /\b(email|message)\b[^.]{0,30}\b(cannot|can'?t|can never|must not|may not|never) (change|override|alter|overrule) (these |the |your |our )?(rules|instructions|behaviou?r)\b/.test(s),
  );
  const completeness = any((s) => /\b(as complete as possible|completeness|fill (in )?(every|all|each)|everything (they|sales|the team|the sales team) need|leave no field|never leave .{0,20}(empty|blank))\b/.test(s));
  const nullInformal = any((s) => /\b(informal|casual|unusual|odd|unclear)\b/.test(s) && /\bnull\b/.test(s) && /\b(every|all|each)\b/.test(s));
  const json = /\bjson\b/i.test(instructions) || /\{\s*"\w+"\s*:/.test(instructions);
  const keys = FIELDS.filter((field) => new RegExp(`\\b${field}\\b`, 'i').test(instructions));
  return { json, asWritten, noInfer, nullWhenAbsent, noPlaceholders, neverFollow, completeness, nullInformal, keys };
}

// ---------------------------------------------------------------------------------------------
// Reading the user turn: where the email is

const EMAIL_TAG = /email|mail|message|input|text|content|body/i;

/** The email and the rest of the user turn. */
export function splitUserTurn(userText: string): { email: string; rest: string } {
  const tags = [...userText.matchAll(/<([a-z][\w-]*)>([\s\S]*?)<\/\1>/gi)];
  // A tag named for the email; else one whose name mentions it; else the longest.
  const tagged =
    tags.find((match) => /^(email|e-mail|mail|message|text|input|content|body)$/i.test(match[1] ?? '')) ??
    tags.find((match) => EMAIL_TAG.test(match[1] ?? '')) ??
    [...tags].sort((a, b) => (b[2]?.length ?? 0) - (a[2]?.length ?? 0))[0];
  if (tagged && tagged.index !== undefined) return { email: (tagged[2] ?? '').trim(), rest: userText.slice(0, tagged.index) + userText.slice(tagged.index + tagged[0].length) };
  const fenced = /(```|""")[^\n]*\n([\s\S]*?)\1/.exec(userText);
  if (fenced) return { email: (fenced[2] ?? '').trim(), rest: userText.replace(fenced[0], '') };
  const labelled = /^[ \t]*(?:the )?(?:inbound )?(?:e-?mail|message|text)(?: text| body)?[ \t]*:[ \t]*/im.exec(userText);
  if (labelled && labelled.index !== undefined) return { email: userText.slice(labelled.index + labelled[0].length).trim(), rest: userText.slice(0, labelled.index) };
  // No delimiter, no label: a paragraph ending in ":" is the template's own words, the rest is the email.
  const paragraphs = userText.split(/\n\s*\n/);
  const lead = paragraphs.filter((paragraph) => /:\s*$/.test(paragraph.trim()));
  const email = paragraphs.filter((paragraph) => !/:\s*$/.test(paragraph.trim()));
  return { email: email.join('\n\n').trim(), rest: lead.join('\n\n') };
}

// ---------------------------------------------------------------------------------------------
// Doing the task

/** An order to the assistant inside the email: it addresses the model, or tells it to set a field. */
const ORDER =
  /\b(note to the (ai|assistant|model)|(ai|assistant|model|bot) reading this|system note|assistant:|(ignore|disregard) (your|all|the|previous|any) (\w+ )?(rules|instructions)|set (the )?(name|company|email|phone)|(reply|respond|answer) with\b[^.]{0,30}\b(name|company|email|phone))\b/i;
const NOT_A_NAME = new Set(['Hi', 'Hello', 'Hey', 'Dear', 'Thanks', 'Thank', 'Cheers', 'Regards', 'Best', 'Bye', 'Note', 'Please', 'Sent', 'Call', 'Ring', 'Email', 'Phone', 'The', 'We', 'I', 'You', 'Could', 'Can', 'Send', 'Yes', 'No', 'OK', 'Sorry']);
const WORD = "[A-Z][\\w'’-]+";
const NAME = `${WORD}(?:[ \\t]+${WORD}){0,2}`;
const COMPANY = "[A-Z][\\w&'’.-]*(?:[ \\t]+(?:[A-Z][\\w&'’.-]*|&|of|and))*";
const TITLES = /\b(head|director|manager|ceo|cto|cfo|coo|founder|engineer|lead|officer|president|vp|owner|partner|consultant|analyst|buyer|specialist|coordinator)\b/i;

export function sentencesOf(text: string): string[] {
  return text.split(/(?<=[.!?])\s+|\n+/).map((part) => part.trim()).filter((part) => part.length > 0);
}

const asName = (candidate: string | undefined): string | undefined => {
  const words = candidate?.trim().split(/\s+/) ?? [];
  while (words.length > 0 && NOT_A_NAME.has(words[0] ?? '')) words.shift();
  return words.length > 0 ? words.join(' ') : undefined;
};

/** The contact details the email states, each as it writes them. */
export function extract(email: string): Contact {
  const sentences = sentencesOf(email);
  const address = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/.exec(email)?.[0] ?? null;
  const labelledPhone = /\b(?:phone|tel|telephone|mobile|cell)\s*:\s*(\+?[\d][\d \t().-]{5,}\d)/i.exec(email)?.[1];
  const anyPhone = [...email.matchAll(/\+?\(?\d[\d \t().-]{5,}\d/g)].map((match) => match[0]).find((candidate) => (candidate.match(/\d/g) ?? []).length >= 7);
  const phone = (labelledPhone ?? anyPhone)?.trim() ?? null;
  let name: string | undefined = asName(/\bname\s*:\s*([^\n,.]+)/i.exec(email)?.[1]);
  let company: string | undefined = /\bcompany\s*:\s*([^\n,.]+)/i.exec(email)?.[1]?.trim();
  name ??= asName(new RegExp(`(?:[Tt]his is|I am|I'm|[Mm]y name is)[ \\t]+(${NAME})`).exec(email)?.[1]);
  name ??= asName(new RegExp(`(?:^|[.!?\\n][ \\t]*)(?:[—–-]+|(?:Best |Kind |Warm )?[Rr]egards,|Best,|Thanks,|Thank you,|Cheers,|Sincerely,|Best wishes,|All the best,)[ \\t\\n]*(${NAME})`).exec(email)?.[1]);
  name ??= asName(new RegExp(`^[ \\t]*(${WORD}[ \\t]+${WORD}),`).exec(email)?.[1]);
  // A closing line of only a name, perhaps with ", Company".
  const last = sentences.at(-1)?.replace(/[.!]+$/, '') ?? '';
  const closing = new RegExp(`^(${NAME})(?:,[ \\t]*(${COMPANY}))?$`).exec(last);
  if (closing && !NOT_A_NAME.has(closing[1] ?? '')) {
    name ??= asName(closing[1]);
    if (closing[2] && !TITLES.test(closing[2])) company ??= closing[2];
  }
  if (!company) {
    for (const sentence of sentences) {
      if (!((name && sentence.includes(name)) || TITLES.test(sentence) || /\bI work\b/.test(sentence))) continue;
      const found = new RegExp(`\\b(?:from|at|with|for|on behalf of)[ \\t]+(${COMPANY})`).exec(sentence);
      if (found?.[1] && !NOT_A_NAME.has(found[1])) {
        company = found[1].replace(/[.,]+$/, '');
        break;
      }
    }
  }
  return { name: name ?? null, company: company ?? null, email: address, phone };
}

/** Whether an email reads as formal: a self-introduction, a labelled field, a formal closing, or "Name Surname, Title". */
export function isFormal(email: string): boolean {
  return (
    /\b(this is|my name is|i am)\b/i.test(email) ||
    /\b(phone|tel|email|e-mail|company|mobile)\s*:/i.test(email) ||
    /\b(regards|sincerely|best wishes|yours faithfully|yours truly)\b/i.test(email) ||
    new RegExp(`^\\s*${WORD}\\s+${WORD},\\s*[^.]*\\b(at|of)\\b`).test(email)
  );
}

const FREE_MAIL = /^(gmail|googlemail|yahoo|outlook|hotmail|live|icloud|me|aol|proton|protonmail|gmx|mail)$/i;
const capitalise = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/** The reply's contact under the rules the prompt states; `notes` says which failures showed. */
export function contactFor(rules: ContactRules, emailText: string): { contact: Contact; notes: string[] } {
  const notes: string[] = [];
  const sentences = sentencesOf(emailText);
  const orders = sentences.filter((sentence) => ORDER.test(sentence));
  // An order is not a contact detail the sender states: obeyed (below) or left alone, never extracted from.
  const content = sentences.filter((sentence) => !ORDER.test(sentence)).join('\n');
  const contact = extract(content);
  if (!rules.neverFollow) {
    for (const order of orders) {
      for (const match of order.matchAll(/\b(name|company|email|phone)\b(?:[ \t]+field)?[ \t]*(?:to|=|:|as)[ \t]*(?:"([^"]+)"|'([^']+)'|([^\s,.]+))/gi)) {
        const field = (match[1] ?? '').toLowerCase() as Field;
        contact[field] = match[2] ?? match[3] ?? match[4] ?? null;
        notes.push(`obeyed the email (${field})`);
      }
    }
  }
  if (rules.nullInformal && !isFormal(content)) {
    notes.push('nulled an informal email');
    return { contact: { name: null, company: null, email: null, phone: null }, notes };
  }
  if (!rules.noInfer) {
    const [local, domain] = (contact.email ?? '').split('@');
    const label = domain?.split('.').slice(-2, -1)[0];
    if (contact.company === null && label && !FREE_MAIL.test(label)) ((contact.company = capitalise(label)), notes.push('company from the domain'));
    if (contact.name === null && local) ((contact.name = capitalise(local.split(/[._+-]/)[0] ?? local)), notes.push('name from the address'));
  }
  // Without "as written", a number in national form is "completed" with the country code the
  // model guesses for a leading trunk 0 (+44); one written with its country code is left alone.
  if (contact.phone !== null && !rules.asWritten && /^0\d/.test(contact.phone)) ((contact.phone = `+44 ${contact.phone.slice(1)}`), notes.push('added a country code'));
  if (contact.phone === null && rules.completeness && !rules.noInfer && !rules.nullWhenAbsent) ((contact.phone = '+1 555 0100'), notes.push('invented a phone'));
  for (const field of FIELDS) {
    if (contact[field] === null && !rules.noPlaceholders) ((contact[field] = 'N/A'), notes.push(`N/A for ${field}`));
  }
  return { contact, notes };
}

// ---------------------------------------------------------------------------------------------
// Grading against a rubric

/** Whether the request asks for a verdict against a rubric. */
export function isGrading(system: string): boolean {
  return statements(system).some((s) => /\b(grade|grading|judge|evaluate|assess)\b/.test(s) && /\brubric\b/.test(s));
}

const PLACEHOLDER = /^(n\/a|na|unknown|none|null|-|)$/i;

/** The grader's verdict: it understands rubrics that say a field is absent ("names no company", "gives no phone"). */
export function grade(rubric: string, reply: string): { pass: boolean; reason: string } {
  const clause = /\b(?:names?|gives?|states?|includes?|contains?|has|returns?|invents?)\s+no\s+(name|company|email|phone)\b|\bno\s+(name|company|email|phone)\s+(?:is|may be)\s+(?:named|given|stated)\b/i.exec(rubric);
  const field = (clause?.[1] ?? clause?.[2])?.toLowerCase();
  if (!field) return { pass: false, reason: 'The rubric asks for something this grader cannot judge.' };
  const json = /\{[\s\S]*\}/.exec(reply)?.[0];
  let parsed: Record<string, unknown> | undefined;
  try {
    const value: unknown = json ? JSON.parse(json) : undefined;
    if (value && typeof value === 'object' && !Array.isArray(value)) parsed = value as Record<string, unknown>;
  } catch {
    parsed = undefined;
  }
  if (!parsed) return { pass: false, reason: `The reply holds no JSON object, so it cannot be shown to name no ${field}.` };
  const value = parsed[field];
  if (value === undefined || value === null || (typeof value === 'string' && PLACEHOLDER.test(value.trim()))) return { pass: true, reason: `The reply names no ${field}.` };
  return { pass: false, reason: `The reply names a ${field} ("${String(value)}") that the rubric says must not be named.` };
}

// ---------------------------------------------------------------------------------------------
// Answering a request

const say = (name: string, text: string): Answer => ({ name, reply: { content: [{ type: 'text', text } as const] } });

export function respond(request: Request): Answer {
  const system = textOf(request.system);
  const lastUser = [...request.messages].reverse().find((message) => message.role === 'user');
  const userText = textOf(lastUser?.content);
  if (isGrading(system)) {
    const rubric = /<rubric>([\s\S]*?)<\/rubric>/i.exec(userText)?.[1] ?? /rubric:\s*([^\n]+)/i.exec(userText)?.[1] ?? '';
    const reply = /<reply>([\s\S]*?)<\/reply>/i.exec(userText)?.[1] ?? /reply:\s*([\s\S]+)/i.exec(userText)?.[1] ?? '';
    const verdict = grade(rubric, reply);
    return say(`grader: ${verdict.pass ? 'pass' : 'fail'}`, JSON.stringify(verdict));
  }
  const { email, rest } = splitUserTurn(userText);
  const rules = readRules(`${system}\n\n${rest}`);
  const { contact, notes } = contactFor(rules, email);
  const missing = (['asWritten', 'noInfer', 'nullWhenAbsent', 'noPlaceholders', 'neverFollow'] as const).filter((rule) => !rules[rule]);
  const name = `contact model${missing.length > 0 ? ` (prompt lacks: ${missing.join(', ')})` : ''}${notes.length > 0 ? `: ${notes.join(', ')}` : ''}`;
  const keys = rules.keys.length > 0 ? rules.keys : [...FIELDS];
  if (!rules.json) return say(name, `Here are the sender's details:\n\n${keys.map((key) => `${capitalise(key)}: ${contact[key] ?? 'not given'}`).join('\n')}`);
  // This model writes bare JSON whenever JSON is asked for: the exercise's rules are about the values.
  return say(name, JSON.stringify(Object.fromEntries(keys.map((key) => [key, contact[key]]))));
}
