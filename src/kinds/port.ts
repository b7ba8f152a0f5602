/** `port NAME [on BRIDGE[@HOST]] [type …] [tag|trunk|native] [peer NS:IF] [address CIDR]`: an interface on a bridge. */
import type { PortStmt, PortType } from '../lang/ast.js';
import { diag } from '../lang/diagnostics.js';
import { expandVlans, formatVlans } from '../lang/vlans.js';
import type { Build, Kind } from './kind.js';
import { bridgeOf } from './place.js';

export const buildPort: Build = (b, base) => {
  const s: PortStmt = {
    kind: 'port', ...base, name: b.name(), on: b.onRef(),
    type: b.text<PortType>('type'), tag: b.int('tag'), trunk: b.vlist('trunk'), native: b.flag('native'),
    peer: b.nsif('peer'), address: b.text('address'), mtu: b.int('mtu'),
  };
  // A lease needs a client, and vsh runs one only in a veth peer's namespace.
  if (s.address?.value === 'dhcp' && (s.type?.value !== 'veth' || !s.peer)) {
    b.diagnostics.push(diag('VN004', s.address.span, `'address dhcp' applies to a veth port with a peer (the client runs in the peer's namespace)`, {
      hint: `write 'type veth peer NS:IFNAME address dhcp', or give this port a CIDR`,
    }));
  }
  return s;
};

export const port: Kind<PortStmt> = {
  place(s, r) {
    const at = bridgeOf(s, r);
    if (!at) return;
    const { host, bridge } = at;
    if (r.declare(`port ${host}/${bridge}/${s.name.value}`, `port '${s.name.value}' on ${bridge}@${host}`, s, s.name.span)) r.place({ stmt: s, host, bridge });
  },
  resolve({ stmt: s, host, bridge }, r) {
    const span = s.on?.span ?? s.span;
    if (!r.knownHost(host!, s.on?.host?.span ?? span)) return;
    if (!r.knownBridge(host!, bridge!, s.on?.name.span ?? span)) return;
    r.model.ports.push({ stmt: s, host: host!, bridge: bridge!, name: s.name.value, type: s.type?.value ?? 'system' });
  },
  concept(s) {
    const type = s.type?.value ?? 'system';
    const kind = {
      system: `attaches the existing interface ${s.name.value} to the bridge`,
      internal: 'creates an internal port: an interface of the host that sits on the bridge, the usual way to give the host an address on a VLAN',
      tap: 'creates a tap device, the kernel end of a virtual NIC that a VM or userspace program opens',
      veth: `creates a veth pair: two interfaces joined like a cable; one end is on the bridge, the other${s.peer ? ` (${s.peer.iface.value}) is moved into namespace ${s.peer.ns.value}, a light-weight "guest"` : ''}`,
    }[type];
    let vlan = 'It carries untagged frames only (no VLAN settings): everything on the bridge without a VLAN reaches it.';
    if (s.tag && s.trunk && s.native)
      vlan = `It is a native-untagged trunk: VLANs ${formatVlans(expandVlans(s.trunk.value))} cross it tagged, and VLAN ${s.tag.value} crosses untagged (what many switches call the native VLAN).`;
    else if (s.trunk)
      vlan = `It is a trunk: frames of VLANs ${formatVlans(expandVlans(s.trunk.value))} cross it with their 802.1Q tag kept, so one link carries several VLANs (a link to another switch, or a VM that handles tags itself).`;
    else if (s.tag)
      vlan = `It is an access port on VLAN ${s.tag.value}: what is attached sends plain untagged frames; the switch tags them with ${s.tag.value} on the way in and strips the tag on the way out, so only VLAN ${s.tag.value} is reachable from it.`;
    const addr =
      s.address?.value === 'dhcp'
        ? ` The peer gets its address from DHCP: after wiring, vsh runs a DHCP client in ${s.peer?.ns.value ?? 'the namespace'} and waits (bounded) for a lease from a server on the same segment.`
        : s.address
          ? ` ${type === 'veth' ? 'The peer' : 'It'} gets the address ${s.address.value}.`
          : '';
    return `A port ${kind}. ${vlan}${addr}`;
  },
  lower: ['ovs', 'linux'],
  example: 'port p-x on br-int@hostA type veth peer nsx:eth0 tag 10 address 10.78.0.2/24',
  interfaceNames: (s) => [[s.name, 'port'], ...(s.peer ? [[s.peer.iface, 'veth peer'] as [typeof s.name, string]] : [])],
  // `address dhcp` is leased, not written: nothing to check as an address.
  addresses: (s) => (s.address?.value === 'dhcp' ? [] : [[s.address, 'cidr']]),
  vlans: (s) => ({ ids: s.tag ? [s.tag] : [], lists: s.trunk ? [s.trunk.value] : [] }),
};
