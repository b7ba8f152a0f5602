/**
 * VN122: layer-2 loops among bridges with STP off. A bridge with `stp on` leaves the
 * graph (STP breaks the loop there), and so do tunnels to the same host (VN120) and a
 * tunnel that repeats another between the same bridges (VN123 is the sharper diagnosis).
 * VLAN v loops when the tunnels carrying it form a cycle. Each independent cycle (one per
 * tunnel that closes it over a spanning forest) is reported once, with the VLANs it loops.
 */
import { diag, type Diagnostic } from '../diagnostics.js';
import type { HostKey } from '../model.js';
import {
  intervalIds,
  nodeLabel,
  tunnelEdges,
  tunnelLabel,
  UnionFind,
  vlanClasses,
  type L2Edge,
  type VlanIntervals,
} from '../segments.js';
import { formatVlans } from '../vlans.js';
import { tunnelClashes } from './duplicate-tunnels.js';
import type { CheckRule } from './rule.js';

/** A node of a rooted tree: its parent and the edge to it (none at the root). */
interface TreeNode {
  node: HostKey;
  depth: number;
  parent?: TreeNode;
  edge?: L2Edge;
}

/** A spanning forest that answers "which tree edges join x and y". */
class Forest {
  private readonly adj = new Map<HostKey, Array<[HostKey, L2Edge]>>();
  private readonly rooted = new Map<HostKey, TreeNode>();

  constructor(edges: readonly L2Edge[]) {
    const link = (x: HostKey, y: HostKey, e: L2Edge) => {
      const list = this.adj.get(x);
      if (list) list.push([y, e]);
      else this.adj.set(x, [[y, e]]);
    };
    for (const e of edges) {
      link(e.a, e.b, e);
      link(e.b, e.a, e);
    }
  }

  /** Root x's tree at x (once), breadth first. */
  private root(x: HostKey): void {
    if (this.rooted.has(x)) return;
    const queue: TreeNode[] = [{ node: x, depth: 0 }];
    this.rooted.set(x, queue[0]!);
    for (let i = 0; i < queue.length; i++) {
      const t = queue[i]!;
      for (const [m, edge] of this.adj.get(t.node) ?? []) {
        if (this.rooted.has(m)) continue;
        const child = { node: m, depth: t.depth + 1, parent: t, edge };
        this.rooted.set(m, child);
        queue.push(child);
      }
    }
  }

  /** The tree path from x to y: its nodes (x first, y last) and the edges between them. */
  path(x: HostKey, y: HostKey): { nodes: HostKey[]; edges: L2Edge[] } | undefined {
    this.root(x);
    const to = this.rooted.get(y);
    if (!to) return undefined;
    let a: TreeNode = this.rooted.get(x)!;
    let b: TreeNode = to;
    const [xNodes, xEdges, yNodes, yEdges] = [[x], [] as L2Edge[], [y], [] as L2Edge[]];
    while (a !== b) {
      const deeperA: boolean = a.depth >= b.depth;
      const t: TreeNode = deeperA ? a : b;
      (deeperA ? xEdges : yEdges).push(t.edge!);
      (deeperA ? xNodes : yNodes).push(t.parent!.node);
      if (deeperA) a = t.parent!;
      else b = t.parent!;
    }
    yNodes.pop(); // the meeting point, already last of xNodes
    return { nodes: [...xNodes, ...yNodes.reverse()], edges: [...xEdges, ...yEdges.reverse()] };
  }
}

/** A cycle: edge i joins nodes[i] and nodes[i+1] (wrapping); `vlans` undefined = every VLAN. */
interface Cycle {
  nodes: HostKey[];
  edges: L2Edge[];
  vlans?: Array<readonly [number, number]>;
}

/**
 * An order-free fingerprint of a set of tunnels (length and two mixed sums), so that a
 * cycle found again for other VLANs is recognised without sorting or long string keys;
 * a matching fingerprint is confirmed by comparing the sets.
 */
function fingerprint(edges: readonly L2Edge[]): string {
  let h1 = 0;
  let h2 = 0;
  for (const { index } of edges) {
    h1 = (h1 + Math.imul(index + 1, 0x9e3779b1)) | 0;
    h2 = (h2 + Math.imul((index + 1) ^ 0x5bd1e995, 0x85ebca6b)) | 0;
  }
  return `${edges.length} ${h1} ${h2}`;
}

const sameSet = (x: readonly L2Edge[], y: readonly L2Edge[]) => {
  const ys = new Set(y);
  return x.length === y.length && x.every((e) => ys.has(e));
};

/** Add the cycle each closing edge makes with the forest, merging repeats (same tunnels, other VLANs). */
function collectCycles(tree: readonly L2Edge[], closing: readonly L2Edge[], found: Map<string, Cycle[]>, vlans?: VlanIntervals): void {
  if (closing.length === 0) return;
  const forest = new Forest(tree);
  for (const e of closing) {
    const path = forest.path(e.b, e.a);
    if (!path) continue;
    const edges = [...path.edges, e];
    const key = fingerprint(edges);
    const bucket = found.get(key);
    const seen = bucket?.find((c) => sameSet(c.edges, edges));
    const cycle: Cycle = { nodes: path.nodes, edges, ...(vlans ? { vlans: [...vlans] } : {}) };
    if (seen?.vlans) for (const v of vlans ?? []) seen.vlans.push(v);
    else if (bucket) bucket.push(cycle);
    else found.set(key, [cycle]);
  }
}

/** How many bridges a message names, and tunnels it points at, before a long loop is cut short. */
const MAX_SHOWN = 16;

/**
 * The loop as read: `a -> b -> c -> a`, from the first tunnel in the script in the
 * direction it is written; the middle of a very long loop is left out.
 */
function describeLoop(c: Cycle): string {
  const n = c.nodes.length;
  let i = 0;
  c.edges.forEach((e, k) => {
    if (e.index < c.edges[i]!.index) i = k;
  });
  const forward = c.nodes[i] === c.edges[i]!.a;
  const at = (k: number) => nodeLabel(c.nodes[forward ? (i + k) % n : (((i + 1 - k) % n) + n) % n]!);
  const labels = (from: number, to: number) => Array.from({ length: to - from }, (_, j) => at(from + j));
  const half = MAX_SHOWN / 2;
  const names = n + 1 <= MAX_SHOWN ? labels(0, n + 1) : [...labels(0, half), `… ${n + 1 - MAX_SHOWN} more …`, ...labels(n + 1 - half, n + 1)];
  return names.join(' -> ');
}

/** Union-find over the untrunked tunnels, then once per class of VLANs that the same trunks carry. */
function findCycles(edges: readonly L2Edge[]): Cycle[] {
  const found = new Map<string, Cycle[]>();
  const all = new UnionFind();
  const tree: L2Edge[] = [];
  const closing: L2Edge[] = [];
  for (const e of edges) if (!e.vlans) (all.union(e.a, e.b) ? tree : closing).push(e);
  collectCycles(tree, closing, found);
  for (const cls of vlanClasses(edges)) {
    const uf = new UnionFind();
    const more: L2Edge[] = [];
    const closes: L2Edge[] = [];
    for (const e of cls.edges) (uf.union(all.find(e.a), all.find(e.b)) ? more : closes).push(e);
    if (closes.length) collectCycles([...tree, ...more], closes, found, cls.vlans);
  }
  return [...found.values()].flat();
}

/** VN122: tunnels carrying some VLAN form a cycle among bridges with STP off. */
export const l2Loops: CheckRule = {
  id: 'l2-loops',
  codes: ['VN122'],
  check({ model }) {
    const stpOn = (k: HostKey) => model.bridges.get(k)?.stmt.stp?.value === 'on';
    const repeats = new Set(tunnelClashes(model.tunnels).flatMap((c) => (c.sameBridges ? [c.second] : [])));
    const edges = tunnelEdges(model.tunnels).filter(
      (e) => e.tunnel.ends[0].host !== e.tunnel.ends[1].host && !stpOn(e.a) && !stpOn(e.b) && !repeats.has(e.tunnel),
    );
    return findCycles(edges).map((c): Diagnostic => {
      const closer = c.edges.reduce((x, y) => (y.index > x.index ? y : x));
      const others = c.edges.filter((e) => e !== closer);
      // Source order for a loop that fits a message; a long one shows the tunnels after its start.
      const shown = others.length <= MAX_SHOWN ? others.sort((x, y) => x.index - y.index) : others.slice(0, MAX_SHOWN);
      const on = c.vlans ? ` on VLAN ${formatVlans(intervalIds(c.vlans))}` : '';
      return diag('VN122', closer.tunnel.stmt.span, `layer-2 loop${on}: ${describeLoop(c)} (stp is off on these bridges)`, {
        hint: c.vlans
          ? `keep the VLAN off one of these tunnels' trunk lists, remove a tunnel, or set 'stp on' on the bridges`
          : `remove one of these tunnels, split the VLANs between them with 'trunk' lists, or set 'stp on' on the bridges`,
        related: shown.map((e) => ({ span: e.tunnel.stmt.span, message: `tunnel ${tunnelLabel(e.tunnel)} is part of the loop` })),
      });
    });
  },
};
