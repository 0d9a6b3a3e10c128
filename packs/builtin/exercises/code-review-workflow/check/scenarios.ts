// The harness of the code-review-workflow exercise. The simulated model (reviewModel.ts) does the
// step a request's words ask for, on what the request carries; offered tools, it acts as the
// agent the starter is. The checks look at the chain of calls (which step each asks for, what
// each carries), at what the bot did (the comment it posted, the pull request it handed to a
// human), and at its cost against the agent's on the same pull request. This file stays in the pack.
// The agent's prompt and tools, to measure the starter's agent on the same pull request.
import { AGENT_SYSTEM, AGENT_TOOLS } from '../starter/review';
import { GIFT_CARDS, LIVE_KEY_IN_CONFIG, LOYALTY_DISCOUNT, ORDER_STATUS_MIGRATION, type PullRequest, SETUP_GUIDE } from './pullRequests';
import { carries, type Request, requestText, reviewModel, type Step, stepAskedFor } from './reviewModel';

type Block = { type: string; text?: string; name?: string; input?: unknown; id?: string };
interface Outcome {
  result?: unknown;
  error?: string;
  timedOut: boolean;
  requests: { body: unknown; response?: unknown }[];
}
interface Handoff {
  reason: string;
  summary: string;
}

/**
 * What the bot did: the comments it posted and the pull requests it handed over, each counted
 * once its promise settled in the bot's code before reviewPullRequest returned (awaited); and how
 * many calls it made in all, awaited or not.
 */
interface Effects {
  comments: string[];
  handoffs: Handoff[];
  calls: { postComment: number; escalate: number };
}

const json = (value: unknown): string => JSON.stringify(value);
const bodyOf = (outcome: Outcome, i: number): Request | undefined => outcome.requests[i]?.body as Request | undefined;
const contentOf = (outcome: Outcome, i: number): Block[] => (outcome.requests[i]?.response as { content?: Block[] } | undefined)?.content ?? [];
const answerOf = (outcome: Outcome, i: number): string => contentOf(outcome, i).map((block) => (block.type === 'text' ? (block.text ?? '') : '')).join('');
const ordinal = (i: number): string => ['first', 'second', 'third', 'fourth'][i] ?? `${i + 1}th`;
const STEP_NAMES: Record<Step, string> = { summary: 'a summary', review: 'a review', format: 'a formatted comment' };

/** What call i asked for, in words: a step, the agent's tools, or nothing the model recognises. */
function askedFor(outcome: Outcome, i: number): string {
  const body = bodyOf(outcome, i);
  if (!body) return 'nothing';
  if ((body.tools ?? []).length > 0) return `nothing but offers tools (${(body.tools ?? []).map((tool) => tool.name).join(', ')}), so the model acts as an agent`;
  const asked = stepAskedFor(requestText(body));
  if (!asked) return 'none of the steps (it holds none of the words that ask for one)';
  return asked.step === expected[i] ? STEP_NAMES[asked.step] : `${STEP_NAMES[asked.step]} (it says "${asked.word}"; the model looks for the words of a format first, then of a review, then of a summary)`;
}
/** The step each call of the chain asks for. */
const expected: Step[] = ['summary', 'review', 'format'];
const stepOf = (outcome: Outcome, i: number): Step | 'agent' | undefined => {
  const body = bodyOf(outcome, i);
  if (!body) return undefined;
  return (body.tools ?? []).length > 0 ? 'agent' : stepAskedFor(requestText(body))?.step;
};

function finished(outcome: Outcome): string[] {
  if (outcome.timedOut) return ['reviewPullRequest did not return.'];
  if (outcome.error !== undefined) return [`reviewPullRequest threw ${outcome.error.replace(/\.?$/, '.')}`];
  if (outcome.requests.length === 0) return ['reviewPullRequest made no model call.'];
  return [];
}

/** The first call: a summary of the diff, with the diff, and no tools. */
function summarisesFirst(outcome: Outcome, pullRequest: PullRequest): string[] {
  const body = bodyOf(outcome, 0);
  if (!body) return [];
  if (stepOf(outcome, 0) !== 'summary') return [`The first call asks for ${askedFor(outcome, 0)}; a fixed chain starts with a call that asks for a summary of the diff.`];
  if (!requestText(body).includes(pullRequest.diff.trim())) return ['The first call asks for a summary but does not carry the diff as it is, so the model has nothing to summarise.'];
  return [];
}

/** The chain after the gate: a review with the diff and the summary, then the review formatted, then posted. */
function reviewsAndComments(outcome: Outcome, pullRequest: PullRequest, effects: Effects, hidden: boolean): string[] {
  const problems: string[] = [];
  const summary = answerOf(outcome, 0);
  const second = bodyOf(outcome, 1);
  const third = bodyOf(outcome, 2);
  if (effects.calls.escalate > 0) problems.push(`It handed the pull request to a human, but its summary touches ${summary.split('\n').at(-1)?.replace(/^Touches:\s*/, '')}: no migrations, no secrets. It should be reviewed and commented on.`);
  if (!second) return [...problems, 'It made no second call: after the gate, the second call asks for a review of the diff.'];
  if (stepOf(outcome, 1) !== 'review') problems.push(`The second call asks for ${askedFor(outcome, 1)}; it should ask for a review.`);
  else {
    const words = requestText(second);
    if (!words.includes(pullRequest.diff.trim())) problems.push('The second call asks for a review but does not carry the diff as it is, so the model has no code to go through.');
    const withoutAreas = summary.split('\n').filter((line) => !line.startsWith('Touches:')).join('\n');
    if (!carries(words, withoutAreas)) problems.push("The second call does not carry the first call's summary: each step's request carries the output of the step before it.");
  }
  if (!third) return [...problems, 'It made no third call: the third call asks to format the review as the comment.'];
  if (stepOf(outcome, 2) !== 'format') problems.push(`The third call asks for ${askedFor(outcome, 2)}; it should ask to format the review as the pull request's comment.`);
  else if (!carries(requestText(third), answerOf(outcome, 1))) problems.push("The third call does not carry the second call's review notes, so the model has nothing to format.");
  const comment = answerOf(outcome, 2);
  if (effects.calls.postComment !== 1) problems.push(`It posted ${effects.calls.postComment} comments; it should post one, the third call's answer.`);
  else if (effects.comments.length === 1 && (effects.comments[0] ?? '').trim() !== comment.trim()) {
    problems.push(`It posted ${hidden ? 'a comment' : json(effects.comments[0])}, which is not the third call's answer${hidden ? '' : ` (${json(comment)})`}: post the formatted comment as the model wrote it.`);
  }
  return problems;
}

/** The gate: a risky summary stops the chain, and the pull request goes to a human with why and the summary. */
function handsOver(outcome: Outcome, effects: Effects, area: 'migrations' | 'secrets'): string[] {
  const problems: string[] = [];
  const summary = answerOf(outcome, 0);
  if (outcome.requests.length > 1) {
    const later = outcome.requests.slice(1).map((_, i) => `${askedFor(outcome, i + 1)}`);
    problems.push(`The summary says the diff touches ${area}, yet it made ${outcome.requests.length - 1} more call${outcome.requests.length === 2 ? '' : 's'} (${later.join('; ')}). The gate runs in code, right after the summary, and stops the chain: no review.`);
  }
  if (effects.calls.postComment > 0) problems.push(`It posted a comment on a pull request that touches ${area}; that pull request goes to a human, with no comment from the bot.`);
  if (effects.calls.escalate !== 1) return [...problems, `It called escalate ${effects.calls.escalate} times; a pull request whose summary says "Touches: … ${area}" is handed to a human once.`];
  const handoff = effects.handoffs[0];
  // Not awaited: unawaited() says so.
  if (!handoff) return problems;
  if (!new RegExp(area.replace(/s$/, ''), 'i').test(String(handoff.reason ?? ''))) problems.push(`The handoff's reason should say the change touches ${area}; it says ${json(handoff.reason)}.`);
  if (String(handoff.summary ?? '').trim() !== summary.trim()) problems.push(`The handoff's summary should be the first call's summary, as the model wrote it, so the human knows what the change is; it is ${json(handoff.summary)}.`);
  return problems;
}

// ---- Cost: tokens in and out, counted as the simulator counts its usage ----

const tokens = (text: string): number => Math.max(1, Math.ceil(text.length / 4));
function callTokens(body: Request, content: Block[]): number {
  const input = tokens(JSON.stringify([body.system ?? '', body.messages, body.tools ?? []]));
  const output = Math.max(1, content.reduce((sum, block) => sum + (block.type === 'text' ? tokens(block.text ?? '') : tokens(JSON.stringify(block.input)) + 10), 0));
  return input + output;
}
const spent = (outcome: Outcome): number => outcome.requests.reduce((sum, _, i) => sum + callTokens(bodyOf(outcome, i) as Request, contentOf(outcome, i)), 0);

/** The starter's agent on a pull request, played out against the same model: its calls and tokens. */
export function agentCost(pullRequest: PullRequest): { calls: number; tokens: number } {
  const model = reviewModel(pullRequest);
  const messages: Request['messages'] = [{ role: 'user', content: `Here is the pull request's diff:\n\n${pullRequest.diff}` }];
  let total = 0;
  let calls = 0;
  let ids = 0;
  while (calls < 10) {
    const body: Request = { model: 'claude-simulator-1', max_tokens: 1024, system: AGENT_SYSTEM, tools: AGENT_TOOLS as Request['tools'], messages: [...messages] };
    // The tool_use ids the simulator gives.
    const content = (model(body).reply.content as Block[]).map((block) => (block.type === 'tool_use' ? { type: 'tool_use', id: `toolu_sim_${String(++ids).padStart(6, '0')}`, name: block.name, input: block.input } : block));
    calls++;
    total += callTokens(body, content);
    messages.push({ role: 'assistant', content: content as Request['messages'][number]['content'] });
    const uses = content.filter((block) => block.type === 'tool_use');
    if (uses.length === 0) break;
    const result = (block: Block): string => {
      const input = block.input as Record<string, string>;
      if (block.name === 'read_file') return pullRequest.files[input.path ?? ''] ?? '';
      return block.name === 'post_comment' ? 'Posted.' : 'Handed to a human reviewer.';
    };
    messages.push({ role: 'user', content: uses.map((block) => ({ type: 'tool_result', tool_use_id: block.id, content: result(block) })) });
  }
  return { calls, tokens: total };
}

/** At most this share of the agent's tokens: a third. */
const MAX_SHARE = 1 / 3;

function costsLess(outcome: Outcome, pullRequest: PullRequest): string[] {
  const problems: string[] = [];
  const agent = agentCost(pullRequest);
  const offering = outcome.requests.map((_, i) => i).filter((i) => (bodyOf(outcome, i)?.tools ?? []).length > 0);
  if (offering.length > 0) problems.push(`${offering.length === outcome.requests.length ? 'Every call' : `Call ${offering.map((i) => i + 1).join(', ')}`} offers tools, so the model decides what happens next: that is an agent. In the fixed chain no call offers tools; the code decides.`);
  if (outcome.requests.length !== 3) problems.push(`It made ${outcome.requests.length} model call${outcome.requests.length === 1 ? '' : 's'} for a pull request it should comment on; the chain makes exactly three (summary, review, comment). The agent made ${agent.calls}.`);
  const mine = spent(outcome);
  if (mine > agent.tokens * MAX_SHARE) {
    problems.push(`It spent ${mine} tokens in and out; the agent spends ${agent.tokens} on this pull request, and the chain should spend at most a third of that (${Math.floor(agent.tokens * MAX_SHARE)}). Send each step only what it needs: the diff to the summary and the review, the review notes to the comment.`);
  }
  return problems;
}

/** The calls to postComment and escalate that reviewPullRequest returned without waiting for. */
function unawaited(effects: Effects): string[] {
  const late = (name: string, made: number, done: number): string[] =>
    made > done ? [`reviewPullRequest returned before ${name}'s promise settled: await ${name}, or the ${name === 'postComment' ? 'comment' : 'handoff'} may never happen, and its failure goes unseen.`] : [];
  return [...late('postComment', effects.calls.postComment, effects.comments.length), ...late('escalate', effects.calls.escalate, effects.handoffs.length)];
}

// ---- Scenarios ----

/** A scenario for one pull request, with fresh recorders for what the bot does. */
function scenario(name: string, pullRequest: PullRequest, check: (outcome: Outcome, effects: Effects) => string[], hidden = false) {
  const effects: Effects = { comments: [], handoffs: [], calls: { postComment: 0, escalate: 0 } };
  return {
    name,
    ...(hidden ? { hidden: true } : {}),
    options: {
      diff: pullRequest.diff,
      files: pullRequest.files,
      // `received` runs once the answer reached the bot's code while reviewPullRequest still ran: an awaited call.
      postComment: Object.assign(
        async () => {
          effects.calls.postComment++;
        },
        {
          received: (_value: unknown, markdown: unknown) => {
            effects.comments.push(String(markdown));
          },
        },
      ),
      escalate: Object.assign(
        async () => {
          effects.calls.escalate++;
        },
        {
          received: (_value: unknown, handoff: unknown) => {
            const given = (handoff ?? {}) as Partial<Handoff>;
            effects.handoffs.push({ reason: String(given.reason ?? ''), summary: String(given.summary ?? '') });
          },
        },
      ),
    },
    respond: reviewModel(pullRequest),
    check: (outcome: Outcome) => {
      const broken = finished(outcome);
      return broken.length > 0 ? broken : [...check(outcome, effects), ...unawaited(effects)];
    },
  };
}

export const scenarios = [
  scenario('summarises the diff first, in a call of its own', LOYALTY_DISCOUNT, (outcome) => summarisesFirst(outcome, LOYALTY_DISCOUNT)),
  scenario('reviews with the summary, formats the review, and posts it', LOYALTY_DISCOUNT, (outcome, effects) => {
    const first = summarisesFirst(outcome, LOYALTY_DISCOUNT);
    return first.length > 0 ? first : reviewsAndComments(outcome, LOYALTY_DISCOUNT, effects, false);
  }),
  scenario('a database migration goes to a human after the summary, with no review', ORDER_STATUS_MIGRATION, (outcome, effects) => {
    const first = summarisesFirst(outcome, ORDER_STATUS_MIGRATION);
    return first.length > 0 ? first : handsOver(outcome, effects, 'migrations');
  }),
  scenario("three calls, no tools, at most a third of the agent's tokens", GIFT_CARDS, (outcome) => costsLess(outcome, GIFT_CARDS)),
  scenario(
    'a live key in a config file goes to a human',
    LIVE_KEY_IN_CONFIG,
    (outcome, effects) => {
      const first = summarisesFirst(outcome, LIVE_KEY_IN_CONFIG);
      return first.length > 0 ? first : handsOver(outcome, effects, 'secrets');
    },
    true,
  ),
  scenario(
    'a change to the docs with nothing to note still gets its comment',
    SETUP_GUIDE,
    (outcome, effects) => {
      const first = summarisesFirst(outcome, SETUP_GUIDE);
      return first.length > 0 ? first : reviewsAndComments(outcome, SETUP_GUIDE, effects, true);
    },
    true,
  ),
];
