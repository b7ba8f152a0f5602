/**
 * What becomes of each container the model wants on a host, from what was read: kept,
 * created, re-created (its image or command changed), started (it stopped), or re-attached
 * (running, but the name vsh gave its network namespace points at an old one). Every fate
 * but `keep` gives the container a new network namespace, so its veth ports die with the
 * old one and are plugged in again: the Linux and OVS drivers read those ports as absent
 * (`replugged`) and make them anew, and the container's step unplugs what is left of them.
 */
import type { HostView, ProbeOutputs } from '../backend.js';
import { isVshLink } from '../ownership.js';
import { LABEL, runtimesOn, wantedContainers, type ContainerWant } from './spec.js';
import { readRuntime, type ContainersState, type ContainerState, type RuntimeState } from './state.js';

export type Fate = 'keep' | 'create' | 'recreate' | 'start' | 'reattach';

export interface Decided {
  want: ContainerWant;
  fate: Fate;
  /** What was read (absent: no such container). */
  have?: ContainerState;
  /** The named network namespace exists (a handle to clear before attaching again). */
  handle: boolean;
  /** It exists and vsh did not make it (no mark on its `lo`): never deleted, the host read reports it (VN106). */
  foreign: boolean;
  /** For `~`: "image: a -> b". */
  changes: string[];
}

/** The fate of one wanted container against its runtime's state. */
export function decide(want: ContainerWant, rs: RuntimeState): Decided {
  const have = rs.containers.get(want.name);
  const ns = rs.netns.get(want.name);
  const handle = ns !== undefined;
  const base = { want, handle, foreign: handle && !isVshLink(ns.mark), ...(have ? { have } : {}) };
  if (!have) return { ...base, fate: 'create', changes: [] };
  if (have.labels[LABEL.spec] !== want.spec) {
    const changes: string[] = [];
    if (have.labels[LABEL.image] !== want.image) changes.push(`image: ${have.labels[LABEL.image] ?? '?'} -> ${want.image}`);
    if ((have.labels[LABEL.command] ?? '') !== JSON.stringify(want.argv)) changes.push(`command: ${have.labels[LABEL.command] ?? '?'} -> ${JSON.stringify(want.argv)}`);
    return { ...base, fate: 'recreate', changes: changes.length ? changes : ['spec changed'] };
  }
  if (have.status !== 'running') return { ...base, fate: 'start', changes: [`state: ${have.status} -> running`] };
  if (!have.netns || ns?.ino !== have.netns) return { ...base, fate: 'reattach', changes: [`netns ${want.name}: ${handle ? 'stale' : 'missing'} -> attached`] };
  return { ...base, fate: 'keep', changes: [] };
}

/** Each runtime the host's containers use, read from the probe outputs. */
export function readAll(view: HostView, outputs: ProbeOutputs): ContainersState {
  return new Map(runtimesOn(view).map((r) => [r.id, readRuntime(r, outputs)]));
}

/** Every wanted container of the host with its fate (offline: all created). */
export function decideAll(view: HostView, state: ContainersState): Decided[] {
  return wantedContainers(view).map((w) => decide(w, state.get(w.runtime.id) ?? readRuntime(w.runtime, undefined)));
}

/**
 * The endpoints (container names) that get a new network namespace in this plan and the
 * veth ports plugged into them: the Linux and OVS drivers read these as absent. Only when
 * the host was read — offline everything is absent anyway.
 */
export function replugged(view: HostView, outputs: ProbeOutputs): { endpoints: Set<string>; ports: Set<string> } {
  const endpoints = new Set<string>();
  const ports = new Set<string>();
  if (!outputs || view.model.containers.size === 0) return { endpoints, ports };
  for (const d of decideAll(view, readAll(view, outputs))) {
    if (d.fate === 'keep') continue;
    endpoints.add(d.want.name);
    for (const p of d.want.plugs) ports.add(p.port);
  }
  return { endpoints, ports };
}
