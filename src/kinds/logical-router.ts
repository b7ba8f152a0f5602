/** `logical router NAME`: an OVN distributed logical router. */
import type { LogicalRouterStmt } from '../lang/ast.js';
import type { Kind } from './kind.js';

export const logicalRouter: Kind<LogicalRouterStmt> = {
  referable: true,
  place(s, r) {
    if (r.declare(`logical router ${s.name.value}`, `logical router '${s.name.value}'`, s, s.name.span)) r.place({ stmt: s });
  },
  resolve({ stmt: s }, r) {
    r.model.ovn.routers.set(s.name.value, s);
  },
  concept: (s) =>
    `A logical router routes between logical switches. It is distributed: every chassis runs the router's pipeline for its own ports, so traffic between two VMs on different subnets is routed on the sending chassis and crosses the tunnel once — no hop through a router VM. ${s.name.value} gets a router port on each switch it is linked to, and its uplinks to external VLANs run on a gateway chassis.`,
  lower: ['ovn'],
  example: 'logical router lr-y',
};
