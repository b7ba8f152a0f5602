/**
 * The resolved model: every object with the host (and bridge/network) it lives on, after
 * the context rules of LANGUAGE.md §2 and with references checked. Objects keep their
 * statement, so every check can point at the source. Checks and backends read this.
 */
import type * as A from './ast.js';
import type { Span } from './diagnostics.js';

/** `host/name`: identifies a bridge, network, namespace … on a host. */
export type HostKey = string;
export const hostKey = (host: string, name: string): HostKey => `${host}/${name}`;

export interface BridgeObj {
  stmt: A.BridgeStmt;
  host: string;
  name: string;
  kind: A.BridgeKind;
}

export interface PortObj {
  stmt: A.PortStmt;
  host: string;
  bridge: string;
  name: string;
  type: A.PortType;
}

/** A container: an endpoint like a namespace (its network namespace is named after it on its host). */
export interface ContainerObj {
  stmt: A.ContainerStmt;
  host: string;
  name: string;
  image: string;
  runtime: A.ContainerRuntime;
  /** What it runs, as argv (empty: the image's own command). */
  argv: string[];
}

export interface NamespaceObj {
  stmt: A.NamespaceStmt;
  host: string;
  name: string;
}

/** One end of a tunnel: the bridge on a host and the tunnel port made there. */
export interface TunnelEnd {
  host: string;
  bridge: string;
  /** The tunnel port's interface name on this end (given with `name`, or derived). */
  portName: string;
  /** The END as written (`hostA` or `br-int@hostA`). */
  span: Span;
}

export interface TunnelObj {
  stmt: A.TunnelStmt;
  type: A.TunnelType;
  ends: [TunnelEnd, TunnelEnd];
  /** `key` or `vni`, whichever was given. */
  key?: number;
}

export interface NetworkObj {
  stmt: A.NetworkStmt;
  host: string;
  name: string;
}

export interface PortgroupObj {
  stmt: A.PortgroupStmt;
  host: string;
  network: string;
  name: string;
}

export interface AttachNetworkObj {
  stmt: A.AttachNetworkStmt;
  host: string;
}

export interface AttachVfObj {
  stmt: A.AttachVfStmt;
  host: string;
}

export interface SriovObj {
  stmt: A.SriovStmt;
  host: string;
}

export interface MacvtapObj {
  stmt: A.MacvtapStmt;
  host: string;
  name: string;
}

export interface BondObj {
  stmt: A.BondStmt;
  host: string;
  /** The bridge it is a port of: an OVS bridge's (`ovs-vsctl add-bond`) or a Linux bridge's (a Linux bond enslaved to it); absent for a Linux bond on its own. */
  bridge?: string;
  name: string;
}

export interface VlanObj {
  stmt: A.VlanStmt;
  host: string;
}

export interface ExpectObj {
  stmt: A.ExpectStmt;
  host: string;
  ns: string;
  /** `expect reach HOST IP`: the probe runs in the host's root namespace, not in a namespace. */
  fromHost?: true;
}

/** A static route: in namespace `ns` on `host`, or on the host itself when `ns` is absent. */
export interface RouteObj {
  stmt: A.RouteStmt;
  host: string;
  ns?: string;
  /** The destination as the kernel prints it: `default` or a CIDR. */
  dest: string;
}

export interface NatObj {
  stmt: A.NatStmt;
  host: string;
  ns: string;
}

/** A DHCP server: on a bridge of a host, serving VLAN `vid` (0: untagged). */
export interface DhcpObj {
  stmt: A.DhcpStmt;
  host: string;
  bridge: string;
  vid: number;
}

/** An OpenFlow rule on an OVS bridge of a host. */
export interface FlowObj {
  stmt: A.FlowStmt;
  host: string;
  bridge: string;
  table: number;
  priority: number;
  match: string;
  actions: string;
}

/** One end of a `link`: a bridge of the host and the port (patch port or veth end) on it. */
export interface LinkEnd {
  bridge: string;
  /** The bridge's kind: two OVS ends are patched; otherwise a veth pair joins them. */
  bridgeKind: BridgeObj['kind'];
  portName: string;
  /** The BRIDGE as written. */
  span: Span;
}

/** Two bridges of one host joined: OVS patch ports, or a veth pair with one end in each. */
export interface LinkObj {
  stmt: A.LinkStmt;
  host: string;
  ends: [LinkEnd, LinkEnd];
  /** `patch` when both bridges are OVS, `veth` otherwise. */
  via: 'patch' | 'veth';
}

/** The OVN logical topology (LANGUAGE.md §9): written once to the central host's northbound database. */
export interface OvnModel {
  central?: { host: string; stmt: A.OvnCentralStmt };
  /** By host. */
  chassis: Map<string, A.OvnChassisStmt>;
  switches: Map<string, A.LogicalSwitchStmt>;
  routers: Map<string, A.LogicalRouterStmt>;
  ports: A.LogicalPortStmt[];
  links: A.LogicalLinkStmt[];
  uplinks: A.LogicalUplinkStmt[];
  routes: A.LogicalRouteStmt[];
}

/** What later statements default to (the REPL prompt shows it). */
export interface Context {
  host?: string;
  bridge?: string;
  network?: string;
}

export interface Model {
  hosts: Map<string, A.HostStmt>;
  bridges: Map<HostKey, BridgeObj>;
  ports: PortObj[];
  namespaces: Map<HostKey, NamespaceObj>;
  tunnels: TunnelObj[];
  networks: Map<HostKey, NetworkObj>;
  portgroups: PortgroupObj[];
  attachments: AttachNetworkObj[];
  vfAttachments: AttachVfObj[];
  sriovs: SriovObj[];
  macvtaps: MacvtapObj[];
  bonds: BondObj[];
  vlans: VlanObj[];
  expects: ExpectObj[];
  routes: RouteObj[];
  nats: NatObj[];
  containers: Map<HostKey, ContainerObj>;
  dhcps: DhcpObj[];
  flows: FlowObj[];
  links: LinkObj[];
  ovn: OvnModel;
  /** The context after the last statement. */
  context: Context;
}

export function emptyModel(): Model {
  return {
    hosts: new Map(),
    bridges: new Map(),
    ports: [],
    namespaces: new Map(),
    tunnels: [],
    networks: new Map(),
    portgroups: [],
    attachments: [],
    vfAttachments: [],
    sriovs: [],
    macvtaps: [],
    bonds: [],
    vlans: [],
    expects: [],
    routes: [],
    nats: [],
    containers: new Map(),
    dhcps: [],
    flows: [],
    links: [],
    ovn: { chassis: new Map(), switches: new Map(), routers: new Map(), ports: [], links: [], uplinks: [], routes: [] },
    context: {},
  };
}
