// The reference for stage 3: every sentence that reaches the customer cites a passage that was
// sent, and when none does, the customer reads REFUSAL instead of a guess.
import { answerQuestion, type AnswerOptions } from './answer';
import { citationsOf, sentencesOf } from './claims';
import { type Hit, retrieve } from './search';

/** What the customer reads when the documents do not answer their question. */
export const REFUSAL = "I can't find that in the documents.";

export interface Citation {
  id: string;
  /** The passage's text, for the customer to check the claim against. */
  text: string;
}

export interface AskResult {
  /** The sentences of the model's answer that cite passages you sent, or REFUSAL. */
  answer: string;
  /** The passages those sentences cite, each once, in the order first cited. */
  citations: Citation[];
  /** True when the answer is REFUSAL. */
  refused: boolean;
  /** The passages sent to the model, as retrieve returned them. */
  passages: Hit[];
}

const refusal = (passages: Hit[]): AskResult => ({ answer: REFUSAL, citations: [], refused: true, passages });

export async function ask(options: AnswerOptions): Promise<AskResult> {
  // Nothing found, nothing to ground an answer in: the model would only guess.
  if (retrieve({ documents: options.documents, question: options.question, k: options.k }).length === 0) return refusal([]);

  const { answer, passageIds, passages } = await answerQuestion(options);
  const sent = new Map(passages.map((passage) => [passage.id, passage]));
  // A sentence reaches the customer only when it cites something, and only passages we sent:
  // an id we never sent is one the model made up, however plausible it looks.
  const kept = sentencesOf(answer).filter((sentence) => {
    const ids = citationsOf(sentence);
    return ids.length > 0 && ids.every((id) => sent.has(id));
  });
  if (kept.length === 0) return refusal(passages);

  // A Set keeps the order in which ids were first added.
  const citations = passageIds.map((id) => ({ id, text: sent.get(id)?.text ?? '' }));
  return { answer: kept.join(' '), citations, refused: false, passages };
}
