/**
 * Diagnostics for people (the caret format of LANGUAGE.md §5, colour only on a TTY and
 * never with NO_COLOR) and for machines (`--json`).
 */
import type { Diagnostic, Severity, Span } from './diagnostics.js';

export interface RenderOptions {
  color: boolean;
}

/** Colour when writing to a terminal, unless NO_COLOR is set (https://no-color.org); FORCE_COLOR forces it. */
export function wantColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

const SGR = { red: 31, yellow: 33, cyan: 36, blue: 34, bold: 1, dim: 2 } as const;

function paint(on: boolean, style: keyof typeof SGR, text: string): string {
  return on ? `\x1b[${SGR[style]}m${text}\x1b[0m` : text;
}

const SEVERITY_COLOR: Record<Severity, keyof typeof SGR> = { error: 'red', warning: 'yellow', info: 'cyan' };

/** Source text per file name, to reprint the offending line. */
export type SourceTexts = ReadonlyMap<string, string>;

function lineOf(text: string, line: number): string | undefined {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', start);
    if (nl === -1) return undefined;
    start = nl + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end === -1 ? undefined : end).replace(/\r$/, '');
}

/** The source line with a caret line under the span (to the end of the line if it spans several). */
function excerpt(span: Span, texts: SourceTexts, o: RenderOptions, style: keyof typeof SGR): string[] {
  const text = texts.get(span.file);
  const line = text === undefined ? undefined : lineOf(text, span.line);
  if (line === undefined) return [];
  const gutter = String(span.line);
  const pad = ' '.repeat(gutter.length);
  const startCol = Math.min(span.column, line.length + 1);
  const endCol = span.endLine === span.line ? Math.max(span.endColumn, startCol + 1) : line.length + 1;
  // Keep tabs so the caret lines up under tab-indented source.
  const lead = line.slice(0, startCol - 1).replace(/[^\t]/g, ' ');
  const carets = '^'.repeat(Math.max(1, Math.min(endCol, line.length + 1) - startCol));
  return [
    `  ${paint(o.color, 'blue', gutter + ' |')} ${line}`,
    `  ${paint(o.color, 'blue', pad + ' |')} ${lead}${paint(o.color, style, carets)}`,
  ];
}

function where(span: Span): string {
  return `${span.file}:${span.line}:${span.column}`;
}

/** One diagnostic in the caret format. */
export function renderDiagnostic(d: Diagnostic, texts: SourceTexts, o: RenderOptions): string {
  const style = SEVERITY_COLOR[d.severity];
  const lines = [
    `${paint(o.color, 'bold', where(d.span))} ${paint(o.color, style, `${d.severity} ${d.code}`)}: ${paint(o.color, 'bold', d.message)}`,
    // VN192 is about the whole input (binary, too big): its first line shows nothing useful.
    ...(d.code === 'VN192' ? [] : excerpt(d.span, texts, o, style)),
  ];
  for (const r of d.related ?? []) {
    lines.push(`  ${paint(o.color, 'cyan', 'note')}: ${r.message} (${where(r.span)})`, ...excerpt(r.span, texts, o, 'cyan'));
  }
  if (d.hint) lines.push(`  ${paint(o.color, 'cyan', 'hint')}: ${d.hint}`);
  return lines.join('\n');
}

/** "2 errors, 1 warning" — or a clean bill of health. */
export function summaryLine(diagnostics: readonly Diagnostic[], statements: number, o: RenderOptions): string {
  const count = (s: Severity) => diagnostics.filter((d) => d.severity === s).length;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  const [e, w, i] = [count('error'), count('warning'), count('info')];
  if (e + w + i === 0) return paint(o.color, 'bold', `ok: ${plural(statements, 'statement')}, no problems found`);
  const parts = [plural(e, 'error'), plural(w, 'warning'), ...(i ? [plural(i, 'note')] : [])];
  return paint(o.color, e ? 'red' : 'yellow', `${e ? 'failed' : 'ok'}: ${parts.join(', ')} in ${plural(statements, 'statement')}`);
}

/** All diagnostics and (unless `summary: false`, for commands that print their own) the summary line. */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], texts: SourceTexts, statements: number, o: RenderOptions & { summary?: boolean }): string {
  const blocks = diagnostics.map((d) => renderDiagnostic(d, texts, o));
  if (o.summary !== false) blocks.push(summaryLine(diagnostics, statements, o));
  return blocks.length ? blocks.join('\n\n') + '\n' : '';
}

interface JsonPosition {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

const position = (s: Span): JsonPosition => ({ file: s.file, line: s.line, column: s.column, endLine: s.endLine, endColumn: s.endColumn });

/** The `--json` shape of LANGUAGE.md §5 (plus `related`). */
export function diagnosticsJson(diagnostics: readonly Diagnostic[]): object {
  return {
    diagnostics: diagnostics.map((d) => ({
      code: d.code,
      severity: d.severity,
      message: d.message,
      ...position(d.span),
      ...(d.hint ? { hint: d.hint } : {}),
      ...(d.related ? { related: d.related.map((r) => ({ message: r.message, ...position(r.span) })) } : {}),
    })),
  };
}
