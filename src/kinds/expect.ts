/** `expect reach|noreach NS[@HOST] IPV4`: a ping run after apply; the lab checks itself. */
import type { CstNode } from 'chevrotain';
import type { ExpectStmt } from '../lang/ast.js';
import { hostKey } from '../lang/model.js';
import type { Build, Kind } from './kind.js';

export const buildExpect: Build = (b, base, node) => ({
  kind: 'expect', ...base,
  reach: node.children.Kw_reach !== undefined,
  ns: b.ref((node.children.ref as CstNode[])[0]!),
  target: b.spanned(b.token('Ipv4')!),
});

export const expect: Kind<ExpectStmt> = {
  place(s, r) {
    const host = s.ns.host?.value ?? r.ctx.host;
    if (!host) return r.noContext(s.span, 'host', `write the namespace as NS@HOST, or 'use HOST' first`);
    r.place({ stmt: s, host });
  },
  resolve({ stmt: s, host }, r) {
    // `expect reach hostB IP`: a declared host where a namespace is expected pings from that host itself (LANGUAGE.md §10).
    const name = s.ns.name.value;
    if (!s.ns.host && r.model.hosts.has(name) && !r.model.namespaces.has(hostKey(host ?? name, name))) {
      r.model.expects.push({ stmt: s, host: name, ns: name, fromHost: true });
      return;
    }
    if (r.knownHost(host!, s.ns.host?.span ?? s.span)) r.model.expects.push({ stmt: s, host: host!, ns: name });
  },
  concept: (s) =>
    `After apply, vsh pings ${s.target.value} from ${s.ns.name.value} (${s.reach ? `ip netns exec ${s.ns.name.value} ping -c 1 -i 0.2 -w 8 ${s.target.value}: a probe every 0.2 s until the first answer, for at most 8 s while the new path settles` : `ip netns exec ${s.ns.name.value} ping -c 1 -W 1 ${s.target.value}, once`}; a plain ping when it runs from a host) and expects ${s.reach ? 'an answer' : 'no answer'}: the lab checks itself${s.reach ? '' : ' (isolation is a result too, unless the source simply has no route there: vsh says so)'}.`,
  lower: 'none',
  example: 'expect reach red@hostA 10.0.0.1',
  draws: false,
  addresses: (s) => [[s.target, 'ipv4']],
};
