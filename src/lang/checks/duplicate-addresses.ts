/**
 * VN132: the same IP address twice in one layer-2 segment. Addresses that sit in a
 * bridge's broadcast domain: a bridge's own `address` (untagged), and a port's `address`
 * when the port is `internal` (on the port) or `veth` (on the peer in the namespace), in
 * the port's VLAN (`tag`, else untagged). A `system`/`tap` port's address is not in the
 * bridge's domain (the enslaved NIC's IP is not bridged), so it does not count.
 * Segments follow tunnels that carry the VLAN (segments.ts). Only the address part is
 * compared: 10.0.0.1/24 and 10.0.0.1/16 clash.
 */
import type { Spanned, Statement } from '../ast.js';
import { diag, type Diagnostic } from '../diagnostics.js';
import { parseCidr } from '../ip.js';
import { hostKey, type PortObj } from '../model.js';
import { bridgeLabel, Segments, tunnelEdges } from '../segments.js';
import type { CheckRule } from './rule.js';

/** An address in a segment: on a bridge itself, or on (the peer of) one of its ports. */
interface Placed {
  stmt: Statement;
  address: Spanned<string>;
  host: string;
  bridge: string;
  vid: number;
  port?: PortObj;
}

/** How the message names the interface that holds the address (built only when reporting). */
function owner(x: Placed): string {
  const on = bridgeLabel(x.host, x.bridge);
  const p = x.port;
  if (x.stmt.kind === 'dhcp') return `the dhcp server on ${on}${x.vid ? ` VLAN ${x.vid}` : ''}`;
  if (!p) return `bridge ${on}`;
  const peer = p.type === 'veth' ? p.stmt.peer : undefined;
  return peer ? `veth peer ${peer.ns.value}:${peer.iface.value} of port '${p.name}' on ${on}` : `port '${p.name}' on ${on}`;
}

/** VN132: two interfaces in one bridge+VLAN segment (across tunnels) with the same address. */
export const duplicateAddresses: CheckRule = {
  id: 'duplicate-addresses',
  codes: ['VN132'],
  check({ statements, model }) {
    const placed: Placed[] = [];
    for (const b of model.bridges.values()) {
      if (b.stmt.address) placed.push({ stmt: b.stmt, address: b.stmt.address, host: b.host, bridge: b.name, vid: 0 });
    }
    for (const p of model.ports) {
      const { address, tag } = p.stmt;
      if (address && (p.type === 'veth' || p.type === 'internal'))
        placed.push({ stmt: p.stmt, address, host: p.host, bridge: p.bridge, vid: tag?.value ?? 0, port: p });
    }
    // A DHCP server's own address sits on its segment like an internal port's.
    for (const d of model.dhcps) placed.push({ stmt: d.stmt, address: d.stmt.address, host: d.host, bridge: d.bridge, vid: d.vid });
    if (placed.length < 2) return [];
    const segments = new Segments(tunnelEdges(model.tunnels));
    const groups = new Map<string, Placed[]>();
    for (const x of placed) {
      const cidr = parseCidr(x.address.value);
      if (!cidr) continue;
      const key = `${segments.id(hostKey(x.host, x.bridge), x.vid)} ${cidr.address}`;
      const group = groups.get(key);
      if (group) group.push(x);
      else groups.set(key, [x]);
    }
    const clashes = [...groups.values()].filter((g) => g.length > 1);
    if (clashes.length === 0) return [];
    const order = new Map(statements.map((s, i) => [s, i]));
    const out: Diagnostic[] = [];
    for (const group of clashes) {
      const [first, ...rest] = group.sort((a, b) => (order.get(a.stmt) ?? 0) - (order.get(b.stmt) ?? 0));
      for (const x of rest) {
        const ip = x.address.value.split('/')[0];
        const vlan = x.vid ? `VLAN ${x.vid}` : 'untagged';
        out.push(
          diag('VN132', x.address.span, `address ${ip} of ${owner(x)} is already used by ${owner(first!)}, in the same layer-2 segment (${vlan})`, {
            hint: 'give each interface in a segment its own address',
            related: [{ span: first!.address.span, message: `${ip} first used here` }],
          }),
        );
      }
    }
    return out;
  },
};
