/**
 * The statement table: for each statement, how its head reads and which options it
 * takes with which values. The parser, the AST builder, `help` and REPL completion all
 * read this one table, so a new option is added in one place.
 */

/** How an option's value is written (the parser's view; the builder narrows it). */
export type ValueShape =
  | 'flag' // no value: `native`
  | 'name' // a NAME (keywords allowed): `uplink eth1`, `mode nat`
  | 'int'
  | 'vlist' // `10,20,30-40`
  | 'cidr'
  | 'ipv4'
  | 'addr' // CIDR, IPv4 or the word `dhcp` (host takes IPv4, bridge takes CIDR, port CIDR or dhcp)
  | 'iprange'
  | 'mac'
  | 'string'
  | 'keyval' // `key "path"` on a host, `key 42` on a tunnel
  | 'ref' // NAME or NAME@HOST
  | 'nsif' // NS:IFNAME
  | 'names' // NAME,NAME,…
  | 'image' // a container image: `localhost/bb:1`, `busybox`, or a "quoted string"
  | 'pairs'; // NAME:NAME,NAME:NAME,… (`mapping physnet:br-phy`)

/** The value shape of every option keyword (the same keyword reads the same everywhere). */
export const OPTION_SHAPES = {
  on: 'ref',
  local: 'flag',
  datapath: 'name',
  address: 'addr',
  user: 'name',
  port: 'int',
  key: 'keyval',
  'known-hosts': 'string',
  jump: 'name',
  underlay: 'ipv4',
  kind: 'name',
  mtu: 'int',
  stp: 'name',
  uplink: 'name',
  type: 'name',
  tag: 'int',
  trunk: 'vlist',
  native: 'flag',
  peer: 'nsif',
  vni: 'int',
  dstport: 'int',
  name: 'name',
  mode: 'name',
  bridge: 'name',
  dev: 'name',
  subnet: 'cidr',
  gateway: 'ipv4',
  dhcp: 'iprange',
  domain: 'name',
  virtualport: 'name',
  autostart: 'name',
  of: 'name',
  default: 'flag',
  portgroup: 'name',
  model: 'name',
  mac: 'mac',
  live: 'flag',
  config: 'flag',
  vlan: 'int',
  vfs: 'int',
  link: 'name',
  slaves: 'names',
  lacp: 'name',
  via: 'ipv4',
  in: 'ref',
  out: 'name',
  source: 'cidr',
  forward: 'name',
  image: 'image',
  runtime: 'name',
  command: 'string',
  range: 'iprange',
  dns: 'ipv4',
  lease: 'int',
  table: 'int',
  priority: 'int',
  match: 'string',
  actions: 'string',
  encap: 'name',
  mapping: 'pairs',
  host: 'name',
  network: 'name',
  chassis: 'name',
} as const satisfies Record<string, ValueShape>;

export type OptionKeyword = keyof typeof OPTION_SHAPES;

/** What one statement accepts after its head. */
export interface OptionSpec {
  /** For `name`-shaped options whose value is one of a fixed set. */
  values?: readonly string[];
  /** The builder insists on this narrower shape (e.g. `address` on a host is an IPv4). */
  expect?: 'ipv4' | 'cidr' | 'string' | 'int' | 'cidr-or-dhcp';
  required?: boolean;
  /** One line for `help` and completion. */
  help: string;
}

export interface StatementSpec {
  keyword: string;
  /** Usage line, as in LANGUAGE.md. */
  usage: string;
  summary: string;
  options: Partial<Record<OptionKeyword, OptionSpec>>;
}

const ON_OFF = ['on', 'off'] as const;

/** The overlay types a `tunnel` head names (the value after the keyword, not an option). */
export const TUNNEL_TYPES = ['gre', 'vxlan', 'geneve'] as const;

/** What a `nat` head names (the contract has one: masquerade). */
export const NAT_ACTIONS = ['masquerade'] as const;

export const STATEMENTS = {
  host: {
    keyword: 'host',
    usage: 'host NAME local|address IPV4 [user NAME] [port INT] [key STRING] [known-hosts STRING] [jump HOST] [underlay IPV4] [datapath system|netdev]',
    summary: 'declare a host (the local machine, or one reached over SSH) and make it current',
    options: {
      local: { help: 'this machine, driven without SSH' },
      address: { expect: 'ipv4', help: 'management address to reach the host over SSH' },
      user: { help: 'SSH user (default: from ~/.ssh/config or root)' },
      port: { expect: 'int', help: 'SSH port (default 22)' },
      key: { expect: 'string', help: 'private key file for SSH ("~/.ssh/id_ed25519")' },
      'known-hosts': { help: 'known_hosts file used to verify the host key' },
      jump: { help: 'reach this host through another declared host (ProxyJump)' },
      underlay: { help: 'tunnel endpoint address of this host (default: address)' },
      datapath: { values: ['system', 'netdev'], help: 'OVS datapath: kernel (system) or userspace (netdev)' },
    },
  },
  use: {
    keyword: 'use',
    usage: 'use HOST',
    summary: 'make HOST the current host',
    options: {},
  },
  bridge: {
    keyword: 'bridge',
    usage: 'bridge NAME [on HOST] [kind ovs|linux] [mtu INT] [stp on|off] [address CIDR] [uplink IFACE]',
    summary: 'a layer-2 switch on a host (Open vSwitch or Linux bridge); becomes the current bridge',
    options: {
      on: { help: 'the host to create it on' },
      kind: { values: ['ovs', 'linux'], help: 'ovs (default) or linux' },
      mtu: { help: 'MTU of the bridge' },
      stp: { values: ON_OFF, help: 'spanning tree protocol' },
      address: { expect: 'cidr', help: 'an IP address on the bridge itself (CIDR)' },
      uplink: { help: 'an existing NIC to enslave to the bridge' },
    },
  },
  port: {
    keyword: 'port',
    usage: 'port NAME [on BRIDGE[@HOST]] [type system|internal|tap|veth] [tag VID] [trunk VLIST] [native] [peer NS:IFNAME] [address CIDR|dhcp] [mtu INT]',
    summary: 'an interface on a bridge: an access port (tag), a trunk, or a native-untagged trunk',
    options: {
      on: { help: 'the bridge (default: the current bridge)' },
      type: { values: ['system', 'internal', 'tap', 'veth'], help: 'system (existing NIC), internal, tap or veth' },
      tag: { help: 'access VLAN' },
      trunk: { help: 'VLANs carried tagged (10,20,30-40)' },
      native: { help: 'with tag + trunk: the tag VLAN leaves untagged' },
      peer: { help: 'veth: the other end, NS:IFNAME, moved into namespace NS' },
      address: { expect: 'cidr-or-dhcp', help: 'address (on the veth peer, or on an internal port); `dhcp`: the veth peer leases one' },
      mtu: { help: 'MTU' },
    },
  },
  namespace: {
    keyword: 'namespace',
    usage: 'namespace NAME [on HOST] [forward on|off]',
    summary: 'a network namespace (a light-weight "guest") on a host',
    options: {
      on: { help: 'the host (default: current)' },
      forward: { values: ON_OFF, help: 'IPv4 forwarding inside it (on: a router namespace)' },
    },
  },
  tunnel: {
    keyword: 'tunnel',
    usage: 'tunnel gre|vxlan|geneve END <-> END [on BRIDGE] [trunk VLIST] [key INT | vni INT] [dstport INT] [name IFNAME]',
    summary: 'an overlay link between the same bridge on two hosts',
    options: {
      on: { help: 'the bridge on both ends (default: current bridge)' },
      trunk: { help: 'VLANs carried across (default: all)' },
      key: { expect: 'int', help: 'GRE key / tunnel id' },
      vni: { help: 'VXLAN/GENEVE network identifier' },
      dstport: { help: 'UDP destination port (VXLAN/GENEVE)' },
      name: { help: 'port name on both ends (default: derived from the peer host)' },
    },
  },
  network: {
    keyword: 'network',
    usage: 'network NAME [on HOST] mode nat|route|isolated|bridge|hostdev [bridge IFNAME] [dev IFACE] [subnet CIDR] [gateway IPV4] [dhcp RANGE] [domain NAME] [virtualport openvswitch] [stp on|off] [autostart on|off]',
    summary: 'a libvirt virtual network; becomes the current network',
    options: {
      on: { help: 'the host (default: current)' },
      mode: { values: ['nat', 'route', 'isolated', 'bridge', 'hostdev'], required: true, help: 'forwarding mode' },
      bridge: { help: 'bridge device name' },
      dev: { help: 'physical device to forward to (route, hostdev)' },
      subnet: { help: 'the network address with prefix; the gateway defaults to .1' },
      gateway: { help: "the host's address in the subnet" },
      dhcp: { help: 'DHCP range A.B.C.D-E.F.G.H' },
      domain: { help: 'DNS domain' },
      virtualport: { values: ['openvswitch'], help: 'bridge mode onto an Open vSwitch bridge' },
      stp: { values: ON_OFF, help: 'spanning tree on the network bridge' },
      autostart: { values: ON_OFF, help: 'start with libvirtd' },
    },
  },
  portgroup: {
    keyword: 'portgroup',
    usage: 'portgroup NAME [of NETWORK] [tag VID | trunk VLIST] [default]',
    summary: 'a named set of port settings (VLANs) in a libvirt network',
    options: {
      of: { help: 'the network (default: current network)' },
      tag: { help: 'access VLAN' },
      trunk: { help: 'trunked VLANs' },
      default: { help: 'guests without a portgroup use this one' },
    },
  },
  attach: {
    keyword: 'attach',
    usage: 'attach DOMAIN to NETWORK [on HOST] [portgroup NAME] [model virtio|e1000|rtl8139] [mac MAC] [live] [config]  |  attach DOMAIN to vf PF#INT [on HOST] [mac MAC] [vlan VID]',
    summary: 'give a libvirt guest an interface on a network or an SR-IOV VF',
    options: {
      on: { help: 'the host of the domain (default: current)' },
      portgroup: { help: "the network's portgroup" },
      model: { values: ['virtio', 'e1000', 'rtl8139'], help: 'NIC model' },
      mac: { help: 'MAC address' },
      live: { help: 'change the running guest' },
      config: { help: 'change the persistent definition' },
      vlan: { help: 'VLAN of the VF' },
    },
  },
  sriov: {
    keyword: 'sriov',
    usage: 'sriov PF [on HOST] vfs INT',
    summary: 'create virtual functions on an SR-IOV physical function',
    options: {
      on: { help: 'the host (default: current)' },
      vfs: { required: true, help: 'number of VFs' },
    },
  },
  macvtap: {
    keyword: 'macvtap',
    usage: 'macvtap NAME [on HOST] link IFACE [mode vepa|bridge|private|passthru]',
    summary: 'a macvtap interface stacked on a NIC',
    options: {
      on: { help: 'the host (default: current)' },
      link: { required: true, help: 'the lower NIC' },
      mode: { values: ['vepa', 'bridge', 'private', 'passthru'], help: 'macvtap mode (default vepa, as libvirt and the kernel)' },
    },
  },
  bond: {
    keyword: 'bond',
    usage: 'bond NAME [on BRIDGE[@HOST] | on HOST] slaves IFACE,IFACE[,…] [mode active-backup|balance-slb|balance-tcp|balance-rr|802.3ad] [lacp active|passive|off]',
    summary: 'bundle NICs into one link (an OVS bond on an OVS bridge, else a Linux bond)',
    options: {
      on: { help: 'a bridge (BRIDGE[@HOST]; a Linux bridge gets a Linux bond as its port) or a host' },
      slaves: { required: true, help: 'member NICs' },
      mode: { values: ['active-backup', 'balance-slb', 'balance-tcp', 'balance-rr', '802.3ad'], help: 'bonding mode' },
      lacp: { values: ['active', 'passive', 'off'], help: 'LACP negotiation' },
    },
  },
  vlan: {
    keyword: 'vlan',
    usage: 'vlan IFACE.VID [on HOST] [address CIDR]',
    summary: 'an 802.1Q VLAN sub-interface',
    options: {
      on: { help: 'the host (default: current)' },
      address: { expect: 'cidr', help: 'an IP address on the sub-interface (CIDR): the host joins that VLAN at layer 3' },
    },
  },
  expect: {
    keyword: 'expect',
    usage: 'expect reach|noreach NS[@HOST] IPV4',
    summary: 'after apply, ping from namespace NS and expect an answer (reach) or none (noreach)',
    options: {},
  },
  route: {
    keyword: 'route',
    usage: 'route DEST|default via IPV4 [in NS[@HOST]] [dev IFNAME] [on HOST]',
    summary: 'a static route in a namespace (in NS) or on the host itself',
    options: {
      via: { required: true, help: 'the next hop (a router on a connected subnet)' },
      in: { help: 'the namespace (or container) the route lives in, NS or NS@HOST; without it, the host' },
      dev: { help: 'the interface the next hop is reached through' },
      on: { help: 'the host, for a route on the host itself (default: current)' },
    },
  },
  nat: {
    keyword: 'nat',
    usage: 'nat masquerade in NS[@HOST] out IFNAME [source CIDR]',
    summary: "rewrite the source of traffic leaving IFNAME to the namespace's own address (nftables masquerade)",
    options: {
      in: { required: true, help: 'the (router) namespace that does the NAT, NS or NS@HOST' },
      out: { required: true, help: 'the interface whose leaving traffic is masqueraded' },
      source: { help: 'only traffic from this subnet (CIDR)' },
    },
  },
  container: {
    keyword: 'container',
    usage: 'container NAME [on HOST] image IMAGE [runtime podman|docker] [command STRING]',
    summary: 'a container with no network of its own: an endpoint, like a namespace, that ports plug into',
    options: {
      on: { help: 'the host (default: current)' },
      image: { required: true, help: 'the image, as the runtime names it locally (localhost/vsh-busybox:latest)' },
      runtime: { values: ['podman', 'docker'], help: 'which container runtime runs it (default podman)' },
      command: { expect: 'string', help: 'what it runs, split into argv like a shell would, without a shell ("sleep 86400")' },
    },
  },
  dhcp: {
    keyword: 'dhcp',
    usage: 'dhcp on BRIDGE[@HOST] [tag VID] address CIDR range RANGE [gateway IPV4] [dns IPV4] [lease INT]',
    summary: 'a DHCP server (dnsmasq, started and owned by vsh) on a bridge, or on one VLAN of it',
    options: {
      on: { help: 'the bridge (default: the current bridge)' },
      tag: { help: 'serve this VLAN only (an OVS bridge)' },
      address: { expect: 'cidr', required: true, help: "the server's own address on the segment (CIDR)" },
      range: { required: true, help: 'addresses to lease, A.B.C.D-E.F.G.H' },
      gateway: { help: 'default router handed out (DHCP option 3)' },
      dns: { help: 'DNS server handed out (DHCP option 6)' },
      lease: { help: 'lease time in seconds (default 43200, at least 120)' },
    },
  },
  flow: {
    keyword: 'flow',
    usage: 'flow on BRIDGE[@HOST] [table INT] [priority INT] match STRING actions STRING',
    summary: 'an OpenFlow rule on an Open vSwitch bridge, in ovs-ofctl syntax (owned by a cookie of the project)',
    options: {
      on: { help: 'the OVS bridge (default: the current bridge)' },
      table: { help: 'OpenFlow table 0-254 (default 0)' },
      priority: { help: 'priority 0-65535 (default 32768, as ovs-ofctl)' },
      match: { required: true, help: 'match fields, as ovs-ofctl reads them: "ip,nw_src=10.0.0.2"' },
      actions: { required: true, help: 'actions, as ovs-ofctl reads them: "drop", "output:2", "NORMAL"' },
    },
  },
  link: {
    keyword: 'link',
    usage: 'link BRIDGE[@HOST] <-> BRIDGE[@HOST] [name IFNAME]',
    summary: 'join two bridges on one host: OVS patch ports, or a veth pair when a Linux bridge is involved',
    options: {
      name: { help: "the left end's port name; the right end's is IFNAME-p (default: derived from the two bridge names)" },
    },
  },
  ovn: {
    keyword: 'ovn',
    usage: 'ovn central HOST  |  ovn chassis HOST [encap geneve|vxlan] [mapping PHYSNET:BRIDGE[,…]]',
    summary: "OVN's control plane: the host with the northbound/southbound databases, or a host whose ovn-controller joins them",
    options: {
      encap: { values: ['geneve', 'vxlan'], help: 'chassis: the tunnel encapsulation between chassis (default geneve)' },
      mapping: { help: 'chassis: physical networks on OVS bridges, PHYSNET:BRIDGE[,…] (ovn-bridge-mappings)' },
    },
  },
  logical: {
    keyword: 'logical',
    usage:
      'logical switch NAME [subnet CIDR]  |  logical router NAME  |  logical port NAME on SWITCH host HOST [address MAC IPV4|dynamic] [peer NS:IFNAME]  |  logical link ROUTER to SWITCH address CIDR [mac MAC]  |  logical uplink ROUTER vlan VID network PHYSNET address CIDR [gateway IPV4] chassis HOST  |  logical route on ROUTER DEST|default via IPV4',
    summary: 'an OVN logical switch, router, port, router-to-switch link, external VLAN uplink or static route (written once to the northbound database)',
    options: {
      subnet: { help: 'switch: its IPv4 subnet (ports take addresses from it)' },
      on: { help: 'port: the logical switch it is on' },
      host: { help: 'port: the chassis the VIF is on' },
      address: { help: 'link, uplink: the router port address (CIDR)' },
      peer: { help: "port: the VIF's veth end, NS:IFNAME, in namespace NS on the host" },
      mac: { help: 'link: the router port MAC (default: derived from the names)' },
      vlan: { help: 'uplink: the external VLAN' },
      network: { help: 'uplink: the physical network (a mapping of the chassis)' },
      gateway: { help: 'uplink: the next hop outside; the router gets a default route to it' },
      chassis: { help: 'uplink: the gateway chassis that carries the uplink' },
      via: { help: 'route: the next hop' },
    },
  },
} as const satisfies Record<string, StatementSpec>;

/** The second word of an `ovn` statement. */
export const OVN_FORMS = ['central', 'chassis'] as const;
/** The second word of a `logical` statement. */
export const LOGICAL_FORMS = ['switch', 'router', 'port', 'link', 'uplink', 'route'] as const;

export type StatementKeyword = keyof typeof STATEMENTS;

export const STATEMENT_KEYWORDS = Object.keys(STATEMENTS) as StatementKeyword[];

/** Options a statement accepts, by keyword. */
export function optionsOf(stmt: StatementKeyword): Partial<Record<OptionKeyword, OptionSpec>> {
  return STATEMENTS[stmt].options as Partial<Record<OptionKeyword, OptionSpec>>;
}
