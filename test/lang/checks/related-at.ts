/** `line:column` of a diagnostic's n-th related place ("first defined here"), for the check tests. */
import type { Diagnostic } from '../../../src/lang/diagnostics.js';

export function relatedAt(d: Diagnostic | undefined, n = 0): string {
  const r = d?.related?.[n];
  return r ? `${r.span.line}:${r.span.column}` : 'none';
}
