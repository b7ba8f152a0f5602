/**
 * A session keeps statements as text with the place they were written (a line typed at
 * the prompt, or a line of a loaded file). To check them, the texts are laid back out
 * at those places, so every diagnostic — also one about an earlier line — points at the
 * line and column where that statement was written, and the caret renderer can reprint it.
 */
import type { Statement } from '../lang/ast.js';
import type { Source } from '../lang/parse.js';

/** The pseudo-file of lines typed at the prompt (line N = the Nth line accepted). */
export const PROMPT_FILE = '<repl>';

/** Where a piece of text was written (1-based). */
export interface Origin {
  file: string;
  line: number;
  column: number;
}

/** Text at its origin: one staged statement, or a whole entry / file being checked. */
export interface Placed {
  text: string;
  origin: Origin;
}

/** Lines the text occupies. */
export function lineCount(text: string): number {
  let n = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** One file's pieces, each padded to its own line and column (a `;` keeps two on one line apart), and where each landed. */
function layOut(pieces: readonly Placed[]): { text: string; ranges: Array<[number, number]> } {
  let text = '';
  let line = 1;
  let column = 1;
  let lineUsed = false;
  const ranges: Array<[number, number]> = [];
  for (const p of pieces) {
    if (p.origin.line > line) {
      text += '\n'.repeat(p.origin.line - line);
      line = p.origin.line;
      column = 1;
      lineUsed = false;
    }
    if (lineUsed) {
      // Two statements written on one line (`a; b`): the separator is part of the gap.
      const gap = Math.max(2, p.origin.column - column);
      text += ';' + ' '.repeat(gap - 1);
      column += gap;
    } else if (p.origin.column > column) {
      text += ' '.repeat(p.origin.column - column);
      column = p.origin.column;
    }
    ranges.push([text.length, text.length + p.text.length]);
    text += p.text;
    const nl = p.text.lastIndexOf('\n');
    if (nl === -1) column += p.text.length;
    else {
      line += lineCount(p.text) - 1;
      column = p.text.length - nl;
    }
    lineUsed = true;
  }
  return { text, ranges };
}

/** Pieces grouped by file, in position order (session order already is, per file). */
function byFile(pieces: readonly Placed[]): Map<string, Placed[]> {
  const files = new Map<string, Placed[]>();
  for (const p of pieces) {
    const list = files.get(p.origin.file) ?? [];
    list.push(p);
    files.set(p.origin.file, list);
  }
  for (const list of files.values()) list.sort((a, b) => a.origin.line - b.origin.line || a.origin.column - b.origin.column);
  return files;
}

/** Each file's pieces laid out together: what the caret renderer and `explain` read lines from. */
export function layoutTexts(pieces: readonly Placed[]): Map<string, string> {
  return new Map([...byFile(pieces)].map(([file, list]) => [file, layOut(list).text]));
}

/**
 * Pieces in session order → sources for the front end. Consecutive pieces of one file are
 * one source; a file that comes back later (lines typed between two loads) starts another
 * source with the same name, so the statements keep their order and thus their context.
 * Every source is its file's whole layout with the other runs' pieces blanked out, so
 * offsets, lines and columns are the same as in `layoutTexts`.
 */
export function layoutSources(pieces: readonly Placed[]): Source[] {
  const layouts = new Map([...byFile(pieces)].map(([file, list]) => [file, { list, ...layOut(list) }]));
  const runs: Placed[][] = [];
  for (const p of pieces) {
    const last = runs[runs.length - 1];
    if (last && last[0]!.origin.file === p.origin.file) last.push(p);
    else runs.push([p]);
  }
  return runs.map((run) => {
    const file = run[0]!.origin.file;
    const { list, text, ranges } = layouts.get(file)!;
    if (run.length === list.length) return { file, text };
    const mine = new Set(run);
    let out = '';
    let at = 0;
    list.forEach((p, i) => {
      if (mine.has(p)) return;
      const [start, end] = ranges[i]!;
      out += text.slice(at, start) + text.slice(start, end).replace(/[^\n]/g, ' ');
      at = end;
    });
    return { file, text: out + text.slice(at) };
  });
}

/** The statements parsed from one source, cut out as staged pieces (comments and blank lines dropped). */
export function piecesOf(statements: readonly Statement[], source: Source): Placed[] {
  return statements.map((s) => ({
    text: source.text.slice(s.span.offset, s.span.endOffset),
    origin: { file: s.span.file, line: s.span.line, column: s.span.column },
  }));
}

/**
 * One statement as one tidy line: continuations joined, runs of blanks made one space
 * (not inside "strings"), as `save` writes it and `show staged` lists it.
 */
export function tidy(text: string): string {
  return text
    .replace(/\\[ \t]*\r?\n/g, ' ')
    .split(/("[^"\n]*")/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/\s+/g, ' ')))
    .join('')
    .trim();
}
