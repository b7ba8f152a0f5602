/**
 * VN124 (warning): a tunnel's inner MTU plus its encapsulation overhead exceeds the
 * underlay MTU on the path (the smaller of the two ends'). Only an explicit inner MTU
 * counts (`mtu` on an end's bridge): with none, the user has not asked for a size.
 * The underlay MTU of a host, first found wins:
 *   1. facts `underlayMtu` (a backend that measured the underlay interface);
 *   2. facts `mtu` of facts `underlayIface` (a backend that knows which interface it is);
 *   3. the bridge on the host whose `address` subnet holds the underlay address (the
 *      lab's br-phy shape): its explicit `mtu`, else facts `mtu` of that bridge;
 *   4. 1500, said to be assumed.
 */
import type { HostStmt, TunnelType } from '../ast.js';
import { diag, type Diagnostic, type Related, type Span } from '../diagnostics.js';
import { hostKey, type BridgeObj, type Model, type TunnelObj } from '../model.js';
import { inSubnet, parseCidr, parseIpv4 } from '../ip.js';
import { bridgeLabel, tunnelLabel } from '../segments.js';
import type { CheckInput, CheckRule, HostFacts } from './rule.js';
import { underlayAddress } from './tunnel-underlay.js';

/** Facts a backend may add to HostFacts about the underlay (see the order above). */
export interface UnderlayFacts extends HostFacts {
  /** The MTU of the interface that holds the underlay address, measured on the host. */
  underlayMtu?: number;
  /** The name of that interface, looked up in `mtu`. */
  underlayIface?: string;
}

/** Bytes added to each inner Ethernet frame over IPv4 (outer IP + tunnel header + inner Ethernet). */
export function overhead(type: TunnelType, keyed: boolean): number {
  return type === 'gre' ? 38 + (keyed ? 4 : 0) : 50;
}

/** An MTU and where it came from (for the message). */
export interface UnderlayMtu {
  value: number;
  source: string;
  span?: Span;
}

/** The MTU of a host's underlay, in the order of the file comment (`bridges`: those on the host). */
export function underlayMtu(host: HostStmt, bridges: readonly BridgeObj[], f: UnderlayFacts | undefined): UnderlayMtu {
  const name = host.name.value;
  if (f?.underlayMtu) return { value: f.underlayMtu, source: `measured on ${name}` };
  const named = f?.underlayIface && f.mtu?.get(f.underlayIface);
  if (named) return { value: named, source: `${f.underlayIface} on ${name}` };
  const ip = underlayAddress(host);
  const addr = ip ? parseIpv4(ip.value) : undefined;
  for (const b of addr === undefined ? [] : bridges) {
    const net = b.stmt.address && parseCidr(b.stmt.address.value);
    if (!net || !inSubnet(addr!, net)) continue;
    if (b.stmt.mtu) return { value: b.stmt.mtu.value, source: `mtu of ${bridgeLabel(name, b.name)}`, span: b.stmt.mtu.span };
    const live = f?.mtu?.get(b.name);
    if (live) return { value: live, source: `${b.name} on ${name}` };
  }
  return { value: 1500, source: `assumed 1500 on ${name}` };
}

/** Each host's underlay MTU, worked out once per host. */
function underlayMtus(model: Model, facts: CheckInput['facts']): (host: string) => UnderlayMtu {
  const bridges = new Map<string, BridgeObj[]>();
  for (const b of model.bridges.values()) {
    const list = bridges.get(b.host);
    if (list) list.push(b);
    else bridges.set(b.host, [b]);
  }
  const known = new Map<string, UnderlayMtu>();
  return (host) => {
    let m = known.get(host);
    if (!m) {
      const h = model.hosts.get(host);
      m = h ? underlayMtu(h, bridges.get(host) ?? [], facts?.get(host)) : { value: 1500, source: `assumed 1500 on ${host}` };
      known.set(host, m);
    }
    return m;
  };
}

function checkTunnel(t: TunnelObj, model: Model, mtuOf: (host: string) => UnderlayMtu): Diagnostic | undefined {
  const inner = t.ends
    .map((e) => ({ e, mtu: model.bridges.get(hostKey(e.host, e.bridge))?.stmt.mtu }))
    .filter((x) => x.mtu)
    .sort((x, y) => y.mtu!.value - x.mtu!.value)[0];
  if (!inner) return undefined;
  const under = t.ends.map((e) => mtuOf(e.host)).sort((x, y) => x.value - y.value)[0]!;
  const extra = overhead(t.type, t.key !== undefined);
  const need = inner.mtu!.value + extra;
  if (need <= under.value) return undefined;
  const fits = under.value - extra;
  const bytes = `${extra} bytes of ${t.type}${t.type === 'gre' && t.key !== undefined ? ' (with key)' : ''} overhead`;
  const related: Related[] = [{ span: inner.mtu!.span, message: `inner MTU of ${bridgeLabel(inner.e.host, inner.e.bridge)}` }];
  if (under.span) related.push({ span: under.span, message: 'underlay MTU' });
  return diag(
    'VN124',
    t.stmt.span,
    `tunnel ${tunnelLabel(t)}: inner MTU ${inner.mtu!.value} (${bridgeLabel(inner.e.host, inner.e.bridge)}) + ${bytes} = ${need} exceeds the underlay MTU ${under.value} (${under.source})`,
    { hint: `set 'mtu ${fits}' (or less) on the tunnel's bridges, or raise the underlay MTU to ${need} or more`, related },
  );
}

/** VN124: explicit inner MTU + encapsulation overhead > underlay MTU. */
export const tunnelMtu: CheckRule = {
  id: 'tunnel-mtu',
  codes: ['VN124'],
  live: true,
  check({ model, facts }) {
    const mtuOf = underlayMtus(model, facts);
    return model.tunnels.flatMap((t) => checkTunnel(t, model, mtuOf) ?? []);
  },
};
