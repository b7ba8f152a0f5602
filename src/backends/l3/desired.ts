/**
 * What layer 3 the model wants on one host, by namespace (`''` is the host's own): IPv4
 * forwarding, static routes and NAT rules.
 */
import type { HostView } from '../backend.js';
import type { Span } from '../../lang/diagnostics.js';
import { formatIpv4, formatSubnet, parseCidr } from '../../lang/ip.js';

/** A namespace name, or ROOT for the host itself. */
export const ROOT = '';

export interface WantedRoute {
  ns: string;
  /** `default` or a CIDR, as `ip -j route` prints it. */
  dest: string;
  via: string;
  dev?: string;
  span: Span;
}

export interface WantedNat {
  ns: string;
  out: string;
  source?: string;
  span: Span;
}

export interface L3Desired {
  forward: Map<string, { on: boolean; span: Span }>;
  routes: WantedRoute[];
  nats: WantedNat[];
  /** Namespaces whose vsh routes are all the model's: there, routes it no longer declares are removed. */
  ownedNamespaces: Set<string>;
}

/** A destination or source as the kernel and nft print it: the network address, a /32 as a plain address. */
export function canonical(cidr: string): string {
  const c = parseCidr(cidr);
  if (!c) return cidr;
  return c.prefix === 32 ? formatIpv4(c.address) : formatSubnet(c);
}

export function desiredL3(view: HostView): L3Desired {
  const m = view.model;
  const here = <T extends { host: string }>(xs: Iterable<T>) => [...xs].filter((x) => x.host === view.name);
  const forward = new Map<string, { on: boolean; span: Span }>();
  for (const n of here(m.namespaces.values())) if (n.stmt.forward) forward.set(n.name, { on: n.stmt.forward.value === 'on', span: n.stmt.span });
  const routes = here(m.routes).map((r) => ({ ns: r.ns ?? ROOT, dest: r.dest === 'default' ? 'default' : canonical(r.dest), via: r.stmt.via.value, ...(r.stmt.dev ? { dev: r.stmt.dev.value } : {}), span: r.stmt.span }));
  const nats = here(m.nats).map((n) => ({ ns: n.ns, out: n.stmt.out.value, ...(n.stmt.source ? { source: canonical(n.stmt.source.value) } : {}), span: n.stmt.span }));
  const ownedNamespaces = new Set([...here(m.namespaces.values()).map((n) => n.name), ...here(m.ports).flatMap((p) => (p.stmt.peer ? [p.stmt.peer.ns.value] : []))]);
  return { forward, routes, nats, ownedNamespaces };
}

/** Every namespace the driver reads on this host. */
export function namespacesOf(d: L3Desired): { routes: string[]; forward: string[]; nat: string[] } {
  return {
    routes: [...new Set([...d.routes.map((r) => r.ns), ...d.ownedNamespaces])],
    forward: [...d.forward.keys()],
    // Owned namespaces too: a project's table left where the model no longer declares NAT is removed.
    nat: [...new Set([...d.nats.map((n) => n.ns), ...d.ownedNamespaces])],
  };
}
