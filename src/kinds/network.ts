/** `network NAME [on HOST] mode …`: a libvirt virtual network; becomes the current network. */
import type { NetworkMode, NetworkStmt, OnOff } from '../lang/ast.js';
import { hostKey } from '../lang/model.js';
import type { Build, Kind } from './kind.js';

export const buildNetwork: Build = (b, base) => {
  const mode = b.text<NetworkMode>('mode');
  if (!mode) return undefined;
  return {
    kind: 'network', ...base, name: b.name(), on: b.onRef(), mode,
    bridge: b.text('bridge'), dev: b.text('dev'), subnet: b.text('subnet'), gateway: b.text('gateway'),
    dhcp: b.text('dhcp'), domain: b.text('domain'), virtualport: b.text<'openvswitch'>('virtualport'),
    stp: b.text<OnOff>('stp'), autostart: b.text<OnOff>('autostart'),
  };
};

export const network: Kind<NetworkStmt> = {
  referable: true,
  place(s, r) {
    const ctx = r.ctx;
    const host = r.hostOf(s, 'network');
    if (!host) return;
    r.setContext({ host, network: s.name.value, ...(ctx.host === host ? { bridge: ctx.bridge } : {}) });
    if (r.declare(`network ${host}/${s.name.value}`, `network '${s.name.value}' on ${host}`, s, s.name.span)) r.place({ stmt: s, host });
  },
  resolve({ stmt: s, host }, r) {
    if (r.knownHost(host!, r.hostSpan(s))) r.model.networks.set(hostKey(host!, s.name.value), { stmt: s, host: host!, name: s.name.value });
  },
  concept(s) {
    const mode = {
      nat: "In NAT mode libvirt makes a bridge with its own subnet, runs dnsmasq for DHCP and DNS, and masquerades guests' traffic behind the host's address: guests reach out, nothing reaches in (libvirt's \"default\" network).",
      route: `In routed mode guests get a subnet that the host routes${s.dev ? ` out of ${s.dev.value}` : ''} without NAT: guests are reachable from outside, provided the upstream router knows the route back.`,
      isolated: 'In isolated mode guests talk to each other and to the host only: no forwarding at all, ideal for a lab segment or a storage/back-end network.',
      bridge: `In bridge mode libvirt makes no bridge and no DHCP: guests are plugged into the existing bridge ${s.bridge?.value ?? ''}${s.virtualport ? ', an Open vSwitch bridge (virtualport openvswitch), where portgroups give guests VLANs that persist: libvirt re-applies them whenever a guest starts, unlike a tag set by hand on its vnet port' : ''}.`,
      hostdev: `In hostdev mode the network is a pool of SR-IOV virtual functions of ${s.dev?.value ?? 'a PF'}: each guest gets a VF passed through, bypassing the host's software switch entirely.`,
    }[s.mode.value];
    return `A libvirt virtual network is a named, persistent definition (network XML) that guests attach to by name. ${mode}${s.autostart?.value === 'on' ? ' Autostart brings it up with libvirtd.' : ''}`;
  },
  lower: ['libvirt'],
  example: 'network netx on hostA mode isolated bridge virbr77 subnet 10.79.0.1/24 dhcp 10.79.0.100-10.79.0.200',
  interfaceNames: (s) => [
    ...(s.bridge ? [[s.bridge, 'network bridge'] as [typeof s.name, string]] : []),
    ...(s.dev ? [[s.dev, 'network device'] as [typeof s.name, string]] : []),
  ],
  addresses: (s) => [[s.subnet, 'cidr'], [s.gateway, 'ipv4'], [s.dhcp, 'range']],
};
