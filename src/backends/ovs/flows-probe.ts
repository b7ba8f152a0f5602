/**
 * The read-only probe of the project's flows: every bridge's flows with the project's
 * cookie (flow-cookie.ts), one `ovs-ofctl dump-flows` per bridge, all in one probe of the
 * host's one-round-trip read. The bridges come from `ovs-vsctl list-br` on the host, so
 * flows left on a bridge the model no longer names are found too. The script is fixed
 * text; the selector (hex digits only) is passed as an argument, never spliced in.
 */
import type { Probe } from '../backend.js';
import { projectSelector } from './flow-cookie.js';
import { OVS_TIMEOUT } from './probe.js';

export const FLOWS_PROBE_ID = 'ovs.flows';

/** Marks the start of a bridge's dump, and a bridge whose dump failed. */
export const BRIDGE_MARK = '@@vsh-bridge';
export const FAILED_MARK = '@@vsh-failed';

const SCRIPT = `for b in $(ovs-vsctl --timeout=${OVS_TIMEOUT} list-br 2>/dev/null); do printf '${BRIDGE_MARK} %s\\n' "$b"; ovs-ofctl --timeout=${OVS_TIMEOUT} --no-stats dump-flows "$b" "$1" || printf '${FAILED_MARK} %s\\n' "$b"; done`;

export function flowsProbe(project: string | undefined): Probe {
  return { id: FLOWS_PROBE_ID, command: { argv: ['sh', '-c', SCRIPT, 'vsh-flows', projectSelector(project)] } };
}
