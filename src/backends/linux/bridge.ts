/**
 * `bridge NAME kind linux`: `ip link add name NAME [mtu N] type bridge [stp_state 0|1]
 * [vlan_filtering 1]`, its uplink enslaved, its address, and up. On an OVS bridge the
 * Linux driver only does the addressing (OVS makes the bridge and adds the uplink).
 */
import type { Command } from '../../exec/command.js';
import { carrierVlans } from './bridge-vlans.js';
import { ip } from './commands.js';
import type { HostModel } from './host-model.js';
import { freshLink, type Desired } from './spec.js';

export interface BridgeParams {
  mtu?: number;
  stp?: boolean;
  vlanFiltering?: boolean;
}

export function createBridge(name: string, p: BridgeParams): Command {
  return ip(
    undefined,
    'link', 'add', 'name', name,
    ...(p.mtu ? ['mtu', String(p.mtu)] : []),
    'type', 'bridge',
    ...(p.stp !== undefined ? ['stp_state', p.stp ? '1' : '0'] : []),
    ...(p.vlanFiltering ? ['vlan_filtering', '1'] : []),
  );
}

export function bridges(hm: HostModel, out: Desired): void {
  for (const b of hm.bridges) {
    const s = b.stmt;
    const addresses = s.address ? [s.address.value] : undefined;
    if (b.kind === 'ovs') {
      // OVS adds the uplink, but a NIC that is not there would only show as ofport -1: say so at plan.
      if (s.uplink) out.needs.push({ name: s.uplink.value, why: `it is the uplink of OVS bridge ${b.name}`, span: s.span });
      if (!addresses) continue;
      out.wiring.push({
        label: `bridge ${b.name} address ${addresses[0]}`,
        span: s.span,
        explain: `Puts ${addresses[0]} on the OVS bridge's own interface and brings it up, so the host itself talks on this segment (and, for an underlay bridge, sends its tunnels from here).`,
        links: [{ name: b.name, origin: 'other', addresses, up: true }],
      });
      continue;
    }
    const params: BridgeParams = {};
    if (s.mtu) params.mtu = s.mtu.value;
    if (s.stp) params.stp = s.stp.value === 'on';
    if (hm.filters(b.name)) params.vlanFiltering = true;
    out.devices.push({
      name: b.name,
      kind: 'bridge',
      label: `bridge ${b.name} (linux)`,
      span: s.span,
      feature: 'bridge',
      create: [createBridge(b.name, params)],
      fixed: {},
      explain: `Creates the Linux bridge ${b.name}, the kernel's own switch: it learns MACs and forwards frames between its ports${params.stp ? ', with spanning tree on to break loops' : ''}${params.vlanFiltering ? ', with VLAN filtering so that ports can be access or trunk ports' : ''}.`,
    });
    const uplink = s.uplink?.value;
    if (uplink) out.needs.push({ name: uplink, why: `it is the uplink of bridge ${b.name}`, span: s.span });
    out.wiring.push({
      label: `bridge ${b.name}${uplink ? ` uplink ${uplink}` : ''}${addresses ? ` address ${addresses[0]}` : ''}${uplink || addresses ? '' : ' up'}`,
      span: s.span,
      device: b.name,
      explain: `Brings ${b.name} up${uplink ? ` with ${uplink} enslaved as its uplink to the physical network` : ''}${addresses ? `, and gives the bridge ${addresses[0]} so the host is on the segment (its gateway, typically)` : ''}: a bridge that is down forwards nothing.`,
      links: [
        {
          name: b.name,
          origin: 'device',
          fresh: freshLink(b.name, { kind: 'bridge', ...(params.mtu ? { mtu: params.mtu } : {}), settings: { stp_state: params.stp ? 1 : 0, vlan_filtering: params.vlanFiltering ? 1 : 0 } }),
          ...params,
          ...(addresses ? { addresses } : {}),
          up: true,
        },
        ...(uplink
          ? [{ name: uplink, origin: 'existing' as const, master: b.name, up: true, ...(params.vlanFiltering ? { vlans: carrierVlans(undefined, hm.usedVlans(b.name)) } : {}) }]
          : []),
      ],
    });
  }
}
