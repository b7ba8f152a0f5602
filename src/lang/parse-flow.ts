/**
 * The fast path of parse.ts for the one statement written by the thousand: a plain
 * `flow on BR[@HOST] [table N] [priority N] match "…" actions "…"` line (options in any
 * order, each once, strings without `\` escapes). Chevrotain's lexer and parser, and the
 * generic builder, cost ~100 µs a statement in a fresh process — most of `vsh plan` with
 * 10,000 flows; this reads such a line in a few µs and makes the statement the ordinary
 * path makes, field for field and in the same key order (test/lang/parse-flow.test.ts
 * compares both paths). Any other line — a comment, a `;`, an escape, a mistake — returns
 * undefined and takes the ordinary path, which reports what is wrong.
 */
import type { FlowStmt, Ref, Spanned } from './ast.js';
import type { Span } from './diagnostics.js';
import { joinSpans } from './span.js';

const isBlank = (c: number) => c === 32 || c === 9; // ' ', '\t'
const isDigit = (c: number) => c >= 48 && c <= 57;
const isNameStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95; // A-Z a-z _
const isNameChar = (c: number) => isNameStart(c) || isDigit(c) || c === 46 || c === 45; // . -

type Option = 'on' | 'table' | 'priority' | 'match' | 'actions';
const OPTIONS = new Set<string>(['on', 'table', 'priority', 'match', 'actions']);

/**
 * The statement on `text[from, to)` (one line without its `\n`, starting at column 1 of
 * line `line`), or undefined when the line is not a plain flow statement.
 */
export function fastFlow(file: string, text: string, from: number, to: number, line: number): FlowStmt | undefined {
  if (text.charCodeAt(to - 1) === 13) to--; // a CRLF line's '\r' is a blank to the lexer
  const span = (start: number, end: number): Span => ({ file, offset: start, endOffset: end, line, column: start - from + 1, endLine: line, endColumn: end - from + 1 });
  let i = from;
  const blanks = () => {
    const at = i;
    while (i < to && isBlank(text.charCodeAt(i))) i++;
    return i > at;
  };
  /** The end of a token: a blank or the end of the line. */
  const ended = () => i >= to || isBlank(text.charCodeAt(i));
  /** A word of the lexer's Name pattern (keywords included: a ref may be named `table`). */
  const word = (): Spanned<string> | undefined => {
    const at = i;
    if (i >= to || !isNameStart(text.charCodeAt(i))) return undefined;
    while (i < to && isNameChar(text.charCodeAt(i))) i++;
    return { value: text.slice(at, i), span: span(at, i) };
  };

  blanks();
  const head = word();
  if (head?.value !== 'flow' || !blanks()) return undefined;
  const optionSpans: Partial<Record<Option, Span>> = {};
  let on: Ref | undefined;
  let table: Spanned<number> | undefined;
  let priority: Spanned<number> | undefined;
  let match: Spanned<string> | undefined;
  let actions: Spanned<string> | undefined;
  while (i < to) {
    const kw = word();
    if (!kw || !OPTIONS.has(kw.value) || optionSpans[kw.value as Option] || !blanks()) return undefined;
    const at = i;
    if (kw.value === 'on') {
      const name = word();
      if (!name) return undefined;
      let host: Spanned<string> | undefined;
      if (text.charCodeAt(i) === 64) { // '@'
        i++;
        host = word();
        if (!host) return undefined;
      }
      on = { name, ...(host ? { host } : {}), span: host ? joinSpans(name.span, host.span) : name.span };
    } else if (kw.value === 'table' || kw.value === 'priority') {
      while (i < to && isDigit(text.charCodeAt(i))) i++;
      if (i === at) return undefined;
      const n = { value: Number(text.slice(at, i)), span: span(at, i) };
      if (kw.value === 'table') table = n;
      else priority = n;
    } else {
      if (text.charCodeAt(i) !== 34) return undefined; // '"'
      i++;
      while (i < to && text.charCodeAt(i) !== 34 && text.charCodeAt(i) !== 92) i++; // up to '"' or '\'
      if (i >= to || text.charCodeAt(i) !== 34) return undefined;
      i++;
      const s = { value: text.slice(at + 1, i - 1), span: span(at, i) };
      if (kw.value === 'match') match = s;
      else actions = s;
    }
    if (!ended()) return undefined;
    optionSpans[kw.value as Option] = span(kw.span.offset, i);
    blanks();
  }
  if (!match || !actions) return undefined;
  // The keys in the order the `flow` builder writes them, the absent ones left out (build-ast.ts compact).
  return {
    kind: 'flow', span: span(head.span.offset, optionSpans[lastOption(optionSpans)]!.endOffset), optionSpans,
    ...(on ? { on } : {}), ...(table ? { table } : {}), ...(priority ? { priority } : {}), match, actions,
  };
}

/** The option written last (the statement's span ends with it). */
function lastOption(spans: Partial<Record<Option, Span>>): Option {
  return (Object.keys(spans) as Option[]).reduce((a, b) => (spans[a]!.endOffset > spans[b]!.endOffset ? a : b));
}
