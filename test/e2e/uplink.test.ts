/**
 * Ch.4's uplink recipe (`bridge ovs-up uplink upl0 address …`) on a lab host whose NIC
 * carries the host's address and routes: apply MOVES the address and the NIC's routes to
 * the bridge (not on both), the host still reaches its LAN router through the bridge, a
 * re-plan is empty; destroy moves them back onto the NIC.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, scenario, skipReason, vsh } from './support.js';
import { skipping } from '../support/skip.js';

const skip = skipReason();

/** The NIC: a veth to namespace `lanx` (the LAN, its router .254), with the host's address, a default route and one more route through it. */
const CABLE = [
  'ip netns add lanx',
  'ip link add upl0 type veth peer name eth0 netns lanx',
  'ip -n lanx addr add 10.77.0.254/24 dev eth0',
  'ip -n lanx link set eth0 up',
  'ip link set upl0 up',
  'ip addr add 10.77.0.5/24 dev upl0',
  'ip route add default via 10.77.0.254 dev upl0 metric 50',
  'ip route add 10.78.0.0/24 via 10.77.0.254 dev upl0',
].join(' && ');

describe.skipIf(skipping('e2e', skip))(`e2e: an uplink's address and routes move to the bridge${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let lab: Lab;
  const script = scenario('uplink-move.vnet');
  const addr = async (dev: string) => (await lab.sh('hostA', `ip -4 -o addr show dev ${dev} | awk '{print $4}'`)).trim();
  const routes = async () => (await lab.sh('hostA', 'ip route show | grep -v "proto kernel"')).trim().split('\n').map((l) => l.trim()).sort();
  const pingRouter = async () => (await lab.ssh('hostA', 'ping -c 1 -W 2 10.77.0.254')).code;

  beforeAll(async () => {
    lab = await Lab.up('uplink', { hosts: 1 });
    await lab.sh('hostA', CABLE);
  }, 60_000);
  afterAll(async () => {
    await lab?.down();
  }, 60_000);

  it('apply moves the address and the routes from the NIC to the bridge; the router still answers; re-plan is empty', async () => {
    const plan = await vsh(['plan', lab.inventory, script]);
    expect(plan.stdout).toContain('move 10.77.0.5/24 and routes from upl0 to ovs-up');
    const r = await vsh(['apply', lab.inventory, script], { timeoutMs: 60_000 });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(await addr('upl0')).toBe('');
    expect(await addr('ovs-up')).toBe('10.77.0.5/24');
    expect(await routes()).toEqual(['10.78.0.0/24 via 10.77.0.254 dev ovs-up', 'default via 10.77.0.254 dev ovs-up metric 50'].sort());
    expect(await pingRouter()).toBe(0);
    const again = await vsh(['plan', '--json', lab.inventory, script]);
    expect(JSON.parse(again.stdout)).toMatchObject({ changes: 0, steps: [] });
  }, 90_000);

  it('destroy moves the address and the routes back onto the NIC', async () => {
    const r = await vsh(['destroy', lab.inventory, script], { timeoutMs: 60_000 });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(await addr('upl0')).toBe('10.77.0.5/24');
    expect((await lab.ssh('hostA', 'ip link show dev ovs-up')).code).not.toBe(0);
    expect(await routes()).toEqual(['10.78.0.0/24 via 10.77.0.254 dev upl0', 'default via 10.77.0.254 dev upl0 metric 50'].sort());
    expect(await pingRouter()).toBe(0);
  }, 90_000);
});
