/**
 * `bridge B uplink NIC address CIDR`: the host's address MOVES from the NIC to the bridge.
 * A NIC that joins a bridge stops being an L3 interface, so leaving the address on both
 * gives two interfaces claiming one subnet, one of them dead. The bridge's wiring step
 * puts the address on the bridge; the step here then takes it off the NIC and re-makes
 * the NIC's routes on the bridge (the kernel deletes a route through the NIC once the
 * address its gateway was reached by is gone). Destroy (and undo) moves both back.
 */
import { PHASE, type Probe, type Step } from '../backend.js';
import type { Command } from '../../exec/command.js';
import { inSubnet, parseCidr, parseIpv4 } from '../../lang/ip.js';
import { ip } from './commands.js';
import { linuxStep } from './step.js';
import type { HostModel } from './host-model.js';
import type { LinuxState, RouteState } from './state.js';

export const ROUTES_PROBE = 'linux.routes';

/** The bridges whose uplink NIC and address this file moves between them. */
function uplinked(hm: HostModel): { bridge: string; nic: string; addresses: string[] }[] {
  return hm.bridges.flatMap((b) => (b.stmt.uplink && b.stmt.address ? [{ bridge: b.name, nic: b.stmt.uplink.value, addresses: [b.stmt.address.value] }] : []));
}

/** The routes probe, when some bridge of the host has an uplink and an address. */
export function routesProbe(hm: HostModel): Probe | undefined {
  return uplinked(hm).length ? { id: ROUTES_PROBE, command: { argv: ['ip', '-json', 'route', 'show', 'table', 'main'] } } : undefined;
}

/** `ip route replace` of `r` on `dev`: replace, so it works whether the kernel kept the old one or not. */
function routeOn(r: RouteState, dev: string): Command {
  return ip(
    undefined,
    'route', 'replace', r.dst,
    ...(r.gateway ? ['via', r.gateway] : []),
    'dev', dev,
    ...(r.onlink ? ['onlink'] : []),
    ...(r.metric !== undefined ? ['metric', String(r.metric)] : []),
    ...(r.protocol ? ['proto', r.protocol] : []),
    ...(r.scope && r.scope !== 'global' && r.scope !== 'universe' ? ['scope', r.scope] : []),
    ...(r.prefsrc ? ['src', r.prefsrc] : []),
  );
}

/** Routes through `dev` that go with the moved addresses: not connected ones, and reached through a moved subnet (or through no gateway). */
function routesWith(state: LinuxState, dev: string, moved: readonly string[]): RouteState[] {
  const subnets = moved.flatMap((a) => parseCidr(a) ?? []);
  const reached = (gw: string) => subnets.some((c) => inSubnet(parseIpv4(gw) ?? -1, c));
  return (state.routes ?? []).filter((r) => r.dev === dev && r.protocol !== 'kernel' && (r.gateway === undefined || reached(r.gateway)));
}

const describe = (routes: readonly RouteState[]) => routes.map((r) => `${r.dst}${r.gateway ? ` via ${r.gateway}` : ''}`).join(', ');

/** Plan: for each uplink NIC that still has its bridge's address, take it off the NIC and move the NIC's routes to the bridge. */
export function uplinkMoves(hm: HostModel, state: LinuxState): Step[] {
  if (!state.read) return []; // offline: nothing is known about the NIC
  return uplinked(hm).flatMap(({ bridge, nic, addresses }) => {
    const moved = addresses.filter((a) => state.links.get(nic)?.addresses.includes(a));
    if (moved.length === 0) return [];
    const routes = routesWith(state, nic, moved);
    const del = moved.map((a) => ip(undefined, 'addr', 'del', a, 'dev', nic));
    const add = moved.map((a) => ip(undefined, 'addr', 'add', a, 'dev', nic));
    return [
      linuxStep(hm.host, {
        action: '~',
        object: `move ${moved.join(', ')}${routes.length ? ' and routes' : ''} from ${nic} to ${bridge}`,
        phase: PHASE.wiring,
        changes: [`${nic} address: ${moved.join(', ')} -> none`, ...(routes.length ? [`routes: ${describe(routes)}: dev ${nic} -> dev ${bridge}`] : [])],
        explain: `${nic} is now the uplink of ${bridge}: a NIC inside a bridge no longer does IP itself, so the host's address ${moved.join(', ')} moves to the bridge (set just before) and comes off ${nic}${routes.length ? `, and the routes that went out through ${nic} (${describe(routes)}) now go out through ${bridge}` : ''}. Destroy moves them back.`,
        commands: [...del, ...routes.map((r) => routeOn(r, bridge))],
        // Back on the NIC first, then its routes (their gateway is reachable again).
        undo: [...add, ...routes.map((r) => routeOn(r, nic))],
        span: hm.bridges.find((b) => b.name === bridge)?.stmt.span,
        look: { argv: ['ip', 'route', 'show'] },
      }),
    ];
  });
}

/**
 * Destroy: the bridge's address goes back onto the uplink NIC, with the routes that go out
 * through the bridge, before the destroy steps take the address off the bridge (or delete it).
 */
export function uplinkReturns(hm: HostModel, state: LinuxState): Step[] {
  return uplinked(hm).flatMap(({ bridge, nic, addresses }) => {
    const have = state.links.get(nic);
    const back = addresses.filter((a) => state.links.get(bridge)?.addresses.includes(a) && !have?.addresses.includes(a));
    if (!have || back.length === 0) return [];
    const routes = routesWith(state, bridge, back);
    return [
      linuxStep(hm.host, {
        action: '~',
        object: `move ${back.join(', ')}${routes.length ? ' and routes' : ''} from ${bridge} back to ${nic}`,
        phase: PHASE.wiring,
        changes: [`${nic} address: none -> ${back.join(', ')}`, ...(routes.length ? [`routes: ${describe(routes)}: dev ${bridge} -> dev ${nic}`] : [])],
        explain: `${bridge} goes away, so ${nic} stops being its uplink: the host's address ${back.join(', ')} and its routes go back onto ${nic}, as they were before the bridge took them.`,
        commands: [...back.map((a) => ip(undefined, 'addr', 'add', a, 'dev', nic)), ...routes.map((r) => routeOn(r, nic))],
        undo: [...routes.map((r) => routeOn(r, bridge)), ...back.map((a) => ip(undefined, 'addr', 'del', a, 'dev', nic))],
        span: hm.bridges.find((b) => b.name === bridge)?.stmt.span,
      }),
    ];
  });
}
