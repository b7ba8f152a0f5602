/**
 * Desired against read → steps: `+` for what is missing, `~` with the changed fields for
 * what differs, nothing for what matches, `-` for links vsh made that the model no longer
 * has. After applying the steps, the same diff is empty.
 */
import { LOOK, PHASE, type Action, type Step } from '../backend.js';
import type { Command } from '../../exec/command.js';
import type { Span } from '../../lang/diagnostics.js';
import { defaultVlans } from './bridge-vlans.js';
import { isVshLink, linkMark, ownsLink, remadeMark } from '../ownership.js';
import { ip, linkDel, linkSet, mark, showLink } from './commands.js';
import { diffLink, type LinkDiff } from './link-diff.js';
import { createNamespace } from './namespace.js';
import { releaseStep, shareStep } from './owners.js';
import { linuxStep } from './step.js';
import { recreate } from './recreate.js';
import { freshLink, type DeviceSpec, type Desired, type LinkWant, type WiringSpec } from './spec.js';
import type { LinkState, LinuxState } from './state.js';

/** The link a want refers to, as read. */
export function readLink(state: LinuxState, want: Pick<LinkWant, 'name' | 'ns'>): LinkState | undefined {
  return want.ns === undefined ? state.links.get(want.name) : state.namespaces.get(want.ns)?.get(want.name);
}

/** How a device differs from the link of its name, in fields that need re-creating it (empty: it matches). */
export function mismatches(d: DeviceSpec, have: LinkState): string[] {
  if (have.kind !== d.kind) return [`kind: ${have.kind ?? 'device'} -> ${d.kind}`];
  const value = (k: string) => (k === 'parent' ? have.parent : k === 'peer' ? have.peer : have.settings[k]);
  return Object.entries(d.fixed)
    .filter(([k, v]) => String(value(k)) !== String(v))
    .map(([k, v]) => `${k}: ${value(k) ?? 'none'} -> ${v}`);
}

/** A wiring spec against the host; `fresh`: the names of devices created (or re-created) by this plan. */
export function diffWiring(w: WiringSpec, state: LinuxState, fresh: ReadonlySet<string>): (LinkDiff & { isNew: boolean }) | undefined {
  const isNewDevice = w.device !== undefined && fresh.has(w.device);
  const parts: LinkDiff[] = [];
  let isNew = false;
  // The statement's own link: the device's, else the first; changes of the others name their link.
  const primary = w.links.find((l) => l.name === w.device && l.ns === undefined) ?? w.links[0];
  for (const want of w.links) {
    const read = readLink(state, want);
    let have: LinkState | undefined;
    if (want.origin === 'device') have = isNewDevice ? (want.fresh ?? freshLink(want.name)) : read;
    else if (want.origin === 'other') have = read ?? freshLink(want.name);
    else have = read ?? (state.read ? undefined : freshLink(want.name, { up: true }));
    if (!have) continue; // an existing NIC that is not there: read() reported it
    // New: its device is made now, another driver makes it now, or it joins its bridge or bond now.
    if (want === primary) isNew = isNewDevice || (want.origin === 'other' && !read) || (want.master !== undefined && have.master === undefined);
    // A port joining a filtering bridge starts with the kernel's default VLANs.
    const vlans = have === read && have.master === want.master ? (state.vlans.get(want.name) ?? defaultVlans()) : defaultVlans();
    const d = diffLink(want, have, vlans);
    const prefix = want === primary ? '' : `${want.ns ? `${want.ns}:` : ''}${want.name} `;
    parts.push({ ...d, changes: d.changes.map((c) => prefix + c) });
  }
  const commands = parts.flatMap((p) => p.commands);
  if (commands.length === 0) return undefined;
  return { changes: parts.flatMap((p) => p.changes), commands, undo: parts.reverse().flatMap((p) => p.undo), isNew };
}

/** The probe that shows a wiring step took effect: a veth's peer (configured last), else the statement's own link. */
export function wiringVerify(w: WiringSpec): Command {
  const link = w.links.find((l) => l.ns) ?? w.links.find((l) => l.name === w.device) ?? w.links[0]!;
  return showLink(link.name, link.ns);
}

/** The word for a link read from the host ("bridge", "tap", "vxlan" …). */
const kindWord = (l: LinkState) => (l.kind === 'tun' ? String(l.settings.type ?? 'tun') : (l.kind ?? 'link'));

export function planLinux(host: string, desired: Desired, state: LinuxState): Step[] {
  const steps: Step[] = [];
  for (const ns of desired.namespaces) {
    const links = state.namespaces.get(ns.name);
    const lo = links?.get('lo');
    const common = { object: `namespace ${ns.name}`, phase: PHASE.namespaces, span: ns.span, explain: ns.explain, verify: showLink('lo', ns.name), look: LOOK.netns(ns.name) };
    if (!links) steps.push(linuxStep(host, { ...common, action: '+', commands: createNamespace(ns.name, linkMark(desired.project)), undo: [ip(undefined, 'netns', 'del', ns.name)] }));
    else if (lo && !lo.up) steps.push(linuxStep(host, { ...common, action: '~', changes: ['lo state: down -> up'], commands: [linkSet(ns.name, 'lo', 'up')], undo: [linkSet(ns.name, 'lo', 'down')] }));
    const shared = links && shareStep(host, { object: common.object, link: 'lo', ns: ns.name, alias: lo?.alias, span: ns.span }, desired.project);
    if (shared) steps.push(shared);
  }

  // Links vsh made that the model no longer declares (first: a bridge going away releases ports a new one takes).
  // Namespaces are only read when the model names them, so a dropped namespace is not found here.
  const declared = new Set(desired.devices.map((d) => d.name));
  for (const l of state.links.values()) {
    if (!ownsLink(l.alias, desired.project) || declared.has(l.name)) continue;
    const released = releaseStep(host, { object: `${kindWord(l)} ${l.name} (no longer in this project's model)`, link: l.name, alias: l.alias }, desired.project);
    if (released) {
      steps.push(released);
      continue;
    }
    steps.push(
      linuxStep(host, {
        action: '-',
        object: `${kindWord(l)} ${l.name} (no longer in the model)`,
        phase: PHASE.devices,
        commands: [linkDel(l.name)],
        undo: recreate(l) ?? [],
        explain: `vsh created ${l.name} and the model no longer has it, so it is deleted (with whatever is enslaved to it released, and a veth's peer with it).`,
      }),
    );
  }

  const fresh = new Set<string>();
  const inTheWay = new Set<string>();
  for (const d of desired.devices) {
    const have = state.links.get(d.name);
    const alias = remadeMark(have?.alias, desired.project);
    const create = [...d.create, mark(d.name, alias)];
    const explain = `${d.explain} The alias \`${alias}\` marks it as made by vsh: destroy removes only what carries such a mark.`;
    const common = { object: d.label, phase: PHASE.devices, span: d.span, explain, verify: showLink(d.name), look: LOOK.link(d.name) };
    if (!have) {
      fresh.add(d.name);
      steps.push(linuxStep(host, { ...common, action: '+', commands: create, undo: [linkDel(d.name)] }));
      continue;
    }
    const diff = mismatches(d, have);
    if (diff.length === 0) {
      const shared = shareStep(host, { object: d.label, link: d.name, alias: have.alias, span: d.span }, desired.project);
      if (shared) steps.push(shared);
      continue;
    }
    if (!isVshLink(have.alias)) {
      inTheWay.add(d.name); // someone else's interface: read() reports it, vsh leaves it alone
      continue;
    }
    fresh.add(d.name);
    steps.push(linuxStep(host, { ...common, action: '~', changes: diff, commands: [linkDel(d.name), ...create], undo: [linkDel(d.name), ...(recreate(have) ?? [])] }));
  }

  for (const w of desired.wiring) {
    if (w.device && inTheWay.has(w.device)) continue;
    const d = diffWiring(w, state, fresh);
    if (!d) continue;
    steps.push(
      linuxStep(host, {
        action: d.isNew ? '+' : '~',
        object: w.label,
        phase: PHASE.wiring,
        span: w.span,
        explain: w.explain,
        commands: d.commands,
        undo: d.undo,
        verify: wiringVerify(w),
        look: LOOK.links(w.links),
        ...(d.isNew ? {} : { changes: d.changes }),
      }),
    );
  }
  return steps;
}
