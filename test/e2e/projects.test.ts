/**
 * Two scripts applied to one host keep to their own objects. vsh marks what it creates
 * with the project of the script (its file name, or --project): `external_ids:vsh=PROJECT`
 * in OVS, the link alias `vsh:PROJECT`. `apply` removes only its own project's objects that
 * the model no longer declares; `destroy` removes what the model declares.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, scenario, skipReason, vsh } from './support.js';
import { skipping } from '../support/skip.js';

const skip = skipReason();

describe.skipIf(skipping('e2e', skip))(`e2e: projects — two scripts on one host${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await Lab.up('proj');
  }, 60_000);
  afterAll(async () => {
    await lab?.down();
  }, 60_000);

  const red = () => [lab.inventory, scenario('project-red.vnet')];
  const blue = () => [lab.inventory, scenario('project-blue.vnet')];
  /** hostA's OVS bridges and ports with their vsh mark, and its links with their alias. */
  const marks = async () => {
    const ovs = await lab.sh('hostA', "for b in $(ovs-vsctl list-br); do echo \"$b $(ovs-vsctl get Bridge $b external_ids:vsh 2>/dev/null || echo -)\"; for p in $(ovs-vsctl list-ports $b); do echo \"$p $(ovs-vsctl get Port $p external_ids:vsh 2>/dev/null || echo -)\"; done; done");
    const links = JSON.parse(await lab.sh('hostA', 'ip -json link show')) as { ifname: string; ifalias?: string }[];
    return {
      ovs: Object.fromEntries(ovs.trim().split('\n').map((l) => l.split(' ') as [string, string])),
      alias: Object.fromEntries(links.map((l) => [l.ifname, l.ifalias ?? '-'])),
    };
  };

  it('each script marks what it makes with its project; applying the second leaves the first alone', async () => {
    expect((await vsh(['apply', ...red()])).code).toBe(0);
    const second = await vsh(['apply', ...blue()]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/^applied \d+ steps$/m);
    const m = await marks();
    expect(m.ovs).toMatchObject({ 'br-red': 'project-red', 'red-t': 'project-red', 'br-blue': 'project-blue', 'blue-t': 'project-blue' });
    expect(m.alias).toMatchObject({ 'lb-red': 'vsh:project-red', 'red-t': 'vsh:project-red', 'lb-blue': 'vsh:project-blue', 'blue-t': 'vsh:project-blue' });
    // Each is converged: neither plan wants to remove the other's objects.
    for (const files of [red(), blue()]) expect(JSON.parse((await vsh(['plan', '--json', ...files])).stdout).changes).toBe(0);
  }, 60_000);

  it('a project removes its own objects the model dropped, and only those', async () => {
    const files = [lab.inventory, scenario('project-blue-smaller.vnet')];
    const plan = JSON.parse((await vsh(['plan', '--json', '--project', 'project-blue', ...files])).stdout) as { steps: { action: string; object: string }[] };
    expect(plan.steps.filter((s) => s.action === '-').map((s) => s.object).sort()).toEqual(['bridge lb-blue (no longer in the model)', 'port blue-t on br-blue', 'tap blue-t (no longer in the model)'].sort());
    expect((await vsh(['apply', '--project', 'project-blue', ...files])).code).toBe(0);
    const m = await marks();
    expect(m.alias['lb-blue']).toBeUndefined();
    expect(m.ovs['blue-t']).toBeUndefined();
    expect(m.ovs).toMatchObject({ 'br-red': 'project-red', 'red-t': 'project-red', 'br-blue': 'project-blue' });
    expect(m.alias['lb-red']).toBe('vsh:project-red');
  }, 60_000);

  it('destroy removes what its model declares; the other project stays', async () => {
    expect((await vsh(['destroy', ...red()])).code).toBe(0);
    const m = await marks();
    expect(m.ovs['br-red']).toBeUndefined();
    expect(m.alias['lb-red']).toBeUndefined();
    expect(m.ovs['br-blue']).toBe('project-blue');
    expect((await vsh(['destroy', ...blue()])).code).toBe(0);
    expect(Object.keys((await marks()).ovs)).toEqual(['br-phy', 'eth1']);
  }, 60_000);
});
