/** `vlan IFACE.VID`: `ip link add link IFACE name IFACE.VID type vlan id VID`, and up. */
import type { Command } from '../../exec/command.js';
import { ip } from './commands.js';
import type { HostModel } from './host-model.js';
import { freshLink, type Desired } from './spec.js';

export function createVlan(name: string, parent: string, vid: number): Command {
  return ip(undefined, 'link', 'add', 'link', parent, 'name', name, 'type', 'vlan', 'id', String(vid));
}

export function vlans(hm: HostModel, out: Desired): void {
  for (const v of hm.model.vlans) {
    if (v.host !== hm.host) continue;
    const [name, parent, vid] = [v.stmt.name.value, v.stmt.parent.value, v.stmt.vid.value];
    out.devices.push({
      name,
      kind: 'vlan',
      label: `vlan ${name} (VLAN ${vid} on ${parent})`,
      span: v.stmt.span,
      feature: '8021q',
      create: [createVlan(name, parent, vid)],
      fixed: { parent, id: vid },
      explain: `Creates ${name}, an 802.1Q sub-interface: frames sent on it leave ${parent} tagged with VLAN ${vid}, and frames arriving on ${parent} tagged ${vid} show up here untagged.`,
    });
    out.needs.push({ name: parent, why: `'vlan ${name}' stacks on it`, span: v.stmt.span });
    const address = v.stmt.address?.value;
    out.wiring.push({
      label: `vlan ${name} up${address ? `, address ${address}` : ''}`,
      span: v.stmt.span,
      device: name,
      explain: `Brings ${name} up${address ? ` with ${address}, the host's address on VLAN ${vid}` : ''}; it passes traffic while ${parent} is up too.`,
      links: [{ name, origin: 'device', fresh: freshLink(name, { kind: 'vlan' }), ...(address ? { addresses: [address] } : {}), up: true }],
    });
  }
}
