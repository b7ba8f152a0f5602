/**
 * What each OVS step does and why, in a lab guide's voice: one or two sentences per
 * object, built from the statement, so `vsh explain` teaches what `plan` runs.
 */
import type { BondObj, BridgeObj, PortObj, TunnelObj } from '../../lang/model.js';
import { overhead } from '../../lang/checks/tunnel-mtu.js';
import type { HostView } from '../backend.js';
import { trunkList } from './values.js';

/** What a step says: `create` for `+`, `about` (what the object is, without the verb) after a `~`'s changes. */
export interface Texts {
  create: string;
  about: string;
}

/** The sentence about a port's VLANs. */
export function vlans(tag: number | undefined, trunks: string | undefined, native: boolean): string {
  if (tag !== undefined && trunks && native)
    return `A native-untagged trunk (vlan_mode=native-untagged): VLANs ${trunks} travel tagged except VLAN ${tag}, the native VLAN, which leaves untagged, and untagged frames coming in join VLAN ${tag}.`;
  if (tag !== undefined) return `An access port in VLAN ${tag}: frames leave untagged, and OVS tags what comes in with VLAN ${tag}.`;
  if (trunks) return `A trunk of VLANs ${trunks}: frames travel tagged, and untagged frames or other VLANs are dropped.`;
  return 'It carries every VLAN as it comes, tagged or not (no tag, no trunks).';
}

export function bridge(view: HostView, b: BridgeObj): Texts {
  const s = b.stmt;
  const parts: string[] = [];
  if (view.datapath === 'netdev')
    parts.push('It uses the userspace datapath (datapath_type=netdev): ovs-vswitchd switches packets itself, so no OVS kernel module is needed.');
  if (s.stp?.value === 'on') parts.push('Spanning tree is on (stp_enable=true), so a loop through redundant links is blocked instead of flooding.');
  if (s.mtu) parts.push(`Its own interface asks for MTU ${s.mtu.value} (mtu_request).`);
  const about = parts.join(' ');
  return { create: `Creates the Open vSwitch bridge ${b.name}, a virtual switch that learns MACs and forwards frames between its ports.${about ? ` ${about}` : ''}`, about };
}

export function uplink(bridgeName: string, nic: string): Texts {
  const create = `Makes the NIC ${nic} the uplink of ${bridgeName}: it becomes a port, so everything on the bridge is on ${nic}'s LAN. The host's address belongs on the bridge from now on, not on ${nic} (a NIC in OVS no longer handles IP itself).`;
  return { create, about: `${nic} is the uplink of ${bridgeName}: it carries every VLAN (no tag, no trunks).` };
}

export function port(p: PortObj): Texts {
  const s = p.stmt;
  const what = {
    system: `Adds the existing interface ${p.name} to ${p.bridge}.`,
    internal: `Creates the OVS internal port ${p.name}: an interface on the host that OVS makes, the host's own door into ${p.bridge} (where its address goes).`,
    tap: `Adds the tap device ${p.name} (a VM plugs into it) to ${p.bridge}.`,
    veth: `Adds ${p.name}, the host end of a veth pair${s.peer ? ` whose other end is in namespace ${s.peer.ns.value}` : ''}, to ${p.bridge}.`,
  }[p.type];
  const mtu = s.mtu ? ` OVS sets its MTU to ${s.mtu.value} (mtu_request).` : '';
  const about = `${vlans(s.tag?.value, trunkList(s.trunk?.value), s.native !== undefined)}${mtu}`;
  return { create: `${what} ${about}`, about };
}

const BOND_MODES: Record<string, string> = {
  'active-backup': 'active-backup: one link carries the traffic and another takes over when it fails; the switch needs nothing',
  'balance-slb': 'balance-slb: traffic is spread over the links by source MAC and VLAN; the switch needs nothing',
  'balance-tcp': 'balance-tcp: flows are spread over the links by their L3/L4 headers; the switch must run LACP on these ports',
  '802.3ad': '802.3ad, LACP link aggregation, which OVS spells bond_mode=balance-tcp with lacp (active unless told otherwise); the switch must run LACP on these ports',
  'balance-rr': "round-robin, which OVS does not have: OVS's default, active-backup, is used",
};

export function bond(b: BondObj): Texts {
  const s = b.stmt;
  const mode = s.mode?.value;
  const lacp = s.lacp?.value ?? (mode === '802.3ad' ? 'active' : undefined);
  const how = mode ? BOND_MODES[mode] : `OVS's default, ${BOND_MODES['active-backup']}`;
  const lacpText = lacp === 'active' ? ' LACP active: OVS starts the negotiation.' : lacp === 'passive' ? ' LACP passive: OVS answers a switch that negotiates.' : lacp === 'off' ? ' LACP is off.' : '';
  const about = `Mode ${how}.${lacpText}`;
  return { create: `Bonds ${s.slaves.map((x) => x.value).join(', ')} into one port ${b.name} of ${b.bridge} (add-bond). ${about}`, about };
}

/** How each type carries frames (over IPv4), and what that costs in bytes per frame. */
function carriage(t: TunnelObj): string {
  const udp = (port: number) => `frames travel inside UDP to port ${t.stmt.dstport?.value ?? port}`;
  if (t.type === 'gre') return `frames travel inside GRE over IP, ${overhead('gre', t.key !== undefined)} bytes more per frame`;
  if (t.type === 'vxlan') return `${udp(4789)}, 50 bytes more per frame, the VNI keeping segments apart like a VLAN id`;
  return `${udp(6081)}, 50 bytes or more per frame (GENEVE has room for metadata options)`;
}

export function tunnel(view: HostView, t: TunnelObj, peer: string, remote: string | undefined): Texts {
  const id = t.key === undefined ? '' : t.type === 'gre' ? `, key ${t.key}` : `, VNI ${t.key}`;
  const trunks = trunkList(t.stmt.trunk?.value);
  const carries = trunks ? ` It carries only VLANs ${trunks} (trunks).` : ' It carries every VLAN.';
  const userspace = view.datapath === 'netdev' ? ' With the userspace datapath the outer packets leave through the OVS bridge that holds the underlay address.' : '';
  const text = `A ${t.type.toUpperCase()} tunnel port to ${peer} (remote_ip ${remote ?? '?'}${id}): ${carriage(t)}, so the inner MTU must leave room.${carries}${userspace}`;
  return { create: text, about: text };
}

/** A link's end on an OVS bridge: a patch port (its peer the other end), or the veth end of a link to a Linux bridge. */
export function link(bridge: string, name: string, otherBridge: string, otherName: string, via: 'patch' | 'veth'): Texts {
  const text =
    via === 'patch'
      ? `A patch port ${name} on ${bridge} whose peer is ${otherName} on ${otherBridge}: the two bridges are joined inside Open vSwitch, with no kernel device, and every VLAN crosses.`
      : `Plugs ${name}, one end of a veth pair whose other end ${otherName} is in the Linux bridge ${otherBridge}, into ${bridge}: a cable between the two switches.`;
  return { create: text, about: text };
}

/** Why an owned object goes: no longer declared (`plan`), or `destroy`. */
export type Why = 'undeclared' | 'destroy';

const whyText = (why: Why) => (why === 'undeclared' ? 'vsh made it and the model no longer declares it' : 'vsh made it');

export function removeBridge(name: string, why: Why, foreign: readonly string[]): string {
  const others = foreign.length ? `, including ${foreign.join(', ')}, which vsh did not add` : '';
  return `Deletes bridge ${name} (${whyText(why)}); del-br takes all its ports with it${others}.`;
}

export function removePort(name: string, bridgeName: string, type: string | undefined, why: Why): string {
  const rest =
    type === 'internal'
      ? 'OVS deletes the internal interface with it.'
      : type === 'gre' || type === 'vxlan' || type === 'geneve'
        ? 'the tunnel goes away with it.'
        : type === 'patch'
          ? 'a patch port exists only in OVS: it goes.'
          : `the interface itself stays on the host.`;
  return `Takes ${name} off ${bridgeName} (${whyText(why)}); ${rest}`;
}

export function change(changes: readonly string[], about: string): string {
  return `Sets only what differs from the model, in place (${changes.join('; ')}).${about ? ` ${about}` : ''}`;
}

export function recreate(name: string, reason: string, about: string): string {
  return `Re-creates ${name} in one transaction (del-port, then add again): OVS cannot change ${reason} in place. ${about}`;
}

/** Destroy of an object vsh did not make: what it changed goes back, the object stays. */
export function restore(name: string, bridge?: string): string {
  return `${name} was there before vsh and stays; vsh puts back what it changed on it${bridge ? `, and moves it back onto ${bridge}` : ''} (the values it kept in external_ids vsh-was.*).`;
}

/** Another project made the bridge: this one becomes an owner too. */
export function share(name: string): string {
  return `Bridge ${name} was made by another vsh project; this one declares it too and becomes one of its owners (external_ids:vsh-owner.*), so that it stays until its last owner drops it.`;
}

/** This project drops a bridge others still own. */
export function release(name: string, others: readonly string[]): string {
  return `Bridge ${name} stays: ${others.join(', ')} still own${others.length === 1 ? 's' : ''} it. Only this project's owner mark comes off (its own ports go one by one).`;
}
