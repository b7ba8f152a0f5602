/**
 * Diffing against state a person made by hand in a real OVS (fixtures): what matches gives
 * no step, what drifted gives a `~` that writes only the difference (and its exact undo),
 * what vsh made and the model dropped gives a `-`, and destroy removes only vsh's objects.
 */
import { describe, expect, it } from 'vitest';
import type { Step } from '../../../src/backends/backend.js';
import { ovsBackend } from '../../../src/backends/ovs/index.js';
import { parseState } from '../../../src/backends/ovs/read.js';
import type { OvsPort, OvsState } from '../../../src/backends/ovs/state.js';
import { example, model, stepsOf, viewOf } from '../libvirt/support.js';
import { fixtureText, ovsOutputs } from './support.js';

const argv = (s: Step) => s.commands.map((c) => c.argv.join(' '));
const undo = (s: Step) => s.undo.map((c) => c.argv.join(' '));
const gre = () => viewOf(example('gre-vlan-namespaces.vnet'), 'hostA');

describe('what matches gives no step', () => {
  it.each([
    ['ovs-access-trunk', 'sw1', 'access-trunk'],
    ['gre-vlan-namespaces', 'hostA', 'overlay'],
    ['bond', 'hv7', 'bond'],
  ])('%s on %s against the same made by hand', (name, host, fixture) => {
    expect(stepsOf([ovsBackend], viewOf(example(`${name}.vnet`), host), ovsOutputs(fixture))).toEqual([]);
  });

  it("columns the model does not set are left alone (stp set by hand on br-phy, libvirt's vnet0 on br-int)", () => {
    const objects = stepsOf([ovsBackend], gre(), ovsOutputs('overlay-drift')).map((s) => s.object);
    expect(objects).not.toContain('bridge br-phy');
    expect(objects.join(' ')).not.toContain('vnet0');
  });
});

describe('drift: hands changed a tag, a tunnel, and left objects behind', () => {
  const steps = stepsOf([ovsBackend], gre(), ovsOutputs('overlay-drift'));
  const by = (object: string) => steps.find((s) => s.object === object)!;

  it('exactly these steps, removals first', () => {
    expect(steps.map((s) => `${s.action} ${s.object}`)).toEqual(['- port old-q on br-old', '- port old-p on br-int', '~ port red-p on br-int', '~ tunnel gre-hostB on br-int']);
  });

  it('a changed tag: one set, undone by setting it back', () => {
    const s = by('port red-p on br-int');
    expect(s.changes).toEqual(['tag: 11 -> 10']);
    expect(argv(s)).toEqual(['ovs-vsctl set Port red-p tag=10']);
    expect(undo(s)).toEqual(['ovs-vsctl set Port red-p tag=11']);
    expect(s.verify!.argv.join(' ')).toBe('ovs-vsctl --timeout=5 wait-until Port red-p tag=10');
    expect(s.explain).toMatch(/^Sets only what differs from the model, in place \(tag: 11 -> 10\)\. An access port in VLAN 10/);
  });

  it('tunnel options: set what differs, remove the key the model does not have', () => {
    const s = by('tunnel gre-hostB on br-int');
    expect(s.changes).toEqual(['options:remote_ip: 10.200.0.9 -> 10.200.0.2', 'options:key: 7 -> (none)']);
    expect(argv(s)).toEqual(['ovs-vsctl set Interface gre-hostB options:remote_ip=10.200.0.2 -- remove Interface gre-hostB options key']);
    expect(undo(s)).toEqual(['ovs-vsctl set Interface gre-hostB options:remote_ip=10.200.0.9 options:key=7']);
  });

  it('an owned port no longer declared: del-port, undone by adding it back as it was', () => {
    const s = by('port old-p on br-int');
    expect(argv(s)).toEqual(['ovs-vsctl --if-exists del-port br-int old-p']);
    expect(undo(s)).toEqual(['ovs-vsctl --may-exist add-port br-int old-p external_ids:vsh=owned -- set Interface old-p type=internal mtu_request=1400']);
    expect(s.span).toBeUndefined();
  });

  it('an owned bridge no longer declared that carries a foreign port stays: only its own port goes, and the plan says why', () => {
    expect(steps.some((s) => s.object === 'bridge br-old')).toBe(false);
    const s = by('port old-q on br-old');
    expect(argv(s)).toEqual(['ovs-vsctl --if-exists del-port br-old old-q']);
    expect(s.explain).toContain('Bridge br-old stays though vsh made it: it carries vnet1, which vsh did not add, and del-br would take them along.');
  });
});

describe('changes OVS cannot make in place', () => {
  it('a port on another bridge moves in one transaction', () => {
    const front = model('host sw1 address 192.0.2.31\nbridge br-access on sw1\nbridge br-other on sw1\nport eth1 trunk 10,20,30-39');
    const [s, ...rest] = stepsOf([ovsBackend], viewOf(front, 'sw1'), ovsOutputs('access-trunk')).filter((x) => x.object.includes('eth1'));
    expect(rest).toEqual([]);
    expect(s!.action).toBe('~');
    expect(s!.changes).toEqual(['bridge: br-access -> br-other']);
    expect(argv(s!)).toEqual(['ovs-vsctl --if-exists del-port br-access eth1 -- --may-exist add-port br-other eth1 trunks=10,20,30-39 external_ids:vsh=owned']);
    expect(undo(s!)).toEqual(['ovs-vsctl --if-exists del-port br-other eth1 -- --may-exist add-port br-access eth1 trunks=10,20,30-39 external_ids:vsh=owned']);
    expect(s!.explain).toContain("OVS cannot change a port's bridge (br-access -> br-other) in place");
  });

  it('other bond slaves: the bond is re-made with them', () => {
    const front = model('host hv7 address 192.0.2.71\nbridge br-ex on hv7\nbond bond-ex on br-ex slaves ens1f0,ens2f0 mode balance-tcp lacp active\nport vm1-tap type tap tag 100\nport vm2-tap type tap tag 200');
    const steps = stepsOf([ovsBackend], viewOf(front, 'hv7'), ovsOutputs('bond'));
    expect(steps.map((s) => [s.object, s.changes])).toEqual([['bond bond-ex on br-ex', ['slaves: ens1f0,ens1f1 -> ens1f0,ens2f0']]]);
    expect(argv(steps[0]!)).toEqual([
      'ovs-vsctl --if-exists del-port br-ex bond-ex -- --may-exist add-bond br-ex bond-ex ens1f0 ens2f0 bond_mode=balance-tcp lacp=active external_ids:vsh=owned',
    ]);
  });

  it('a bond mode changed in place', () => {
    const front = model('host hv7 address 192.0.2.71\nbridge br-ex on hv7\nbond bond-ex on br-ex slaves ens1f0,ens1f1 mode active-backup lacp off\nport vm1-tap type tap tag 100\nport vm2-tap type tap tag 200');
    const steps = stepsOf([ovsBackend], viewOf(front, 'hv7'), ovsOutputs('bond'));
    expect(steps.map((s) => [s.object, s.changes, argv(s)])).toEqual([
      ['bond bond-ex on br-ex', ['bond_mode: balance-tcp -> active-backup', 'lacp: active -> off'], ['ovs-vsctl set Port bond-ex bond_mode=active-backup lacp=off']],
    ]);
  });

  it('a bridge of another datapath, when the host names one', () => {
    const front = model('host sw1 local datapath system\nbridge br-access\nport eth1 trunk 10,20,30-39');
    const s = stepsOf([ovsBackend], viewOf(front, 'sw1'), ovsOutputs('access-trunk')).find((x) => x.object === 'bridge br-access')!;
    expect([s.changes, argv(s)]).toEqual([['datapath_type: netdev -> system'], ['ovs-vsctl set Bridge br-access datapath_type=system']]);
  });
});

describe('destroy', () => {
  it('owned bridges go with del-br (their ports with them), in order ports first then bridges', () => {
    const steps = stepsOf([ovsBackend], gre(), ovsOutputs('overlay'), 'destroy');
    expect(steps.map((s) => [s.action, s.object, argv(s)])).toEqual([
      ['-', 'bridge br-phy', ['ovs-vsctl --if-exists del-br br-phy']],
      ['-', 'bridge br-int', ['ovs-vsctl --if-exists del-br br-int']],
    ]);
    expect(steps[0]!.span).toBeDefined();
  });

  it('on a bridge vsh did not make, only its own ports go; a system NIC is only taken off', () => {
    const state: OvsState = parseState(fixtureText('overlay-drift.stdout'))!;
    // The same state, but with bridges someone else made.
    for (const b of ['br-int', 'br-phy']) (state.bridges.get(b)!.values as Map<string, string>).delete('external_ids:vsh');
    const view = gre();
    const steps = ovsBackend.destroy(view, state);
    expect(steps.map((s) => [s.object, argv(s)])).toEqual([
      ['uplink eth1 on br-phy', ['ovs-vsctl --if-exists del-port br-phy eth1']],
      ['port red-p on br-int', ['ovs-vsctl --if-exists del-port br-int red-p']],
      ['tunnel gre-hostB on br-int', ['ovs-vsctl --if-exists del-port br-int gre-hostB']],
    ]);
    expect(steps[0]!.explain).toContain('the interface itself stays on the host');
  });

  it('a bridge vsh made that carries a port vsh did not make is never deleted: its own ports go one by one, and the plan says why', () => {
    const state: OvsState = parseState(fixtureText('overlay-drift.stdout'))!;
    const brInt = state.bridges.get('br-int')!;
    (state.bridges as Map<string, typeof brInt>).set('br-int', { ...brInt, ports: [...brInt.ports, 'hand0'] });
    (state.ports as Map<string, OvsPort>).set('hand0', { name: 'hand0', bridge: 'br-int', values: new Map(), ifaces: ['hand0'] });
    const steps = ovsBackend.destroy(gre(), state);
    expect(steps.map((s) => [s.object, argv(s)])).toEqual([
      ['port red-p on br-int', ['ovs-vsctl --if-exists del-port br-int red-p']],
      ['tunnel gre-hostB on br-int', ['ovs-vsctl --if-exists del-port br-int gre-hostB']],
      ['bridge br-phy', ['ovs-vsctl --if-exists del-br br-phy']],
    ]);
    expect(steps[0]!.explain).toContain('Bridge br-int stays though vsh made it: it carries vnet0, hand0, which vsh did not add');
  });

  it('a port on a bridge that goes is simply added where it belongs', () => {
    const front = model('host sw1 address 192.0.2.31\nbridge br-other on sw1\nport eth1 trunk 10,20,30-39');
    const steps = stepsOf([ovsBackend], viewOf(front, 'sw1'), ovsOutputs('access-trunk'));
    expect(steps.map((s) => `${s.action} ${s.object}`)).toEqual(['- bridge br-access', '+ bridge br-other', '+ port eth1 on br-other']);
  });

  it('what vsh did not make is never removed, and offline there is nothing to destroy', () => {
    const front = model('host h address 192.0.2.1\nbridge br-int on h\nport vnet0');
    expect(stepsOf([ovsBackend], viewOf(front, 'h'), ovsOutputs('system-datapath-missing'), 'destroy')).toEqual([]);
    expect(stepsOf([ovsBackend], gre(), undefined, 'destroy')).toEqual([]);
  });
});
