/** `tunnel gre|vxlan|geneve END <-> END …`: an overlay link between the same bridge on two hosts. */
import type { CstNode } from 'chevrotain';
import type { Spanned, TunnelStmt, TunnelType } from '../lang/ast.js';
import { diag } from '../lang/diagnostics.js';
import { TUNNEL_TYPES } from '../lang/grammar.js';
import type { TunnelEnd } from '../lang/model.js';
import { closest } from '../lang/suggest.js';
import { expandVlans, formatVlans } from '../lang/vlans.js';
import type { Build, Kind } from './kind.js';

export const buildTunnel: Build = (b, base, node) => {
  const typeTok = b.token('AnyName')!;
  const refs = node.children.ref as CstNode[];
  if (!(TUNNEL_TYPES as readonly string[]).includes(typeTok.image)) {
    const guess = closest(typeTok.image, TUNNEL_TYPES);
    b.diagnostics.push(
      diag('VN001', b.span_(typeTok), `unknown tunnel type '${typeTok.image}': expected gre, vxlan or geneve`, {
        hint: guess ? `did you mean '${guess}'?` : undefined,
      }),
    );
    return undefined;
  }
  return {
    kind: 'tunnel', ...base, type: b.spanned(typeTok) as Spanned<TunnelType>,
    left: b.ref(refs[0]!), right: b.ref(refs[1]!), on: b.onRef(),
    trunk: b.vlist('trunk'), key: b.int('key'), vni: b.int('vni'), dstport: b.int('dstport'),
    portName: b.text('name'),
  };
};

const TUNNEL_OVERHEAD: Record<TunnelType, string> = {
  gre: 'GRE adds 38 bytes per frame over IPv4 (42 with a key): 14 inner Ethernet, 20 outer IP, 4 GRE',
  vxlan: 'VXLAN adds 50 bytes per frame: 14 inner Ethernet, 8 VXLAN, 8 UDP, 20 outer IP',
  geneve: 'GENEVE adds 50 bytes per frame plus any options: 14 inner Ethernet, 8 GENEVE, 8 UDP, 20 outer IP',
};

export const tunnel: Kind<TunnelStmt> = {
  place(s, r) {
    if (s.on?.host) {
      r.report(
        diag('VN001', s.on.span, `a tunnel's 'on' names the bridge on both ends, without '@HOST'`, {
          hint: `write 'on ${s.on.name.value}', or give the ends as ${s.on.name.value}@HOST`,
        }),
      );
      return;
    }
    const bridge = s.on?.name.value ?? r.ctx.bridge;
    const needsBridge = !s.left.host || !s.right.host;
    if (needsBridge && !bridge) return r.noContext(s.span, 'bridge', `add 'on BRIDGE', write the ends as BRIDGE@HOST, or declare the bridge first`);
    r.place({ stmt: s, ...(bridge ? { bridge } : {}) });
  },
  resolve({ stmt: s, bridge: current }, r) {
    const ends: TunnelEnd[] = [];
    for (const [end, other] of [
      [s.left, s.right],
      [s.right, s.left],
    ] as const) {
      const host = end.host?.value ?? end.name.value;
      const bridge = end.host ? end.name.value : current!;
      const peer = other.host?.value ?? other.name.value;
      if (!r.knownHost(host, end.host?.span ?? end.name.span)) continue;
      if (!r.knownBridge(host, bridge, end.span, 'VN121', ` (tunnel end)`)) continue;
      ends.push({ host, bridge, portName: s.portName?.value ?? `${s.type.value}-${peer}`, span: end.span });
    }
    if (ends.length !== 2) return;
    const key = s.key?.value ?? s.vni?.value;
    r.model.tunnels.push({ stmt: s, type: s.type.value, ends: [ends[0]!, ends[1]!], ...(key !== undefined ? { key } : {}) });
  },
  concept(s) {
    const kind = {
      gre: 'GRE wraps whole Ethernet frames in IP (protocol 47, no UDP port): simple and widely supported, but it has no entropy for ECMP load-spreading and some firewalls drop it',
      vxlan: 'VXLAN wraps Ethernet frames in UDP (port 4789): NICs offload it, ECMP spreads it, and its 24-bit VNI separates up to 16 million segments',
      geneve: "GENEVE wraps Ethernet frames in UDP (port 6081) with extensible options: the encapsulation OVN uses, VXLAN's successor",
    }[s.type.value];
    const trunk = s.trunk
      ? `It carries VLANs ${formatVlans(expandVlans(s.trunk.value))} only, with their tags, so the same VLAN on both hosts becomes one layer-2 segment while other VLANs stay home.`
      : 'It carries every VLAN of the bridge.';
    const id = s.key ?? s.vni;
    return `A tunnel stretches a bridge across hosts: frames are encapsulated on one host and unwrapped on the other, so machines on different hosts share a layer-2 segment. ${kind}. ${trunk}${id ? ` The ${s.type.value === 'gre' ? 'key' : 'VNI'} ${id.value} keeps this tunnel's traffic apart from others between the same hosts.` : ''} Cost: ${TUNNEL_OVERHEAD[s.type.value]}, so inner MTU + overhead must fit the underlay's MTU (or frames are fragmented or dropped).`;
  },
  lower: ['ovs', 'linux'],
  example: 'tunnel vxlan hostA<->hostB on br-int vni 77 trunk 10',
  interfaceNames: (s) => (s.portName ? [[s.portName, 'tunnel port']] : []),
  vlans: (s) => ({ ids: [], lists: s.trunk ? [s.trunk.value] : [] }),
};
