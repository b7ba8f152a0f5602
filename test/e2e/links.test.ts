/**
 * `link` end to end (scenarios/links.vnet): two OVS bridges joined by patch ports and an
 * OVS bridge joined to a Linux bridge by a veth pair, a namespace on each bridge in one
 * subnet. The pings pass through the links — fail once the script drops them (apply
 * removes the patch ports and the veth pair it made) — and pass again once they are made
 * again under the same names; destroy leaves the host as lab up did.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, scenario, skipReason, vsh } from './support.js';
import { skipping } from '../support/skip.js';

const skip = skipReason();

describe.skipIf(skipping('e2e', skip))(`e2e: links between bridges on vsh lab${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let lab: Lab;
  let dir: string;
  let clean: string;
  const script = scenario('links.vnet');
  const look = () => lab.sh('hostA', 'ovs-vsctl list-br; echo --; ip -br link | cut -d" " -f1 | sed "s/@.*//" | sort; echo --; ip netns list');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vsh-e2e-links-'));
    lab = await Lab.up('links');
    clean = await look();
  }, 60_000);
  afterAll(async () => {
    await lab?.down();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('pings cross the patch ports and the veth pair; OVS and the kernel hold what the script says; re-plan shows 0 changes', async () => {
    const r = await vsh(['run', lab.inventory, script], { timeoutMs: 60_000 });
    expect(r.stdout).not.toContain('FAILED');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('passed: expect reach na@hostA 10.5.0.2');
    expect(r.stdout).toContain('passed: expect reach na@hostA 10.5.0.3');
    expect(r.stdout).toContain('passed: expect reach nl@hostA 10.5.0.1');
    const ovs = await lab.sh('hostA', 'for p in br-a-br-b br-b-br-a lk-bl; do echo "$p $(ovs-vsctl port-to-br $p) $(ovs-vsctl get Interface $p type) $(ovs-vsctl get Interface $p options)"; done; ip -o link show lk-bl-p');
    expect(ovs).toContain('br-a-br-b br-a patch {peer=br-b-br-a}');
    expect(ovs).toContain('br-b-br-a br-b patch {peer=br-a-br-b}');
    expect(ovs).toContain('lk-bl br-b "" {}');
    expect(ovs).toMatch(/lk-bl-p@lk-bl: .* master lbr state UP/);
    const plan = await vsh(['plan', '--json', lab.inventory, script]);
    expect(JSON.parse(plan.stdout)).toMatchObject({ changes: 0, steps: [] });
  }, 60_000);

  it('without the link lines, apply removes the patch ports and the veth pair, and the same pings fail', async () => {
    const variant = join(dir, 'links.vnet'); // same file name: same project
    writeFileSync(variant, readFileSync(script, 'utf8').replace(/^link .*$/gm, ''));
    const r = await vsh(['run', lab.inventory, variant], { timeoutMs: 60_000 });
    expect(r.stdout).toContain('applied 4 steps'); // two patch ports, lk-bl off br-b, the veth pair
    expect(r.stdout).toContain('FAILED: expect reach na@hostA 10.5.0.2');
    expect(r.stdout).toContain('FAILED: expect reach nl@hostA 10.5.0.1');
    expect(r.code).not.toBe(0);
    const ports = await lab.sh('hostA', 'ovs-vsctl list-ports br-a; ovs-vsctl list-ports br-b; ip -br link show type veth | cut -d" " -f1');
    expect(ports).not.toMatch(/br-a-br-b|br-b-br-a|lk-bl/);
  }, 60_000);

  it('made again under the same names, the links pass the pings again; destroy leaves the host as lab up made it', async () => {
    // The links are made again under the same names: the pings must pass again. (Seen failing once
    // under load, not reproduced since; if it fails, the message holds what tells the cause apart:
    // vsh's health read (a dead OVS handle), OVS's view of the ports, the packet sockets, the kernel's.)
    const r = await vsh(['run', lab.inventory, script], { timeoutMs: 60_000 });
    if (r.code !== 0) {
      const diff = await vsh(['diff', lab.inventory, script]);
      const host = await lab.ssh('hostA', 'ovs-vsctl --columns=name,ofport,ifindex,error,link_state list Interface; cat /proc/net/packet; ip -d link show lk-bl; ip -d link show lk-bl-p; bridge link; ovs-appctl fdb/show br-b');
      expect.fail(`${r.stdout}${r.stderr}\n--- diff\n${diff.stdout}\n--- hostA\n${host.stdout}${host.stderr}`);
    }
    const d = await vsh(['destroy', lab.inventory, script]);
    expect(d.code, d.stderr).toBe(0);
    expect(await look()).toBe(clean);
  }, 60_000);
});
