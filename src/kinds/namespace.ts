/** `namespace NAME [on HOST]`: a network namespace, the light-weight "guest". */
import type { NamespaceStmt, OnOff } from '../lang/ast.js';
import { hostKey } from '../lang/model.js';
import type { Build, Kind } from './kind.js';
import { placeOnHost } from './place.js';

export const buildNamespace: Build = (b, base) => ({ kind: 'namespace', ...base, name: b.name(), on: b.onRef(), forward: b.text<OnOff>('forward') });

const FORWARD = {
  on: ' With forward on (net.ipv4.ip_forward=1 inside it) it is a router: a packet that arrives on one of its interfaces for an address elsewhere is sent on along its routes instead of dropped, which lets two subnets talk through it.',
  off: ' With forward off it never passes packets between its interfaces: an end host, even with a leg in two subnets.',
  unset: '',
};

export const namespace: Kind<NamespaceStmt> = {
  referable: true,
  place: (s, r) => placeOnHost(s, r, 'namespace', s.name),
  resolve({ stmt: s, host }, r) {
    if (r.knownHost(host!, r.hostSpan(s))) r.model.namespaces.set(hostKey(host!, s.name.value), { stmt: s, host: host!, name: s.name.value });
  },
  concept: (s) =>
    `A network namespace is a separate copy of the network stack (interfaces, addresses, routes) inside one host: the cheapest way to have a "guest" that can ping, as Mininet and containers do.${FORWARD[s.forward?.value ?? 'unset']}`,
  lower: ['linux', 'l3'],
  example: 'namespace nsx on hostA forward on',
};
