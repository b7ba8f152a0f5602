/**
 * Endpoints: where a route, a NAT rule or a ping can run on a host — a namespace or container it
 * declares, a namespace a port's `peer` makes, or the host itself — with the IPv4 interfaces the
 * model gives each. The one place that answers "does NS exist on HOST, and what subnets
 * does it have" for the checks.
 */
import type { Span } from './diagnostics.js';
import { parseCidr, type Cidr } from './ip.js';
import { hostKey, type HostKey, type Model } from './model.js';

export interface EndpointIface {
  /** The address as written, parsed; undefined when the interface has no address vsh knows. */
  cidr?: Cidr;
  span: Span;
}

export interface Endpoint {
  host: string;
  name: string;
  kind: 'namespace' | 'container' | 'peer' | 'host';
  ifaces: EndpointIface[];
  /** `forward on` (namespaces only). */
  forwards: boolean;
}

/** Every endpoint of the model, by `host/name` (a host's own endpoint is `host/host`). */
export function endpointsOf(model: Model): Map<HostKey, Endpoint> {
  const out = new Map<HostKey, Endpoint>();
  const at = (host: string, name: string, kind: Endpoint['kind']) => {
    const k = hostKey(host, name);
    let e = out.get(k);
    if (!e) out.set(k, (e = { host, name, kind, ifaces: [], forwards: false }));
    return e;
  };
  const iface = (v: { value: string; span: Span } | undefined, span: Span): EndpointIface => {
    const cidr = v && parseCidr(v.value);
    return cidr ? { cidr, span: v.span } : { span };
  };
  for (const name of model.hosts.keys()) at(name, name, 'host');
  for (const n of model.namespaces.values()) at(n.host, n.name, 'namespace').forwards = n.stmt.forward?.value === 'on';
  for (const c of model.containers.values()) at(c.host, c.name, 'container');
  for (const p of model.ports) {
    if (p.stmt.peer) at(p.host, p.stmt.peer.ns.value, 'peer').ifaces.push(iface(p.stmt.address, p.stmt.span));
    else if (p.type === 'internal' && p.stmt.address) at(p.host, p.host, 'host').ifaces.push(iface(p.stmt.address, p.stmt.span));
  }
  for (const b of model.bridges.values()) if (b.stmt.address) at(b.host, b.host, 'host').ifaces.push(iface(b.stmt.address, b.stmt.span));
  for (const v of model.vlans) if (v.stmt.address) at(v.host, v.host, 'host').ifaces.push(iface(v.stmt.address, v.stmt.span));
  return out;
}

/** The endpoint a statement's `in NS` (or its host, when absent) names. */
export const endpointKey = (host: string, ns: string | undefined): HostKey => hostKey(host, ns ?? host);
