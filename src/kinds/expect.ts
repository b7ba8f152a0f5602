/** `expect reach|noreach NS[@HOST] IPV4`: a ping run after apply; the lab checks itself. */
import type { CstNode } from 'chevrotain';
import type { ExpectStmt } from '../lang/ast.js';
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
    if (r.knownHost(host!, s.ns.host?.span ?? s.span)) r.model.expects.push({ stmt: s, host: host!, ns: s.ns.name.value });
  },
  concept: (s) =>
    `After apply, vsh pings ${s.target.value} from inside namespace ${s.ns.name.value} (ip netns exec ${s.ns.name.value} ping -c 1 -W 1 ${s.target.value}${s.reach ? ', up to 3 tries' : ', once'}) and expects ${s.reach ? 'an answer' : 'no answer'}: the lab checks itself${s.reach ? '' : ' — isolation is a result too'}.`,
  lower: 'none',
  example: 'expect reach red@hostA 10.0.0.1',
  draws: false,
  addresses: (s) => [[s.target, 'ipv4']],
};
