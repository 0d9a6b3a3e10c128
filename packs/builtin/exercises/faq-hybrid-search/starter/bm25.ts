// BM25, the lexical half of the search: ready to use, and not to change (the check expects its
// scores). A document scores when it shares words with the query; rare words weigh more than
// common ones, a word repeated in a document counts with diminishing returns, and a long
// document's words weigh a little less than a short one's.

/** Words too common to tell documents apart; BM25 skips them. */
const STOPWORDS = new Set(
  'a an and are as at be but by can do does for from has have how i if in is it its me my no not of on or our so that the their them then there these they this to up was we what when where which who why will with won t you your s'.split(' '),
);

/** The words BM25 compares: runs of letters and digits, in lower case, stopwords left out. "TR-8840" is "tr" and "8840". */
export function tokenize(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((word) => !STOPWORDS.has(word));
}

/**
 * Each text's BM25 score for the query, in the texts' order (k1 = 1.2, b = 0.75): 0 for a text
 * that shares no word with the query, more for one that shares more and rarer words.
 */
export function bm25Scores(query: string, texts: string[]): number[] {
  const k1 = 1.2;
  const b = 0.75;
  const documents = texts.map(tokenize);
  const averageLength = documents.reduce((sum, words) => sum + words.length, 0) / Math.max(documents.length, 1);
  const terms = [...new Set(tokenize(query))];
  return documents.map((words) => {
    let score = 0;
    for (const term of terms) {
      const frequency = words.filter((word) => word === term).length;
      if (frequency === 0) continue;
      // In how many documents the term appears: the fewer, the more it says.
      const containing = documents.filter((other) => other.includes(term)).length;
      const idf = Math.log(1 + (documents.length - containing + 0.5) / (containing + 0.5));
      score += (idf * frequency * (k1 + 1)) / (frequency + k1 * (1 - b + (b * words.length) / averageLength));
    }
    return score;
  });
}
