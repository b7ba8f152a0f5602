/**
 * Seed 004 end to end on a real 3-host `vsh lab --ovn` (NB/SB/northd on hostA, ovn-controller
 * on every host), through the CLI over SSH: the teaching lab examples/labs/ovn-uplinks.vnet —
 * one logical router, two switches with VMs (namespaces) on hostA and hostB, uplinks on
 * external VLANs 100 and 200 with gateway chassis hostA, "physical" hosts on hostC's br-phy.
 * - `vsh run` passes every expect line;
 * - the external hosts reach the VMs through the uplinks (with a return route added by hand,
 *   as the guide does), and the frames on hostC's wire carry the 802.1Q tags 100 and 200;
 * - a re-plan is "no changes", reading the northbound database once (one round trip to hostA)
 *   and no other host: the central's record says they match the model;
 * - an incremental change is one northbound transaction, realized on every chassis, and
 *   reads and changes the central alone;
 * - a host changed by hand is not seen while the record says it matches; --read-all and
 *   `vsh diff` see it, and `apply --read-all` repairs it;
 * - `vsh destroy` leaves the northbound database without a row of the project and every
 *   host exactly as `vsh lab up` made it (hostC's br-phy included: vsh added ports to a
 *   bridge it did not make, and removed only those).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, REPO, skipReason, traced, vsh, waitFor, type HostState, type PlanJson } from './support.js';

const skip = skipReason() || (['/usr/bin/ovn-northd', '/usr/bin/ovn-controller'].every((p) => existsSync(p)) ? '' : 'ovn-central/ovn-host not installed');
const LAB = join(REPO, 'examples/labs/ovn-uplinks.vnet');
const PROJECT = 'ovn-uplinks';

/**
 * The states without ovn-controller's own bookkeeping on br-int: external_ids ovn-nb-cfg,
 * ovn-nb-cfg-ts (the last northbound change it processed, which every change moves on) and
 * ct-zone-* (the conntrack zones it handed out, which it keeps after the port is gone).
 */
function withoutOvnCounters(states: Record<string, HostState>): unknown {
  return JSON.parse(JSON.stringify(states), (_k, v: unknown) =>
    Array.isArray(v) && v[0] === 'map' && Array.isArray(v[1]) ? ['map', (v[1] as [string, unknown][]).filter(([k]) => !/^(ovn-nb-cfg|ct-zone-)/.test(String(k)))] : v,
  );
}

describe.skipIf(!!skip)(`e2e: OVN logical router with external VLAN uplinks (seed 004)${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let lab: Lab;
  let pristine: Record<string, HostState>;
  beforeAll(async () => {
    lab = await Lab.up('ovn', { hosts: 3, ovn: true });
    pristine = await lab.states();
  }, 120_000);
  afterAll(async () => {
    await lab?.down();
  }, 120_000);

  const script = () => [lab.inventory, LAB];
  const projectRows = () =>
    lab.sh('hostA', ['Logical_Switch', 'Logical_Switch_Port', 'Logical_Router', 'Logical_Router_Port', 'Logical_Router_Static_Route'].map((t) => `ovn-nbctl --bare --columns=_uuid find ${t} external_ids:vsh=${PROJECT}`).join('; '));

  it('vsh run builds it and every expect line passes', async () => {
    const r = await vsh(['run', ...script()], { timeoutMs: 120_000 });
    expect(r.stdout).not.toContain('FAILED');
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout.match(/^passed: /gm)).toHaveLength(7);
    const show = await lab.sh('hostA', 'ovn-nbctl show');
    expect(show).toMatch(/router .* \(lr1\)/);
    expect(await lab.sh('hostA', 'ovn-nbctl lrp-get-gateway-chassis lr1-ext200')).toMatch(/hostA\s+10/);
    // Each VIF is bound on its own chassis.
    const sb = await lab.sh('hostA', 'ovn-sbctl show');
    const block = (chassis: string) => sb.split(/^Chassis /m).find((b) => b.startsWith(`${chassis}\n`)) ?? '';
    expect(block('hostA')).toMatch(/Port_Binding vm1\n/);
    expect(block('hostB')).toMatch(/Port_Binding vm2\n/);
    expect(block('hostA')).toMatch(/Port_Binding cr-lr1-ext100\n/); // the gateway port, resident on hostA
    expect((await lab.sh('hostA', 'ovn-sbctl --bare --columns=name list Chassis')).split('\n').filter(Boolean).sort()).toEqual(['hostA', 'hostB', 'hostC']);
  }, 150_000);

  it('the external hosts reach the VMs through their uplinks, tagged 100 and 200 on the wire', async () => {
    const out = await lab.sh(
      'hostC',
      [
        'ip -n ext100 route replace 10.90.0.0/16 via 172.30.100.1',
        'ip -n ext200 route replace 10.90.0.0/16 via 172.30.200.1',
        'f=$(mktemp)',
        'timeout 8 tcpdump -l -nn -e -c 4 -i eth1 "vlan and icmp" >"$f" 2>/dev/null & t=$!',
        'sleep 1',
        'for i in 1 2 3; do ip netns exec ext100 ping -c 1 -W 1 10.90.1.10 >/dev/null && break; done',
        'for i in 1 2 3; do ip netns exec ext200 ping -c 1 -W 1 10.90.2.10 >/dev/null && break; done',
        'ip netns exec ext100 ping -c 1 -W 1 10.90.2.10 | grep -c "bytes from"',
        'ip netns exec ext200 ping -c 1 -W 1 10.90.1.10 | grep -c "bytes from"',
        'wait $t; cat "$f"; rm -f "$f"',
        'ip -n ext100 route del 10.90.0.0/16; ip -n ext200 route del 10.90.0.0/16',
      ].join('\n'),
    );
    expect(out).toMatch(/^1\n1\n/);
    expect(out).toMatch(/vlan 100/);
    expect(out).toMatch(/vlan 200/);
  }, 60_000);

  it('a re-plan is no changes, and reads the northbound database once (one round trip to the central)', async () => {
    const plan = await vsh(['plan', '--json', ...script()], { env: { VSH_TRACE: '1' } });
    expect(plan.code, plan.stderr).toBe(0);
    expect(JSON.parse(plan.stdout)).toMatchObject({ changes: 0, steps: [] });
    const trips = traced(plan.stderr).get('hostA') ?? [];
    expect(trips).toHaveLength(1);
    expect(trips[0]).toMatch(/^sh -s/);
    expect([...traced(plan.stderr).keys()]).toEqual(['hostA']);
    // The record the first run wrote: one fingerprint per host of this project.
    const ids = await lab.sh('hostA', 'ovn-nbctl get NB_Global . external_ids');
    for (const h of ['hostA', 'hostB', 'hostC']) expect(ids).toMatch(new RegExp(`"vsh-host/${PROJECT}/${h}"="?[0-9a-f]{24}\\b`));
  }, 60_000);

  it('a host changed by hand is not read while the record says it matches; --read-all and diff see it, apply --read-all repairs it', async () => {
    await lab.sh('hostB', 'ovs-vsctl remove Open_vSwitch . external_ids ovn-bridge-mappings');
    const plan = await vsh(['plan', '--json', ...script()]);
    expect(JSON.parse(plan.stdout)).toMatchObject({ changes: 0, unchanged: ['hostA', 'hostB', 'hostC'] });
    const all = JSON.parse((await vsh(['plan', '--json', '--read-all', ...script()])).stdout) as PlanJson;
    expect(all.steps.map((s) => `${s.host} ${s.action} ${s.object}`)).toEqual(['hostB ~ chassis hostB']);
    const diff = await vsh(['diff', ...script()]);
    expect(diff.code, diff.stderr).toBe(1);
    expect(diff.stdout).toContain('ovn-bridge-mappings');
    const fix = await vsh(['apply', '--read-all', ...script()]);
    expect(fix.code, fix.stderr).toBe(0);
    expect((await lab.sh('hostB', 'ovs-vsctl get Open_vSwitch . external_ids:ovn-bridge-mappings')).trim()).toBe('"physnet:br-phy"');
    expect((await vsh(['diff', ...script()])).code).toBe(0);
  }, 90_000);

  it('an incremental change is one northbound transaction, realized on every chassis before expect runs', async () => {
    const changed = join(lab.dir, 'ovn-uplinks-more.vnet');
    writeFileSync(changed, `${readFileSync(LAB, 'utf8')}\nlogical port vm3 on ls-db host hostC address 0a:00:00:90:02:0c 10.90.2.12\n`);
    try {
      const plan = JSON.parse((await vsh(['plan', '--json', '--project', PROJECT, lab.inventory, changed])).stdout) as PlanJson;
      expect(plan.steps.map((s) => `${s.host} ${s.action} ${s.object}`)).toEqual(['hostA + logical port vm3 on ls-db (northbound)', 'hostA ~ realized on every chassis']);
      const r = await vsh(['apply', '--project', PROJECT, lab.inventory, changed], { env: { VSH_TRACE: '1' } });
      expect(r.code, r.stderr).toBe(0);
      const onA = traced(r.stderr).get('hostA') ?? [];
      // One invocation on the central does the transaction and the wait (ovn-nbctl --wait=hv A -- B). Around it:
      // the lock taken and the northbound read in one round trip (the plan is made under the lock), the journal
      // (saying the first batch may run), that, unlock.
      expect(onA.filter((c) => c.includes('ovn-nbctl --timeout'))).toHaveLength(1);
      expect(onA.filter((c) => c.includes('ovn-nbctl --timeout'))[0]).toMatch(/^sh -c … vsh-ovn-apply \d* \d+ ovn-nbctl --timeout=\d+ --wait=hv lsp-add ls-db vm3 /);
      expect(onA).toHaveLength(4);
      // The other hosts' part of the model did not change: the record says so, they are not even connected to.
      expect([...traced(r.stderr).keys()]).toEqual(['hostA']);
      expect(await lab.sh('hostA', 'ovn-nbctl get Logical_Switch_Port vm3 addresses')).toContain('10.90.2.12');
      const back = await vsh(['apply', '--project', PROJECT, ...script()]);
      expect(back.code, back.stderr).toBe(0);
      expect(await lab.sh('hostA', 'ovn-nbctl --bare --columns=name find Logical_Switch_Port name=vm3')).toBe('');
    } finally {
      rmSync(changed, { force: true });
    }
  }, 90_000);

  it('vsh destroy leaves no project row in the northbound database and every host as the lab made it', async () => {
    const d = await vsh(['destroy', ...script()], { timeoutMs: 90_000 });
    expect(d.code, d.stderr + d.stdout).toBe(0);
    expect(await projectRows()).toBe('');
    expect(await lab.sh('hostA', 'ovn-nbctl show')).toBe('');
    expect(await lab.sh('hostA', 'ovn-nbctl get NB_Global . external_ids')).not.toContain('vsh-host/');
    // ovn-controller removes its patch ports once it has processed the change: destroy waited for that.
    const states = await waitFor(async () => {
      const s = withoutOvnCounters(await lab.states());
      return JSON.stringify(s) === JSON.stringify(withoutOvnCounters(pristine)) ? s : undefined;
    }, 10_000, 500);
    if (!states) expect(withoutOvnCounters(await lab.states())).toEqual(withoutOvnCounters(pristine));
  }, 120_000);
});
