/** The placing rules several kinds share. */
import type * as A from '../lang/ast.js';
import type { Span } from '../lang/diagnostics.js';
import type { Placer } from './kind.js';

/**
 * A statement that lives on a host (`on HOST` or the current host) and is declared once
 * by `kind` and name there: namespaces, macvtaps, VLAN interfaces, SR-IOV PFs.
 */
export function placeOnHost(s: A.Statement & { on?: A.Ref }, r: Placer, kind: string, name: A.Spanned<string>, what = kind): void {
  const host = r.hostOf(s, what);
  if (host && r.declare(`${kind} ${host}/${name.value}`, `${what} '${name.value}' on ${host}`, s, name.span)) r.place({ stmt: s, host });
}

/** The name token of a statement's head. */
export const headName = (span: Span, value: string): A.Spanned<string> => ({ value, span });
