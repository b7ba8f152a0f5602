/**
 * The Open vSwitch driver: everything in OVSDB on a host — `kind ovs` bridges (userspace
 * datapath where the host says `datapath netdev`), their uplinks and ports of every type
 * (tag, trunks, native-untagged, mtu_request), bonds on OVS bridges, and the ends of
 * tunnels on OVS bridges. Devices (veth, tap), addresses and links up are the Linux
 * driver's. Read in one probe; steps are ovs-vsctl commands the applier runs as one
 * transaction per host.
 */
import type { Backend } from '../backend.js';
import { desiredFor } from './desired.js';
import { ovsProbe } from './probe.js';
import { destroyFlows, planFlows } from './flows-diff.js';
import { FLOWS_PROBE_ID, flowsProbe } from './flows-probe.js';
import { parseFlows } from './flows-read.js';
import { healthProbe } from './health.js';
import { readOvs } from './read.js';
import type { OvsState } from './state.js';
import { destroyOvs, planOvs } from './steps.js';

export type { OvsState } from './state.js';

export const ovsBackend: Backend<OvsState> = {
  id: 'ovs',
  // Read even when the model has no OVS objects here: owned bridges left over from an earlier model are removed.
  probes: (view) => [ovsProbe, healthProbe, flowsProbe(view.project)],
  read: (view, outputs) => {
    const r = readOvs(view, outputs, desiredFor(view));
    return r.state.read ? { ...r, state: { ...r.state, flows: parseFlows(outputs?.get(FLOWS_PROBE_ID)) } } : r;
  },
  plan: (view, state) => [...planOvs(view, desiredFor(view), state), ...planFlows(view, state.flows, state)],
  destroy: (view, state) => [...destroyOvs(view, desiredFor(view), state), ...destroyFlows(view, state.flows)],
};
