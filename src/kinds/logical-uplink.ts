/**
 * `logical uplink ROUTER vlan VID network PHYSNET address CIDR [gateway IPV4] chassis HOST`:
 * the NSX "logical router uplinked to an external VLAN" (seed 004), in OVN terms.
 */
import type { LogicalUplinkStmt } from '../lang/ast.js';
import type { Kind } from './kind.js';
import { knownLogical } from './logical-refs.js';

export const logicalUplink: Kind<LogicalUplinkStmt> = {
  place(s, r) {
    if (r.declare(`logical uplink ${s.router.value} ${s.vlan.value}`, `uplink of ${s.router.value} on VLAN ${s.vlan.value}`, s, s.vlan.span)) r.place({ stmt: s });
  },
  resolve({ stmt: s }, r) {
    if (knownLogical(r, 'router', s.router)) r.model.ovn.uplinks.push(s);
  },
  concept: (s) =>
    `Uplinks router ${s.router.value} to external VLAN ${s.vlan.value}: a logical switch with a localnet port (network_name=${s.network.value}, tag=${s.vlan.value}) — the one kind of port that leaves the overlay and puts frames on a physical network, tagged ${s.vlan.value}, through the OVS bridge the chassis maps ${s.network.value} to — and a router port ${s.address.value} on it. That router port is a distributed gateway port scheduled on gateway chassis ${s.chassis.value}: only ${s.chassis.value} answers ARP for ${s.address.value.split('/')[0]} and carries the traffic in and out (without one, every chassis would answer and the router's MAC would flap in the physical network).${s.gateway ? ` The router's default route points to ${s.gateway.value} out of this uplink.` : ''} A router may have uplinks on several VLANs, as an NSX gateway service carries several external networks.`,
  lower: ['ovn'],
  example: 'logical uplink lr-x vlan 300 network physnet address 172.31.3.1/24 chassis hostA',
  addresses: (s) => [[s.address, 'cidr'], [s.gateway, 'ipv4']],
  vlans: (s) => ({ ids: [s.vlan], lists: [] }),
};
