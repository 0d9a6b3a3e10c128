// How Kestrel's Q&A reads the model's answer: sentence by sentence, each with the passages it cites.
// Stages 3 and 4 use this file as it is; the checks read answers the same way.

/** The sentences of an answer: it is cut after each ".", "!" or "?" that is followed by whitespace. */
export function sentencesOf(answer: string): string[] {
  return answer
    .split(/(?<=[.!?])\s+/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence !== '');
}

/** The passage ids a sentence cites, in order: every "[document#n]" in it. */
export function citationsOf(sentence: string): string[] {
  return [...sentence.matchAll(/\[([a-z0-9-]+#\d+)\]/g)].map((match) => match[1] ?? '');
}

/** The sentence with its citations taken out: what it claims, in its own words. */
export function withoutCitations(sentence: string): string {
  return sentence.replace(/\s*\[[a-z0-9-]+#\d+\]/g, '');
}
