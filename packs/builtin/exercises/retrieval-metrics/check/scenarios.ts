// The harness of the retrieval-metrics exercise. The learner's evaluateRetriever gets an eval
// set (queries and graded judgments, qrels) and a retriever (options.search, lent: it runs here,
// answers each query's text with a scripted list of hits, and records each call). No language
// model is involved. Each scenario compares the returned metrics with the judge's own
// (metrics.ts, from the README's rules) and, for a wrong number, says how the right one is made
// and which rule the wrong one breaks. This file stays in the pack.
import { evaluateQuery, type Grades, hasRelevant, type Hit, type Metric, METRICS, type QueryMetrics, type Variant, VARIANTS, type Worked } from './metrics';

interface Outcome {
  result?: unknown;
  error?: string;
  timedOut: boolean;
  requests: { body: unknown }[];
}

interface QuerySpec {
  id: string;
  text: string;
  /** The query's judgments; none when the eval set has no entry for it. */
  grades?: Grades;
  /** What the retriever returns for it, best first: [id, score]. */
  hits: [string, number][];
}

interface RunSpec {
  name: string;
  queries: QuerySpec[];
  k?: number;
  hidden?: boolean;
  /** Also judge the calls to search. */
  countsCalls?: boolean;
}

const DEFAULT_K = 5;
const TOLERANCE = 1e-9;

/** The simulator must be given a model; evaluateRetriever never calls it. */
const respond = () => ({ reply: { content: [{ type: 'text' as const, text: 'This exercise needs no language model.' }] } });

const json = (value: unknown): string => JSON.stringify(value) ?? 'undefined';
/** A number as the report shows it: 0.666667, 1, 0.2. */
const shown = (value: number): string => (Number.isInteger(value) ? String(value) : String(Number(value.toFixed(6))));
const close = (a: unknown, b: number): boolean => typeof a === 'number' && Math.abs(a - b) <= TOLERANCE;
const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;

const NAMES: Record<Metric, string> = { recall: 'recall', precision: 'precision', reciprocalRank: 'reciprocalRank', ndcg: 'ndcg' };

/** How the right value of a metric is made, in words. */
function howMade(metric: Metric, worked: Worked, k: number, hidden: boolean): string {
  const pages = (ids: string[]): string => (hidden || ids.length === 0 ? '' : ` (${ids.join(', ')})`);
  switch (metric) {
    case 'recall':
      return `${worked.found.length} of its ${plural(worked.relevantCount, 'relevant page')} ${worked.found.length === 1 ? 'is' : 'are'} in the top ${k}${pages(worked.found)}: ${worked.found.length}/${worked.relevantCount} = ${shown(worked.recall)}`;
    case 'precision':
      return `${plural(worked.found.length, 'relevant page')} in the top ${k}${pages(worked.found)}, divided by k = ${k}: ${shown(worked.precision)}`;
    case 'reciprocalRank':
      return worked.firstRelevantRank === 0
        ? `no relevant page is in the top ${k}, so it is 0`
        : `the first relevant page${hidden ? '' : `, "${worked.top[worked.firstRelevantRank - 1]}",`} is at rank ${worked.firstRelevantRank}: 1/${worked.firstRelevantRank} = ${shown(worked.reciprocalRank)}`;
    case 'ndcg': {
      const terms = worked.gains.map((gain, i) => (gain > 0 ? `${gain}/log2(${i + 2})` : '')).filter(Boolean);
      const ideal = worked.idealGains.filter((gain) => gain > 0);
      const dcg = terms.length === 0 ? 'DCG = 0 (no relevant page in the top k)' : `DCG = ${terms.join(' + ')} = ${shown(worked.dcg)}`;
      return `${dcg}; the ideal DCG, of the judged grades best first (${ideal.join(', ')}), is ${shown(worked.idcg)}; ${shown(worked.dcg)}/${shown(worked.idcg)} = ${shown(worked.ndcg)}`;
    }
  }
}

/** What the rule a variant leaves out says, for the report. */
function hintFor(variant: Variant, worked: Worked, k: number): string {
  switch (variant) {
    case 'keepsRepeats':
      return 'A page that comes back twice was found once: drop each repeat, then take the first k.';
    case 'dedupesAfterCutting':
      return `Drop the repeats first, then take the first ${k}: a repeat must not take the place of a page further down.`;
    case 'precisionOverResults':
      return `Precision divides by k (${k}), not by the ${plural(worked.top.length, 'result')} that came back: a result that is not there is not a relevant one.`;
    case 'idealFromResults':
      return 'The ideal DCG comes from the judgments in qrels, not from the results: a relevant page the retriever missed still belongs in the ideal ranking.';
    case 'gradeZeroRelevant':
      return 'A page judged with grade 0 was judged not relevant: only grades of 1 or more are relevant.';
    case 'reciprocalRankBeyondK':
      return `The reciprocal rank counts only the top ${k}: when the first relevant page is further down, it is 0.`;
    case 'binaryGains':
      return 'nDCG uses each page\'s grade as its gain (3, 2, 1), not 1 for every relevant page.';
    case 'sharedTieRanks':
      return 'Pages with equal scores still have ranks of their own, in the order search returned them.';
  }
}

/** Why a metric is not a number, when it is not. */
function notANumber(metric: Metric): string {
  const base = `is not a number (NaN and Infinity arrive as null)`;
  if (metric === 'ndcg') return `${base}: a division by 0? The discount at rank 1 is log2(1 + 1) = 1; with a 0-based index i it is log2(i + 2).`;
  if (metric === 'precision') return `${base}: precision divides by k, which is never 0, even when no result came back.`;
  return `${base}.`;
}

/** What is wrong with the shape of the returned evaluation, if anything. */
function shapeProblem(result: unknown): string | undefined {
  const shape = 'evaluateRetriever returns { perQuery: [{ queryId, recall, precision, reciprocalRank, ndcg }, …], mean: { recall, precision, mrr, ndcg }, skipped: [queryId, …] }.';
  const value = result as { perQuery?: unknown; mean?: unknown; skipped?: unknown } | null;
  if (!value || typeof value !== 'object') return `It returned ${json(result).slice(0, 200)}. ${shape}`;
  if (!Array.isArray(value.perQuery)) return `Its perQuery is ${json(value.perQuery).slice(0, 200)}, not a list. ${shape}`;
  const bad = value.perQuery.findIndex((entry: unknown) => !entry || typeof entry !== 'object' || typeof (entry as { queryId?: unknown }).queryId !== 'string');
  if (bad >= 0) return `perQuery[${bad}] is ${json(value.perQuery[bad]).slice(0, 200)}: each entry names its query in queryId. ${shape}`;
  if (!value.mean || typeof value.mean !== 'object') return `Its mean is ${json(value.mean).slice(0, 200)}. ${shape}`;
  if (!Array.isArray(value.skipped) || value.skipped.some((id: unknown) => typeof id !== 'string')) return `Its skipped is ${json(value.skipped).slice(0, 200)}, not a list of query ids. ${shape}`;
  return undefined;
}

function judgeRun(outcome: Outcome, spec: RunSpec, calls: string[]): string[] {
  if (outcome.timedOut) return ['evaluateRetriever did not return.'];
  if (outcome.error !== undefined) return [`evaluateRetriever threw ${outcome.error.replace(/\.?$/, '.')}`];
  const shape = shapeProblem(outcome.result);
  if (shape) return [shape];
  const result = outcome.result as { perQuery: (Partial<QueryMetrics> & { queryId: string })[]; mean: Record<string, unknown>; skipped: string[] };
  const k = spec.k ?? DEFAULT_K;
  const hidden = spec.hidden === true;
  const problems: string[] = [];
  const named = (query: QuerySpec): string => (hidden ? 'One query' : `Query "${query.id}" ("${query.text}")`);
  const hitsOf = (query: QuerySpec): Hit[] => query.hits.map(([id, score]) => ({ id, score }));

  // Which queries are evaluated, and which skipped.
  const evaluated = spec.queries.filter((query) => hasRelevant(query.grades));
  const skipped = spec.queries.filter((query) => !hasRelevant(query.grades));
  const why = (query: QuerySpec): string => (query.grades ? 'its judged pages are all grade 0' : 'the eval set has no judgments for it');
  for (const query of skipped) {
    if (result.perQuery.some((entry) => entry.queryId === query.id)) problems.push(`${named(query)} has no relevant page (${why(query)}), yet perQuery holds it: list it in skipped, and leave it out of perQuery and the means.`);
    else if (!result.skipped.includes(query.id)) problems.push(`${named(query)} has no relevant page (${why(query)}): skipped should list it.`);
  }
  const skippedIds = skipped.map((query) => query.id);
  const strays = result.skipped.filter((id) => !skippedIds.includes(id));
  if (strays.length > 0) problems.push(`skipped lists ${hidden ? plural(strays.length, 'query', 'queries') : strays.map((id) => `"${id}"`).join(', ')} with a relevant page; only queries with none are skipped.`);
  else if (problems.length === 0 && json(result.skipped) !== json(skippedIds)) problems.push(`skipped is ${hidden ? 'in another order' : json(result.skipped)}; it lists the skipped queries in the order of queries${hidden ? '' : `: ${json(skippedIds)}`}.`);
  const evaluatedIds = evaluated.map((query) => query.id);
  const listedIds = result.perQuery.map((entry) => entry.queryId).filter((id) => evaluatedIds.includes(id));
  for (const query of evaluated) if (!listedIds.includes(query.id)) problems.push(`${named(query)} has a relevant page, yet perQuery has no entry for it.`);
  if (listedIds.length === evaluatedIds.length && json(listedIds) !== json(evaluatedIds)) problems.push('perQuery lists the evaluated queries in another order than queries.');

  // Each evaluated query's metrics. A metric that is 0 for every query (not computed at all?) is reported once.
  let metricsRight = problems.length === 0;
  const workedOut = new Map(evaluated.map((query) => [query.id, evaluateQuery(query.id, query.grades ?? {}, hitsOf(query), k)]));
  const alwaysZero = METRICS.filter((metric) => {
    const values = evaluated.map((query) => result.perQuery.find((entry) => entry.queryId === query.id)?.[metric]);
    return evaluated.length > 1 && values.every((value) => value === 0) && evaluated.some((query) => (workedOut.get(query.id)?.[metric] ?? 0) !== 0);
  });
  for (const metric of alwaysZero) {
    const example = evaluated.find((query) => (workedOut.get(query.id)?.[metric] ?? 0) !== 0) as QuerySpec;
    const worked = workedOut.get(example.id) as Worked;
    problems.push(`${NAMES[metric]} is 0 for every query. ${hidden ? 'For one of them' : `For "${example.id}"`} it should be ${shown(worked[metric])}: ${howMade(metric, worked, k, hidden)}.`);
  }
  for (const query of evaluated) {
    const entry = result.perQuery.find((candidate) => candidate.queryId === query.id);
    if (!entry) continue;
    const worked = workedOut.get(query.id) as Worked;
    for (const metric of METRICS) {
      const value = entry[metric];
      if (alwaysZero.includes(metric)) {
        metricsRight = false;
        continue;
      }
      if (close(value, worked[metric])) continue;
      metricsRight = false;
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        problems.push(`${named(query)}: ${NAMES[metric]} ${value === undefined ? 'is missing' : notANumber(metric)} It should be ${shown(worked[metric])}: ${howMade(metric, worked, k, hidden)}.`);
        continue;
      }
      const variant = VARIANTS.find((candidate) => {
        const other = evaluateQuery(query.id, query.grades ?? {}, hitsOf(query), k, candidate)[metric];
        return close(value, other) && !close(other, worked[metric]);
      });
      problems.push(`${named(query)}: ${NAMES[metric]} is ${shown(value)}; it should be ${shown(worked[metric])}: ${howMade(metric, worked, k, hidden)}.${variant ? ` ${hintFor(variant, worked, k)}` : ''}`);
    }
  }

  // The means: the average of perQuery's own values (so a wrong metric is reported once, above).
  const means: [string, Metric][] = [['recall', 'recall'], ['precision', 'precision'], ['mrr', 'reciprocalRank'], ['ndcg', 'ndcg']];
  const entries = result.perQuery.filter((entry) => evaluatedIds.includes(entry.queryId));
  for (const [name, metric] of means) {
    const value = result.mean[name];
    const own = entries.length === 0 ? 0 : entries.reduce((sum, entry) => sum + (typeof entry[metric] === 'number' ? (entry[metric] as number) : NaN), 0) / entries.length;
    const right = evaluated.reduce((sum, query) => sum + evaluateQuery(query.id, query.grades ?? {}, hitsOf(query), k)[metric], 0) / evaluated.length;
    if (close(value, metricsRight ? right : own) || (!metricsRight && Number.isNaN(own))) continue;
    const over = `the average of ${metric === 'reciprocalRank' ? 'reciprocalRank' : name} over the ${plural(evaluated.length, 'evaluated query', 'evaluated queries')} in perQuery`;
    const counted = skipped.length > 0 && close(value, (right * evaluated.length) / spec.queries.length) ? ` A skipped query counts in no mean.` : '';
    const pooled = evaluated.map((query) => workedOut.get(query.id) as Worked);
    const pooledRecall = pooled.reduce((sum, worked) => sum + worked.found.length, 0) / pooled.reduce((sum, worked) => sum + worked.relevantCount, 0);
    const pooling = name === 'recall' && close(value, pooledRecall) && !close(pooledRecall, right) ? ' Average the queries\' recalls, each query counting the same, rather than pooling their relevant pages: a query with many relevant pages must not weigh more.' : '';
    problems.push(`mean.${name} is ${typeof value === 'number' ? shown(value) : json(value)}; it should be ${over}, ${shown(metricsRight ? right : own)}.${counted}${pooling}`);
  }

  if (spec.countsCalls) {
    const texts = new Set(spec.queries.map((query) => query.text));
    const strangers = calls.filter((text) => !texts.has(text));
    if (strangers.length > 0) problems.push(`It called search with ${json(strangers[0])}, which is no query's text: search takes the text of a query.`);
    for (const query of spec.queries) {
      const times = calls.filter((text) => text === query.text).length;
      if (times > 1) problems.push(`It called search ${times} times for ${hidden ? 'one query' : `query "${query.id}" ("${query.text}")`}; once is enough. Every call of a real retriever costs an embedding and an index lookup, and an eval runs thousands.`);
    }
  }
  return problems;
}

function runScenario(spec: RunSpec) {
  /** The query texts search was called with, in order: fresh for each scenario. */
  const calls: string[] = [];
  const results = new Map(spec.queries.map((query) => [query.text, query.hits]));
  return {
    name: spec.name,
    ...(spec.hidden ? { hidden: true } : {}),
    respond,
    options: {
      queries: spec.queries.map(({ id, text }) => ({ id, text })),
      qrels: Object.fromEntries(spec.queries.filter((query) => query.grades).map((query) => [query.id, { ...query.grades }])),
      ...(spec.k === undefined ? {} : { k: spec.k }),
      // The retriever: the scripted hits for a query's text, nothing for any other text.
      search: async (text: unknown): Promise<Hit[]> => {
        calls.push(String(text));
        return (results.get(String(text)) ?? []).map(([id, score]) => ({ id, score }));
      },
    },
    check: (outcome: Outcome) => judgeRun(outcome, spec, calls),
  };
}

export const scenarios = [
  runScenario({
    name: 'scores a plain run of three queries',
    queries: [
      { id: 'refund', text: 'How do I get my money back?', grades: { refunds: 3, returns: 2, 'cancel-order': 1 }, hits: [['returns', 0.91], ['refunds', 0.88], ['gift-cards', 0.52], ['cancel-order', 0.47], ['invoices', 0.33], ['price-match', 0.21]] },
      { id: 'router-update', text: 'The router will not update', grades: { 'firmware-tr9100': 2, 'firmware-rx8840': 2, 'no-power': 1 }, hits: [['firmware-ht20', 0.8], ['firmware-cam31', 0.77], ['firmware-rx8840', 0.74], ['factory-reset', 0.6], ['firmware-tr9100', 0.58], ['no-power', 0.4]] },
      { id: 'instalments', text: 'Can I pay in instalments?', grades: { 'payment-methods': 3 }, hits: [['payment-methods', 0.95], ['gift-cards', 0.6], ['refunds', 0.4], ['invoices', 0.35], ['price-match', 0.3]] },
    ],
  }),
  runScenario({
    name: 'counts a page that comes back twice once',
    queries: [
      { id: 'refund-status', text: 'Where is my refund?', grades: { refunds: 3, returns: 1, 'cancel-order': 1 }, hits: [['refunds', 0.9], ['refunds', 0.88], ['returns', 0.7], ['gift-cards', 0.6], ['refunds', 0.55], ['cancel-order', 0.5], ['returns', 0.45], ['invoices', 0.3]] },
    ],
  }),
  runScenario({
    name: 'divides precision by k when fewer results come back',
    queries: [{ id: 'kessler', text: 'Kessler Freight called me', grades: { carriers: 2, 'shipping-abroad': 1 }, hits: [['carriers', 0.9], ['delivery-times', 0.4]] }],
  }),
  runScenario({
    name: 'scores a query with no results as 0',
    queries: [
      { id: 'student-discount', text: 'Is there a student discount?', grades: { 'price-match': 1 }, hits: [] },
      { id: 'login', text: 'I forgot my login', grades: { 'forgot-password': 3 }, hits: [['forgot-password', 0.9], ['factory-reset', 0.5]] },
    ],
  }),
  runScenario({
    name: 'a page judged not relevant (grade 0) is not relevant',
    queries: [{ id: 'password', text: 'How do I reset my password?', grades: { 'factory-reset': 0, 'forgot-password': 2 }, hits: [['factory-reset', 0.92], ['forgot-password', 0.9], ['your-data', 0.4]] }],
  }),
  runScenario({
    name: 'skips the queries with nothing relevant',
    queries: [
      { id: 'camera-video', text: 'Does the CAM-31 record video?', grades: { 'camera-storage': 2 }, hits: [['camera-storage', 0.8], ['firmware-cam31', 0.7]] },
      { id: 'kayaks', text: 'Do you sell kayaks?', grades: { 'gift-cards': 0 }, hits: [['gift-cards', 0.2]] },
      { id: 'opening-hours', text: 'What are your opening hours?', hits: [['no-power', 0.1]] },
      { id: 'delivery-time', text: 'How long does delivery take?', grades: { 'delivery-times': 3, 'shipping-costs': 1 }, hits: [['shipping-costs', 0.8], ['delivery-times', 0.7], ['shipping-abroad', 0.5]] },
    ],
  }),
  runScenario({
    name: 'takes the ideal ranking from the judgments, not from the results',
    queries: [{ id: 'money-back', text: 'Can I get my money back?', grades: { refunds: 3, returns: 2, 'price-match': 1 }, hits: [['returns', 0.9], ['price-match', 0.8], ['gift-cards', 0.7]] }],
  }),
  runScenario({
    name: 'gives equal scores ranks of their own, in the order returned',
    queries: [{ id: 'countries', text: 'Which countries do you ship to?', grades: { 'shipping-abroad': 1 }, hits: [['carriers', 0.5], ['shipping-abroad', 0.5], ['delivery-times', 0.4]] }],
  }),
  runScenario({
    name: 'counts only the top k when k is 3',
    k: 3,
    queries: [
      { id: 'broken-parcel', text: 'My parcel arrived broken', grades: { 'damaged-on-arrival': 3, warranty: 2 }, hits: [['gift-cards', 0.6], ['invoices', 0.5], ['your-data', 0.45], ['warranty', 0.4], ['damaged-on-arrival', 0.3]] },
      { id: 'router-guarantee', text: 'Is the router covered by the guarantee?', grades: { warranty: 3, 'firmware-tr9100': 0 }, hits: [['firmware-tr9100', 0.7], ['warranty', 0.65], ['damaged-on-arrival', 0.3], ['returns', 0.2]] },
    ],
  }),
  runScenario({
    name: 'calls search once per query, with its text',
    countsCalls: true,
    queries: [
      { id: 'invoice', text: 'Where do I find my invoice?', grades: { invoices: 3, 'your-data': 1 }, hits: [['invoices', 0.9], ['refunds', 0.5]] },
      { id: 'gift-card', text: 'How long is a gift card valid?', grades: { 'gift-cards': 2 }, hits: [['payment-methods', 0.6], ['gift-cards', 0.55]] },
      { id: 'factory-reset', text: 'How do I wipe the router?', grades: { 'factory-reset': 3 }, hits: [['factory-reset', 0.8]] },
    ],
  }),
  runScenario({
    name: 'a larger run, k = 10',
    hidden: true,
    k: 10,
    countsCalls: true,
    queries: [
      { id: 'h-abroad', text: 'Do you deliver to Norway?', grades: { 'shipping-abroad': 3, carriers: 1, 'delivery-times': 0 }, hits: [['delivery-times', 0.8], ['shipping-costs', 0.7], ['shipping-abroad', 0.7], ['shipping-abroad', 0.6], ['carriers', 0.5], ['returns', 0.4], ['invoices', 0.3], ['refunds', 0.3], ['gift-cards', 0.2], ['your-data', 0.2], ['warranty', 0.1], ['price-match', 0.1]] },
      { id: 'h-none', text: 'Do you repair bicycles?', grades: { warranty: 0 }, hits: [['warranty', 0.3]] },
      { id: 'h-camera', text: 'How many days of footage are kept?', grades: { 'camera-storage': 3, 'firmware-cam31': 1 }, hits: [['camera-storage', 0.9], ['camera-storage', 0.85], ['firmware-cam31', 0.4]] },
      { id: 'h-unjudged', text: 'Can I pick up my order in store?' , hits: [['cancel-order', 0.2]] },
      { id: 'h-empty', text: 'Is the HT-20 compatible with my boiler?', grades: { 'firmware-ht20': 1 }, hits: [] },
      { id: 'h-cancel', text: 'I want to cancel my order', grades: { 'cancel-order': 3, returns: 2, refunds: 1, invoices: 1 }, hits: [['returns', 0.6], ['returns', 0.6], ['refunds', 0.6], ['invoices', 0.5], ['price-match', 0.4], ['cancel-order', 0.3], ['delivery-times', 0.2], ['gift-cards', 0.2], ['shipping-costs', 0.1], ['your-data', 0.1], ['warranty', 0.1], ['no-power', 0.05]] },
    ],
  }),
  runScenario({
    name: 'a repeat among the first k',
    hidden: true,
    k: 3,
    queries: [{ id: 'h-repeat', text: 'The light on my camera is blinking', grades: { 'factory-reset': 2, 'no-power': 1 }, hits: [['firmware-cam31', 0.9], ['camera-storage', 0.8], ['firmware-cam31', 0.7], ['factory-reset', 0.6], ['no-power', 0.5]] }],
  }),
];
