/**
 * The Linux (iproute2) driver: namespaces, Linux bridges, veth/tap/macvtap/VLAN/bond and
 * kernel tunnel devices, enslaving, addresses and link state — every kernel object OVS
 * does not make, and all addressing. What vsh creates carries the alias `vsh:PROJECT`
 * (links; a namespace: on its `lo`), so that destroy and orphan removal touch nothing else
 * (ownership.ts).
 */
import type { Backend } from '../backend.js';
import type { HostFacts } from '../../lang/checks/rule.js';
import { desiredFor } from './desired.js';
import { destroyLinux } from './destroy.js';
import { planLinux } from './diff.js';
import { hostDiagnostics, linuxProbes, readState } from './read.js';
import type { LinuxState } from './state.js';
import { replugged } from '../container/fate.js';
import { uplinkMoves, uplinkReturns } from './uplink.js';

/** Containers that get a new network namespace in this plan: their old one and the veths into it read as gone (the container's step removes what is left). */
function forgetReplugged(state: LinuxState, gone: { endpoints: Set<string>; ports: Set<string> }): void {
  for (const ns of gone.endpoints) state.namespaces.delete(ns);
  for (const p of gone.ports) state.links.delete(p);
}

export type { LinuxState } from './state.js';

export const linuxBackend: Backend<LinuxState> = {
  id: 'linux',

  probes(view) {
    const { desired, hm } = desiredFor(view, undefined);
    return linuxProbes(desired, hm);
  },

  read(view, outputs) {
    // Which namespaces to read does not depend on features; what is wanted does (VLAN filtering).
    const state = readState(desiredFor(view, undefined).desired, outputs);
    forgetReplugged(state, replugged(view, outputs));
    const { desired, hm } = desiredFor(view, state.features);
    if (!outputs) return { state, diagnostics: desired.problems };
    const facts: HostFacts = { mtu: new Map([...state.links.values()].flatMap((l) => (l.mtu ? [[l.name, l.mtu] as const] : []))) };
    if (state.features) facts.features = state.features;
    return { state, facts, diagnostics: [...desired.problems, ...hostDiagnostics(view, hm, desired, state, outputs)] };
  },

  plan(view, state) {
    const { desired, hm } = desiredFor(view, state.features);
    // After the bridges' wiring (same phase, later): the address is on the bridge before it leaves the NIC.
    return [...planLinux(view.name, desired, state), ...uplinkMoves(hm, state)];
  },

  destroy(view, state) {
    const { desired, hm } = desiredFor(view, state.features);
    // Before the address comes off the bridge: the NIC's routes need it back on the NIC first.
    return [...uplinkReturns(hm, state), ...destroyLinux(view.name, desired, state)];
  },
};
