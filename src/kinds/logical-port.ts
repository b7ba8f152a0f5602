/** `logical port NAME on SWITCH host HOST [address MAC IPV4|dynamic] [peer NS:IFNAME]`: a VIF on a logical switch. */
import type { LogicalPortStmt } from '../lang/ast.js';
import { diag } from '../lang/diagnostics.js';
import { hostKey } from '../lang/model.js';
import type { Kind } from './kind.js';
import { knownLogical } from './logical-refs.js';

export const logicalPort: Kind<LogicalPortStmt> = {
  place(s, r) {
    if (r.declare(`logical port ${s.name.value}`, `logical port '${s.name.value}'`, s, s.name.span)) r.place({ stmt: s, host: s.host.value });
  },
  resolve({ stmt: s }, r) {
    if (!knownLogical(r, 'switch', s.switch)) return;
    // The host itself is VN181's (ovn-hosts check); the namespace must be one the script makes there.
    if (s.peer && r.model.hosts.has(s.host.value) && !r.model.namespaces.has(hostKey(s.host.value, s.peer.ns.value))) {
      r.report(diag('VN102', s.peer.ns.span, `unknown namespace '${s.peer.ns.value}' on ${s.host.value}`, { hint: `declare it: 'namespace ${s.peer.ns.value} on ${s.host.value}'` }));
      return;
    }
    r.model.ovn.ports.push(s);
  },
  concept: (s) =>
    `A logical port is a VIF on logical switch ${s.switch.value}: a row in Logical_Switch_Port named ${s.name.value}. It is bound to a chassis by the hypervisor, not by the database: the OVS port on ${s.host.value}'s br-int whose external_ids:iface-id is ${s.name.value} claims it, and ${s.host.value}'s ovn-controller then reports it up.${s.peer ? ` vsh makes that port: a veth ${s.name.value} in br-int whose other end ${s.peer.iface.value} sits in namespace ${s.peer.ns.value}${s.mac ? ` with MAC ${s.mac.value} and ${s.ip!.value}` : ''} (MTU 1400, room for the GENEVE header).` : ''}${s.mac ? ` Its addresses "${s.mac.value} ${s.ip!.value}" also act as port security inputs for ARP responder flows: OVN answers ARP for ${s.ip!.value} locally.` : s.dynamic ? ' Its address is dynamic: ovn-northd picks a MAC and an IP from the switch subnet.' : ''}`,
  lower: ['ovn'],
  example: 'logical port lp-x on ls-x host hostA address 0a:00:00:00:01:05 10.91.1.5 peer red:eth1',
  interfaceNames: (s) => (s.peer ? [[s.name, 'logical port VIF (host end)'], [s.peer.iface, 'logical port VIF (namespace end)']] : []),
  addresses: (s) => [[s.ip, 'ipv4']],
};
