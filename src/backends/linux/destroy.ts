/**
 * The destroy plan: remove what the model declares, the host has and vsh made — devices
 * and namespaces carrying vsh's mark, unless other projects own them too (then only this
 * project's name comes off their alias) — plus the addresses vsh put on interfaces it does
 * not delete (an OVS bridge, a NIC). Enslavements end with the master's deletion. Each
 * removal's undo makes the object again as the model says.
 */
import { PHASE, type Step } from '../backend.js';
import { isVshLink } from '../ownership.js';
import { ip, linkDel, mark } from './commands.js';
import { diffWiring, readLink } from './diff.js';
import { linuxStep } from './step.js';
import { createNamespace } from './namespace.js';
import { releaseStep } from './owners.js';
import type { Desired } from './spec.js';
import type { LinkState, LinuxState } from './state.js';

/** The host as it will be once `name` is deleted: gone, and what was enslaved to it released. */
function without(state: LinuxState, name: string): LinuxState {
  const links = new Map<string, LinkState>();
  for (const [n, l] of state.links) if (n !== name) links.set(n, l.master === name ? { ...l, master: undefined } : l);
  return { ...state, links };
}

export function destroyLinux(host: string, desired: Desired, state: LinuxState): Step[] {
  const steps: Step[] = [];
  const ours = (name: string) => isVshLink(state.links.get(name)?.alias);

  for (const w of desired.wiring) {
    if (w.device && ours(w.device)) continue; // its addresses go with it (or, shared, stay with its other owners)
    for (const want of w.links) {
      const present = want.addresses?.filter((a) => readLink(state, want)?.addresses.includes(a)) ?? [];
      if (present.length === 0) continue;
      steps.push(
        linuxStep(host, {
          action: '-',
          object: `address ${present.join(', ')} on ${want.ns ? `${want.ns}:` : ''}${want.name}`,
          phase: PHASE.wiring,
          span: w.span,
          explain: `Takes off the address vsh put on ${want.name}, which vsh does not delete itself.`,
          commands: present.map((a) => ip(want.ns, 'addr', 'del', a, 'dev', want.name)),
          undo: present.map((a) => ip(want.ns, 'addr', 'add', a, 'dev', want.name)),
        }),
      );
    }
  }

  // Owned by other projects too: only this project's name comes off; the object stays.
  const released = new Set<string>();
  for (const d of desired.devices) {
    const step = releaseStep(host, { object: d.label, link: d.name, alias: state.links.get(d.name)?.alias, span: d.span }, desired.project);
    if (step) (steps.push(step), released.add(d.name));
  }
  for (const ns of desired.namespaces) {
    const step = releaseStep(host, { object: `namespace ${ns.name}`, link: 'lo', ns: ns.name, alias: state.namespaces.get(ns.name)?.get('lo')?.alias, span: ns.span }, desired.project);
    if (step) (steps.push(step), released.add(`netns ${ns.name}`));
  }

  for (const d of [...desired.devices].reverse()) {
    if (!ours(d.name) || released.has(d.name)) continue;
    const wiring = desired.wiring.find((w) => w.device === d.name);
    const rewire = wiring ? (diffWiring(wiring, without(state, d.name), new Set([d.name]))?.commands ?? []) : [];
    steps.push(
      linuxStep(host, {
        action: '-',
        object: d.label,
        phase: PHASE.devices,
        span: d.span,
        explain: `Deletes ${d.name}, which vsh created${d.kind === 'veth' ? ' (its peer goes with it)' : ''}.`,
        commands: [linkDel(d.name)],
        undo: [...d.create, mark(d.name, state.links.get(d.name)!.alias!), ...rewire],
      }),
    );
  }

  for (const ns of [...desired.namespaces].reverse()) {
    const lo = state.namespaces.get(ns.name)?.get('lo');
    if (!isVshLink(lo?.alias) || released.has(`netns ${ns.name}`)) continue;
    steps.push(
      linuxStep(host, {
        action: '-',
        object: `namespace ${ns.name}`,
        phase: PHASE.namespaces,
        span: ns.span,
        explain: `Deletes namespace ${ns.name}, which vsh created, and every interface still inside it.`,
        commands: [ip(undefined, 'netns', 'del', ns.name)],
        undo: createNamespace(ns.name, lo!.alias!),
      }),
    );
  }
  return steps;
}
