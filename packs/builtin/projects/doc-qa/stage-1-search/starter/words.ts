// How Kestrel's search reads text: lower-case words of letters and digits, without the stop words.
// Every stage uses this file as it is; the checks read text the same way.

/** Words that say nothing about what a passage is about. */
export const STOP_WORDS = new Set([
  'a', 'about', 'an', 'and', 'are', 'as', 'at', 'be', 'by', 'can', 'do', 'does', 'for', 'from', 'get', 'has', 'have', 'how',
  'i', 'if', 'in', 'is', 'it', 'its', 'me', 'my', 'of', 'on', 'or', 'our', 'so', 'that', 'the', 'their', 'them', 'there',
  'this', 'to', 'us', 'was', 'we', 'what', 'when', 'where', 'which', 'who', 'will', 'with', 'you', 'your',
]);

/** The words of a text: "Burst pipes, 24-hour line!" → ["burst", "pipes", "24", "hour", "line"]. */
export function tokenize(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((word) => !STOP_WORDS.has(word));
}
