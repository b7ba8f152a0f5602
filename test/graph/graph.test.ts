/** vsh graph: golden DOT and Mermaid for every example (checked by a person), and an SVG that renders. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toDot } from '../../src/graph/dot.js';
import { toMermaid } from '../../src/graph/mermaid.js';
import { dotToSvg } from '../../src/graph/svg.js';
import { nodeId, topologyOf } from '../../src/graph/topology.js';
import { frontEnd } from '../../src/lang/pipeline.js';
import { expectGolden } from '../helpers.js';

const examples = readdirSync('examples').filter((f) => f.endsWith('.vnet')).sort();
const model = (file: string) => frontEnd([{ file, text: readFileSync(`examples/${file}`, 'utf8') }]).model;

describe('graph', () => {
  for (const file of examples) {
    it(`${file}: DOT and Mermaid match their goldens`, () => {
      const t = topologyOf(model(file));
      expectGolden(new URL(`./golden/${file.replace('.vnet', '.dot')}`, import.meta.url), toDot(t));
      expectGolden(new URL(`./golden/${file.replace('.vnet', '.mmd')}`, import.meta.url), toMermaid(t));
    });
  }

  it('is deterministic: the same model draws the same text', () => {
    expect(toDot(topologyOf(model('gre-vlan-namespaces.vnet')))).toBe(toDot(topologyOf(model('gre-vlan-namespaces.vnet'))));
  });

  it('draws the GRE lab: host clusters, VLANs on ports, the tunnel labelled with type and trunk', () => {
    const t = topologyOf(model('gre-vlan-namespaces.vnet'));
    expect(t.hosts).toEqual(['hostA', 'hostB']);
    const tunnel = t.edges.find((e) => e.tunnel)!;
    expect(tunnel).toMatchObject({ from: nodeId('hostA', 'br', 'br-int'), to: nodeId('hostB', 'br', 'br-int'), label: 'gre trunk 10,20\ngre-hostB@hostA <-> gre-hostA@hostB\n10.200.0.1 <-> 10.200.0.2' });
    expect(t.nodes.find((n) => n.id === nodeId('hostA', 'port', 'red-p'))?.label).toEqual(['red-p', 'veth, VLAN 10']);
  });

  it('draws a container where its port plugs in, as a container with its runtime and image (one node, not a namespace too)', () => {
    const text = `host hostA local\nbridge br-c on hostA\ncontainer web1 on hostA image localhost/vsh-busybox:latest\nport web1-p on br-c@hostA type veth peer web1:eth0 address 10.50.0.11/24\ncontainer idle on hostA image busybox runtime docker\n`;
    const t = topologyOf(frontEnd([{ file: 't.vnet', text }]).model);
    const web1 = t.nodes.filter((n) => n.label[0] === 'web1');
    expect(web1).toEqual([{ id: nodeId('hostA', 'ns', 'web1'), host: 'hostA', kind: 'container', label: ['web1', 'podman localhost/vsh-busybox:latest'] }]);
    expect(t.nodes.find((n) => n.label[0] === 'idle')).toMatchObject({ kind: 'container', label: ['idle', 'docker busybox'] });
    expect(t.edges).toContainEqual({ from: nodeId('hostA', 'ns', 'web1'), to: nodeId('hostA', 'port', 'web1-p'), label: 'eth0 10.50.0.11/24' });
    expect(toDot(t)).toContain('shape=component, style="filled,bold"');
  });

  it('tells two tunnels between the same hosts apart: key/VNI, both ends, the underlay addresses', () => {
    const labels = topologyOf(model('geneve-overlay.vnet')).edges.filter((e) => e.tunnel).map((e) => e.label);
    expect(new Set(labels).size).toBe(labels.length);
    for (const l of labels) expect(l).toMatch(/^geneve vni \d+\n\S+@node1 <-> \S+@node2\n\S+ <-> \S+$/);
  });

  it('shows addresses held by internal ports and VLAN sub-interfaces, and a VLAN on its bond', () => {
    const text = 'host h1 local\nbridge br0 on h1\nport mgmt0 type internal tag 30 address 10.30.0.2/24\nbond bond-st on h1 slaves eno1,eno2 mode 802.3ad\nvlan bond-st.300 address 10.3.0.5/24\n';
    const t = topologyOf(frontEnd([{ file: 't.vnet', text }]).model);
    expect(t.nodes.find((n) => n.id === nodeId('h1', 'port', 'mgmt0'))?.label).toEqual(['mgmt0', 'internal, VLAN 30', '10.30.0.2/24']);
    expect(t.nodes.find((n) => n.id === nodeId('h1', 'vlan', 'bond-st.300'))?.label).toEqual(['bond-st.300', 'VLAN 300', '10.3.0.5/24']);
    expect(t.edges).toContainEqual({ from: nodeId('h1', 'vlan', 'bond-st.300'), to: nodeId('h1', 'bond', 'bond-st') });
  });

  /** Bounding boxes (x1, y1, x2, y2) of the SVG groups whose <title> matches, from the numbers of their path/polygon. */
  const boxes = (svg: string, title: RegExp) =>
    [...svg.matchAll(/<g id="[^"]*" class="(?:cluster|node)">\s*<title>([^<]*)<\/title>\s*<(?:path|polygon)[^>]*(?:d|points)="([^"]*)"/g)]
      .filter((m) => title.test(m[1]!))
      .map((m) => {
        const n = m[2]!.match(/-?\d+(\.\d+)?/g)!.map(Number);
        const xs = n.filter((_, i) => i % 2 === 0);
        const ys = n.filter((_, i) => i % 2 === 1);
        return { title: m[1]!, x1: Math.min(...xs), y1: Math.min(...ys), x2: Math.max(...xs), y2: Math.max(...ys) };
      });

  it('lays out hosts top to bottom in declaration order, with every tunnel label clear of every host', async () => {
    for (const file of ['gre-vlan-namespaces.vnet', 'geneve-overlay.vnet', 'vxlan-overlay.vnet']) {
      const svg = await dotToSvg(toDot(topologyOf(model(file))));
      const clusters = boxes(svg, /^cluster_\d+$/).sort((a, b) => Number(a.title.slice(8)) - Number(b.title.slice(8)));
      const tunnels = boxes(svg, /^tunnel_\d+$/);
      expect(clusters.length, file).toBe(topologyOf(model(file)).hosts.length);
      expect(tunnels.length, file).toBe(topologyOf(model(file)).edges.filter((e) => e.tunnel).length);
      for (let i = 1; i < clusters.length; i++) expect(clusters[i]!.y1, `${file}: host ${i} below host ${i - 1}`).toBeGreaterThanOrEqual(clusters[i - 1]!.y2);
      for (const t of tunnels)
        for (const c of clusters) expect(t.x1 >= c.x2 || t.x2 <= c.x1 || t.y1 >= c.y2 || t.y2 <= c.y1, `${file}: ${t.title} overlaps ${c.title}`).toBe(true);
    }
  }, 30_000);

  it('Mermaid keeps hosts in declaration order: subgraphs in that order, chained by one invisible link', () => {
    const text = 'host zulu address 192.0.2.3\nhost alpha address 192.0.2.1\nhost mike address 192.0.2.2\n' + ['alpha', 'mike', 'zulu'].map((h) => `bridge br0 on ${h}\n`).join('') + 'tunnel vxlan zulu<->alpha vni 10 on br0\ntunnel vxlan mike<->alpha vni 11 on br0\n';
    const front = frontEnd([{ file: 't.vnet', text }]);
    expect(front.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const mmd = toMermaid(topologyOf(front.model));
    const subgraphs = [...mmd.matchAll(/^ {2}subgraph (host_\d+)\["([^"]+)"\]$/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(subgraphs).toEqual(['host_0 zulu', 'host_1 alpha', 'host_2 mike']);
    expect(mmd).toMatch(/^ {2}host_0 ~~~ host_1 ~~~ host_2$/m);
    // The chain comes before any real edge, and a single host needs none.
    expect(mmd.indexOf('~~~')).toBeLessThan(mmd.indexOf(' -.-'));
    expect(toMermaid(topologyOf(model('bond.vnet')))).not.toContain('~~~');
  });

  it('ids are safe whatever the names (no quoting games in DOT or Mermaid)', () => {
    expect(nodeId('host-a', 'br', 'br.int-1')).toMatch(/^[A-Za-z0-9_]+$/);
    expect(nodeId('h', 'br', 'a-b')).not.toBe(nodeId('h', 'br', 'a_b'));
  });

  it('renders SVG without any external binary, showing hosts and tunnel labels', async () => {
    const svg = await dotToSvg(toDot(topologyOf(model('vxlan-overlay.vnet'))));
    expect(svg).toMatch(/^<\?xml|<svg/);
    const t = topologyOf(model('vxlan-overlay.vnet'));
    for (const h of t.hosts) expect(svg).toContain(`>${h}<`);
    for (const e of t.edges.filter((x) => x.tunnel)) expect(svg).toContain(e.label!.split(' ')[0]);
  }, 20_000);
});
