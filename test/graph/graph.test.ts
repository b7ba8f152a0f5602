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
    expect(tunnel).toMatchObject({ from: nodeId('hostA', 'br', 'br-int'), to: nodeId('hostB', 'br', 'br-int'), label: 'gre trunk 10,20' });
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
