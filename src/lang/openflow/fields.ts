/**
 * The match fields of ovs-fields(7) that vsh validates offline, as ovs-ofctl reads them:
 * each field's value shape, its prerequisite (the protocol the match must name first, e.g.
 * `nw_src` needs `ip` or `arp`) and the spelling ovs-ofctl prints it with. The shorthands
 * (`ip`, `tcp`, `arp` …) set the Ethernet type and IP protocol that the prerequisites test.
 */

/** How a field's value is written. */
export type ValueShape =
  | { kind: 'port' } // a number, a port name, or LOCAL/IN_PORT/CONTROLLER/NONE …
  | { kind: 'mac' } // MAC, optionally /MASK
  | { kind: 'ipv4' } // A.B.C.D, A.B.C.D/N or A.B.C.D/MASK
  | { kind: 'ipv6' }
  | { kind: 'int'; bits: number; masked?: boolean } // decimal or 0xHEX, optionally /MASK
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'flags'; values: readonly string[] }; // +a-b or a|b

/** What protocol a field needs before it: an Ethernet type, or an IP protocol over IPv4/IPv6. */
export type Prereq =
  | { eth: readonly number[]; what: string }
  | { ipProto: readonly number[]; eth: readonly number[]; what: string };

export interface FieldSpec {
  shape: ValueShape;
  prereq?: Prereq;
  /** The name ovs-ofctl prints (aliases map to it). */
  canonical?: string;
}

export const ETH = { ip: 0x0800, arp: 0x0806, rarp: 0x8035, ipv6: 0x86dd, mpls: 0x8847, mplsm: 0x8848 } as const;
export const PROTO = { icmp: 1, tcp: 6, udp: 17, sctp: 132, icmp6: 58 } as const;

/** A shorthand: the Ethernet type and IP protocol it stands for. */
export interface Shorthand {
  eth?: number;
  proto?: number;
}

/** `ip`, `tcp6` …: ovs-fields(7) "Shorthand notation". */
export const SHORTHANDS: Readonly<Record<string, Shorthand>> = {
  eth: {},
  ip: { eth: ETH.ip },
  ipv4: { eth: ETH.ip },
  icmp: { eth: ETH.ip, proto: PROTO.icmp },
  tcp: { eth: ETH.ip, proto: PROTO.tcp },
  udp: { eth: ETH.ip, proto: PROTO.udp },
  sctp: { eth: ETH.ip, proto: PROTO.sctp },
  igmp: { eth: ETH.ip, proto: 2 },
  arp: { eth: ETH.arp },
  rarp: { eth: ETH.rarp },
  ipv6: { eth: ETH.ipv6 },
  icmp6: { eth: ETH.ipv6, proto: PROTO.icmp6 },
  tcp6: { eth: ETH.ipv6, proto: PROTO.tcp },
  udp6: { eth: ETH.ipv6, proto: PROTO.udp },
  sctp6: { eth: ETH.ipv6, proto: PROTO.sctp },
  mpls: { eth: ETH.mpls },
  mplsm: { eth: ETH.mplsm },
};

const IP4 = [ETH.ip];
const IP46 = [ETH.ip, ETH.ipv6];
const ARP = [ETH.arp, ETH.rarp];
const int = (bits: number, masked = false): ValueShape => ({ kind: 'int', bits, masked });
const needIp: Prereq = { eth: IP46, what: "'ip' or 'ipv6'" };
const needIp4Arp: Prereq = { eth: [...IP4, ...ARP], what: "'ip' or 'arp'" };
const needArp: Prereq = { eth: ARP, what: "'arp'" };
const needIpv6: Prereq = { eth: [ETH.ipv6], what: "'ipv6'" };
const l4 = (protos: number[], what: string): Prereq => ({ ipProto: protos, eth: IP46, what });

const CT_STATES = ['new', 'est', 'rel', 'rpl', 'inv', 'trk', 'snat', 'dnat'] as const;
const TCP_FLAGS = ['fin', 'syn', 'rst', 'psh', 'ack', 'urg', 'ece', 'cwr', 'ns'] as const;

/** Every field vsh knows, by every name ovs-ofctl accepts for it. */
export const FIELDS: Readonly<Record<string, FieldSpec>> = {
  in_port: { shape: { kind: 'port' } },
  in_port_oxm: { shape: { kind: 'port' } },
  dl_src: { shape: { kind: 'mac' } },
  dl_dst: { shape: { kind: 'mac' } },
  eth_src: { shape: { kind: 'mac' }, canonical: 'dl_src' },
  eth_dst: { shape: { kind: 'mac' }, canonical: 'dl_dst' },
  dl_type: { shape: int(16) },
  eth_type: { shape: int(16), canonical: 'dl_type' },
  dl_vlan: { shape: int(12) },
  dl_vlan_pcp: { shape: int(3) },
  vlan_vid: { shape: int(13, true) },
  vlan_pcp: { shape: int(3) },
  vlan_tci: { shape: int(16, true) },
  nw_src: { shape: { kind: 'ipv4' }, prereq: needIp4Arp },
  nw_dst: { shape: { kind: 'ipv4' }, prereq: needIp4Arp },
  ip_src: { shape: { kind: 'ipv4' }, prereq: { eth: IP4, what: "'ip'" }, canonical: 'nw_src' },
  ip_dst: { shape: { kind: 'ipv4' }, prereq: { eth: IP4, what: "'ip'" }, canonical: 'nw_dst' },
  nw_proto: { shape: int(8), prereq: { eth: [...IP46, ...ARP], what: "'ip', 'ipv6' or 'arp'" } },
  ip_proto: { shape: int(8), prereq: needIp, canonical: 'nw_proto' },
  nw_tos: { shape: int(8), prereq: needIp },
  ip_dscp: { shape: int(6), prereq: needIp },
  nw_ecn: { shape: int(2), prereq: needIp },
  ip_ecn: { shape: int(2), prereq: needIp, canonical: 'nw_ecn' },
  nw_ttl: { shape: int(8), prereq: needIp },
  nw_frag: { shape: { kind: 'enum', values: ['no', 'yes', 'first', 'later', 'not_later'] }, prereq: needIp },
  ip_frag: { shape: { kind: 'enum', values: ['no', 'yes', 'first', 'later', 'not_later'] }, prereq: needIp, canonical: 'nw_frag' },
  tp_src: { shape: int(16, true), prereq: l4([PROTO.tcp, PROTO.udp, PROTO.sctp], "'tcp', 'udp' or 'sctp'") },
  tp_dst: { shape: int(16, true), prereq: l4([PROTO.tcp, PROTO.udp, PROTO.sctp], "'tcp', 'udp' or 'sctp'") },
  tcp_src: { shape: int(16, true), prereq: l4([PROTO.tcp], "'tcp'") },
  tcp_dst: { shape: int(16, true), prereq: l4([PROTO.tcp], "'tcp'") },
  tcp_flags: { shape: { kind: 'flags', values: TCP_FLAGS }, prereq: l4([PROTO.tcp], "'tcp'") },
  udp_src: { shape: int(16, true), prereq: l4([PROTO.udp], "'udp'") },
  udp_dst: { shape: int(16, true), prereq: l4([PROTO.udp], "'udp'") },
  sctp_src: { shape: int(16, true), prereq: l4([PROTO.sctp], "'sctp'") },
  sctp_dst: { shape: int(16, true), prereq: l4([PROTO.sctp], "'sctp'") },
  icmp_type: { shape: int(8), prereq: { ipProto: [PROTO.icmp], eth: IP4, what: "'icmp'" } },
  icmp_code: { shape: int(8), prereq: { ipProto: [PROTO.icmp], eth: IP4, what: "'icmp'" } },
  icmpv6_type: { shape: int(8), prereq: { ipProto: [PROTO.icmp6], eth: [ETH.ipv6], what: "'icmp6'" } },
  icmpv6_code: { shape: int(8), prereq: { ipProto: [PROTO.icmp6], eth: [ETH.ipv6], what: "'icmp6'" } },
  arp_spa: { shape: { kind: 'ipv4' }, prereq: needArp },
  arp_tpa: { shape: { kind: 'ipv4' }, prereq: needArp },
  arp_sha: { shape: { kind: 'mac' }, prereq: needArp },
  arp_tha: { shape: { kind: 'mac' }, prereq: needArp },
  arp_op: { shape: int(16), prereq: needArp },
  ipv6_src: { shape: { kind: 'ipv6' }, prereq: needIpv6 },
  ipv6_dst: { shape: { kind: 'ipv6' }, prereq: needIpv6 },
  ipv6_label: { shape: int(20, true), prereq: needIpv6 },
  tun_id: { shape: int(64, true) },
  tunnel_id: { shape: int(64, true), canonical: 'tun_id' },
  tun_src: { shape: { kind: 'ipv4' } },
  tun_dst: { shape: { kind: 'ipv4' } },
  metadata: { shape: int(64, true) },
  pkt_mark: { shape: int(32, true) },
  skb_priority: { shape: int(32) },
  recirc_id: { shape: int(32) },
  conj_id: { shape: int(32) },
  ct_state: { shape: { kind: 'flags', values: CT_STATES } },
  ct_zone: { shape: int(16) },
  ct_mark: { shape: int(32, true) },
  ct_label: { shape: int(128, true) },
  actset_output: { shape: { kind: 'port' } },
  mpls_label: { shape: int(20), prereq: { eth: [ETH.mpls, ETH.mplsm], what: "'mpls'" } },
  mpls_tc: { shape: int(3), prereq: { eth: [ETH.mpls, ETH.mplsm], what: "'mpls'" } },
  mpls_bos: { shape: int(1), prereq: { eth: [ETH.mpls, ETH.mplsm], what: "'mpls'" } },
  ...Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`reg${i}`, { shape: int(32, true) }])),
  ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`xreg${i}`, { shape: int(64, true) }])),
};

/** Fields vsh writes itself from the statement's options, never inside `match`. */
export const STATEMENT_FIELDS: Readonly<Record<string, string>> = {
  table: "use the statement's 'table' option",
  priority: "use the statement's 'priority' option",
  cookie: 'vsh sets the cookie itself (it marks the project\'s flows)',
  actions: "write the actions in 'actions \"…\"'",
  idle_timeout: 'timeouts make a flow vanish on its own: vsh would re-add it on every apply',
  hard_timeout: 'timeouts make a flow vanish on its own: vsh would re-add it on every apply',
};

/** Port names ovs-ofctl reads as reserved OpenFlow ports. */
export const RESERVED_PORTS = ['LOCAL', 'IN_PORT', 'CONTROLLER', 'NONE', 'ANY', 'NORMAL', 'FLOOD', 'ALL', 'TABLE', 'UNSET', 'local', 'in_port', 'controller', 'none', 'any'];
