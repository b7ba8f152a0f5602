/**
 * The typed AST of a `.vnet` script: one node per statement, as written (context such
 * as "the current bridge" is NOT applied here; see resolve.ts). Every value keeps the
 * span it was read from so that checks can point at it.
 */
import type { Span } from './diagnostics.js';
import type { NAT_ACTIONS, STATEMENTS, TUNNEL_TYPES } from './grammar.js';

/** A value and where it was written. */
export interface Spanned<T> {
  value: T;
  span: Span;
}

/** `NAME` or `NAME@HOST`. */
export interface Ref {
  name: Spanned<string>;
  host?: Spanned<string>;
  span: Span;
}

/** `NS:IFNAME` (a veth peer inside a namespace). */
export interface NsIface {
  ns: Spanned<string>;
  iface: Spanned<string>;
  span: Span;
}

/** One item of a VLAN list: `10` is {from:10,to:10}, `30-40` is {from:30,to:40}. */
export interface VlanItem {
  from: number;
  to: number;
  span: Span;
}

/** The values of an enumerated option, as grammar.ts lists them (one list: parser, builder, completion, types). */
type ValuesOf<K extends keyof typeof STATEMENTS, O extends string> = (typeof STATEMENTS)[K]['options'] extends Record<O, { values: readonly (infer V)[] }> ? V : never;

export type Datapath = ValuesOf<'host', 'datapath'>;
export type BridgeKind = ValuesOf<'bridge', 'kind'>;
export type OnOff = ValuesOf<'bridge', 'stp'>;
export type PortType = ValuesOf<'port', 'type'>;
export type ContainerRuntime = ValuesOf<'container', 'runtime'>;
export type TunnelType = (typeof TUNNEL_TYPES)[number];
/** `hostdev` is a vsh extension: a libvirt SR-IOV VF pool (`<forward mode='hostdev'>`). */
export type NetworkMode = ValuesOf<'network', 'mode'>;
export type NicModel = ValuesOf<'attach', 'model'>;
export type MacvtapMode = ValuesOf<'macvtap', 'mode'>;
export type BondMode = ValuesOf<'bond', 'mode'>;
export type LacpMode = ValuesOf<'bond', 'lacp'>;
export type OvnEncap = ValuesOf<'ovn', 'encap'>;

/** `KEY:VALUE`, e.g. an OVN bridge mapping `physnet:br-phy`. */
export interface NamePair {
  key: Spanned<string>;
  value: Spanned<string>;
  span: Span;
}

interface StatementBase {
  /** The whole statement. */
  span: Span;
  /** The spans of every option given, by option keyword (for VN003/VN004 and hints). */
  optionSpans: Record<string, Span>;
}

export interface HostStmt extends StatementBase {
  kind: 'host';
  name: Spanned<string>;
  local?: Spanned<true>;
  address?: Spanned<string>;
  user?: Spanned<string>;
  port?: Spanned<number>;
  key?: Spanned<string>;
  knownHosts?: Spanned<string>;
  jump?: Spanned<string>;
  underlay?: Spanned<string>;
  datapath?: Spanned<Datapath>;
}

export interface UseStmt extends StatementBase {
  kind: 'use';
  host: Spanned<string>;
}

export interface BridgeStmt extends StatementBase {
  kind: 'bridge';
  name: Spanned<string>;
  on?: Ref;
  bridgeKind?: Spanned<BridgeKind>;
  mtu?: Spanned<number>;
  stp?: Spanned<OnOff>;
  address?: Spanned<string>;
  uplink?: Spanned<string>;
}

export interface PortStmt extends StatementBase {
  kind: 'port';
  name: Spanned<string>;
  on?: Ref;
  type?: Spanned<PortType>;
  tag?: Spanned<number>;
  trunk?: Spanned<VlanItem[]>;
  native?: Spanned<true>;
  peer?: NsIface;
  address?: Spanned<string>;
  mtu?: Spanned<number>;
}

export interface NamespaceStmt extends StatementBase {
  kind: 'namespace';
  name: Spanned<string>;
  on?: Ref;
  forward?: Spanned<OnOff>;
}

export interface TunnelStmt extends StatementBase {
  kind: 'tunnel';
  type: Spanned<TunnelType>;
  left: Ref;
  right: Ref;
  on?: Ref;
  trunk?: Spanned<VlanItem[]>;
  key?: Spanned<number>;
  vni?: Spanned<number>;
  dstport?: Spanned<number>;
  portName?: Spanned<string>;
}

export interface NetworkStmt extends StatementBase {
  kind: 'network';
  name: Spanned<string>;
  on?: Ref;
  mode: Spanned<NetworkMode>;
  bridge?: Spanned<string>;
  dev?: Spanned<string>;
  subnet?: Spanned<string>;
  gateway?: Spanned<string>;
  dhcp?: Spanned<string>;
  domain?: Spanned<string>;
  virtualport?: Spanned<'openvswitch'>;
  stp?: Spanned<OnOff>;
  autostart?: Spanned<OnOff>;
}

export interface PortgroupStmt extends StatementBase {
  kind: 'portgroup';
  name: Spanned<string>;
  of?: Spanned<string>;
  tag?: Spanned<number>;
  trunk?: Spanned<VlanItem[]>;
  default?: Spanned<true>;
}

/** `attach DOMAIN to NETWORK …` */
export interface AttachNetworkStmt extends StatementBase {
  kind: 'attach-network';
  domain: Spanned<string>;
  network: Spanned<string>;
  on?: Ref;
  portgroup?: Spanned<string>;
  model?: Spanned<NicModel>;
  mac?: Spanned<string>;
  live?: Spanned<true>;
  config?: Spanned<true>;
}

/** `attach DOMAIN to vf PF#N …` */
export interface AttachVfStmt extends StatementBase {
  kind: 'attach-vf';
  domain: Spanned<string>;
  pf: Spanned<string>;
  vf: Spanned<number>;
  on?: Ref;
  mac?: Spanned<string>;
  vlan?: Spanned<number>;
}

export interface SriovStmt extends StatementBase {
  kind: 'sriov';
  pf: Spanned<string>;
  on?: Ref;
  vfs: Spanned<number>;
}

export interface MacvtapStmt extends StatementBase {
  kind: 'macvtap';
  name: Spanned<string>;
  on?: Ref;
  link: Spanned<string>;
  mode: Spanned<MacvtapMode>;
}

export interface BondStmt extends StatementBase {
  kind: 'bond';
  name: Spanned<string>;
  on?: Ref;
  slaves: Spanned<string>[];
  mode?: Spanned<BondMode>;
  lacp?: Spanned<LacpMode>;
}

export interface VlanStmt extends StatementBase {
  kind: 'vlan';
  /** The whole `IFACE.VID` name, e.g. `ens224.10`. */
  name: Spanned<string>;
  parent: Spanned<string>;
  vid: Spanned<number>;
  on?: Ref;
  address?: Spanned<string>;
}

export interface ExpectStmt extends StatementBase {
  kind: 'expect';
  reach: boolean;
  ns: Ref;
  target: Spanned<string>;
}

/** `route DEST|default via IPV4 [in NS[@HOST]] [dev IFNAME]` */
export interface RouteStmt extends StatementBase {
  kind: 'route';
  /** A CIDR, or `default` (0.0.0.0/0). */
  dest: Spanned<string>;
  via: Spanned<string>;
  in?: Ref;
  dev?: Spanned<string>;
  on?: Ref;
}

/** `nat masquerade in NS[@HOST] out IFNAME [source CIDR]` */
export interface NatStmt extends StatementBase {
  kind: 'nat';
  action: Spanned<(typeof NAT_ACTIONS)[number]>;
  in: Ref;
  out: Spanned<string>;
  source?: Spanned<string>;
}

export interface ContainerStmt extends StatementBase {
  kind: 'container';
  name: Spanned<string>;
  on?: Ref;
  image: Spanned<string>;
  runtime?: Spanned<ContainerRuntime>;
  /** The STRING as written (unquoted); its argv is `commandArgv` (src/lang/words.ts). */
  command?: Spanned<string>;
}

/** `dhcp on BRIDGE[@HOST] [tag VID] address CIDR range RANGE …`: a DHCP server on a segment. */
export interface DhcpStmt extends StatementBase {
  kind: 'dhcp';
  on?: Ref;
  tag?: Spanned<number>;
  address: Spanned<string>;
  range: Spanned<string>;
  gateway?: Spanned<string>;
  dns?: Spanned<string>;
  lease?: Spanned<number>;
}

/** `flow on BRIDGE[@HOST] [table INT] [priority INT] match "…" actions "…"`: an OpenFlow rule. */
export interface FlowStmt extends StatementBase {
  kind: 'flow';
  on?: Ref;
  table?: Spanned<number>;
  priority?: Spanned<number>;
  /** As written between the quotes; the span covers the quotes. */
  match: Spanned<string>;
  actions: Spanned<string>;
}

/** `link BRIDGE[@HOST] <-> BRIDGE[@HOST] [name IFNAME]` */
export interface LinkStmt extends StatementBase {
  kind: 'link';
  left: Ref;
  right: Ref;
  portName?: Spanned<string>;
}

/** `ovn central HOST`: where the northbound/southbound databases and ovn-northd run. */
export interface OvnCentralStmt extends StatementBase {
  kind: 'ovn-central';
  host: Spanned<string>;
}

/** `ovn chassis HOST [encap …] [mapping PHYSNET:BRIDGE,…]`: a host whose ovn-controller joins the central. */
export interface OvnChassisStmt extends StatementBase {
  kind: 'ovn-chassis';
  host: Spanned<string>;
  encap?: Spanned<OvnEncap>;
  mappings: NamePair[];
}

export interface LogicalSwitchStmt extends StatementBase {
  kind: 'logical-switch';
  name: Spanned<string>;
  subnet?: Spanned<string>;
}

export interface LogicalRouterStmt extends StatementBase {
  kind: 'logical-router';
  name: Spanned<string>;
}

/** `logical port NAME on SWITCH host HOST [address MAC IPV4|dynamic] [peer NS:IFNAME]`. */
export interface LogicalPortStmt extends StatementBase {
  kind: 'logical-port';
  name: Spanned<string>;
  switch: Spanned<string>;
  host: Spanned<string>;
  mac?: Spanned<string>;
  ip?: Spanned<string>;
  dynamic?: Spanned<true>;
  peer?: NsIface;
}

/** `logical link ROUTER to SWITCH address CIDR [mac MAC]`. */
export interface LogicalLinkStmt extends StatementBase {
  kind: 'logical-link';
  router: Spanned<string>;
  switch: Spanned<string>;
  address: Spanned<string>;
  mac?: Spanned<string>;
}

/** `logical uplink ROUTER vlan VID network PHYSNET address CIDR [gateway IPV4] chassis HOST`. */
export interface LogicalUplinkStmt extends StatementBase {
  kind: 'logical-uplink';
  router: Spanned<string>;
  vlan: Spanned<number>;
  network: Spanned<string>;
  address: Spanned<string>;
  gateway?: Spanned<string>;
  chassis: Spanned<string>;
}

/** `logical route on ROUTER DEST|default via IPV4` (`default` reads as 0.0.0.0/0). */
export interface LogicalRouteStmt extends StatementBase {
  kind: 'logical-route';
  router: Spanned<string>;
  dest: Spanned<string>;
  via: Spanned<string>;
}

export type Statement =
  | HostStmt
  | UseStmt
  | BridgeStmt
  | PortStmt
  | NamespaceStmt
  | TunnelStmt
  | NetworkStmt
  | PortgroupStmt
  | AttachNetworkStmt
  | AttachVfStmt
  | SriovStmt
  | MacvtapStmt
  | BondStmt
  | VlanStmt
  | ExpectStmt
  | RouteStmt
  | NatStmt
  | ContainerStmt
  | DhcpStmt
  | FlowStmt
  | LinkStmt
  | OvnCentralStmt
  | OvnChassisStmt
  | LogicalSwitchStmt
  | LogicalRouterStmt
  | LogicalPortStmt
  | LogicalLinkStmt
  | LogicalUplinkStmt
  | LogicalRouteStmt;

export type StatementKind = Statement['kind'];

/** A parsed script (or several files read in order as one). */
export interface Script {
  statements: Statement[];
}
