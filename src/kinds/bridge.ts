/** `bridge NAME [on HOST] [kind ovs|linux] …`: a layer-2 switch; becomes the current bridge. */
import type { BridgeKind, BridgeStmt, OnOff } from '../lang/ast.js';
import { hostKey } from '../lang/model.js';
import type { Build, Kind } from './kind.js';

export const buildBridge: Build = (b, base) => ({
  kind: 'bridge', ...base, name: b.name(), on: b.onRef(),
  bridgeKind: b.text<BridgeKind>('kind'), mtu: b.int('mtu'), stp: b.text<OnOff>('stp'),
  address: b.text('address'), uplink: b.text('uplink'),
});

export const bridge: Kind<BridgeStmt> = {
  referable: true,
  place(s, r) {
    const ctx = r.ctx;
    const host = r.hostOf(s, 'bridge');
    if (!host) return;
    r.setContext({ host, bridge: s.name.value, ...(ctx.host === host ? { network: ctx.network } : {}) });
    if (r.declare(`bridge ${host}/${s.name.value}`, `bridge '${s.name.value}' on ${host}`, s, s.name.span)) r.place({ stmt: s, host });
  },
  resolve({ stmt: s, host }, r) {
    if (r.knownHost(host!, r.hostSpan(s)))
      r.model.bridges.set(hostKey(host!, s.name.value), { stmt: s, host: host!, name: s.name.value, kind: s.bridgeKind?.value ?? 'ovs' });
  },
  concept(s) {
    const ovs = (s.bridgeKind?.value ?? 'ovs') === 'ovs';
    const what = ovs
      ? 'An Open vSwitch bridge is a programmable layer-2 switch: ports can be access or trunk ports on VLANs, and tunnels (GRE, VXLAN, GENEVE) join it to the same bridge on other hosts.'
      : "A Linux bridge is the kernel's own layer-2 switch (iproute2: `ip link add … type bridge`): simple and everywhere, with VLAN filtering where the kernel has it.";
    const extras = [
      s.uplink ? `The NIC ${s.uplink.value} is enslaved to it as its uplink, so the bridge reaches the physical network; an IP that lived on the NIC belongs on the bridge now.` : '',
      s.address ? `The bridge itself gets ${s.address.value}, so the host can talk on this segment (the "bridge with an uplink and an IP on the bridge" recipe).` : '',
      s.stp?.value === 'on' ? 'Spanning tree is on: if links form a loop, STP blocks one instead of letting broadcasts circle forever.' : '',
      s.mtu ? `Its MTU is ${s.mtu.value}; frames bigger than that are dropped, so every port and tunnel on it must agree.` : '',
    ].filter(Boolean);
    return [what, ...extras].join(' ');
  },
  lower: ['ovs', 'linux'],
  example: 'bridge br-x on hostA kind linux address 10.77.0.1/24',
  interfaceNames: (s) => [[s.name, 'bridge'], ...(s.uplink ? [[s.uplink, 'uplink'] as [typeof s.uplink, string]] : [])],
  addresses: (s) => [[s.address, 'cidr']],
};
