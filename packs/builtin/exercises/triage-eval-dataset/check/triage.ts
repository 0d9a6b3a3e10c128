// The harness of the triage eval-dataset exercise: the correct `triageTicket` from the
// specification in README.md, and its buggy variants. Each variant switches on exactly one
// realistic mistake (mutation switching), so the correct code and every bug share one body.
// This file stays in the pack; learners never see it.
import { z } from 'zod';

export const inputSchema = z.strictObject({
  message: z.string().min(1, 'the message must not be empty'),
  plan: z.enum(['free', 'pro', 'enterprise']),
  openTickets: z.int('openTickets must be a whole number').min(0, 'openTickets cannot be negative'),
});

const category = z.enum(['billing', 'technical', 'account', 'other']);
export const outputSchema = z.strictObject({
  categories: z.array(category).min(1, 'a ticket has at least one category ("other" when none applies)'),
  urgency: z.enum(['low', 'high']),
  needsHuman: z.boolean(),
});

type Input = z.infer<typeof inputSchema>;
type Output = z.infer<typeof outputSchema>;
type Category = z.infer<typeof category>;

/** Variant id → the kind of bug, which is all a learner is told about a variant they miss. */
export const variants = {
  'case-sensitive': 'letter case',
  'ascii-words': 'accented letters',
  'english-only': 'non-English keywords',
  'first-category-only': 'messages with several issues',
  'repeated-category': 'repeated keywords',
  'alphabetical-categories': 'the order of issues',
  'substring-keywords': 'whole-word matching',
  'ignores-negation': 'negation',
  'negation-one-word-back': 'negation',
  'threshold-off-by-one': 'thresholds',
  'ignores-plan': 'plans',
  'multi-issue-not-escalated': 'escalation rules',
} as const satisfies Record<string, string>;

type Bug = keyof typeof variants;

const KEYWORDS: Record<Exclude<Category, 'other'>, { english: string[]; other: string[] }> = {
  billing: {
    english: ['charge', 'charged', 'refund', 'invoice', 'payment'],
    other: ['factura', 'reembolso', 'facture', 'remboursement', 'rechnung', 'rückerstattung'],
  },
  technical: {
    english: ['error', 'crash', 'crashes', 'bug', 'broken'],
    other: ['fallo', 'panne', 'fehler', 'absturz'],
  },
  account: {
    english: ['password', 'login', '2fa'],
    other: ['contraseña', 'mot de passe', 'passwort'],
  },
};
const URGENT = ['urgent', 'asap', 'immediately', 'today', 'urgente', 'dringend'];
const NEGATIONS = ['not', 'no', 'never', 'nicht', 'pas'];

export function run(rawInput: unknown, variant?: string): Output {
  const input = inputSchema.parse(rawInput) as Input;
  const bug = (name: Bug): boolean => variant === name;

  const words = (bug('ascii-words') ? input.message.match(/[A-Za-z0-9'’]+/g) : input.message.match(/[\p{L}\p{N}'’]+/gu)) ?? [];
  const tokens = words.map((word) => (bug('case-sensitive') ? word : word.toLowerCase()).replace(/’/g, "'"));
  const matchesAt = (index: number, keyword: string): boolean => {
    const parts = keyword.split(' ');
    if (bug('substring-keywords') && parts.length === 1) return tokens[index]?.includes(keyword) ?? false;
    return parts.every((part, offset) => tokens[index + offset] === part);
  };

  // Every mention of a category, in the order the mentions appear.
  const mentions: Category[] = [];
  tokens.forEach((_, index) => {
    for (const [name, lists] of Object.entries(KEYWORDS) as [Exclude<Category, 'other'>, (typeof KEYWORDS)['billing']][]) {
      const keywords = bug('english-only') ? lists.english : [...lists.english, ...lists.other];
      if (keywords.some((keyword) => matchesAt(index, keyword))) mentions.push(name);
    }
  });
  let categories: Category[] = bug('repeated-category') ? mentions : [...new Set(mentions)];
  if (bug('first-category-only')) categories = categories.slice(0, 1);
  if (bug('alphabetical-categories')) categories = [...categories].sort();
  if (categories.length === 0) categories = ['other'];

  const negated = (index: number): boolean => {
    if (bug('ignores-negation')) return false;
    const window = bug('negation-one-word-back') ? 1 : 2;
    return tokens.slice(Math.max(0, index - window), index).some((word) => NEGATIONS.includes(word) || word.endsWith("n't"));
  };
  const urgent = tokens.some((word, index) => URGENT.includes(word) && !negated(index));
  const urgency = urgent ? 'high' : 'low';

  const paying = bug('ignores-plan') || input.plan !== 'free';
  const manyTickets = bug('threshold-off-by-one') ? input.openTickets > 3 : input.openTickets >= 3;
  const multiIssue = !bug('multi-issue-not-escalated') && new Set(categories).size >= 2;
  return { categories, urgency, needsHuman: (urgent && paying) || manyTickets || multiIssue };
}
