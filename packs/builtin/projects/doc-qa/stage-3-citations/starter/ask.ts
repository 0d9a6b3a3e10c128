// Stage 3 of Kestrel's policy Q&A: cite and refuse. See STAGE-3.md.
import { answerQuestion, type AnswerOptions } from './answer';
import { citationsOf, sentencesOf } from './claims';
import type { Hit } from './search';

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

export async function ask(options: AnswerOptions): Promise<AskResult> {
  const { answer, passageIds, passages } = await answerQuestion(options);
  // TODO: this passes on whatever the model wrote. Keep only the sentences that cite passages
  // you sent (sentencesOf and citationsOf read them), and answer REFUSAL when none is left.
  // When search finds nothing, there is nothing to ask the model about.
  void sentencesOf;
  void citationsOf;
  const citations = passageIds.map((id) => ({ id, text: passages.find((passage) => passage.id === id)?.text ?? '' }));
  return { answer, citations, refused: false, passages };
}
