/**
 * What the Linux driver wants on a host, as plain data the differ compares with what it
 * read: namespaces (phase namespaces), kernel devices it creates (phase devices) and how
 * links are to be configured (phase wiring). Each concept file (bridge.ts, port.ts …)
 * turns its statements into these; diff.ts and destroy.ts never look at statements.
 */
import type { Command } from '../../exec/command.js';
import type { Diagnostic, Span } from '../../lang/diagnostics.js';
import type { Feature } from './features.js';
import type { LinkState, PortVlans } from './state.js';

export interface NamespaceSpec {
  name: string;
  span: Span;
  explain: string;
}

/** A kernel device vsh creates in the host's own namespace. */
export interface DeviceSpec {
  name: string;
  /** The `info_kind` the kernel reports for it (a tap is `tun`). */
  kind: string;
  /** For people: "veth red-p (peer red:eth0)". */
  label: string;
  span: Span;
  feature: Feature;
  /** The creating commands (the alias mark is added by the differ). */
  create: Command[];
  /** Settings fixed at creation (`id`, `remote`, `mode`, `peer` …) → wanted value; a difference means re-creating it. */
  fixed: Record<string, string | number>;
  explain: string;
}

/** How one link should be; an absent field is not vsh's business. */
export interface LinkWant {
  name: string;
  /** Inside this namespace (undefined: the host's own). */
  ns?: string;
  /**
   * Who makes the link: a Linux device of this plan (`device`, fresh when it is new), another
   * driver (`other`, e.g. an OVS bridge or internal port: fresh when not there yet), or
   * nobody (`existing`, a NIC: when missing there is nothing to configure, and read() says so).
   */
  origin: 'device' | 'other' | 'existing';
  /** For `device` links: how the link looks right after creation (what `create` already set), so wiring adds only the rest. */
  fresh?: LinkState;
  mtu?: number;
  master?: string;
  /** Bring it down before enslaving it (bond slaves: the kernel refuses an up slave). */
  downFirst?: boolean;
  stp?: boolean;
  vlanFiltering?: boolean;
  /** Exactly these IPv4 addresses. */
  addresses?: string[];
  /** VLAN membership on a filtering Linux bridge. */
  vlans?: PortVlans;
  up?: boolean;
}

/** The configuration of one statement's links (phase wiring): one step when something differs. */
export interface WiringSpec {
  label: string;
  span: Span;
  explain: string;
  /** The Linux device whose links these are, if vsh creates it. */
  device?: string;
  /** In command order; the device's own link (else the first) is the statement's, changes of the others name their link. */
  links: LinkWant[];
}

/** An interface a statement needs that nobody in the model creates (checked when the host is read). */
export interface Need {
  name: string;
  /** For the message: "'vlan ens224.10' stacks on it". */
  why: string;
  span: Span;
}

export interface Desired {
  namespaces: NamespaceSpec[];
  devices: DeviceSpec[];
  wiring: WiringSpec[];
  /** Namespaces that veth peers go into (declared or assumed to exist), with the first port that names each. */
  peerNamespaces: Map<string, Span>;
  needs: Need[];
  /** Model problems only a driver sees (e.g. an internal port on a Linux bridge). */
  problems: Diagnostic[];
  /** Whose links these are (ownership.ts): the alias they get, and which undeclared ones to remove. */
  project?: string;
}

/** A link as it is right after creation: down, no addresses, no master. */
export function freshLink(name: string, extra: Partial<LinkState> = {}): LinkState {
  return { name, ifindex: 0, up: false, addresses: [], settings: {}, ...extra };
}
