/**
 * VN162 and VN163: which DHCP servers a client reaches. A client (`address dhcp` on a veth
 * port) and a server (`dhcp on BRIDGE [tag VID]`) are on the same segment when their bridge
 * and VLAN (the port's `tag`, else untagged) are one broadcast domain across tunnels that
 * carry that VLAN (segments.ts): DISCOVER is a broadcast, it goes no further.
 * VN162: a client on a segment no server is on (its lease would never come).
 * VN163: two servers on one segment (clients take whichever OFFER comes first).
 */
import { diag, type Diagnostic } from '../diagnostics.js';
import { hostKey, type DhcpObj, type PortObj } from '../model.js';
import { bridgeLabel, Segments, tunnelEdges } from '../segments.js';
import type { CheckRule } from './rule.js';

/** How messages name a segment: `br-c@hostB VLAN 10` or `br-c@hostB (untagged)`. */
export const segmentLabel = (host: string, bridge: string, vid: number): string => `${bridgeLabel(host, bridge)} ${vid ? `VLAN ${vid}` : '(untagged)'}`;

/** The VLAN a port's untagged frames land in: its access tag (native VLAN included), else untagged. */
export const portVid = (p: PortObj): number => p.stmt.tag?.value ?? 0;

/** The `address dhcp` ports of a model. */
export const dhcpClients = (ports: readonly PortObj[]): PortObj[] => ports.filter((p) => p.stmt.address?.value === 'dhcp' && p.type === 'veth' && p.stmt.peer);

/** The servers whose segment each key names (segments.id). */
export function serversBySegment(segments: Segments, servers: readonly DhcpObj[]): Map<string, DhcpObj[]> {
  const by = new Map<string, DhcpObj[]>();
  for (const s of servers) {
    const id = segments.id(hostKey(s.host, s.bridge), s.vid);
    by.set(id, [...(by.get(id) ?? []), s]);
  }
  return by;
}

/** VN162: a DHCP client no server reaches; VN163: two servers on one segment. */
export const dhcpSegments: CheckRule = {
  id: 'dhcp-segments',
  codes: ['VN162', 'VN163'],
  check({ model }) {
    const clients = dhcpClients(model.ports);
    if (clients.length === 0 && model.dhcps.length < 2) return [];
    const segments = new Segments(tunnelEdges(model.tunnels));
    const servers = serversBySegment(segments, model.dhcps);
    const out: Diagnostic[] = [];
    for (const p of clients) {
      const vid = portVid(p);
      if (servers.has(segments.id(hostKey(p.host, p.bridge), vid))) continue;
      const others = model.dhcps.map((s) => segmentLabel(s.host, s.bridge, s.vid));
      const peer = p.stmt.peer!;
      out.push(
        diag('VN162', p.stmt.address!.span, `'address dhcp' on ${peer.ns.value}:${peer.iface.value} (port '${p.name}' on ${segmentLabel(p.host, p.bridge, vid)}): no dhcp server is on this segment, so no lease would come`, {
          hint:
            others.length > 0
              ? `the dhcp servers are on ${others.slice(0, 3).join(', ')}${others.length > 3 ? ' …' : ''}: put one on this VLAN, or join the bridges with a tunnel that carries VLAN ${vid || '(untagged: no trunk list)'}`
              : `add 'dhcp on ${p.bridge}@${p.host}${vid ? ` tag ${vid}` : ''} address CIDR range FIRST-LAST', or give the port an address`,
        }),
      );
    }
    for (const group of servers.values()) {
      const [first, ...rest] = group;
      for (const s of rest) {
        out.push(
          diag('VN163', s.stmt.on?.span ?? s.stmt.span, `a second dhcp server on ${segmentLabel(s.host, s.bridge, s.vid)}, the segment of the one on ${segmentLabel(first!.host, first!.bridge, first!.vid)}: clients take whichever answers first`, {
            hint: 'keep one server per segment (or give them disjoint ranges of one subnet, knowing either may answer)',
            related: [{ span: first!.stmt.on?.span ?? first!.stmt.span, message: 'the first server on this segment' }],
          }),
        );
      }
    }
    return out;
  },
};
