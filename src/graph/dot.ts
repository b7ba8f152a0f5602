/** Topology → Graphviz DOT: one cluster per host, tunnels dashed between clusters. */
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

/** DOT string literal (escapes quotes and backslashes; lines joined with \n). */
const str = (lines: string[] | string) => `"${(Array.isArray(lines) ? lines.filter(Boolean) : [lines]).map((l) => l.replace(/["\\]/g, '\\$&')).join('\\n')}"`;

export function toDot(t: Topology): string {
  const out = ['digraph vsh {', '  rankdir=LR;', '  compound=true;', '  node [fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=9, arrowhead=none];'];
  t.hosts.forEach((host, i) => {
    out.push(`  subgraph cluster_${i} {`, `    label=${str(host)};`, '    style="rounded"; color="#7a7a7a";');
    for (const n of t.nodes.filter((x) => x.host === host)) out.push(`    ${n.id} [label=${str(n.label)}, ${SHAPE[n.kind]}];`);
    out.push('  }');
  });
  for (const e of t.edges) {
    const attrs = [e.label ? `label=${str(e.label)}` : '', e.tunnel ? 'style=dashed, penwidth=2, color="#1f5fbf", constraint=false' : ''].filter(Boolean).join(', ');
    out.push(`  ${e.from} -> ${e.to}${attrs ? ` [${attrs}]` : ''};`);
  }
  out.push('}');
  return out.join('\n') + '\n';
}
