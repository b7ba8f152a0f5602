/**
 * `port`: the kernel side of a bridge port, on a bridge of either kind. `veth` creates the
 * pair with the peer made straight inside its namespace (`peer name IF netns NS`: never
 * in the host's own namespace, where a peer called `eth0` would clash with the host's NIC),
 * `tap` creates a persistent tap; on a Linux bridge the port is enslaved and gets its
 * VLANs. Addresses go on the veth peer or an OVS internal port. OVS adds ports to OVS
 * bridges itself.
 */
import type { Command } from '../../exec/command.js';
import { expandVlans, formatVlans } from '../../lang/vlans.js';
import type { PortObj } from '../../lang/model.js';
import { portVlans } from './bridge-vlans.js';
import { ip } from './commands.js';
import type { HostModel } from './host-model.js';
import { freshLink, type Desired, type LinkWant } from './spec.js';

export function createVeth(name: string, p: { peer: string; ns?: string; mtu?: number }): Command {
  const mtu = p.mtu ? ['mtu', String(p.mtu)] : [];
  return ip(undefined, 'link', 'add', 'name', name, ...mtu, 'type', 'veth', 'peer', 'name', p.peer, ...mtu, ...(p.ns ? ['netns', p.ns] : []));
}

export function createTap(name: string): Command {
  return ip(undefined, 'tuntap', 'add', 'dev', name, 'mode', 'tap');
}

/** "Enslaves vm1 to br0 … and brings it up", or for an OVS bridge "Brings vm1 up (OVS adds it …)". */
function attachText(p: PortObj, linux: boolean): string {
  if (!linux) return `Brings ${p.name} up (OVS adds it to ${p.bridge} as a port)`;
  const { tag, trunk } = p.stmt;
  const list = trunk ? formatVlans(expandVlans(trunk.value)) : '';
  const vlan = tag && trunk ? `a trunk of ${list} with VLAN ${tag.value} untagged` : tag ? `an access port in VLAN ${tag.value}` : trunk ? `a trunk of ${list}` : '';
  return `Enslaves ${p.name} to ${p.bridge}${vlan ? ` as ${vlan} (\`bridge vlan\`)` : ''} and brings it up`;
}

export function ports(hm: HostModel, out: Desired): void {
  for (const p of hm.ports) {
    const s = p.stmt;
    const linux = hm.isLinuxBridge(p.bridge);
    const vlans = hm.filters(p.bridge) ? portVlans(s) : undefined;
    const mtu = s.mtu ? { mtu: s.mtu.value } : {};
    // The bridge-side link, configured the same way whoever made it.
    const own = (origin: LinkWant['origin'], fresh?: LinkWant['fresh']): LinkWant => ({
      name: p.name,
      origin,
      ...(fresh ? { fresh } : {}),
      ...mtu,
      ...(linux ? { master: p.bridge } : {}),
      ...(vlans ? { vlans } : {}),
      up: true,
    });
    const label = `port ${p.name} on ${p.bridge}`;
    if (p.type === 'veth' && s.peer) {
      const [ns, peer] = [s.peer.ns.value, s.peer.iface.value];
      // `address dhcp`: the lease is the DHCP driver's (src/backends/dhcp), and whatever address it got is not a difference.
      const addresses = s.address && s.address.value !== 'dhcp' ? [s.address.value] : undefined;
      out.devices.push({
        name: p.name,
        kind: 'veth',
        label: `veth ${p.name} (peer ${ns}:${peer})`,
        span: s.span,
        feature: 'veth',
        create: [createVeth(p.name, { peer, ns, ...mtu })],
        fixed: { peer: `${ns}:${peer}` },
        explain: `Creates a veth pair, a virtual cable: ${p.name} stays on the host for the bridge, ${peer} is born inside namespace ${ns}. What goes in one end comes out of the other.`,
      });
      out.wiring.push({
        label,
        span: s.span,
        device: p.name,
        explain: `${attachText(p, linux)}; inside ${ns}, ${peer} ${addresses ? `gets ${addresses[0]} and ` : ''}comes up, so the namespace is on the segment.`,
        links: [
          own('device', freshLink(p.name, { kind: 'veth', ...mtu })),
          { name: peer, ns, origin: 'device', fresh: freshLink(peer, { kind: 'veth', ...mtu }), ...mtu, ...(addresses ? { addresses } : {}), up: true },
        ],
      });
    } else if (p.type === 'tap') {
      out.devices.push({
        name: p.name,
        kind: 'tun',
        label: `tap ${p.name}`,
        span: s.span,
        feature: 'tun',
        create: [createTap(p.name)],
        fixed: { type: 'tap' },
        explain: `Creates the persistent tap device ${p.name}: a NIC whose other side is a file descriptor, where a VM (qemu -netdev tap,ifname=${p.name},script=no) plugs in.`,
      });
      out.wiring.push({ label, span: s.span, device: p.name, explain: `${attachText(p, linux)}: what the VM sends arrives on ${p.bridge}.`, links: [own('device', freshLink(p.name, { kind: 'tun' }))] });
    } else if (p.type === 'system') {
      // On an OVS bridge too: ovs-vsctl add-port takes a name that is no NIC and leaves it dead (ofport -1).
      out.needs.push({ name: p.name, why: `it is a port of ${linux ? '' : 'OVS '}bridge ${p.bridge}`, span: s.span });
      if (linux) out.wiring.push({ label, span: s.span, explain: `${attachText(p, linux)}.`, links: [own('existing')] });
    } else if (p.type === 'internal') {
      if (linux) continue; // refused before planning (VN004, option-combinations)
      out.wiring.push({
        label,
        span: s.span,
        explain: `Brings up the OVS internal port ${p.name}${s.address ? ` with ${s.address.value} on it, so the host talks on ${p.bridge}${s.tag ? ` in VLAN ${s.tag.value}` : ''}` : ''}.`,
        links: [{ name: p.name, origin: 'other', ...(s.address ? { addresses: [s.address.value] } : {}), up: true }],
      });
    }
  }
}
