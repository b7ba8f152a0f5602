/** `nat masquerade in NS[@HOST] out IFNAME [source CIDR]`: source NAT in a (router) namespace, with nftables. */
import type { NatStmt } from '../lang/ast.js';
import { diag } from '../lang/diagnostics.js';
import { NAT_ACTIONS } from '../lang/grammar.js';
import type { Build, Kind } from './kind.js';

export const buildNat: Build = (b, base) => {
  const action = b.name();
  if (!(NAT_ACTIONS as readonly string[]).includes(action.value)) {
    b.diagnostics.push(diag('VN001', action.span, `unknown nat '${action.value}': expected masquerade`, { hint: "write 'nat masquerade in NS out IFNAME'" }));
    return undefined;
  }
  const inRef = b.ref_('in');
  const out = b.text('out');
  if (!inRef || !out) return undefined;
  return { kind: 'nat', ...base, action: action as NatStmt['action'], in: inRef, out, source: b.text('source') };
};

export const nat: Kind<NatStmt> = {
  place(s, r) {
    const host = s.in.host?.value ?? r.ctx.host;
    if (!host) return r.noContext(s.span, 'host', `write 'in NS@HOST', or 'use HOST' first`);
    if (r.declare(`nat ${host}/${s.in.name.value}/${s.out.value}/${s.source?.value ?? ''}`, `nat masquerade out ${s.out.value} in ${s.in.name.value} on ${host}`, s, s.action.span))
      r.place({ stmt: s, host });
  },
  resolve({ stmt: s, host }, r) {
    if (r.knownHost(host!, s.in.host?.span ?? s.span)) r.model.nats.push({ stmt: s, host: host!, ns: s.in.name.value });
  },
  concept: (s) =>
    `Masquerade is source NAT: packets${s.source ? ` from ${s.source.value}` : ''} leaving ${s.in.name.value} through ${s.out.value} get ${s.out.value}'s own address as their source, and the answers are translated back on the way in (conntrack remembers each flow). So a private subnet behind a router reaches a network that has no route back to it — the home router's trick. vsh writes it as one nftables table of its own inside ${s.in.name.value} (a postrouting chain of type nat), installed atomically with nft -f and removed whole.`,
  lower: ['l3'],
  example: 'nat masquerade in red@hostA out eth0 source 10.0.0.0/24',
  interfaceNames: (s) => [[s.out, 'nat output interface']],
  addresses: (s) => [[s.source, 'cidr']],
};
