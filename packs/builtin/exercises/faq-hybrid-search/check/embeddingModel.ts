// The simulated embedding model of the faq-hybrid-search exercise, lent to the learner's code
// as options.embed. It knows a fixed list of concepts, each a group of words with one meaning;
// a text's vector counts, for each concept, how many of the text's words belong to it. Words it
// does not know (product codes, names, most other words) add nothing, as a real embedding model
// knows little of a code it never saw. The README prints the same table for learners.

export const CONCEPTS: readonly (readonly [string, readonly string[]])[] = [
  ['refund', ['refund', 'refunds', 'refunded', 'reimburse', 'reimbursed', 'reimbursement', 'money', 'repay', 'repaid', 'cash']],
  ['return', ['return', 'returns', 'returned', 'returning']],
  ['delivery', ['delivery', 'deliver', 'delivered', 'deliveries', 'shipping', 'ship', 'shipped', 'dispatch', 'dispatched', 'parcel', 'parcels', 'courier', 'carrier', 'freight', 'arrive', 'arrived', 'arrives', 'arrival', 'post']],
  ['price', ['price', 'prices', 'cost', 'costs', 'fee', 'fees', 'charge', 'charged', 'expensive', 'cheap', 'cheaper', 'free', 'expense']],
  ['payment', ['payment', 'pay', 'paid', 'paying', 'card', 'cards', 'instalments', 'installments', 'visa', 'mastercard', 'paypal', 'transfer']],
  ['time', ['days', 'day', 'weeks', 'week', 'hours', 'hour', 'minutes', 'long', 'time', 'quickly', 'fast', 'soon', 'takes']],
  ['firmware', ['firmware', 'update', 'updates', 'updated', 'updating', 'upgrade', 'software', 'version', 'patch']],
  ['power', ['power', 'switch', 'turn', 'boot', 'start', 'starts', 'restart', 'restarts', 'battery', 'charger', 'plug', 'unplug', 'light']],
  ['broken', ['broken', 'faulty', 'defective', 'defects', 'defect', 'damaged', 'damage', 'fault', 'smashed', 'cracked', 'dead', 'working', 'malfunction']],
  ['warranty', ['warranty', 'guarantee', 'guaranteed', 'covered', 'coverage', 'repair', 'repairs', 'replacement']],
  ['account', ['account', 'password', 'passwords', 'login', 'log', 'sign', 'credentials', 'username']],
  ['reset', ['reset', 'restore', 'factory', 'wipe', 'wipes', 'erase']],
  ['network', ['wifi', 'wi', 'fi', 'wireless', 'network', 'internet', 'connection', 'signal', 'router', 'routers']],
  ['camera', ['camera', 'cameras', 'video', 'recording', 'recordings', 'footage', 'storage', 'stored']],
  ['cancel', ['cancel', 'cancelling', 'canceling', 'cancellation', 'cancelled', 'withdraw', 'refuse']],
  ['order', ['order', 'orders', 'ordered', 'purchase', 'purchased', 'buy', 'buying', 'bought', 'shop']],
  ['invoice', ['invoice', 'invoices', 'receipt', 'receipts', 'bill', 'vat', 'tax']],
  ['abroad', ['abroad', 'international', 'overseas', 'countries', 'country', 'eu', 'foreign', 'import', 'customs']],
  ['gift', ['gift', 'gifts', 'voucher', 'vouchers', 'coupon', 'present']],
  ['privacy', ['privacy', 'data', 'personal', 'delete', 'deletion', 'gdpr', 'history']],
  ['device', ['device', 'devices', 'gadget', 'product', 'products', 'item', 'items', 'unit', 'appliance']],
  ['contact', ['contact', 'support', 'email', 'call', 'phone', 'chat', 'helpdesk']],
  ['housing', ['landlord', 'landlords', 'tenant', 'tenants', 'tenancy', 'lease', 'rent', 'rental', 'flat', 'apartment', 'room', 'bedroom', 'home', 'house']],
  ['damp', ['damp', 'mould', 'mold', 'mildew', 'moisture', 'wet', 'condensation', 'water']],
  ['pets', ['pet', 'pets', 'animal', 'animals', 'dog', 'dogs', 'cat', 'cats']],
  ['deposit', ['deposit', 'deposits', 'security', 'keys']],
  ['leaving', ['notice', 'terminate', 'termination', 'ending', 'end', 'leave', 'move', 'moving']],
  ['law', ['law', 'laws', 'legal', 'rights', 'court', 'lawyer']],
];

const CONCEPT_OF = new Map<string, number>();
CONCEPTS.forEach(([, words], index) => {
  for (const word of words) {
    if (CONCEPT_OF.has(word)) throw new Error(`The embedding model's word "${word}" is in two concepts.`);
    CONCEPT_OF.set(word, index);
  }
});

/** A text's vector: one number per concept, how many of its words belong to that concept. */
export function vectorOf(text: string): number[] {
  const vector = CONCEPTS.map(() => 0);
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    const concept = CONCEPT_OF.get(word);
    if (concept !== undefined) vector[concept] = (vector[concept] ?? 0) + 1;
  }
  return vector;
}

/** What a value is, in a sentence: "null", "an array", "a number". */
const kindOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`);

/** What the embedding API says to input it cannot embed, as a real one would: a clear error. */
export function embedInputProblem(texts: unknown): string | undefined {
  if (!Array.isArray(texts)) return `embed takes an array of texts (embed(["…", "…"])); it was given ${kindOf(texts)}.`;
  const bad = texts.findIndex((text) => typeof text !== 'string');
  return bad >= 0 ? `embed takes an array of strings; item ${bad} is ${kindOf(texts[bad])}.` : undefined;
}
