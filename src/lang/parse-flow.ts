/**
 * The fast path of parse.ts for the one statement written by the thousand: a plain
 * `flow on BR[@HOST] [table N] [priority N] match "…" actions "…"` line (options in any
 * order, each once, strings without `\` escapes). Chevrotain's lexer and parser cost ~80 µs
 * a statement in a fresh process, most of `vsh plan` with 10,000 flows; this reads such a
 * line in a few µs and makes the tokens Chevrotain would have made, so that the statement
 * goes through the same StatementBuilder and `flow` builder and comes out identical (a unit
 * test compares both paths). Any other line — a comment, a `;`, an escape, a mistake —
 * returns undefined and takes the ordinary path, which reports what is wrong.
 */
import type { IToken, TokenType } from 'chevrotain';
import type { Statement } from './ast.js';
import { BUILDERS } from '../kinds/registry.js';
import { StatementBuilder } from './statement-builder.js';
import { tokensSpan } from './span.js';
import * as T from './tokens.js';

const FLOW_OPTIONS = new Map<string, 'ref' | 'int' | 'string'>([
  ['on', 'ref'],
  ['table', 'int'],
  ['priority', 'int'],
  ['match', 'string'],
  ['actions', 'string'],
]);

const isBlank = (c: number) => c === 32 || c === 9; // ' ', '\t'
const isDigit = (c: number) => c >= 48 && c <= 57;
const isNameStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95; // A-Z a-z _
const isNameChar = (c: number) => isNameStart(c) || isDigit(c) || c === 46 || c === 45; // . -

/**
 * The statement on `text[from, to)` (one line without its `\n`, starting at column 1 of
 * line `line`), or undefined when the line is not a plain flow statement.
 */
export function fastFlow(file: string, text: string, from: number, to: number, line: number): Statement | undefined {
  if (text.charCodeAt(to - 1) === 13) to--; // a CRLF line's '\r' is a blank to the lexer
  let i = from;
  const tokens: IToken[] = [];
  const token = (tokenType: TokenType, start: number, end: number): IToken => {
    const t = {
      image: text.slice(start, end), startOffset: start, endOffset: end - 1, startLine: line, endLine: line,
      startColumn: start - from + 1, endColumn: end - from, tokenType, tokenTypeIdx: tokenType.tokenTypeIdx!,
    } as IToken;
    tokens.push(t);
    return t;
  };
  const blanks = () => {
    const at = i;
    while (i < to && isBlank(text.charCodeAt(i))) i++;
    return i > at;
  };
  /** A word of Name's pattern, typed as the lexer types it (a keyword, or Name). */
  const word = (): IToken | undefined => {
    const at = i;
    if (i >= to || !isNameStart(text.charCodeAt(i))) return undefined;
    while (i < to && isNameChar(text.charCodeAt(i))) i++;
    const image = text.slice(at, i);
    return token(T.keywords.get(image) ?? T.Name, at, i);
  };
  /** The end of a token: a blank, the end of the line (or '@' inside a ref). */
  const ends = (c: number) => i >= to || isBlank(text.charCodeAt(i)) || text.charCodeAt(i) === c;

  blanks();
  const head = word();
  if (head?.image !== 'flow' || !blanks()) return undefined;
  const options: IToken[][] = [];
  const seen = new Set<string>();
  while (i < to) {
    const first = tokens.length;
    const kw = word();
    const shape = kw && FLOW_OPTIONS.get(kw.image);
    if (!shape || seen.has(kw.image) || !blanks()) return undefined;
    seen.add(kw.image);
    if (shape === 'ref') {
      if (!word() || !ends(64)) return undefined;
      if (text.charCodeAt(i) === 64) {
        token(T.At, i, ++i);
        if (!word() || !ends(-1)) return undefined;
      }
    } else if (shape === 'int') {
      const at = i;
      while (i < to && isDigit(text.charCodeAt(i))) i++;
      if (i === at || !ends(-1)) return undefined;
      token(T.Int, at, i);
    } else {
      if (text.charCodeAt(i) !== 34) return undefined; // "
      const at = i++;
      while (i < to && text.charCodeAt(i) !== 34 && text.charCodeAt(i) !== 92) i++; // up to '"' or '\\'
      if (i >= to || text.charCodeAt(i) !== 34) return undefined;
      i++;
      if (!ends(-1)) return undefined;
      token(T.StringLit, at, i);
    }
    options.push(tokens.slice(first));
    blanks();
  }
  if (!seen.has('match') || !seen.has('actions')) return undefined;
  const span = tokensSpan(file, head, tokens[tokens.length - 1]!);
  const b = StatementBuilder.fromOptions(file, 'flow', span, tokens, options);
  const statement = BUILDERS.flow!(b, { span, optionSpans: b.optionSpans }, b.node);
  // The builder reports nothing for what this path accepts; anything else goes the ordinary way.
  if (!statement || b.diagnostics.length > 0) return undefined;
  return statement;
}
