/**
 * Text → typed AST with syntax diagnostics (VN001/VN003/VN004). The lexer reads a whole
 * file; statements are split at `;` and newlines and parsed one by one, so every bad
 * statement is reported and no bad statement (not even a partly lexed one) reaches the AST.
 */
import { EOF, type ILexingError, type IToken, type IRecognitionException } from 'chevrotain';
import type { Statement } from './ast.js';
import { buildStatement } from './build-ast.js';
import { fastFlow } from './parse-flow.js';
import { diag, type Diagnostic } from './diagnostics.js';
import { STATEMENT_KEYWORDS, STATEMENTS, optionsOf, type StatementKeyword } from './grammar.js';
import { lexer } from './lexer.js';
import { inputLimit, MAX_STATEMENTS, sourceLimit } from './limits.js';
import { parser } from './parser.js';
import { endOfTextSpan, tokenSpan, tokensSpan } from './span.js';
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
  /** Statements written, including those a syntax error dropped (the summary line counts these). */
  written: number;
}

const STATEMENT_HEADS = new Set<string>(STATEMENT_KEYWORDS.map((k) => T.keywords.get(k)!.name));

/** Parse one file (or one REPL entry). `fast: false` turns off parse-flow.ts (its test compares both). */
export function parseSource({ file, text }: Source, { fast = true }: { fast?: boolean } = {}): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const statements: Statement[] = [];
  let incomplete = false;
  let written = 0;
  const refused = sourceLimit(file, text);
  if (refused) return { statements, diagnostics: [refused], incomplete, written };
  // Per slice, the lexer's errors come before the statements' (as when a slice was lexed at once).
  let lexErrors: Diagnostic[] = [];

  /** Lex and parse the lines of text[start, end) (whole statements; `line`: the line of `start`). */
  const parseRun = (slice: Slice) => {
    if (slice.end <= slice.start) return;
    const lexed = tokenizeSlice(text, slice);
    const badOffsets = lexed.errors.map((e) => e.offset);
    // An unterminated string runs to the end of its line: one error, not one per character
    // after it that is not a token (`"~/.ssh/id` would also report the `/`).
    let stringEnd = -1;
    for (const e of lexed.errors) {
      if (e.offset < stringEnd) continue;
      if (text[e.offset] === '"') stringEnd = lineEnd(text, e.offset);
      lexErrors.push(lexingDiagnostic(file, text, e));
    }

    let chunk: IToken[] = [];
    let chunkStart = slice.start;
    const flush = (chunkEnd: number, atEnd: boolean) => {
      const tokens = chunk;
      chunk = [];
      if (tokens.length === 0) return;
      written++;
      // A statement with a character the lexer could not read is already reported; parsing
      // the rest of it would only produce a second, confusing error (or worse, succeed).
      if (badOffsets.some((o) => o >= chunkStart && o < chunkEnd)) return;
      const result = parseStatementTokens(file, text, tokens);
      for (const x of result.diagnostics) diagnostics.push(x);
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
    const last = slice.end >= text.length;
    flush(slice.end, last);
    if (!last) return;
    if (lexed.errors.some((e) => text[e.offset] === '"' && e.offset + e.length >= text.length)) incomplete = true;
    // A `\` continuing the last line (not one inside a comment) with nothing after it.
    const lastContinuation = lexed.groups.continuation?.at(-1);
    if (lastContinuation && (lastContinuation.endOffset ?? 0) + 1 >= text.length) incomplete = true;
  };

  // Lex and parse slice by slice so that a huge file never holds all its tokens at once:
  // only the statements built from them stay. Within a slice, plain flow lines take the
  // fast path; the runs of other lines between them are lexed and parsed as before.
  for (const slice of slices(text)) {
    if (statements.length > MAX_STATEMENTS) break; // parseSources reports it
    const sliceDiagnostics = diagnostics.length;
    if (!fast) {
      parseRun(slice);
      lexErrorsFirst(diagnostics, sliceDiagnostics, lexErrors);
      lexErrors = [];
      continue;
    }
    let run: Slice = { ...slice };
    let line = slice.line;
    let continued = false; // the line before ends with a `\`: this one belongs to its statement
    for (let at = slice.start; at < slice.end; line++) {
      const nl = text.indexOf('\n', at);
      const end = nl === -1 || nl >= slice.end ? slice.end : nl;
      const stmt = continued ? undefined : fastFlow(file, text, at, end, line);
      if (stmt) {
        parseRun({ start: run.start, end: at, line: run.line });
        written++;
        statements.push(stmt);
        run = { start: Math.min(end + 1, slice.end), end: slice.end, line: line + 1 };
      }
      continued = continues(text, at, end);
      at = end + 1;
    }
    parseRun(run);
    lexErrorsFirst(diagnostics, sliceDiagnostics, lexErrors);
    lexErrors = [];
  }
  return { statements, diagnostics, incomplete, written };
}

/** Put a slice's lexer errors before its statements' diagnostics (no spread: a slice may hold many). */
function lexErrorsFirst(diagnostics: Diagnostic[], sliceStart: number, lexErrors: readonly Diagnostic[]): void {
  const statementErrors = diagnostics.splice(sliceStart);
  for (const d of lexErrors) diagnostics.push(d);
  for (const d of statementErrors) diagnostics.push(d);
}

/** Whether the line text[from, to) ends with a `\` (then blanks, then maybe '\r'): it goes on on the next line. */
function continues(text: string, from: number, to: number): boolean {
  let i = to - 1;
  if (i >= from && text.charCodeAt(i) === 13) i--;
  while (i >= from && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  return i >= from && text.charCodeAt(i) === 92;
}

/** The offset of the end of the line `offset` is on (its `\n`, or the end of the text). */
function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl;
}

function lexingDiagnostic(file: string, text: string, e: ILexingError): Diagnostic {
  const ch = text.slice(e.offset, e.offset + e.length);
  const line = e.line ?? 1;
  const column = e.column ?? 1;
  const length = ch.startsWith('"') ? lineEnd(text, e.offset) - e.offset : e.length;
  const span = { file, offset: e.offset, endOffset: e.offset + length, line, column, endLine: line, endColumn: column + length };
  if (ch.startsWith('"')) return diag('VN001', span, 'unterminated string', { hint: 'close the string with " on the same line' });
  // `hostA->hostB` (or `=>`, `<-`): a tunnel's ends are joined by `<->` only.
  const arrow = (ch[0] === '>' && /[-=]/.test(text[e.offset - 1] ?? '')) || (ch[0] === '<' && text[e.offset + 1] === '-');
  return diag('VN001', span, `unexpected character${e.length > 1 ? 's' : ''} '${ch}'`, {
    hint: arrow ? "a tunnel's two ends are joined by '<->' (e.g. tunnel gre hostA<->hostB)" : "names may use letters, digits, '_', '.' and '-'; quote file paths as \"…\"",
  });
}

/** Lexing this many characters at a time bounds the live token objects of a huge file. */
const SLICE = 1 << 16;

interface Slice {
  start: number;
  end: number;
  /** The line number `start` is on. */
  line: number;
}

/** Cut `text` at newlines that end a statement (no `\` continuation before them), about every SLICE characters. */
function* slices(text: string): Generator<Slice> {
  let start = 0;
  let line = 1;
  do {
    let end = text.length;
    if (text.length - start > SLICE) {
      let nl = text.indexOf('\n', start + SLICE);
      while (nl !== -1 && /\\[ \t]*\r?$/.test(text.slice(Math.max(start, nl - 16), nl))) nl = text.indexOf('\n', nl + 1);
      if (nl !== -1) end = nl + 1;
    }
    yield { start, end, line };
    for (let i = start; i < end; i++) if (text.charCodeAt(i) === 10) line++;
    start = end;
  } while (start < text.length);
}

/** Tokenize one slice, with offsets and lines made absolute (slices start at a line start, so columns hold). */
function tokenizeSlice(text: string, { start, end, line }: Slice) {
  if (start === 0 && end === text.length) return lexer.tokenize(text);
  const r = lexer.tokenize(text.slice(start, end));
  const dl = line - 1;
  const shift = (t: IToken) => {
    t.startOffset += start;
    t.endOffset = t.endOffset! + start;
    t.startLine = t.startLine! + dl;
    t.endLine = t.endLine! + dl;
  };
  r.tokens.forEach(shift);
  Object.values(r.groups).forEach((g) => g.forEach(shift));
  r.errors = r.errors.map((e) => ({ ...e, offset: e.offset + start, line: (e.line ?? 1) + dl }));
  return r;
}

function parseStatementTokens(
  file: string,
  text: string,
  tokens: IToken[],
): { statement?: Statement; diagnostics: Diagnostic[]; atEndOfInput: boolean } {
  const head = tokens[0]!;
  const span = tokensSpan(file, head, tokens[tokens.length - 1]!);
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
  const built = buildStatement(file, cst!, span, tokens);
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

/**
 * The last parse of each file, reused while its text stays the same: the shell re-checks
 * the whole session on every entry, and re-parsing a loaded file of thousands of
 * statements each time was most of that. (Statements are never changed after parsing.)
 */
export class ParseCache {
  private readonly last = new Map<string, { text: string; result: ParseResult }>();

  parse(source: Source): ParseResult {
    const hit = this.last.get(source.file);
    if (hit?.text === source.text) return hit.result;
    const result = parseSource(source);
    this.last.set(source.file, { text: source.text, result });
    return result;
  }
}

/** Parse several files read in order as one model (at most `maxStatements`: VN192 past it). */
export function parseSources(sources: readonly Source[], cache?: ParseCache, maxStatements = MAX_STATEMENTS): ParseResult {
  const all: ParseResult = { statements: [], diagnostics: [], incomplete: false, written: 0 };
  for (const s of sources) {
    const r = cache ? cache.parse(s) : parseSource(s);
    for (const x of r.statements) all.statements.push(x);
    for (const x of r.diagnostics) all.diagnostics.push(x);
    all.incomplete ||= r.incomplete;
    all.written += r.written;
    if (all.statements.length > maxStatements) {
      // Checking a model this size would take minutes and gigabytes; say so instead.
      all.diagnostics.push(inputLimit(s.file, `more than ${maxStatements.toLocaleString('en')} statements (at ${s.file}); vsh checks at most that many in one model`, 'split the model and apply the parts separately'));
      all.statements.length = 0;
      break;
    }
  }
  return all;
}
