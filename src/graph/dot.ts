/** Topology → Graphviz DOT: one cluster per host in declaration order, each tunnel a dashed node beside them. */
import type { NodeKind, Topology } from './topology.js';

const SHAPE: Record<NodeKind, string> = {
  bridge: 'shape=box, style="rounded,filled", fillcolor="#dbe9ff"',
  port: 'shape=box, style=filled, fillcolor="#f4f4f4"',
  namespace: 'shape=component, style=filled, fillcolor="#e3f5e1"',
  network: 'shape=folder, style=filled, fillcolor="#fff2cc"',
  macvtap: 'shape=box, style=filled, fillcolor="#fde4e4"',
  bond: 'shape=box3d',
  nic: 'shape=cds, style=filled, fillcolor="#eeeeee"',
  guest: 'shape=box3d, style=filled, fillcolor="#e8dcf5"',
  vlan: 'shape=box, style="dashed,filled", fillcolor="#f4f4f4"',
  host: 'shape=house, style=filled, fillcolor="#eeeeee"',
  container: 'shape=component, style="filled,bold", fillcolor="#d5f0f5"',
  dhcp: 'shape=cylinder, style=filled, fillcolor="#fff0d9"',
  lswitch: 'shape=box, style="rounded,filled", fillcolor="#d5f0ee"',
  lrouter: 'shape=octagon, style=filled, fillcolor="#ffe0b3"',
};

const TUNNEL = 'shape=box, style="dashed,rounded", color="#1f5fbf", fontcolor="#1f5fbf"';
const TUNNEL_EDGE = 'style=dashed, penwidth=2, color="#1f5fbf"';

/** DOT string literal (escapes quotes and backslashes; lines joined with \n). */
const str = (lines: string[] | string) => `"${(Array.isArray(lines) ? lines.filter(Boolean) : [lines]).map((l) => l.replace(/["\\]/g, '\\$&')).join('\\n')}"`;

export function toDot(t: Topology): string {
  const out = ['digraph vsh {', '  rankdir=LR;', '  compound=true;', '  node [fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=9, arrowhead=none];'];
  // Hosts in declaration order, top to bottom: Graphviz orders clusters as crossings suggest,
  // so each holds an invisible anchor, and the anchors share one rank in that order (a flat
  // edge keeps its tail above its head; newrank lets a rank span clusters). A short crossing
  // search (mclimit) keeps that order: the full one swapped a host with few nodes (vxlan-overlay's hv1).
  const anchors = t.hosts.length > 1;
  if (anchors) out.push('  newrank=true;', '  mclimit=0.01;');
  t.hosts.forEach((host, i) => {
    out.push(`  subgraph cluster_${i} {`, `    label=${str(host)};`, '    style="rounded"; color="#7a7a7a";');
    if (anchors) out.push(`    anchor_${i} [label="", style=invis, width=0, height=0, fixedsize=true];`);
    for (const n of t.nodes.filter((x) => x.host === host)) out.push(`    ${n.id} [label=${str(n.label)}, ${SHAPE[n.kind]}];`);
    out.push('  }');
  });
  if (anchors) {
    const ids = t.hosts.map((_, i) => `anchor_${i}`);
    out.push(`  { rank=same; ${ids.join('; ')}; }`, `  ${ids.join(' -> ')} [style=invis];`);
  }
  t.edges.forEach((e, i) => {
    if (e.tunnel) {
      // A tunnel is a node of its own outside the host clusters, not a label on a long edge:
      // Graphviz places nodes clear of each other, so the label never lands on a host. Both
      // bridges point at it, so the tunnels form a column right of the hosts and the hosts
      // stay stacked in declaration order (an edge from one host into another reordered them).
      const id = `tunnel_${i}`;
      out.push(`  ${id} [label=${str(e.label?.split('\n') ?? '')}, ${TUNNEL}];`);
      out.push(`  ${e.from} -> ${id} [${TUNNEL_EDGE}];`, `  ${e.to} -> ${id} [${TUNNEL_EDGE}];`);
      return;
    }
    out.push(`  ${e.from} -> ${e.to}${e.label ? ` [label=${str(e.label.split('\n'))}]` : ''};`);
  });
  out.push('}');
  return out.join('\n') + '\n';
}
