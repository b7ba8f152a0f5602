/**
 * What OVS holds on one host, as vsh compares it: bridges, ports and interfaces by name,
 * each with its writable columns rendered as ovs-vsctl values (`values.ts`). Map columns
 * are flattened to `column:key` (`options:remote_ip`, `external_ids:vsh`); an empty
 * column is absent.
 */
import { ownsOvs } from '../ownership.js';
import type { FlowsRead } from './flows-read.js';

/** Column (or `column:key`) → value as ovs-vsctl writes it. */
export type Values = ReadonlyMap<string, string>;

export interface OvsIface {
  name: string;
  /** type, options:*, mtu_request. */
  values: Values;
  /** What OVS reports (read-only columns). */
  mtu?: number;
  /** -1 or absent: OVS could not open the device (or, for a bridge's own interface, its datapath). */
  ofport?: number;
  /** The kernel's index of the device OVS opened (0: the device is gone). */
  ifindex?: number;
  error?: string;
}

export interface OvsPort {
  name: string;
  bridge: string;
  /** tag, trunks, vlan_mode, bond_mode, lacp, external_ids:*. */
  values: Values;
  /** Interface names: one, or a bond's slaves. */
  ifaces: readonly string[];
}

export interface OvsBridge {
  name: string;
  /** datapath_type, stp_enable, external_ids:*. */
  values: Values;
  ports: readonly string[];
}

export interface OvsState {
  /** Whether OVS answered; false offline or when it is not running (then nothing is there). */
  read: boolean;
  bridges: ReadonlyMap<string, OvsBridge>;
  /** Every port of every bridge, by name (OVS port names are unique per host). */
  ports: ReadonlyMap<string, OvsPort>;
  ifaces: ReadonlyMap<string, OvsIface>;
  /** Open_vSwitch table: what this build supports. */
  datapathTypes: readonly string[];
  ifaceTypes: readonly string[];
  /** next_cfg - cur_cfg: > 0 when ovs-vswitchd has not applied the latest changes (is it running?). */
  cfgBehind: number;
  /** Ports on which OVS cannot pass traffic (health.ts), with why: plugged in again. */
  dead?: ReadonlyMap<string, string>;
  /** The project's OpenFlow rules per bridge (flows-read.ts); absent offline. */
  flows?: FlowsRead;
}

export function emptyState(): OvsState {
  return { read: false, bridges: new Map(), ports: new Map(), ifaces: new Map(), datapathTypes: [], ifaceTypes: [], cfgBehind: 0 };
}

/** The mark vsh puts on what it creates (its value: the project, ownership.ts), so that removals touch only its own objects. */
export const OWNED_KEY = 'external_ids:vsh';

/** Whether vsh made it (any project). */
export function isOwned(o: { values: Values } | undefined): boolean {
  return o?.values.get(OWNED_KEY) !== undefined;
}

/** Marks other drivers put on the OVS ports they add (dhcp/server.ts: a DHCP server's interface). */
const DRIVER_MARKS = ['external_ids:vsh-dhcp'];

/** Whether some part of vsh made the port (any project, any driver): a bridge carrying only such ports is vsh's to delete. */
export function madeByVsh(o: { values: Values } | undefined): boolean {
  return isOwned(o) || DRIVER_MARKS.some((k) => o?.values.has(k) === true);
}

/** Whether `project` made it: only those are removed when the model no longer declares them. */
export function isOwnedBy(o: { values: Values } | undefined, project: string | undefined): boolean {
  return ownsOvs(o?.values.get(OWNED_KEY), project);
}
