/**
 * Text → typed AST with syntax diagnostics (VN001/VN003/VN004). The lexer reads a whole
 * file; statements are split at `;` and newlines and parsed one by one, so every bad
 * statement is reported and no bad statement (not even a partly lexed one) reaches the AST.
 */
import { EOF, type IToken, type IRecognitionException } from 'chevrotain';
import type { Statement } from './ast.js';
import { buildStatement } from './build-ast.js';
import { diag, type Diagnostic } from './diagnostics.js';
import { STATEMENT_KEYWORDS, STATEMENTS, optionsOf, type StatementKeyword } from './grammar.js';
import { lexer } from './lexer.js';
import { parser } from './parser.js';
import { endOfTextSpan, joinSpans, tokenSpan } from './span.js';
import { closest } from './suggest.js';
import * as T from './tokens.js';

export interface Source {
  file: string;
  text: string;
}

export interface ParseResult {
  statements: Statement[];
  diagnostics: Diagnostic[];
  /** The text ended in the middle of a statement (the REPL asks for more input). */
  incomplete: boolean;
}

const STATEMENT_HEADS = new Set<string>(STATEMENT_KEYWORDS.map((k) => T.keywords.get(k)!.name));

/** Parse one file (or one REPL entry). */
export function parseSource({ file, text }: Source): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const statements: Statement[] = [];
  const lexed = lexer.tokenize(text);
  const badOffsets = lexed.errors.map((e) => e.offset);
  for (const e of lexed.errors) {
    const ch = text.slice(e.offset, e.offset + e.length);
    const start = { file, offset: e.offset, line: e.line ?? 1, column: e.column ?? 1 };
    diagnostics.push(
      diag(
        'VN001',
        { ...start, endOffset: e.offset + e.length, endLine: start.line, endColumn: start.column + e.length },
        ch.startsWith('"') ? 'unterminated string' : `unexpected character${e.length > 1 ? 's' : ''} '${ch}'`,
        {
          hint: ch.startsWith('"')
            ? 'close the string with " on the same line'
            : "names may use letters, digits, '_', '.' and '-'; quote file paths as \"…\"",
        },
      ),
    );
  }

  let incomplete = false;
  let chunk: IToken[] = [];
  let chunkStart = 0;
  const flush = (chunkEnd: number, atEnd: boolean) => {
    const tokens = chunk;
    chunk = [];
    if (tokens.length === 0) return;
    // A statement with a character the lexer could not read is already reported; parsing
    // the rest of it would only produce a second, confusing error (or worse, succeed).
    if (badOffsets.some((o) => o >= chunkStart && o < chunkEnd)) return;
    const result = parseStatementTokens(file, text, tokens);
    diagnostics.push(...result.diagnostics);
    if (result.statement) statements.push(result.statement);
    if (atEnd && result.atEndOfInput) incomplete = true;
  };
  for (const t of lexed.tokens) {
    if (t.tokenType === T.Newline || t.tokenType === T.Semicolon) {
      flush(t.startOffset, false);
      chunkStart = t.startOffset + 1;
    } else {
      chunk.push(t);
    }
  }
  flush(text.length, true);
  if (lexed.errors.some((e) => text[e.offset] === '"' && e.offset + e.length >= text.length)) incomplete = true;
  if (/\\[ \t]*$/.test(text)) incomplete = true;
  return { statements, diagnostics, incomplete };
}

function parseStatementTokens(
  file: string,
  text: string,
  tokens: IToken[],
): { statement?: Statement; diagnostics: Diagnostic[]; atEndOfInput: boolean } {
  const head = tokens[0]!;
  const span = joinSpans(tokenSpan(file, head), tokenSpan(file, tokens[tokens.length - 1]!));
  if (!STATEMENT_HEADS.has(head.tokenType.name)) {
    const guess = closest(head.image, STATEMENT_KEYWORDS);
    return {
      diagnostics: [
        diag('VN001', tokenSpan(file, head), `unknown statement '${head.image}': expected one of ${STATEMENT_KEYWORDS.join(', ')}`, {
          hint: guess ? `did you mean '${guess}'?` : "type 'help' for the statements and their options",
        }),
      ],
      atEndOfInput: false,
    };
  }
  const kind = head.image as StatementKeyword;
  const { cst, errors } = parser.parseStatement(tokens);
  if (errors.length > 0) {
    const err = errors[0]!;
    const atEnd = err.token.tokenType === EOF;
    return { diagnostics: [syntaxDiagnostic(file, text, kind, err, tokens)], atEndOfInput: atEnd };
  }
  const built = buildStatement(file, cst!, span);
  return { statement: built.statement, diagnostics: built.diagnostics, atEndOfInput: false };
}

/** A Chevrotain error as a VN001 that says what was expected, in the statement's terms. */
function syntaxDiagnostic(file: string, text: string, kind: StatementKeyword, err: IRecognitionException, tokens: IToken[]): Diagnostic {
  const atEnd = err.token.tokenType === EOF;
  const span = atEnd ? endOfStatement(file, text, tokens) : tokenSpan(file, err.token);
  const usage = `usage: ${STATEMENTS[kind].usage}`;
  if (err.name === 'NotAllInputParsedException') {
    // The statement was complete but more followed: an unknown or misplaced option.
    const options = Object.keys(optionsOf(kind));
    const word = err.token.image;
    if (options.length === 0) {
      return diag('VN001', span, `unexpected '${word}': ${kind} takes no options`, { hint: usage });
    }
    const known = err.token.tokenType === T.Name || T.keywords.has(word);
    const guess = known ? closest(word, options) : undefined;
    return diag(
      'VN001',
      span,
      known
        ? `unknown option '${word}' for ${kind}: expected one of ${options.join(', ')}`
        : `unexpected '${word}' in ${kind} statement: expected an option (${options.join(', ')}) or the end of the statement`,
      { hint: guess ? `did you mean '${guess}'?` : usage },
    );
  }
  return diag('VN001', span, err.message, { hint: usage });
}

/** Where "end of statement" errors point: just after the statement's last token. */
function endOfStatement(file: string, text: string, tokens: IToken[]) {
  const last = tokenSpan(file, tokens[tokens.length - 1]!);
  if (last.endOffset >= text.length) return endOfTextSpan(file, text);
  return { ...last, offset: last.endOffset, endOffset: last.endOffset + 1, column: last.endColumn, endColumn: last.endColumn + 1 };
}

/** Parse several files read in order as one model. */
export function parseSources(sources: readonly Source[]): ParseResult {
  const all: ParseResult = { statements: [], diagnostics: [], incomplete: false };
  for (const s of sources) {
    const r = parseSource(s);
    all.statements.push(...r.statements);
    all.diagnostics.push(...r.diagnostics);
    all.incomplete ||= r.incomplete;
  }
  return all;
}
