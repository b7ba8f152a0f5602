/**
 * The one read-only probe: a single ovs-vsctl invocation lists four tables (one
 * `--`-separated command each, printed as one JSON line each, in this order), so a host's
 * whole OVS state costs one ovsdb round trip. `--timeout` bounds a hung ovsdb-server.
 */
import type { Probe } from '../backend.js';

export const PROBE_ID = 'ovs.db';

/** Seconds ovs-vsctl waits for ovsdb (reads, and the verify probes' wait-until). */
export const OVS_TIMEOUT = 5;

/** The tables listed, in order, with the columns vsh reads. */
export const PROBE_TABLES = [
  ['Open_vSwitch', ['datapath_types', 'iface_types', 'cur_cfg', 'next_cfg']],
  ['Bridge', ['name', 'datapath_type', 'stp_enable', 'ports', 'external_ids']],
  ['Port', ['_uuid', 'name', 'interfaces', 'tag', 'trunks', 'vlan_mode', 'bond_mode', 'lacp', 'external_ids']],
  ['Interface', ['_uuid', 'name', 'type', 'options', 'mtu_request', 'mtu', 'ofport', 'ifindex', 'error']],
] as const;

export const ovsProbe: Probe = {
  id: PROBE_ID,
  command: {
    argv: [
      'ovs-vsctl',
      `--timeout=${OVS_TIMEOUT}`,
      '--format=json',
      ...PROBE_TABLES.flatMap(([table, columns]) => ['--', `--columns=${columns.join(',')}`, 'list', table]),
    ],
  },
};
