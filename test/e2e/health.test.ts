/**
 * Health in diff, on a real lab host (userspace OVS). A veth deleted and made again under
 * the same name passes no traffic through OVS (it keeps reading the dead device's socket)
 * though every OVS column looks right: `vsh diff` must name it, and `vsh apply` plugs it
 * in again (del-port, then add-port, two transactions) so traffic flows. A veth deleted
 * outright is made again and plugged again in one apply. An OVS port or uplink on a NIC
 * the host does not have is an error at plan (VN201), not a clean-looking apply.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipping } from '../support/skip.js';
import { Lab, skipReason, vsh } from './support.js';

const skip = skipReason();

describe.skipIf(skipping('e2e', skip))(`e2e: dead OVS ports are differences, and apply plugs them again${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let lab: Lab;
  const dir = mkdtempSync(join(tmpdir(), 'vsh-health-'));
  const script = join(dir, 'health.vnet');
  const files = () => [lab.inventory, script];
  // A veth made again has a new MAC: flush the neighbours first, so that only OVS decides whether the ping passes.
  const ping = async () => (await lab.ssh('hostA', 'ip -n hn1 neigh flush all; ip -n hn2 neigh flush all; ip netns exec hn1 ping -c 3 -i 0.3 -W 1 10.78.0.2')).code;
  beforeAll(async () => {
    lab = await Lab.up('health', { hosts: 1 });
    writeFileSync(script, 'bridge br-hl on hostA\nnamespace hn1\nport hp1 type veth peer hn1:eth0 address 10.78.0.1/24\nnamespace hn2\nport hp2 type veth peer hn2:eth0 address 10.78.0.2/24\n');
    const r = await vsh(['apply', ...files()]);
    if (r.code !== 0) throw new Error(r.stderr);
  }, 90_000);
  afterAll(async () => {
    if (lab) await vsh(['destroy', ...files()]);
    await lab?.down();
    rmSync(dir, { recursive: true, force: true });
  }, 90_000);

  it('a veth made again under the same name: diff names the dead port, apply plugs it again, traffic flows', async () => {
    expect(await ping()).toBe(0);
    // As vsh itself would make it again (its alias included): only OVS's handle is stale.
    await lab.sh('hostA', 'ip link del hp1 && ip link add name hp1 type veth peer name eth0 netns hn1 && ip link set dev hp1 alias vsh:health && ip link set dev hp1 up && ip -n hn1 addr add 10.78.0.1/24 dev eth0 && ip -n hn1 link set dev eth0 up');
    expect(await ping()).not.toBe(0); // OVS columns look fine, yet nothing passes
    const diff = await vsh(['diff', ...files()]);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toMatch(/port hp1 on br-hl[^\n]*\n\s+health: dead \(OVS reads a dead handle/);
    const apply = await vsh(['apply', ...files()]);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toContain('applied 1 step');
    expect(await ping()).toBe(0);
    expect((await vsh(['diff', ...files()])).stdout).toContain('No differences');
  }, 90_000);

  it('a veth deleted: one apply makes it again and plugs it again', async () => {
    await lab.sh('hostA', 'ip link del hp2');
    const plan = await vsh(['plan', ...files()]);
    expect(plan.stdout).toMatch(/~ port hp2 on br-hl \[ovs\]\n\s+health: dead \(its device is gone\)/);
    expect((await vsh(['apply', ...files()])).code).toBe(0);
    expect(await ping()).toBe(0);
    expect((await vsh(['diff', ...files()])).stdout).toContain('No differences');
  }, 90_000);

  it('an OVS port or uplink on a NIC the host does not have is VN201 at plan; apply changes nothing', async () => {
    const nic = join(dir, 'nic.vnet');
    writeFileSync(nic, 'bridge br-nic on hostA\nport nosuchnic0 on br-nic\nbridge br-nic2 on hostA uplink nosuchnic1\n');
    const plan = await vsh(['plan', lab.inventory, nic]);
    expect(plan.stderr + plan.stdout).toMatch(/VN201: hostA has no interface 'nosuchnic0' \(it is a port of OVS bridge br-nic\)/);
    expect(plan.stderr + plan.stdout).toMatch(/VN201: hostA has no interface 'nosuchnic1' \(it is the uplink of OVS bridge br-nic2\)/);
    const apply = await vsh(['apply', lab.inventory, nic]);
    expect(apply.code).toBe(1);
    expect(await lab.sh('hostA', 'ovs-vsctl list-br')).not.toMatch(/br-nic/);
  }, 90_000);
});
