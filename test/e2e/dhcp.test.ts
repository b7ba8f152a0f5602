/**
 * DHCP end to end on a real lab: `vsh run` starts dnsmasq on hostA (VLAN 10 of br-c, an OVS
 * internal port), and a namespace on hostB leases its address across a GENEVE tunnel that
 * trunks VLAN 10. Checked by hand over OpenSSH: the address is in the range, dnsmasq runs
 * with its pid and lease files under /run/vsh/dhcp-vlan/dhcp, the lease is in its file. A
 * re-plan is 0 changes (the lease is a note, not a difference); a changed option restarts
 * dnsmasq and keeps the lease; a range of one address for two clients fails the apply
 * (naming the segment and the server) and rolls everything back; destroy stops dnsmasq,
 * removes its files and interface, and leaves both hosts as `lab up` made them.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, scenario, skipReason, vsh, type HostState, type PlanJson } from './support.js';

const has = (...paths: string[]) => paths.some((p) => existsSync(p));
const skip =
  skipReason() ||
  (!has('/usr/sbin/dnsmasq') ? 'dnsmasq is not installed (apt-get install dnsmasq-base)' : !has('/bin/busybox', '/usr/bin/busybox') ? 'busybox is not installed (apt-get install busybox-static)' : '');

describe.skipIf(!!skip)(`e2e: DHCP over a VLAN trunk on vsh lab${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let lab: Lab;
  let pristine: Record<string, HostState>;
  const tmp = mkdtempSync(join(tmpdir(), 'vsh-dhcp-'));
  const script = scenario('dhcp-vlan.vnet');
  // The same script under another file name is the same project only with --project.
  const variant = (name: string, edit: (text: string) => string) => {
    const path = join(tmp, name);
    writeFileSync(path, edit(readFileSync(script, 'utf8')));
    return path;
  };
  const dnsmasqPid = async () => (await lab.sh('hostA', 'cat /run/vsh/dhcp-vlan/dhcp/dh10-br-c.pid')).trim();

  beforeAll(async () => {
    lab = await Lab.up('dhcp');
    pristine = await lab.states();
  }, 60_000);
  afterAll(async () => {
    await lab?.down();
    rmSync(tmp, { recursive: true, force: true });
  }, 60_000);

  it('vsh run serves DHCP on hostA and the namespace on hostB gets a lease across the tunnel', async () => {
    const r = await vsh(['run', lab.inventory, script], { timeoutMs: 60_000 });
    expect(r.stderr + r.stdout).not.toMatch(/FAILED|apply failed/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('passed: expect reach cli@hostB 10.50.0.1');
  }, 70_000);

  it('holds by hand: the leased address, the running dnsmasq, its files and the lease it recorded', async () => {
    const addr = await lab.sh('hostB', 'ip -n cli -4 -o addr show dev eth0');
    const leased = /inet (10\.50\.0\.(\d+))\/24/.exec(addr);
    expect(leased, addr).not.toBeNull();
    expect(Number(leased![2])).toBeGreaterThanOrEqual(100);
    expect(Number(leased![2])).toBeLessThanOrEqual(150);
    expect(await lab.sh('hostB', 'ip -n cli route show default')).toContain('default via 10.50.0.1 dev eth0');
    const pid = await dnsmasqPid();
    const cmdline = await lab.sh('hostA', `tr '\\0' ' ' < /proc/${pid}/cmdline`);
    expect(cmdline).toContain('--interface=dh10-br-c --bind-interfaces');
    expect(cmdline).toContain('--dhcp-range=10.50.0.100,10.50.0.150,255.255.255.0,86400');
    expect(await lab.sh('hostA', 'cat /run/vsh/dhcp-vlan/dhcp/dh10-br-c.leases')).toContain(` ${leased![1]} `);
    expect(await lab.sh('hostA', 'ovs-vsctl get Port dh10-br-c tag; ovs-vsctl get Interface dh10-br-c type; ip -4 -o addr show dev dh10-br-c')).toMatch(/^10\ninternal\n.*inet 10\.50\.0\.1\/24/);
    // It runs on in hostA, outside any SSH session.
    expect(await lab.sh('hostA', `cat /proc/${pid}/comm`)).toBe('dnsmasq\n');
  }, 30_000);

  it('re-plans to 0 changes, and reports the lease as a note', async () => {
    const r = await vsh(['plan', '--json', lab.inventory, script]);
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout) as PlanJson & { notes?: { host: string; note: string }[] };
    expect(plan.changes).toBe(0);
    expect(plan.notes).toEqual([{ host: 'hostB', note: expect.stringMatching(/^cli:eth0 \(port c1-p\) has 10\.50\.0\.\d+\/24, leased by DHCP$/) }]);
    const diff = await vsh(['diff', lab.inventory, script]);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toMatch(/No differences[\s\S]*note hostB: cli:eth0 \(port c1-p\) has 10\.50\.0\.\d+\/24, leased by DHCP/);
  }, 30_000);

  it('restarts dnsmasq when an option changes, keeping the interface and the leases', async () => {
    const before = await dnsmasqPid();
    const leases = await lab.sh('hostA', 'cat /run/vsh/dhcp-vlan/dhcp/dh10-br-c.leases');
    const changed = variant('dhcp-vlan.vnet', (t) => t.replace('lease 86400', 'lease 90000'));
    const plan = JSON.parse((await vsh(['plan', '--json', lab.inventory, changed])).stdout) as PlanJson;
    expect(plan.steps.map((s) => [s.host, s.action, s.object, s.changes])).toEqual([['hostA', '~', 'dhcp server on br-c@hostA VLAN 10', ['dhcp-range: 10.50.0.100,10.50.0.150,255.255.255.0,86400 -> 10.50.0.100,10.50.0.150,255.255.255.0,90000']]]);
    const r = await vsh(['apply', lab.inventory, changed]);
    expect(r.code, r.stderr).toBe(0);
    expect(await dnsmasqPid()).not.toBe(before);
    expect(await lab.sh('hostA', 'cat /run/vsh/dhcp-vlan/dhcp/dh10-br-c.leases')).toBe(leases);
    expect(JSON.parse((await vsh(['plan', '--json', lab.inventory, changed])).stdout).changes).toBe(0);
  }, 60_000);

  it('a client that gets no lease fails the apply with its segment and server, and everything rolls back', async () => {
    const before = await lab.states();
    // One address to lease and two new clients: the second is refused ("no address available").
    const tight = variant('dhcp-vlan.vnet', (t) =>
      t.replace('range 10.50.0.100-10.50.0.150', 'range 10.50.0.100-10.50.0.100').replace('lease 86400', 'lease 90000') +
        'namespace cli2 on hostB\nport c2-p on br-c@hostB type veth peer cli2:eth0 tag 10 address dhcp\nnamespace cli3 on hostB\nport c3-p on br-c@hostB type veth peer cli3:eth0 tag 10 address dhcp\n',
    );
    const r = await vsh(['apply', lab.inventory, tight], { timeoutMs: 90_000 });
    expect(r.code).not.toBe(0);
    expect(r.stderr + r.stdout).toMatch(/no DHCP lease for cli[23]:eth0 within 20 s on br-c@hostB VLAN 10; the server that should answer: dnsmasq on br-c@hostA VLAN 10 \(10\.50\.0\.1\)/);
    expect(r.stderr + r.stdout).toMatch(/rolled back/);
    // The server is back as it was (same options), and hostB lost nothing it had.
    const after = await lab.states();
    expect(after.hostB).toEqual(before.hostB);
    const cmdline = await lab.sh('hostA', `tr '\\0' ' ' < /proc/$(cat /run/vsh/dhcp-vlan/dhcp/dh10-br-c.pid)/cmdline`);
    expect(cmdline).toContain('--dhcp-range=10.50.0.100,10.50.0.150,255.255.255.0,90000');
  }, 100_000);

  it('destroy stops dnsmasq and removes its interface and files: both hosts are as lab up made them', async () => {
    const pid = await dnsmasqPid();
    const r = await vsh(['destroy', lab.inventory, script]);
    expect(r.code, r.stderr).toBe(0);
    expect((await lab.ssh('hostA', `test -e /proc/${pid}`)).code).toBe(1);
    expect((await lab.ssh('hostA', 'test -e /run/vsh/dhcp-vlan')).code).toBe(1);
    expect(await lab.states()).toEqual(pristine);
  }, 60_000);

  it('serves a Linux bridge too (a veth, its other end enslaved), across kernel VXLAN, and destroy leaves nothing', async () => {
    const linux = join(tmp, 'dhcp-linux.vnet');
    writeFileSync(
      linux,
      [
        'bridge br-lx on hostA kind linux mtu 1450',
        'bridge br-lx on hostB kind linux mtu 1450',
        'tunnel vxlan hostA<->hostB on br-lx vni 4242 dstport 4789',
        'dhcp on br-lx@hostA address 10.70.0.1/24 range 10.70.0.50-10.70.0.60',
        'namespace lc on hostB',
        'port lc-p on br-lx@hostB type veth peer lc:eth0 address dhcp mtu 1450',
        'expect reach lc@hostB 10.70.0.1',
        '',
      ].join('\n'),
    );
    const r = await vsh(['run', lab.inventory, linux], { timeoutMs: 60_000 });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toContain('passed: expect reach lc@hostB 10.70.0.1');
    expect(await lab.sh('hostA', 'cat /sys/class/net/dh0-br-lx-b/master/uevent | grep INTERFACE; ip -br -4 addr show dev dh0-br-lx')).toMatch(/INTERFACE=br-lx\ndh0-br-lx@dh0-br-lx-b +UP +10\.70\.0\.1\/24/);
    expect(JSON.parse((await vsh(['plan', '--json', lab.inventory, linux])).stdout).changes).toBe(0);
    expect((await vsh(['destroy', lab.inventory, linux])).code).toBe(0);
    expect(await lab.states()).toEqual(pristine);
  }, 90_000);
});
