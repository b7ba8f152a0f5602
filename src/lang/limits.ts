/**
 * How much input vsh reads. Far beyond any real script (the bench checks 100,000
 * statements), and low enough that a runaway file — a generated loop gone wrong, a binary
 * passed by mistake — is refused with a clear message instead of exhausting memory or time.
 */
import { diag, type Diagnostic } from './diagnostics.js';

/** The largest file (or standard input) vsh reads: 64 MiB. */
export const MAX_SOURCE_BYTES = 64 * 1024 * 1024;

/** The most statements one model may have (all files together). */
export const MAX_STATEMENTS = 1_000_000;

/** VN192 pointing at the start of `file`. */
export function inputLimit(file: string, message: string, hint: string): Diagnostic {
  return diag('VN192', { file, offset: 0, endOffset: 0, line: 1, column: 1, endLine: 1, endColumn: 1 }, message, { hint });
}

/** VN192 when a text is too big or is not text at all (a NUL byte: no .vnet script has one). */
export function sourceLimit(file: string, text: string): Diagnostic | undefined {
  if (text.length > MAX_SOURCE_BYTES) return inputLimit(file, `${file} is ${(text.length / 2 ** 20).toFixed(0)} MiB; vsh reads at most ${MAX_SOURCE_BYTES / 2 ** 20} MiB per file`, 'split the model into several files');
  const nul = text.indexOf('\0');
  if (nul !== -1) return inputLimit(file, `${file} is binary, not a .vnet script (a NUL byte at offset ${nul})`, 'check the file name: a .vnet script is text');
  return undefined;
}
