import { parse } from 'sucrase/dist/esm/parser';
import { TokenType } from 'sucrase/dist/esm/parser/tokenizer/types';

/**
 * Works around a sucrase bug (3.35, the latest): its CommonJS transform exports only the first
 * variable of `export const A = 8, B = 1024;` and turns the rest into assignments to undeclared
 * names ("ReferenceError: B is not defined"). Before the transform, each such declaration is
 * split into one per variable: `export const A = 8; export const B = 1024;`, which means the same
 * (the variables are still declared in order) and which sucrase handles. Only the commas between
 * declarators change, so lines stay where they are. Source sucrase cannot parse is returned as it
 * is, for the transform to report where.
 *
 * Why not another transpiler: Node's own type stripper (amaro, 3.5 MB of swc compiled to wasm)
 * strips types only and leaves import/export, which the checks' CommonJS loader cannot run on
 * Node 20 (nor has Node 20 module.stripTypeScriptTypes); esbuild needs a native binary, and
 * esbuild-wasm is larger still. This split adds 2 KB to dist/lib/sucrase.js (458 → 460 KB), and
 * a file without such a declaration is not even parsed for it. test/unit/typescriptTransform
 * runs a corpus of real-world syntax through the shipped transform (sucrase alone fails 17 of it).
 */
export function splitExportDeclarators(source: string, typescript: boolean): string {
  // A cheap test first: most files have no such declaration.
  if (!/\bexport\s+(?:const|let|var)\b[^;]*,/.test(source)) return source;
  let tokens: ReturnType<typeof parse>['tokens'];
  try {
    tokens = parse(source, false, typescript, false).tokens;
  } catch {
    return source;
  }
  const is = (index: number, type: TokenType): boolean => tokens[index]?.type === type && tokens[index]?.isType !== true;
  const skipTypes = (index: number): number => {
    let at = index;
    while (tokens[at]?.isType) at++;
    return at;
  };
  /** The token after one binding: a name, or an object or array pattern. */
  const afterBinding = (index: number): number | undefined => {
    if (is(index, TokenType.name)) return index + 1;
    if (!is(index, TokenType.braceL) && !is(index, TokenType.bracketL)) return undefined;
    let depth = 0;
    for (let at = index; at < tokens.length; at++) {
      if (tokens[at]?.isType) continue;
      if (is(at, TokenType.braceL) || is(at, TokenType.bracketL) || is(at, TokenType.dollarBraceL)) depth++;
      else if (is(at, TokenType.braceR) || is(at, TokenType.bracketR)) depth--;
      if (depth === 0) return at + 1;
    }
    return undefined;
  };

  const commas: { at: number; keyword: string }[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    if (!is(i, TokenType._export) || !(is(i + 1, TokenType._const) || is(i + 1, TokenType._let) || is(i + 1, TokenType._var))) continue;
    const keyword = source.slice(tokens[i + 1]?.start, tokens[i + 1]?.end);
    let at = i + 2;
    for (;;) {
      const end = afterBinding(at);
      if (end === undefined) break;
      at = skipTypes(end);
      if (is(at, TokenType.eq)) {
        const rhsEnd = tokens[at]?.rhsEndIndex;
        if (rhsEnd === undefined || rhsEnd === null) break;
        at = rhsEnd;
      }
      if (!is(at, TokenType.comma)) break;
      commas.push({ at: tokens[at]?.start as number, keyword });
      at++;
    }
    i = at - 1;
  }
  let result = source;
  // From the end, so earlier positions stay valid.
  for (const { at, keyword } of commas.reverse()) result = `${result.slice(0, at)}; export ${keyword}${result.slice(at + 1)}`;
  return result;
}
