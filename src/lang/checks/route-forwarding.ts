/** VN166: a route whose next hop is a namespace that does not forward sends traffic between subnets into a dead end. */
import { diag, type Diagnostic } from '../diagnostics.js';
import { endpointsOf } from '../endpoints.js';
import { parseIpv4 } from '../ip.js';
import type { CheckRule } from './rule.js';

export const routeForwarding: CheckRule = {
  id: 'route-forwarding',
  codes: ['VN166'],
  check({ model }) {
    const endpoints = [...endpointsOf(model).values()].filter((e) => e.kind !== 'host');
    const out: Diagnostic[] = [];
    for (const r of model.routes) {
      const via = parseIpv4(r.stmt.via.value);
      const router = endpoints.find((e) => e.ifaces.some((i) => i.cidr?.address === via));
      if (!router || router.forwards) continue;
      const from = r.ns === undefined ? `host ${r.host}` : `${r.ns}@${r.host}`;
      out.push(
        diag('VN166', r.stmt.via.span, `traffic from ${from} to ${r.dest} is routed through namespace ${router.name}@${router.host}, which does not forward: ${from} -> ${router.name} -> ${r.dest} ends at ${router.name}`, {
          hint: `add 'forward on' to 'namespace ${router.name}'`,
        }),
      );
    }
    return out;
  },
};
