/** `namespace NAME [on HOST]`: a network namespace, the light-weight "guest". */
import type { NamespaceStmt } from '../lang/ast.js';
import { hostKey } from '../lang/model.js';
import type { Build, Kind } from './kind.js';
import { placeOnHost } from './place.js';

export const buildNamespace: Build = (b, base) => ({ kind: 'namespace', ...base, name: b.name(), on: b.onRef() });

export const namespace: Kind<NamespaceStmt> = {
  referable: true,
  place: (s, r) => placeOnHost(s, r, 'namespace', s.name),
  resolve({ stmt: s, host }, r) {
    if (r.knownHost(host!, r.hostSpan(s))) r.model.namespaces.set(hostKey(host!, s.name.value), { stmt: s, host: host!, name: s.name.value });
  },
  concept: () =>
    `A network namespace is a separate copy of the network stack (interfaces, addresses, routes) inside one host: the cheapest way to have a "guest" that can ping, as Mininet and containers do.`,
  lower: ['linux'],
  example: 'namespace nsx on hostA',
};
