/** VN165: a route's next hop (`via`) is on a subnet its namespace (or host) is connected to, or the kernel refuses it. */
import { diag, type Diagnostic } from '../diagnostics.js';
import { endpointKey, endpointsOf } from '../endpoints.js';
import { formatSubnet, inSubnet, parseIpv4 } from '../ip.js';
import type { CheckRule } from './rule.js';

export const routeNextHop: CheckRule = {
  id: 'route-next-hop',
  codes: ['VN165'],
  check({ model }) {
    const endpoints = endpointsOf(model);
    const out: Diagnostic[] = [];
    for (const r of model.routes) {
      const via = parseIpv4(r.stmt.via.value);
      const e = endpoints.get(endpointKey(r.host, r.ns));
      // Only where every interface's subnet is known: an address from elsewhere (DHCP, by hand) may well hold the next hop.
      if (via === undefined || !e || e.ifaces.length === 0 || e.ifaces.some((i) => !i.cidr)) continue;
      if (e.ifaces.some((i) => inSubnet(via, i.cidr!))) continue;
      const where = r.ns === undefined ? `host ${r.host}` : `namespace ${r.ns} on ${r.host}`;
      out.push(
        diag('VN165', r.stmt.via.span, `the next hop ${r.stmt.via.value} is on none of the subnets of ${where} (${e.ifaces.map((i) => formatSubnet(i.cidr!)).join(', ')}): it cannot be reached`, {
          hint: 'a next hop must be a router on a directly connected subnet; give it an address in one of them, or add the interface that reaches it',
        }),
      );
    }
    return out;
  },
};
