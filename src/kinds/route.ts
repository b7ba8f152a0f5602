/** `route DEST|default via IPV4 [in NS[@HOST]] [dev IFNAME]`: a static route in a namespace, or on the host. */
import type { RouteStmt } from '../lang/ast.js';
import { diag } from '../lang/diagnostics.js';
import type { Build, Kind } from './kind.js';

export const buildRoute: Build = (b, base) => {
  const head = b.token('Cidr') ?? b.token('AnyName')!;
  const dest = b.spanned(head);
  if (!b.token('Cidr') && dest.value !== 'default') {
    b.diagnostics.push(diag('VN001', dest.span, `a route goes to a CIDR (10.0.0.0/24) or 'default', found '${dest.value}'`, { hint: 'write the destination subnet with its prefix' }));
    return undefined;
  }
  const via = b.text('via');
  if (!via) return undefined;
  const inRef = b.ref_('in');
  return { kind: 'route', ...base, dest, via, ...(inRef ? { in: inRef } : {}), dev: b.text('dev'), on: b.onRef() };
};

export const route: Kind<RouteStmt> = {
  place(s, r) {
    if (s.in && s.on) {
      r.report(diag('VN004', s.on.span, `'on' does not apply to a route 'in' a namespace: the namespace's host is used`, { hint: `write 'in ${s.in.name.value}@${s.on.name.value}'` }));
      return;
    }
    const host = s.in ? (s.in.host?.value ?? r.ctx.host) : r.hostOf(s, 'route');
    if (!host) return r.noContext(s.span, 'host', `write 'in NS@HOST', or 'use HOST' first`);
    const where = s.in ? `namespace ${s.in.name.value} on ${host}` : `host ${host}`;
    if (r.declare(`route ${host}/${s.in?.name.value ?? ''}/${s.dest.value}/${s.via.value}`, `route to ${s.dest.value} via ${s.via.value} in ${where}`, s, s.dest.span))
      r.place({ stmt: s, host });
  },
  resolve({ stmt: s, host }, r) {
    if (!r.knownHost(host!, s.in?.host?.span ?? s.on?.span ?? s.span)) return;
    r.model.routes.push({ stmt: s, host: host!, ...(s.in ? { ns: s.in.name.value } : {}), dest: s.dest.value === 'default' ? 'default' : s.dest.value });
  },
  concept: (s) =>
    `A static route tells ${s.in ? `namespace ${s.in.name.value}` : 'the host'} where to send packets for ${s.dest.value === 'default' ? 'every destination it has no better route for (the default route, 0.0.0.0/0)' : s.dest.value}: to the next hop ${s.via.value}${s.dev ? ` through ${s.dev.value}` : ''}, a router on a subnet it is directly connected to. The next hop must answer ARP on that subnet and forward the packet on — a namespace with 'forward on' is such a router. vsh marks its routes with protocol 118 (ip route … proto 118), so it removes only routes it made.`,
  lower: ['l3'],
  example: 'route 10.66.0.0/16 via 10.0.0.1 in red@hostA',
  interfaceNames: (s) => (s.dev ? [[s.dev, 'route device']] : []),
  addresses: (s) => [[s.dest.value === 'default' ? undefined : s.dest, 'cidr'], [s.via, 'ipv4']],
};
