/**
 * `link` when a Linux bridge is involved: a veth pair in the host's own namespace, one end
 * in each bridge — enslaved to a Linux bridge (a member of every VLAN the bridge uses when
 * it filters), or brought up for OVS, which adds it as a port itself. Two OVS bridges are
 * patched by the OVS driver instead.
 */
import type { LinkEnd } from '../../lang/model.js';
import { carrierVlans } from './bridge-vlans.js';
import type { HostModel } from './host-model.js';
import { createVeth } from './port.js';
import { freshLink, type Desired, type LinkWant } from './spec.js';

export function links(hm: HostModel, out: Desired): void {
  for (const l of hm.model.links) {
    if (l.host !== hm.host || l.via !== 'veth') continue;
    const [a, b] = l.ends;
    const end = (e: LinkEnd): LinkWant => ({
      name: e.portName,
      origin: 'device',
      fresh: freshLink(e.portName, { kind: 'veth' }),
      ...(e.bridgeKind === 'linux' ? { master: e.bridge } : {}),
      ...(hm.filters(e.bridge) ? { vlans: carrierVlans(undefined, hm.usedVlans(e.bridge)) } : {}),
      up: true,
    });
    const into = (e: LinkEnd) => (e.bridgeKind === 'linux' ? `${e.portName} is enslaved to ${e.bridge}` : `${e.portName} comes up (OVS adds it to ${e.bridge} as a port)`);
    out.devices.push({
      name: a.portName,
      kind: 'veth',
      label: `veth ${a.portName} (peer ${b.portName}) linking ${a.bridge} and ${b.bridge}`,
      span: l.stmt.span,
      feature: 'veth',
      create: [createVeth(a.portName, { peer: b.portName })],
      fixed: { peer: `:${b.portName}` },
      explain: `Creates a veth pair, a virtual cable, with both ends on the host: ${a.portName} for ${a.bridge}, ${b.portName} for ${b.bridge}.`,
    });
    out.wiring.push({
      label: `link ${a.bridge} <-> ${b.bridge}`,
      span: l.stmt.span,
      device: a.portName,
      explain: `${into(a)}; ${into(b)}: the two bridges are one segment, every VLAN crossing.`,
      links: [end(a), end(b)],
    });
  }
}
