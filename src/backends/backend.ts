/**
 * The one interface every backend driver implements (Linux, OVS, libvirt, SR-IOV):
 * say which read-only commands reveal the live state of what it owns, turn their output
 * into state, and diff the model's desired state against it into steps. A step is plain
 * data — commands, undo, verify, explanation — and nothing runs while planning.
 */
import type { HostStmt } from '../lang/ast.js';
import type { HostFacts } from '../lang/checks/rule.js';
import type { Diagnostic, Span } from '../lang/diagnostics.js';
import type { Model } from '../lang/model.js';
import type { Command, CommandResult } from '../exec/command.js';

export type BackendId = 'sriov' | 'linux' | 'ovs' | 'libvirt' | 'l3' | 'container' | 'dhcp' | 'ovn';

/**
 * Steps of one host run in phase order (destroy and undo: reverse), so that drivers can
 * rely on each other: a veth exists (devices) before OVS adds it as a port (ovs), and an
 * OVS internal port exists before its address is set (wiring).
 */
export const PHASE = {
  sriov: 10, // VF counts
  namespaces: 20, // ip netns add
  devices: 30, // veth, tap, macvtap, VLAN, Linux bond, Linux bridge and tunnel devices
  ovs: 40, // OVS bridges, ports, bonds, tunnels (one ovsdb transaction per host)
  wiring: 50, // enslave to Linux bridges, move peers into namespaces, addresses, links up
  l3: 55, // forwarding, routes and NAT in namespaces and on the host (the addresses they rely on exist)
  networks: 60, // libvirt networks
  guests: 70, // libvirt interfaces of guests
  dhcpServers: 55, // DHCP servers: their interface on the bridge, then dnsmasq (after wiring: the bridges and tunnels are there)
  dhcpClients: 57, // DHCP clients: a lease for each `address dhcp` (after the servers of this host)
  flows: 45, // OpenFlow rules, once the bridges and their ports exist (one ovs-ofctl bundle per bridge)
  ovn: 80, // the OVN northbound transaction on the central (81: the wait until every chassis realized it)
} as const;

/** `+` create, `~` change in place, `-` remove. */
export type Action = '+' | '~' | '-';

export interface Step {
  host: string;
  backend: BackendId;
  action: Action;
  /** What it changes, for people: "bridge br-int", "port vm1 on br-int". */
  object: string;
  phase: number;
  /** In order. Each is argv (+stdin), never a shell string. */
  commands: Command[];
  /** Commands that revert this step, in order (run after later steps were reverted). */
  undo: Command[];
  /** A read-only command that succeeds once the step took effect. */
  verify?: Command;
  /** What the step does and why, in a lab guide's voice (one or two sentences). */
  explain: string;
  /** For `~`: which fields change, e.g. "tag: 10 -> 20". */
  changes?: string[];
  /** The statement this step comes from (absent for removals of objects no longer declared). */
  span?: Span;
  /** Other statements this step carries out too (a libvirt network's XML holds its portgroups). */
  carries?: Span[];
  /**
   * A read-only command whose output shows a learner what the step made (`ovs-vsctl show`,
   * `bridge link`, `ip -n NS addr`, `virsh net-list --all`); `explain --step` prints it and,
   * with `--apply`, runs it. Unlike `verify`, its output is for people, not a pass/fail.
   */
  look?: Command;
}

/** The usual `look` commands, so that every driver shows a thing the same way. */
export const LOOK = {
  ovs: (): Command => ({ argv: ['ovs-vsctl', 'show'] }),
  link: (name: string): Command => ({ argv: ['ip', '-d', 'link', 'show', 'dev', name] }),
  addr: (name: string): Command => ({ argv: ['ip', 'addr', 'show', 'dev', name] }),
  netns: (ns: string): Command => ({ argv: ['ip', '-n', ns, 'addr'] }),
  bridgeLinks: (): Command => ({ argv: ['bridge', 'link'] }),
  networks: (): Command => ({ argv: ['virsh', 'net-list', '--all'] }),
  network: (name: string): Command => ({ argv: ['virsh', 'net-dumpxml', name] }),
  guestNics: (domain: string): Command => ({ argv: ['virsh', 'domiflist', domain] }),
  /** Configured links: the Linux bridge ports when one joins a bridge, else a namespace's addresses, else the link's addresses. */
  links: (links: readonly { name: string; ns?: string; master?: string }[]): Command => {
    if (links.some((l) => l.master !== undefined)) return LOOK.bridgeLinks();
    const inNs = links.find((l) => l.ns !== undefined);
    return inNs?.ns !== undefined ? LOOK.netns(inNs.ns) : LOOK.addr(links[0]?.name ?? 'lo');
  },
};

/** One read-only command of a driver; all probes of a host run in one round trip. */
export interface Probe {
  /** Unique per host, e.g. `ovs.bridges`. */
  id: string;
  command: Command;
}

/** Probe outputs of one host by probe id; undefined when planning offline (an empty host). */
export type ProbeOutputs = ReadonlyMap<string, CommandResult> | undefined;

/** What a driver plans for: one host and the whole model (drivers pick their objects on this host). */
export interface HostView {
  name: string;
  host: HostStmt;
  model: Model;
  /** OVS datapath of this host (`datapath netdev` where the kernel module is absent). */
  datapath: 'system' | 'netdev';
  /** The project whose marks this plan writes and whose orphans it removes (ownership.ts). */
  project?: string;
  /**
   * Which part of the host to read and plan (absent: all of it). `own`: what is the host's
   * own (its links, OVS, namespaces…), not a database it keeps for the whole network (OVN's
   * northbound on the central); `network`: only that database (the host's own part is known
   * to match the model: ovn/record.ts). Only backends with `networkWide` have a network part.
   */
  part?: 'own' | 'network';
}

export interface ReadResult<State> {
  state: State;
  /** Facts for the live checks (MTUs, totalvfs, kernel features). */
  facts?: HostFacts;
  /** E.g. "OVS is not running on hostA" when the model needs it. Codes from the table. */
  diagnostics?: Diagnostic[];
  /** What the host has that the model leaves to it (an address leased by DHCP), for people: plan and diff print it. */
  notes?: string[];
}

export interface Backend<State = unknown> {
  id: BackendId;
  /** It also manages state that stands for the whole network, not the host it lives on (HostView.part 'network'). */
  networkWide?: boolean;
  /** Read-only commands that reveal the live state this driver owns on the host. */
  probes(view: HostView): Probe[];
  /** Probe outputs → state. Offline (outputs undefined) means an empty host. Never throws on odd output. */
  read(view: HostView, outputs: ProbeOutputs): ReadResult<State>;
  /** Desired (the model) against actual (the state) → steps that make the host match. */
  plan(view: HostView, state: State): Step[];
  /** Steps that remove what the model declares and the host has (and vsh created). */
  destroy(view: HostView, state: State): Step[];
}
