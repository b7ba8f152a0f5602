/**
 * What the libvirt driver reads from a host: which networks exist, are active and
 * autostarted (`virsh net-list --name`, three lists), the persistent definition of each
 * network the model declares (`virsh net-dumpxml --inactive`: what `net-define` set), and
 * the XML of each guest the model attaches. Only hosts with libvirt objects are probed.
 */
import { diag } from '../../lang/diagnostics.js';
import type { AttachNetworkObj, NetworkObj, PortgroupObj } from '../../lang/model.js';
import type { HostView, Probe, ProbeOutputs, ReadResult } from '../backend.js';
import { domainProbes, missingGuest, readDomains, type LiveDomain } from './guests.js';
import { hasVshMark, networkFields } from './network-xml.js';
import { parseXml, type XmlElement } from './xml.js';

/** A network the model declares, as the host has it. */
export interface LiveNetwork {
  /** `net-dumpxml --inactive` verbatim: the undo of a redefine or removal defines exactly this again. */
  xml: string;
  tree: XmlElement;
  fields: Map<string, string>;
  /** Carries vsh's mark: vsh defined it, so `destroy` may remove it. */
  owned: boolean;
  active: boolean;
  autostart: boolean;
}

export interface LibvirtState {
  /** Declared networks the host has, by name. */
  networks: Map<string, LiveNetwork>;
  /** Attached guests the host has, by name (none offline or when libvirt could not be reached: planned as written). */
  domains: Map<string, LiveDomain>;
}

/** The libvirt objects of the model on this host. */
export function libvirtObjects(view: HostView): { networks: NetworkObj[]; portgroups: PortgroupObj[]; attachments: AttachNetworkObj[] } {
  const m = view.model;
  return {
    networks: [...m.networks.values()].filter((n) => n.host === view.name),
    portgroups: m.portgroups.filter((p) => p.host === view.name),
    attachments: m.attachments.filter((a) => a.host === view.name),
  };
}

const LISTS = { all: ['--all'], active: [], autostart: ['--all', '--autostart'] } as const;
const listId = (which: keyof typeof LISTS) => `libvirt.list-${which}`;
const netId = (name: string) => `libvirt.net.${name}`;

export function libvirtProbes(view: HostView): Probe[] {
  const { networks, attachments } = libvirtObjects(view);
  if (networks.length === 0 && attachments.length === 0) return [];
  return [
    ...Object.entries(LISTS).map(([which, flags]) => ({ id: listId(which as keyof typeof LISTS), command: { argv: ['virsh', 'net-list', ...flags, '--name'] } })),
    ...networks.map((n) => ({ id: netId(n.name), command: { argv: ['virsh', 'net-dumpxml', '--inactive', n.name] } })),
    ...domainProbes('libvirt', attachments.map((a) => a.stmt.domain.value)),
  ];
}

/** Offline or unreachable: an empty host. */
const EMPTY = (): LibvirtState => ({ networks: new Map(), domains: new Map() });

const names = (text: string | undefined) => new Set((text ?? '').split('\n').map((l) => l.trim()).filter(Boolean));

export function readLibvirt(view: HostView, outputs: ProbeOutputs): ReadResult<LibvirtState> {
  const { networks, attachments } = libvirtObjects(view);
  const all = outputs?.get(listId('all'));
  if (!outputs || !all) return { state: EMPTY() };
  if (all.code !== 0) {
    const at = networks[0]?.stmt.name.span ?? attachments[0]!.stmt.domain.span;
    const why = all.stderr.trim().split('\n').pop() || `virsh exited ${all.code}`;
    const hint = `start libvirtd on ${view.name} (Debian: libvirt-daemon-system), and check that 'virsh net-list' works there as this user`;
    return { state: EMPTY(), diagnostics: [diag('VN201', at, `libvirt is not reachable on ${view.name}: ${why}`, { hint })] };
  }
  const existing = names(all.stdout);
  const active = names(outputs.get(listId('active'))?.stdout);
  const autostart = names(outputs.get(listId('autostart'))?.stdout);
  const state = EMPTY();
  for (const n of networks) {
    const dump = outputs.get(netId(n.name));
    const tree = existing.has(n.name) && dump?.code === 0 ? parseXml(dump.stdout)?.find((e) => e.name === 'network') : undefined;
    // A listed network whose XML cannot be read (removed meanwhile) is planned as absent.
    if (!tree || !dump) continue;
    const live = { xml: dump.stdout, tree, fields: networkFields(tree), owned: hasVshMark(tree), active: active.has(n.name), autostart: autostart.has(n.name) };
    state.networks.set(n.name, live);
  }
  const guests = readDomains('libvirt', attachments.map((a) => a.stmt.domain.value), outputs);
  state.domains = guests.domains;
  const diagnostics = [...guests.missing].map(([d, why]) => missingGuest(view.name, d, why, attachments.find((a) => a.stmt.domain.value === d)!.stmt.domain.span));
  return { state, diagnostics };
}
