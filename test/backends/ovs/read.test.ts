/**
 * Reading OVS: the OVSDB JSON of a real ovs-vsctl (fixtures captured on this machine) into
 * state and facts, and what a host lacks (VN201) said in words, never as a raw error line.
 */
import { describe, expect, it } from 'vitest';
import { ovsBackend } from '../../../src/backends/ovs/index.js';
import { atoms, pairs, parseTables, single } from '../../../src/backends/ovs/ovsdb-json.js';
import { ovsProbe } from '../../../src/backends/ovs/probe.js';
import { parseState } from '../../../src/backends/ovs/read.js';
import { example, model, viewOf } from '../libvirt/support.js';
import { fixtureText, ovsOutputs } from './support.js';

describe('OVSDB JSON', () => {
  it('atoms: sets, bare single elements, uuids, empty sets', () => {
    expect(atoms(['set', [10, 20]])).toEqual([10, 20]);
    expect(atoms(10)).toEqual([10]);
    expect(atoms('native-untagged')).toEqual(['native-untagged']);
    expect(atoms(['uuid', 'ab-cd'])).toEqual(['ab-cd']);
    expect(atoms(['set', [['uuid', 'a'], ['uuid', 'b']]])).toEqual(['a', 'b']);
    expect(atoms(['set', []])).toEqual([]);
    expect(single(['set', []])).toBeUndefined();
  });

  it('pairs: maps as strings; anything else is empty', () => {
    expect([...pairs(['map', [['remote_ip', '10.0.0.2'], ['key', '5']]])]).toEqual([
      ['remote_ip', '10.0.0.2'],
      ['key', '5'],
    ]);
    expect(pairs(['set', []]).size).toBe(0);
    expect(pairs(['map', 'oops']).size).toBe(0);
    expect(pairs(['map', [['k'], 7, ['a', 'b']]]).size).toBe(1);
  });

  it('one table per JSON line; other lines and odd shapes are skipped, never thrown', () => {
    const text = 'garbage\n{"data":[[1,"x"]],"headings":["a","b"]}\n{not json\n{"data":5,"headings":["a"]}\n[1,2]\n';
    const tables = parseTables(text);
    expect(tables).toHaveLength(1);
    expect(tables[0]!.rows[0]!.get('b')).toBe('x');
    expect(parseTables('')).toEqual([]);
  });
});

describe('the probe', () => {
  it('is one ovs-vsctl listing the four tables (one ovsdb round trip), bounded by --timeout', () => {
    expect(ovsProbe.command.argv.join(' ')).toBe(
      'ovs-vsctl --timeout=5 --format=json' +
        ' -- --columns=datapath_types,iface_types,cur_cfg,next_cfg list Open_vSwitch' +
        ' -- --columns=name,datapath_type,stp_enable,ports,external_ids list Bridge' +
        ' -- --columns=_uuid,name,interfaces,tag,trunks,vlan_mode,bond_mode,lacp,external_ids list Port' +
        ' -- --columns=_uuid,name,type,options,mtu_request,mtu,ofport,ifindex,error list Interface',
    );
  });

  it('is asked on every host (owned bridges and the project flows left over elsewhere are found too)', () => {
    const view = viewOf(model('host h address 192.0.2.1'), 'h');
    expect(ovsBackend.probes(view).map((p) => p.id)).toEqual(['ovs.db', 'ovs.health', 'ovs.flows']);
  });
});

describe('state from a real ovs-vsctl', () => {
  it('an empty OVS', () => {
    const s = parseState(fixtureText('empty.stdout'))!;
    expect(s.read).toBe(true);
    expect(s.bridges.size).toBe(0);
    expect(s.datapathTypes).toEqual(['netdev', 'system']);
    expect(s.ifaceTypes).toEqual(expect.arrayContaining(['gre', 'vxlan', 'geneve', 'internal']));
  });

  it('bridges, ports and interfaces with their columns as ovs-vsctl writes them', () => {
    const s = parseState(fixtureText('access-trunk.stdout'))!;
    expect([...s.bridges.keys()]).toEqual(['br-access']);
    const br = s.bridges.get('br-access')!;
    expect(Object.fromEntries(br.values)).toEqual({ datapath_type: 'netdev', stp_enable: 'false', 'external_ids:vsh': 'owned' });
    expect([...br.ports].sort()).toEqual(['br-access', 'db-tap', 'eth1', 'eth2', 'mgmt0', 'n10a-p', 'n10b-p', 'n20-p', 'web-tap']);
    expect(Object.fromEntries(s.ports.get('eth1')!.values)).toEqual({ trunks: '10,20,30-39', 'external_ids:vsh': 'owned' });
    expect(Object.fromEntries(s.ports.get('eth2')!.values)).toEqual({ tag: '10', trunks: '10,20', vlan_mode: 'native-untagged', 'external_ids:vsh': 'owned' });
    expect(s.ports.get('mgmt0')!.bridge).toBe('br-access');
    expect(Object.fromEntries(s.ifaces.get('mgmt0')!.values)).toEqual({ type: 'internal' });
    // A system interface's type is '' in OVSDB: read as no value (which means system).
    expect(s.ifaces.get('eth1')!.values.has('type')).toBe(false);
    expect(s.ifaces.get('eth1')!.ofport).toBeGreaterThan(0);
  });

  it('bonds, tunnel options and foreign external_ids', () => {
    const bond = parseState(fixtureText('bond.stdout'))!;
    expect(bond.ports.get('bond-ex')!.ifaces).toEqual(expect.arrayContaining(['ens1f0', 'ens1f1']));
    expect(Object.fromEntries(bond.ports.get('bond-ex')!.values)).toMatchObject({ bond_mode: 'balance-tcp', lacp: 'active' });
    const drift = parseState(fixtureText('overlay-drift.stdout'))!;
    expect(Object.fromEntries(drift.ifaces.get('gre-hostB')!.values)).toEqual({ type: 'gre', 'options:key': '7', 'options:remote_ip': '10.200.0.9' });
    // A value ovs-vsctl cannot read bare is kept quoted, so it can be written back as it was.
    expect(drift.ports.get('vnet0')!.values.get('external_ids:attached-mac')).toBe('"52:54:00:aa:bb:01"');
  });

  it('facts: interface MTUs and what this OVS supports', () => {
    const view = viewOf(example('ovs-access-trunk.vnet'), 'sw1');
    const { facts, diagnostics } = ovsBackend.read(view, ovsOutputs('access-trunk'));
    expect(diagnostics).toEqual([]);
    expect(facts!.mtu!.get('mgmt0')).toBe(1500);
    expect([...facts!.features!]).toEqual(expect.arrayContaining(['ovs', 'ovs-datapath-netdev', 'ovs-iface-gre']));
    expect(facts!.features!.has('gre')).toBe(false); // kernel features are the Linux driver's
  });

  it('offline: an empty host, nothing said', () => {
    const view = viewOf(example('ovs-access-trunk.vnet'), 'sw1');
    expect(ovsBackend.read(view, undefined)).toEqual({ state: expect.objectContaining({ read: false }), diagnostics: [] });
  });
});

describe('what a host lacks (VN201), in words', () => {
  const view = viewOf(model('host h address 192.0.2.1\nbridge br-int'), 'h');
  const codes = (outputs: Parameters<typeof ovsBackend.read>[1], v = view) => ovsBackend.read(v, outputs).diagnostics!.map((d) => ({ code: d.code, severity: d.severity, message: d.message, hint: d.hint }));

  it('OVS not running: the reason, not the raw line, and how to start it', () => {
    const r = JSON.parse(fixtureText('not-running.result.json'));
    const [d] = codes(ovsOutputs(r));
    expect(d).toMatchObject({ code: 'VN201', severity: 'error' });
    expect(d!.message).toMatch(/^Open vSwitch is not running on h: unix:.*db\.sock: database connection failed \(No such file or directory\)$/);
    expect(d!.hint).toContain('systemctl start openvswitch-switch');
  });

  it('OVS not installed: what to install', () => {
    const [d] = codes(ovsOutputs({ code: 127, stdout: '', stderr: 'sh: 1: ovs-vsctl: not found\n' }));
    expect(d).toMatchObject({ code: 'VN201', message: 'Open vSwitch is not installed on h (no ovs-vsctl), and the model has OVS bridges there' });
    expect(d!.hint).toContain('apt-get install openvswitch-switch');
  });

  it('ovsdb hung: bounded by --timeout, said so', () => {
    const [d] = codes(ovsOutputs({ code: 142, stdout: '', stderr: '2026-01-01T00:00:00Z|00001|fatal_signal|WARN|terminating with signal 14 (Alarm clock)\n' }));
    expect(d!.message).toBe('Open vSwitch is not running on h: ovsdb-server did not answer within 5 s');
  });

  it('not running but not needed: nothing to say, nothing to plan', () => {
    const bare = viewOf(model('host h address 192.0.2.1'), 'h');
    const r = ovsBackend.read(bare, ovsOutputs(JSON.parse(fixtureText('not-running.result.json'))));
    expect(r.diagnostics).toEqual([]);
    expect(ovsBackend.plan(bare, r.state)).toEqual([]);
  });

  it('output vsh does not understand: VN200', () => {
    expect(codes(ovsOutputs({ code: 0, stdout: 'what\n', stderr: '' }))[0]).toMatchObject({ code: 'VN200' });
  });

  it('a bridge whose kernel datapath never opened (no openvswitch module): suggest datapath netdev', () => {
    const [d] = codes(ovsOutputs('system-datapath-missing'));
    expect(d).toMatchObject({ code: 'VN201', message: 'Open vSwitch on h could not open the kernel datapath of bridge br-int (no openvswitch kernel module?)' });
    expect(d!.hint).toContain("add 'datapath netdev' to host h");
  });

  it('ovs-vswitchd not applying changes: a warning', () => {
    const [d] = codes(ovsOutputs('vswitchd-stopped'));
    expect(d).toMatchObject({ code: 'VN201', severity: 'warning', message: 'ovs-vswitchd on h has not applied the last 1 change(s) in its database: it is probably not running' });
  });

  it('no userspace datapath, no geneve in this build', () => {
    const lacking = fixtureText('empty.stdout').replace('["set",["netdev","system"]]', '"system"').replace('"geneve",', '');
    const v = viewOf(model('host h address 192.0.2.1 datapath netdev\nhost g address 192.0.2.2\nbridge br-int on h\nbridge br-int on g\ntunnel geneve h<->g on br-int vni 5'), 'h');
    expect(codes(ovsOutputs({ code: 0, stdout: lacking, stderr: '' }), v).map((d) => d.message)).toEqual([
      "Open vSwitch on h has no 'netdev' datapath (it offers: system)",
      expect.stringMatching(/^Open vSwitch on h has no geneve tunnel ports/),
    ]);
  });
});
