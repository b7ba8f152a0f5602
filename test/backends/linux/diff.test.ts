/**
 * The diff against live state, with the probe outputs captured from iproute2 on this
 * machine (test/fixtures/linux): matches plan nothing, changes plan exactly the `~`,
 * vsh's leftovers are removed, other people's interfaces are left alone.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { PROBE } from '../../../src/backends/linux/read.js';
import { runChecks } from '../../../src/lang/checks/index.js';
import { fixture, model, outputs, planWith, render, viewOf } from './helpers.js';

const example = (name: string) => readFileSync(new URL(`../../../examples/${name}`, import.meta.url), 'utf8');
const BRIDGE = example('linux-bridge-tap-veth.vnet');
const bridgeView = (text = BRIDGE) => viewOf(model(text), 'lab1');
const FEATURES = fixture('features.txt');

/** The bridge example's host as captured, with some fixture files swapped. */
function bridgeHost(swap: Partial<Record<'host' | 'ns1' | 'ns2', string>> = {}) {
  return outputs({
    [PROBE.links]: fixture(swap.host ?? 'bridge-host.addr.json'),
    [PROBE.netns('ns1')]: fixture(swap.ns1 ?? 'bridge-ns1.addr.json'),
    [PROBE.netns('ns2')]: fixture(swap.ns2 ?? 'bridge-ns2.addr.json'),
    [PROBE.features]: FEATURES,
  });
}

describe('plan against live state', () => {
  it('plans nothing for a host that matches the model', () => {
    expect(planWith(bridgeView(), bridgeHost()).steps).toEqual([]);
  });

  it('plans everything on an empty host (no namespaces: their probes fail)', () => {
    const noNs = { code: 1, stdout: '', stderr: 'Cannot open network namespace "ns1": No such file or directory' };
    const { steps } = planWith(bridgeView(), outputs({ [PROBE.links]: fixture('empty.addr.json'), [PROBE.netns('ns1')]: noNs, [PROBE.netns('ns2')]: noNs, [PROBE.features]: FEATURES }));
    expect(steps.map((s) => s.action)).toEqual(Array(12).fill('+'));
    expect(render(steps)).toBe(render(planWith(bridgeView(), undefined).steps));
  });

  it('shows exactly what was changed by hand as `~`, with the commands that undo it', () => {
    const { steps } = planWith(bridgeView(), bridgeHost({ host: 'bridge-host-changed.addr.json', ns1: 'bridge-ns1-changed.addr.json' }));
    expect(render(steps)).toBe(`  ~ bridge br0 address 192.168.50.1/24 [linux]
      stp: off -> on
      ip link set dev br0 type bridge stp_state 1
  ~ port tap-vm2 on br0 [linux]
      state: down -> up
      ip link set dev tap-vm2 up
  ~ port veth-ns1 on br0 [linux]
      ns1:eth0 address: 192.168.50.99/24 -> 192.168.50.11/24
      ip -n ns1 addr del 192.168.50.99/24 dev eth0
      ip -n ns1 addr add 192.168.50.11/24 dev eth0
`);
    expect(steps.map((s) => s.undo.map((c) => c.argv.join(' ')))).toEqual([
      ['ip link set dev br0 type bridge stp_state 0'],
      ['ip link set dev tap-vm2 down'],
      ['ip -n ns1 addr del 192.168.50.11/24 dev eth0', 'ip -n ns1 addr add 192.168.50.99/24 dev eth0'],
    ]);
  });

  it('changes MTU in place', () => {
    const { steps } = planWith(bridgeView(BRIDGE.replace('mtu 1500', 'mtu 9000')), bridgeHost());
    expect(steps.map((s) => [s.action, s.object, s.changes, s.commands.map((c) => c.argv.join(' '))])).toEqual([
      ['~', 'bridge br0 address 192.168.50.1/24', ['mtu: 1500 -> 9000'], ['ip link set dev br0 mtu 9000']],
    ]);
  });

  it('removes a link vsh made that the model dropped, with an undo that brings it back', () => {
    const { steps } = planWith(bridgeView(BRIDGE.replace('port tap-vm2 type tap\n', '')), bridgeHost());
    expect(steps.map((s) => [s.action, s.object, s.commands.map((c) => c.argv.join(' ')), s.undo.map((c) => c.argv.join(' '))])).toEqual([
      [
        '-',
        'tap tap-vm2 (no longer in the model)',
        ['ip link del dev tap-vm2'],
        ['ip tuntap add dev tap-vm2 mode tap', 'ip link set dev tap-vm2 alias vsh', 'ip link set dev tap-vm2 master br0', 'ip link set dev tap-vm2 up'],
      ],
    ]);
  });

  it('re-creates a device of its own whose fixed settings changed, and wires it again', () => {
    const text = example('vxlan-overlay.vnet').replace('tunnel vxlan hv1<->hv2 on br-vx vni 4242', 'tunnel vxlan hv1<->hv2 on br-vx vni 77');
    const live = outputs({ [PROBE.links]: fixture('vxlan-host.addr.json'), [PROBE.netns('c2')]: fixture('vxlan-c2.addr.json'), [PROBE.features]: FEATURES });
    expect(planWith(viewOf(model(example('vxlan-overlay.vnet')), 'hv2'), live).steps).toEqual([]);
    const { steps } = planWith(viewOf(model(text), 'hv2'), live);
    expect(render(steps)).toBe(`  ~ vxlan vxlan-hv1 (VXLAN VNI 77 to 10.200.0.21) [linux]
      id: 4242 -> 77
      ip link del dev vxlan-hv1
      ip link add name vxlan-hv1 mtu 1450 type vxlan id 77 remote 10.200.0.21 local 10.200.0.22 dstport 4789
      ip link set dev vxlan-hv1 alias vsh
  + tunnel vxlan-hv1 on br-vx [linux]
      ip link set dev vxlan-hv1 master br-vx
      ip link set dev vxlan-hv1 up
`);
    expect(steps[0]!.undo.map((c) => c.argv.join(' '))).toEqual([
      'ip link del dev vxlan-hv1',
      'ip link add name vxlan-hv1 mtu 1450 type vxlan id 4242 remote 10.200.0.21 local 10.200.0.22 dstport 4789',
      'ip link set dev vxlan-hv1 alias vsh',
      'ip link set dev vxlan-hv1 master br-vx',
      'ip link set dev vxlan-hv1 up',
    ]);
  });

  it("leaves someone else's interface of that name alone and says why (VN106)", () => {
    const host = JSON.parse(fixture('bridge-host.addr.json')) as { ifname: string; ifalias?: string }[];
    for (const l of host) delete l.ifalias;
    const text = BRIDGE.replace('port tap-vm1 type tap', 'port tap-vm1 type veth peer ns1:eth1');
    const { steps, read } = planWith(bridgeView(text), outputs({ [PROBE.links]: JSON.stringify(host), [PROBE.netns('ns1')]: fixture('bridge-ns1.addr.json'), [PROBE.netns('ns2')]: fixture('bridge-ns2.addr.json') }));
    expect(steps.filter((s) => s.object.includes('tap-vm1'))).toEqual([]);
    expect(read.diagnostics?.map((d) => `${d.code} ${d.message}`)).toEqual([
      "VN106 'veth tap-vm1' cannot be created on lab1: an interface tap-vm1 (tun) is there already, and vsh did not make it",
    ]);
    // Nothing of it is vsh's, so destroy removes none of it (only the addresses vsh put on them).
    expect(planWith(bridgeView(), outputs({ [PROBE.links]: JSON.stringify(host), [PROBE.netns('ns1')]: fixture('bridge-ns1.addr.json'), [PROBE.netns('ns2')]: fixture('bridge-ns2.addr.json') }), 'destroy').steps.map((s) => s.object)).toEqual([
      'address 192.168.50.1/24 on br0',
      'address 192.168.50.11/24 on ns1:eth0',
      'address 192.168.50.12/24 on ns2:eth0',
      'namespace ns2',
      'namespace ns1',
    ]);
  });
});

describe('destroy', () => {
  it('removes what vsh made, devices before namespaces, each undone by re-creating it as the model says', () => {
    const { steps } = planWith(bridgeView(), bridgeHost(), 'destroy');
    expect(steps.map((s) => `${s.action} ${s.object} | ${s.commands.map((c) => c.argv.join(' ')).join('; ')}`)).toEqual([
      '- veth veth-ns2 (peer ns2:eth0) | ip link del dev veth-ns2',
      '- veth veth-ns1 (peer ns1:eth0) | ip link del dev veth-ns1',
      '- tap tap-vm2 | ip link del dev tap-vm2',
      '- tap tap-vm1 | ip link del dev tap-vm1',
      '- bridge br0 (linux) | ip link del dev br0',
      '- namespace ns2 | ip netns del ns2',
      '- namespace ns1 | ip netns del ns1',
    ]);
    expect(steps[0]!.undo.map((c) => c.argv.join(' '))).toEqual([
      'ip link add name veth-ns2 type veth peer name eth0 netns ns2',
      'ip link set dev veth-ns2 alias vsh',
      'ip link set dev veth-ns2 master br0',
      'ip link set dev veth-ns2 up',
      'ip -n ns2 addr add 192.168.50.12/24 dev eth0',
      'ip -n ns2 link set dev eth0 up',
    ]);
  });

  it('takes addresses off interfaces it does not delete (an OVS bridge, an internal port)', () => {
    const text = 'host s1 local\nbridge br-phy on s1 address 10.200.0.1/24\nport mgmt0 type internal address 10.30.0.2/24\n';
    const live = JSON.stringify([
      { ifindex: 5, ifname: 'br-phy', flags: ['UP'], mtu: 1500, addr_info: [{ family: 'inet', local: '10.200.0.1', prefixlen: 24, scope: 'global' }] },
      { ifindex: 6, ifname: 'mgmt0', flags: ['UP'], mtu: 1500, addr_info: [] },
    ]);
    const { steps } = planWith(viewOf(model(text), 's1'), outputs({ [PROBE.links]: live }), 'destroy');
    expect(steps.map((s) => [s.object, s.commands.map((c) => c.argv.join(' ')), s.undo.map((c) => c.argv.join(' '))])).toEqual([
      ['address 10.200.0.1/24 on br-phy', ['ip addr del 10.200.0.1/24 dev br-phy'], ['ip addr add 10.200.0.1/24 dev br-phy']],
    ]);
  });
});

describe('facts and live checks', () => {
  it('reports MTUs and kernel features for the live checks', () => {
    const { read } = planWith(bridgeView(), bridgeHost());
    expect(read.facts?.mtu?.get('br0')).toBe(1500);
    expect([...(read.facts?.features ?? [])].sort()).toEqual(['bridge', 'macvtap', 'tun', 'veth', 'vxlan']);
  });

  it('without VLAN filtering plans no `bridge vlan`, and VN115 fires with the facts read', () => {
    const text = 'host lab1 local\nbridge br0 on lab1 kind linux\nport vm1 type tap tag 10\n';
    const front = model(text);
    const { steps, read } = planWith(viewOf(front, 'lab1'), outputs({ [PROBE.links]: fixture('empty.addr.json'), [PROBE.features]: FEATURES, [PROBE.vlans]: fixture('bridge-vlan-show.json') }));
    expect(steps.flatMap((s) => s.commands).filter((c) => c.argv[0] === 'bridge' || c.argv.includes('vlan_filtering'))).toEqual([]);
    const live = runChecks({ statements: front.statements, model: front.model, facts: new Map([['lab1', read.facts!]]) });
    expect(live.filter((d) => d.code === 'VN115').map((d) => d.message)).toEqual(["port 'vm1' on linux bridge br0@lab1 has tag 10, but lab1's kernel has no bridge vlan filtering"]);
  });

  it('with VLAN filtering, diffs memberships read from `bridge vlan show`', () => {
    const text = 'host a local underlay 10.0.0.1\nhost b local underlay 10.0.0.2\nbridge br0 on a kind linux\nport eth1 trunk 10,20\nport vm1 type tap tag 10\nbridge br0 on b kind linux\ntunnel vxlan a<->b on br0 trunk 10,20 name vxlan-b\n';
    const link = (ifindex: number, ifname: string, kind: string | undefined, extra: object = {}) => ({
      ifindex, ifname, flags: ['UP'], mtu: 1500, ifalias: 'vsh', master: ifname === 'br0' ? undefined : 'br0', ...(kind ? { linkinfo: { info_kind: kind, ...extra } } : {}), addr_info: [],
    });
    const live = JSON.stringify([
      link(2, 'br0', 'bridge', { info_data: { stp_state: 0, vlan_filtering: 1 } }),
      { ...link(3, 'eth1', undefined), ifalias: undefined },
      link(4, 'vm1', 'tun', { info_data: { type: 'tap' } }),
      link(5, 'vxlan-b', 'vxlan', { info_data: { id: 0, remote: '10.0.0.2', local: '10.0.0.1', port: 4789 } }),
    ]);
    const filtering = 'config\nconfig CONFIG_BRIDGE=y\nconfig CONFIG_BRIDGE_VLAN_FILTERING=y\nconfig CONFIG_VXLAN=y\nconfig CONFIG_TUN=y\n';
    const { steps } = planWith(viewOf(model(text), 'a'), outputs({ [PROBE.links]: live, [PROBE.features]: filtering, [PROBE.vlans]: fixture('bridge-vlan-show.handwritten.json') }));
    expect(render(steps)).toBe(`  ~ port eth1 on br0 [linux]
      vlans: 1 pvid untagged, 10 -> 10,20
      bridge vlan add dev eth1 vid 20
      bridge vlan del dev eth1 vid 1
  ~ tunnel vxlan-b on br0 [linux]
      vlans: 1 pvid untagged, 10-20 -> 10,20
      bridge vlan del dev vxlan-b vid 1
      bridge vlan del dev vxlan-b vid 11-19
`);
  });
});

describe('what a host lacks (VN201)', () => {
  it('names missing interfaces and namespaces, not ones the model makes', () => {
    const text = 'host lab1 local\nbridge br0 on lab1 kind linux uplink eth7\nvlan eth8.10 on lab1\nbond b0 on lab1 slaves eth9,eth0\nvlan b0.5 on lab1\nport p1 on br0 type veth peer ghost:eth0\n';
    const { read } = planWith(viewOf(model(text), 'lab1'), outputs({ [PROBE.links]: fixture('empty.addr.json'), [PROBE.netns('ghost')]: { code: 1, stdout: '', stderr: 'Cannot open network namespace' } }));
    expect(read.diagnostics?.map((d) => d.message)).toEqual([
      'lab1 has no interface \'eth9\' (it is a slave of bond b0)',
      'lab1 has no interface \'eth0\' (it is a slave of bond b0)',
      "lab1 has no interface 'eth8' ('vlan eth8.10' stacks on it)",
      'lab1 has no interface \'eth7\' (it is the uplink of bridge br0)',
      "lab1 has no namespace 'ghost' for the veth peer",
    ]);
  });

  it("says which kernel feature is missing, in the host's words, pointing at the statement", () => {
    const text = 'host hostA local underlay 10.0.0.1\nhost hostB local underlay 10.0.0.2\nvlan eth0.10 on hostA\nbond b0 on hostA slaves eth0\nbridge br0 on hostA kind linux\nbridge br0 on hostB kind linux\ntunnel gre hostA<->hostB on br0\n';
    const host = JSON.stringify([{ ifindex: 2, ifname: 'eth0', flags: ['UP'], mtu: 1500, addr_info: [] }]);
    const { read } = planWith(viewOf(model(text), 'hostA'), outputs({ [PROBE.links]: host, [PROBE.features]: FEATURES }));
    expect(read.diagnostics?.map((d) => [d.code, d.span.line, d.message, d.hint])).toEqual([
      ['VN201', 4, "the kernel on hostA has no bonding support (bonding): 'bond b0' cannot be created", "load it with 'modprobe bonding' if it is built as a module, or use a kernel with CONFIG_BONDING; an OVS bond ('bond NAME on BRIDGE') needs no bonding module"],
      ['VN201', 3, "the kernel on hostA has no 802.1Q VLAN support (8021q): 'vlan eth0.10' cannot be created", "load it with 'modprobe 8021q' if it is built as a module, or use a kernel with CONFIG_VLAN_8021Q; an OVS port with 'tag' needs no 8021q"],
      ['VN201', 7, "the kernel on hostA has no GRE tunnel support (ip_gre): 'gretap gre-hostB' cannot be created", "load it with 'modprobe ip_gre' if it is built as a module, or use a kernel with CONFIG_NET_IPGRE; 'tunnel vxlan', or GRE between OVS bridges, needs no ip_gre"],
    ]);
  });
});

describe('links and namespaces several projects own (their alias lists them)', () => {
  /** The bridge example's host as captured, every mark written by `owners` (the captured `vsh` mark swapped). */
  const host = (owners: string) => {
    const mark = (name: string) => fixture(name).replaceAll('"ifalias":"vsh"', `"ifalias":"vsh:${owners}"`);
    return outputs({ [PROBE.links]: mark('bridge-host.addr.json'), [PROBE.netns('ns1')]: mark('bridge-ns1.addr.json'), [PROBE.netns('ns2')]: mark('bridge-ns2.addr.json'), [PROBE.features]: FEATURES });
  };
  const as = (project: string, text = BRIDGE) => ({ ...bridgeView(text), project });

  it('a second project declaring them becomes an owner (alias vsh:other,mine; undo puts the old alias back)', () => {
    const { steps } = planWith(as('mine'), host('other'));
    expect(steps.map((s) => `${s.action} ${s.object}: ${s.changes?.join()}`)).toEqual([
      '~ namespace ns1: owners: other -> other,mine',
      '~ namespace ns2: owners: other -> other,mine',
      '~ bridge br0 (linux): owners: other -> other,mine',
      '~ tap tap-vm1: owners: other -> other,mine',
      '~ tap tap-vm2: owners: other -> other,mine',
      '~ veth veth-ns1 (peer ns1:eth0): owners: other -> other,mine',
      '~ veth veth-ns2 (peer ns2:eth0): owners: other -> other,mine',
    ]);
    expect(steps[0]!.commands.map((c) => c.argv.join(' '))).toEqual(['ip -n ns1 link set dev lo alias vsh:other,mine']);
    expect(steps[2]!.undo.map((c) => c.argv.join(' '))).toEqual(['ip link set dev br0 alias vsh:other']);
    expect(planWith(as('mine'), host('other,mine')).steps).toEqual([]); // an owner already
  });

  it("destroy by one owner takes only its name off; the last owner's deletes", () => {
    const shared = planWith(as('mine'), host('other,mine'), 'destroy').steps;
    expect(shared.every((s) => s.action === '~')).toBe(true);
    expect(shared.find((s) => s.object === 'namespace ns1')!.commands.map((c) => c.argv.join(' '))).toEqual(['ip -n ns1 link set dev lo alias vsh:other']);
    expect(shared.find((s) => s.object.startsWith('bridge br0'))!.changes).toEqual(['owners: other,mine -> other']);
    const last = planWith(as('mine'), host('mine'), 'destroy').steps;
    expect(last.filter((s) => s.action === '-').map((s) => s.commands[0]!.argv.join(' '))).toContain('ip link del dev br0');
    expect(last.filter((s) => s.action === '-').map((s) => s.commands[0]!.argv.join(' '))).toContain('ip netns del ns1');
  });

  it('apply of a script that no longer declares a shared link releases it; the last owner deletes it', () => {
    const fewer = BRIDGE.replace('port tap-vm2 type tap\n', '');
    expect(planWith(as('mine', fewer), host('mine,other')).steps.map((s) => `${s.action} ${s.object}: ${s.commands.map((c) => c.argv.join(' ')).join('; ')}`)).toEqual([
      "~ tap tap-vm2 (no longer in this project's model): ip link set dev tap-vm2 alias vsh:other",
    ]);
    expect(planWith(as('mine', fewer), host('mine')).steps.map((s) => `${s.action} ${s.commands[0]!.argv.join(' ')}`)).toEqual(['- ip link del dev tap-vm2']);
  });
});
