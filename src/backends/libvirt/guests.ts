/**
 * Guests (libvirt domains) as both the libvirt and the SR-IOV driver see them: the NIC
 * XML vsh gives a guest, reading a guest's NICs from `virsh dumpxml`, and the probes
 * that fetch them. A NIC is identified by its MAC (network NICs) or by its VF's PCI
 * address (hostdev NICs), so a re-plan finds exactly the NIC a plan attached.
 */
import { createHash } from 'node:crypto';
import type { Command } from '../../exec/command.js';
import { diag, type Diagnostic, type Span } from '../../lang/diagnostics.js';
import type { Probe, ProbeOutputs } from '../backend.js';
import { virshStdin } from './virsh.js';
import { child, children, el, parseXml, renderXml, type XmlElement } from './xml.js';

/** One NIC of a guest, the fields vsh sets. */
export interface GuestNic {
  /** `network`, `hostdev`, `bridge` … (libvirt's interface type). */
  type: string;
  /** Lower case, as libvirt prints it. */
  mac?: string;
  network?: string;
  portgroup?: string;
  model?: string;
  /** A hostdev NIC's VF, `DDDD:BB:SS.F`. */
  pci?: string;
  /** VLAN tags, `10` or `10,20`. */
  vlan?: string;
}

export interface LiveDomain {
  /** A running domain's live XML carries `id='N'`. */
  running: boolean;
  /** The persistent definition (`dumpxml --inactive`). */
  config: GuestNic[];
  /** The running guest (`dumpxml`; the definition again when it is shut off). */
  live: GuestNic[];
}

/** `52:54:00:xx:xx:xx` (libvirt's KVM prefix) from the names: stable, so the NIC can be found again and detached exactly. */
export function derivedMac(host: string, domain: string, network: string): string {
  const h = createHash('sha256').update(`vsh ${host}/${domain}/${network}`).digest();
  return ['52', '54', '00', ...[...h.subarray(0, 3)].map((b) => b.toString(16).padStart(2, '0'))].join(':');
}

/** `DDDD:BB:SS.F` → the attributes of libvirt's `<address type='pci'>`. */
export function pciAttrs(pci: string): Record<string, string> {
  const [domain = '', bus = '', rest = ''] = pci.split(':');
  const [slot = '', fn = ''] = rest.split('.');
  return { type: 'pci', domain: `0x${domain}`, bus: `0x${bus}`, slot: `0x${slot}`, function: `0x${fn}` };
}

/** Placeholders for a VF's address that is read on the host when the step runs (see the SR-IOV driver). */
const PCI_PLACEHOLDERS = { type: 'pci', domain: '@domain@', bus: '@bus@', slot: '@slot@', function: '@function@' };

function pciOf(address: XmlElement | undefined): string | undefined {
  if (address?.attrs.type !== 'pci') return undefined;
  const hex = (k: string, width: number) => (address.attrs[k] ?? '').replace(/^0x/, '').padStart(width, '0');
  return `${hex('domain', 4)}:${hex('bus', 2)}:${hex('slot', 2)}.${hex('function', 1)}`;
}

/** `<interface type='network'>` with the fields given (attach-device, and re-attach on undo). */
export function networkNicXml(nic: GuestNic): XmlElement {
  return el('interface', { type: 'network' }, [
    ...(nic.mac ? [el('mac', { address: nic.mac })] : []),
    el('source', { network: nic.network, portgroup: nic.portgroup }),
    ...(nic.model ? [el('model', { type: nic.model })] : []),
  ]);
}

/** `<interface type='hostdev' managed='yes'>`: a VF handed to the guest (managed: libvirt binds it to vfio-pci itself). */
export function hostdevNicXml(nic: { pci?: string; mac?: string; vlan?: string }): XmlElement {
  const address = el('address', nic.pci ? pciAttrs(nic.pci) : PCI_PLACEHOLDERS);
  const vlan = nic.vlan ? [el('vlan', {}, nic.vlan.split(',').map((id) => el('tag', { id })))] : [];
  return el('interface', { type: 'hostdev', managed: 'yes' }, [...(nic.mac ? [el('mac', { address: nic.mac })] : []), el('source', {}, [address]), ...vlan]);
}

function nicOf(i: XmlElement): GuestNic {
  const source = child(i, 'source');
  const tags = children(child(i, 'vlan'), 'tag').map((t) => t.attrs.id);
  const nic: GuestNic = { type: i.attrs.type ?? '' };
  const set = <K extends keyof GuestNic>(k: K, v: GuestNic[K] | undefined) => v !== undefined && (nic[k] = v);
  set('mac', child(i, 'mac')?.attrs.address?.toLowerCase());
  set('network', source?.attrs.network);
  set('portgroup', source?.attrs.portgroup);
  set('model', child(i, 'model')?.attrs.type);
  set('pci', pciOf(child(source, 'address')));
  if (tags.length) set('vlan', tags.join(','));
  return nic;
}

/** A domain's NICs from `virsh dumpxml` output, or undefined when it is not a domain's XML. */
export function parseDomainXml(text: string): { running: boolean; nics: GuestNic[] } | undefined {
  const domain = parseXml(text)?.find((e) => e.name === 'domain');
  if (!domain) return undefined;
  return { running: domain.attrs.id !== undefined, nics: children(child(domain, 'devices'), 'interface').map(nicOf) };
}

const probeId = (prefix: string, which: 'config' | 'live', domain: string) => `${prefix}.domain-${which}.${domain}`;

/** Both XMLs of each domain (the persistent one and the running one), under the driver's probe-id prefix. */
export function domainProbes(prefix: string, domains: Iterable<string>): Probe[] {
  return [...new Set(domains)].flatMap((d) => [
    { id: probeId(prefix, 'config', d), command: { argv: ['virsh', 'dumpxml', '--inactive', d] } },
    { id: probeId(prefix, 'live', d), command: { argv: ['virsh', 'dumpxml', d] } },
  ]);
}

/** The domains that answered; `missing`: those virsh could not show, with virsh's reason (not defined, libvirt down …). */
export function readDomains(prefix: string, domains: Iterable<string>, outputs: ProbeOutputs): { domains: Map<string, LiveDomain>; missing: Map<string, string> } {
  const found = new Map<string, LiveDomain>();
  const missing = new Map<string, string>();
  if (!outputs) return { domains: found, missing };
  for (const d of new Set(domains)) {
    const results = (['config', 'live'] as const).map((which) => outputs.get(probeId(prefix, which, d)));
    const [config, live] = results.map((r) => (r && r.code === 0 ? parseDomainXml(r.stdout) : undefined));
    if (config && live) found.set(d, { running: live.running, config: config.nics, live: live.nics });
    else missing.set(d, results.map((r) => r?.stderr.trim().split('\n').pop()).find(Boolean) ?? 'virsh dumpxml gave no domain XML');
  }
  return { domains: found, missing };
}

/** VN201 for a guest the model attaches that the host could not show. */
export function missingGuest(host: string, domain: string, why: string, span: Span): Diagnostic {
  return diag('VN201', span, `guest '${domain}' could not be read on ${host}: ${why}`, {
    hint: `define the guest first (virsh define), or fix the name; 'virsh list --all' shows the guests there`,
  });
}

/** `--live`/`--config` flags of virsh's device commands. */
export type Target = 'live' | 'config';
export const targetFlags = (targets: readonly Target[]) => targets.map((t) => `--${t}`);

/** `virsh attach-device|detach-device DOMAIN /dev/stdin FLAGS` with the NIC's XML on stdin. */
export function deviceCommand(verb: 'attach-device' | 'detach-device', domain: string, nic: XmlElement, targets: readonly Target[]): Command {
  return virshStdin(renderXml(nic), verb, domain, '/dev/stdin', ...targetFlags(targets));
}

/**
 * Succeeds once `fragment` (one line as libvirt prints it, e.g. `<mac address='…'/>`)
 * is in the domain's XML: a constant script, the domain and fragment as arguments.
 */
export function verifyInDomain(domain: string, fragment: string, target: Target): Command {
  const flags = target === 'config' ? ['--inactive'] : [];
  return { argv: ['sh', '-c', 'f=$1; shift; virsh dumpxml "$@" | grep -qF -- "$f"', 'sh', fragment, ...flags, domain] };
}
