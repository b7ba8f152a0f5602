/**
 * `ovn chassis HOST`: the host's Open_vSwitch external_ids that join its ovn-controller to
 * the central (ovn-remote to the southbound database, ovn-encap-type/-ip for the tunnels,
 * ovn-bridge-mappings for localnet ports, the userspace datapath where the host has it).
 * Only the keys that differ are written; what vsh set on a host that had no ovn-remote is
 * marked (external_ids:vsh-ovn-chassis) so destroy takes back exactly that, and a chassis
 * `vsh lab up --ovn` made is left as it is.
 */
import type { OvnChassisStmt } from '../../lang/ast.js';
import { underlayAddress } from '../../lang/checks/tunnel-underlay.js';
import { ovsMark } from '../ownership.js';
import { LOOK, PHASE, type HostView, type Step } from '../backend.js';
import { vsctl } from '../ovs/commands.js';
import type { ChassisState } from './read.js';

/** The southbound database's port on the central (`vsh lab up --ovn` listens there). */
export const SB_PORT = 6642;
export const CHASSIS_MARK = 'vsh-ovn-chassis';

/** The external_ids the model wants on a chassis host. */
export function chassisIds(view: HostView, s: OvnChassisStmt): Map<string, string> {
  const ids = new Map<string, string>();
  const central = view.model.ovn.central;
  const ch = central && view.model.hosts.get(central.host);
  const addr = ch ? (ch.local ? '127.0.0.1' : ch.address?.value) : undefined;
  if (addr) ids.set('ovn-remote', `tcp:${addr}:${SB_PORT}`);
  ids.set('ovn-encap-type', s.encap?.value ?? 'geneve');
  const underlay = underlayAddress(view.host)?.value;
  if (underlay) ids.set('ovn-encap-ip', underlay);
  if (s.mappings.length) ids.set('ovn-bridge-mappings', s.mappings.map((m) => `${m.key.value}:${m.value.value}`).join(','));
  if (view.datapath === 'netdev') ids.set('ovn-bridge-datapath-type', 'netdev');
  return ids;
}

const set = (ids: ReadonlyMap<string, string>) => [...ids].map(([k, v]) => `external_ids:${k}=${JSON.stringify(v)}`);
/** `remove Open_vSwitch . external_ids K…` takes several keys at once. */
const unset = (keys: readonly string[]) => ['remove', 'Open_vSwitch', '.', 'external_ids', ...keys];

function step(view: HostView, s: OvnChassisStmt, rest: Pick<Step, 'action' | 'commands' | 'undo' | 'explain'> & { changes?: string[] }): Step {
  return { host: view.name, backend: 'ovn', phase: PHASE.ovs, object: `chassis ${view.name}`, span: s.span, look: LOOK.ovs(), ...rest };
}

/** The step that makes the host a chassis as the model says, if anything differs. */
export function planChassis(view: HostView, s: OvnChassisStmt, state: ChassisState): Step | undefined {
  const want = chassisIds(view, s);
  const had = state.externalIds;
  // A chassis needs a system-id; vsh names it after the host when there is none (short and distinct, as OVN wants).
  if (!had.has('system-id')) want.set('system-id', view.name);
  const fresh = !had.has('ovn-remote');
  if (fresh) want.set(CHASSIS_MARK, ovsMark(view.project));
  const diff = [...want].filter(([k, v]) => had.get(k) !== v);
  if (diff.length === 0) return undefined;
  const before = new Map(diff.filter(([k]) => had.has(k)).map(([k]) => [k, had.get(k)!]));
  const added = diff.filter(([k]) => !had.has(k)).map(([k]) => k);
  const changes = diff.map(([k, v]) => `${k}: ${had.get(k) ?? '(none)'} -> ${v}`);
  return step(view, s, {
    action: fresh ? '+' : '~',
    commands: [vsctl(['set', 'Open_vSwitch', '.', ...set(new Map(diff))])],
    undo: [vsctl(...[...(before.size ? [['set', 'Open_vSwitch', '.', ...set(before)]] : []), ...(added.length ? [unset(added)] : [])])],
    explain: `Joins ${view.name}'s ovn-controller to the central: ${diff.map(([k, v]) => `${k}=${v}`).join(', ')} in its Open_vSwitch external_ids. ovn-controller then registers a Chassis in the southbound database, creates br-int and tunnels to every other chassis.`,
    ...(fresh ? {} : { changes }),
  });
}

/** Destroy: the keys vsh set on a host that was no chassis before (its mark says so). */
export function destroyChassis(view: HostView, s: OvnChassisStmt, state: ChassisState): Step | undefined {
  if (!state.externalIds.has(CHASSIS_MARK)) return undefined;
  const keys = [...chassisIds(view, s).keys(), CHASSIS_MARK].filter((k) => state.externalIds.has(k));
  const before = new Map(keys.map((k) => [k, state.externalIds.get(k)!]));
  return step(view, s, {
    action: '-',
    commands: [vsctl(unset(keys))],
    undo: [vsctl(['set', 'Open_vSwitch', '.', ...set(before)])],
    explain: `Takes back the OVN settings vsh gave ${view.name} (${keys.join(', ')}): its ovn-controller stops being a chassis of this central.`,
  });
}
