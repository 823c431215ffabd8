// `this.parse` for plugins, and `parseAst` (Rollup's `rollup/parseAst`): code
// as an ESTree program with `start`/`end` offsets, as Rollup's parser gives it
// (acorn's ESTree, `ecmaVersion: 'latest'`, a module; JSX with `{ jsx: true }`).
//
// Why acorn and not sheaf's own parser: plugins walk the tree in JavaScript
// (estree-walker, magic-string offsets), so the tree has to be built there;
// acorn's is the ESTree Rollup's and Vite's plugins were written against.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let parsers;

/** `code` as an ESTree `Program`; a syntax error throws `{ code: 'PARSE_ERROR', pos, loc }`. */
export function parseAst(code, options = {}) {
  parsers ??= { js: require('acorn').Parser };
  const Parser = options.jsx ? (parsers.jsx ??= parsers.js.extend(require('acorn-jsx')())) : parsers.js;
  try {
    return Parser.parse(String(code), {
      ecmaVersion: 'latest',
      sourceType: 'module',
      allowReturnOutsideFunction: options.allowReturnOutsideFunction === true,
      allowHashBang: true,
    });
  } catch (e) {
    if (!(e instanceof SyntaxError) || typeof e.pos !== 'number') throw e;
    const error = new Error(e.message.replace(/ \(\d+:\d+\)$/, ''));
    // Rollup's shape: `loc.column` 0-based, `line` 1-based, as acorn's.
    Object.assign(error, { code: 'PARSE_ERROR', pos: e.pos, loc: { line: e.loc.line, column: e.loc.column } });
    throw error;
  }
}
