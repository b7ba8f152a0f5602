/** `host NAME local|address IPV4 …`: a machine vsh manages; becomes the current host. */
import type { HostStmt, Datapath } from '../lang/ast.js';
import type { Build, Kind } from './kind.js';

export const buildHost: Build = (b, base) => ({
  kind: 'host', ...base, name: b.name(),
  local: b.flag('local'), address: b.text('address'), user: b.text('user'), port: b.int('port'),
  key: b.text('key'), knownHosts: b.text('known-hosts'), jump: b.text('jump'),
  underlay: b.text('underlay'), datapath: b.text<Datapath>('datapath'),
});

export const host: Kind<HostStmt> = {
  place(s, r) {
    if (r.declare(`host ${s.name.value}`, `host '${s.name.value}'`, s, s.name.span)) r.model.hosts.set(s.name.value, s);
    r.setContext({ host: s.name.value });
  },
  resolve() {
    // Declared while placing: hosts are what every other reference resolves against.
  },
  concept(s) {
    const reach = s.local
      ? 'vsh drives it directly, without SSH'
      : `vsh reaches it over SSH at ${s.address?.value ?? '?'} (as ${s.user?.value ?? 'your SSH user'}, host key always verified)`;
    const underlay = s.underlay ?? (s.local ? undefined : s.address);
    const dp =
      s.datapath?.value === 'netdev'
        ? ' Its OVS bridges use the userspace datapath (datapath_type=netdev): slower than the kernel module, but it works where the openvswitch module is absent, such as in containers and this lab.'
        : '';
    return `A host is a machine whose networking vsh manages; ${reach}. ${underlay ? `Tunnels to it are addressed to ${underlay.value}, its underlay (the network the overlays ride on).` : 'It has no underlay address, so it cannot end a tunnel until you give it one.'}${dp}`;
  },
  lower: 'none',
  example: 'host hostZ address 192.0.2.99 underlay 10.200.0.99',
  addresses: (s) => [[s.address, 'ipv4'], [s.underlay, 'ipv4']],
};
