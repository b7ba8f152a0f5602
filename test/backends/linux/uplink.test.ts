/**
 * The uplink move (src/backends/linux/uplink.ts) against canned host state: the bridge's
 * address comes off the NIC and the NIC's routes are re-made on the bridge, with an undo
 * that puts the address back first and the routes after; destroy does the reverse; a NIC
 * without the address, and connected or foreign routes, are left alone.
 */
import { describe, expect, it } from 'vitest';
import { PROBE } from '../../../src/backends/linux/read.js';
import { ROUTES_PROBE } from '../../../src/backends/linux/uplink.js';
import { model, outputs, planWith, viewOf } from './helpers.js';

const SCRIPT = 'host h1 address 10.0.0.1\nbridge br0 on h1 kind ovs uplink ens256 address 10.77.0.5/24\n';
const link = (name: string, ifindex: number, addrs: string[]) => ({
  ifname: name, ifindex, flags: ['UP'], mtu: 1500,
  addr_info: addrs.map((a) => ({ family: 'inet', local: a.split('/')[0], prefixlen: Number(a.split('/')[1]), scope: 'global' })),
});
const ROUTES = JSON.stringify([
  { dst: 'default', gateway: '10.77.0.254', dev: 'ens256', metric: 50, flags: [] },
  { dst: '10.77.0.0/24', dev: 'ens256', protocol: 'kernel', scope: 'link', prefsrc: '10.77.0.5', flags: [] },
  { dst: '10.78.0.0/24', gateway: '10.77.0.254', dev: 'ens256', protocol: 'static', flags: [] },
  { dst: '192.168.9.0/24', gateway: '192.168.1.1', dev: 'ens256', flags: [] },
  { dst: '10.99.0.0/16', gateway: '10.77.0.254', dev: 'eth9', flags: [] },
]);
const host = (links: object[], routes = ROUTES) => outputs({ [PROBE.links]: JSON.stringify(links), [ROUTES_PROBE]: routes, [PROBE.features]: '' });
const view = () => viewOf(model(SCRIPT), 'h1');
const argv = (cmds: readonly { argv: readonly string[] }[]) => cmds.map((c) => c.argv.join(' '));

describe('the uplink move', () => {
  it('takes the address off the NIC and moves its routes (through the moved subnet) to the bridge, after the bridge got the address', () => {
    const { steps } = planWith(view(), host([link('ens256', 2, ['10.77.0.5/24'])]));
    const objects = steps.map((s) => s.object);
    const move = steps.find((s) => s.object.startsWith('move'))!;
    expect(objects.indexOf(move.object)).toBeGreaterThan(objects.indexOf('bridge br0 address 10.77.0.5/24'));
    expect(move.object).toBe('move 10.77.0.5/24 and routes from ens256 to br0');
    expect(argv(move.commands)).toEqual([
      'ip addr del 10.77.0.5/24 dev ens256',
      'ip route replace default via 10.77.0.254 dev br0 metric 50',
      'ip route replace 10.78.0.0/24 via 10.77.0.254 dev br0 proto static',
    ]);
    expect(argv(move.undo)).toEqual([
      'ip addr add 10.77.0.5/24 dev ens256',
      'ip route replace default via 10.77.0.254 dev ens256 metric 50',
      'ip route replace 10.78.0.0/24 via 10.77.0.254 dev ens256 proto static',
    ]);
  });

  it('plans no move when the NIC does not have the address (already moved, or never had it)', () => {
    const { steps } = planWith(view(), host([link('ens256', 2, []), link('br0', 3, ['10.77.0.5/24'])]));
    expect(steps.filter((s) => s.object.startsWith('move'))).toEqual([]);
  });

  it('destroy moves the address and the bridge routes back onto the NIC, before the address leaves the bridge', () => {
    const routes = ROUTES.replaceAll('"dev":"ens256"', '"dev":"br0"');
    const { steps } = planWith(view(), host([link('ens256', 2, []), link('br0', 3, ['10.77.0.5/24'])], routes), 'destroy');
    const back = steps.findIndex((s) => s.object.startsWith('move'));
    expect(back).toBeGreaterThanOrEqual(0);
    expect(back).toBeLessThan(steps.findIndex((s) => s.object === 'address 10.77.0.5/24 on br0'));
    expect(argv(steps[back]!.commands)).toEqual([
      'ip addr add 10.77.0.5/24 dev ens256',
      'ip route replace default via 10.77.0.254 dev ens256 metric 50',
      'ip route replace 10.78.0.0/24 via 10.77.0.254 dev ens256 proto static',
    ]);
  });
});
