/**
 * What the Linux driver knows about a host: its links (from `ip -json -details addr
 * show`, which gives kind, settings, master, flags, alias and addresses in one read),
 * the links of the namespaces the model names, bridge VLAN membership and kernel
 * features. Parsing never throws: odd output reads as "nothing there".
 */
import type { Feature } from './features.js';

/** One network interface as the kernel reports it. */
export interface LinkState {
  name: string;
  ifindex: number;
  /** `linkinfo.info_kind`: bridge, veth, tun, vxlan, gretap, geneve, macvtap, vlan, bond; absent for NICs and lo. */
  kind?: string;
  mtu?: number;
  /** The bridge or bond it is enslaved to. */
  master?: string;
  /** Administratively up (the UP flag, whatever the carrier). */
  up: boolean;
  alias?: string;
  /** IPv4 addresses as `A.B.C.D/LEN` (host-scope ones such as 127.0.0.1 left out). */
  addresses: string[];
  /** `link`: the lower device of a VLAN or macvtap. */
  parent?: string;
  /** A veth's other end as `NS:IFNAME` (`:IFNAME` in the same namespace), when it was found. */
  peer?: string;
  /** `linkinfo.info_data` values (stp_state, vlan_filtering, id, remote, local, port, mode, type …). */
  settings: Record<string, string | number | boolean>;
  /** `link_index`/`link_netnsid`: where a veth's peer is, for matching it across namespaces. */
  peerIndex?: number;
  peerNetnsId?: number;
}

/** A route of the main table, as `ip -json route show` gives it (what is needed to make it again). */
export interface RouteState {
  dst: string;
  dev: string;
  gateway?: string;
  metric?: number;
  /** Absent: `boot` (added by hand or by a script). `kernel`: a connected route the address brings along. */
  protocol?: string;
  scope?: string;
  prefsrc?: string;
  onlink?: boolean;
}

/** VLAN membership of one bridge port: vid → flags. */
export type PortVlans = Map<number, { pvid: boolean; untagged: boolean }>;

export interface LinuxState {
  /** False when planning offline: an empty host, with the NICs the model names assumed present. */
  read: boolean;
  /** Links of the host's own namespace, by name. */
  links: Map<string, LinkState>;
  /** Links of each namespace the model names that exists on the host (absent: no such namespace). */
  namespaces: Map<string, Map<string, LinkState>>;
  /** `bridge vlan show`, by port name (only read when the model puts VLANs on a Linux bridge). */
  vlans: Map<string, PortVlans>;
  /** Kernel features present; undefined = not read (offline), every feature assumed present. */
  features?: ReadonlySet<Feature>;
  /** The main routing table (only read when a bridge has an uplink and an address: uplink.ts moves the NIC's routes). */
  routes?: RouteState[];
}

export function emptyState(read = false): LinuxState {
  return { read, links: new Map(), namespaces: new Map(), vlans: new Map() };
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** JSON output of a probe, or undefined when it is not a JSON array. */
export function jsonArray(text: string | undefined): unknown[] | undefined {
  if (!text?.trim()) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

function parseLink(j: Json): LinkState | undefined {
  const name = str(j.ifname);
  const ifindex = num(j.ifindex);
  if (!name || ifindex === undefined) return undefined;
  const info = isObj(j.linkinfo) ? j.linkinfo : {};
  const data = isObj(info.info_data) ? info.info_data : {};
  const settings: LinkState['settings'] = {};
  for (const [k, v] of Object.entries(data)) if (['string', 'number', 'boolean'].includes(typeof v)) settings[k] = v as string | number | boolean;
  const flags = Array.isArray(j.flags) ? j.flags : [];
  const addrs = Array.isArray(j.addr_info) ? j.addr_info.filter(isObj) : [];
  const link: LinkState = {
    name,
    ifindex,
    up: flags.includes('UP'),
    addresses: addrs.filter((a) => a.family === 'inet' && a.scope !== 'host' && str(a.local) && num(a.prefixlen) !== undefined).map((a) => `${a.local}/${a.prefixlen}`),
    settings,
  };
  const kind = str(info.info_kind);
  if (kind) link.kind = kind;
  const mtu = num(j.mtu);
  if (mtu !== undefined) link.mtu = mtu;
  const master = str(j.master);
  if (master) link.master = master;
  const alias = str(j.ifalias);
  if (alias) link.alias = alias;
  const parent = str(j.link);
  if (parent) link.parent = parent;
  const peerIndex = num(j.link_index);
  if (peerIndex !== undefined) link.peerIndex = peerIndex;
  const peerNetnsId = num(j.link_netnsid);
  if (peerNetnsId !== undefined) link.peerNetnsId = peerNetnsId;
  return link;
}

/** `ip -json -details addr show` → links by name. */
export function parseLinks(text: string | undefined): Map<string, LinkState> {
  const links = new Map<string, LinkState>();
  for (const j of jsonArray(text) ?? []) {
    const link = isObj(j) ? parseLink(j) : undefined;
    if (link) links.set(link.name, link);
  }
  return links;
}

/**
 * Name each veth's other end: in the same namespace iproute2 gives its name (`link`);
 * across namespaces only indexes, so the peer is the veth in a read namespace whose
 * ifindex is our `link_index` and whose `link_index` is our ifindex.
 */
export function findPeers(links: Map<string, LinkState>, namespaces: Map<string, Map<string, LinkState>>): void {
  for (const link of links.values()) {
    if (link.kind !== 'veth') continue;
    if (link.peerNetnsId === undefined) {
      if (link.parent) link.peer = `:${link.parent}`;
      continue;
    }
    for (const [ns, nsLinks] of namespaces) {
      const peer = [...nsLinks.values()].find((l) => l.kind === 'veth' && l.ifindex === link.peerIndex && l.peerIndex === link.ifindex);
      if (peer) link.peer = `${ns}:${peer.name}`;
    }
  }
}

/** `bridge -json vlan show` → VLAN membership by port name (ranges expanded). */
export function parseBridgeVlans(text: string | undefined): Map<string, PortVlans> {
  const out = new Map<string, PortVlans>();
  for (const j of jsonArray(text) ?? []) {
    if (!isObj(j) || !str(j.ifname) || !Array.isArray(j.vlans)) continue;
    const vids: PortVlans = new Map();
    for (const v of j.vlans.filter(isObj)) {
      const from = num(v.vlan);
      if (from === undefined) continue;
      const flags = Array.isArray(v.flags) ? v.flags : [];
      for (let vid = from; vid <= (num(v.vlanEnd) ?? from); vid++) vids.set(vid, { pvid: flags.includes('PVID'), untagged: flags.includes('Egress Untagged') });
    }
    out.set(j.ifname as string, vids);
  }
  return out;
}

/** `ip -json route show` → routes; odd entries are skipped. */
export function parseRoutes(text: string | undefined): RouteState[] {
  const out: RouteState[] = [];
  for (const j of jsonArray(text) ?? []) {
    if (typeof j !== 'object' || j === null) continue;
    const r = j as Record<string, unknown>;
    if (typeof r.dst !== 'string' || typeof r.dev !== 'string') continue;
    const route: RouteState = { dst: r.dst, dev: r.dev };
    if (typeof r.gateway === 'string') route.gateway = r.gateway;
    if (typeof r.metric === 'number') route.metric = r.metric;
    if (typeof r.protocol === 'string') route.protocol = r.protocol;
    if (typeof r.scope === 'string') route.scope = r.scope;
    if (typeof r.prefsrc === 'string') route.prefsrc = r.prefsrc;
    if (Array.isArray(r.flags) && r.flags.includes('onlink')) route.onlink = true;
    out.push(route);
  }
  return out;
}
