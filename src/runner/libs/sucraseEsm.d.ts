// The ESM build of sucrase (what `sucrase` itself resolves to when bundled) ships no type
// declarations of its own; its CommonJS build's describe the same modules.
declare module 'sucrase/dist/esm/parser' {
  export { parse } from 'sucrase/dist/types/parser/index';
}
declare module 'sucrase/dist/esm/parser/tokenizer/types' {
  export { TokenType } from 'sucrase/dist/types/parser/tokenizer/types';
}
