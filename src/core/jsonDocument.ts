import { findNodeAtLocation, type Node, parseTree, type ParseError, printParseErrorCode } from 'jsonc-parser';

export type JsonPath = readonly (string | number)[];

export interface Position {
  line: number;
  column: number;
}

/**
 * A JSON (with comments) text parsed with the position of every value kept, so that a
 * problem found later in the parsed value can be reported at its line and column.
 */
/** Deeper than any file of ours needs by far, shallow enough for every recursive reader of it. */
export const MAX_JSON_DEPTH = 64;

/**
 * The offset of the first `{` or `[` that opens level `limit + 1` of `text` (JSON with
 * comments), or undefined when the text is no deeper than `limit`. A scan, not a parse: it
 * runs before the parsers, whose recursion a file nested thousands deep would overflow.
 */
export function firstTooDeep(text: string, limit: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: skip to its closing quote, past escapes.
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2f) {
      while (i < text.length && text.charCodeAt(i) !== 0x0a) i++;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return i;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return undefined;
}

export class JsonDocument {
  private readonly lineStarts: number[] = [0];

  private constructor(
    readonly text: string,
    private readonly root: Node,
  ) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  /** Parses `text`; on a syntax error returns the errors with their positions instead. */
  static parse(source: string): { document: JsonDocument } | { syntaxErrors: { message: string; position: Position }[] } {
    // A byte-order mark (Windows editors save one) is not content: editors neither show it nor count it in columns.
    const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
    const tooDeep = firstTooDeep(text, MAX_JSON_DEPTH);
    if (tooDeep !== undefined) {
      const position = new JsonDocument(text, { type: 'null', offset: 0, length: 0 } as Node).positionAt(tooDeep);
      return { syntaxErrors: [{ message: `JSON syntax error: nested more than ${MAX_JSON_DEPTH} levels deep`, position }] };
    }
    const errors: ParseError[] = [];
    const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
    const positions = new JsonDocument(text, root ?? { type: 'null', offset: 0, length: 0 } as Node);
    if (errors.length > 0 || !root) {
      const syntaxErrors = errors.map((error) => ({
        message: describeParseError(printParseErrorCode(error.error)),
        position: positions.positionAt(error.offset),
      }));
      if (syntaxErrors.length === 0) syntaxErrors.push({ message: 'the file is empty', position: { line: 1, column: 1 } });
      return { syntaxErrors };
    }
    return { document: positions };
  }

  /** The plain value, as JSON.parse would give it. */
  get value(): unknown {
    return nodeValue(this.root);
  }

  /**
   * Where the value at `path` is. For a path that does not exist (a missing field) this is
   * the closest existing ancestor, so the error points at the object that lacks the field.
   */
  positionOf(path: JsonPath): Position {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = findNodeAtLocation(this.root, [...path.slice(0, depth)]);
      if (node) return this.positionAt(node.offset);
    }
    return { line: 1, column: 1 };
  }

  /** Where the key of property `key` of the object at `objectPath` is (for unknown fields). */
  positionOfKey(objectPath: JsonPath, key: string): Position {
    const object = findNodeAtLocation(this.root, [...objectPath]);
    const property = object?.children?.find((child) => child.children?.[0]?.value === key);
    const keyNode = property?.children?.[0];
    return keyNode ? this.positionAt(keyNode.offset) : this.positionOf(objectPath);
  }

  positionAt(offset: number): Position {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.lineStarts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (this.lineStarts[low] ?? 0) + 1 };
  }
}

function nodeValue(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const result: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        // An own property, as JSON.parse makes it: assigning "__proto__" would set the prototype instead.
        if (key && value) Object.defineProperty(result, String(key.value), { value: nodeValue(value), enumerable: true, writable: true, configurable: true });
      }
      return result;
    }
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}

function describeParseError(code: string): string {
  const messages: Record<string, string> = {
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'invalid number',
    PropertyNameExpected: 'expected a property name in double quotes',
    ValueExpected: 'expected a value',
    ColonExpected: 'expected ":" after the property name',
    CommaExpected: 'expected "," between entries',
    CloseBraceExpected: 'expected "}" to close the object',
    CloseBracketExpected: 'expected "]" to close the list',
    EndOfFileExpected: 'unexpected text after the end of the document',
    InvalidCommentToken: 'invalid comment',
    UnexpectedEndOfComment: 'comment is not closed',
    UnexpectedEndOfString: 'string is not closed (missing ")',
    UnexpectedEndOfNumber: 'number is cut off',
    InvalidUnicode: 'invalid \\u escape',
    InvalidEscapeCharacter: 'invalid escape sequence in a string',
    InvalidCharacter: 'invalid character in a string (control characters must be escaped)',
  };
  return `JSON syntax error: ${messages[code] ?? code}`;
}
