/**
 * Each statement and option lowered (offline: an empty host), checked against the
 * commands a person would type from the iproute2 man pages (ip-link(8), ip-tuntap(8),
 * ip-netns(8), ip-address(8), bridge(8)).
 */
import { describe, expect, it } from 'vitest';
import type { Step } from '../../../src/backends/backend.js';
import { KINDS } from '../../../src/kinds/registry.js';
import { model, planWith, viewOf } from './helpers.js';

const HOST = 'host h1 address 192.0.2.1 underlay 10.200.0.1\nhost h2 address 192.0.2.2 underlay 10.200.0.2\n';

/** The steps for `h1` as `action object` → the commands as typed. */
function lowered(text: string, host = 'h1', mode: 'apply' | 'destroy' = 'apply'): Record<string, string[]> {
  const { steps } = planWith(viewOf(model(HOST + text), host), undefined, mode);
  return Object.fromEntries(steps.map((s: Step) => [`${s.action} ${s.object}`, s.commands.map((c) => c.argv.join(' '))]));
}

function stepsOf(text: string, host = 'h1'): Step[] {
  return planWith(viewOf(model(HOST + text), host), undefined).steps;
}

describe('namespace', () => {
  it('is ip netns add, with lo marked and up', () => {
    expect(lowered('namespace red on h1')).toEqual({
      '+ namespace red': ['ip netns add red', 'ip -n red link set dev lo alias vsh', 'ip -n red link set dev lo up'],
    });
  });
});

describe('bridge kind linux', () => {
  it('creates the bridge with mtu and stp, then enslaves the uplink, addresses it and brings it up', () => {
    expect(lowered('bridge br0 on h1 kind linux mtu 9000 stp on uplink eth1 address 10.1.0.1/24')).toEqual({
      '+ bridge br0 (linux)': ['ip link add name br0 mtu 9000 type bridge stp_state 1', 'ip link set dev br0 alias vsh'],
      '+ bridge br0 uplink eth1 address 10.1.0.1/24': ['ip addr add 10.1.0.1/24 dev br0', 'ip link set dev br0 up', 'ip link set dev eth1 master br0'],
    });
  });

  it('writes stp_state 0 for an explicit stp off, and nothing for what is not said', () => {
    expect(lowered('bridge br0 on h1 kind linux stp off')['+ bridge br0 (linux)']![0]).toBe('ip link add name br0 type bridge stp_state 0');
    expect(lowered('bridge br0 on h1 kind linux')).toEqual({
      '+ bridge br0 (linux)': ['ip link add name br0 type bridge', 'ip link set dev br0 alias vsh'],
      '+ bridge br0 up': ['ip link set dev br0 up'],
    });
  });

  it('on an OVS bridge only addresses it (OVS makes the bridge and adds the uplink)', () => {
    expect(lowered('bridge br-phy on h1 uplink eth1 address 10.200.0.1/24 mtu 9000')).toEqual({
      '+ bridge br-phy address 10.200.0.1/24': ['ip addr add 10.200.0.1/24 dev br-phy', 'ip link set dev br-phy up'],
    });
  });
});

describe('port', () => {
  it('veth: the peer is created inside its namespace, then the bridge end is enslaved and the peer addressed', () => {
    expect(lowered('namespace red on h1\nbridge br0 on h1 kind linux\nport red-p type veth peer red:eth0 address 10.0.0.1/24 mtu 1400')).toMatchObject({
      '+ veth red-p (peer red:eth0)': ['ip link add name red-p mtu 1400 type veth peer name eth0 mtu 1400 netns red', 'ip link set dev red-p alias vsh'],
      '+ port red-p on br0': [
        'ip link set dev red-p master br0',
        'ip link set dev red-p up',
        'ip -n red addr add 10.0.0.1/24 dev eth0',
        'ip -n red link set dev eth0 up',
      ],
    });
  });

  it('veth on an OVS bridge: created and brought up, OVS adds it', () => {
    expect(lowered('bridge br-int on h1\nport p1 type veth peer blue:eth1')).toEqual({
      '+ veth p1 (peer blue:eth1)': ['ip link add name p1 type veth peer name eth1 netns blue', 'ip link set dev p1 alias vsh'],
      '+ port p1 on br-int': ['ip link set dev p1 up', 'ip -n blue link set dev eth1 up'],
    });
  });

  it('tap: ip tuntap add … mode tap; its mtu is set after (tuntap takes none)', () => {
    expect(lowered('bridge br0 on h1 kind linux\nport tap0 type tap mtu 1400')).toMatchObject({
      '+ tap tap0': ['ip tuntap add dev tap0 mode tap', 'ip link set dev tap0 alias vsh'],
      '+ port tap0 on br0': ['ip link set dev tap0 mtu 1400', 'ip link set dev tap0 master br0', 'ip link set dev tap0 up'],
    });
  });

  it('system port on a Linux bridge: enslaved (a NIC assumed up offline)', () => {
    expect(lowered('bridge br0 on h1 kind linux\nport eth2')).toMatchObject({ '+ port eth2 on br0': ['ip link set dev eth2 master br0'] });
  });

  it('internal port on an OVS bridge: address and up (OVS creates it)', () => {
    expect(lowered('bridge br-int on h1\nport mgmt0 type internal address 10.30.0.2/24 tag 30')).toEqual({
      '+ port mgmt0 on br-int': ['ip addr add 10.30.0.2/24 dev mgmt0', 'ip link set dev mgmt0 up'],
    });
  });
});

describe('VLANs on a Linux bridge (bridge vlan, where the kernel filters)', () => {
  const text = 'bridge br0 on h1 kind linux\nport eth1 trunk 10,20,30-39\nport vm1 type tap tag 10\nport eth2 tag 10 trunk 10,20 native\n';

  it('turns vlan_filtering on at creation', () => {
    expect(lowered(text)['+ bridge br0 (linux)']![0]).toBe('ip link add name br0 type bridge vlan_filtering 1');
  });

  it('access port: vid pvid untagged, VLAN 1 removed', () => {
    expect(lowered(text)['+ port vm1 on br0']).toEqual([
      'ip link set dev vm1 master br0',
      'bridge vlan add dev vm1 vid 10 pvid untagged',
      'bridge vlan del dev vm1 vid 1',
      'ip link set dev vm1 up',
    ]);
  });

  it('trunk: each id or range tagged; native trunk: the tag untagged as PVID', () => {
    const l = lowered(text);
    expect(l['+ port eth1 on br0']).toEqual([
      'ip link set dev eth1 master br0',
      'bridge vlan add dev eth1 vid 10',
      'bridge vlan add dev eth1 vid 20',
      'bridge vlan add dev eth1 vid 30-39',
      'bridge vlan del dev eth1 vid 1',
    ]);
    expect(l['+ port eth2 on br0']).toEqual([
      'ip link set dev eth2 master br0',
      'bridge vlan add dev eth2 vid 10 pvid untagged',
      'bridge vlan add dev eth2 vid 20',
      'bridge vlan del dev eth2 vid 1',
    ]);
  });

  it('a tunnel without trunk carries every VLAN the bridge uses; with trunk, its list', () => {
    const both = 'bridge br0 on h1 kind linux stp on\nport vm1 type tap tag 10\nport vm2 type tap tag 20\nbridge br0 on h2 kind linux stp on\n';
    expect(lowered(both + 'tunnel vxlan h1<->h2 on br0')['+ tunnel vxlan-h2 on br0']).toEqual([
      'ip link set dev vxlan-h2 master br0',
      'bridge vlan add dev vxlan-h2 vid 10',
      'bridge vlan add dev vxlan-h2 vid 20',
      'ip link set dev vxlan-h2 up',
    ]);
    expect(lowered(both + 'tunnel vxlan h1<->h2 on br0 trunk 20')['+ tunnel vxlan-h2 on br0']).toEqual([
      'ip link set dev vxlan-h2 master br0',
      'bridge vlan add dev vxlan-h2 vid 20',
      'bridge vlan del dev vxlan-h2 vid 1',
      'ip link set dev vxlan-h2 up',
    ]);
  });

  it('ports of OVS bridges get no bridge vlan (OVS tags them)', () => {
    expect(lowered('bridge br-int on h1\nport vm1 type tap tag 10')['+ port vm1 on br-int']).toEqual(['ip link set dev vm1 up']);
  });
});

describe('tunnel ends on Linux bridges', () => {
  const bridges = 'bridge br0 on h1 kind linux mtu 1450\nbridge br0 on h2 kind linux\n';

  it('vxlan: id, remote, local, dstport 4789 by default, the bridge MTU; then enslaved', () => {
    expect(lowered(bridges + 'tunnel vxlan h1<->h2 on br0 vni 42')).toMatchObject({
      '+ vxlan vxlan-h2 (VXLAN VNI 42 to 10.200.0.2)': ['ip link add name vxlan-h2 mtu 1450 type vxlan id 42 remote 10.200.0.2 local 10.200.0.1 dstport 4789', 'ip link set dev vxlan-h2 alias vsh'],
      '+ tunnel vxlan-h2 on br0': ['ip link set dev vxlan-h2 master br0', 'ip link set dev vxlan-h2 up'],
    });
    expect(lowered(bridges + 'tunnel vxlan h1<->h2 on br0 dstport 8472', 'h2')['+ vxlan vxlan-h1 (VXLAN VNI 0 to 10.200.0.1)']![0]).toBe(
      'ip link add name vxlan-h1 type vxlan id 0 remote 10.200.0.1 local 10.200.0.2 dstport 8472',
    );
  });

  it('gre: a gretap device (Ethernet over GRE, what a bridge needs), with the key', () => {
    expect(lowered(bridges + 'tunnel gre h1<->h2 on br0 key 7')['+ gretap gre-h2 (GRE key 7 to 10.200.0.2)']![0]).toBe(
      'ip link add name gre-h2 mtu 1450 type gretap remote 10.200.0.2 local 10.200.0.1 key 7',
    );
  });

  it('geneve: id and remote (iproute2 takes no local for geneve), dstport only when given', () => {
    expect(lowered(bridges + 'tunnel geneve h1<->h2 on br0 vni 5 name gnv0', 'h2')['+ geneve gnv0 (GENEVE VNI 5 to 10.200.0.1)']![0]).toBe(
      'ip link add name gnv0 type geneve id 5 remote 10.200.0.1',
    );
  });

  it('two VXLAN ends with one VNI and port on one host: VN123, the kernel allows one such device', () => {
    const text = 'host h3 address 192.0.2.3 underlay 10.200.0.3\nbridge br0 on h1 kind linux\nbridge br0 on h2 kind linux\nbridge br0 on h3 kind linux\ntunnel vxlan h1<->h2 on br0 vni 9\ntunnel vxlan h1<->h3 on br0 vni 9\n';
    const problems = (host: string) => planWith(viewOf(model(HOST + text), host), undefined).read.diagnostics?.map((d) => `${d.code} ${d.message}`);
    expect(problems('h1')).toEqual([
      'VN123 tunnel vxlan br0@h1 <-> br0@h3 and tunnel vxlan br0@h1 <-> br0@h2 both need a VXLAN device on h1 with VNI 9 and UDP port 4789, and the kernel allows only one',
    ]);
    expect(problems('h2')).toEqual([]);
    expect(planWith(viewOf(model(HOST + text.replace('h3 on br0 vni 9', 'h3 on br0 vni 10')), 'h1'), undefined).read.diagnostics).toEqual([]);
  });

  it('an end on an OVS bridge is left to OVS', () => {
    expect(Object.keys(lowered('bridge br0 on h1\nbridge br0 on h2 kind linux\ntunnel vxlan h1<->h2 on br0'))).toEqual([]);
  });
});

describe('macvtap, vlan, bond', () => {
  it('macvtap: one device per mode, on its link, then up', () => {
    const l = lowered('macvtap m1 on h1 link eth1 mode bridge\nmacvtap m2 on h1 link eth2 mode vepa\nmacvtap m3 on h1 link eth2 mode private\nmacvtap m4 on h1 link eth3 mode passthru');
    expect(Object.entries(l).filter(([k]) => k.includes('(')).map(([, v]) => v[0])).toEqual([
      'ip link add link eth1 name m1 type macvtap mode bridge',
      'ip link add link eth2 name m2 type macvtap mode vepa',
      'ip link add link eth2 name m3 type macvtap mode private',
      'ip link add link eth3 name m4 type macvtap mode passthru',
    ]);
    expect(l['+ macvtap m1 up']).toEqual(['ip link set dev m1 up']);
  });

  it('vlan: ip link add link IFACE name IFACE.VID type vlan id VID', () => {
    expect(lowered('vlan ens224.10 on h1')).toEqual({
      '+ vlan ens224.10 (VLAN 10 on ens224)': ['ip link add link ens224 name ens224.10 type vlan id 10', 'ip link set dev ens224.10 alias vsh'],
      '+ vlan ens224.10 up': ['ip link set dev ens224.10 up'],
    });
  });

  it('vlan with address (plan only: this kernel has no 802.1Q sub-interfaces): the address goes on the sub-interface', () => {
    expect(lowered('vlan ens224.10 on h1 address 10.10.0.1/24')['+ vlan ens224.10 up, address 10.10.0.1/24']).toEqual([
      'ip addr add 10.10.0.1/24 dev ens224.10',
      'ip link set dev ens224.10 up',
    ]);
  });

  it('bond: slaves down then enslaved, the bond up; lacp active → lacp_active on', () => {
    expect(lowered('bond bond0 on h1 slaves eno1,eno2 mode 802.3ad lacp active')).toEqual({
      '+ bond bond0 (802.3ad: eno1, eno2)': ['ip link add name bond0 type bond mode 802.3ad lacp_active on', 'ip link set dev bond0 alias vsh'],
      '+ bond bond0 slaves eno1,eno2': [
        'ip link set dev eno1 down',
        'ip link set dev eno1 master bond0',
        'ip link set dev eno2 down',
        'ip link set dev eno2 master bond0',
        'ip link set dev bond0 up',
      ],
    });
  });

  it('bond modes: OVS-only modes map to their closest Linux mode, and the explanation says so', () => {
    const create = (opts: string) => stepsOf(`bond b0 on h1 slaves eno1,eno2 ${opts}`)[0]!;
    expect(create('mode balance-tcp lacp passive').commands[0]!.argv.join(' ')).toBe('ip link add name b0 type bond mode 802.3ad xmit_hash_policy layer3+4 lacp_active off');
    expect(create('mode balance-tcp').explain).toContain("OVS's balance-tcp is the kernel's 802.3ad");
    expect(create('mode balance-slb').commands[0]!.argv.join(' ')).toBe('ip link add name b0 type bond mode balance-tlb');
    expect(create('mode balance-slb').explain).toContain('balance-tlb is the closest');
    expect(create('').commands[0]!.argv.join(' ')).toBe('ip link add name b0 type bond mode active-backup');
    expect(create('lacp active').commands[0]!.argv.join(' ')).toBe('ip link add name b0 type bond mode 802.3ad lacp_active on');
    expect(create('mode balance-rr').commands[0]!.argv.join(' ')).toBe('ip link add name b0 type bond mode balance-rr');
  });

  it('a bond on an OVS bridge is left to OVS', () => {
    expect(lowered('bridge br-ex on h1\nbond b0 on br-ex slaves eno1,eno2')).toEqual({});
  });

  it('plan only (this kernel has no bonding): a bond on a Linux bridge is a Linux bond made a port of that bridge', () => {
    expect(lowered('bridge lb on h1 kind linux\nbond b0 on lb slaves eno1,eno2 mode balance-rr')).toEqual({
      '+ bond b0 (balance-rr: eno1, eno2)': ['ip link add name b0 type bond mode balance-rr', 'ip link set dev b0 alias vsh'],
      '+ bridge lb (linux)': ['ip link add name lb type bridge', 'ip link set dev lb alias vsh'],
      '+ bond b0 slaves eno1,eno2': [
        'ip link set dev eno1 down',
        'ip link set dev eno1 master b0',
        'ip link set dev eno2 down',
        'ip link set dev eno2 master b0',
        'ip link set dev b0 master lb',
        'ip link set dev b0 up',
      ],
      '+ bridge lb up': ['ip link set dev lb up'],
    });
  });
});

describe('every step', () => {
  // One statement of every kind the Linux driver lowers, in the form it lowers (a tunnel
  // and a bond on Linux bridges or the host, not OVS); the test below proves the list is whole.
  const front = model(
    HOST +
      'namespace red on h1\nbridge br0 on h1 kind linux stp on address 10.1.0.1/24\nport red-p type veth peer red:eth0 address 10.1.0.2/24\nport t0 type tap\nvlan eth9.5 on h1\n' +
      'macvtap mv0 on h1 link eth8 mode bridge\nbond b0 on h1 slaves eno1,eno2 mode active-backup\nbridge br0 on h2 kind linux\ntunnel vxlan h1<->h2 on br0 vni 5\n' +
      'bridge br1 on h1 kind linux\nlink br0@h1 <-> br1 name lk0\n',
  );
  const steps = planWith(viewOf(front, 'h1'), undefined).steps;

  it('covers every kind the Linux driver lowers', () => {
    const kindOfStep = (st: Step) => front.statements.find((x) => x.span.offset === st.span?.offset)?.kind;
    const linuxKinds = Object.entries(KINDS).filter(([, k]) => k.lower !== 'none' && k.lower.includes('linux')).map(([name]) => name);
    expect([...new Set(steps.map(kindOfStep))].sort()).toEqual(linuxKinds.sort());
  });

  it('points at its statement, explains itself, can be verified, and marks each command for ip -batch', () => {
    for (const s of steps) {
      expect(s.span, s.object).toBeDefined();
      expect(s.explain.length, s.object).toBeGreaterThan(20);
      expect(s.verify?.argv[0], s.object).toBe('ip');
      for (const c of s.commands) if (c.argv[0] === 'ip') expect(c.batch).toBe('ip');
    }
  });

  it('has the exact reverse as undo', () => {
    const undo = Object.fromEntries(steps.map((s) => [s.object, s.undo.map((c) => c.argv.join(' '))]));
    expect(undo).toEqual({
      'namespace red': ['ip netns del red'],
      'bridge br0 (linux)': ['ip link del dev br0'],
      'veth red-p (peer red:eth0)': ['ip link del dev red-p'],
      'tap t0': ['ip link del dev t0'],
      'vlan eth9.5 (VLAN 5 on eth9)': ['ip link del dev eth9.5'],
      'bridge br0 address 10.1.0.1/24': ['ip link set dev br0 down', 'ip addr del 10.1.0.1/24 dev br0'],
      'port red-p on br0': ['ip -n red link set dev eth0 down', 'ip -n red addr del 10.1.0.2/24 dev eth0', 'ip link set dev red-p down', 'ip link set dev red-p nomaster'],
      'port t0 on br0': ['ip link set dev t0 down', 'ip link set dev t0 nomaster'],
      'vlan eth9.5 up': ['ip link set dev eth9.5 down'],
      'macvtap mv0 (on eth8, mode bridge)': ['ip link del dev mv0'],
      'macvtap mv0 up': ['ip link set dev mv0 down'],
      'bond b0 (active-backup: eno1, eno2)': ['ip link del dev b0'],
      'bond b0 slaves eno1,eno2': ['ip link set dev b0 down', 'ip link set dev eno2 nomaster', 'ip link set dev eno2 up', 'ip link set dev eno1 nomaster', 'ip link set dev eno1 up'],
      'vxlan vxlan-h2 (VXLAN VNI 5 to 10.200.0.2)': ['ip link del dev vxlan-h2'],
      'tunnel vxlan-h2 on br0': ['ip link set dev vxlan-h2 down', 'ip link set dev vxlan-h2 nomaster'],
      'bridge br1 (linux)': ['ip link del dev br1'],
      'bridge br1 up': ['ip link set dev br1 down'],
      'veth lk0 (peer lk0-p) linking br0 and br1': ['ip link del dev lk0'],
      'link br0 <-> br1': ['ip link set dev lk0-p down', 'ip link set dev lk0-p nomaster', 'ip link set dev lk0 down', 'ip link set dev lk0 nomaster'],
    });
  });
});
