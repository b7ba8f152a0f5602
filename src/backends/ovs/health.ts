/**
 * Whether OVS can still pass traffic on a port, beyond what its columns say. OVS reports a
 * device it could not open (`error`, `ofport` -1), but not this: under the userspace
 * datapath, each system port is read through a packet socket bound to the device's ifindex
 * when it was added; a veth deleted and made again under the same name gets a new ifindex,
 * OVS updates the Interface row (ifindex, link_state up, no error) and keeps reading the
 * old, dead socket — the port passes nothing. The host's packet sockets
 * (/proc/net/packet, per network namespace) show it: no socket is bound to the new
 * ifindex. Such a port, or one whose device is gone (ifindex 0), is plugged in again.
 * One probe, in the host's one-round-trip read; the ifindexes come with the OVS db probe.
 */
import type { CommandResult } from '../../exec/command.js';
import type { Probe } from '../backend.js';
import { effective } from './fields.js';
import type { OvsState } from './state.js';

export const HEALTH_PROBE_ID = 'ovs.health';

export const healthProbe: Probe = { id: HEALTH_PROBE_ID, command: { argv: ['cat', '/proc/net/packet'] } };

/** The probe's output → the ifindexes a packet socket is bound to; undefined when it did not run. */
export function boundIfindexes(r: CommandResult | undefined): Set<number> | undefined {
  if (r?.code !== 0) return undefined;
  // /proc/net/packet: "sk RefCnt Type Proto Iface R Rmem User Inode"; Iface is the bound ifindex.
  const bound = new Set<number>();
  for (const line of r.stdout.split('\n').slice(1)) {
    const iface = Number(line.trim().split(/\s+/)[4]);
    if (Number.isInteger(iface) && iface > 0) bound.add(iface);
  }
  return bound;
}

/** Ports on which OVS cannot pass traffic, by name, each with why (for the plan line). */
export function deadPorts(state: OvsState, probe: CommandResult | undefined): Map<string, string> {
  const dead = new Map<string, string>();
  const bound = boundIfindexes(probe);
  for (const p of state.ports.values()) {
    if (p.ifaces.length !== 1 || p.name === p.bridge) continue;
    const iface = state.ifaces.get(p.name);
    if (!iface) continue;
    const type = iface.values.get('type') ?? 'system';
    if (type !== 'system') continue;
    if (iface.error) dead.set(p.name, iface.error);
    else if (iface.ofport === -1) dead.set(p.name, 'ofport -1: OVS could not open the device');
    if (dead.has(p.name) || !bound) continue;
    const userspace = effective('Bridge', 'datapath_type', state.bridges.get(p.bridge)?.values.get('datapath_type')) === 'netdev';
    const index = iface.ifindex;
    if (!userspace || index === undefined) continue;
    if (index === 0) dead.set(p.name, 'its device is gone');
    else if (!bound.has(index)) dead.set(p.name, `OVS reads a dead handle: no socket on ifindex ${index} (the device was made again under the same name)`);
  }
  return dead;
}
