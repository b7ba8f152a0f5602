/** Topology → Mermaid flowchart: hosts as subgraphs in declaration order, tunnels as dotted links. */
import type { NodeKind, Topology } from './topology.js';

const SHAPE: Record<NodeKind, [string, string]> = {
  bridge: ['([', '])'],
  port: ['[', ']'],
  namespace: ['[[', ']]'],
  network: ['[/', '/]'],
  macvtap: ['[', ']'],
  bond: ['{{', '}}'],
  nic: ['>', ']'],
  guest: ['[(', ')]'],
  vlan: ['[', ']'],
  host: ['[/', '\\]'],
  container: ['[[', ']]'],
  dhcp: ['[(', ')]'],
  lswitch: ['([', '])'],
  lrouter: ['{{', '}}'],
};

/** Mermaid label text: quoted, with `"` as #quot; and line breaks as <br/>. */
const text = (lines: string[]) => `"${lines.filter(Boolean).map((l) => l.replace(/"/g, '#quot;')).join('<br/>')}"`;

export function toMermaid(t: Topology): string {
  const out = ['flowchart LR'];
  t.hosts.forEach((host, i) => {
    out.push(`  subgraph host_${i}[${text([host])}]`);
    for (const n of t.nodes.filter((x) => x.host === host)) {
      const [open, close] = SHAPE[n.kind];
      out.push(`    ${n.id}${open}${text(n.label)}${close}`);
    }
    out.push('  end');
  });
  // Hosts in declaration order, left to right: Mermaid's layout places subgraphs as their
  // edges suggest (a tunnel from the third host to the first drew it first), so an invisible
  // link chains the hosts in the order they were declared, as dot.ts's anchors do.
  if (t.hosts.length > 1) out.push(`  ${t.hosts.map((_, i) => `host_${i}`).join(' ~~~ ')}`);
  for (const e of t.edges) {
    const link = e.tunnel ? '-.-' : '---';
    out.push(`  ${e.from} ${link}${e.label ? `|${text(e.label.split('\n'))}|` : ''} ${e.to}`);
  }
  return out.join('\n') + '\n';
}
