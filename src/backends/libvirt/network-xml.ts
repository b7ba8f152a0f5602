/**
 * A `network` statement (with its portgroups) → libvirt network XML (formatnetwork,
 * validated against network.rng in the tests), and the fields of a network definition
 * that vsh decides, read the same way from the XML it generates and from what
 * `virsh net-dumpxml` prints, so that the two can be compared field by field.
 */
import type { NetworkStmt, PortgroupStmt } from '../../lang/ast.js';
import { formatIpv4, impliedGateway, netmask, parseCidr, parseIpv4, parseRange, type Cidr } from '../../lang/ip.js';
import type { NetworkObj, PortgroupObj } from '../../lang/model.js';
import { expandVlans } from '../../lang/vlans.js';
import { child, children, el, type XmlElement } from './xml.js';

/** The namespace of vsh's ownership mark in `<metadata>` (network.rng allows any namespaced element there). */
export const VSH_XMLNS = 'https://vsh.dev/xmlns/libvirt/1';

/** `<vsh:managed/>`: this network was defined by vsh, so `destroy` may remove it. */
const mark = () => el('metadata', {}, [el('vsh:managed', { 'xmlns:vsh': VSH_XMLNS })]);

/** Whether a network's XML carries vsh's mark (whatever prefix the namespace was bound to). */
export function hasVshMark(network: XmlElement): boolean {
  return (child(network, 'metadata')?.children ?? []).some((m) => Object.entries(m.attrs).some(([k, v]) => k.startsWith('xmlns') && v === VSH_XMLNS));
}

/**
 * The host's address in the network: `gateway`; else the subnet's address when it has host
 * bits set (`subnet 192.168.100.1/24`); else the first host address. The same rule as VN131.
 */
export function gatewayOf(s: NetworkStmt, c: Cidr): string {
  const given = s.gateway ? parseIpv4(s.gateway.value) : undefined;
  if (given !== undefined) return formatIpv4(given);
  return formatIpv4(impliedGateway(c));
}

/** `<vlan>` of a portgroup: an access tag, a trunk, or (tag + trunk) a trunk whose tag is native-untagged. */
function vlanXml(pg: PortgroupStmt): XmlElement | undefined {
  const native = pg.tag?.value;
  if (!pg.trunk) return native === undefined ? undefined : el('vlan', {}, [el('tag', { id: String(native) })]);
  const ids = [...expandVlans(pg.trunk.value)].filter((v) => v !== native).sort((a, b) => a - b);
  const tags = ids.map((id) => el('tag', { id: String(id) }));
  if (native !== undefined) tags.unshift(el('tag', { id: String(native), nativeMode: 'untagged' }));
  return el('vlan', { trunk: 'yes' }, tags);
}

export function portgroupXml(pg: PortgroupStmt): XmlElement {
  const vlan = vlanXml(pg);
  return el('portgroup', { name: pg.name.value, default: pg.default ? 'yes' : undefined }, vlan ? [vlan] : []);
}

/**
 * The network's XML, elements in the order libvirt prints them. libvirt refuses `stp`,
 * `<domain>` and `<ip>` outside nat/route/isolated, so they are written only there.
 * `uuid`: the existing network's, when redefining it (libvirt refuses a redefinition
 * under the same name with another or a new uuid).
 */
export function networkXml(net: NetworkObj, portgroups: readonly PortgroupObj[], uuid?: string): XmlElement {
  const s = net.stmt;
  const mode = s.mode.value;
  const routed = mode === 'nat' || mode === 'route' || mode === 'isolated';
  const parts: XmlElement[] = [el('name', {}, [], net.name), ...(uuid ? [el('uuid', {}, [], uuid)] : []), mark()];
  if (mode === 'nat' || mode === 'route') parts.push(el('forward', { mode, dev: s.dev?.value }));
  if (mode === 'bridge') parts.push(el('forward', { mode }));
  if (mode === 'hostdev') parts.push(el('forward', { mode, managed: 'yes' }, s.dev ? [el('pf', { dev: s.dev.value })] : []));
  if (s.bridge || (routed && s.stp)) parts.push(el('bridge', { name: s.bridge?.value, stp: routed ? s.stp?.value : undefined }));
  if (mode === 'bridge' && s.virtualport) parts.push(el('virtualport', { type: s.virtualport.value }));
  for (const x of portgroups.map((p) => portgroupXml(p.stmt))) parts.push(x);
  if (routed && s.domain) parts.push(el('domain', { name: s.domain.value }));
  const c = routed && s.subnet ? parseCidr(s.subnet.value) : undefined;
  if (c) {
    const range = s.dhcp && parseRange(s.dhcp.value);
    const dhcp = range ? [el('dhcp', {}, [el('range', { start: formatIpv4(range[0]), end: formatIpv4(range[1]) })])] : [];
    parts.push(el('ip', { address: gatewayOf(s, c), netmask: netmask(c.prefix) }, dhcp));
  }
  return el('network', {}, parts);
}

/** A portgroup in words, for comparing and for `changes` lines: `default, tag 30`, `trunk 10 (untagged), 20`. */
function describePortgroup(pg: XmlElement): string {
  const vlan = child(pg, 'vlan');
  const tags = children(vlan, 'tag').map((t) => (t.attrs.nativeMode ? `${t.attrs.id} (${t.attrs.nativeMode})` : t.attrs.id));
  const words = [pg.attrs.default === 'yes' ? 'default' : '', vlan ? `${vlan.attrs.trunk === 'yes' ? 'trunk' : 'tag'} ${tags.join(', ')}` : 'no vlan'];
  return words.filter(Boolean).join(', ');
}

/** `portgroup NAME`: the field label of a portgroup. */
export const portgroupField = (name: string) => `portgroup ${name}`;

/**
 * The fields vsh decides, by label, read from network XML (generated or dumped). What
 * libvirt adds on its own (uuid, mac, `delay`, NAT port range) is not a field.
 */
export function networkFields(network: XmlElement): Map<string, string> {
  const f = new Map<string, string>();
  const set = (label: string, value: string | undefined) => value !== undefined && f.set(label, value);
  const forward = child(network, 'forward');
  set('forward', forward?.attrs.mode ?? (forward ? 'nat' : 'none')); // libvirt's default mode is nat
  set('forward dev', forward?.attrs.dev);
  set('managed', forward?.attrs.managed);
  set('pf', child(forward, 'pf')?.attrs.dev);
  set('bridge', child(network, 'bridge')?.attrs.name);
  set('stp', child(network, 'bridge')?.attrs.stp);
  set('virtualport', child(network, 'virtualport')?.attrs.type);
  set('domain', child(network, 'domain')?.attrs.name);
  // The first IPv4 <ip>: vsh writes one; a prefix= form is shown as its netmask.
  const ip = children(network, 'ip').find((i) => (i.attrs.family ?? 'ipv4') === 'ipv4');
  if (ip?.attrs.address) {
    const mask = ip.attrs.netmask ?? (ip.attrs.prefix ? netmask(Number(ip.attrs.prefix)) : '');
    set('ip', `${ip.attrs.address} netmask ${mask}`);
    const ranges = children(child(ip, 'dhcp'), 'range').map((r) => `${r.attrs.start}-${r.attrs.end}`);
    if (ranges.length) set('dhcp', ranges.join(', '));
  }
  for (const pg of children(network, 'portgroup')) set(portgroupField(pg.attrs.name ?? ''), describePortgroup(pg));
  return f;
}

/** Fields libvirt fills in when vsh leaves them out (it picks `virbrN`, STP on): compared only when the model sets them. */
const DEFAULTED = new Set(['bridge', 'stp']);

export interface FieldChange {
  label: string;
  from?: string;
  to?: string;
}

/** Desired against live fields: every field that differs (libvirt's defaults excepted). */
export function diffFields(want: ReadonlyMap<string, string>, have: ReadonlyMap<string, string>): FieldChange[] {
  const labels = [...new Set([...want.keys(), ...have.keys()])];
  return labels
    .filter((l) => !(DEFAULTED.has(l) && !want.has(l)) && want.get(l) !== have.get(l))
    .map((label) => ({ label, from: have.get(label), to: want.get(label) }));
}

/** `label: from -> to`, with `(none)` for a field that is absent on one side. */
export const showChange = (c: FieldChange) => `${c.label}: ${c.from ?? '(none)'} -> ${c.to ?? '(none)'}`;
