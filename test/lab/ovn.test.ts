/**
 * `vsh lab up --ovn`: NB, SB and ovn-northd on hostA, ovn-controller on every host. Checked
 * with the raw OVN tools only (the `logical …` statements are another layer): a logical
 * switch made with `ovn-nbctl` on hostA, a port bound on each of two hosts with `ovs-vsctl
 * add-port br-int … external_ids:iface-id=…` into a namespace, `--wait=hv sync`, ping across
 * the GENEVE overlay. The central is reachable from the root namespace as recorded in the
 * lab state, and `lab down` stops every OVN daemon.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labDown, labStatusOf, labUp, type UpResult } from '../../src/lab/lab.js';
import { labOvnCentral } from '../../src/lab/ovn.js';
import { findProgram, labPath } from '../../src/lab/prerequisites.js';
import { ensureDown, isRoot, leftovers, NOT_ROOT, NOTHING_LEFT, readText, removeTemp, run, ssh, tempLabDir, tracesOf } from './support.js';

const hasOvn = ['ovn-northd', 'ovn-controller', 'ovn-nbctl', 'ovn-sbctl'].every((p) => findProgram(p, labPath()));
const skip = !isRoot ? NOT_ROOT : !hasOvn ? 'ovn-central/ovn-host not installed (CI installs them)' : '';

describe.skipIf(!!skip)(`vsh lab --ovn${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const dir = tempLabDir('ovn');
  const tag = `${process.pid % 10000}`;
  let up: UpResult;

  beforeAll(async () => {
    up = await labUp({ dir, hosts: 3, ovn: true });
  }, 120_000);

  afterAll(async () => {
    await ensureDown(dir);
    removeTemp(dir);
  }, 120_000);

  it('records how to reach the central, and it answers there from the root namespace', () => {
    const central = labOvnCentral(up.plan.dir)!;
    const a = up.plan.hosts[0]!;
    expect(central).toEqual({
      host: 'hostA',
      nbSocket: `${a.dir}/run/ovn/ovnnb_db.sock`,
      sbSocket: `${a.dir}/run/ovn/ovnsb_db.sock`,
      nbRemote: `tcp:${a.mgmtAddress}:6641`,
      sbRemote: `tcp:${a.mgmtAddress}:6642`,
    });
    for (const db of [`unix:${central.nbSocket}`, central.nbRemote]) {
      const r = run(['ovn-nbctl', `--db=${db}`, '--timeout=5', 'show']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    const chassis = run(['ovn-sbctl', `--db=${central.sbRemote}`, '--timeout=5', '--format=csv', '--no-headings', '--columns=name,hostname', 'list', 'Chassis']);
    expect(chassis.stdout.trim().split('\n').sort()).toEqual(['hostA,hostA', 'hostB,hostB', 'hostC,hostC']);
    const encaps = run(['ovn-sbctl', `--db=unix:${central.sbSocket}`, '--timeout=5', '--format=csv', '--no-headings', '--columns=type,ip', 'list', 'Encap']);
    expect(encaps.stdout.trim().split('\n').sort()).toEqual(['geneve,"""10.200.0.1"""', 'geneve,"""10.200.0.2"""', 'geneve,"""10.200.0.3"""']);
  });

  it('makes every host a chassis over ssh, and hostA the central: plain ovn-nbctl works there', () => {
    const [a, b] = up.plan.hosts;
    const ids = ssh(up.plan, b!.mgmtAddress, 'ovs-vsctl get Open_vSwitch . external_ids');
    expect(ids.stdout).toContain(`ovn-remote="tcp:${a!.mgmtAddress}:6642"`);
    expect(ids.stdout).toContain('ovn-encap-type=geneve');
    expect(ids.stdout).toContain('ovn-encap-ip="10.200.0.2"');
    expect(ids.stdout).toContain('ovn-bridge-mappings="physnet:br-phy"');
    expect(ids.stdout).toContain('system-id=hostB');
    expect(ssh(up.plan, a!.mgmtAddress, 'ovn-nbctl --timeout=5 show && ovn-sbctl --timeout=5 show').code).toBe(0);
    // hostB is no central: its /run/ovn has no database sockets.
    expect(ssh(up.plan, b!.mgmtAddress, 'ls /run/ovn').stdout).not.toContain('ovnnb_db.sock');
  });

  it('writes the OVN lines into the inventory', () => {
    const lines = readText(up.plan.files.inventory).split('\n').filter((l) => l.startsWith('ovn '));
    expect(lines).toEqual(['ovn central hostA', 'ovn chassis hostA mapping physnet:br-phy', 'ovn chassis hostB mapping physnet:br-phy', 'ovn chassis hostC mapping physnet:br-phy']);
  });

  it('realizes a logical switch with a port on hostA and one on hostC: they ping across GENEVE', () => {
    const [a, , c] = up.plan.hosts;
    const ls = `ls${tag}`;
    const ports = [
      { host: a!, lsp: `p1x${tag}`, mac: '02:00:00:77:00:01', ip: '10.77.0.1' },
      { host: c!, lsp: `p2x${tag}`, mac: '02:00:00:77:00:02', ip: '10.77.0.2' },
    ];
    const nb = ssh(
      up.plan,
      a!.mgmtAddress,
      `ovn-nbctl --timeout=10 ls-add ${ls} ${ports.map((p) => `-- lsp-add ${ls} ${p.lsp} -- lsp-set-addresses ${p.lsp} "${p.mac} ${p.ip}"`).join(' ')}`,
    );
    expect(nb.stderr).toBe('');
    expect(nb.code).toBe(0);
    for (const p of ports) {
      const vif = `vif${p.lsp}`;
      const script = [
        'set -e',
        `ip netns add vm${tag}`,
        `ip link add ${vif} type veth peer name eth0 netns vm${tag}`,
        // GENEVE over a 1500 underlay: inner MTU 1400 (LAB.md).
        `ip -n vm${tag} link set eth0 address ${p.mac} mtu 1400 up`,
        `ip -n vm${tag} addr add ${p.ip}/24 dev eth0`,
        `ip link set ${vif} up`,
        `ovs-vsctl --timeout=10 add-port br-int ${vif} -- set interface ${vif} external_ids:iface-id=${p.lsp}`,
      ].join('\n');
      const r = ssh(up.plan, p.host.mgmtAddress, script);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    const sync = ssh(up.plan, a!.mgmtAddress, 'ovn-nbctl --timeout=20 --wait=hv sync', 30_000);
    expect(sync.code).toBe(0);
    const bound = ssh(up.plan, a!.mgmtAddress, `ovn-sbctl --timeout=5 --format=csv --no-headings --columns=logical_port,chassis find Port_Binding type='""'`);
    expect(bound.stdout.split('\n').filter((l) => l.includes(tag) && !l.endsWith(',[]'))).toHaveLength(2);
    const ping = ssh(up.plan, a!.mgmtAddress, `ip netns exec vm${tag} ping -c 3 -W 2 10.77.0.2`, 30_000);
    expect(ping.stdout).toMatch(/[1-3] received/);
  }, 90_000);

  it('`lab status` shows the central and every chassis', async () => {
    const s = await labStatusOf(dir);
    expect(s.healthy).toBe(true);
    expect(s.ovn?.chassis).toEqual(['hostA', 'hostB', 'hostC']);
    expect(s.hosts[0]!.daemons.map((d) => d.name)).toEqual(['ovsdb-server', 'ovs-vswitchd', 'sshd', 'ovn-nb', 'ovn-sb', 'ovn-northd', 'ovn-controller']);
    expect(s.hosts[2]!.daemons.map((d) => d.name)).toEqual(['ovsdb-server', 'ovs-vswitchd', 'sshd', 'ovn-controller']);
    for (const h of s.hosts) for (const d of h.daemons) expect(d.alive).toBe(true);
  });

  it('`lab down` stops every OVN daemon and removes the databases with the rest of the lab', async () => {
    const traces = tracesOf(dir);
    const central = labOvnCentral(dir)!;
    const r = await labDown({ dir });
    expect(r.report?.problems).toEqual([]);
    expect(leftovers(traces)).toEqual(NOTHING_LEFT);
    expect(existsSync(central.nbSocket)).toBe(false);
    // (Not asked over TCP: with the management network gone, that address would be routed off the machine.)
  }, 120_000);
});
