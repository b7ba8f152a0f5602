/**
 * Idempotency, drift and destroy on a 2-host lab, through the CLI over SSH:
 * - apply, then re-plan: `vsh plan --json` has `"changes": 0` and `vsh diff` exits 0;
 * - a tag changed by hand with `ovs-vsctl set Port … tag=…` on hostB: `vsh diff` names
 *   exactly that field of that port on that host (exit 1), the plan has one `~` step, and
 *   `vsh apply` repairs only that (VSH_TRACE: hostA is only read, hostB runs one command
 *   besides its lock);
 * - `vsh destroy` leaves every host exactly as `vsh lab up` made it: the full `ip -json
 *   link` of the host and of each of its namespaces, the namespace list, addresses, routes,
 *   and OVS's bridges, ports and interfaces, compared before and after.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, scenario, skipReason, traced, vsh, type HostState, type PlanJson } from './support.js';
import { skipping } from '../support/skip.js';

const skip = skipReason();

describe.skipIf(skipping('e2e', skip))(`e2e: apply, re-plan, drift, repair, destroy on vsh lab${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let lab: Lab;
  let pristine: Record<string, HostState>;
  beforeAll(async () => {
    lab = await Lab.up('idem');
    pristine = await lab.states();
  }, 60_000);
  afterAll(async () => {
    await lab?.down();
  }, 60_000);

  const script = () => [lab.inventory, scenario('drift.vnet')];

  it('apply, then a re-plan shows zero changes and diff exits 0', async () => {
    const a = await vsh(['apply', ...script()]);
    expect(a.stderr).not.toContain('apply failed');
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/^applied \d+ steps$/m);
    const plan = await vsh(['plan', '--json', ...script()]);
    expect(plan.code).toBe(0);
    expect(JSON.parse(plan.stdout)).toMatchObject({ changes: 0, steps: [] });
    const diff = await vsh(['diff', ...script()]);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toBe('No differences: the hosts match the model.\n');
    // Applying again changes nothing (and takes no lock: nothing to do).
    const again = await vsh(['apply', ...script()], { env: { VSH_TRACE: '1' } });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes: the hosts match the model.');
    expect([...traced(again.stderr)].map(([h, cmds]) => [h, cmds.length])).toEqual(expect.arrayContaining([['hostA', 1], ['hostB', 1]]));
  }, 40_000);

  it('a tag changed by hand on hostB: diff names exactly that field on that host, and apply repairs only that', async () => {
    await lab.sh('hostB', 'ovs-vsctl set Port blue-p tag=40');

    const diff = await vsh(['diff', ...script()]);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toBe('~ hostB: port blue-p on br-int — differs\n    tag: 40 -> 10\n');
    const diffJson = await vsh(['diff', '--json', ...script()]);
    expect(JSON.parse(diffJson.stdout)).toEqual({ differences: [{ host: 'hostB', backend: 'ovs', action: '~', object: 'port blue-p on br-int', changes: ['tag: 40 -> 10'] }] });

    const plan = JSON.parse((await vsh(['plan', '--json', ...script()])).stdout) as PlanJson;
    expect(plan.changes).toBe(1);
    expect(plan.steps).toHaveLength(1);
    expect(plan.steps[0]).toMatchObject({ host: 'hostB', action: '~', object: 'port blue-p on br-int', changes: ['tag: 40 -> 10'] });

    const apply = await vsh(['apply', ...script()], { env: { VSH_TRACE: '1' } });
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('applied 1 step\n');
    const cmds = traced(apply.stderr);
    expect(cmds.get('hostA')).toEqual(['sh -s']); // read, nothing else
    const work = cmds.get('hostB')!.filter((c) => !c.includes('/run/vsh/apply-'));
    // Read; no second read under the lock (no vsh took hostB's lock since that read: host-lock.ts takesFile); then exactly the planned repair.
    expect(work).toEqual(['sh -s', ...plan.steps[0]!.argv.map((a) => a.join(' '))]);
    expect((await lab.sh('hostB', 'ovs-vsctl get Port blue-p tag')).trim()).toBe('10');
    expect(JSON.parse((await vsh(['plan', '--json', ...script()])).stdout).changes).toBe(0);
  }, 40_000);

  it('destroy leaves every host exactly as lab up made it', async () => {
    const applied = await lab.states();
    expect(applied).not.toEqual(pristine); // the comparison below can see a difference
    const d = await vsh(['destroy', ...script()]);
    expect(d.stderr).not.toContain('apply failed');
    expect(d.code).toBe(0);
    const after = await lab.states();
    for (const host of lab.hosts.map((h) => h.name)) expect(after[host], host).toEqual(pristine[host]);
    // And destroying again finds nothing to remove.
    const again = await vsh(['plan', '--json', '--destroy', ...script()]);
    expect(JSON.parse(again.stdout).changes).toBe(0);
    const twice = await vsh(['destroy', ...script()]);
    expect(twice.code).toBe(0);
    expect(twice.stdout).toBe('No changes: nothing the model declares that vsh made is left on the hosts.\n');
  }, 40_000);
});
