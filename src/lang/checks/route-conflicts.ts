/** VN167: one namespace (or host) has one route per destination: two default routes, or one destination via two next hops, cannot both be installed. */
import { diag, type Diagnostic } from '../diagnostics.js';
import { endpointKey } from '../endpoints.js';
import type { RouteObj } from '../model.js';
import type { CheckRule } from './rule.js';

export const routeConflicts: CheckRule = {
  id: 'route-conflicts',
  codes: ['VN167'],
  check({ model }) {
    const first = new Map<string, RouteObj>();
    const out: Diagnostic[] = [];
    for (const r of model.routes) {
      const key = `${endpointKey(r.host, r.ns)}|${r.dest}`;
      const had = first.get(key);
      if (!had) {
        first.set(key, r);
        continue;
      }
      const where = r.ns === undefined ? `host ${r.host}` : `namespace ${r.ns} on ${r.host}`;
      out.push(
        diag('VN167', r.stmt.dest.span, `${r.dest === 'default' ? 'a second default route' : `a second route to ${r.dest}`} in ${where}: via ${r.stmt.via.value} here, via ${had.stmt.via.value} before`, {
          related: [{ span: had.stmt.span, message: 'the first one' }],
          hint: 'keep one next hop per destination (the kernel installs only one)',
        }),
      );
    }
    return out;
  },
};
