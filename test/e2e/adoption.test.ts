/**
 * Declaring what vsh did not make adopts nothing (real lab, userspace OVS). A bridge made
 * by hand and declared with `mtu 1400`, and a hand-made port declared on a vsh bridge with
 * another tag: the plan says each exists and is not vsh's, apply changes only what the
 * script says and marks neither as vsh's, destroy puts back the MTU, the port's bridge and
 * tag, removes its own bridge only — and the host ends as it was before.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipping } from '../support/skip.js';
import { Lab, skipReason, vsh } from './support.js';

const skip = skipReason();

describe.skipIf(skipping('e2e', skip))(`e2e: objects vsh did not make are changed only as written and put back by destroy${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let lab: Lab;
  const dir = mkdtempSync(join(tmpdir(), 'vsh-adopt-'));
  const script = join(dir, 'adopt.vnet');
  beforeAll(async () => {
    lab = await Lab.up('adopt', { hosts: 1 });
    await lab.sh('hostA', 'ovs-vsctl add-br br-hand -- set Bridge br-hand datapath_type=netdev -- add-br br-side -- set Bridge br-side datapath_type=netdev && ip link add hv type veth peer name hw && ovs-vsctl add-port br-side hv tag=5 && ovs-vsctl wait-until Interface br-hand mtu=1500');
    writeFileSync(script, 'bridge br-hand on hostA mtu 1400\nbridge br-mine on hostA\nport hv on br-mine tag 7\n');
  }, 60_000);
  afterAll(async () => {
    await lab?.down();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('plan says "exists, not ours"; apply marks nothing; destroy restores MTU, bridge and tag and removes only its own bridge', async () => {
    const before = await lab.state('hostA');
    const files = [lab.inventory, script];
    const plan = await vsh(['plan', ...files]);
    expect(plan.stdout).toMatch(/note: bridge br-hand on hostA exists, not ours/);
    expect(plan.stdout).toMatch(/note: port hv on hostA exists, not ours/);
    expect((await vsh(['apply', ...files])).code).toBe(0);
    expect((await lab.sh('hostA', 'ovs-vsctl get Interface br-hand mtu')).trim()).toBe('1400');
    expect((await lab.sh('hostA', 'ovs-vsctl port-to-br hv; ovs-vsctl get Port hv tag')).split('\n').slice(0, 2)).toEqual(['br-mine', '7']);
    // Neither row carries vsh's mark: nothing of them is ever vsh's to remove.
    expect(await lab.sh('hostA', 'ovs-vsctl get Bridge br-hand external_ids; ovs-vsctl get Port hv external_ids')).not.toMatch(/\bvsh=/);
    expect((await vsh(['plan', ...files])).stdout).toContain('No changes');

    const destroy = await vsh(['destroy', ...files]);
    expect(destroy.code, destroy.stderr).toBe(0);
    expect((await lab.sh('hostA', 'ovs-vsctl get Interface br-hand mtu')).trim()).toBe('1500');
    expect(await lab.state('hostA')).toEqual(before);
  }, 120_000);
});
