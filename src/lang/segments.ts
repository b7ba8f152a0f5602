/**
 * The layer-2 graph: bridges (`host/bridge`) are nodes, tunnels are edges, and a tunnel
 * carries the VLANs of its `trunk` list, or every VLAN (and untagged frames) without one.
 * Shared by the loop check (VN122), the duplicate-address check (VN132), and the graph
 * and lowering code. Everything here is near-linear so that 10k-tunnel scripts stay fast.
 */
import type { VlanItem } from './ast.js';
import { hostKey, type HostKey, type TunnelObj } from './model.js';
import { VLAN_MAX, VLAN_MIN } from './vlans.js';

/** How messages name a bridge: `br-int@hostA`. */
export const bridgeLabel = (host: string, bridge: string): string => `${bridge}@${host}`;

/** How messages name the bridge of a graph node: `hostA/br-int` is `br-int@hostA` (host names have no '/'). */
export function nodeLabel(node: HostKey): string {
  const slash = node.indexOf('/');
  return bridgeLabel(node.slice(0, slash), node.slice(slash + 1));
}

/** How messages name a tunnel: `gre br-int@hostA <-> br-int@hostB`. */
export function tunnelLabel(t: TunnelObj): string {
  const [a, b] = t.ends;
  return `${t.type} ${bridgeLabel(a.host, a.bridge)} <-> ${bridgeLabel(b.host, b.bridge)}`;
}

/** Inclusive VLAN ranges, sorted and merged. */
export type VlanIntervals = ReadonlyArray<readonly [number, number]>;

/**
 * A trunk list as ranges, clamped to 1–4094 (ids outside are VN110's business, and a
 * trunk never carries untagged frames, VLAN 0); reversed ranges carry nothing.
 */
export function toIntervals(items: readonly VlanItem[]): VlanIntervals {
  const ranges = items
    .map(({ from, to }) => [Math.max(from, VLAN_MIN), Math.min(to, VLAN_MAX)] as [number, number])
    .filter(([f, t]) => f <= t)
    .sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else out.push(r);
  }
  return out;
}

/** Every id in the ranges (for messages). */
export function* intervalIds(intervals: VlanIntervals): Generator<number> {
  for (const [f, t] of intervals) for (let v = f; v <= t; v++) yield v;
}

/** A tunnel as an edge between two bridges. */
export interface L2Edge {
  /** Position in `model.tunnels` (source order). */
  index: number;
  tunnel: TunnelObj;
  a: HostKey;
  b: HostKey;
  /** The VLANs carried; undefined = all of them (no trunk list). */
  vlans?: VlanIntervals;
}

/** Every tunnel as an edge, in source order. */
export function tunnelEdges(tunnels: readonly TunnelObj[]): L2Edge[] {
  return tunnels.map((tunnel, index) => {
    const [a, b] = tunnel.ends;
    const e: L2Edge = { index, tunnel, a: hostKey(a.host, a.bridge), b: hostKey(b.host, b.bridge) };
    if (tunnel.stmt.trunk) e.vlans = toIntervals(tunnel.stmt.trunk.value);
    return e;
  });
}

/** Whether an edge carries VLAN `vid` (0 = untagged, carried only without a trunk list). */
export function carries(e: Pick<L2Edge, 'vlans'>, vid: number): boolean {
  return !e.vlans || e.vlans.some(([f, t]) => vid >= f && vid <= t);
}

/** Disjoint sets of string keys; unknown keys are singletons. */
export class UnionFind {
  private readonly parent = new Map<string, string>();

  find(x: string): string {
    let p = this.parent.get(x);
    while (p !== undefined && p !== x) {
      const grand = this.parent.get(p) ?? p;
      this.parent.set(x, grand); // path halving
      x = grand;
      p = this.parent.get(x);
    }
    return x;
  }

  /** Join the sets of `a` and `b`; false if they were already one (the edge closes a cycle). */
  union(a: string, b: string): boolean {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return false;
    this.parent.set(ra, rb);
    return true;
  }
}

/** VLAN ids that the same trunked edges carry: the graph is the same for all of them. */
export interface VlanClass {
  vlans: VlanIntervals;
  /** The trunked edges carrying these VLANs, in source order. */
  edges: L2Edge[];
}

/**
 * Group the VLANs named in trunk lists by which trunked edges carry them, so that a
 * per-VLAN computation runs once per distinct graph, not once per id (VLANs in no trunk
 * list see only the untrunked edges). Cost: the ranges' boundaries, not the ids.
 */
export function vlanClasses(edges: readonly L2Edge[]): VlanClass[] {
  const trunked = edges.filter((e) => e.vlans);
  const cuts = new Set<number>();
  for (const e of trunked) for (const [f, t] of e.vlans!) cuts.add(f).add(t + 1);
  const points = [...cuts].sort((x, y) => x - y);
  const slot = new Map(points.map((p, i) => [p, i]));
  const members: L2Edge[][] = points.map(() => []);
  for (const e of trunked) {
    for (const [f, t] of e.vlans!) for (let i = slot.get(f)!; points[i]! <= t; i++) members[i]!.push(e);
  }
  const bySignature = new Map<string, { vlans: Array<[number, number]>; edges: L2Edge[] }>();
  members.forEach((list, i) => {
    if (list.length === 0) return;
    const range: [number, number] = [points[i]!, points[i + 1]! - 1];
    const sig = list.map((e) => e.index).join(',');
    const c = bySignature.get(sig);
    if (c) c.vlans.push(range);
    else bySignature.set(sig, { vlans: [range], edges: list });
  });
  return [...bySignature.values()];
}

/**
 * Broadcast domains: which bridges a VLAN's frames reach across tunnels. Untrunked
 * edges join bridges for every VLAN once; each VLAN asked about then adds only the
 * trunked edges that carry it, on top of those components.
 */
export class Segments {
  private readonly all = new UnionFind();
  private readonly perVlan = new Map<number, UnionFind>();
  private readonly trunked: L2Edge[];

  constructor(edges: readonly L2Edge[]) {
    for (const e of edges) if (!e.vlans) this.all.union(e.a, e.b);
    this.trunked = edges.filter((e) => e.vlans);
  }

  /** A name for the segment of VLAN `vid` (0 = untagged) on bridge `node`: equal names, one segment. */
  id(node: HostKey, vid: number): string {
    let uf = this.perVlan.get(vid);
    if (!uf) {
      uf = new UnionFind();
      for (const e of this.trunked) if (carries(e, vid)) uf.union(this.all.find(e.a), this.all.find(e.b));
      this.perVlan.set(vid, uf);
    }
    return `${vid} ${uf.find(this.all.find(node))}`;
  }
}
