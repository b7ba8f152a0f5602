/**
 * VN126: every tunnel end's host has an address to send encapsulated frames from: its
 * `underlay`, or else its `address` (a `local` host's address is not one: it has none,
 * and the management address of the machine vsh runs on is no tunnel endpoint).
 */
import type { HostStmt, Spanned } from '../ast.js';
import { diag, type Diagnostic } from '../diagnostics.js';
import { tunnelLabel } from '../segments.js';
import type { CheckRule } from './rule.js';

/** The host's tunnel endpoint address: `underlay`, else `address` unless the host is `local`. */
export function underlayAddress(h: HostStmt): Spanned<string> | undefined {
  return h.underlay ?? (h.local ? undefined : h.address);
}

/** VN126: a tunnel end on a host with no underlay address. */
export const tunnelUnderlay: CheckRule = {
  id: 'tunnel-underlay',
  codes: ['VN126'],
  check({ model }) {
    const out: Diagnostic[] = [];
    for (const t of model.tunnels) {
      for (const end of t.ends) {
        const h = model.hosts.get(end.host);
        if (!h || underlayAddress(h)) continue;
        const why = h.local ? `it is 'local' and has no 'underlay'` : `it has neither 'underlay' nor 'address'`;
        out.push(
          diag('VN126', end.span, `${end.host} has no underlay address for tunnel ${tunnelLabel(t)}: ${why}`, {
            hint: `add 'underlay IPV4' to host ${end.host} (the address its tunnels start from)`,
            related: [{ span: h.span, message: `host ${end.host} declared here` }],
          }),
        );
      }
    }
    return out;
  },
};
