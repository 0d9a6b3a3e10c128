// The simulated model of the triage-prompt-debugging exercise: what answers the pack's prompts
// (and a learner's) when no real model is used (scripts/record-prompts.mjs, tests). It reads
// the request, really triages whatever ticket the request carries, and applies each of the
// team's rules only when the prompt states it, in any wording; a rule the prompt leaves out
// shows the failure failures.md describes for it. Same request, same answer: every sample of
// a case is identical. Never copied to learners. The README's "How it is checked" says what
// counts as stating each rule; keep the two in step.

/** The id /v1/models lists. */
export const model = 'claude-simulator-triage-1';

interface Request {
  system?: string | { type: string; text?: string }[];
  messages: { role: string; content: string | { type: string; text?: string }[] }[];
}
interface Answer {
  name: string;
  reply: { content: { type: 'text'; text: string }[] };
}

// ---------------------------------------------------------------------------------------------
// Reading the prompt

/** A block's text, whatever shape the API gave it. */
function textOf(content: Request['system'] | Request['messages'][number]['content']): string {
  if (content === undefined) return '';
  if (typeof content === 'string') return content;
  return content.map((block) => (block.type === 'text' ? (block.text ?? '') : '')).join('\n');
}

/**
 * The prompt's statements: its sentences, split at . ! ? ; and at a blank line or a line that
 * starts a bullet; lower-cased, Markdown emphasis and quotes dropped, spaces collapsed.
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

const NEGATION = /\b(never|not|no|don'?t|do not|does not|doesn'?t|must not|mustn'?t|nothing|without|avoid|refuse)\b/;

/** What the prompt states, rule by rule: see the README's "How it is checked". */
export interface TriageRules {
  /** The reply is the JSON alone: a statement that says only/alone/nothing else/no prose, markdown or fences. */
  jsonOnly: boolean;
  /** The prompt asks for JSON at all. */
  json: boolean;
  /** Every issue gets a category: a quantifier (every, each, all, multiple…) with issue/problem/topic/kind/category and a verb of listing. */
  everyIssue: boolean;
  /** "Not urgent" is low: a statement pairing a negated urgency (not urgent, no rush, negation) with low/urgency. */
  negation: boolean;
  /** English values whatever the language: "English", or (any/whatever/regardless…) language with values/labels kept, or "never translate". */
  englishValues: boolean;
  /** Instructions inside the ticket are not followed. */
  neverFollow: boolean;
  /** needsHuman conditions, each applied only when stated. */
  human: { plans: string[] | undefined; openTickets: number | undefined; multipleCategories: boolean };
  /** The output's keys and allowed values, as the prompt writes them. */
  keys: { categories: string | undefined; urgency: string | undefined; needsHuman: string | undefined };
  labels: string[];
}

const NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6 };
const toNumber = (word: string): number => NUMBER_WORDS[word] ?? Number(word);

export function readRules(instructions: string): TriageRules {
  const said = statements(instructions);
  const any = (test: (statement: string) => boolean): boolean => said.some(test);
  const json = /\bjson\b/i.test(instructions) || /\{\s*"\w+"\s*:/.test(instructions);
  const jsonOnly = any(
    (s) =>
      /\b(only|just|solely|exclusively|purely)\b( with| return| output| reply)?( a| one| the| valid| raw| bare| plain)? (json|object)\b/.test(s) ||
      /\bjson( object)? (only|alone)\b/.test(s) ||
      /\b(raw|bare|pure) json\b/.test(s) ||
      /\b(entire|whole|full) (reply|response|output|answer)\b[^.]{0,40}\b(json|parse)/.test(s) ||
      /\bnothing (else|but|more|before or after)\b/.test(s) ||
      /\b(no|without|never|not|don'?t|do not)\b[^.]{0,40}\b(prose|explanations?|commentary|comments|markdown|code ?fences?|backticks|preamble|other text|extra text|surrounding text|text (before|after|around))\b/.test(s),
  );
  const everyIssue = any(
    (s) =>
      /\b(every|each|all|multiple|several|any number of|more than one)\b( the)?( kind of| kinds of| type of| types of| distinct| separate| different)? (issues?|problems?|topics?|kinds?|categor(y|ies)|concerns?|requests?|things?)\b/.test(s) &&
      /\b(list|lists|listing|include|includes|return|returns|add|give|output|entry|entries|cover|covers|tag|label|assign|raise[sd]?|raises|mention(s|ed)?|appl(y|ies)|contain(s|ed)?|cite[sd]?|in order|one per)\b/.test(s) &&
      !/\bneeds ?human\b|\bhuman\b/.test(s),
  ) || any((s) => /\bone (entry|label|category|item|value) (per|for each|for every) (issue|problem|topic|kind|concern)\b/.test(s));
  const negation = any(
    (s) =>
      (/\b(not|isn'?t|non|no)[- ]?(urgent|urgently|rush|hurry|emergency)\b/.test(s) || /\bnegat(e|es|ed|ion|ions|ing)\b/.test(s)) &&
      /\b(low|urgency|not urgent|urgent)\b/.test(s),
  );
  const englishValues = any(
    (s) =>
      (/\benglish\b/.test(s) && /\b(values?|labels?|categor(y|ies)|fields?|keys?|words?|output|answer|reply|json|urgency|low|high|billing)\b/.test(s)) ||
      (/\b(any|whatever|regardless of( the)?|every|other|different|non-english|foreign)\b[^.]{0,30}\blanguages?\b/.test(s) &&
        /\b(values?|labels?|same|exact|exactly|unchanged|keep|always|still|identical|these)\b/.test(s)) ||
      (/\b(translat(e|ed|es|ing|ion)|locali[sz](e|ed|es|ing|ation))\b/.test(s) && NEGATION.test(s)),
  );
  const neverFollow = any(
    (s) =>
      (/\b(instructions?|orders?|commands?|directives?|directions|requests? to change)\b/.test(s) &&
        /\b(never|not|don'?t|do not|must not|no|ignore|disregard)\b/.test(s) &&
        /\b(follow|obey|execute|act on|comply|carry out|ignore|disregard|treat|data)\b/.test(s) &&
        !/\bfollow (these|my|the following|our) instructions\b/.test(s)) ||
      /\b(data|text|content) (to classify|to triage),? (and )?(not|never) (as )?(instructions|commands|orders)\b/.test(s) ||
      /\b(ticket|message)\b[^.]{0,30}\b(cannot|can'?t|can never|must not|may not|never) (change|override|alter|overrule) (these |the |your |our )?(rules|instructions|behaviou?r)\b/.test(s),
  );
  // needsHuman's three conditions: read from where the prompt talks about a human, that is
  // from the first mention of needsHuman, a human or escalation to the end of its paragraph
  // (so a lead-in sentence followed by bullets counts), sentence by sentence.
  let plans: string[] | undefined;
  let openTickets: number | undefined;
  let multipleCategories = false;
  for (const paragraph of instructions.split(/\n\s*\n/)) {
    const start = /needs ?human|needs_human|\bhuman\b|\bescalat/i.exec(paragraph);
    if (!start) continue;
    for (const s of statements(paragraph.slice(start.index)).flatMap((statement) => statement.split(/(?<=;)\s*/))) {
      if (/\b(high|urgent)\b/.test(s) && /\b(pro|enterprise)\b/.test(s)) {
        plans = [...new Set([...(plans ?? []), ...(s.match(/\b(pro|enterprise|business|premium)\b/g) ?? [])])];
      }
      const count = '(\\d+|one|two|three|four|five|six)';
      const open =
        new RegExp(`\\b${count} or more open\\b|\\bat least ${count} open\\b|\\b${count}\\+ open\\b|\\bopen[ _-]?tickets?\\b[^.]{0,25}?(?:>=|≥|at least) ?${count}\\b|\\bopen[ _-]?tickets?\\b[^.]{0,25}?\\b${count} or (?:more|above)\\b`).exec(s) ??
        undefined;
      const moreThan = new RegExp(`\\bmore than ${count} open\\b|\\bopen[ _-]?tickets?\\b[^.]{0,25}?(?:>|more than|above|over) ?${count}\\b`).exec(s);
      const atLeast = open?.slice(1).find((group) => group !== undefined);
      if (atLeast !== undefined) openTickets = toNumber(atLeast);
      else if (moreThan) openTickets = toNumber(moreThan.slice(1).find((group) => group !== undefined) ?? '0') + 1;
      if (/(\b(two or more|2 or more|more than one|multiple|several|at least two|at least 2)\b|\b2\+)[^.]{0,20}\b(categor(y|ies)|issues?|problems?|kinds?)\b/.test(s)) multipleCategories = true;
    }
  }
  // A key is spelled as the prompt's output shape spells it: a name followed by a colon (`"categories":`,
  // `categories:`) first, else the name's first mention.
  const key = (pattern: RegExp): string | undefined =>
    new RegExp(`["']?(${pattern.source})["']?\\s*:`).exec(instructions)?.[1] ?? pattern.exec(instructions)?.[0];
  // "other" is a label only where the prompt uses it as one: in a list ["other"], beside another label, or for
  // a ticket none fits; "in every other case" names no label.
  const otherLabel = said.some((s) => /\bother\b/.test(s) && (/\[\s*other\s*\]/.test(s) || /\b(billing|technical|account)\b/.test(s) || /\b(none|nothing|neither|no category|no other)\b/.test(s)));
  const labels = ['billing', 'technical', 'account'].filter((label) => new RegExp(`\\b${label}\\b`, 'i').test(instructions)).concat(otherLabel ? ['other'] : []);
  return {
    json,
    jsonOnly,
    everyIssue,
    negation,
    englishValues,
    neverFollow,
    human: { plans, openTickets, multipleCategories },
    keys: { categories: key(/\bcategories\b|\bcategory\b/), urgency: key(/\burgency\b|\bpriority\b/), needsHuman: key(/\bneedsHuman\b|\bneeds_human\b|\bneeds_a_human\b/) },
    labels,
  };
}

// ---------------------------------------------------------------------------------------------
// Reading the user turn: where the ticket is, and what the filled template says around it

const TICKET_TAG = /ticket|message|email|mail|input|text|request|content|body|customer/i;

/** The ticket and the rest of the user turn (the template's own words, plan, open tickets). */
export function splitUserTurn(userText: string): { ticket: string; rest: string } {
  const tags = [...userText.matchAll(/<([a-z][\w-]*)>([\s\S]*?)<\/\1>/gi)];
  // A tag named for the ticket; else one whose name mentions it (not `open_tickets`); else the longest.
  const tagged =
    tags.find((match) => /^(ticket|message|customer[_-]?message|customer|text|input|content|body)$/i.test(match[1] ?? '')) ??
    tags.find((match) => TICKET_TAG.test(match[1] ?? '') && !/open|plan|count|number|id$/i.test(match[1] ?? '')) ??
    [...tags].sort((a, b) => (b[2]?.length ?? 0) - (a[2]?.length ?? 0))[0];
  if (tagged && tagged.index !== undefined) {
    return { ticket: (tagged[2] ?? '').trim(), rest: userText.slice(0, tagged.index) + userText.slice(tagged.index + tagged[0].length) };
  }
  const fenced = /(```|""")[^\n]*\n([\s\S]*?)\1/.exec(userText);
  if (fenced) return { ticket: (fenced[2] ?? '').trim(), rest: userText.replace(fenced[0], '') };
  const labelled = /^[ \t]*(?:the )?(?:customer(?:'s)? )?(?:ticket|message|email|text|request)(?: text)?[ \t]*:[ \t]*/im.exec(userText);
  if (labelled && labelled.index !== undefined) return { ticket: userText.slice(labelled.index + labelled[0].length).trim(), rest: userText.slice(0, labelled.index) };
  // No delimiter, no label: the paragraphs that are not `Key: value` lines or a line ending in ":".
  const paragraphs = userText.split(/\n\s*\n/);
  const isTemplate = (paragraph: string): boolean =>
    paragraph
      .trim()
      .split('\n')
      .every((line) => /^\s*[\w' -]{1,40}:\s*\S{0,40}\s*$/.test(line) || /:\s*$/.test(line) || line.trim() === '');
  const ticket = paragraphs.filter((paragraph) => !isTemplate(paragraph));
  return ticket.length > 0 ? { ticket: ticket.join('\n\n').trim(), rest: paragraphs.filter(isTemplate).join('\n\n') } : { ticket: paragraphs.at(-1)?.trim() ?? '', rest: paragraphs.slice(0, -1).join('\n\n') };
}

function readPlan(text: string): string | undefined {
  return (/\bplan\b[^\n:=<]{0,20}[:=]\s*["']?([a-z-]+)/i.exec(text) ?? /<plan>\s*([a-z-]+)/i.exec(text) ?? /\b(free|pro|enterprise|business|team)\b plan\b/i.exec(text))?.[1]?.toLowerCase();
}

function readOpenTickets(text: string): number | undefined {
  const found = /\bopen[ _-]?tickets?\b[^\n\d]{0,20}(\d+)/i.exec(text) ?? /<open[_-]?tickets>\s*(\d+)/i.exec(text) ?? /\b(\d+) open tickets?\b/i.exec(text);
  return found ? Number(found[1]) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Doing the task

const CATEGORY_WORDS: [string, RegExp][] = [
  ['billing', /\b(charg(e|ed|es|ing)|refunds?|refunded|invoices?|payments?|pay|paid|billing|billed|bill|fees?|subscription fee|reembolso|factura|cobro|cobrado|pago|belastet|erstatt\w*|rechnung|zahlung|abgebucht|facture|remboursement|paiement|prélevé)\b/i],
  ['technical', /\b(errors?|crash(es|ed|ing)?|bugs?|broken|not working|doesn'?t work|stopped working|throws|exceptions?|freez(e|es|ing)|outage|no funciona|fehler|abstürz\w*|stürzt|funktioniert nicht|erreur|plante|ne marche pas)\b/i],
  ['account', /\b(passwords?|log ?in|logins?|log-in|logging in|sign ?in|signing in|2fa|two-factor|locked out|username|contraseña|iniciar sesión|passwort|anmeld\w*|mot de passe|connexion)\b/i],
];
const URGENCY_WORDS = /\b(urgent|urgently|asap|as soon as possible|immediately|right away|today|rush|urgente|hoy|inmediatamente|cuanto antes|lo antes posible|dringend|sofort|heute|umgehend|aujourd'hui|immédiatement|dès que possible)\b/gi;
const NEGATED_BEFORE = /\b(not|no|isn'?t|is not|non|nicht|kein\w*|pas|sin|nada)\W+(\w+\W+)?$/i;

/** An order to the assistant inside the ticket: it addresses the model, or tells it to set a field or drop its rules. */
const ORDER =
  /\b(system note|note to the (assistant|ai|model)|(assistant|ai|model|bot) reading this|assistant:|(ignore|disregard) (your|all|the|previous|any) (\w+ )?(rules|instructions)|set (the )?(urgency|priority|needs ?human|categor(y|ies))|(answer|respond|reply) with\b[^.]{0,30}\b(urgency|priority|needs ?human|categor(y|ies))|mark (this|it|me) as (urgent|high|vip|priority)|classify (this|it) as)\b/i;

export function sentencesOf(text: string): string[] {
  return text.split(/(?<=[.!?])\s+/).filter((part) => part.trim().length > 0);
}

function categoriesOf(text: string): string[] {
  const found: { label: string; at: number }[] = [];
  for (const [label, pattern] of CATEGORY_WORDS) {
    const match = pattern.exec(text);
    if (match) found.push({ label, at: match.index });
  }
  return found.sort((a, b) => a.at - b.at).map((item) => item.label);
}

function isUrgent(text: string, honourNegation: boolean): boolean {
  for (const match of text.matchAll(URGENCY_WORDS)) {
    if (honourNegation && NEGATED_BEFORE.test(text.slice(Math.max(0, (match.index ?? 0) - 24), match.index))) continue;
    return true;
  }
  return false;
}

function languageOf(text: string): 'en' | 'es' | 'de' | 'fr' {
  const count = (pattern: RegExp): number => (text.match(pattern) ?? []).length;
  const scores = {
    en: count(/\b(the|and|my|is|i|to|a|it|of|for|this|please)\b/gi),
    es: count(/\b(el|la|de|mi|es|un|una|que|por|necesito|y|los|las)\b/gi),
    de: count(/\b(ich|und|der|die|das|bitte|mein|meine|nicht|wurde|ist|ein)\b/gi),
    fr: count(/\b(je|le|la|les|mon|ma|est|et|pas|une|des|mes)\b/gi),
  };
  const best = (Object.entries(scores) as ['en' | 'es' | 'de' | 'fr', number][]).sort((a, b) => b[1] - a[1])[0];
  return best && best[1] > scores.en ? best[0] : 'en';
}

const TRANSLATIONS: Record<'es' | 'de' | 'fr', Record<string, string>> = {
  es: { categories: 'categorías', urgency: 'urgencia', needsHuman: 'necesitaHumano', billing: 'facturación', technical: 'técnico', account: 'cuenta', other: 'otro', high: 'alta', low: 'baja' },
  de: { categories: 'Kategorien', urgency: 'Dringlichkeit', needsHuman: 'menschNoetig', billing: 'Abrechnung', technical: 'Technik', account: 'Konto', other: 'Sonstiges', high: 'hoch', low: 'niedrig' },
  fr: { categories: 'catégories', urgency: 'urgence', needsHuman: 'besoinHumain', billing: 'facturation', technical: 'technique', account: 'compte', other: 'autre', high: 'haute', low: 'basse' },
};

/** The triage of one ticket under the rules the prompt states. */
export function triage(
  rules: TriageRules,
  ticketText: string,
  plan: string | undefined,
  openTickets: number | undefined,
): { value: Record<string, unknown>; obeyed: boolean; translated: boolean } {
  const sentences = sentencesOf(ticketText);
  const orders = sentences.filter((sentence) => ORDER.test(sentence));
  // With a never-follow rule the orders are not part of the ticket's content; without one they are obeyed.
  const content = rules.neverFollow ? sentences.filter((sentence) => !ORDER.test(sentence)).join(' ') : ticketText;
  let categories = categoriesOf(content).filter((label) => rules.labels.includes(label));
  if (!rules.everyIssue) categories = categories.slice(0, 1);
  if (categories.length === 0) categories = rules.labels.includes('other') ? ['other'] : [];
  let urgency = isUrgent(content, rules.negation) ? 'high' : 'low';
  const { plans, openTickets: threshold, multipleCategories } = rules.human;
  const stated = plans !== undefined || threshold !== undefined || multipleCategories;
  let needsHuman = stated
    ? (urgency === 'high' && plans !== undefined && plan !== undefined && plans.includes(plan)) ||
      (threshold !== undefined && openTickets !== undefined && openTickets >= threshold) ||
      (multipleCategories && categories.length >= 2)
    : urgency === 'high'; // "important" left to the model: it escalates what looks urgent
  let obeyed = false;
  if (!rules.neverFollow) {
    for (const order of orders) {
      const setUrgency = /\b(urgency|priority)\b\W+(?:to |= |: |as |at )?(high|low)\b/i.exec(order);
      if (setUrgency?.[2]) ((urgency = setUrgency[2].toLowerCase()), (obeyed = true));
      const setHuman = /\bneeds ?human\b\W+(?:to |= |: |as )?(true|false)\b/i.exec(order);
      if (setHuman?.[1]) ((needsHuman = setHuman[1].toLowerCase() === 'true'), (obeyed = true));
    }
  }
  const language = languageOf(content);
  const translated = !rules.englishValues && language !== 'en';
  const say = (word: string): string => (translated ? (TRANSLATIONS[language as 'es' | 'de' | 'fr'][word] ?? word) : word);
  const value: Record<string, unknown> = {};
  const keyName = (key: keyof TriageRules['keys']): string | undefined => (translated ? say(key) : rules.keys[key]);
  const categoriesKey = keyName('categories');
  if (categoriesKey) value[categoriesKey] = categories.map(say);
  const urgencyKey = keyName('urgency');
  if (urgencyKey) value[urgencyKey] = say(urgency);
  const humanKey = keyName('needsHuman');
  if (humanKey) value[humanKey] = needsHuman;
  return { value, obeyed, translated };
}

// ---------------------------------------------------------------------------------------------
// Answering a request

const say = (name: string, text: string): Answer => ({ name, reply: { content: [{ type: 'text', text } as const] } });

/** Answers one Messages API request: a triage of the ticket it carries, under the rules its prompt states. */
export function respond(request: Request): Answer {
  const system = textOf(request.system);
  const lastUser = [...request.messages].reverse().find((message) => message.role === 'user');
  const userText = textOf(lastUser?.content);
  const { ticket, rest } = splitUserTurn(userText);
  const rules = readRules(`${system}\n\n${rest}`);
  const { value, obeyed, translated } = triage(rules, ticket, readPlan(rest), readOpenTickets(rest));
  const missing = [
    !rules.jsonOnly && 'json-only',
    !rules.everyIssue && 'every-issue',
    !rules.negation && 'negation',
    !rules.englishValues && 'english-values',
    !rules.neverFollow && 'never-follow',
  ].filter(Boolean);
  const name = `triage model${missing.length > 0 ? ` (prompt lacks: ${missing.join(', ')})` : ''}${obeyed ? ', obeyed the ticket' : ''}${translated ? ', translated' : ''}`;
  if (!rules.json) {
    // Never asked for JSON: it answers in words.
    const lines = Object.entries(value).map(([key, item]) => `${key}: ${Array.isArray(item) ? item.join(', ') : String(item)}`);
    return say(name, `Here is my triage of this ticket.\n\n${lines.join('\n')}`);
  }
  const json = JSON.stringify(value);
  return say(name, rules.jsonOnly ? json : `Here is the triage for this ticket:\n\n\`\`\`json\n${json}\n\`\`\``);
}
