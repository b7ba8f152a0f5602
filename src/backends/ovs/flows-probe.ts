/**
 * The read-only probe of the project's flows: every bridge's flows with the project's
 * cookie (flow-cookie.ts), one `ovs-ofctl dump-flows` per bridge, all in one probe of the
 * host's one-round-trip read. The bridges are those the host's ovs-vswitchd serves, so
 * flows left on a bridge the model no longer names are found too: it makes one management
 * socket per bridge, `BRIDGE.mgmt` in its run directory, which a glob lists without the
 * fork and ovsdb round trip of `ovs-vsctl list-br` (a socket left by a crashed daemon
 * fails its dump and is reported failed, as an unreachable bridge is). The script is fixed
 * text; the selector (hex digits only) is passed as an argument, never spliced in.
 * Statistics are dumped and dropped by the reader (flows-read.ts): ovs-ofctl 3.1 prints
 * 10,000 flows in ~70 ms with them and ~260 ms with `--no-stats` (measured here).
 */
import type { Probe } from '../backend.js';
import { projectSelector } from './flow-cookie.js';
import { OVS_TIMEOUT } from './probe.js';

export const FLOWS_PROBE_ID = 'ovs.flows';

/** Marks the start of a bridge's dump, and a bridge whose dump failed. */
export const BRIDGE_MARK = '@@vsh-bridge';
export const FAILED_MARK = '@@vsh-failed';

const SCRIPT = `for s in "\${OVS_RUNDIR:-/var/run/openvswitch}"/*.mgmt; do [ -S "$s" ] || continue; b=\${s##*/}; b=\${b%.mgmt}; printf '${BRIDGE_MARK} %s\\n' "$b"; ovs-ofctl --timeout=${OVS_TIMEOUT} dump-flows "$b" "$1" || printf '${FAILED_MARK} %s\\n' "$b"; done`;

export function flowsProbe(project: string | undefined): Probe {
  return { id: FLOWS_PROBE_ID, command: { argv: ['sh', '-c', SCRIPT, 'vsh-flows', projectSelector(project)] } };
}
