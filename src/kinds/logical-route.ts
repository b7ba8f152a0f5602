/** `logical route on ROUTER DEST|default via IPV4`: a static route of a logical router. */
import type { LogicalRouteStmt } from '../lang/ast.js';
import type { Kind } from './kind.js';
import { knownLogical } from './logical-refs.js';

export const logicalRoute: Kind<LogicalRouteStmt> = {
  place(s, r) {
    if (r.declare(`logical route ${s.router.value} ${s.dest.value}`, `route to ${s.dest.value} on ${s.router.value}`, s, s.dest.span)) r.place({ stmt: s });
  },
  resolve({ stmt: s }, r) {
    if (knownLogical(r, 'router', s.router)) r.model.ovn.routes.push(s);
  },
  concept: (s) =>
    `A static route on router ${s.router.value}: packets to ${s.dest.value === '0.0.0.0/0' ? 'anywhere no other route covers' : s.dest.value} go to ${s.via.value}, out of the router port whose subnet holds ${s.via.value} (Logical_Router_Static_Route).`,
  lower: ['ovn'],
  example: 'logical route on lr-x 10.92.0.0/16 via 10.91.3.254',
  addresses: (s) => [[s.dest, 'cidr'], [s.via, 'ipv4']],
};
