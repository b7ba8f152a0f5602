/** `logical link ROUTER to SWITCH address CIDR [mac MAC]`: a router port on a switch. */
import type { LogicalLinkStmt } from '../lang/ast.js';
import type { Kind } from './kind.js';
import { knownLogical } from './logical-refs.js';

export const logicalLink: Kind<LogicalLinkStmt> = {
  place(s, r) {
    if (r.declare(`logical link ${s.router.value} ${s.switch.value}`, `logical link ${s.router.value} to ${s.switch.value}`, s, s.switch.span)) r.place({ stmt: s });
  },
  resolve({ stmt: s }, r) {
    if (knownLogical(r, 'router', s.router) && knownLogical(r, 'switch', s.switch)) r.model.ovn.links.push(s);
  },
  concept: (s) =>
    `Connects router ${s.router.value} to switch ${s.switch.value} with a pair of ports: a router port (Logical_Router_Port ${s.router.value}-${s.switch.value}, ${s.address.value}) and a switch port of type router that points at it. ${s.address.value.split('/')[0]} is the default gateway of the switch's VMs; the router answers ARP for it on every chassis.`,
  lower: ['ovn'],
  example: 'logical link lr-x to ls-x address 10.91.1.1/24',
  addresses: (s) => [[s.address, 'cidr']],
};
