/**
 * `ovn central HOST` and `ovn chassis HOST …`: OVN's control plane (LANGUAGE.md §9). One
 * statement keyword, two kinds: the host whose northbound database vsh writes, and the
 * hosts whose ovn-controller realizes what is written there.
 */
import type { OvnCentralStmt, OvnChassisStmt, OvnEncap } from '../lang/ast.js';
import type { Build, Kind } from './kind.js';

export const buildOvn: Build = (b, base) => {
  const host = b.spanned(b.token('AnyName')!);
  if (b.token('Kw_central')) {
    b.rejectOptions(['encap', 'mapping'], "to 'ovn central' (they describe a chassis)");
    return { kind: 'ovn-central', ...base, host };
  }
  return { kind: 'ovn-chassis', ...base, host, encap: b.text<OvnEncap>('encap'), mappings: b.pairs('mapping') ?? [] };
};

export const ovnCentral: Kind<OvnCentralStmt> = {
  place(s, r) {
    if (r.declare('ovn central', `'ovn central'`, s, s.host.span)) r.place({ stmt: s, host: s.host.value });
  },
  resolve({ stmt: s }, r) {
    if (r.knownHost(s.host.value, s.host.span)) r.model.ovn.central = { host: s.host.value, stmt: s };
  },
  concept: (s) =>
    `${s.host.value} is OVN's central: it runs the northbound database (the logical topology vsh writes: switches, routers, ports), ovn-northd (which compiles it into logical flows) and the southbound database that every chassis's ovn-controller reads. vsh writes the whole change of an apply to the northbound database as ONE ovn-nbctl transaction on ${s.host.value} instead of SSHing to every hypervisor.`,
  lower: ['ovn'],
  example: 'ovn central hostA',
};

export const ovnChassis: Kind<OvnChassisStmt> = {
  place(s, r) {
    if (r.declare(`ovn chassis ${s.host.value}`, `'ovn chassis ${s.host.value}'`, s, s.host.span)) r.place({ stmt: s, host: s.host.value });
  },
  // Unknown hosts are VN181 (ovn-hosts check): kept here so the check can name them.
  resolve({ stmt: s }, r) {
    r.model.ovn.chassis.set(s.host.value, s);
  },
  concept: (s) =>
    `Makes ${s.host.value} an OVN chassis: its ovn-controller is pointed at the central's southbound database (OVS external_ids ovn-remote), tunnels to the other chassis with ${(s.encap?.value ?? 'geneve').toUpperCase()} from its underlay address (ovn-encap-type, ovn-encap-ip), and turns the logical flows of the ports bound here into OpenFlow on br-int.${s.mappings.length ? ` ovn-bridge-mappings ${s.mappings.map((m) => `${m.key.value}:${m.value.value}`).join(',')} tells it which OVS bridge reaches each physical network, so a localnet port can put logical traffic on the wire there.` : ''}`,
  lower: ['ovn'],
  example: 'ovn chassis hostB encap geneve mapping physnet:br-phy',
};
