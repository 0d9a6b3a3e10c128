import type Anthropic from '@anthropic-ai/sdk';

export interface ReviewOptions {
  client: Anthropic;
  model: string;
  /** The pull request's unified diff. */
  diff: string;
  /** The full text of each file the pull request changes, by path. */
  files: Record<string, string>;
  /** Posts the bot's comment on the pull request (Markdown). */
  postComment(markdown: string): Promise<void>;
  /** Hands the pull request to a human reviewer instead: why, and the summary of the diff. */
  escalate(handoff: { reason: string; summary: string }): Promise<void>;
}

/** The areas that need a human: the summary's last line names them ("Touches: migrations, code"). */
const FOR_A_HUMAN = ['migrations', 'secrets'];

/**
 * The pull-request bot as a fixed chain: the steps are known in advance, so the code runs them
 * in order and the model does one step per call. Three calls for a pull request it comments on,
 * one for a pull request a human must see; never a loop, never a tool.
 */
export async function reviewPullRequest(options: ReviewOptions): Promise<void> {
  const ask = async (prompt: string): Promise<string> => {
    const response = await options.client.messages.create({ model: options.model, max_tokens: 1024, messages: [{ role: 'user', content: prompt }] });
    return response.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  };

  // 1. Summarise the diff.
  const summary = await ask(`Summarise this diff.\n\n<diff>\n${options.diff}\n</diff>`);

  // The gate is code, not a choice the model may or may not make: it always runs.
  const touches = summary.split('\n').find((line) => line.startsWith('Touches:')) ?? '';
  const risky = FOR_A_HUMAN.filter((area) => new RegExp(`\\b${area}\\b`).test(touches));
  if (risky.length > 0) {
    await options.escalate({ reason: `The change touches ${risky.join(' and ')}.`, summary });
    return;
  }

  // 2. Review the diff, knowing what it is about.
  const review = await ask(`Review this diff.\n\n<summary>\n${summary}\n</summary>\n\n<diff>\n${options.diff}\n</diff>`);

  // 3. Lay the notes out as the comment; it needs the notes, not the diff again.
  const comment = await ask(`Format these notes as a Markdown comment for the pull request.\n\n<notes>\n${review}\n</notes>`);
  await options.postComment(comment);
}
