/**
 * libvirt on `vsh lab up --libvirt`: `vsh apply` defines and starts an isolated and a NAT
 * network on hostA (network XML sent over SSH on stdin to `virsh net-define`), and they are
 * read back with `virsh net-dumpxml` over OpenSSH: the forward mode, bridge, addresses,
 * DHCP range, domain and autostart of the script; the bridges exist on hostA only; hostB
 * has no networks. A re-plan changes nothing, and `vsh destroy` removes both networks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, scenario, skipReason, vsh, type PlanJson } from './support.js';
import { skipping } from '../support/skip.js';

const skip = skipReason({ libvirt: true });

describe.skipIf(skipping('e2e', skip))(`e2e: libvirt networks on vsh lab --libvirt${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await Lab.up('libvirt', { libvirt: true });
  }, 60_000);
  afterAll(async () => {
    await lab?.down();
  }, 60_000);

  const script = () => [lab.inventory, scenario('libvirt-networks.vnet')];

  it('vsh apply defines and starts both networks on hostA, and only there', async () => {
    const r = await vsh(['apply', ...script()]);
    expect(r.stderr).not.toContain('apply failed');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('applied 2 steps');
    expect(await lab.sh('hostA', 'virsh -q net-list --all')).toMatch(/e2e-iso\s+active\s+no\s+yes\n\s*e2e-nat\s+active\s+yes\s+yes/);
    expect((await lab.sh('hostB', 'virsh -q net-list --all')).trim()).toBe('');
  }, 40_000);

  it('net-dumpxml reads back the isolated network of the script', async () => {
    const xml = await lab.sh('hostA', 'virsh net-dumpxml e2e-iso');
    expect(xml).toContain('<name>e2e-iso</name>');
    expect(xml).not.toContain('<forward'); // isolated: no forwarding at all
    expect(xml).toMatch(/<bridge name='virbr-iso' stp='on'/);
    expect(xml).toContain("<domain name='iso.lab'/>");
    expect(xml).toContain("<ip address='10.99.0.1' netmask='255.255.255.0'>");
    expect(xml).toContain("<range start='10.99.0.10' end='10.99.0.50'/>");
    expect(xml).toMatch(/<vsh:managed xmlns:vsh="https:\/\/vsh\.dev\/xmlns\/libvirt\/1"\/>/); // marked as vsh's
  }, 20_000);

  it('net-dumpxml reads back the NAT network of the script; it is running with its bridge and dnsmasq on hostA', async () => {
    const xml = await lab.sh('hostA', 'virsh net-dumpxml e2e-nat');
    expect(xml).toMatch(/<forward mode='nat'>/);
    expect(xml).toMatch(/<bridge name='virbr-nat'/);
    expect(xml).toContain("<ip address='192.168.100.1' netmask='255.255.255.0'>");
    expect(xml).toContain("<range start='192.168.100.100' end='192.168.100.199'/>");
    expect(await lab.sh('hostA', 'virsh net-info e2e-nat')).toMatch(/Autostart:\s+yes/);
    const addrs = await lab.sh('hostA', 'ip -br addr show virbr-nat; ip -br addr show virbr-iso; test -s /run/libvirt/network/e2e-nat.pid && echo dnsmasq');
    expect(addrs).toMatch(/virbr-nat\s+\S+\s+192\.168\.100\.1\/24/);
    expect(addrs).toMatch(/virbr-iso\s+\S+\s+10\.99\.0\.1\/24/);
    expect(addrs).toContain('dnsmasq');
    expect((await lab.ssh('hostB', 'ip link show virbr-nat')).code).not.toBe(0);
  }, 20_000);

  it('a re-plan shows no changes; destroy removes both networks and their bridges', async () => {
    const plan = await vsh(['plan', '--json', ...script()]);
    expect(plan.code).toBe(0);
    expect((JSON.parse(plan.stdout) as PlanJson).changes).toBe(0);
    const d = await vsh(['destroy', ...script()]);
    expect(d.code).toBe(0);
    expect((await lab.sh('hostA', 'virsh -q net-list --all')).trim()).toBe('');
    expect((await lab.ssh('hostA', 'ip link show virbr-nat')).code).not.toBe(0);
    expect((await lab.ssh('hostA', 'ip link show virbr-iso')).code).not.toBe(0);
  }, 40_000);
});
