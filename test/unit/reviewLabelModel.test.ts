import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { loadModelModule } from '../../src/core/simulator/loadSimulatedModel';
import { BUILTIN_PACK } from '../support/helpers';

/**
 * The review-comment-examples exercise's simulated model (check/model.ts): it reads a comment's
 * cue and substance, learns an edge only from an example with the same two, leans to the labels
 * its examples show, and copies their reply. These tests pin each rule the README states, on
 * comments and examples the pack's cases do not hold, in every example format it reads.
 */
type Request = { system: string; messages: { role: string; content: string }[] };
type Answer = { name: string; reply: { content: { type: 'text'; text: string }[] } };
interface ReviewModule {
  respond(request: Request): Answer;
  readComment(text: string): { cue: string; substance: string };
  readExamples(text: string): { input: string; label: string; cue: string; substance: string }[];
  splitUserTurn(userText: string): { comment: string; rest: string };
}

let review: ReviewModule;
before(async () => {
  review = (await loadModelModule(path.join(BUILTIN_PACK, 'exercises', 'review-comment-examples', 'check', 'model.ts'))) as unknown as ReviewModule;
});

const ask = (system: string, comment: string, user = '<comment>\n{{comment}}\n</comment>'): string =>
  review.respond({ system, messages: [{ role: 'user', content: user.replace('{{comment}}', comment) }] }).reply.content.map((block) => block.text).join('');

/** Eight examples that show every edge and every label, as Comment:/Reply: lines. */
const DIVERSE = [
  ['Is the socket ever closed? It leaks on every retry.', 'blocking'],
  ['nit: this is NaN for an empty list.', 'blocking'],
  ['Lovely test! It fails on Windows paths, though.', 'blocking'],
  ['Rename `x` to `index`.', 'nit'],
  ['Could we sort the imports?', 'nit'],
  ['Great docs! Maybe add one example.', 'nit'],
  ['Where does the 512 come from?', 'question'],
  ['Thanks, this reads well.', 'praise'],
]
  .map(([comment, label]) => `Comment: ${comment}\nReply: {"label": "${label}"}`)
  .join('\n\n');

describe('the review-label model: reading a comment', () => {
  it('reads the cue from the surface, in order: nit-prefix, compliment, tentative, directive, plain', () => {
    assert.equal(review.readComment('(nit) rename this').cue, 'nit-prefix');
    assert.equal(review.readComment('Nitpick: spacing').cue, 'nit-prefix');
    assert.equal(review.readComment('Nice! Why this?').cue, 'compliment');
    assert.equal(review.readComment('Not sure this is right').cue, 'tentative');
    assert.equal(review.readComment('Why this?').cue, 'tentative');
    assert.equal(review.readComment('Move this to utils.').cue, 'directive');
    assert.equal(review.readComment('We should cache this').cue, 'directive');
    assert.equal(review.readComment('This is the third copy of the parser.').cue, 'plain');
  });

  it('reads the substance from what it asks for, with a hedge left out', () => {
    assert.equal(review.readComment('I might be wrong, but could we rename it?').substance, 'change');
    assert.equal(review.readComment('I might be wrong, but this overflows').substance, 'defect');
    assert.equal(review.readComment('nit: trailing whitespace').substance, 'change');
    assert.equal(review.readComment('Please add a line break here').substance, 'change');
    assert.equal(review.readComment('This breaks the build').substance, 'defect');
    assert.equal(review.readComment('What does this flag do?').substance, 'information');
    assert.equal(review.readComment('Kudos, lovely work').substance, 'praise');
    assert.equal(review.readComment('This file is long.').substance, 'remark');
  });
});

describe('the review-label model: finding examples', () => {
  const formats: [string, string][] = [
    ['labelled lines', 'Input: Why is this here?\nOutput: {"label": "question"}'],
    ['labelled lines, bold and numbered, output on the next line', '**Comment 1:** Why is this here?\n**Label:**\n{"label": "question"}'],
    ['a tagged block with named tags', '<example>\n<comment>Why is this here?</comment>\n<label>{"label": "question"}</label>\n</example>'],
    ['a tagged block of blocks, with a placeholder tag before it', 'Reply {"label": "<label>"}.\n<examples><example_1><input>Why is this here?</input><output>{"label": "question"}</output></example_1></examples>'],
    ['a tagged block of any two tags', '<example><a>Why is this here?</a><b>{"label": "question"}</b></example>'],
    ['a Markdown table', '| Comment | Reply |\n| --- | --- |\n| Why is this here? | {"label": "question"} |'],
    ['a quoted arrow line', '- "Why is this here?" → {"label": "question"}'],
    ['an unquoted arrow line', 'Why is this here? -> {"label": "question"}'],
    ['a JSON line', '{"comment": "Why is this here?", "label": "question"}'],
  ];
  for (const [name, text] of formats) {
    it(`reads ${name}`, () => {
      const found = review.readExamples(text);
      assert.equal(found.length, 1, `one example in ${JSON.stringify(text)}`);
      assert.equal(found[0]?.label, 'question');
      assert.equal(found[0]?.input, 'Why is this here?');
    });
  }

  it('takes no definition, format line or prose for an example', () => {
    assert.deepEqual(review.readExamples('- nit: a small change.\n- blocking: a bug.\nReply with JSON: {"label": "<label>"}.\nA bug asked as a question ("Shouldn\'t this…?") is blocking.'), []);
  });

  it('finds the comment in user.md after examples there, and not inside them', () => {
    const user = '<example><comment>Old one?</comment><reply>{"label": "question"}</reply></example>\n<comment>The new one</comment>';
    assert.equal(review.splitUserTurn(user).comment, 'The new one');
    assert.equal(review.splitUserTurn('Input: Old one?\nOutput: {"label": "question"}\n\nInput: The new one\nOutput:').comment, 'The new one');
    assert.equal(review.splitUserTurn('just the comment').comment, 'just the comment');
  });
});

describe('the review-label model: answering', () => {
  it('without examples reads the surface, whatever the prose rules say, in the JSON shape the prompt shows', () => {
    const rules = 'Labels: blocking, nit, question, praise. Reply with {"kind": "<label>"}. A bug asked as a question is blocking.';
    assert.equal(ask(rules, 'Does this deadlock when both locks are taken?'), '{"kind":"question"}');
    assert.equal(ask('Labels: blocking, nit. Reply with the label.', 'Why?'), 'unclear');
  });

  it('learns an edge from an example with the same cue and substance, in other words', () => {
    assert.equal(ask(DIVERSE, 'Does this deadlock when both locks are taken?'), '{"label": "blocking"}');
    assert.equal(ask(DIVERSE, 'Nitpick: the cursor is never closed.'), '{"label": "blocking"}');
    assert.equal(ask(DIVERSE, 'Could you split this file?'), '{"label": "nit"}');
    assert.equal(ask(DIVERSE, 'Use a Set here.'), '{"label": "nit"}');
  });

  it('copies a wrong label as faithfully as a right one, and a tie goes to the later example', () => {
    const wrong = DIVERSE.replace('Reply: {"label": "blocking"}', 'Reply: {"label": "question"}');
    assert.equal(ask(wrong, 'Does this deadlock when both locks are taken?'), '{"label": "question"}');
    const tie = `${DIVERSE}\n\nComment: Is this racy? Two writers overflow it.\nReply: {"label": "question"}`;
    assert.equal(ask(tie, 'Does this deadlock when both locks are taken?'), '{"label": "question"}');
  });

  it('leans to the examples\' labels: a label no example shows is not given', () => {
    const allBlocking = 'Comment: Is this null here?\nReply: {"label": "blocking"}\n\nComment: nit: it leaks.\nReply: {"label": "blocking"}';
    assert.equal(ask(allBlocking, 'Where does the 512 come from?'), '{"label": "blocking"}');
    assert.equal(ask(allBlocking, 'Thanks, lovely.'), '{"label": "blocking"}');
    // A comment whose own reading is a label the examples show keeps it.
    assert.equal(ask(`${allBlocking}\n\nComment: Why 512?\nReply: {"label": "question"}`, 'Where does the 512 come from?'), '{"label": "question"}');
  });

  it('copies the examples\' reply, character for character, the most common form winning', () => {
    assert.equal(ask(DIVERSE.replace(/Reply: \{"label": "(\w+)"\}/g, 'Reply: $1'), 'Why?'), 'question');
    assert.equal(ask('Comment: Why?\nLabel: Question\n\nComment: Thanks!\nLabel: Praise', 'Nice!'), 'Praise');
    assert.equal(ask('Comment: Why?\nLabel: {"category": "question"}\n\nComment: Thanks!\nLabel: {"category": "praise"}\n\nComment: Ok?\nLabel: question', 'Nice!'), '{"category": "praise"}');
  });
});
