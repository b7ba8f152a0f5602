/** Spans from Chevrotain tokens, and span arithmetic. */
import type { IToken } from 'chevrotain';
import type { Span } from './diagnostics.js';

/** The span of one token. */
export function tokenSpan(file: string, t: IToken): Span {
  return tokensSpan(file, t, t);
}

/**
 * The span from the start of token `first` to the end of token `last`, as one object (a big
 * script builds millions). Chevrotain's end positions are inclusive; ours are exclusive.
 * `| 0` keeps every field a small integer: Chevrotain's tokens hold their positions as
 * doubles, and copying those made V8 box every span field (half the memory of a big script).
 */
export function tokensSpan(file: string, first: IToken, last: IToken): Span {
  return {
    file,
    offset: first.startOffset | 0,
    endOffset: ((last.endOffset ?? last.startOffset) + 1) | 0,
    line: (first.startLine ?? 1) | 0,
    column: (first.startColumn ?? 1) | 0,
    endLine: (last.endLine ?? last.startLine ?? 1) | 0,
    endColumn: ((last.endColumn ?? last.startColumn ?? 1) + 1) | 0,
  };
}

/** The smallest span covering both. */
export function joinSpans(a: Span, b: Span): Span {
  const first = a.offset <= b.offset ? a : b;
  const last = a.endOffset >= b.endOffset ? a : b;
  return {
    file: a.file,
    offset: first.offset,
    endOffset: last.endOffset,
    line: first.line,
    column: first.column,
    endLine: last.endLine,
    endColumn: last.endColumn,
  };
}

/** A zero-width-safe span at the end of `text` (for "unexpected end of input"). */
export function endOfTextSpan(file: string, text: string): Span {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  const column = text.length - lineStart + 1;
  return { file, offset: text.length, endOffset: text.length, line, column, endLine: line, endColumn: column };
}
