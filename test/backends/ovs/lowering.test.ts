/**
 * Every statement and option that lands in OVS, planned against an empty host, checked
 * against the ovs-vsctl line a person would type (LANGUAGE.md's examples and the
 * "ovs-br0 with uplink" recipe). Undo, verify and the batching mark are checked once each.
 */
import { describe, expect, it } from 'vitest';
import type { Step } from '../../../src/backends/backend.js';
import { ovsBackend } from '../../../src/backends/ovs/index.js';
import { mergeOvsVsctl } from '../../../src/exec/batch.js';
import { model, stepsOf, viewOf } from '../libvirt/support.js';

const HOSTS = `host hostA address 192.0.2.11 underlay 10.200.0.1
host hostB address 192.0.2.12
`;

/** Plan `text` offline; the steps of `host`. */
function plan(text: string, host = 'hostA'): Step[] {
  return stepsOf([ovsBackend], viewOf(model(HOSTS + text), host));
}

/** Each step as `object: command line(s)`. */
function lines(text: string, host = 'hostA'): string[] {
  return plan(text, host).map((s) => `${s.action} ${s.object}: ${s.commands.map((c) => c.argv.join(' ')).join(' ; ')}`);
}

describe('bridges', () => {
  it('bridge: add-br, marked as vsh-owned', () => {
    expect(lines('bridge br-int on hostA')).toEqual(['+ bridge br-int: ovs-vsctl --may-exist add-br br-int -- set Bridge br-int external_ids:vsh=owned']);
  });

  it('datapath netdev: datapath_type=netdev', () => {
    expect(lines('host h local datapath netdev\nbridge br-int', 'h')).toEqual([
      '+ bridge br-int: ovs-vsctl --may-exist add-br br-int -- set Bridge br-int datapath_type=netdev external_ids:vsh=owned',
    ]);
  });

  it('an explicit datapath system is written only when it differs (a new bridge has it)', () => {
    expect(lines('host h local datapath system\nbridge br-int', 'h')).toEqual(['+ bridge br-int: ovs-vsctl --may-exist add-br br-int -- set Bridge br-int external_ids:vsh=owned']);
  });

  it('stp on: stp_enable=true; stp off is the default of a new bridge', () => {
    expect(lines('bridge br0 on hostA stp on')).toEqual(['+ bridge br0: ovs-vsctl --may-exist add-br br0 -- set Bridge br0 stp_enable=true external_ids:vsh=owned']);
    expect(lines('bridge br0 on hostA stp off')).toEqual(['+ bridge br0: ovs-vsctl --may-exist add-br br0 -- set Bridge br0 external_ids:vsh=owned']);
  });

  it("mtu: mtu_request on the bridge's own interface", () => {
    expect(lines('bridge br0 on hostA mtu 9000')).toEqual([
      '+ bridge br0: ovs-vsctl --may-exist add-br br0 -- set Bridge br0 external_ids:vsh=owned -- set Interface br0 mtu_request=9000',
    ]);
  });

  it('the ovs-br0 recipe: bridge, then the uplink NIC as a port (its address is the Linux driver\'s)', () => {
    expect(lines('bridge ovs-br0 on hostA kind ovs uplink ens256 address 10.10.10.1/24 stp off')).toEqual([
      '+ bridge ovs-br0: ovs-vsctl --may-exist add-br ovs-br0 -- set Bridge ovs-br0 external_ids:vsh=owned',
      '+ uplink ens256 on ovs-br0: ovs-vsctl --may-exist add-port ovs-br0 ens256 external_ids:vsh=owned',
    ]);
  });

  it('a linux bridge and its ports are not OVS', () => {
    expect(plan('bridge br0 on hostA kind linux uplink eth1\nport tap1 type tap tag 10')).toEqual([]);
  });

  it('undo deletes, verify probes read-only', () => {
    const [s] = plan('host h local datapath netdev\nbridge br-int', 'h');
    expect(s!.undo.map((c) => c.argv.join(' '))).toEqual(['ovs-vsctl --if-exists del-br br-int']);
    expect(s!.verify!.argv.join(' ')).toBe('ovs-vsctl --timeout=5 wait-until Bridge br-int datapath_type=netdev');
    expect(plan('bridge br0 on hostA')[0]!.verify!.argv).toEqual(['ovs-vsctl', 'br-exists', 'br0']);
  });
});

describe('ports', () => {
  const on = 'bridge br-int on hostA\n';

  it('system (default): add-port of the existing interface', () => {
    expect(lines(`${on}port eth1`)[1]).toBe('+ port eth1 on br-int: ovs-vsctl --may-exist add-port br-int eth1 external_ids:vsh=owned');
  });

  it('tag: an access port', () => {
    expect(lines(`${on}port vm1 tag 10`)[1]).toBe('+ port vm1 on br-int: ovs-vsctl --may-exist add-port br-int vm1 tag=10 external_ids:vsh=owned');
  });

  it('trunk: trunks= with ranges as written', () => {
    expect(lines(`${on}port eth1 trunk 10,20,30-39`)[1]).toBe('+ port eth1 on br-int: ovs-vsctl --may-exist add-port br-int eth1 trunks=10,20,30-39 external_ids:vsh=owned');
  });

  it('tag + trunk + native: vlan_mode=native-untagged', () => {
    expect(lines(`${on}port eth2 tag 10 trunk 10,20 native`)[1]).toBe(
      '+ port eth2 on br-int: ovs-vsctl --may-exist add-port br-int eth2 tag=10 trunks=10,20 vlan_mode=native-untagged external_ids:vsh=owned',
    );
  });

  it('internal: OVS makes the interface (type=internal); mtu: mtu_request', () => {
    expect(lines(`${on}port mgmt0 type internal tag 30 address 10.30.0.2/24 mtu 1400`)[1]).toBe(
      '+ port mgmt0 on br-int: ovs-vsctl --may-exist add-port br-int mgmt0 tag=30 external_ids:vsh=owned -- set Interface mgmt0 type=internal mtu_request=1400',
    );
  });

  it('tap and veth: the Linux driver makes the device (phase devices), OVS adds it (phase ovs)', () => {
    const steps = plan(`${on}namespace red\nport web-tap type tap tag 10\nport red-p type veth peer red:eth0 address 10.0.10.1/24 tag 10`);
    expect(steps.slice(1).map((s) => [s.phase, s.commands[0]!.argv.join(' ')])).toEqual([
      [40, 'ovs-vsctl --may-exist add-port br-int web-tap tag=10 external_ids:vsh=owned'],
      [40, 'ovs-vsctl --may-exist add-port br-int red-p tag=10 external_ids:vsh=owned'],
    ]);
  });

  it('ports of other hosts and bridges stay out', () => {
    expect(plan(`${on}port p1\nbridge br-int on hostB\nport p2`).map((s) => s.object)).toEqual(['bridge br-int', 'port p1 on br-int']);
  });

  it('undo takes the port off; verify waits for the values set', () => {
    const s = plan(`${on}port eth2 tag 10 trunk 10,20 native`)[1]!;
    expect(s.undo.map((c) => c.argv.join(' '))).toEqual(['ovs-vsctl --if-exists del-port br-int eth2']);
    expect(s.verify!.argv.join(' ')).toBe('ovs-vsctl --timeout=5 wait-until Port eth2 tag=10 trunks=10,20 vlan_mode=native-untagged');
    expect(s.explain).toContain('native-untagged');
  });
});

describe('tunnels', () => {
  const both = 'bridge br-int on hostA\nbridge br-int on hostB\n';

  it('gre with trunk: type=gre, remote_ip = the peer\'s address (no underlay given), trunks on the port', () => {
    expect(lines(`${both}tunnel gre hostA<->hostB on br-int trunk 10,20`)[1]).toBe(
      '+ tunnel gre-hostB on br-int: ovs-vsctl --may-exist add-port br-int gre-hostB trunks=10,20 external_ids:vsh=owned -- set Interface gre-hostB type=gre options:remote_ip=192.0.2.12',
    );
  });

  it("the other end points at hostA's underlay", () => {
    expect(lines(`${both}tunnel gre hostA<->hostB on br-int key 42`, 'hostB')[1]).toBe(
      '+ tunnel gre-hostA on br-int: ovs-vsctl --may-exist add-port br-int gre-hostA external_ids:vsh=owned -- set Interface gre-hostA type=gre options:remote_ip=10.200.0.1 options:key=42',
    );
  });

  it('vxlan vni + dstport: options:key and options:dst_port', () => {
    expect(lines(`${both}tunnel vxlan hostA<->hostB on br-int vni 4242 dstport 4789`)[1]).toBe(
      '+ tunnel vxlan-hostB on br-int: ovs-vsctl --may-exist add-port br-int vxlan-hostB external_ids:vsh=owned -- set Interface vxlan-hostB type=vxlan options:remote_ip=192.0.2.12 options:key=4242 options:dst_port=4789',
    );
  });

  it('geneve with a name, ends written as BRIDGE@HOST', () => {
    expect(lines('bridge br-a on hostA\nbridge br-b on hostB\ntunnel geneve br-a@hostA<->br-b@hostB vni 7 name gnv7')[1]).toBe(
      '+ tunnel gnv7 on br-a: ovs-vsctl --may-exist add-port br-a gnv7 external_ids:vsh=owned -- set Interface gnv7 type=geneve options:remote_ip=192.0.2.12 options:key=7',
    );
  });

  it('a tunnel end on a linux bridge is not OVS', () => {
    expect(plan('bridge br-a on hostA kind linux\nbridge br-a on hostB\ntunnel vxlan hostA<->hostB on br-a vni 5').map((s) => s.object)).toEqual([]);
    expect(plan('bridge br-a on hostA kind linux\nbridge br-a on hostB\ntunnel vxlan hostA<->hostB on br-a vni 5', 'hostB').map((s) => s.object)).toEqual([
      'bridge br-a',
      'tunnel vxlan-hostA on br-a',
    ]);
  });

  it('explains the encapsulation cost', () => {
    expect(plan(`${both}tunnel gre hostA<->hostB on br-int key 1`)[1]!.explain).toMatch(/GRE tunnel port to hostB \(remote_ip 192\.0\.2\.12, key 1\).*42 bytes/);
  });
});

describe('bonds', () => {
  const on = 'bridge br-ex on hostA\n';

  it('add-bond with bond_mode and lacp', () => {
    expect(lines(`${on}bond bond0 on br-ex slaves ens1f0,ens1f1 mode balance-tcp lacp active`)[1]).toBe(
      '+ bond bond0 on br-ex: ovs-vsctl --may-exist add-bond br-ex bond0 ens1f0 ens1f1 bond_mode=balance-tcp lacp=active external_ids:vsh=owned',
    );
  });

  it('802.3ad: balance-tcp with lacp=active, said so in the explanation', () => {
    const s = plan(`${on}bond bond0 on br-ex slaves ens1f0,ens1f1 mode 802.3ad`)[1]!;
    expect(s.commands[0]!.argv.join(' ')).toBe('ovs-vsctl --may-exist add-bond br-ex bond0 ens1f0 ens1f1 bond_mode=balance-tcp lacp=active external_ids:vsh=owned');
    expect(s.explain).toContain('bond_mode=balance-tcp with lacp');
  });

  it('802.3ad keeps a given lacp', () => {
    expect(lines(`${on}bond bond0 on br-ex slaves a1,a2 mode 802.3ad lacp passive`)[1]).toContain('bond_mode=balance-tcp lacp=passive');
  });

  it('no mode: OVS decides (active-backup), nothing written', () => {
    expect(lines(`${on}bond bond0 on br-ex slaves a1,a2`)[1]).toBe('+ bond bond0 on br-ex: ovs-vsctl --may-exist add-bond br-ex bond0 a1 a2 external_ids:vsh=owned');
  });

  it('a bond on a host is a Linux bond, not OVS', () => {
    expect(plan('bond bond0 on hostA slaves a1,a2 mode 802.3ad')).toEqual([]);
  });
});

describe('steps are data the applier batches', () => {
  const text = 'host h local datapath netdev\nbridge br-int\nport p1 type internal tag 10\nport p2 trunk 10,20';

  it('every command is one ovs-vsctl marked for batching, span and object set', () => {
    const steps = plan(text, 'h');
    for (const s of steps) {
      expect(s.backend).toBe('ovs');
      expect(s.span).toBeDefined();
      for (const c of [...s.commands, ...s.undo]) expect(c).toMatchObject({ batch: 'ovs-vsctl', argv: expect.arrayContaining(['ovs-vsctl']) });
      expect(s.verify?.batch).toBeUndefined();
    }
  });

  it('the steps of a host merge into one transaction', () => {
    const merged = mergeOvsVsctl(plan(text, 'h').flatMap((s) => s.commands));
    expect(merged.argv.join(' ')).toBe(
      'ovs-vsctl --may-exist add-br br-int -- set Bridge br-int datapath_type=netdev external_ids:vsh=owned' +
        ' -- --may-exist add-port br-int p1 tag=10 external_ids:vsh=owned -- set Interface p1 type=internal' +
        ' -- --may-exist add-port br-int p2 trunks=10,20 external_ids:vsh=owned',
    );
  });

  it('names reach ovs-vsctl only as whole argv elements', () => {
    const steps = plan('bridge br.a_b-1 on hostA\nport p.1-x_y on br.a_b-1 tag 5');
    expect(steps[1]!.commands[0]!.argv).toEqual(['ovs-vsctl', '--may-exist', 'add-port', 'br.a_b-1', 'p.1-x_y', 'tag=5', 'external_ids:vsh=owned']);
  });
});

describe('registered with the planner', () => {
  it('runs after the Linux driver made the devices, before it puts addresses on them', async () => {
    const { makePlan, planSteps } = await import('../../../src/backends/plan.js');
    const front = model(HOSTS + 'bridge br-int on hostA\nport web-tap type tap tag 10\nport mgmt0 type internal address 10.30.0.2/24');
    const steps = planSteps(await makePlan(front, { mode: 'apply', offline: true }));
    const at = (backend: string, object: RegExp) => steps.findIndex((s) => s.backend === backend && object.test(s.object));
    const [tap, ovsTap, ovsMgmt, address] = [at('linux', /tap web-tap/), at('ovs', /^port web-tap/), at('ovs', /^port mgmt0/), at('linux', /mgmt0/)];
    expect(Math.min(tap, ovsTap, ovsMgmt, address)).toBeGreaterThanOrEqual(0);
    expect(tap).toBeLessThan(ovsTap);
    expect(ovsMgmt).toBeLessThan(address);
  });
});
