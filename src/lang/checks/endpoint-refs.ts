/** VN160: `route … in` and `nat … in` name an endpoint something creates on that host (a declared namespace or a port's peer namespace). */
import { diag, type Diagnostic } from '../diagnostics.js';
import { endpointsOf } from '../endpoints.js';
import { hostKey } from '../model.js';
import { closest } from '../suggest.js';
import type { CheckRule } from './rule.js';

export const endpointRefs: CheckRule = {
  id: 'endpoint-refs',
  codes: ['VN160'],
  check({ model }) {
    const endpoints = endpointsOf(model);
    const out: Diagnostic[] = [];
    const uses = [
      ...model.routes.flatMap((r) => (r.ns !== undefined && r.stmt.in ? [{ host: r.host, ns: r.ns, span: r.stmt.in.name.span, what: 'route' }] : [])),
      ...model.nats.map((n) => ({ host: n.host, ns: n.ns, span: n.stmt.in.name.span, what: 'nat' })),
    ];
    for (const u of uses) {
      const e = endpoints.get(hostKey(u.host, u.ns));
      if (e && e.kind !== 'host') continue;
      const here = [...endpoints.values()].filter((x) => x.host === u.host && x.kind !== 'host').map((x) => x.name);
      const guess = closest(u.ns, here);
      const elsewhere = [...endpoints.values()].find((x) => x.name === u.ns && x.kind !== 'host');
      out.push(
        diag('VN160', u.span, `${u.what} … in '${u.ns}': nothing creates a namespace '${u.ns}' on ${u.host}`, {
          hint: guess
            ? `did you mean '${guess}'?`
            : elsewhere
              ? `'${u.ns}' is on ${elsewhere.host}: write '${u.ns}@${elsewhere.host}'`
              : `declare it ('namespace ${u.ns} on ${u.host}') or give a port 'peer ${u.ns}:IFNAME'`,
        }),
      );
    }
    return out;
  },
};
