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

/**
 * The bridge a statement lives on: `on BRIDGE[@HOST]` (the current host when no @HOST), or the
 * current bridge; VN103 (and undefined) when neither says. Ports and DHCP servers share it.
 */
export function bridgeOf(s: A.Statement & { on?: A.Ref }, r: Placer): { host: string; bridge: string } | undefined {
  if (s.on) {
    const bridge = s.on.name.value;
    const host = s.on.host?.value ?? r.ctx.host;
    if (host) return { host, bridge };
    r.noContext(s.span, 'host', `write 'on ${bridge}@HOST', or 'use HOST' first`);
    return undefined;
  }
  if (r.ctx.bridge && r.ctx.host) return { host: r.ctx.host, bridge: r.ctx.bridge };
  r.noContext(s.span, 'bridge', `add 'on BRIDGE' (or 'on BRIDGE@HOST'), or declare the bridge first`);
  return undefined;
}
