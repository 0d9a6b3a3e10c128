// The handbook's routing rules as the simulated model reads them: by their decisive content,
// not by their wording. Each rule is a few facts; a fact is a list of alternatives (words or
// short phrases), and any one of them states it. Words are compared normalised (see words() in
// routingModel.ts): case, punctuation and simple endings ("refunds", "refunded") do not matter.
// A rule is in a request when all its facts are, close together:
//  - a routing-table entry: the team's name, and every topic the handbook lists for it, within
//    ENTRY_WINDOW words of one mention of the name (any layout: a sentence, a table row, a list);
//  - a precedence rule: all its facts in one sentence or list item.

export const TEAMS = ['billing', 'payments-risk', 'identity', 'platform', 'privacy', 'mobile', 'integrations', 'hardware'] as const;
export type Team = (typeof TEAMS)[number];

/** How far, in words, an entry's topics may stand from its team's name. */
export const ENTRY_WINDOW = 30;

/** The topics of each team's routing-table entry (the same for every product in the handbook). */
export const ROUTING_ENTRIES: Record<Team, string[][]> = {
  billing: [['charge', 'charged'], ['refund'], ['invoice'], ['plan']],
  'payments-risk': [['fraud', 'fraudulent'], ['chargeback', 'charge back'], ['card testing', 'card-testing']],
  identity: [['login', 'log in', 'logging in', 'sign in', 'signin'], ['password'], ['two-factor', 'two factor', '2fa', 'mfa', 'multi-factor'], ['locked', 'lock', 'lockout']],
  platform: [['outage', 'down'], ['timeout', 'time out', 'timing out', 'timed out'], ['5xx', '500', '503', 'server error'], ['not saving', 'saving', 'not saved', 'save']],
  privacy: [['delete', 'deletion', 'erase'], ['correct', 'correction', 'rectify'], ['hand over', 'copy', 'export', 'access'], ['personal data', 'personal information', 'data']],
  mobile: [['crash', 'crashes', 'crashing'], ['frozen', 'freeze', 'freezes', 'hang', 'hangs'], ['app']],
  integrations: [['sync', 'synced', 'syncing'], ['duplicated', 'duplicate', 'duplicates'], ['skipped', 'skip', 'skips']],
  hardware: [['broken', 'damaged', 'cracked'], ['lost'], ['stolen', 'theft'], ['return'], ['replacement', 'replace']],
};

export type PrecedenceRuleId = 'fraud-before-refund' | 'many-customers-is-platform' | 'deletion-before-billing' | 'negation';

/** The precedence rules the hard tickets depend on, by their facts. */
export const PRECEDENCE_RULES: Record<PrecedenceRuleId, { title: string; facts: string[][] }> = {
  // Handbook rule 1.
  'fraud-before-refund': {
    title: 'money taken without consent is payments-risk, even when a refund is asked for',
    facts: [
      ['consent', 'unauthorized', 'unauthorised', 'without permission', 'did not make', "didn't make", 'did not authorise', 'did not authorize', 'someone used', 'not made by'],
      ['payments-risk'],
      ['refund'],
    ],
  },
  // Handbook rule 3.
  'many-customers-is-platform': {
    title: 'the same failure reported by several customers is platform, whatever product they name',
    facts: [
      [
        ...['several', 'many', 'multiple', 'other'].flatMap((how) => ['customers', 'clients', 'users', 'accounts', 'merchants'].map((who) => `${how} ${who}`)),
        'more than one customer',
        'widespread',
      ],
      ['same', 'at once', 'simultaneous', 'simultaneously'],
      ['platform'],
    ],
  },
  // Handbook rule 4.
  'deletion-before-billing': {
    title: 'deleting an account with its data is privacy, even with a complaint about a charge',
    facts: [['delete', 'deletion', 'erase', 'erasure'], ['data'], ['privacy'], ['charge', 'charged', 'billing', 'refund', 'complain', 'complaint', 'payment']],
  },
  // Handbook rule 5 (its negation half).
  negation: {
    title: '"not a refund request, who took the money" is payments-risk',
    facts: [['not a refund', "isn't a refund", 'no refund', 'not asking for a refund', 'negation', 'negated'], ['took', 'taken', 'take'], ['payments-risk']],
  },
};
