// The harness of the legal-intake-output-controls exercise: each scenario calls one function of
// the learner's intake.ts against a model written as code (intakeModel.ts), and judges what the
// function returned or threw and what its request asked for. This file stays in the pack;
// learners never see it.
import { CONSULTANCY, EMPLOYMENT_CONTRACT, ENQUIRIES, firstClause, SIDE_LETTER, SUPPLY_AGREEMENT, TENANCY } from './documents';
import { classifierModel, clauseModel, type IntakeRequest, linesAskedFor, MATTERS, namedMatters, SUBJECT_LINES, subjectLineModel } from './intakeModel';

interface Message {
  content?: { type: string; text?: string }[];
  stop_reason?: string;
  stop_sequence?: string | null;
  usage?: { output_tokens?: number };
  error?: { message?: string };
}
interface Outcome {
  result?: unknown;
  error?: string;
  errorFields?: Record<string, unknown>;
  timedOut: boolean;
  requests: { body: unknown; status: number; response?: unknown }[];
}

const json = (value: unknown): string => JSON.stringify(value);
const bodyOf = (outcome: Outcome, index = 0): IntakeRequest | undefined => outcome.requests[index]?.body as IntakeRequest | undefined;
const answerOf = (outcome: Outcome, index = 0): Message | undefined => outcome.requests[index]?.response as Message | undefined;
/** About the shape of a long text, without quoting all of it. */
const brief = (text: string): string => (text.length > 90 ? `${json(text.slice(0, 60))}… (${text.length} characters)` : json(text));

/** Why the API refused a request, with what to do about it; undefined when it refused none. */
function refused(outcome: Outcome): string | undefined {
  const entry = outcome.requests.find((request) => request.status === 400);
  if (!entry) return undefined;
  const message = (entry.response as Message | undefined)?.error?.message ?? '';
  const why = /^(temperature|top_p|top_k): Extra inputs/.test(message)
    ? ' The API version your SDK speaks (2026-10-21) takes no temperature, top_p or top_k, at any value: leave them out.'
    : /stop_sequences: each stop sequence must contain non-whitespace/.test(message)
      ? ' A stop sequence needs some text besides whitespace: a blank line alone cannot be one.'
      : '';
  return `The API refused a request with 400: "${message}".${why}`;
}

/** What went wrong before the result can be judged: a refusal, a hang, an unexpected throw. */
function before(outcome: Outcome, name: string, expected: string): string[] {
  if (outcome.timedOut) return [`${name} did not return.`];
  const refusal = refused(outcome);
  if (refusal) return [refusal];
  if (outcome.error !== undefined) return [`${name} threw ${outcome.error.replace(/\.?$/, '.')} It should have returned ${expected}.`];
  return [];
}

// classifyMatter

/** That classifyMatter returned `matter` for at most 10 output tokens, from one call. */
function classified(outcome: Outcome, matter: string, enquiry: string): string[] {
  const body = bodyOf(outcome);
  const named = body ? namedMatters(body, enquiry) : [];
  const unnamed = named.length < MATTERS.length ? ` The request named ${named.length === 0 ? 'none' : `only ${named.join(', ')}`} of the four matters, so the model could not answer with one of them.` : '';
  const answer = answerOf(outcome);
  const said = (answer?.content ?? []).map((block) => block.text ?? '').join('');
  const cutLabel = answer?.stop_reason === 'max_tokens' && said.length < matter.length && matter.startsWith(said.trim().toLowerCase())
    ? ` The answer stopped at max_tokens (${body?.max_tokens}) before the label was whole: leave room for the longest matter, "employment".`
    : '';
  const failed = before(outcome, 'classifyMatter', json(matter));
  if (failed.length > 0) return outcome.error !== undefined ? failed.map((problem) => problem + unnamed + cutLabel) : failed;
  const problems: string[] = [];
  if (outcome.result !== matter) {
    problems.push(`It returned ${outcome.result === undefined ? 'undefined' : brief(String(outcome.result))}; the enquiry is ${/^[aeiou]/.test(matter) ? 'an' : 'a'} ${matter} matter, so it should return ${json(matter)}.${unnamed}${cutLabel}`);
  }
  if (outcome.requests.length !== 1) problems.push(`It made ${outcome.requests.length} model calls; one is enough.`);
  const paid = answer?.usage?.output_tokens;
  if (paid !== undefined && paid > 10) {
    problems.push(`The call paid for ${paid} output tokens: after its label the model explains itself. A label is a few tokens: cap the answer at 10 (max_tokens), and read the label from the start of what comes back.`);
  }
  return problems;
}

function classify(name: string, enquiry: string, matter: string, hidden = false) {
  return { name, function: 'classifyMatter', hidden, options: { enquiry }, respond: classifierModel(enquiry), check: (outcome: Outcome) => classified(outcome, matter, enquiry) };
}

// suggestSubjectLines

/** That suggestSubjectLines returned `expected`'s lines (in any order) from one call. */
function suggested(outcome: Outcome, expected: string[], enquiry: string): string[] {
  const failed = before(outcome, 'suggestSubjectLines', `${expected.length} subject lines`);
  if (failed.length > 0) return failed;
  const lines = outcome.result;
  if (!Array.isArray(lines) || lines.some((line) => typeof line !== 'string')) return [`It returned ${json(lines)}; it should return an array of ${expected.length} subject lines (strings).`];
  const problems: string[] = [];
  const repeated = lines.filter((line, i) => lines.indexOf(line) !== i);
  if (repeated.length > 0) {
    problems.push(
      `It returned ${json(lines)}: ${json(repeated[0])} comes up more than once.` +
        (outcome.requests.length > 1 ? ` Each of its ${outcome.requests.length} calls sampled on its own and knew nothing of the others, so the model's favourite line came back again.` : ''),
    );
  }
  const cut = answerOf(outcome, outcome.requests.length - 1)?.stop_reason === 'max_tokens';
  const body = bodyOf(outcome, outcome.requests.length - 1);
  const asked = body ? linesAskedFor(body, enquiry) : expected.length;
  const wrong = lines.filter((line) => !expected.includes(line));
  if (repeated.length === 0 && (wrong.length > 0 || lines.length !== expected.length)) {
    problems.push(
      `It returned ${lines.length} line${lines.length === 1 ? '' : 's'}, ${json(lines)}; it should return the ${expected.length} lines the model wrote, ${json(expected)}, each without surrounding whitespace.` +
        (cut ? ` The answer stopped at max_tokens (${body?.max_tokens}) before the last line was complete: leave room for every line asked for.` : '') +
        (asked !== expected.length && outcome.requests.length === 1 ? ` The request asked for ${asked === 1 ? 'one line (it gave no number of lines)' : `${asked} lines`}: say how many, ${expected.length}, in the request.` : ''),
    );
  }
  if (outcome.requests.length !== 1) problems.push(`It made ${outcome.requests.length} model calls; one request that asks for ${expected.length} different lines is enough, and the model keeps them different.`);
  return problems;
}

function suggest(name: string, enquiry: string, matter: keyof typeof SUBJECT_LINES, count: number | undefined, hidden = false) {
  return {
    name,
    function: 'suggestSubjectLines',
    hidden,
    options: { enquiry, ...(count === undefined ? {} : { count }) },
    respond: subjectLineModel(enquiry),
    check: (outcome: Outcome) => suggested(outcome, SUBJECT_LINES[matter].slice(0, count ?? 3), enquiry),
  };
}

// quoteFirstClause

/** That quoteFirstClause returned the first clause of `contract`, from one call. */
function quoted(outcome: Outcome, contract: string): string[] {
  const clause = firstClause(contract);
  const failed = before(outcome, 'quoteFirstClause', `the first clause, ${brief(clause)}`);
  if (failed.length > 0) return failed;
  const problems: string[] = [];
  const result = outcome.result;
  if (result !== clause) {
    const answer = answerOf(outcome);
    const text = typeof result === 'string' ? result : '';
    const why =
      text.trim() === clause
        ? ' It has whitespace around it (the line break before the stop sequence stays in the text): trim it.'
        : answer?.stop_reason === 'max_tokens'
          ? ` The answer stopped at max_tokens (${bodyOf(outcome)?.max_tokens}) before the clause ended: this clause is about ${Math.ceil(clause.length / 4)} tokens, and the intake form takes up to 1,000.`
          : text.startsWith(clause) && text.length > clause.length
            ? ' It goes on past the end of clause 1: the model quotes until something stops it. Stop it where clause 2 starts (stop_sequences).'
            : clause.startsWith(text.trim()) && answer?.stop_reason === 'stop_sequence'
              ? ` The quote stopped early, at the stop sequence ${json(answer.stop_sequence)}, which also turns up inside clause 1.`
              : '';
    problems.push(`It returned ${typeof result === 'string' ? brief(result) : json(result)}; the first clause is ${brief(clause)}.${why}`);
  }
  problems.push(...formLimit(outcome));
  if (outcome.requests.length !== 1) problems.push(`It made ${outcome.requests.length} model calls; one is enough.`);
  return problems;
}

/** That the quote was capped at the intake form's limit, 1,000 tokens. */
function formLimit(outcome: Outcome): string[] {
  const sent = bodyOf(outcome)?.max_tokens;
  return sent === undefined || sent === 1000 ? [] : [`It sent max_tokens ${sent}; the intake form takes a clause of up to 1,000 tokens, so cap the quote at exactly 1000: less cuts clauses the form takes, more returns clauses it cannot hold.`];
}

function quote(name: string, contract: string, hidden = false) {
  return { name, function: 'quoteFirstClause', hidden, options: { contract }, respond: clauseModel(contract), check: (outcome: Outcome) => quoted(outcome, contract) };
}

export const scenarios = [
  classify('classifies a housing enquiry for a few output tokens', ENQUIRIES.deposit, 'housing'),
  classify('classifies a dismissal that mentions a child as employment', ENQUIRIES.dismissal, 'employment'),
  {
    name: 'throws UnknownMatterError when the enquiry is none of the four matters',
    function: 'classifyMatter',
    options: { enquiry: ENQUIRIES.charityMeeting },
    respond: classifierModel(ENQUIRIES.charityMeeting),
    check(outcome: Outcome): string[] {
      if (outcome.timedOut) return ['classifyMatter did not return.'];
      const refusal = refused(outcome);
      if (refusal) return [refusal];
      if (outcome.error === undefined) {
        return [`It returned ${brief(String(outcome.result))}; the model said it cannot tell which matter the enquiry is, and an answer that is not one of the four matters should be an UnknownMatterError.`];
      }
      if (!outcome.error.startsWith('UnknownMatterError')) return [`It threw ${outcome.error.split(':')[0]}; an answer that is not one of the four matters should be an UnknownMatterError.`];
      return outcome.requests.length === 1 ? [] : [`It made ${outcome.requests.length} model calls; one is enough.`];
    },
  },
  classify('classifies a consumer complaint', ENQUIRIES.washingMachine, 'consumer', true),
  classify('classifies a separation as family', ENQUIRIES.separation, 'family', true),
  suggest('suggests three different subject lines from one request', ENQUIRIES.deposit, 'housing', undefined),
  suggest('suggests five lines when asked for five, every one complete', ENQUIRIES.dismissal, 'employment', 5),
  suggest('suggests four lines for a family enquiry', ENQUIRIES.separation, 'family', 4, true),
  quote('quotes the first clause and stops where clause 2 starts', TENANCY),
  quote('quotes a first clause of 270 tokens whole, numbers such as £12.50 and 2.4 in it', EMPLOYMENT_CONTRACT),
  quote('quotes the only clause of a side letter, which ends with the document', SIDE_LETTER),
  {
    name: 'throws ClauseTooLongError when the first clause is longer than the form takes',
    function: 'quoteFirstClause',
    options: { contract: SUPPLY_AGREEMENT },
    respond: clauseModel(SUPPLY_AGREEMENT),
    check(outcome: Outcome): string[] {
      if (outcome.timedOut) return ['quoteFirstClause did not return.'];
      const refusal = refused(outcome);
      if (refusal) return [refusal];
      const answer = answerOf(outcome);
      if (outcome.error === undefined) {
        const sent = bodyOf(outcome)?.max_tokens;
        return [
          answer?.stop_reason === 'max_tokens'
            ? `It returned ${brief(String(outcome.result))}, a clause cut off at max_tokens; a quote that stops at max_tokens is not the whole clause, so it should throw ClauseTooLongError.`
            : `It returned ${brief(String(outcome.result))}, a first clause of about 1,730 tokens: the intake form takes 1,000 at most. With max_tokens ${sent ?? '?'} the whole clause came back; cap the quote at the form's limit, and a quote cut there is a ClauseTooLongError.`,
        ];
      }
      if (!outcome.error.startsWith('ClauseTooLongError')) return [`It threw ${outcome.error.split(':')[0]}; a quote cut off at max_tokens should be a ClauseTooLongError.`];
      return [...formLimit(outcome), ...(outcome.requests.length === 1 ? [] : [`It made ${outcome.requests.length} model calls; one is enough.`])];
    },
  },
  quote('quotes the first clause after a title and the parties', CONSULTANCY, true),
];
