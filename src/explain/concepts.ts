/**
 * What each statement makes and why one would want it, in the voice of a good lab guide.
 * `explain` prints this before the exact commands, undo and verify of the statement's steps.
 * The text depends on the statement's options (an access port is not a trunk), so each
 * kind has a small function rather than a fixed paragraph.
 */
import type * as A from '../lang/ast.js';
import { formatVlans, expandVlans } from '../lang/vlans.js';

const TUNNEL_OVERHEAD: Record<A.TunnelType, string> = {
  gre: 'GRE adds 38 bytes per frame over IPv4 (42 with a key): 14 inner Ethernet, 20 outer IP, 4 GRE',
  vxlan: 'VXLAN adds 50 bytes per frame: 14 inner Ethernet, 8 VXLAN, 8 UDP, 20 outer IP',
  geneve: 'GENEVE adds 50 bytes per frame plus any options: 14 inner Ethernet, 8 GENEVE, 8 UDP, 20 outer IP',
};

function host(s: A.HostStmt): string {
  const reach = s.local
    ? 'vsh drives it directly, without SSH'
    : `vsh reaches it over SSH at ${s.address?.value ?? '?'} (as ${s.user?.value ?? 'your SSH user'}, host key always verified)`;
  const underlay = s.underlay ?? (s.local ? undefined : s.address);
  const dp =
    s.datapath?.value === 'netdev'
      ? ' Its OVS bridges use the userspace datapath (datapath_type=netdev): slower than the kernel module, but it works where the openvswitch module is absent, such as in containers and this lab.'
      : '';
  return `A host is a machine whose networking vsh manages; ${reach}. ${underlay ? `Tunnels to it are addressed to ${underlay.value}, its underlay (the network the overlays ride on).` : 'It has no underlay address, so it cannot end a tunnel until you give it one.'}${dp}`;
}

function bridge(s: A.BridgeStmt): string {
  const ovs = (s.bridgeKind?.value ?? 'ovs') === 'ovs';
  const what = ovs
    ? 'An Open vSwitch bridge is a programmable layer-2 switch: ports can be access or trunk ports on VLANs, and tunnels (GRE, VXLAN, GENEVE) join it to the same bridge on other hosts.'
    : "A Linux bridge is the kernel's own layer-2 switch (iproute2: `ip link add … type bridge`): simple and everywhere, with VLAN filtering where the kernel has it.";
  const extras = [
    s.uplink ? `The NIC ${s.uplink.value} is enslaved to it as its uplink, so the bridge reaches the physical network; an IP that lived on the NIC belongs on the bridge now.` : '',
    s.address ? `The bridge itself gets ${s.address.value}, so the host can talk on this segment (the "bridge with an uplink and an IP on the bridge" recipe).` : '',
    s.stp?.value === 'on' ? 'Spanning tree is on: if links form a loop, STP blocks one instead of letting broadcasts circle forever.' : '',
    s.mtu ? `Its MTU is ${s.mtu.value}; frames bigger than that are dropped, so every port and tunnel on it must agree.` : '',
  ].filter(Boolean);
  return [what, ...extras].join(' ');
}

function port(s: A.PortStmt): string {
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
  const addr = s.address ? ` ${type === 'veth' ? 'The peer' : 'It'} gets the address ${s.address.value}.` : '';
  return `A port ${kind}. ${vlan}${addr}`;
}

function tunnel(s: A.TunnelStmt): string {
  const kind = {
    gre: 'GRE wraps whole Ethernet frames in IP (protocol 47, no UDP port): simple and widely supported, but it has no entropy for ECMP load-spreading and some firewalls drop it',
    vxlan: 'VXLAN wraps Ethernet frames in UDP (port 4789): NICs offload it, ECMP spreads it, and its 24-bit VNI separates up to 16 million segments',
    geneve: 'GENEVE wraps Ethernet frames in UDP (port 6081) with extensible options: the encapsulation OVN uses, VXLAN\'s successor',
  }[s.type.value];
  const trunk = s.trunk
    ? `It carries VLANs ${formatVlans(expandVlans(s.trunk.value))} only, with their tags, so the same VLAN on both hosts becomes one layer-2 segment while other VLANs stay home.`
    : 'It carries every VLAN of the bridge.';
  const id = s.key ?? s.vni;
  return `A tunnel stretches a bridge across hosts: frames are encapsulated on one host and unwrapped on the other, so machines on different hosts share a layer-2 segment. ${kind}. ${trunk}${id ? ` The ${s.type.value === 'gre' ? 'key' : 'VNI'} ${id.value} keeps this tunnel's traffic apart from others between the same hosts.` : ''} Cost: ${TUNNEL_OVERHEAD[s.type.value]}, so inner MTU + overhead must fit the underlay's MTU (or frames are fragmented or dropped).`;
}

function network(s: A.NetworkStmt): string {
  const mode = {
    nat: 'In NAT mode libvirt makes a bridge with its own subnet, runs dnsmasq for DHCP and DNS, and masquerades guests\' traffic behind the host\'s address: guests reach out, nothing reaches in (libvirt\'s "default" network).',
    route: `In routed mode guests get a subnet that the host routes${s.dev ? ` out of ${s.dev.value}` : ''} without NAT: guests are reachable from outside, provided the upstream router knows the route back.`,
    isolated: 'In isolated mode guests talk to each other and to the host only: no forwarding at all, ideal for a lab segment or a storage/back-end network.',
    bridge: `In bridge mode libvirt makes no bridge and no DHCP: guests are plugged into the existing bridge ${s.bridge?.value ?? ''}${s.virtualport ? ', an Open vSwitch bridge (virtualport openvswitch), where portgroups give guests VLANs that persist: libvirt re-applies them whenever a guest starts, unlike a tag set by hand on its vnet port' : ''}.`,
    hostdev: `In hostdev mode the network is a pool of SR-IOV virtual functions of ${s.dev?.value ?? 'a PF'}: each guest gets a VF passed through, bypassing the host's software switch entirely.`,
  }[s.mode.value];
  return `A libvirt virtual network is a named, persistent definition (network XML) that guests attach to by name. ${mode}${s.autostart?.value === 'on' ? ' Autostart brings it up with libvirtd.' : ''}`;
}

function macvtap(s: A.MacvtapStmt): string {
  const mode = {
    vepa: 'VEPA sends even guest-to-guest traffic out to the external switch, which must hairpin it back (802.1Qbg): the switch sees and polices everything',
    bridge: 'bridge mode switches traffic between macvtaps on the same NIC inside the host: the fastest guest-to-guest path, but the host itself cannot reach them over that NIC',
    private: 'private mode isolates the macvtaps on one NIC from each other entirely, even through the external switch',
    passthru: 'passthru hands the whole NIC to one macvtap (and guest), 1:1, e.g. to give a guest a VF with its MAC and promiscuity',
  }[s.mode.value];
  return `A macvtap stacks a virtual NIC with its own MAC directly on ${s.link.value}, with no bridge in between: a guest gets near-native speed. In ${mode}.`;
}

/** The teaching paragraph for one statement. */
export function concept(s: A.Statement): string {
  switch (s.kind) {
    case 'host':
      return host(s);
    case 'use':
      return `Makes ${s.host.value} the current host: statements without 'on …' now apply there, and the prompt shows it.`;
    case 'bridge':
      return bridge(s);
    case 'port':
      return port(s);
    case 'namespace':
      return `A network namespace is a separate copy of the network stack (interfaces, addresses, routes) inside one host: the cheapest way to have a "guest" that can ping, as Mininet and containers do.`;
    case 'tunnel':
      return tunnel(s);
    case 'network':
      return network(s);
    case 'portgroup':
      return `A portgroup is a named set of settings inside a libvirt network${s.tag ? `, here VLAN ${s.tag.value}${s.trunk ? ' native on a trunk' : ''}` : s.trunk ? `, here a trunk of VLANs ${formatVlans(expandVlans(s.trunk.value))}` : ''}. A guest that names it gets those settings every time it starts — the persistent way to put guests on OVS VLANs, where a tag set by hand on a vnetN port is lost at the next restart.${s.default ? ' As the default portgroup it applies to guests that name none.' : ''}`;
    case 'attach-network':
      return `Gives guest ${s.domain.value} a virtual NIC (${s.model?.value ?? 'virtio'}) on network ${s.network.value}${s.portgroup ? `, in portgroup ${s.portgroup.value}` : ''}. ${s.live && s.config ? 'It changes both the running guest and its saved definition.' : s.live ? 'It changes the running guest only: the NIC is gone after a shutdown.' : "It changes the guest's saved definition (next boot); add 'live' to change the running guest too."}`;
    case 'attach-vf':
      return `Passes virtual function ${s.vf.value} of ${s.pf.value} straight through to guest ${s.domain.value} (<interface type='hostdev'>): the guest's traffic bypasses the host's bridges and vSwitch entirely, for near line-rate speed${s.vlan ? `; the NIC itself tags it with VLAN ${s.vlan.value}` : ''}. The VF's PCI address is read from the host (device/virtfn${s.vf.value}).`;
    case 'sriov':
      return `SR-IOV splits one physical NIC (the PF ${s.pf.value}) into ${s.vfs.value} virtual functions, each a PCI device a guest can own. The count is written to sysfs (device/sriov_numvfs); changing a non-zero count needs a 0 first, which briefly removes the existing VFs.`;
    case 'macvtap':
      return macvtap(s);
    case 'bond':
      return `A bond joins ${s.slaves.map((x) => x.value).join(', ')} into one logical link for redundancy (active-backup) or bandwidth (balance modes, LACP/802.3ad negotiating with the switch)${s.on ? '' : ' as a Linux bond on the host'}. ${s.mode?.value === '802.3ad' || s.lacp ? 'LACP needs the switch ports configured as one aggregate too.' : ''}`.trim();
    case 'vlan':
      return `A VLAN sub-interface ${s.name.value} sends and receives frames of VLAN ${s.vid.value} on ${s.parent.value}, tagged on the wire and untagged to the host: the host joins one VLAN of a trunk.`;
    case 'expect':
      return `After apply, vsh pings ${s.target.value} from inside namespace ${s.ns.name.value} (ip netns exec ${s.ns.name.value} ping -c 1 -W 1 ${s.target.value}${s.reach ? ', up to 3 tries' : ', once'}) and expects ${s.reach ? 'an answer' : 'no answer'}: the lab checks itself${s.reach ? '' : ' — isolation is a result too'}.`;
  }
}
